# Guest side of tests/vm/dma.sh (busybox sh, module loaded).
kmembench run --suite /files/dma_suite.json -o dma.json -q
echo "run_exit=$?"
kmembench probe --api dma_alloc_coherent,dma_alloc_coherent_cma --gfp KERNEL,ATOMIC -q \
	-o probe.json >probe.txt
echo "probe_exit=$?"
kmembench run --suite /files/dma_cma_suite.json -o cma.json -q 2>cma.err
echo "cma_exit=$?"
kmembench run --suite /files/dma_badmask_suite.json -o badmask.json -q 2>badmask.err
echo "badmask_exit=$?"
grep -s '^CmaTotal:' /proc/meminfo >cmatotal.txt
kmembench info --require-module -o after.json
echo "after_exit=$?"
