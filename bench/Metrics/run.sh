#!/usr/bin/env bash
# Spearman on 1,000,000 pairs with heavy ties: pg2 (Pg2.Metrics.Spearman) next to scipy.stats.spearmanr
# on the same data, same machine (Debian's /usr/bin/python3 with scipy).
# Usage: bench/Metrics/run.sh [n] [repeats]
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-1000000}; repeats=${2:-7}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 scipy_peer.py "$work/pairs.f64" "$n" "$repeats" | tee "$work/scipy.txt"
dotnet build -c Release -v q --nologo . >/dev/null
dotnet bin/Release/net10.0/Pg2.Bench.Metrics.dll "$work/pairs.f64" "$repeats" | tee "$work/pg2.txt"
/usr/bin/python3 - "$work/pg2.txt" "$work/scipy.txt" <<'PY'
import re, sys
read = lambda f: open(f).read()
get = lambda s, k: float(re.search(k + r"=([-0-9.e]+)", s).group(1))
pg2, sp = read(sys.argv[1]), read(sys.argv[2])
a, b = get(pg2, "best"), get(sp, "best")
print(f"spearman: pg2 {a:.4f}s, scipy {b:.4f}s -> pg2 is {b / a:.1f}x faster (best of runs); "
      f"|rho difference| = {abs(get(pg2, 'rho') - get(sp, 'rho')):.1e}")
PY
