#!/usr/bin/python3
"""Checks that two models of one game have the same leaderboard values (CI, "Bring your own model").

    .ci/byo-compare.py <leaderboard.csv> [model-a] [model-b] [tolerance]   (defaults: pls pls-python 1e-6)

Every metric cell of model-a's rows must equal model-b's on the same (game, dataset, split, target)
within the tolerance (absolute), both must have the same rows, and no row may be empty or failed.
Prints one line per compared row; exits 1 on any difference.
"""
import csv
import math
import sys

path = sys.argv[1]
a, b = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("pls", "pls-python")
tol = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-6
rows = list(csv.DictReader(open(path, newline="")))
metrics = [c for c in (rows[0].keys() if rows else []) if c not in ("game", "model", "dataset", "split", "target", "dms_id", "jobs", "failed")]
key = lambda r: (r["game"], r["dataset"], r["split"], r["target"])
left = {key(r): r for r in rows if r["model"] == a}
right = {key(r): r for r in rows if r["model"] == b}
problems = []
if not left:
    problems.append(f"no rows of model {a}")
if set(left) != set(right):
    problems.append(f"rows differ: only {a}: {sorted(set(left) - set(right))}; only {b}: {sorted(set(right) - set(left))}")
worst = 0.0
for k in sorted(set(left) & set(right)):
    ra, rb = left[k], right[k]
    if ra["failed"] != "0" or rb["failed"] != "0":
        problems.append(f"{k}: failed jobs ({a}: {ra['failed']}, {b}: {rb['failed']})")
    compared = 0
    for m in metrics:
        va, vb = ra[m], rb[m]
        if va == "" and vb == "":
            continue
        if (va == "") != (vb == ""):
            problems.append(f"{k} {m}: {a} '{va}' vs {b} '{vb}'")
            continue
        x, y = float(va), float(vb)
        d = 0.0 if (math.isnan(x) and math.isnan(y)) else abs(x - y)
        worst = max(worst, d)
        compared += 1
        if not d <= tol:
            problems.append(f"{k} {m}: {a} {x!r} vs {b} {y!r} (|Δ| = {d:.3g} > {tol:g})")
    if compared == 0:
        problems.append(f"{k}: no metric values")
    print(f"{'/'.join(p for p in k if p)}: {compared} values compared")
print(f"largest |{a} - {b}| = {worst:.3g} over {len(left)} rows (tolerance {tol:g})")
for p in problems:
    print("DIFFERENCE:", p)
sys.exit(1 if problems else 0)
