#!/usr/bin/python3
"""Writes n tied (truth, score) pairs to a raw float64 file (unless it exists) and times
scipy.stats.spearmanr on them. Usage: scipy_peer.py <data.f64> [n] [repeats]"""
import os
import sys
import time

import numpy as np
import scipy
from scipy.stats import spearmanr

path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 7
rng = np.random.default_rng(42)
# Two decimals on a unit-scale normal: about 800 distinct values, so heavy ties on both sides.
truth = np.round(rng.normal(0, 1, n), 2)
score = np.round(0.5 * truth + rng.normal(0, 1, n), 2)
if not os.path.exists(path):
    np.concatenate([truth, score]).astype("<f8").tofile(path)

rho = spearmanr(truth, score).correlation  # warm-up
times = []
for _ in range(repeats):
    t0 = time.perf_counter()
    rho = spearmanr(truth, score).correlation
    times.append(time.perf_counter() - t0)
times.sort()
print(f"scipy {scipy.__version__} spearmanr n={n} rho={rho!r} best={times[0]:.4f}s median={times[len(times) // 2]:.4f}s")
