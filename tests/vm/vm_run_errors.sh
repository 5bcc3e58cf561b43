# Bad input to scripts/vm-run: one clear line, exit 2 or 3, nothing in --out.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
vm=$KMB_SOURCE_DIR/scripts/vm-run
out=$TMP/out

expect_status 2 "$vm" --out "$out" -- info
grep -q -- "--kernel is required" "$TMP/stderr" || fail "missing --kernel not explained"
expect_status 2 "$vm" --kernel 6.12 --out "$out"
grep -q "no kmembench command" "$TMP/stderr" || fail "missing command not explained"
expect_status 2 "$vm" --kernel 6.12 --frob --out "$out" -- info
expect_status 2 "$vm" --kernel no-such-kernel --out "$out" -- info
grep -q "no-such-kernel" "$TMP/stderr" || fail "bad kernel not named"
expect_status 2 "$vm" --kernel 6.12 --smp 0 --out "$out" -- info
expect_status 2 "$vm" --kernel 6.12 --mem lots --out "$out" -- info
expect_status 2 "$vm" --kernel 6.12 --clock cycles --out "$out" -- info
grep -q "not time or instructions" "$TMP/stderr" || fail "bad --clock: choices not named"
expect_status 2 "$vm" --kernel 6.12 --clock instructions --accel kvm --out "$out" -- info
grep -q "TCG" "$TMP/stderr" || fail "--clock instructions with kvm: conflict not named"
expect_status 2 "$vm" --kernel 6.12 --bin "$TMP/no-such-helper" --out "$out" -- info
grep -q -- "--bin $TMP/no-such-helper" "$TMP/stderr" || fail "a missing --bin not named"
expect_status 2 "$vm" --kernel 6.12 --file "$TMP/no-such-file" --out "$out" -- info
grep -q -- "--file $TMP/no-such-file" "$TMP/stderr" || fail "a missing --file not named"
expect_status 2 "$vm" --kernel "$TMP" --out "$out" -- info
grep -q "without bzImage and headers" "$TMP/stderr" || fail "a folder that is no build-kernel --out not explained"
touch "$TMP/bzImage"
expect_status 2 "$vm" --kernel "$TMP/bzImage" --out "$out" -- info
grep -q -- "--headers" "$TMP/stderr" || fail "bzImage without --headers not explained"
need_kernel 6.12
expect_status 3 "$vm" --kernel 6.12 --headers "$TMP/nothing" --out "$out" -- info
grep -q "no kernel build tree" "$TMP/stderr" || fail "missing headers not explained"
[ ! -e "$out" ] || [ -z "$(ls -A "$out")" ] || fail "files were left in --out: $(ls -A "$out")"

# The guest command's own exit status comes back: bad usage inside is 2.
expect_status 2 "$vm" --kernel 6.12 --runner "$KMB_BIN" --out "$out" -- run --bogus
grep -q -- "--bogus" "$TMP/stderr" || fail "the guest's stderr was not replayed"
# A WARN in the guest's kernel log fails the run even under 'quiet':
# vmalloc(0) WARNs on both default kernels.
expect_status 4 "$vm" --kernel 6.12 --runner "$KMB_BIN" --out "$out" \
	-- probe --api vmalloc --gfp KERNEL --vmalloc-zero -o probe.json
grep -q "WARN" "$TMP/stderr" || fail "the WARN was not reported: $(cat "$TMP/stderr")"
grep -q "WARNING" "$out/dmesg.log" || fail "the kernel log was not kept in --out"
[ ! -e "$out/probe.json" ] || fail "a failed guest's results landed in --out"
grep -q "booting once more" "$TMP/stderr" && fail "a failure after the module loaded was retried"

# --kmemleak on a kernel without kmemleak (the Debian ones): the check
# fails rather than passes.
expect_status 4 "$vm" --kernel 6.12 --runner "$KMB_BIN" --out "$out" --kmemleak -- info -o info.json
grep -q "kmemleak cannot be read" "$TMP/stderr" || fail "a kernel without kmemleak passed --kmemleak: $(cat "$TMP/stderr")"
[ ! -e "$out/info.json" ] || fail "a failed leak check's results landed in --out"

# A kernel that dies before the module is loaded (here: no init to run) is
# booted once more, then reported.
expect_status 4 "$vm" --kernel 6.12 --runner "$KMB_BIN" --out "$out" --append rdinit=/no-such-init \
	-- info
grep -q "before kmembench.ko was loaded" "$TMP/stderr" || fail "no retry note: $(cat "$TMP/stderr")"
[ "$(grep -c "booting once more" "$TMP/stderr")" -eq 1 ] || fail "retried more than once"

# Killed while the guest runs (a CI job's timeout): exit 143, and the guest
# goes too. Its work folder, under a TMPDIR of its own, names its QEMU.
mkdir -p "$TMP/vmtmp"
TMPDIR=$TMP/vmtmp "$vm" --kernel 6.12 --runner "$KMB_BIN" --out "$out" \
	-- run --suite bench/quick.json -o q.json -q >/dev/null 2>&1 &
pid=$!
for _ in $(seq 60); do
	pgrep -f "qemu-system.*$TMP/vmtmp" >/dev/null && break
	sleep 1
done
pgrep -f "qemu-system.*$TMP/vmtmp" >/dev/null || fail "the guest never started"
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
[ "$rc" -eq 143 ] || fail "vm-run killed with TERM exited $rc"
sleep 2
! pgrep -f "qemu-system.*$TMP/vmtmp" >/dev/null || fail "QEMU outlived a killed vm-run"
echo "vm_run_errors: ok"
