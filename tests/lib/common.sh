# Shared by the native and vm test scripts: sourced, never run.
# ctest passes KMB_SOURCE_DIR, KMB_BUILD_DIR and KMB_BIN.
set -euo pipefail
: "${KMB_SOURCE_DIR:?run through ctest}" "${KMB_BIN:?run through ctest}"
# Debian's python3 with python3-jsonschema from scripts/setup, whatever
# python3 comes first on PATH.
PY=/usr/bin/python3
SKIP=77

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kmb-test.XXXXXX")
# KMB_KEEP_TMP=1 keeps it, for looking at what a failed test left
trap '[ -n "${KMB_KEEP_TMP:-}" ] && echo "kept $TMP" >&2 || rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
note() { echo "-- $*"; }

# Validates a result document against results/schema.json.
validate_schema() {
	"$PY" "$KMB_SOURCE_DIR/tests/lib/validate_schema.py" "$KMB_SOURCE_DIR/results/schema.json" "$1"
}

# Expects exit status $1 from the rest of the command line; keeps stderr in
# $TMP/stderr for the caller to inspect.
expect_status() {
	local want=$1 got=0
	shift
	"$@" >"$TMP/stdout" 2>"$TMP/stderr" || got=$?
	[ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(cat "$TMP/stderr")"
}

# The kernels the guest tests that take them boot: the two Debian cloud
# kernels, or what KMB_TEST_KERNELS names (anything scripts/vm-run --kernel
# takes; tests/vm/debug_kernel.sh passes a build-kernel --out folder), with
# KMB_VM_ARGS added to every vm-run (it passes --kmemleak).
# shellcheck disable=SC2034 # read by the scripts that source this
read -r -a TEST_KERNELS <<<"${KMB_TEST_KERNELS:-6.1 6.12}"
# shellcheck disable=SC2034
read -r -a VM_ARGS <<<"${KMB_VM_ARGS:-}"

# Skips (exit 77) when the named default kernel is not installed here.
need_kernel() {
	"$KMB_SOURCE_DIR/scripts/kernels" "$1" >/dev/null 2>&1 ||
		{ echo "SKIP: kernel $1 not installed (run scripts/setup)"; exit $SKIP; }
}
