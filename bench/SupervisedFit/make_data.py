#!/usr/bin/python3
"""Writes the benchmark data: n sequences of length L (seeded) and a linear target with noise.
Usage: make_data.py <out.csv> [n] [L]"""
import sys
import numpy as np
out = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000; l = int(sys.argv[3]) if len(sys.argv) > 3 else 250
rng = np.random.default_rng(2024)
alphabet = np.array(list("ACDEFGHIKLMNPQRSTVWY"))
# DMS-like: a wild type with a few substitutions per variant, plus some fully random rows.
wt = rng.choice(alphabet, size=l)
codes = np.tile(wt, (n, 1))
k = rng.integers(1, 30, size=n)
for i in range(n):
    pos = rng.choice(l, size=k[i], replace=False)
    codes[i, pos] = rng.choice(alphabet, size=k[i])
effects = rng.normal(size=(l, 20))
idx = np.searchsorted(np.array(sorted(alphabet)), codes)
y = effects[np.arange(l), idx].sum(axis=1) + rng.normal(scale=0.5, size=n)
with open(out, "w") as f:
    f.write("sequence,y\n")
    for row, v in zip(codes, y):
        f.write("".join(row) + "," + repr(float(v)) + "\n")
