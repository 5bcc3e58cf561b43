# The unit and native tests again, in a build with AddressSanitizer and
# UndefinedBehaviorSanitizer: any leak, overflow or undefined behaviour fails.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
build=$KMB_BUILD_DIR/asan
cmake -S "$KMB_SOURCE_DIR" -B "$build" -DKMB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)" >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log"; fail "ASan build"; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$build"
# Not itself, nor the fuzzers (they have their own sanitizer build), nor
# dkms (it builds the module, not the runner).
ctest -L 'unit|native' -E 'native/(sanitizers|fuzz|dkms)' --output-on-failure
echo "sanitizers: ok"
