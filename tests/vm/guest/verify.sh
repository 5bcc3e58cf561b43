# Guest side of tests/vm/verify.sh (busybox sh, module loaded): the verify
# suite with --verify; then, for each property, the module reloaded with
# verify_spoil=PROPERTY and one case where the property applies run again,
# which must fail naming it; then a name that is no property, which the
# module must refuse. Prints NAME_exit=STATUS per step.
suite=/files/verify_suite.json
kmembench run --suite "$suite" --verify -o verify.json -q
echo "suite_exit=$?"
for prop in zeroed keeps-contents contiguous aligned zone; do
	case $prop in
	zeroed) filter='kernel/kzalloc/size=64/*' ;;
	*) filter='kernel/krealloc/size=100/*/gfp=KERNEL/*' ;;
	esac
	rmmod kmembench && insmod /kmembench.ko verify_spoil="$prop" || {
		echo "spoil_${prop}_exit=load"
		continue
	}
	kmembench run --suite "$suite" --filter "$filter" --verify -q \
		-o "spoil-$prop.json" 2>"spoil-$prop.err"
	echo "spoil_${prop}_exit=$?"
done
rmmod kmembench
insmod /kmembench.ko verify_spoil=nosuch 2>/dev/null
echo "nosuch_exit=$?"
dmesg | grep -o 'verify_spoil=nosuch: no such property.*' >nosuch.txt
insmod /kmembench.ko
