# 'kmembench info' works without the module and follows the schema.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

KMB_DEVICE=$TMP/no-such-device "$KMB_BIN" info -o "$TMP/info.json"
validate_schema "$TMP/info.json"
"$PY" "$KMB_SOURCE_DIR/tests/native/checks/info.py" "$TMP/info.json"
KMB_DEVICE=$TMP/no-such-device expect_status 3 "$KMB_BIN" info --require-module
# An ABI-version request that the device does not understand: a clear
# refusal (exit 2), never a crash.
KMB_DEVICE=/dev/null expect_status 2 "$KMB_BIN" info
grep -q "ABI-version request" "$TMP/stderr" || fail "non-kmembench device not explained"
expect_status 2 "$KMB_BIN" info -o "$TMP/no/such/dir/info.json"
echo "info: ok"
