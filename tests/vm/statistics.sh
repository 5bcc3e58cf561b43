# Statistics that describe what they say (issue 13): on each test kernel,
# under the time clock with amortised runs beside the per-operation ones,
# means over every operation never exceed the wall time of the loop that
# ran them; on 6.12 under the instructions clock (one CPU, so that the
# count is this CPU's own), the same exactly and the harness at most 64
# instructions per operation. The checks are tests/vm/checks/op_statistics.py.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

suite=$KMB_SOURCE_DIR/tests/vm/statistics_suite.json
for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
done
for kernel in "${TEST_KERNELS[@]}"; do
	out=$TMP/$kernel
	note "$kernel: time clock, with --amortised"
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" "${KMB_VM_ARGS[@]}" \
		--out "$out" --file "$suite" -- run --suite /files/statistics_suite.json \
		--amortised -o time.json -q
	validate_schema "$out/time.json"
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/op_statistics.py" "$out/time.json" time --amortised
done
need_kernel 6.12
note "6.12: instructions clock, one CPU"
"$KMB_SOURCE_DIR/scripts/vm-run" --kernel 6.12 --runner "$KMB_BIN" --smp 1 --clock instructions \
	--out "$TMP/insn" --file "$suite" -- run --suite /files/statistics_suite.json -o insn.json -q
validate_schema "$TMP/insn/insn.json"
"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/op_statistics.py" "$TMP/insn/insn.json" instructions
echo "statistics: ok"
