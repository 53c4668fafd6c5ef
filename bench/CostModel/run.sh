#!/usr/bin/env bash
# Measures the runs the cost model (src/Pg2.Runner/Costs, data/cost-model.json) is fitted on: every shipped
# model family on the shared assays, one game per (model, dataset) on the local engine, each job's wall
# time from its job.json and the game's peak resident set from /usr/bin/time -v (the largest process:
# pg2 or the model it waits for, so an upper bound on the model's own), and each engine's per-job
# start-up overhead (a container that does nothing, 3 times). Writes $OUT (default
# bench/CostModel/runs.json) in the cost table's "runs" layout, then refits the table from it:
#   bench/CostModel/run.sh                      # measure + refit data/cost-model.json
#   ./pg2 benchmark fit-costs --runs bench/CostModel/runs.json -o data/cost-model.json   # refit only
# MODELS / DATASETS override the lists; ROOT runs another checkout's pg2 (e.g. a snapshot).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
root="${ROOT:-$repo}"
work="${WORK_DIR:-$(mktemp -d)}"
out="${OUT:-$here/runs.json}"
data="$repo/benchmarks/data"
zero_shot="${ZERO_SHOT_DATASETS:-$data/ENVZ_ECOLI_Ghose_2023.zip $data/DYR_ECOLI_Thompson_2019.zip $data/BLAT_ECOLX_Jacquier_2013.zip $repo/../shared/data/pgdata-b1/NEIME_2019.pgdata}"
supervised="${SUPERVISED_DATASETS:-$data/ENVZ_ECOLI_Ghose_2023.zip $data/DYR_ECOLI_Thompson_2019.zip $data/BLAT_ECOLX_Jacquier_2013.zip}"
"$root/pg2" --help >/dev/null   # build the CLI once, outside the measurements
runs="$work/runs.jsonl"; : >"$runs"

measure() { # $1 = kind, $2 = model, $3 = dataset, $4 = target
  local name; name="$(basename "$3" | sed 's/\..*//')-$2"
  local dir="$work/$name"; rm -rf "$dir"; mkdir -p "$dir"
  local split=""; [[ $1 == supervised ]] && split=$'splits = ["modulo"]\nfolds = 5'
  cat >"$dir/game.toml" <<TOML
name = "cost"
kind = "$1"
metrics = ["spearman"]
[[datasets]]
path = "$3"
target = "$4"
$split
[[models]]
path = "$repo/models/$2"
TOML
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  # A failed game says why (pg2's error goes to stderr, with time's report) and is not recorded.
  /usr/bin/time -v "$root/pg2" benchmark run "$dir/game.toml" --results "$dir/results" --quiet >"$dir/out.log" 2>"$dir/time.log" ||
    { echo "$1 $2 $(basename "$3"): failed: $(grep -v '^\s' "$dir/time.log" | head -3)"; return 0; }
  local kb; kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.log")
  [[ -z "${RECORD-1}" ]] && return 0
  /usr/bin/python3 - "$dir/results" "$2" "$3" "$kb" "$load" >>"$runs" <<'PY'
import json, pathlib, sys
results, model, dataset, kb, load = sys.argv[1:]
for rec in pathlib.Path(results).rglob("job.json"):
    r = json.loads(rec.read_text())
    if r.get("status") != "succeeded": continue
    print(json.dumps({"model": model, "engine": "local", "dataset": dataset, "seconds": round(r["duration_seconds"], 3),
                      "peak_bytes": int(kb) * 1024, "load_average": float(load)}))
PY
  echo "$1 $2 $(basename "$3"): peak $((kb / 1024)) MB, load $load"
}

# A seed archive's assay column is DMS_score; a .pgdata archive names its target "target".
target_of() { [[ $1 == *.pgdata ]] && echo target || echo DMS_score; }

# Each model's first game builds it (outside the job's time, but inside the game's peak memory):
# a warm-up game on the first dataset, not recorded, comes first.
for m in ${MODELS:-site-independent evmutation pls ridge}; do
  case $m in
    site-independent|evmutation) set -- $zero_shot; RECORD= measure zero-shot "$m" "$1" DMS_score >/dev/null ;;
    *) set -- $supervised; RECORD= measure supervised "$m" "$1" DMS_score >/dev/null ;;
  esac
  case $m in
    site-independent|evmutation) for d in $zero_shot; do measure zero-shot "$m" "$d" "$(target_of "$d")"; done ;;
    *) for d in $supervised; do measure supervised "$m" "$d" DMS_score; done ;;
  esac
done

overhead() { # $1 = engine, $2... = command
  for i in 1 2 3; do
    local t0 t1; t0=$(date +%s.%N); timeout 120 "${@:2}" >/dev/null 2>&1 || { echo "$1: not measured (${*:2} failed)"; return 0; }; t1=$(date +%s.%N)
    echo "{\"engine\": \"$1\", \"seconds\": $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'), \"load_average\": $(cut -d' ' -f1 /proc/loadavg)}" >>"$runs"
  done
}
# A container that only starts and exits (the pls image built by the runs above: `model build` / the engine).
command -v docker >/dev/null && overhead docker docker run --rm --entrypoint /bin/true "${OVERHEAD_IMAGE:-pg2/pls:latest}"
command -v podman >/dev/null && overhead podman podman run --rm --entrypoint /bin/true "localhost/${OVERHEAD_IMAGE:-pg2/pls:latest}"

/usr/bin/python3 - "$runs" "$out" "$(date -u +%Y-%m-%dT%H:%MZ)" <<'PY'
import json, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
json.dump({"measured": sys.argv[3], "runs": runs}, open(sys.argv[2], "w"), indent=1)
print(f"{len(runs)} runs -> {sys.argv[2]}")
PY
if [[ -z "${NO_FIT:-}" ]]; then "$repo/pg2" benchmark fit-costs --runs "$out" -o "$repo/data/cost-model.json"; fi
