# SIGINT and SIGKILL during a long kernel case: the case stops quickly, the
# partial result is written and marked, nothing stays allocated, and the
# device opens again at once.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
	out=$TMP/$kernel
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --runner "$KMB_BIN" --out "$out" \
		--script "$KMB_SOURCE_DIR/tests/vm/guest/interrupt.sh" -- "${KMB_INTERRUPT_WAIT_S:-1}" >"$TMP/log"
	cat "$TMP/log"
	grep -qx "sigint_exit=130" "$TMP/log" || fail "$kernel: SIGINT did not end the run with 130"
	grep -qx "sigkill_exit=137" "$TMP/log" || fail "$kernel: SIGKILL exit status"
	grep -qx "reopen_exit=0" "$TMP/log" || fail "$kernel: device did not reopen after SIGKILL"
	[ ! -e "$out/sigkill.json" ] || fail "$kernel: a killed run left a result file"
	compgen -G "$out/*.tmp.*" >/dev/null && fail "$kernel: a temporary file was left behind"
	validate_schema "$out/sigint.json"
	stop=$(sed -n 's/^sigint_stop_s=//p' "$TMP/log")
	# shellcheck disable=SC2086 # $stop is two numbers: when the signal came, when it stopped
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/interrupt.py" "$out/sigint.json" "$out/after-kill.json" \
		"${KMB_INTERRUPT_STOP_MS:-100}" $stop
done
echo "interrupt: ok"
