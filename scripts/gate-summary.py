#!/usr/bin/python3
"""Counts what scripts/gate-calibration's comparisons found.

Usage: gate-summary.py RUNS-DIR RUNS API PCT THRESHOLD WALL-S RETRIED BOOTS
Reads RUNS-DIR/<i>/aa.json and ab.json (kmembench compare --format json) for
i = 1..RUNS, prints the false alarms of the A/A comparisons and the catches
of the A/B ones, and exits 1 when either misses its target (at most one
false alarm in 20, at least 19 catches in 20).
"""
import json, os, sys
root, runs, api = sys.argv[1], int(sys.argv[2]), sys.argv[3]
pct, thr, wall, retried, nboots = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
target = lambda p: p["id"].startswith(f"kernel/{api}/") and p["phase"] == "alloc"
short = lambda p: p["id"].split("/", 2)[2].replace("/gfp=KERNEL", "").replace("/ctx=process/threads=1", "") + " " + p["phase"]

def verdict(p, t):  # what compare says at threshold t percent
    ch = p["ratio"] - 1
    if p.get("rule") == "exact":  # no test: beyond the floor of 2 instructions
        sig = abs(p["new_median"] - p["base_median"]) > 2
    else:
        sig = p["p_adjusted"] < 0.05
    return "regression" if sig and ch > t / 100 else "improvement" if sig and ch < -t / 100 else None

aa_reg = aa_reg5 = aa_imp = ab_fired = ab_all = ab_other = ab_ok = cover = ntarget = 0
aa_pairs, others, per_target, changes = {}, {}, {}, []
for i in range(1, runs + 1):
    load = lambda n: json.load(open(os.path.join(root, str(i), n + ".json")))["comparisons"][0]["pairs"]
    aa, ab = load("aa"), load("ab")
    reg = [p for p in aa if verdict(p, thr) == "regression"]
    aa_reg += bool(reg)
    aa_reg5 += any(verdict(p, 5) == "regression" for p in aa)
    aa_imp += any(verdict(p, thr) == "improvement" for p in aa)
    for p in reg:
        aa_pairs[short(p)] = aa_pairs.get(short(p), 0) + 1
    tg = [p for p in ab if target(p)]
    hit = [p for p in tg if verdict(p, thr) == "regression"]
    other = [p for p in ab if not target(p) and verdict(p, thr)]
    for p in other:
        k = short(p) + " " + verdict(p, thr)
        others[k] = others.get(k, 0) + 1
    for p in tg:
        per_target[short(p)] = per_target.get(short(p), 0) + (p in hit)
        ntarget += 1
        changes.append(100 * (p["ratio"] - 1))
        cover += p["ci_low"] <= 1 + pct / 100 <= p["ci_high"]
    ab_fired += bool(hit)
    ab_all += bool(tg) and len(hit) == len(tg)
    ab_other += bool(other)
    ab_ok += bool(hit) and not other
print(f"A/A: {aa_reg} of {runs} flagged a regression at threshold {thr:g} % ({aa_reg5} at 5 %), "
      f"{aa_imp} an improvement; target <= {runs // 20}")
for k, v in sorted(aa_pairs.items(), key=lambda kv: -kv[1]):
    print(f"       {v} x {k}")
print(f"A/B: {ab_ok} of {runs} caught +{pct:g} % on {api} and flagged nothing else; target >= {runs - runs // 20}")
print(f"       {ab_fired} flagged at least one {api} alloc pair, {ab_all} every one of them, "
      f"{ab_other} something else")
for k, v in per_target.items():
    print(f"       {v} of {runs}: {k}")
for k, v in sorted(others.items(), key=lambda kv: -kv[1]):
    print(f"       {v} x {k}")
if changes:
    changes.sort()
    print(f"     {api} alloc pairs: change {changes[0]:+.1f} .. {changes[-1]:+.1f} %, median "
          f"{changes[len(changes) // 2]:+.1f} %; the 95 % CI held +{pct:g} % in {cover} of {ntarget}")
print(f"wall time: {wall // 60} min {wall % 60} s for {nboots} boots "
      f"({retried} booted again after a guest failure)")
sys.exit(0 if aa_reg <= runs // 20 and ab_ok >= runs - runs // 20 else 1)
