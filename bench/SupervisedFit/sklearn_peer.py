#!/usr/bin/python3
"""scikit-learn peer of bench/SupervisedFit: PLSRegression(2) and Ridge(1.0) fit+predict on the
same one-hot data. Usage: sklearn_peer.py <data.csv> <pg2_predictions.csv> [repeats]"""
import sys, time
import numpy as np
import pandas as pd
import sklearn
from sklearn.cross_decomposition import PLSRegression
from sklearn.linear_model import Ridge

data, ours = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 1
alphabet = np.frombuffer(b"ACDEFGHIKLMNPQRSTVWY", dtype=np.uint8)
lookup = np.zeros(256, dtype=np.int64); lookup[alphabet] = np.arange(20)


def encode(seqs):
    codes = lookup[np.frombuffer("".join(seqs).encode(), dtype=np.uint8).reshape(len(seqs), -1)]
    n, l = codes.shape
    x = np.zeros((n, l * 20))
    x[np.arange(n)[:, None], np.arange(l) * 20 + codes] = 1.0
    return x


def best(f):
    t, out = float("inf"), None
    for _ in range(repeats):
        s = time.perf_counter(); out = f(); t = min(t, time.perf_counter() - s)
    return t, out


y = data.y.values
t_enc, x = best(lambda: encode(list(data.sequence)))
t_pls, p_pls = best(lambda: PLSRegression(n_components=2).fit(x, y).predict(x).ravel())
t_ridge, p_ridge = best(lambda: Ridge(alpha=1.0).fit(x, y).predict(x))
rel = lambda a, b: float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)))
print(f"sklearn {sklearn.__version__} encode={t_enc:.3f}s pls_fit_predict={t_pls:.3f}s ridge_fit_predict={t_ridge:.3f}s "
      f"(best of {repeats}); max relative difference to pg2: pls {rel(ours.pls.values, p_pls):.1e}, ridge {rel(ours.ridge.values, p_ridge):.1e}")
