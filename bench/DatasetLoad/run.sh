#!/usr/bin/env bash
# Dataset loading: Dataset.FromPath on an archive with a 500,000-row assays.csv (sequences of length 300,
# one numeric target) next to pandas.read_csv on the same CSV, same machine. Each timing is a fresh process;
# best of 3. Peak memory = the process's peak resident set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${WORK_DIR:-$(mktemp -d)}"
rows="${ROWS:-500000}"
dotnet build "$here/DatasetLoad.csproj" -c Release -o "$work/bin" --nologo -v quiet -clp:ErrorsOnly >/dev/null
bench() { dotnet "$work/bin/Pg2.Bench.DatasetLoad.dll" "$@"; }
[[ -f "$work/data/dataset.zip" ]] || bench generate "$work/data" "$rows" 300

pandas() {
  /usr/bin/python3 - "$work/data/assays.csv" <<'PY'
import sys, time, resource
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
s = time.perf_counter() - t
print(f"seconds={s:.3f} peak_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.1f} rows={len(df)}")
PY
}
csv_mb=$(du -m --apparent-size "$work/data/assays.csv" | cut -f1)
echo "assays.csv: ${csv_mb} MB, $rows rows; dataset.zip (deflate): $(du -m --apparent-size "$work/data/dataset.zip" | cut -f1) MB"
# Interleaved rounds, so a change in machine load hits every contender alike; the best round of each is kept.
: >"$work/times.txt"
for round in $(seq "${ROUNDS:-3}"); do
  echo "pandas $(pandas)" >>"$work/times.txt"
  echo "deflate $(bench load "$work/data/dataset.zip")" >>"$work/times.txt"
  echo "stored $(bench load "$work/data/stored.zip")" >>"$work/times.txt"
  echo "strings $(bench load "$work/data/stored.zip" --strings)" >>"$work/times.txt"
done
best() { grep "^$1 " "$work/times.txt" | cut -d' ' -f2- | sort -t= -k2 -g | head -1; }
p=$(best pandas);  echo "pandas.read_csv(assays.csv)          $p"
d=$(best deflate); echo "Dataset.FromPath(dataset.zip)        $d"
s=$(best stored);  echo "Dataset.FromPath(stored.zip)         $s"
t=$(best strings); echo "FromPath(stored.zip) + all sequences as .NET strings  $t"
secs() { sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$1"; }
awk -v p="$(secs "$p")" -v d="$(secs "$d")" -v s="$(secs "$s")" -v t="$(secs "$t")" 'BEGIN {
  printf "speed-up vs pandas: deflate %.1fx, stored %.1fx, stored + strings %.1fx\n", p/d, p/s, p/t }'
