# Kernels from source, a patch and its bisection: a git history of Debian's
# linux-source-6.12 (tests/lib/kernel_source.sh) where one commit adds
# about 25 instructions to SLUB's allocation fast path. Under the
# instructions clock, which is deterministic:
# - ci/compare-kernels --tree base against tip flags the slab-backed
#   allocation phases (kmalloc, kmem_cache) and nothing else (their free
#   phases, the bulk API that bypasses slab_alloc_node, the page allocator);
# - ci/bisect-kernel names that commit as the first bad one.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

grep -q -- '--clock' <<<"$("$KMB_SOURCE_DIR/scripts/vm-run" --help)" ||
	{ echo "SKIP: scripts/vm-run has no --clock instructions in this checkout"; exit "$SKIP"; }
need_kernel_source
need_warm_kernel_cache git
start=$EPOCHSECONDS
repo=$(kernel_test_repo)
note "test repository ready in $((EPOCHSECONDS - start)) s"
patch_commit=$(git -C "$repo" rev-parse kmb-tip~1)
user_head=$(git -C "$repo" rev-parse HEAD)
user_status=$(git -C "$repo" status --porcelain)
cases=(
	'kernel/kmalloc/size=64/gfp=KERNEL/*'
	'kernel/kmem_cache/size=64/*'
	'kernel/kmem_cache_bulk/size=64/*'
	'kernel/alloc_pages/order=0/gfp=KERNEL/pattern=pair/*'
)
filters=()
for c in "${cases[@]}"; do filters+=(--filter "$c"); done

note "compare-kernels --tree: kmb-base against kmb-tip"
start=$EPOCHSECONDS
rc=0
"$KMB_SOURCE_DIR/ci/compare-kernels" --tree "$repo" --base kmb-base --new kmb-tip \
	--clock instructions --suite "$KMB_SOURCE_DIR/bench/quick.json" "${filters[@]}" --boots 1 \
	--runner "$KMB_BIN" --out "$TMP/cmp" >"$TMP/cmp.stdout" 2>"$TMP/cmp.stderr" || rc=$?
note "compare took $((EPOCHSECONDS - start)) s"
[ $rc -eq 1 ] || fail "compare-kernels exited $rc, expected 1 (regression): $(tail -n 20 "$TMP/cmp.stderr")"
"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/kernel_patch.py" "$TMP/cmp/compare.json"

note "bisect-kernel between kmb-base and kmb-tip"
start=$EPOCHSECONDS
rc=0
# The allocation fast path and a control; not kmem_cache_bulk, whose free
# phase varies from boot to boot even in instructions.
bcases=(--case 'kernel/kmalloc/size=64/gfp=KERNEL/*' --case 'kernel/alloc_pages/order=0/gfp=KERNEL/pattern=pair/*')
"$KMB_SOURCE_DIR/ci/bisect-kernel" --tree "$repo" --good kmb-base --bad kmb-tip "${bcases[@]}" \
	--clock instructions --runner "$KMB_BIN" --out "$TMP/bisect" 2>"$TMP/bisect.stderr" || rc=$?
note "bisect took $((EPOCHSECONDS - start)) s"
[ $rc -eq 0 ] || fail "bisect-kernel exited $rc: $(tail -n 20 "$TMP/bisect.stderr")"
cat "$TMP/bisect/report.md"
grep -q "first bad commit: $patch_commit " "$TMP/bisect/report.md" ||
	fail "the report does not name $patch_commit as the first bad commit"
for f in steps.tsv reference.json bisect.log; do
	[ -s "$TMP/bisect/$f" ] || fail "bisect-kernel did not write $f"
done
leftover=$(find "$TMP/bisect" "$TMP/cmp" -maxdepth 1 -name '.*')
[ -z "$leftover" ] || fail "temporary files left in --out: $leftover"

note "the repository itself is untouched"
[ "$(git -C "$repo" rev-parse HEAD)" = "$user_head" ] || fail "HEAD of $repo moved"
[ "$(git -C "$repo" status --porcelain)" = "$user_status" ] || fail "the checkout of $repo changed"
# No worktree left, unless another run (another checkout's tests sharing the
# cache) holds the worktree's lock right now.
lockf=$KCACHE/worktrees/$(realpath "$repo" | sha256sum | cut -c1-16)-rev.lock
if flock -n "$lockf" true; then
	[ "$(git -C "$repo" worktree list | wc -l)" -eq 1 ] || fail "worktrees left: $(git -C "$repo" worktree list)"
fi
echo "kernel_patch: ok"
