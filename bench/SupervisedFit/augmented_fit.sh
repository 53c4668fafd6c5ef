#!/usr/bin/env bash
# Fit + predict time of ridge-augmented (one-hot + one covariate, exact dual: an n × n Cholesky
# factor; fixed penalties and its default inner-CV search) and of gp (evidence search on 1,000 rows,
# exact fit on all n) next to one-hot ridge on the same rows: n = 5,000 sequences of length 250 by default.
# Usage: bench/SupervisedFit/augmented_fit.sh [n] [L] [repeats]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-5000}; l=${2:-250}; repeats=${3:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 make_data.py "$work/data.csv" "$n" "$l"
# The build log is shown when it fails (it went to /dev/null before, which hid why the script stopped).
dotnet build -c Release -v q --nologo . >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; echo "augmented_fit.sh: build failed" >&2; exit 1; }
dotnet bin/Release/net10.0/SupervisedFit.dll augmented "$work/data.csv" "$repeats"
