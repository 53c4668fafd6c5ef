#!/usr/bin/env bash
# Spearman of one-hot ridge, ridge-augmented (fixed penalties and inner CV) and gp (EVmutation as
# covariate) on the ProteinGym assays
# in benchmarks/data for the three fold schemes, ProteinGym's pooled rule (FORMATS.md §D.5: all
# folds' held-out rows, standardised per fold), next to the covariate's own Spearman on the same
# rows and ProteinGym's published "One-Hot Encodings" and "DeepSequence + One-Hot Encodings".
# The covariate is pg2's own EVmutation score of each variant (benchmarks/data/scores/evmutation,
# written by the zero-shot game), handed over the way every engine does: SM_CHANNEL_COVARIATES.
# Usage: bench/SupervisedFit/proteingym_augmented.sh [archive...]  (default: every benchmarks/data/*.zip;
# prints a Markdown table). RUNS="ridge ridge-augmented" limits the models (default: all four columns).
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for m in ridge ridge-augmented gp; do dotnet build -c Release -v q --nologo "models/$m" >/dev/null; done
# "ridge-augmented-fixed": ridge-augmented with its fixed penalties (inner_cv = false), for comparison.
echo '{"inner_cv": false}' > "$work/fixed.json"
if (( $# )); then archives=("$@"); else archives=(benchmarks/data/*.zip); fi
for archive in "${archives[@]}"; do
  dms=$(basename "$archive" .zip)
  mkdir -p "$work/cov/$dms" && cp "benchmarks/data/scores/evmutation/$dms.csv" "$work/cov/$dms/evmutation.csv"
  for run in ${RUNS:-ridge ridge-augmented ridge-augmented-fixed gp}; do
    m=${run%-fixed}; extra=(); [[ "$run" == *-fixed ]] && extra=(--hyperparameters-file "$work/fixed.json")
    for scheme in random modulo contiguous; do
      SM_CHANNEL_COVARIATES="$work/cov/$dms" dotnet "models/$m/bin/Release/net10.0/$m.dll" train --dataset-file "$archive" \
        --model-toml-file "models/$m/manifest.toml" --output-dir "$work/$run/$scheme" "${extra[@]}" \
        --model-path "$work/models/$run.pkl" --split "$scheme" --target DMS_score 2>"$work/log" \
        || { cat "$work/log"; exit 1; }
      mv "$work/$run/$scheme/${dms}_$m.csv" "$work/$run/$scheme/${dms}_$run.csv" 2>/dev/null || true
      grep -h "inner 5-fold CV\|exact fit on" "$work/log" | sed "s/^/# $dms $run $scheme: /" >&2 || true
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
    if "/cov/" in path: continue
    model, scheme = path.split("/")[-3:-1]
    df = pd.read_csv(path)
    dms = os.path.basename(path)[: -len(f"_{model}.csv")]
    rows.setdefault((dms, scheme), {})[model] = spearmanr(df.test, df.pred).correlation
    if model == "ridge":
        ev = pd.read_csv(f"{work}/cov/{dms}/evmutation.csv")
        key = "mutant" if df.get("mutant") is not None and df.mutant.notna().all() else "sequence"
        score = dict(zip(ev.mutant if key == "mutant" else ev.mutated_sequence, ev.EVmutation))
        rows[(dms, scheme)]["evmutation"] = spearmanr(df.test, df[key].map(score)).correlation
def pub(model, dms, scheme):
    p = published[(published.model == model) & (published.metric == "Spearman") & (published.DMS_id == dms) & (published.setting == f"supervised fold_{scheme}_5")].value
    return f"{p.iloc[0]:.3f}" if len(p) else "n/a"
print("| assay | scheme | EVmutation (zero-shot, same rows) | pg2 ridge (one-hot) | pg2 ridge-augmented, fixed λ | pg2 ridge-augmented, inner CV | pg2 gp | ProteinGym One-Hot | ProteinGym DeepSequence + One-Hot |")
print("|---|---|---|---|---|---|---|---|---|")
order = {"random": 0, "modulo": 1, "contiguous": 2}
for (dms, scheme), r in sorted(rows.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
    cells = " | ".join(f"{r[m]:.3f}" if m in r else "–" for m in ("evmutation", "ridge", "ridge-augmented-fixed", "ridge-augmented", "gp"))
    print(f"| {dms} | {scheme} | {cells} | {pub('One-Hot Encodings', dms, scheme)} | {pub('DeepSequence + One-Hot Encodings', dms, scheme)} |")
PY
