#!/usr/bin/env bash
# Regenerates the ProteinGym dataset archives in this folder from ../shared/data/proteingym
# (assay CSV + alignment + the assay's row of DMS_substitutions.csv), then validates each.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pg="${PROTEINGYM_DIR:-$root/../shared/data/proteingym}"

make_one() { # <DMS_id> <alignment file>
  "$root/pg2" dataset create --from-proteingym "$pg/$1/$1.csv" --msa "$pg/$1/$2" \
    --reference "$pg/DMS_substitutions.csv" --dms-id "$1" -o "$here/$1.zip"
  "$root/pg2" dataset validate "$here/$1.zip"
}

make_one BLAT_ECOLX_Jacquier_2013 BLAT_ECOLX_ColabFold_2202.a3m
make_one DYR_ECOLI_Thompson_2019 DHFR.a2m
make_one ENVZ_ECOLI_Ghose_2023 ENVZ_ECOLI_extreme_filtered.a2m
