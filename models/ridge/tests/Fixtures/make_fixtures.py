#!/usr/bin/python3
"""Reference numbers for the ridge tests: scikit-learn 1.2 Ridge(alpha, fit_intercept=True).

Run with Debian's python (numpy, scikit-learn 1.2): /usr/bin/python3 make_fixtures.py
Writes ridge_cases.json next to this script. The neime case reads
../shared/data/seed/neime/dataset.zip (rows 0..299 train, 300..399 predict): more features than
samples, so the dual system is solved; the synthetic one-hot case has fewer features (primal).
"""
import io, json, os, zipfile
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

ALPHABET = list("ACDEFGHIKLMNPQRSTVWY")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))


def one_hot(seqs):
    eye = np.eye(len(ALPHABET))
    return np.array([np.concatenate([eye[ALPHABET.index(c)] for c in s]) for s in seqs])


def ridge(x, y, xt, alpha):
    m = Ridge(alpha=alpha, fit_intercept=True).fit(x, y)
    return m.predict(xt), m


rng = np.random.default_rng(11)
cases = []

x = rng.normal(size=(40, 7)) * 2 + 5
y = x @ rng.normal(size=7) + 3 + rng.normal(scale=0.2, size=40)
xt = rng.normal(size=(12, 7)) * 2 + 5
for alpha in (0.1, 10.0):
    pred, m = ridge(x, y, xt, alpha)
    cases.append(dict(name=f"dense_primal_a{alpha}", kind="dense", alpha=alpha, x=x.tolist(), y=y.tolist(),
                      x_test=xt.tolist(), pred=pred.tolist(), intercept=float(m.intercept_)))

x = rng.normal(size=(15, 30))
y = x @ rng.normal(size=30) + rng.normal(size=15)
xt = rng.normal(size=(5, 30))
pred, m = ridge(x, y, xt, 1.0)
cases.append(dict(name="dense_dual_a1", kind="dense", alpha=1.0, x=x.tolist(), y=y.tolist(), x_test=xt.tolist(),
                  pred=pred.tolist(), intercept=float(m.intercept_)))

def rand_seqs(n, l):
    s = ["".join(rng.choice(ALPHABET, size=l)) for _ in range(n)]
    return ["W" + t[1:] for t in s]
seqs = rand_seqs(500, 15); tseqs = rand_seqs(50, 15)
yv = one_hot(seqs) @ rng.normal(size=300) + rng.normal(scale=0.3, size=500)
pred, m = ridge(one_hot(seqs), yv, one_hot(tseqs), 1.0)
cases.append(dict(name="onehot_synthetic_primal", kind="onehot", alpha=1.0, sequences=seqs, y=yv.tolist(),
                  test_sequences=tseqs, pred=pred.tolist(), intercept=float(m.intercept_)))

with zipfile.ZipFile(os.path.join(ROOT, "../shared/data/seed/neime/dataset.zip")) as z:
    df = pd.read_csv(io.BytesIO(z.read("assays.csv")))
train, test = df.iloc[:300], df.iloc[300:400]
for alpha in (1.0, 100.0):
    pred, m = ridge(one_hot(train.sequence), train.DMS_score.values, one_hot(test.sequence), alpha)
    cases.append(dict(name=f"onehot_neime_dual_a{alpha}", kind="neime", alpha=alpha, train_rows=[0, 300],
                      test_rows=[300, 400], pred=pred.tolist(), intercept=float(m.intercept_)))

with open(os.path.join(HERE, "ridge_cases.json"), "w") as f:
    json.dump(dict(generator="make_fixtures.py", sklearn=__import__("sklearn").__version__, cases=cases), f)
print("wrote", len(cases), "cases")
