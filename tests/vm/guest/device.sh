# Guest side of tests/vm/device.sh (busybox sh, module loaded).
# shellcheck disable=SC2012 # busybox: ls -l is the portable way to the mode
ls -l /dev/kmembench | cut -c1-10 | sed 's/^/mode=/'
# Not root: the device refuses (mode 0600, and CAP_SYS_ADMIN is checked).
mkdir -p /etc
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >>/etc/passwd
echo 'nogroup:x:65534:' >>/etc/group
as_nobody() { su -s /bin/sh nobody -c "$*"; }
as_nobody kmembench info --require-module >/dev/null 2>nobody.err
echo "nobody_exit=$?"
sed 's/^/nobody_msg=/' nobody.err
# Without --require-module, info still works for a user without access.
as_nobody kmembench info >/dev/null 2>&1
echo "nobody_info_exit=$?"

cat >long.json <<'JSON'
{"schema": "kmembench-suite/1", "name": "long", "repetitions": 1,
 "kernel": [{"api": "kmalloc", "sizes": [4096], "iterations": 10000000,
             "warmup": 0, "budget_ms": 120000}]}
JSON
kmembench run --suite long.json -o long.json.out -q 2>/dev/null &
pid=$!
sleep 1
# A second opener is refused while the first holds the device.
kmembench info --require-module >/dev/null 2>busy.err
echo "second_exit=$?"
sed 's/^/second_msg=/' busy.err
# The module cannot go while the device is open.
rmmod kmembench 2>/dev/null
echo "rmmod_while_open_exit=$?"
kill -INT $pid
wait $pid
rmmod kmembench
echo "rmmod_after_exit=$?"
