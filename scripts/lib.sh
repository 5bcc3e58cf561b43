# shellcheck shell=bash
# Shared by the scripts in scripts/ and ci/ (die, usage, the kernel cache,
# kernel trees): sourced, never run. The caller sets kmb_prog, its name in
# messages, before using kmb_die.

# One line on stderr, then exit CODE.
kmb_die() {
	local code=$1
	shift
	echo "${kmb_prog:-kmembench}: $*" >&2
	exit "$code"
}

# The caller's --help: its header comment, from line 2 to 'set -euo'.
kmb_usage() {
	sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$1"
}

# Where built kernels, their work trees, sources and ccache live.
kmb_kernel_cache() {
	echo "${KMB_KERNEL_CACHE:-/var/cache/kmembench/kernels}"
}

# COMMAND PACKAGE: exit 3 naming the Debian package when COMMAND is missing.
kmb_need() {
	command -v "$1" >/dev/null ||
		kmb_die 3 "$1 not found; run scripts/setup (Debian package $2)"
}

# FILE PACKAGE: the same for a header or data file.
kmb_need_file() {
	[ -e "$1" ] || kmb_die 3 "$1 not found; run scripts/setup (Debian package $2)"
}

# Short content hash of stdin.
kmb_hash() {
	sha256sum | cut -c1-16
}

# DIR is the top of a Linux source tree.
kmb_is_kernel_tree() {
	[ -f "$1/Makefile" ] && [ -f "$1/Kconfig" ] && [ -d "$1/arch/x86" ] &&
		[ -d "$1/mm" ] && grep -q '^PATCHLEVEL = ' "$1/Makefile"
}

# VERSION.PATCHLEVEL.SUBLEVEL of the tree at DIR.
kmb_kernel_version() {
	awk -F' = ' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2; print v "." p "." s; exit }' "$1/Makefile"
}

# DIR is the top of a git work tree (a checkout or a worktree).
kmb_is_git_tree() {
	local top
	top=$(git -C "$1" rev-parse --show-toplevel 2>/dev/null) || return 1
	[ "$(realpath "$top")" = "$(realpath "$1")" ]
}

# A git tree with uncommitted changes to tracked files.
kmb_git_dirty() {
	[ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]
}

# What the source at DIR is, cheaply: for git, the commit and, when tracked
# files differ from it, a hash of the difference; for a plain tree, a hash
# of its path and version (plain trees are then checked for files newer
# than their last build).
kmb_source_id() {
	local dir=$1 commit diff
	if command -v git >/dev/null && kmb_is_git_tree "$dir"; then
		commit=$(git -C "$dir" rev-parse --short=12 HEAD)
		if kmb_git_dirty "$dir"; then
			diff=$(git -C "$dir" diff HEAD --binary | kmb_hash)
			echo "git-$commit-dirty-$diff"
		else
			echo "git-$commit"
		fi
	else
		echo "tree-$({ realpath "$dir"; grep -E '^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION) =' "$dir/Makefile"; } | kmb_hash)"
	fi
}

# Escapes a string for a JSON document.
kmb_json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	printf '"%s"' "$s"
}

# m:ss from seconds.
kmb_clock() {
	printf '%d:%02d' $(($1 / 60)) $(($1 % 60))
}

# TREE: exit 2 unless TREE is a git repository holding a kernel.
kmb_need_git_kernel() {
	kmb_need git git
	[ -d "$1" ] || kmb_die 2 "--tree $1: no such directory"
	git -C "$1" rev-parse --git-dir >/dev/null 2>&1 || kmb_die 2 "--tree $1 is not a git repository"
	kmb_is_kernel_tree "$(git -C "$1" rev-parse --show-toplevel)" ||
		kmb_die 2 "--tree $1 is not a Linux source tree (no top-level Makefile, Kconfig, mm/ and arch/x86/)"
}

# TREE REV: the full commit id, or exit 2 naming REV.
kmb_resolve_rev() {
	git -C "$1" rev-parse --verify --quiet "$2^{commit}" ||
		kmb_die 2 "'$2' is not a revision (commit, tag or branch) of $1"
}

# TREE ROLE COMMIT: a detached worktree of TREE at COMMIT, at a path that
# depends only on TREE and ROLE, so that compilation there is incremental
# and ccache sees the same paths from one run to the next. The user's
# checkout and index are not touched. The caller holds the lock (ROLE.lock).
kmb_worktree_path() {
	mkdir -p "$(kmb_kernel_cache)/worktrees" ||
		kmb_die 3 "cannot create $(kmb_kernel_cache)/worktrees (set KMB_KERNEL_CACHE to a writable folder)"
	echo "$(kmb_kernel_cache)/worktrees/$(realpath "$1" | kmb_hash)-$2"
}
kmb_worktree_add() {
	local wt
	wt=$(kmb_worktree_path "$1" "$2")
	mkdir -p "$(dirname "$wt")"
	kmb_worktree_remove "$1" "$wt"
	git -C "$1" worktree add --detach --quiet "$wt" "$3" >/dev/null 2>&1 ||
		kmb_die 3 "git worktree add $wt $3 failed in $1"
	echo "$wt"
}
kmb_worktree_remove() { # TREE WORKTREE
	# twice forced: a worktree whose creation was interrupted stays locked
	git -C "$1" worktree remove --force --force "$2" >/dev/null 2>&1 || rm -rf "$2"
	git -C "$1" worktree prune >/dev/null 2>&1 || true
}

# A worktree made anew gets fresh mtimes on every file, which would make
# the next build in its old build folder recompile everything. So, for
# worktrees under the cache only: after a successful build, record each
# tracked file's blob and mtime in the build folder (SOURCE WORK); before
# the next build, give files whose blob is unchanged their recorded mtime
# back, so make recompiles only what differs. The record is removed when a
# build starts and written when it ends well: a failed build leaves none.
kmb_mtimes_save() {
	git -C "$1" ls-files -s | awk -F'\t' -v root="$1" '
		FNR == NR { mtime[$2] = $1; next }
		{ split($1, f, " "); if ($2 in mtime) print f[2] "\t" mtime[$2] "\t" $2 }' \
		<(find "$1" -path "$1/.git" -prune -o -type f -printf '%T@\t%P\n') - >"$2/.kmb-mtimes.tmp"
	mv "$2/.kmb-mtimes.tmp" "$2/.kmb-mtimes"
}
kmb_mtimes_restore() {
	[ -f "$2/.kmb-mtimes" ] || return 0
	git -C "$1" ls-files -s | awk -F'\t' '
		FNR == NR { blob[$3] = $1; mtime[$3] = $2; next }
		{ split($1, f, " "); if (blob[$2] == f[2]) print int(mtime[$2]) "\t" $2 }' \
		"$2/.kmb-mtimes" - | (cd "$1" && perl -ne 'chomp; my ($t, $p) = split /\t/, $_, 2; utime $t, $t, $p')
}

# The width of the terminal on stderr, or 0 when stderr is no terminal:
# what scripts/vm-run tells the guest, so that the runner's progress is one
# line rewritten in place on a terminal and plain lines in a log.
kmb_stderr_cols() {
	local cols=""
	if [ -t 2 ]; then
		cols=$(stty size <&2 2>/dev/null | cut -d' ' -f2) || cols=""
		[[ "$cols" =~ ^[1-9][0-9]*$ ]] || cols=${COLUMNS:-80}
	fi
	echo "${cols:-0}"
}

# FILE PID: copies what is written to FILE onto stderr as it arrives, until
# the process PID has ended and the rest of FILE is out. Runs in the
# background; its pid is in kmb_stream_pid (wait for it, or kill it).
kmb_stream_start() {
	tail -c +1 -s 0.2 -f --pid="$2" "$1" >&2 &
	# shellcheck disable=SC2034 # read by the caller
	kmb_stream_pid=$!
}
