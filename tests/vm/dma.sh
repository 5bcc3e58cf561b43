# The DMA rows in 1 GiB guests of both default kernels, booted without and
# with a cma= reservation: dma_alloc_coherent and dma_map_single through the
# module's devices with 64- and 32-bit masks give finite figures; probe finds
# the largest coherent allocation per mask; CMA cases run where the kernel
# has CONFIG_DMA_CMA and a CMA area, and are exit 2 naming the case and the
# reason where it has not; a DMA mask the platform refuses is exit 2 naming
# the case and the mask; the live counters read 0 after all of it. vm-run
# fails (exit 4) on any WARN, BUG, oops or OOM kill in the guest's log.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"

files=()
for f in dma_suite dma_cma_suite dma_badmask_suite; do
	files+=(--file "$KMB_SOURCE_DIR/tests/vm/$f.json")
done
for kernel in "${TEST_KERNELS[@]}"; do
	need_kernel "$kernel"
	for cma in none 64M; do
		out=$TMP/$kernel-$cma
		append=()
		[ "$cma" = none ] || append=(--append "cma=$cma")
		rc=0
		"$KMB_SOURCE_DIR/scripts/vm-run" --kernel "$kernel" "${VM_ARGS[@]}" --runner "$KMB_BIN" \
			--mem 1024M --timeout 600 --out "$out" "${append[@]}" "${files[@]}" \
			--script "$KMB_SOURCE_DIR/tests/vm/guest/dma.sh" >"$TMP/log" 2>"$TMP/err" || rc=$?
		cat "$TMP/log"
		[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "$kernel cma=$cma: vm-run exited $rc"; }
		cp "$TMP/log" "$out/guest.log"
		validate_schema "$out/dma.json"
		validate_schema "$out/probe.json"
		"$PY" "$KMB_SOURCE_DIR/tests/vm/checks/dma.py" "$kernel" "$cma" "$out"
	done
done
echo "dma: ok"
