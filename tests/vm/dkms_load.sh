# The module DKMS built from the installed source loads and works: dkms
# add/build/install for Debian's 6.12 cloud kernel (tests/lib/dkms.sh), then
# scripts/vm-run boots that kernel with exactly that kmembench.ko and runs
# 'info' (which needs the loaded module for config_source "module") and one
# kmalloc case.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/dkms.sh"
need_dkms
need_kernel 6.12

release=$("$KMB_SOURCE_DIR/scripts/kernels" 6.12 | cut -d' ' -f1)
dkms_add
ko=$(dkms_build_install "$release")
note "dkms built $ko for $release; booting it"
"$KMB_SOURCE_DIR/scripts/vm-run" --kernel 6.12 --module "$ko" --runner "$KMB_BIN" --out "$TMP/vm" \
	-- run --suite bench/quick.json --filter 'kernel/kmalloc/size=64/*' -r 1 -o run.json ||
	fail "the DKMS-built module did not run in the guest (logs: $TMP/vm)"
"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/dkms_load.py" "$TMP/vm/run.json" "$release"
grep -q 'kmembench' "$TMP/vm/dmesg.log" || fail "no kmembench line in the guest's kernel log"
echo "dkms_load: all checks passed"
