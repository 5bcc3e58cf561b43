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
"$PY" - "$TMP/vm/info.json" "$TMP/vm/quick.json" "$k/kernel.json" <<'PYEOF'
import json, sys
info, run, kernel = (json.load(open(p)) for p in sys.argv[1:4])
assert kernel["profile"] == "minimal" and kernel["source_id"].startswith("tree-"), kernel
for d in (info, run):
    s = d["system"]
    assert s["kernel"]["release"] == kernel["kernel_release"], (s["kernel"], kernel)
    assert s["config_source"] == "module", s["config_source"]
    c = s["config"]
    for opt in ("SLUB", "KFENCE", "INIT_ON_ALLOC_DEFAULT_ON", "MEMCG", "NUMA",
                "TRANSPARENT_HUGEPAGE", "SLAB_FREELIST_RANDOM", "SLAB_FREELIST_HARDENED",
                "SLUB_DEBUG", "ZONE_DMA", "PREEMPT_DYNAMIC"):
        assert c[opt], (opt, c)
    for opt in ("KASAN", "SLUB_DEBUG_ON", "DEBUG_VM", "LOCKDEP"):
        assert not c[opt], (opt, c)
assert run["run"]["interrupted"] is False
failed = [r["id"] for r in run["results"] if "error" in r]
assert not failed, failed
assert len(run["results"]) >= 40, len(run["results"])
k64 = next(r for r in run["results"]
           if r["id"] == "kernel/kmalloc/size=64/gfp=KERNEL/pattern=pair/ctx=process/threads=1")
print("kmalloc(64) alloc median %.0f, free median %.0f (%s)" %
      (k64["phases"]["alloc"]["median"], k64["phases"]["free"]["median"],
       k64["phases"]["alloc"].get("unit", "ns")))
PYEOF
echo "kernel_build: ok"
