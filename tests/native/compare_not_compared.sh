# compare's text names every pair and case it could not compare, and why,
# after the table and before the verdict, in a list that fits a screen:
# one line per entry where it fits, at most ten entries, then a count.
# not_compared-base.json and -new.json (hand-made, beside this script) have
# a phase only in base, a unit that differs, a case skipped in base, a
# phase where no operation succeeded, a case only in base and twelve only
# in new: 17 in all.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
here=$KMB_SOURCE_DIR/tests/native
out=$TMP/compare.txt

expect_status 0 "$KMB_BIN" compare "$here/not_compared-base.json" "$here/not_compared-new.json" \
	-o "$out"
has() {	# $1 = a whole line the text must hold
	grep -qxF -- "$1" "$out" || fail "compare's text lacks '$1':
$(cat "$out")"
}
has "not compared (17):"
has "  kernel/kmalloc/size=64 free: phase only in base"
has "  kernel/kmalloc/size=128 alloc: unit 'bytes' in base but 'ns' in new"
has "  user/mlock/size=4096: skipped in base: no permission to lock memory"
has "  kernel/vmalloc/size=1048576 alloc:"
has "    no repetition medians in base: no operation succeeded"
has "  kernel/kzalloc/size=64: only in base"
has "  kernel/kcalloc/size=8: only in new"
has "  kernel/kcalloc/size=128: only in new"
has "  ... and 7 more (--format json lists them all)"
! grep -qF "kernel/kcalloc/size=256" "$out" || fail "the list goes beyond its cap: $(cat "$out")"

# Where it stands: after the table, before the verdict; how big it is.
list=$(grep -n '^not compared' "$out" | cut -d: -f1)
table=$(grep -n '^  phase ' "$out" | cut -d: -f1)
verdict=$(grep -n '^no regression:' "$out" | cut -d: -f1)
[ "$table" -lt "$list" ] && [ "$list" -lt "$verdict" ] ||
	fail "the list is not between the table ($table) and the verdict ($verdict): line $list"
block=$(sed -n "$list,/^\$/p" "$out")
[ "$(wc -l <<<"$block")" -le 24 ] || fail "the list does not fit a screen: $block"
! awk 'length($0) > 78' <<<"$block" | grep -q . || fail "a line is wider than 78: $block"

# A document against itself still lists what it cannot compare; documents
# with nothing left out print no list at all.
expect_status 0 "$KMB_BIN" compare "$here/not_compared-base.json" "$here/not_compared-base.json" \
	-o "$out"
has "not compared (3):"
expect_status 0 "$KMB_BIN" compare "$KMB_SOURCE_DIR/tests/bad-input/good-result.json" \
	"$KMB_SOURCE_DIR/tests/bad-input/good-result.json" -o "$out"
! grep -q '^not compared' "$out" || fail "an empty list is printed: $(cat "$out")"
echo "compare_not_compared: ok"
