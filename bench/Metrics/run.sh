#!/usr/bin/env bash
# Spearman on 1,000,000 pairs with heavy ties: pg2 (Pg2.Metrics.Spearman) next to scipy.stats.spearmanr
# on the same data, same machine (Debian's /usr/bin/python3 with scipy). The two alternate for
# `rounds` rounds of `repeats` timed runs each, so a change in machine load hits both; the best
# time of each over all rounds is compared.
# Usage: bench/Metrics/run.sh [n] [repeats] [rounds]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-1000000}; repeats=${2:-7}; rounds=${3:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build -c Release -v q --nologo . >/dev/null
for r in $(seq 1 "$rounds"); do
  /usr/bin/python3 scipy_peer.py "$work/pairs.f64" "$n" "$repeats" | tee -a "$work/scipy.txt"
  dotnet bin/Release/net10.0/Pg2.Bench.Metrics.dll "$work/pairs.f64" "$repeats" | tee -a "$work/pg2.txt"
done
/usr/bin/python3 - "$work/pg2.txt" "$work/scipy.txt" <<'PY'
import re, sys
read = lambda f: open(f).read()
best = lambda s: min(float(x) for x in re.findall(r"best=([0-9.]+)s", s))
rho = lambda s: float(re.search(r"rho=([-0-9.e]+)", s).group(1))
pg2, sp = read(sys.argv[1]), read(sys.argv[2])
a, b = best(pg2), best(sp)
print(f"spearman: pg2 {a:.4f}s, scipy {b:.4f}s -> pg2 is {b / a:.1f}x faster (best over all rounds); "
      f"|rho difference| = {abs(rho(pg2) - rho(sp)):.1e}")
PY
