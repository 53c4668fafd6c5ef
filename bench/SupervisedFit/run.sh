#!/usr/bin/env bash
# Times pg2's one-hot PLS (2 components) and ridge (alpha 1) fit+predict on n = 20,000 sequences
# of length 250 (5,000 features) next to scikit-learn's PLSRegression and Ridge on the same data.
# Usage: bench/SupervisedFit/run.sh [n] [L] [repeats]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-20000}; l=${2:-250}; repeats=${3:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 make_data.py "$work/data.csv" "$n" "$l"
dotnet build -c Release -v q --nologo . >/dev/null
dotnet bin/Release/net10.0/SupervisedFit.dll "$work/data.csv" "$work/pg2.csv" "$repeats" | tee "$work/pg2.txt"
/usr/bin/python3 sklearn_peer.py "$work/data.csv" "$work/pg2.csv" 1 | tee "$work/sk.txt"
/usr/bin/python3 - "$work/pg2.txt" "$work/sk.txt" <<'PY'
import re, sys
get = lambda f, k: float(re.search(k + r"=([0-9.]+)s", open(f).read()).group(1))
for k in ("pls_fit_predict", "ridge_fit_predict"):
    a, b = get(sys.argv[1], k), get(sys.argv[2], k)
    print(f"{k}: pg2 {a:.3f}s, scikit-learn {b:.3f}s -> pg2 is {b / a:.1f}x faster")
PY
