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

# Nothing may stay allocated after any of it.
kmembench info --require-module -o after.json
echo "after_exit=$?"

kmembench probe --api nosuch -o bad.json 2>bad.err
echo "bad_api_exit=$?"
kmembench probe -o /nonexistent/probe.json 2>>bad.err
echo "bad_out_exit=$?"
echo "bad_lines=$(wc -l <bad.err)"
