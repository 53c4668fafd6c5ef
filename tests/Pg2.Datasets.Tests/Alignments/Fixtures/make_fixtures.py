"""Independent numpy reference for the EVcouplings/plmc alignment preprocessing (FORMATS.md §I).

Run with Debian's python: /usr/bin/python3 make_fixtures.py  (writes preprocessing.json beside it).
Focus columns = upper-case focus characters; sequences with characters outside -ACDEFGHIKLMNPQRSTVWY
(after '.' -> '-', case-insensitive) discarded; weights at 80 % identity incl. gap-gap matches;
frequencies over the 20 residues.
"""
import json, os
import numpy as np

ALPHABET = "-ACDEFGHIKLMNPQRSTVWY"
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "../../../../../shared/data/proteingym"))


def read(path, a3m):
    ids, rows, cur = [], [], None
    for line in open(path):
        line = line.rstrip()
        if not line:
            continue
        if line[0] == ">":
            if cur is not None:
                rows.append("".join(cur))
            ids.append(line[1:].split()[0])
            cur = []
        else:
            if a3m:
                line = "".join(c for c in line if not (c.islower() or c == "."))
            cur.append(line)
    rows.append("".join(cur))
    return ids, rows


def preprocess(path, a3m=False, theta=0.8):
    ids, rows = read(path, a3m)
    focus = rows[0]
    cols = [i for i, c in enumerate(focus) if c.isupper()]
    code = {c: k for k, c in enumerate(ALPHABET)}
    kept, X = [], []
    for r, row in enumerate(rows):
        up = row.replace(".", "-").upper()
        if any(c not in code for c in up):
            continue
        kept.append(r)
        X.append([code[up[i]] for i in cols])
    X = np.array(X, dtype=np.int16)
    L = X.shape[1]
    ident = np.zeros((len(X), len(X)), dtype=np.int32)
    for a in range(21):
        oh = (X == a).astype(np.float32)
        ident += (oh @ oh.T).astype(np.int32)
    neighbours = (ident >= theta * L).sum(axis=1)
    w = 1.0 / neighbours
    f = np.zeros((L, 20))
    for a in range(1, 21):
        f[:, a - 1] = ((X == a) * w[:, None]).sum(axis=0)
    s = f.sum(axis=1, keepdims=True)
    f = np.where(s > 0, f / np.where(s > 0, s, 1), 1.0 / 20)
    return dict(records=len(rows), kept=len(kept), sites=L, neff=float(w.sum()),
                first_weights=[float(x) for x in w[:20]], weight_checksum=float((w * np.arange(1, len(w) + 1)).sum()),
                f_site0=[float(x) for x in f[0]], f_last=[float(x) for x in f[-1]],
                f_checksum=float((f * np.arange(1, f.size + 1).reshape(f.shape)).sum()))


out = {
    "DHFR": preprocess(os.path.join(DATA, "DYR_ECOLI_Thompson_2019/DHFR.a2m")),
    "ENVZ": preprocess(os.path.join(DATA, "ENVZ_ECOLI_Ghose_2023/ENVZ_ECOLI_extreme_filtered.a2m")),
    "BLAT": preprocess(os.path.join(DATA, "BLAT_ECOLX_Jacquier_2013/BLAT_ECOLX_ColabFold_2202.a3m"), a3m=True),
}
with open(os.path.join(HERE, "preprocessing.json"), "w") as fh:
    json.dump(out, fh, indent=1)
for k, v in out.items():
    print(k, v["records"], v["kept"], v["sites"], v["neff"], v["first_weights"][:6])
