# The device's rules: root only, one opener at a time, the module pinned
# while open; each refusal explained by the runner.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --runner "$KMB_BIN" --out "$TMP/$kernel" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/device.sh" >"$TMP/log"
	cat "$TMP/log"
	grep -qx "mode=crw-------" "$TMP/log" || fail "$kernel: /dev/kmembench is not mode 0600"
	grep -qx "nobody_exit=3" "$TMP/log" || fail "$kernel: non-root access not refused with 3"
	grep -q "^nobody_msg=.*permission denied.*root" "$TMP/log" || fail "$kernel: no clear message for non-root"
	grep -qx "nobody_info_exit=0" "$TMP/log" || fail "$kernel: info without the module failed for non-root"
	grep -qx "second_exit=3" "$TMP/log" || fail "$kernel: a second opener was not refused"
	grep -q "^second_msg=.*busy" "$TMP/log" || fail "$kernel: no clear message for a second opener"
	grep -qx "rmmod_while_open_exit=1" "$TMP/log" || fail "$kernel: rmmod succeeded while the device was open"
	grep -qx "rmmod_after_exit=0" "$TMP/log" || fail "$kernel: rmmod failed after the device was closed"
done
echo "device: ok"
