#!/usr/bin/python3
"""Reference numbers for the PLS tests: scikit-learn 1.2 PLSRegression(n_components, scale=True).

Run with Debian's python (numpy, scikit-learn 1.2): /usr/bin/python3 make_fixtures.py
Writes pls_cases.json next to this script. Inputs are stored with the outputs, except the neime
case, which reads ../shared/data/seed/neime/dataset.zip (rows 0..299 train, 300..399 predict).
"""
import io, json, os, zipfile
import numpy as np
import pandas as pd
from sklearn.cross_decomposition import PLSRegression

ALPHABET = list("ACDEFGHIKLMNPQRSTVWY")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))  # repository root


def one_hot(seqs):
    eye = np.eye(len(ALPHABET))
    return np.array([np.concatenate([eye[ALPHABET.index(c)] for c in s]) for s in seqs])


def pls(x, y, xt, k):
    m = PLSRegression(n_components=k).fit(x, y)
    return np.asarray(m.predict(xt)), m


rng = np.random.default_rng(7)
cases = []

# dense, one target
x = rng.normal(size=(60, 8)) * rng.uniform(0.5, 3, size=8) + rng.normal(size=8)
y = x @ rng.normal(size=8) + rng.normal(scale=0.5, size=60)
xt = rng.normal(size=(15, 8))
pred, m = pls(x, y, xt, 3)
cases.append(dict(name="dense_q1_k3", kind="dense", components=3, x=x.tolist(), y=[y.tolist()], x_test=xt.tolist(),
                  pred=[pred.ravel().tolist()], n_iter=[int(i) for i in m.n_iter_]))

# dense, two targets (power method iterates), with a constant column
x = rng.normal(size=(50, 6)); x[:, 2] = 4.0
Y = np.column_stack([x @ rng.normal(size=6), x @ rng.normal(size=6) + rng.normal(size=50)])
xt = rng.normal(size=(10, 6)); xt[:, 2] = 4.0
pred, m = pls(x, Y, xt, 2)
cases.append(dict(name="dense_q2_k2", kind="dense", components=2, x=x.tolist(), y=Y.T.tolist(), x_test=xt.tolist(),
                  pred=pred.T.tolist(), n_iter=[int(i) for i in m.n_iter_]))

# one-hot synthetic, L = 12 with a conserved position (constant columns)
def rand_seqs(n, l):
    s = ["".join(rng.choice(ALPHABET, size=l)) for _ in range(n)]
    return ["A" + t[1:] for t in s]
seqs = rand_seqs(200, 12); tseqs = rand_seqs(40, 12)
yv = one_hot(seqs) @ rng.normal(size=240) + rng.normal(scale=0.3, size=200)
pred, m = pls(one_hot(seqs), yv, one_hot(tseqs), 2)
cases.append(dict(name="onehot_synthetic_k2", kind="onehot", components=2, sequences=seqs, y=[yv.tolist()],
                  test_sequences=tseqs, pred=[pred.ravel().tolist()], n_iter=[int(i) for i in m.n_iter_]))

# one-hot on neime (real DMS sequences, L = 161)
with zipfile.ZipFile(os.path.join(ROOT, "../shared/data/seed/neime/dataset.zip")) as z:
    df = pd.read_csv(io.BytesIO(z.read("assays.csv")))
train, test = df.iloc[:300], df.iloc[300:400]
for k in (2, 5):
    pred, m = pls(one_hot(train.sequence), train.DMS_score.values, one_hot(test.sequence), k)
    cases.append(dict(name=f"onehot_neime_k{k}", kind="neime", components=k, train_rows=[0, 300], test_rows=[300, 400],
                      pred=[pred.ravel().tolist()], n_iter=[int(i) for i in m.n_iter_]))

with open(os.path.join(HERE, "pls_cases.json"), "w") as f:
    json.dump(dict(generator="make_fixtures.py", sklearn=__import__("sklearn").__version__, cases=cases), f)
print("wrote", len(cases), "cases")
