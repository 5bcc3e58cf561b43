# A bisection that meets a revision that does not build: the test
# repository's kmb-broken line (tests/lib/kernel_source.sh) puts a commit
# whose mm/slub.c does not compile right before the slow-path patch.
# ci/bisect-kernel must skip it (125 to git bisect), say in the report that
# it does not build, and end undecided (exit 1) naming both candidates: the
# broken commit and the one after it, which git cannot tell apart.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

need_kernel_source
need_warm_kernel_cache git
repo=$(kernel_test_repo_broken)
broken=$(git -C "$repo" rev-parse kmb-broken-tip~2)
patched=$(git -C "$repo" rev-parse kmb-broken-tip~1)

note "bisect-kernel between kmb-base and kmb-broken-tip"
start=$EPOCHSECONDS
rc=0
"$KMB_SOURCE_DIR/ci/bisect-kernel" --tree "$repo" --good kmb-base --bad kmb-broken-tip \
	--case 'kernel/kmalloc/size=64/gfp=KERNEL/*' --clock instructions --runner "$KMB_BIN" \
	--out "$TMP/bisect" 2>"$TMP/bisect.stderr" || rc=$?
note "bisect took $((EPOCHSECONDS - start)) s"
cat "$TMP/bisect/report.md" 2>/dev/null || true
[ $rc -eq 1 ] || fail "bisect-kernel exited $rc, expected 1 (undecided): $(tail -n 20 "$TMP/bisect.stderr")"
grep -q "${broken:0:12}.*skipped: does not build" "$TMP/bisect/report.md" ||
	fail "the report does not say that ${broken:0:12} was skipped because it does not build"
grep -qi "undecided.*candidates:.*${broken:0:12}" "$TMP/bisect/report.md" ||
	fail "the report does not list ${broken:0:12} among the candidates"
grep -qi "undecided.*candidates:.*${patched:0:12}" "$TMP/bisect/report.md" ||
	fail "the report does not list ${patched:0:12} among the candidates"
echo "kernel_bisect_skip: ok"
