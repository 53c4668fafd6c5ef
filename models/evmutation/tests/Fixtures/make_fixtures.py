"""Independent numpy reference of plmc's -g objective (FORMATS.md §I) on the ENVZ alignment.

/usr/bin/python3 make_fixtures.py  -> objective.json
Parameters: fields = log(f*Neff+1) centred (plmc's start) + 0.1*cos(20 i + a);
couplings J_ij(a,b) = 0.01*sin(400 p + 20 a + b + 1), p the row-major index of pair i<j.
lambda_h = 0.01, lambda_J = 0.01 * 20 * (L - 1).
"""
import json, os
import numpy as np

ALPHABET = "-ACDEFGHIKLMNPQRSTVWY"
HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.normpath(os.path.join(HERE, "../../../../../shared/data/proteingym/ENVZ_ECOLI_Ghose_2023/ENVZ_ECOLI_extreme_filtered.a2m"))

ids, rows, cur = [], [], None
for line in open(PATH):
    line = line.rstrip()
    if not line:
        continue
    if line[0] == ">":
        if cur is not None:
            rows.append("".join(cur))
        ids.append(line[1:]); cur = []
    else:
        cur.append(line)
rows.append("".join(cur))
cols = [i for i, c in enumerate(rows[0]) if c.isupper()]
code = {c: k for k, c in enumerate(ALPHABET)}
X = np.array([[code[r.replace(".", "-").upper()[i]] for i in cols] for r in rows
              if all(c in code for c in r.replace(".", "-").upper())])
N, L = X.shape
q = 20
ident = sum(((X == a).astype(np.float64) @ (X == a).astype(np.float64).T) for a in range(21))
w = 1.0 / (ident >= 0.8 * L).sum(axis=1)
neff = w.sum()
OH = np.zeros((N, L, q))
for a in range(q):
    OH[:, :, a] = (X == a + 1)
f = (OH * w[:, None, None]).sum(axis=0)
fs = f.sum(axis=1, keepdims=True)
f = np.where(fs > 0, f / np.where(fs > 0, fs, 1), 1 / q)
h = np.log(f * neff + 1.0)
h -= h.mean(axis=1, keepdims=True)
h += 0.1 * np.cos(20 * np.arange(L)[:, None] + np.arange(q)[None, :])
J = np.zeros((L, L, q, q))
p = 0
ab = 20 * np.arange(q)[:, None] + np.arange(q)[None, :]
for i in range(L):
    for j in range(i + 1, L):
        block = 0.01 * np.sin(400 * p + ab + 1)
        J[i, j] = block
        J[j, i] = block.T
        p += 1
lh, lj = 0.01, 0.01 * 20 * (L - 1)

fx = 0.0
dh = np.zeros((L, q))
dJfull = np.zeros((L, L, q, q))  # [i, j, a, b] from site i's conditional
for i in range(L):
    H = h[i][None, :] + np.einsum("jab,sjb->sa", J[i], OH)  # J[i,i]=0
    m = X[:, i] > 0
    H = H[m]
    Hmax = H.max(axis=1, keepdims=True)
    logZ = Hmax[:, 0] + np.log(np.exp(H - Hmax).sum(axis=1))
    own = H[np.arange(H.shape[0]), X[m, i] - 1]
    fx += (w[m] * (logZ - own)).sum()
    P = np.exp(H - logZ[:, None])
    R = w[m][:, None] * (P - OH[m, i, :])
    dh[i] = R.sum(axis=0)
    dJfull[i] = np.einsum("sa,sjb->jab", R, OH[m])
negloglk = fx
dh += 2 * lh * h
fx += lh * (h ** 2).sum()
grad_pairs = []
for i in range(L):
    for j in range(i + 1, L):
        g = dJfull[i, j] + dJfull[j, i].T + 2 * lj * J[i, j]
        fx += lj * (J[i, j] ** 2).sum()
        grad_pairs.append(g)
G = np.array(grad_pairs)
out = dict(sequences=int(N), sites=int(L), neff=float(neff), negloglk=float(negloglk), objective=float(fx),
           grad_h_norm=float(np.sqrt((dh ** 2).sum())), grad_J_norm=float(np.sqrt((G ** 2).sum())),
           grad_h_site3=[float(v) for v in dh[3]],
           grad_J_pair_0_1_row2=[float(v) for v in G[0][2]],
           grad_J_pair_last=[float(v) for v in G[-1].ravel()[:20]])
json.dump(out, open(os.path.join(HERE, "objective.json"), "w"), indent=1)
print(out["objective"], out["negloglk"], out["grad_h_norm"], out["grad_J_norm"])
