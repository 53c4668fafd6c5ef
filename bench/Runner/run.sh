#!/usr/bin/env bash
# Runner overhead and parallel speed-up, with the docker engine, on the jobs of bench/Runner/bench.toml:
#   1. a plain shell loop of `docker run --rm` over the same 14 jobs (SageMaker mounts, no metrics);
#   2. `pg2 benchmark run --engine docker --force --jobs 1` (the same containers + hashing, scoring,
#      records, leaderboard and HTML report);
#   3. the same with --jobs 2.
# Each is repeated REPEAT times (default 3); the median is reported.
# Needs a Docker daemon (DOCKER_HOST or /var/run/docker.sock) with pg2/pls:latest and pg2/ridge:latest
# (./pg2 model build models/pls; .ci/containers.sh builds them). PG2 overrides the pg2 command.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
PG2="${PG2:-$root/pg2}"
REPEAT="${REPEAT:-3}"
work="$(mktemp -d /tmp/pg2-runner-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

for image in pg2/pls:latest pg2/ridge:latest; do
  docker image inspect "$image" >/dev/null 2>&1 || { echo "missing image $image (./pg2 model build models/${image#pg2/})" >&2; exit 1; }
done
$PG2 benchmark run bench/Runner/bench.toml --engine docker --results "$work/warm" --quiet >/dev/null  # warm-up: CLI build, page cache

mkdir -p "$work/config" && echo '{}' > "$work/config/hyperparameters.json"
shell_loop() {
  local out="$work/loop" n=0
  rm -rf "$out"
  for model in pls ridge; do
    for spec in "seed/charge_ladder:charge" "seed/neime:DMS_score" $(for k in 0 1 2 3 4; do echo "ENVZ_ECOLI_Ghose_2023:DMS_score:$k"; done); do
      IFS=: read -r ds target fold <<<"$spec"
      local args=(train --target "$target") dir="$out/$model/${ds#seed/}${fold:+_fold$fold}"
      [[ -n "$fold" ]] && args+=(--split random --test-fold "$fold")
      mkdir -p "$dir" && chmod 777 "$dir"
      docker run --rm --network none \
        -v "$root/benchmarks/data/$ds.zip:/opt/ml/input/data/training/dataset.zip:ro" \
        -v "$root/models/$model/manifest.toml:/opt/ml/input/data/manifest/manifest.toml:ro" \
        -v "$work/config:/opt/ml/input/config:ro" \
        -v "$dir:/opt/ml/model" "pg2/$model:latest" "${args[@]}" >"$dir.log" 2>&1
      n=$((n + 1))
    done
  done
  [[ $(find "$out" -name '*.csv' | wc -l) -eq $n ]] || { echo "shell loop: missing predictions" >&2; exit 1; }
}
runner() { $PG2 benchmark run bench/Runner/bench.toml --engine docker --force --jobs "$1" --results "$work/runner$1" --quiet >/dev/null; }

seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'; }
calc() { awk "BEGIN {print $1}"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# The runner's own time in a --jobs 1 run: wall time minus the time its containers ran (job.json
# duration_seconds spans create → exit → logs → remove). Robust to a busy machine, unlike wall ratios.
own() { local wall="$1" busy; busy=$(find "$work/runner1" -name job.json -path '*runner_bench*' -exec grep -h '"duration_seconds"' {} + | tr -d ' ,' | cut -d: -f2 | awk '{s += $1} END {print s}'); calc "$wall - $busy"; }

loop=(); j1=(); j2=(); own1=()
for _ in $(seq "$REPEAT"); do
  loop+=("$(seconds shell_loop)")
  t=$(seconds runner 1); j1+=("$t"); own1+=("$(own "$t")")
  j2+=("$(seconds runner 2)")
done
L=$(median "${loop[@]}"); R1=$(median "${j1[@]}"); R2=$(median "${j2[@]}"); O1=$(median "${own1[@]}")
printf 'cores: %s, jobs: 14, repeats: %s (median wall seconds)\n' "$(nproc)" "$REPEAT"
printf '%-40s %8.2f s\n' "shell loop of docker run" "$L"
printf '%-40s %8.2f s  (overhead %+.1f %%)\n' "pg2 benchmark run --jobs 1" "$R1" "$(calc "($R1 / $L - 1) * 100")"
printf '%-40s %8.2f s  (speed-up %.2fx vs --jobs 1)\n' "pg2 benchmark run --jobs 2" "$R2" "$(calc "$R1 / $R2")"
printf '%-40s %8.2f s  (%.1f %% of the --jobs 1 wall time: start-up, hashing, scoring, records, report)\n' "runner's own time, --jobs 1" "$O1" "$(calc "$O1 / $R1 * 100")"
printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
