# cmake --install into a staging folder (DESTDIR): every file in its place,
# every man page renders with man -l and covers its command's options, the
# installed scripts find each other and the runner, the module source has a
# dkms.conf, and bash completion completes commands, options, suites, case
# ids, API names and export formats (complete -p, compgen through the
# completion function).
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
: "${KMB_BUILD_DIR:?run through ctest}"

stage=$TMP/stage prefix=/usr/local
DESTDIR=$stage cmake --install "$KMB_BUILD_DIR" --prefix "$prefix" >"$TMP/install.log" ||
	fail "cmake --install failed: $(tail -n 5 "$TMP/install.log")"
root=$stage$prefix share=$root/share/kmembench

for f in bin/kmembench bin/kmembench-vm-run bin/kmembench-compare-kernels \
	share/kmembench/bench/quick.json share/kmembench/bench/default.json \
	share/kmembench/driver/kmb_main.c share/kmembench/driver/uapi/kmembench.h \
	share/kmembench/driver/Kbuild share/kmembench/driver/dkms.conf \
	share/kmembench/scripts/vm-run share/kmembench/scripts/kernels \
	share/kmembench/scripts/build-module share/kmembench/scripts/guest/init \
	share/kmembench/ci/compare-kernels share/bash-completion/completions/kmembench; do
	[ -e "$root/$f" ] || fail "$prefix/$f not installed"
done
grep -q "^PACKAGE_VERSION=\"$("$root/bin/kmembench" --version | awk '{ print $2 }')\"$" \
	"$share/driver/dkms.conf" || fail "dkms.conf's version is not the runner's"
note "files in place"

# --- man pages ------------------------------------------------------------
if ! command -v help2man >/dev/null || ! command -v man >/dev/null; then
	echo "SKIP: help2man or man missing (scripts/setup: help2man, man-db)"
	exit $SKIP
fi
man1=$root/share/man/man1
mapfile -t cmds < <("$KMB_BIN" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ "${#cmds[@]}" -ge 7 ] || fail "commands not found in --help"
[ "$(find "$man1" -name '*.1' | wc -l)" -eq $((${#cmds[@]} + 1)) ] ||
	fail "expected $((${#cmds[@]} + 1)) man pages, found: $(ls "$man1")"
for page in "$man1"/*.1; do
	MANWIDTH=100 man -l "$page" >"$TMP/page.txt" 2>"$TMP/man.err" || fail "man -l $page failed"
	! grep -v '^$' "$TMP/man.err" | grep -q . || fail "man -l $page warned: $(cat "$TMP/man.err")"
	grep -q '^NAME' "$TMP/page.txt" || fail "$page has no NAME"
	grep -q '^SYNOPSIS' "$TMP/page.txt" || fail "$page has no SYNOPSIS"
done
for cmd in "${cmds[@]}"; do
	page=$man1/kmembench-$cmd.1
	MANWIDTH=200 man -l "$page" >"$TMP/page.txt" 2>/dev/null
	# Every long option of the --help text is in the page.
	for opt in $("$KMB_BIN" "$cmd" --help | grep -E '^ +-' | grep -oE -- '--[a-z][-a-z0-9]*' | sort -u); do
		grep -q -- "$opt" "$TMP/page.txt" || fail "kmembench-$cmd.1 lacks $opt"
	done
done
grep -q 'github-action-benchmark' <<<"$(MANWIDTH=200 man -l "$man1/kmembench-export.1")" ||
	fail "kmembench-export.1 lacks the export formats"
note "${#cmds[@]} command pages and kmembench.1 render"

# --- the installed scripts -------------------------------------------------
"$root/bin/kmembench-vm-run" --help >"$TMP/help" || fail "installed vm-run --help failed"
grep -q -- '--kernel' "$TMP/help" || fail "installed vm-run --help says nothing of --kernel"
expect_status 2 "$root/bin/kmembench-vm-run" --bogus
expect_status 2 "$root/bin/kmembench-compare-kernels" --bogus
"$root/bin/kmembench-compare-kernels" --help >/dev/null || fail "installed compare-kernels --help failed"
"$share/scripts/kernels" --list >/dev/null 2>&1 || true	# no kernels here is fine
note "installed scripts run"

# --- bash completion -----------------------------------------------------
# COMPREPLY of the completion function for the command line "$@" (the
# last word is the one being completed), sorted, one per line. Checked with
# grep <<<"$(...)", never through a pipe: under pipefail a grep -q that
# quits at its first match kills a writer of more than one buffer (SIGPIPE).
complete_line() {
	PATH=$root/bin:$PATH bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_kmembench
		printf "%s\n" "${COMPREPLY[@]}" | sort' \
		complete "$root/share/bash-completion/completions/kmembench" "$@"
}
bash --norc --noprofile -c '. "$1"; complete -p kmembench' complete \
	"$root/share/bash-completion/completions/kmembench" | grep -q -- '-F _kmembench kmembench$' ||
	fail "complete -p kmembench does not name _kmembench"
# bash-completion's own loader finds it where it was installed.
if [ -f /usr/share/bash-completion/bash_completion ]; then
	XDG_DATA_DIRS=$root/share bash --norc --noprofile -c \
		'. /usr/share/bash-completion/bash_completion; _completion_loader kmembench; complete -p kmembench' |
		grep -q -- '-F _kmembench kmembench$' || fail "bash-completion's loader did not load it"
fi
[ "$(complete_line kmembench '' | grep -c -v -- '^--')" -eq "${#cmds[@]}" ] ||
	fail "commands: $(complete_line kmembench '')"
[ "$(complete_line kmembench ex)" = export ] || fail "'ex' did not complete to export"
grep -qx -- --repetitions <<<"$(complete_line kmembench run --re)" || fail "run --re: $(complete_line kmembench run --re)"
grep -qx -- --format <<<"$(complete_line kmembench export --f)" || fail "export --f"
[ "$(complete_line kmembench export --format b)" = bmf ] || fail "export --format b"
grep -qx github-action-benchmark <<<"$(complete_line kmembench export --format '')" || fail "export formats"
grep -qx "$share/bench/quick.json" <<<"$(complete_line kmembench run --suite "$share/bench/q")" ||
	fail "suite file: $(complete_line kmembench run --suite "$share/bench/q")"
grep -qx "$share/bench/default.json" <<<"$(complete_line kmembench run --suite '')" ||
	fail "installed suites not offered"
grep -qx kzalloc <<<"$(complete_line kmembench probe --api kz)" || fail "API name kz"
[ "$(complete_line kmembench probe --api kmalloc,vz)" = kmalloc,vzalloc ] ||
	fail "API list: $(complete_line kmembench probe --api kmalloc,vz)"
grep -q '^kernel/kmalloc/size=' <<<"$(complete_line kmembench run --suite "$share/bench/quick.json" \
	--filter kernel/kmalloc/)" || fail "case ids for --filter"
note "completion: commands, options, formats, suites, APIs, case ids"
echo "install: all checks passed"
