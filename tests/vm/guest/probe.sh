# Guest side of tests/vm/probe.sh (busybox sh, module loaded).
# The full probe: every API x KERNEL, ATOMIC, NOWAIT, then fragmented.
kmembench probe --fragment -o probe.json
echo "probe_exit=$?"

# SIGINT while large vmalloc-backed attempts run (many sets, so that it is
# still running after a second even with KVM): partial result, 130.
kmembench probe --api kvmalloc,vmalloc --gfp KERNEL,NOIO,NOFS,USER,KERNEL+ZERO -q \
	-o sigint.json &
pid=$!
sleep 1
kill -INT $pid
wait $pid
echo "sigint_exit=$?"

# SIGINT while memory is being broken up (about 4 s under TCG): the hold is
# released.
kmembench probe --api alloc_pages --gfp KERNEL --fragment -q -o sigfrag.json &
pid=$!
sleep 1
kill -INT $pid
wait $pid
echo "sigfrag_exit=$?"

# Capacity: the DMA zone filled by kmalloc and by pages, DMA32 (all memory
# in a 1 GiB guest) up to the guard; kmem_cache refuses GFP_DMA.
kmembench probe --capacity 64,4096 --api kmalloc,alloc_pages,kmem_cache \
	--gfp KERNEL+DMA,KERNEL+DMA32 -q -o capacity.json
echo "capacity_exit=$?"

# SIGINT in the middle of a long fill: partial result, 130, all freed.
kmembench probe --capacity 64 --api kzalloc --gfp KERNEL --capacity-seconds 60 -q \
	-o sigcap.json &
pid=$!
sleep 2
kill -INT $pid
wait $pid
echo "sigcap_exit=$?"

# Nothing may stay allocated after any of it.
kmembench info --require-module -o after.json
echo "after_exit=$?"

kmembench probe --api nosuch -o bad.json 2>bad.err
echo "bad_api_exit=$?"
kmembench probe -o /nonexistent/probe.json 2>>bad.err
echo "bad_out_exit=$?"
kmembench probe --capacity 4 --api kmalloc -o bad.json 2>>bad.err
echo "bad_small_exit=$?"
kmembench probe --capacity 8M --api alloc_pages -o bad.json 2>>bad.err
echo "bad_order_exit=$?"
echo "bad_lines=$(wc -l <bad.err)"
