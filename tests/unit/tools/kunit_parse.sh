#!/bin/bash
# Parses a KTAP file with the Linux kernel's KTAP parser (kunit_parser.py
# from Debian's linux-source-6.12) and writes what it understood as JSON.
# usage: kunit_parse.sh FILE.ktap OUT.json
# exit: 0 parsed, 1 the parser failed, 77 no kernel source to take it from.
set -euo pipefail

in=$1 out=$2
tarball=/usr/src/linux-source-6.12.tar.xz
here=$(cd "$(dirname "$0")" && pwd)

[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 missing"; exit 77; }
# An unpacked tree (the kernel tests keep one in the kernel cache), else
# only the parser taken out of the tarball once (about 45 s) into /var/tmp.
dir=${KMB_KUNIT_DIR:-}
tree=${KMB_KERNEL_CACHE:-/var/cache/kmembench/kernels}/sources/linux-source-6.12
if [ -z "$dir" ] && [ -f "$tree/tools/testing/kunit/kunit_parser.py" ]; then
	dir=$tree/tools/testing/kunit
fi
if [ -z "$dir" ]; then
	[ -f "$tarball" ] || { echo "SKIP: $tarball missing (scripts/setup: linux-source-6.12)"; exit 77; }
	cache=/var/tmp/kmembench-kunit-$(stat -c %Y "$tarball")
	if [ ! -f "$cache/tools/testing/kunit/kunit_parser.py" ]; then
		tmp=$(mktemp -d /var/tmp/kmembench-kunit.XXXXXX)
		tar -xJf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
			'linux-source-6.12/tools/testing/kunit/*.py'
		mv -T "$tmp" "$cache" 2>/dev/null || rm -rf "$tmp"
	fi
	dir=$cache/tools/testing/kunit
fi
/usr/bin/python3 "$here/kunit_dump.py" "$dir" "$in" "$out"
