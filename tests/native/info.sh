# 'kmembench info' works without the module and follows the schema.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

KMB_DEVICE=$TMP/no-such-device "$KMB_BIN" info -o "$TMP/info.json"
validate_schema "$TMP/info.json"
"$PY" - "$TMP/info.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "kmembench/1"
assert d["limits"] is None and d["module"] is None, "no module, yet limits given"
assert "load the module" in d["module_status"]
s = d["system"]
assert s["cpu"]["online"] >= 1 and s["memory"]["total"] > 0
assert s["virt"] in ("native", "kvm", "tcg") or s["virt"].startswith("vm:")
assert s["kernel"]["release"]
PYEOF
KMB_DEVICE=$TMP/no-such-device expect_status 3 "$KMB_BIN" info --require-module
# An ABI-version request that the device does not understand: a clear
# refusal (exit 2), never a crash.
KMB_DEVICE=/dev/null expect_status 2 "$KMB_BIN" info
grep -q "ABI-version request" "$TMP/stderr" || fail "non-kmembench device not explained"
expect_status 2 "$KMB_BIN" info -o "$TMP/no/such/dir/info.json"
echo "info: ok"
