# Guest side of tests/debug/detectors.sh (busybox sh): loads the test-only
# module with one deliberate bug ($1). The module refuses to stay loaded
# once the bug is done; what matters is the kernel log, which vm-run scans.
insmod /files/kmb_bugs.ko bug="$1"
echo "insmod_exit=$?"
