#!/usr/bin/env bash
# Spearman of pls and ridge on the ProteinGym assays (benchmarks/data/*.zip) for the three fold
# schemes, ProteinGym's rule (FORMATS.md §D.5): all folds' held-out predictions pooled, targets
# standardised per fold with the training folds' mean and std (the SDK's fold contract), next to
# ProteinGym's published "One-Hot Encodings" numbers.
# Usage: bench/SupervisedFit/proteingym_spearman.sh  (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for m in pls ridge; do dotnet build -c Release -v q --nologo "models/$m" >/dev/null; done
for archive in benchmarks/data/*.zip; do
  for m in pls ridge; do
    for scheme in random modulo contiguous; do
      dotnet "models/$m/bin/Release/net10.0/$m.dll" train --dataset-file "$archive" \
        --model-toml-file "models/$m/manifest.toml" --output-dir "$work/$m/$scheme" \
        --model-path "$work/models/$m.pkl" --split "$scheme" --target DMS_score 2>"$work/log" \
        || { cat "$work/log"; exit 1; }
    done
  done
done
/usr/bin/python3 - "$work" ../shared/data/proteingym/published_scores.csv <<'PY'
import glob, os, sys
import pandas as pd
from scipy.stats import spearmanr
work, published = sys.argv[1], pd.read_csv(sys.argv[2])
rows = {}
for path in sorted(glob.glob(f"{work}/*/*/*.csv")):
    model, scheme = path.split("/")[-3:-1]
    df = pd.read_csv(path)
    dms = os.path.basename(path)[: -len(f"_{model}.csv")]
    rows.setdefault((dms, scheme), {})[model] = spearmanr(df.test, df.pred).correlation
pub = published[(published.model == "One-Hot Encodings") & (published.metric == "Spearman")]
print("| assay | scheme | pg2 pls | pg2 ridge | ProteinGym One-Hot |")
print("|---|---|---|---|---|")
for (dms, scheme), r in sorted(rows.items()):
    p = pub[(pub.DMS_id == dms) & (pub.setting == f"supervised fold_{scheme}_5")].value
    print(f"| {dms} | {scheme} | {r.get('pls', float('nan')):.3f} | {r.get('ridge', float('nan')):.3f} | {p.iloc[0] if len(p) else 'n/a'} |")
PY
