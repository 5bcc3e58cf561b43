# Kernels from source, bad input: scripts/build-kernel, ci/compare-kernels
# --tree and ci/bisect-kernel refuse it with one line and the documented
# exit code, and write nothing to --out. No kernel is built: the longest
# case configures Debian's 6.12 tree (tinyconfig + olddefconfig) to find a
# fragment option that does not stick.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
. "$KMB_SOURCE_DIR/tests/lib/kernel_source.sh"

bk=$KMB_SOURCE_DIR/scripts/build-kernel
ck=$KMB_SOURCE_DIR/ci/compare-kernels
bis=$KMB_SOURCE_DIR/ci/bisect-kernel
out=$TMP/out

# Exit status $1, one line on stderr that holds $2, nothing in --out.
refused() {
	local want=$1 words=$2 lines
	shift 2
	expect_status "$want" "$@"
	lines=$(wc -l <"$TMP/stderr")
	[ "$lines" -eq 1 ] || fail "'$*': $lines lines on stderr, expected one: $(cat "$TMP/stderr")"
	grep -qF -- "$words" "$TMP/stderr" || fail "'$*': stderr does not say '$words': $(cat "$TMP/stderr")"
	[ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || fail "'$*' wrote into --out: $(ls -A "$out")"
}

# A fake kernel tree (the files build-kernel looks at) in git, two commits.
fake=$TMP/fake
mkdir -p "$fake/mm" "$fake/arch/x86"
printf 'VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n' >"$fake/Makefile"
: >"$fake/Kconfig"
git -C "$fake" init -q
git -C "$fake" -c user.name=t -c user.email=t@example.invalid add -A
git -C "$fake" -c user.name=t -c user.email=t@example.invalid commit -q -m one
echo "# two" >>"$fake/Kconfig"
git -C "$fake" -c user.name=t -c user.email=t@example.invalid commit -q -a -m two

note "build-kernel: usage"
refused 2 "no SOURCE" "$bk" --out "$out"
refused 2 "--out DIR is required" "$bk" "$fake"
refused 2 "is not a Linux source tree" "$bk" --out "$out" "$TMP"
refused 2 "no such directory" "$bk" --out "$out" "$TMP/none"
refused 2 "--profile 'tiny'" "$bk" --profile tiny --out "$out" "$fake"
refused 2 "--jobs" "$bk" --jobs 0 --out "$out" "$fake"
refused 2 "no such readable file" "$bk" --config-fragment "$TMP/none.config" --out "$out" "$fake"
printf 'CONFIG_SLUB=y\nslub please\n' >"$TMP/junk.config"
refused 2 "junk.config:2: not a Kconfig line" "$bk" --config-fragment "$TMP/junk.config" --out "$out" "$fake"

note "build-kernel: a dirty git tree, an in-tree build"
echo "# dirty" >>"$fake/Kconfig"
refused 2 "uncommitted changes" "$bk" --out "$out" "$fake"
git -C "$fake" checkout -q Kconfig
touch "$fake/.config"
refused 2 "in-tree build" "$bk" --out "$out" "$fake"
rm "$fake/.config"

note "build-kernel: a missing build tool names its Debian package"
mkdir "$TMP/bin"
for f in /usr/bin/* /usr/sbin/*; do
	[ "$(basename "$f")" = ccache ] || ln -sf "$f" "$TMP/bin/"
done
refused 3 "package ccache" env PATH="$TMP/bin" "$bk" --out "$out" "$fake"

note "compare-kernels and bisect-kernel: trees and revisions"
refused 2 "not a git repository" "$ck" --tree "$TMP" --base a --new b --runner "$KMB_BIN" --out "$out"
refused 2 "'nosuch' is not a revision" "$ck" --tree "$fake" --base HEAD --new nosuch --runner "$KMB_BIN" --out "$out"
refused 2 "exclude each other" "$ck" --tree "$fake" --base HEAD --new-tree "$fake" --runner "$KMB_BIN" --out "$out"
refused 2 "go together" "$ck" --base-tree "$fake" --new 6.12 --runner "$KMB_BIN" --out "$out"
refused 2 "--case PATTERN is required" "$bis" --tree "$fake" --good HEAD~1 --bad HEAD --out "$out"
refused 2 "not a git repository" "$bis" --tree "$TMP" --good a --bad b --case 'kernel/*' --out "$out"
refused 2 "'v0' is not a revision" "$bis" --tree "$fake" --good v0 --bad HEAD --case 'kernel/*' --out "$out"
refused 2 "is not an ancestor" "$bis" --tree "$fake" --good HEAD --bad HEAD~1 --case 'kernel/*' --out "$out"
refused 2 "no case of" "$bis" --tree "$fake" --good HEAD~1 --bad HEAD --case 'kernel/nosuch/*' \
	--runner "$KMB_BIN" --out "$out"
refused 2 "--clock 'cycles'" "$bis" --tree "$fake" --good HEAD~1 --bad HEAD --case 'kernel/*' \
	--clock cycles --out "$out"

note "build-kernel: an option olddefconfig drops (Debian's 6.12 tree)"
need_kernel_source
tree=$(kernel_source_tree)
printf '# ext4 is not built: its ACL option cannot stick\nCONFIG_EXT4_FS_POSIX_ACL=y\n' >"$TMP/drop.config"
refused 2 "CONFIG_EXT4_FS_POSIX_ACL=y (asked in $TMP/drop.config) became not set" \
	"$bk" --config-fragment "$TMP/drop.config" --out "$out" "$tree"
printf 'CONFIG_SLUB_TINY=y\n' >"$TMP/tiny.config"
refused 2 "CONFIG_SLUB_CPU_PARTIAL=y (asked in kernels/profiles/minimal.config)" \
	"$bk" --config-fragment "$TMP/tiny.config" --out "$out" "$tree"
echo "kernel_build_errors: ok"
