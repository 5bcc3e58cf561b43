# Kernels from source: scripts/build-kernel builds Debian's linux-source-6.12
# with the minimal profile; scripts/vm-run boots it with --kernel bzImage
# --headers DIR and runs 'info' and the quick suite's kernel part there. A
# second identical build comes from the cache. The first build takes a few
# minutes (ccache and the build cache make later runs quick).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

need_kernel_source
need_warm_kernel_cache tree
tree=$(kernel_source_tree)
bk=$KMB_SOURCE_DIR/scripts/build-kernel
k=$TMP/kernel

note "build-kernel --profile minimal $tree"
start=$EPOCHSECONDS
"$bk" --profile minimal --out "$k" "$tree" >"$TMP/bk.stdout" || fail "build-kernel exited $?"
note "built in $((EPOCHSECONDS - start)) s"
[ "$(cat "$TMP/bk.stdout")" = "$k/bzImage $k/headers" ] || fail "stdout: $(cat "$TMP/bk.stdout")"
for f in bzImage config build.log kernel.json headers/Makefile headers/Module.symvers \
	headers/.config headers/include/generated/autoconf.h headers/scripts/mod/modpost; do
	[ -s "$k/$f" ] || fail "build-kernel did not write $f"
done
leftover=$(find "$k" -maxdepth 1 -name '.build-kernel.*')
[ -z "$leftover" ] || fail "temporary files left in --out: $leftover"
# The allocator as Debian's cloud kernel has it, not tinyconfig's.
for opt in CONFIG_SLUB_CPU_PARTIAL=y CONFIG_SLAB_FREELIST_RANDOM=y CONFIG_SLAB_FREELIST_HARDENED=y \
	CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y CONFIG_MEMCG=y CONFIG_KFENCE=y CONFIG_NUMA=y \
	CONFIG_TRANSPARENT_HUGEPAGE=y CONFIG_CC_OPTIMIZE_FOR_PERFORMANCE=y; do
	grep -qx "$opt" "$k/config" || fail "$opt is not in the built config"
done
! grep -q '^CONFIG_SLUB_TINY=y' "$k/config" || fail "SLUB_TINY is set"

note "the same build again: from the cache"
start=$EPOCHSECONDS
"$bk" --profile minimal --out "$k" "$tree" >/dev/null 2>"$TMP/bk2.stderr" || fail "second build-kernel failed"
grep -q 'already built' "$TMP/bk2.stderr" || fail "the second build was not a cache hit: $(cat "$TMP/bk2.stderr")"
note "cache hit in $((EPOCHSECONDS - start)) s"

note "boot it: info"
vm=("$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$k/bzImage" --headers "$k/headers" --runner "$KMB_BIN")
"${vm[@]}" --out "$TMP/vm" -- info -o info.json
note "boot it: the quick suite's kernel part"
start=$EPOCHSECONDS
"${vm[@]}" --out "$TMP/vm" -- run --suite bench/quick.json --filter 'kernel/*' -o quick.json
note "boot to results in $((EPOCHSECONDS - start)) s"
validate_schema "$TMP/vm/info.json"
validate_schema "$TMP/vm/quick.json"
"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/kernel_build.py" "$TMP/vm/info.json" "$TMP/vm/quick.json" "$k/kernel.json"
echo "kernel_build: ok"
