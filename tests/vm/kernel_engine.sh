# The kernel engine on both default kernels: the quick suite's kernel cases (every API,
# pattern and context) runs clean, every API gives finite figures, and the
# orderings any kernel must show hold (among them: kfree_sensitive frees no
# faster than kfree, one bulk call of 32 pages beats 32 single pages, page
# APIs given bytes hand out whole pages). Booted with init_on_alloc=0, which
# the Debian kernels turn on by default and which would zero kmalloc memory
# as kzalloc does. Live-object counters read 0 after the run.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in 6.1 6.12; do
	need_kernel "$kernel"
done
for kernel in 6.1 6.12; do
	out=$TMP/$kernel
	start=$(date +%s.%N)
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		--append init_on_alloc=0 -- run --suite bench/quick.json --filter 'kernel/*' --verify -o quick.json -q
	note "$kernel: quick suite boot to results in $(echo "$(date +%s.%N) - $start" | bc) s"
	validate_schema "$out/quick.json"
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/kernel_engine.py" "$out/quick.json"
done
echo "kernel_engine: ok"
