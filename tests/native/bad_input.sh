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

named() {	# $1 = the file that must be named in $TMP/stderr
	grep -qF "$1" "$TMP/stderr" || fail "$1: the file is not named: $(cat "$TMP/stderr")"
}

# A bad timing is the loader's to refuse, so every reader answers alike.
mapfile -t formats < <("$KMB_BIN" export --list)
[ "${#formats[@]}" -ge 1 ] || fail "export --list names no format"
every_reader() {	# $1 = file, $2 = expected words
	expect_status 2 "$KMB_BIN" compare "$dir/good-result.json" "$dir/$1" -o out/c.txt
	named "$1"
	check "compare $1" "$2"
	expect_status 2 "$KMB_BIN" merge -o out/m.json "$dir/good-result.json" "$dir/$1"
	named "$1"
	check "merge $1" "$2"
	expect_status 2 "$KMB_BIN" report "$dir/$1" -o out/report
	named "$1"
	check "report $1" "$2"
	expect_status 2 "$KMB_BIN" report "$dir/good-result.json" "$dir/$1" -o out/report
	named "$1"
	check "report (comparison) $1" "$2"
	for format in "${formats[@]}"; do
		expect_status 2 "$KMB_BIN" export --format "$format" -o out/e "$dir/$1"
		named "$1"
		check "export --format $format $1" "$2"
	done
}

mkdir -p out
while IFS=$'\t' read -r kind file want; do
	case "$kind" in
	'#'*) continue ;;
	suite)
		expect_status 2 "$KMB_BIN" run --suite "$dir/$file" -o out/r.json
		named "$file"
		;;
	result)
		expect_status 2 "$KMB_BIN" compare "$dir/good-result.json" "$dir/$file" -o out/c.txt
		named "$file"
		;;
	timing)
		every_reader "$file" "$want"
		continue
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
