# What 'kmembench run' shows: progress on stderr (plain lines in a file,
# one line rewritten in place on a terminal), a summary of one screen on
# stdout naming the result file, --table for every case, and
# 'kmembench summary' reading the file back. No timing is asserted.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

SUITE=$KMB_SOURCE_DIR/tests/native/user_suite.json
run=("$KMB_BIN" run --suite "$SUITE" --filter 'user/malloc/allocator=glibc/*' -r 2)

note "plain progress and the summary"
"${run[@]}" -o "$TMP/r.json" >"$TMP/out" 2>"$TMP/err" || fail "run exited $?: $(cat "$TMP/err")"
grep -qE '^kmembench: case 1/[0-9]+, repetition 1/2, elapsed 0:0[0-9], estimate after the first case$' "$TMP/err" ||
	fail "no plain first progress line: $(cat "$TMP/err")"
! grep -q $'\r' "$TMP/err" || fail "carriage returns in progress written to a file"
if [ -n "${ASAN_OPTIONS:-}" ]; then
	# A sanitizer replaces malloc: the workload skips every case, and says so.
	want='^user/malloc +- +\(0 failed, [0-9]+ skipped\)$'
else
	want='^user/malloc +16 B\.\.256 KiB +alloc/free ns +16 B [0-9.k]+/[0-9.k]+ '
fi
grep -qE "$want" "$TMP/out" || fail "no user/malloc line in the summary: $(cat "$TMP/out")"
grep -qF "full result: $TMP/r.json" "$TMP/out" || fail "the summary does not name the result"
lines=$(wc -l <"$TMP/out")
[ "$lines" -le 12 ] || fail "summary of one API is $lines lines"

note "summary of the file is the same"
"$KMB_BIN" summary "$TMP/r.json" >"$TMP/sum" || fail "summary exited $?"
diff "$TMP/out" "$TMP/sum" >&2 || fail "run's summary and 'kmembench summary' differ"

note "--table and summary --table: every case and phase"
"${run[@]}" --table -o "$TMP/t.json" >"$TMP/table" 2>/dev/null || fail "run --table exited $?"
cases=$("${run[@]}" --list | wc -l)
[ "$(grep -c '^user/malloc/' "$TMP/table")" -eq "$cases" ] || fail "--table does not list the $cases cases"
"$KMB_BIN" summary --table "$TMP/t.json" >"$TMP/table2" || fail "summary --table exited $?"
[ "$(grep -c '^user/malloc/' "$TMP/table2")" -eq "$cases" ] || fail "summary --table does not list the $cases cases"

note "on a terminal: one line rewritten in place, cut to COLUMNS"
if command -v script >/dev/null; then
	COLUMNS=60 script -qec "$(printf '%q ' "${run[@]}" -q -o "$TMP/tty.json")" /dev/null >"$TMP/tty" ||
		fail "run on a terminal exited $?"
	grep -q $'\r\033\\[Kkmembench: case 1/' "$TMP/tty" || fail "no in-place progress line on a terminal"
	tr '\r' '\n' <"$TMP/tty" | sed 's/\x1b\[K//' |
		awk '/^kmembench: case / && length > 59 { bad = 1 } END { exit bad }' ||
		fail "a progress line is wider than COLUMNS=60"
else
	note "script(1) missing: terminal check skipped"
fi

note "bad input"
expect_status 2 "$KMB_BIN" summary
expect_status 2 "$KMB_BIN" summary "$TMP/none.json"
echo '{}' >"$TMP/empty.json"
expect_status 2 "$KMB_BIN" summary "$TMP/empty.json"
note "ok"
