# Shared by the tests that build kernels from source (tests/vm/kernel_*.sh):
# sourced after common.sh, never run. Debian's linux-source-6.12 is
# unpacked once, and turned into a small git history once, both kept in the
# kernel cache (KMB_KERNEL_CACHE, default /var/cache/kmembench/kernels) so
# that later runs start from there.
KCACHE=${KMB_KERNEL_CACHE:-/var/cache/kmembench/kernels}
TARBALL=/usr/src/linux-source-6.12.tar.xz
PATCH=$KMB_SOURCE_DIR/tests/vm/kernels/slub-fastpath.patch

# Skips (77) when the source package or a build tool is missing.
need_kernel_source() {
	local c
	[ -f "$TARBALL" ] ||
		{ echo "SKIP: $TARBALL missing (run scripts/setup: package linux-source-6.12)"; exit "$SKIP"; }
	for c in gcc make flex bison bc ccache git xz; do
		command -v "$c" >/dev/null || { echo "SKIP: $c missing (run scripts/setup)"; exit "$SKIP"; }
	done
	mkdir -p "$KCACHE/sources"
}

# Skips (77) a test whose kernels are not in the cache yet, unless
# KMB_BUILD_KERNELS=1: a cold minimal build is about 17 minutes of CPU on
# two cores, which a fresh machine's suite cannot afford (README, "In CI").
# KIND is "tree" (the unpacked tarball) or "git" (the test repository).
need_warm_kernel_cache() {
	local kind=$1 b
	[ "${KMB_BUILD_KERNELS:-0}" = 1 ] && return 0
	for b in "$KCACHE"/builds/6.12.*-"$kind"-*-minimal-*; do
		[ -f "$b/bzImage" ] && return 0
	done
	echo "SKIP: no minimal $kind build of linux-source-6.12 in $KCACHE yet;" \
		"KMB_BUILD_KERNELS=1 scripts/test -R kernel_ builds it (about 17 min of CPU, once)"
	exit "$SKIP"
}

# Runs "$@" holding the sources' lock (tests may run in parallel).
with_source_lock() {
	local lock rc=0
	exec {lock}>"$KCACHE/sources/.lock"
	flock "$lock"
	"$@" || rc=$?
	exec {lock}>&-
	return $rc
}

# Unpacks TARBALL into a new folder DEST (staged beside it, then renamed).
unpack_source() {
	local stage
	stage=$(mktemp -d "$KCACHE/sources/.unpack.XXXXXX")
	tar -xJf "$TARBALL" -C "$stage"
	[ -f "$stage/linux-source-6.12/Makefile" ] || fail "$TARBALL did not unpack to linux-source-6.12/"
	rm -rf "$1"
	mv "$stage/linux-source-6.12" "$1"
	rmdir "$stage"
}

# The unpacked tree, a plain folder (no git): prints its path.
kernel_source_tree() {
	with_source_lock source_tree_locked
}
source_tree_locked() {
	local dir=$KCACHE/sources/linux-source-6.12
	if [ ! -f "$dir/Makefile" ] || [ ! -e "$KCACHE/sources/linux-source-6.12.unpacked" ]; then
		note "unpacking $TARBALL"
		unpack_source "$dir"
		touch "$KCACHE/sources/linux-source-6.12.unpacked"
	fi
	echo "$dir"
}

# A git repository of the same tree with a short history, tagged:
#   kmb-base   the tree as Debian ships it
#   HEAD~2     a new file under Documentation/ (nothing compiled changes)
#   HEAD~1     tests/vm/kernels/slub-fastpath.patch (the regression)
#   kmb-tip    a comment in kernel/fork.c (compiled, no code change)
# Names, dates and so commit ids are fixed: every machine makes the same.
kernel_test_repo() {
	with_source_lock test_repo_locked
}
test_repo_locked() {
	local repo=$KCACHE/sources/linux-6.12-git stage
	if [ -f "$repo/.git/kmb-ready" ]; then
		echo "$repo"
		return
	fi
	note "making the test repository $repo"
	stage=$KCACHE/sources/.repo-stage
	unpack_source "$stage"
	export GIT_AUTHOR_NAME=kmembench GIT_AUTHOR_EMAIL=kmembench@example.invalid
	export GIT_COMMITTER_NAME=kmembench GIT_COMMITTER_EMAIL=kmembench@example.invalid
	export GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
	(
		cd "$stage" || exit
		git init -q -b main .
		# Loose objects uncompressed: the tree is 1.5 GB, compressing it
		# would take minutes and this repository never travels.
		git config core.looseCompression 0
		git config gc.auto 0
		# -f: Debian's .gitignore ignores everything at the top level.
		git add -A -f .
		git commit -q -m "linux-source-6.12 as Debian ships it"
		git tag kmb-base
		echo "A file that changes nothing that is compiled." >Documentation/kmembench-test.txt
		git add -f Documentation/kmembench-test.txt
		git commit -q -m "Documentation: a note from kmembench's tests"
		git apply "$PATCH"
		git commit -q -a -m "mm/slub: eight turns of extra work on the allocation fast path"
		echo "/* kmembench's tests: a comment, no code. */" >>kernel/fork.c
		git commit -q -a -m "fork: a comment"
		git tag kmb-tip
		touch .git/kmb-ready
	) >/dev/null
	rm -rf "$repo"
	mv "$stage" "$repo"
	echo "$repo"
}

# A second line of history in the test repository, for a bisection that
# meets a revision that does not build; from the Documentation commit:
#   kmb-broken-tip~2   mm/slub.c does not compile (#error)
#   kmb-broken-tip~1   compiles again, with slub-fastpath.patch
#   kmb-broken-tip     a comment in kernel/fork.c
# Between kmb-base and kmb-broken-tip, git bisect tests the broken commit
# first (it halves the four), so the skip is always exercised; whichever it
# tests next, the first bad commit is then one of the broken commit and the
# one after it.
kernel_test_repo_broken() {
	local repo
	repo=$(kernel_test_repo)
	with_source_lock broken_branch_locked "$repo" ||
		fail "could not add the kmb-broken line of history to $repo"
	echo "$repo"
}
# Runs where 'set -e' does not act (under ||): every step is checked.
broken_branch_locked() {
	local repo=$1 wt=$KCACHE/sources/.broken-stage
	if [ -f "$repo/.git/kmb-broken-ready" ] &&
		git -C "$repo" rev-parse -q --verify kmb-broken-tip >/dev/null; then
		return 0
	fi
	note "adding the kmb-broken line of history to $repo" >&2
	export GIT_AUTHOR_NAME=kmembench GIT_AUTHOR_EMAIL=kmembench@example.invalid
	export GIT_COMMITTER_NAME=kmembench GIT_COMMITTER_EMAIL=kmembench@example.invalid
	export GIT_AUTHOR_DATE='2026-01-02T00:00:00Z' GIT_COMMITTER_DATE='2026-01-02T00:00:00Z'
	rm -rf "$wt" "$wt.slub.c"
	git -C "$repo" worktree prune &&
		git -C "$repo" worktree add -q --detach "$wt" kmb-tip~2 &&
		cp "$wt/mm/slub.c" "$wt.slub.c" &&
		echo '#error "kmembench test: this revision does not build"' >>"$wt/mm/slub.c" &&
		git -C "$wt" commit -q -a -m "mm/slub: a change that does not compile" &&
		cp "$wt.slub.c" "$wt/mm/slub.c" &&
		git -C "$wt" apply "$PATCH" &&
		git -C "$wt" commit -q -a -m "mm/slub: compiles again, with eight turns of extra work" &&
		echo "/* kmembench's tests: a comment, no code. */" >>"$wt/kernel/fork.c" &&
		git -C "$wt" commit -q -a -m "fork: a comment" &&
		git -C "$wt" tag -f kmb-broken-tip >/dev/null &&
		rm -f "$wt.slub.c" &&
		git -C "$repo" worktree remove --force "$wt" &&
		touch "$repo/.git/kmb-broken-ready"
}

# The unpacked tree built with build-kernel --profile PROFILE and the
# options after MINUTES (--config-fragment FILE ...): prints the --out
# folder that holds it, under $TMP. Skips (77) while the cache has no build
# of PROFILE whose config has the line WANT (empty: any), unless
# KMB_BUILD_KERNELS=1; MINUTES is what a cold build costs in CPU on two
# cores, for the message.
tree_kernel() {
	local profile=$1 want=$2 minutes=$3 b found=0 tree out=$TMP/$1-kernel
	shift 3
	need_kernel_source
	if [ "${KMB_BUILD_KERNELS:-0}" != 1 ]; then
		for b in "$KCACHE"/builds/6.12.*-tree-*-"$profile"-*; do
			[ -f "$b/bzImage" ] || continue
			[ -z "$want" ] || grep -qx "$want" "$b/config" || continue
			found=1
		done
		[ $found = 1 ] || {
			echo "SKIP: no $profile build${want:+ with $want} of linux-source-6.12 in" \
				"$KCACHE yet; KMB_BUILD_KERNELS=1 builds it (about $minutes min of CPU, once)"
			exit "$SKIP"
		}
	fi
	tree=$(kernel_source_tree)
	"$KMB_SOURCE_DIR/scripts/build-kernel" --profile "$profile" "$@" --out "$out" "$tree" \
		>/dev/null || fail "build-kernel --profile $profile $* exited $?"
	echo "$out"
}

# The debug profile (KASAN, KFENCE, SLUB_DEBUG_ON, DEBUG_VM, lockdep,
# kmemleak).
debug_kernel() {
	tree_kernel debug "" 25
}

# The minimal profile with the contiguous memory allocator for DMA
# (kernels/fragments/cma.config; no area unless the guest asks cma=).
cma_kernel() {
	tree_kernel minimal CONFIG_DMA_CMA=y 17 \
		--config-fragment "$KMB_SOURCE_DIR/kernels/fragments/cma.config"
}

# Runs the guest test tests/vm/NAME.sh on the debug kernel instead of the
# Debian ones, with DEBUG_VM_ARGS (a kmemleak scan after every boot): any
# detector's report or leak fails it.
on_debug_kernel() {
	local k
	k=$(debug_kernel)
	note "tests/vm/$1.sh on $k, with vm-run --kmemleak"
	KMB_TEST_KERNELS=$k KMB_VM_ARGS="${DEBUG_VM_ARGS[*]}" bash "$KMB_SOURCE_DIR/tests/vm/$1.sh"
}

# What every boot of the debug kernel gets from vm-run: the kmemleak scan,
# and 4-level paging. With 5-level paging (QEMU's -cpu max has LA57), an
# interrupt that lands while identify_cpu() rebuilds the boot CPU's feature
# bits sees pgtable_l5_enabled() false for a moment, and KASAN then calls
# the interrupted lock in the direct map a "wild-memory-access" (seen in 2
# of about 30 boots under TCG, before kmembench.ko was loaded). Not a bug in
# what is tested here, and not one a retry can hide: KASAN's report does not
# stop the boot.
DEBUG_VM_ARGS=(--kmemleak --append no5lvl)
