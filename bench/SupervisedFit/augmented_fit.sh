#!/usr/bin/env bash
# Fit + predict time of ridge-augmented (one-hot + one covariate, exact dual: an n × n Cholesky
# factor) next to one-hot ridge on the same rows: n = 5,000 sequences of length 250 by default.
# Usage: bench/SupervisedFit/augmented_fit.sh [n] [L] [repeats]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-5000}; l=${2:-250}; repeats=${3:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 make_data.py "$work/data.csv" "$n" "$l"
dotnet build -c Release -v q --nologo . >/dev/null
dotnet bin/Release/net10.0/SupervisedFit.dll augmented "$work/data.csv" "$repeats"
