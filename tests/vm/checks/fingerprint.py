"""Checks of tests/vm/fingerprint.sh: each boot's system.fingerprint against
the guest's own files and kernel log, and compare's warnings between them.

Arguments: DEFAULT_DIR OFF_DIR COMPARE_JSON COMPARE_STDERR COMPARE_TEXT
COMPARE_MARKDOWN, where each DIR is a vm-run --out folder holding run.json,
dmesg.log and the files tests/vm/guest/fingerprint.sh copied."""
import json
import os
import re
import sys


def read(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def zones(text):
    """{ 'node0': { zone: managed } } of the zones with managed pages."""
    out, node, zone = {}, None, None
    for line in text.splitlines():
        m = re.match(r"Node (\d+), zone\s+(\S+)", line)
        if m:
            node, zone = "node" + m.group(1), m.group(2)
            continue
        m = re.match(r"\s+managed\s+(\d+)", line)
        if m and zone:
            if int(m.group(1)) > 0:
                out.setdefault(node, {})[zone] = int(m.group(1))
            zone = None
    return out


def meminfo(text, key):
    m = re.search(r"^%s:\s+(\d+) kB" % key, text, re.M)
    return int(m.group(1)) * 1024 if m else None


def check_boot(folder, init_on_alloc_word):
    """The fingerprint of one boot; returns it."""
    with open(os.path.join(folder, "run.json"), encoding="utf-8") as f:
        fp = json.load(f)["system"]["fingerprint"]
    where = folder

    def value(item):
        return fp[item]["value"]

    cmdline = read(folder, "cmdline.txt")
    log = read(folder, "dmesg.log")
    auto = re.findall(r"mem auto-init: stack:\S+, heap alloc:(\w+), heap free:(\w+)", log)
    assert auto, "%s: no mem auto-init line in the guest's kernel log" % where
    assert value("init_on_alloc") == auto[-1][0], (where, fp["init_on_alloc"], auto)
    assert value("init_on_free") == auto[-1][1], (where, fp["init_on_free"], auto)
    assert fp["init_on_alloc"]["source"] == "/dev/kmsg mem auto-init", fp["init_on_alloc"]
    assert fp["init_on_alloc"]["cmdline"] == init_on_alloc_word, (where, fp["init_on_alloc"])
    if init_on_alloc_word:
        assert init_on_alloc_word in cmdline.split(), (where, cmdline)

    want_zones = zones(read(folder, "zoneinfo.txt"))
    assert value("zones") == want_zones, (where, value("zones"), want_zones)
    assert fp["zones"]["source"] == "/proc/zoneinfo", fp["zones"]
    # vm-run's default guest has 1 GiB: everything below 4 GiB, no Normal zone.
    for node, per in want_zones.items():
        assert "DMA32" in per and "Normal" not in per, (where, node, per)

    mem = read(folder, "meminfo.txt")
    assert value("swap_total") == meminfo(mem, "SwapTotal"), (where, fp["swap_total"])
    assert value("cma_total") == meminfo(mem, "CmaTotal"), (where, fp["cma_total"])
    assert value("vm.overcommit_memory") == int(read(folder, "overcommit_memory.txt")), \
        (where, fp["vm.overcommit_memory"])
    thp = read(folder, "thp_enabled.txt")
    if thp:
        assert value("transparent_hugepage") == re.search(r"\[(\w+)\]", thp).group(1), \
            (where, fp["transparent_hugepage"], thp)
    kfence = read(folder, "kfence_sample_interval.txt")
    want_kfence = int(kfence) if kfence else None
    assert value("kfence.sample_interval") == want_kfence, (where, fp["kfence.sample_interval"])
    assert isinstance(value("mitigations"), dict), (where, fp["mitigations"])
    assert value("slub_debug") is not None, (where, fp["slub_debug"])
    return fp


def main():
    default_dir, off_dir, cmp_json, cmp_stderr, cmp_text, cmp_md = sys.argv[1:7]
    base = check_boot(default_dir, None)
    new = check_boot(off_dir, "init_on_alloc=0")
    assert base["init_on_alloc"]["value"] == "on", base["init_on_alloc"]
    assert new["init_on_alloc"]["value"] == "off", new["init_on_alloc"]

    with open(cmp_json, encoding="utf-8") as f:
        diffs = json.load(f)["comparisons"][0]["environment_differences"]
    assert [(d["field"], d["base"], d["new"]) for d in diffs] == \
        [("system.fingerprint.init_on_alloc", "on", "off")], diffs
    line = 'system.fingerprint.init_on_alloc: "on" (base) vs "off" (new)'
    for path in (cmp_stderr, cmp_text):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert text.count("system.fingerprint.") == 1 and line in text, (path, text)
    with open(cmp_md, encoding="utf-8") as f:
        text = f.read()
    assert text.count("system.fingerprint.") == 1 and "init_on_alloc" in text, text
    print("fingerprint of the default boot: %s" % json.dumps(
        {k: v["value"] for k, v in base.items()}, sort_keys=True))


main()
