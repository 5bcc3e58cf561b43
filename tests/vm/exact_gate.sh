# The instructions clock, proven on 6.12 under TCG with icount.
# A/A: the quick suite's kernel part, two boots with different seeds, one
# vCPU as ci/compare-kernels uses for this clock (threads=2 cases share it):
# compare flags nothing, and most phase pairs have identical medians and are
# judged by the exact rule. With two vCPUs kmem_cache_bulk(256) takes one of
# two paths per boot (1716/1204 or 1876/1509 instructions), which a single
# boot a side cannot tell from a change (ci/README.md).
# A/B: bench/ci-instructions.json, one boot a side, the new side with
# inject_api=kmalloc inject_pct=2: exactly the kmalloc alloc phases are
# regressions, each marked exact; nothing else is flagged.
# Instruction counts are deterministic, so these are exact assertions; the
# one tolerance is compare's own (1 % threshold, 2-instruction floor).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

need_kernel 6.12
read -r _ _ kdir < <("$KMB_SOURCE_DIR/scripts/kernels" 6.12)
"$KMB_SOURCE_DIR/scripts/build-module" --kdir "$kdir" --out "$TMP/module" >/dev/null
boot() { # NAME SMP [APPEND] -- RUN-ARGS...
	local name=$1 smp=$2 args
	shift 2
	args=(--kernel 6.12 --clock instructions --smp "$smp" --module "$TMP/module/kmembench.ko"
		--runner "$KMB_BIN" --out "$TMP/$name")
	[ "$1" = -- ] || { args+=(--append "$1"); shift; }
	"$KMB_SOURCE_DIR/scripts/vm-run" "${args[@]}" "$@" -q -o result.json >"$TMP/$name.log" 2>&1 ||
		fail "boot $name failed: $(tail -n 5 "$TMP/$name.log")"
}

note "A/A: the quick suite's kernel part, seeds 1 and 2"
for seed in 1 2; do
	boot "quick-$seed" 1 -- run --suite bench/quick.json --filter 'kernel/*' --seed "$seed"
done
validate_schema "$TMP/quick-1/result.json"
expect_status 0 "$KMB_BIN" compare "$TMP/quick-1/result.json" "$TMP/quick-2/result.json" \
	--threshold 1 --format json -o "$TMP/aa.json"

note "A/B: ci-instructions, kmalloc +2 % on one side"
# Without vmalloc and kvmalloc: their frees take one of two paths per boot
# (kvmalloc 64 KiB: 1853 or 1768 instructions), which one boot a side cannot
# tell from a change; the default two boots a side can (ci/README.md).
slab_and_pages=(--filter 'kernel/k[mz]alloc/*' --filter 'kernel/kmem_cache*'
	--filter 'kernel/*pages/*' --filter 'kernel/krealloc/*')
boot base 1 -- run --suite bench/ci-instructions.json --seed 1 "${slab_and_pages[@]}"
boot new 1 'kmembench.inject_api=kmalloc kmembench.inject_pct=2' -- \
	run --suite bench/ci-instructions.json --seed 2 "${slab_and_pages[@]}"
expect_status 1 "$KMB_BIN" compare "$TMP/base/result.json" "$TMP/new/result.json" \
	--threshold 1 --format json -o "$TMP/ab.json"

"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/exact_gate.py" "$TMP/quick-1/result.json" "$TMP/aa.json" "$TMP/ab.json"
