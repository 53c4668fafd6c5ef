#!/usr/bin/env bash
# EVmutation / site-independent benchmarks (docs/benchmarks.md, "Zero-shot models").
#   bench/Evmutation/run.sh fit      fitting time (wall, CPU-s, peak RSS) on DHFR, ENVZ and BLAT, 100 iterations,
#                                    next to plmc's (run here when `plmc` is on PATH, else FORMATS.md §I's figures)
#   bench/Evmutation/run.sh scores   both models on the ProteinGym archives (+ NEIME .pgdata), ProteinGym's
#                                    zero-shot metrics via `pg2 metric calc`, next to the published values
#   bench/Evmutation/run.sh compare  objective + gradient on DHFR, ENVZ and BLAT: the first implementation vs the
#                                    current one (double, single), interleaved in one run, wall and CPU, + profile
#   bench/Evmutation/run.sh scale    sequence weights and objective on synthetic N × L alignments (docs/benchmarks.md)
#   bench/Evmutation/run.sh          fit + scores
# Fits are cached in $PG2_MODEL_CACHE (default .pg2/model-cache): delete it to time the scoring fits again.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"; data="$root/../shared/data"
what="${1:-all}"
export PG2_MODEL_CACHE="${PG2_MODEL_CACHE:-$root/.pg2/model-cache}"
dotnet build -c Release bench/Evmutation -v q -nologo -clp:ErrorsOnly >/dev/null
dotnet build -c Release models/site-independent -v q -nologo -clp:ErrorsOnly >/dev/null
dotnet build -c Release models/evmutation -v q -nologo -clp:ErrorsOnly >/dev/null

bench="dotnet bench/Evmutation/bin/Release/net10.0/Pg2.Bench.Evmutation.dll"
if [[ "$what" == fit || "$what" == all ]]; then
  # DHFR, ENVZ and BLAT: 100 iterations each, wall, CPU-s and peak RSS (/usr/bin/time), the load at the start.
  for a in DYR_ECOLI_Thompson_2019/DHFR.a2m ENVZ_ECOLI_Ghose_2023/ENVZ_ECOLI_extreme_filtered.a2m \
           BLAT_ECOLX_Jacquier_2013/BLAT_ECOLX_ColabFold_2202.a3m; do
    echo "== pg2 EVmutation fit, $(basename "$a"), 100 iterations ($(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg))"
    /usr/bin/time -f "  time: %e s wall, %U s user, %S s sys, %M KB peak RSS" $bench fit "$data/proteingym/$a" 100
  done
  dhfr="$data/proteingym/DYR_ECOLI_Thompson_2019/DHFR.a2m"
  if command -v plmc >/dev/null 2>&1; then
    echo "== plmc (same settings: -g -m 100 -t 0.2 -lh 0.01 -le 0.01*20*158 -f DYR_ECOLI)"
    /usr/bin/time -f "plmc: %e s wall, %U s user, %M KB peak" plmc -o /tmp/pg2-bench-dhfr.params -g -m 100 -t 0.2 \
      -lh 0.01 -le 31.6 -f DYR_ECOLI "$dhfr" >/dev/null 2>/tmp/pg2-bench-plmc.log || tail -5 /tmp/pg2-bench-plmc.log
  else
    echo "== plmc not installed here; FORMATS.md §I (OpenMP, 2 threads, 100 iterations): DHFR 58.9 s wall (idle), 104.7 CPU-s, 714 MB; ENVZ 16 s; BLAT 315 s (busier machine)"
  fi
fi

if [[ "$what" == compare ]]; then
  $bench compare "$data/proteingym/DYR_ECOLI_Thompson_2019/DHFR.a2m" 3
  $bench compare "$data/proteingym/ENVZ_ECOLI_Ghose_2023/ENVZ_ECOLI_extreme_filtered.a2m" 4
  $bench compare "$data/proteingym/BLAT_ECOLX_Jacquier_2013/BLAT_ECOLX_ColabFold_2202.a3m" 2
fi
if [[ "$what" == scale ]]; then
  for n in 20000 60000 120000; do $bench weights "$n" 300; done
  $bench weights 20000 1000
  $bench evaluate 5000 300 single 1
  $bench optimiser 159 100
fi

if [[ "$what" == scores || "$what" == all ]]; then
  out="$(mktemp -d)"
  run() { # model dataset-file cutoff label
    local model="$1" file="$2" cutoff="$3" label="$4" dll
    dll="models/$model/bin/Release/net10.0/$model.dll"
    /usr/bin/time -f "%e" -o "$out/$label.$model.time" dotnet "$dll" train --dataset-file "$file" \
      --output-dir "$out/$label.$model" 2>"$out/$label.$model.log" >/dev/null || { tail -3 "$out/$label.$model.log"; return 1; }
    ./pg2 metric calc --output-path "$out/$label.$model"/*.csv --metric-path "$out/$label.$model.json" \
      --metrics spearman,auc,mcc,ndcg,top_recall --cutoff "$cutoff" --quiet
  }
  cutoff() { /usr/bin/python3 -c "import csv,sys; print(next(r['DMS_binarization_cutoff'] for r in csv.DictReader(open('$data/proteingym/DMS_substitutions.csv')) if r['DMS_id']=='$1'))"; }
  for d in DYR_ECOLI_Thompson_2019 BLAT_ECOLX_Jacquier_2013 ENVZ_ECOLI_Ghose_2023; do
    c="$(cutoff "$d")"
    for m in site-independent evmutation; do run "$m" "benchmarks/data/$d.zip" "$c" "$d"; done
  done
  c="$(cutoff A0A1I9GEU1_NEIME_Kennouche_2019)"
  for m in site-independent evmutation; do run "$m" "$data/pgdata-b1/NEIME_2019.pgdata" "$c" NEIME_2019; done
  /usr/bin/python3 - "$out" "$data/proteingym/published_scores.csv" <<'PY'
import csv, json, os, sys
out, published = sys.argv[1], sys.argv[2]
pub = {}
for r in csv.DictReader(open(published)):
    if r["setting"] == "zero-shot":
        pub[(r["DMS_id"], r["model"], r["metric"].lower())] = float(r["value"])
names = {"site-independent": "Site-Independent", "evmutation": "EVmutation"}
metrics = ["spearman", "auc", "mcc", "ndcg", "top_recall"]
print("| assay | model | " + " | ".join(f"{m} (pg2 / published)" for m in metrics) + " | run time |")
print("|---|---|" + "---|" * (len(metrics) + 1))
for d in ["DYR_ECOLI_Thompson_2019", "BLAT_ECOLX_Jacquier_2013", "ENVZ_ECOLI_Ghose_2023", "NEIME_2019"]:
    for m in ["site-independent", "evmutation"]:
        ours = json.load(open(os.path.join(out, f"{d}.{m}.json")))
        t = open(os.path.join(out, f"{d}.{m}.time")).read().split()[-1]
        cells = []
        for k in metrics:
            p = pub.get((d, names[m], k))
            cells.append(f"{ours[k]:.3f} / {p:.3f}" if p is not None else f"{ours[k]:.3f} / –")
        print(f"| {d} | {names[m]} | " + " | ".join(cells) + f" | {t} s |")
PY
  echo "(logs and predictions in $out)"
fi
