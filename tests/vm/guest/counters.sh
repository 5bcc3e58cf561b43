# Guest side of tests/vm/counters.sh (busybox sh, module loaded): the
# counters suite three times in one boot, with counters, without, and with
# again, so that a timing the reading moved shows against both neighbours.
# Prints NAME_exit=STATUS per run.
suite=/files/counters_suite.json
kmembench run --suite "$suite" -q --counters -o with1.json
echo "with1_exit=$?"
kmembench run --suite "$suite" -q -o without.json
echo "without_exit=$?"
kmembench run --suite "$suite" -q --counters -o with2.json
echo "with2_exit=$?"
