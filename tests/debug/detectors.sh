# Proof that the net works: on the debug kernel (scripts/build-kernel
# --profile debug), a test-only module (tests/debug/detectors/kmb_bugs.c,
# never part of kmembench.ko) does one deliberate bug per boot, and each
# time scripts/vm-run must fail with exit 4, name the detector's report on
# its stderr and keep the log that holds the report in --out: the console
# log, the kernel log (a report below the console's 'quiet' level, such as
# lockdep's warning, is only there) or kmemleak's report.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

k=$(debug_kernel)
note "building the test-only module against $k/headers"
cp -r "$KMB_SOURCE_DIR/tests/debug/detectors" "$TMP/bugs"
make -C "$k/headers" M="$TMP/bugs" W=1 modules >"$TMP/bugs.log" 2>&1 ||
	{ cat "$TMP/bugs.log" >&2; fail "kmb_bugs.ko did not build"; }
! grep -E 'warning:|error:' "$TMP/bugs.log" >&2 || fail "kmb_bugs.ko built with warnings"
# kmembench.ko once for all the boots (and proof it builds warning-free
# against a KASAN kernel: its frames stay within the limit with redzones).
"$KMB_SOURCE_DIR/scripts/build-module" --kdir "$k/headers" --out "$TMP/module" >/dev/null ||
	fail "kmembench.ko does not build against the debug kernel"

# bug, extra vm-run option, what vm-run's stderr and the kept log must show.
# KFENCE samples an allocation every 10 ms: the object of a slab bug may come
# from its pool, and then KFENCE, not KASAN, reports it (seen once for the
# double free: "KFENCE: invalid free").
while IFS=$'\t' read -r bug opt want; do
	note "$bug"
	out=$TMP/$bug
	args=(--kernel "$k" --module "$TMP/module/kmembench.ko" --runner "$KMB_BIN" --out "$out" --timeout 300
		--file "$TMP/bugs/kmb_bugs.ko" --script "$KMB_SOURCE_DIR/tests/debug/guest/bug.sh" --append no5lvl)
	[ "$opt" = - ] || args+=("$opt")
	# The kfence bug needs one sampled allocation within 10 s; when none came
	# (the module says ETIMEDOUT: KFENCE's pool was taken or its gate went to
	# other allocations) the detector was not exercised, so boot once more.
	for attempt in 1 2; do
		rc=0
		"$KMB_SOURCE_DIR/scripts/vm-run" "${args[@]}" -- "$bug" >"$TMP/log" 2>"$TMP/err" || rc=$?
		cat "$TMP/err" >&2
		[ "$rc" -eq 0 ] && grep -q "Connection timed out" "$TMP/err" && [ "$attempt" = 1 ] || break
		note "$bug: no allocation came from KFENCE's pool in 10 s; booting again"
	done
	[ "$rc" -eq 4 ] || fail "$bug: vm-run exited $rc, expected 4 (a detector's report)"
	grep -qE "$want" "$TMP/err" || fail "$bug: vm-run's message does not name the report ($want)"
	kept=$(grep -lE "$want" "$out"/console.log "$out"/dmesg.log "$out"/kmemleak.log 2>/dev/null || true)
	[ -n "$kept" ] || fail "$bug: no log in --out holds the report ($want): $(ls "$out")"
	note "$bug: exit 4, report kept in $(basename "$kept" | tr '\n' ' ')"
done <<'CASES'
use_after_free	-	KASAN: slab-use-after-free|KFENCE: use-after-free
double_free	-	KASAN: double-free|KFENCE: invalid free
out_of_bounds	-	KASAN: slab-out-of-bounds|KFENCE: (out-of-bounds|memory corruption)
sleep_in_atomic	-	BUG: sleeping function called from invalid context
lock_order	-	possible circular locking dependency
kfence	-	KFENCE: (out-of-bounds|memory corruption)
leak	--kmemleak	unreferenced object|kmemleak found
CASES
echo "detectors: ok"
