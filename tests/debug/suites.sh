# The suites' kernel parts on the debug kernel (KASAN, KFENCE,
# SLUB_DEBUG_ON, DEBUG_VM, lockdep, kmemleak), each followed by a kmemleak
# scan: vm-run fails on any detector's report or leak. The quick suite
# always; the default suite's kernel part too with KMB_DEBUG_FULL=1 (it
# takes far longer under KASAN and TCG than this suite's budget allows).
# One repetition: every case's code paths run as in five, and the point
# here is the detectors, not the statistics (five took 13 min under load).
# The results are schema-valid and every case ran without error; the live
# counters read zero afterwards (the runner checks them at the end).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

k=$(debug_kernel)
suites=(quick)
[ "${KMB_DEBUG_FULL:-0}" != 1 ] || suites+=(default)
for suite in "${suites[@]}"; do
	note "the $suite suite's kernel part on $k"
	start=$EPOCHSECONDS
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$k" "${DEBUG_VM_ARGS[@]}" --runner "$KMB_BIN" \
		--timeout 3600 --out "$TMP/out" -- run --suite "bench/$suite.json" --filter 'kernel/*' \
		--repetitions 1 -o "$suite.json" -q || fail "$suite: vm-run exited $? (4: a detector's report, a leak or a crash)"
	note "$suite: boot to results in $((EPOCHSECONDS - start)) s"
	validate_schema "$TMP/out/$suite.json"
	"$PY" "$KMB_SOURCE_DIR/tests/debug/check_run.py" "$TMP/out/$suite.json"
	[ -z "${KMB_DEBUG_KEEP:-}" ] || cp "$TMP/out/$suite.json" "$KMB_DEBUG_KEEP/"
done
echo "suites: ok"
