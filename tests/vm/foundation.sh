# Each default kernel: boot, load the module, run 'info' and the kmalloc
# case, bring the JSON back and check what it says.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

for kernel in 6.1 6.12; do
	need_kernel "$kernel"
	out=$TMP/$kernel
	note "$kernel: info"
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		-- info -o info.json
	note "$kernel: kmalloc case"
	"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" --runner "$KMB_BIN" --out "$out" \
		-- run --suite bench/quick.json --filter 'kernel/kmalloc/size=64/*' -r 3 -o run.json
	validate_schema "$out/info.json"
	validate_schema "$out/run.json"
	release=$("$KMB_SOURCE_DIR/scripts/kernels" "$kernel" | cut -d' ' -f1)
	"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/foundation.py" "$out/info.json" "$out/run.json" "$release"
done
echo "foundation: ok"
