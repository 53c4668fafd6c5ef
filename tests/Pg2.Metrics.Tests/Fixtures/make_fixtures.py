#!/usr/bin/python3
"""Reference values for Pg2.Metrics tests.

Run with Debian's python (numpy, scipy 1.10, scikit-learn 1.2):
    /usr/bin/python3 tests/Pg2.Metrics.Tests/Fixtures/make_fixtures.py
Writes metrics_reference.json next to this script. Spearman/Pearson/AUC/MCC come straight from
scipy/sklearn (ProteinGym's code path); NDCG and top recall are ProteinGym's calc_ndcg /
calc_toprecall re-written from FORMATS.md §D.5, with a *stable* argsort (our documented tie rule);
top-k recovery follows FORMATS.md §D.4 with the same stable descending order.
"""
import json
import math
import os
import warnings

import numpy as np
import scipy
import sklearn
from scipy.stats import spearmanr, pearsonr
from sklearn.metrics import roc_auc_score, matthews_corrcoef

warnings.simplefilter("ignore")


def minmax(x):
    return (x - np.min(x)) / (np.max(x) - np.min(x))


def calc_ndcg(y_true, y_score, top=10):
    k = int(np.floor(y_true.shape[0] * (top / 100)))
    gains = minmax(y_true)
    ranks = np.argsort(np.argsort(-y_score, kind="stable"), kind="stable") + 1
    ranks_k = ranks[ranks <= k]
    gains_k = gains[ranks <= k]
    ranks_fil = ranks_k[gains_k != 0]
    gains_fil = gains_k[gains_k != 0]
    if len(ranks_fil) == 0:
        return 0.0
    dcg = np.sum([g / np.log2(r + 1) for r, g in zip(ranks_fil, gains_fil)])
    ideal_ranks = np.argsort(np.argsort(-gains, kind="stable"), kind="stable") + 1
    ideal_ranks_k = ideal_ranks[ideal_ranks <= k]
    ideal_gains_k = gains[ideal_ranks <= k]
    ideal_ranks_fil = ideal_ranks_k[ideal_gains_k != 0]
    ideal_gains_fil = ideal_gains_k[ideal_gains_k != 0]
    idcg = np.sum([g / np.log2(r + 1) for r, g in zip(ideal_ranks_fil, ideal_gains_fil)])
    return float(dcg / idcg)


def calc_toprecall(true_scores, model_scores, top_true=10, top_model=10):
    top_true = true_scores >= np.percentile(true_scores, 100 - top_true)
    top_model = model_scores >= np.percentile(model_scores, 100 - top_model)
    tp = top_true & top_model
    return float(tp.sum() / top_true.sum())


def recovery(truth, score, k):
    if k is None or k <= 0:
        return None
    top_t = set(np.argsort(-truth, kind="stable")[:k].tolist())
    top_s = set(np.argsort(-score, kind="stable")[:k].tolist())
    return len(top_t & top_s) / k


def auc(labels, score):
    try:
        return float(roc_auc_score(labels, score))
    except ValueError:
        return float("nan")


def mcc(labels, score):
    median = np.median(score)
    pred_bin = (score >= median).astype(int)
    return float(matthews_corrcoef(labels.astype(int), pred_bin))


def num(x):
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def case(name, truth, score, labels=None, cutoff=None, top_k=None):
    truth = np.asarray(truth, dtype=float)
    score = np.asarray(score, dtype=float)
    if labels is not None:
        lab = np.asarray(labels, dtype=float)
    else:
        c = np.median(truth) if cutoff is None else cutoff
        lab = (truth >= c).astype(float)
    n = len(truth)
    expected = {
        "spearman": num(spearmanr(truth, score).correlation),
        "pearson": num(pearsonr(truth, score)[0]) if n >= 2 else None,
        "mse": num(np.mean((truth - score) ** 2)),
        "auc": num(auc(lab, score)),
        "mcc": num(mcc(lab, score)),
        "ndcg": num(calc_ndcg(truth, score)),
        "top_recall": num(calc_toprecall(truth, score)),
        "recovery": num(recovery(truth, score, top_k)),
    }
    return {
        "name": name,
        "truth": truth.tolist(),
        "score": score.tolist(),
        "labels": None if labels is None else lab.tolist(),
        "cutoff": cutoff,
        "top_k": top_k,
        "expected": expected,
    }


def main():
    rng = np.random.default_rng(20261127)
    cases = []
    cases.append(case("tiny_n5", [1.0, 2.0, 3.0, 4.0, 5.0], [5.0, 6.0, 7.0, 8.0, 7.0], top_k=2))
    cases.append(case("n2", [0.5, -1.0], [2.0, 3.0]))
    cases.append(case("n3_ties", [1.0, 1.0, 2.0], [3.0, 2.0, 2.0], top_k=1))
    t = rng.integers(0, 5, 200).astype(float)
    s = np.round(t + rng.normal(0, 1.5, 200))
    cases.append(case("heavy_ties_n200", t, s, top_k=20))
    t = rng.normal(-2, 3, 1000)
    s = 0.4 * t + rng.normal(0, 2, 1000) - 5
    cases.append(case("negative_n1000", t, s, cutoff=-1.5, top_k=50))
    t = rng.normal(0, 1, 300)
    cases.append(case("constant_score", t, np.full(300, 0.25), top_k=10))
    cases.append(case("constant_truth", np.full(300, -3.0), rng.normal(0, 1, 300), top_k=10))
    t = np.round(rng.normal(0, 1, 5000), 1)
    s = np.round(0.3 * t + rng.normal(0, 1, 5000), 1)
    cases.append(case("ties_n5000", t, s, top_k=100))
    t = rng.normal(0, 1, 400)
    s = np.round(t * 2) / 2 + rng.normal(0, 0.1, 400)
    labels = (rng.random(400) < 0.3).astype(float)
    cases.append(case("explicit_labels_n400", t, s, labels=labels, top_k=40))
    # Ties across the top-10 % boundary: the stable order decides NDCG and recovery.
    t = np.arange(60, dtype=float)[::-1].copy()
    s = np.concatenate([np.full(10, 1.0), np.zeros(50)])
    rng.shuffle(s)
    cases.append(case("boundary_ties_n60", t, s, top_k=6))
    cases.append(case("single_class_labels", [1.0, 2.0, 3.0, 4.0], [0.1, 0.4, 0.2, 0.3], labels=[1, 1, 1, 1], top_k=2))
    cases.append(case("anti_correlated_n50", np.arange(50.0), -np.arange(50.0) ** 3, top_k=5))
    t = rng.standard_t(3, 2500)
    s = np.exp(t / 3) + rng.normal(0, 0.3, 2500)
    cases.append(case("heavy_tails_n2500", t, s, cutoff=0.0, top_k=25))
    # Real DMS scores (ProteinGym BLAT_ECOLX_Jacquier_2013: heavy ties, its own DMS_score_bin labels)
    # against a synthetic tied predictor.
    here = os.path.dirname(os.path.abspath(__file__))
    blat = os.path.join(here, "..", "..", "..", "..", "shared", "data", "proteingym",
                        "BLAT_ECOLX_Jacquier_2013", "BLAT_ECOLX_Jacquier_2013.csv")
    if os.path.exists(blat):
        import pandas as pd
        d = pd.read_csv(blat)
        t = d["DMS_score"].to_numpy(dtype=float)
        s = np.round(t + rng.normal(0, 0.8, len(t)), 1)
        cases.append(case("blat_ecolx_real_scores", t, s, labels=d["DMS_score_bin"].to_numpy(dtype=float), top_k=50))
    out = {
        "generator": "make_fixtures.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, allow_nan=False)
        f.write("\n")
    for c in cases:
        print(c["name"], c["expected"])


if __name__ == "__main__":
    main()
