#!/usr/bin/python3
"""Parses KTAP with the kernel's own parser (tools/testing/kunit/kunit_parser.py,
the one 'kunit.py parse' uses) and prints the tree it understood as JSON:
{name, status, log, errors, subtests, counts}; the parser's own report
goes to stderr.
usage: kunit_dump.py KUNIT_DIR FILE.ktap OUT.json"""
import json
import sys

sys.path.insert(0, sys.argv[1])
sys.stdout = sys.stderr  # kunit_printer binds stdout when imported
import kunit_parser  # noqa: E402


def tree(t):
    return {"name": t.name, "status": t.status.name, "log": list(t.log),
            "errors": t.counts.errors,
            "subtests": [tree(s) for s in t.subtests]}


with open(sys.argv[2], encoding="utf-8") as f:
    lines = f.read().splitlines(keepends=True)
main = kunit_parser.parse_run_tests(lines)
c = main.counts
out = tree(main)
out["counts"] = {"passed": c.passed, "failed": c.failed, "crashed": c.crashed,
                 "skipped": c.skipped, "errors": c.errors}
with open(sys.argv[3], "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1)
