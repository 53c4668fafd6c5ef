"""Reference fields of EVcouplings' to_independent_model (scipy BFGS, tight tolerance) on the first sites of DHFR.a2m.

/usr/bin/python3 make_fixtures.py -> independent.json
"""
import json, os
import numpy as np
from scipy.optimize import minimize

ALPHABET = "-ACDEFGHIKLMNPQRSTVWY"
HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.normpath(os.path.join(HERE, "../../../../../shared/data/proteingym/DYR_ECOLI_Thompson_2019/DHFR.a2m"))
rows, cur = [], None
for line in open(PATH):
    line = line.rstrip()
    if not line:
        continue
    if line[0] == ">":
        if cur is not None:
            rows.append("".join(cur))
        cur = []
    else:
        cur.append(line)
rows.append("".join(cur))
cols = [i for i, c in enumerate(rows[0]) if c.isupper()]
code = {c: k for k, c in enumerate(ALPHABET)}
X = np.array([[code[r.replace(".", "-").upper()[i]] for i in cols] for r in rows
              if all(c in code for c in r.replace(".", "-").upper())])
N, L = X.shape
ident = sum(((X == a).astype(np.float64) @ (X == a).astype(np.float64).T) for a in range(21))
w = 1.0 / (ident >= 0.8 * L).sum(axis=1)
neff = w.sum()
f = np.zeros((L, 20))
for a in range(20):
    f[:, a] = ((X == a + 1) * w[:, None]).sum(axis=0)
f = f / f.sum(axis=1, keepdims=True)
lh = 0.01


def obj(x, fi):
    m = x.max()
    return neff * (m + np.log(np.exp(x - m).sum()) - (fi * x).sum()) + lh * (x ** 2).sum()


def grad(x, fi):
    p = np.exp(x - x.max()); p /= p.sum()
    return neff * (p - fi) + 2 * lh * x


sites = [0, 1, 2, 50, 158]
fields = {}
for i in sites:
    r = minimize(obj, np.zeros(20), jac=grad, args=(f[i],), method="BFGS", options=dict(gtol=1e-10, maxiter=10000))
    fields[str(i)] = [float(v) for v in r.x]
json.dump(dict(neff=float(neff), lambda_h=lh, fields=fields), open(os.path.join(HERE, "independent.json"), "w"), indent=1)
print(neff, fields["0"][:4])
