# A short libFuzzer run of every target in tests/fuzz (seconds each), from
# the committed corpus; longer runs by hand: see tests/fuzz/README.md.
. "$KMB_SOURCE_DIR/tests/lib/common.sh"
command -v clang >/dev/null || { echo "SKIP: clang not installed (scripts/setup)"; exit $SKIP; }
seconds=${KMB_FUZZ_SECONDS:-10}
build=$KMB_BUILD_DIR/fuzz
cmake -S "$KMB_SOURCE_DIR" -B "$build" -DCMAKE_C_COMPILER=clang -DKMB_FUZZ=ON \
	-DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j"$(nproc)" >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log"; fail "fuzz build"; }
for src in "$KMB_SOURCE_DIR"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	corpus=$KMB_SOURCE_DIR/tests/fuzz/corpus/${name#fuzz_}
	# New inputs go to a scratch folder; the committed corpus is only read.
	mkdir -p "$TMP/$name"
	note "$name: ${seconds}s"
	(cd "$TMP" && "$build/$name" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 "$TMP/$name" "$corpus") >"$TMP/$name.log" 2>&1 ||
		{ tail -40 "$TMP/$name.log"; fail "$name found a crash (artifact in the log above)"; }
	grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$TMP/$name.log"
done
echo "fuzz: ok"
