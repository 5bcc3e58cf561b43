# Bad input to the runner: one clear line, exit 2, nothing written.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
cd "$TMP"

expect_status 2 "$KMB_BIN"
expect_status 2 "$KMB_BIN" frobnicate
grep -q "unknown command 'frobnicate'" "$TMP/stderr" || fail "unknown command not named"
expect_status 2 "$KMB_BIN" run --bogus
grep -q -- "--bogus" "$TMP/stderr" || fail "unknown option not named"
expect_status 2 "$KMB_BIN" run
grep -q -- "--suite FILE is required" "$TMP/stderr" || fail "missing --suite not explained"
expect_status 2 "$KMB_BIN" run --suite "$TMP/missing.json"
grep -q "missing.json" "$TMP/stderr" || fail "missing suite file not named"
expect_status 2 "$KMB_BIN" run --suite "$KMB_SOURCE_DIR/bench/quick.json" -r 0
expect_status 2 "$KMB_BIN" info extra-argument
expect_status 0 "$KMB_BIN" run --help
expect_status 0 "$KMB_BIN" info --help
expect_status 0 "$KMB_BIN" --help

# A suite with a typo in a field is refused before anything runs.
cat >bad.json <<'JSON'
{"schema": "kmembench-suite/1", "name": "bad", "kernel": [{"api": "kmalloc", "sizez": [64]}]}
JSON
expect_status 2 "$KMB_BIN" run --suite bad.json -o out.json
grep -q "kernel\[0\]: unknown field 'sizez'" "$TMP/stderr" || fail "typo not named: $(cat "$TMP/stderr")"
cat >bad.json <<'JSON'
{"schema": "kmembench-suite/1", "name": "bad", "kernel": [{"api": "kmalloc", "sizes": [64], "gfp": "KERNEL+SLEEPY"}]}
JSON
expect_status 2 "$KMB_BIN" run --suite bad.json -o out.json
grep -q "unknown flag 'SLEEPY'" "$TMP/stderr" || fail "bad GFP flag not named"
cat >bad.json <<'JSON'
{"schema": "kmembench-suite/1", "name": "bad", "kernel": [{"api": "kmalloc", "sizes": [64],
JSON
expect_status 2 "$KMB_BIN" run --suite bad.json -o out.json
grep -q "bad.json:2:" "$TMP/stderr" || fail "JSON error has no line: $(cat "$TMP/stderr")"
[ ! -e out.json ] || fail "a file was written for bad input"
compgen -G '*tmp*' >/dev/null && fail "a temporary file was left behind"

# Without the module, a kernel suite is an environment problem: exit 3.
KMB_DEVICE=$TMP/no-such-device expect_status 3 "$KMB_BIN" run \
	--suite "$KMB_SOURCE_DIR/bench/quick.json" -o out.json
grep -q "load the module" "$TMP/stderr" || fail "missing module not explained"
[ ! -e out.json ] || fail "a result was written without a module"
echo "cli_errors: ok"
