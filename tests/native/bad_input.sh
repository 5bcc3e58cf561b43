# The corpus under tests/bad-input: every bad suite, result document and
# command line is answered with exit 2 and a message naming the file (or
# argument) and the field, and nothing is written.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
dir=$KMB_SOURCE_DIR/tests/bad-input
cd "$TMP"
count=0

check() {	# $1 = what, $2 = expected words; the command's stderr is in $TMP/stderr
	grep -qF -- "$2" "$TMP/stderr" || fail "$1: message lacks '$2': $(cat "$TMP/stderr")"
	[ "$(wc -l <"$TMP/stderr")" -le 3 ] || fail "$1: more than a short message: $(cat "$TMP/stderr")"
	[ -z "$(ls -A "$TMP/out")" ] || fail "$1: something was written: $(ls -A "$TMP/out")"
	count=$((count + 1))
}

mkdir -p out
while IFS=$'\t' read -r kind file want; do
	case "$kind" in
	'#'*) continue ;;
	suite)
		expect_status 2 "$KMB_BIN" run --suite "$dir/$file" -o out/r.json
		grep -qF "$file" "$TMP/stderr" || fail "$file: the file is not named: $(cat "$TMP/stderr")"
		;;
	result)
		expect_status 2 "$KMB_BIN" compare "$dir/good-result.json" "$dir/$file" -o out/c.txt
		grep -qF "$file" "$TMP/stderr" || fail "$file: the file is not named: $(cat "$TMP/stderr")"
		;;
	esac
	check "$file" "$want"
done <"$dir/MANIFEST.tsv"

while IFS=$'\t' read -r words want; do
	case "$words" in '#'*) continue ;; esac
	eval "set -- ${words//@DIR@/$dir}"
	expect_status 2 "$KMB_BIN" "$@"
	check "kmembench $words" "$want"
done <"$dir/arguments.tsv"
[ "$count" -ge 50 ] || fail "only $count bad inputs tried"
echo "bad_input: $count bad inputs, each refused with exit 2: ok"
