#!/usr/bin/env bash
# ProteinGym import in bounded memory: a generated assay of ROWS rows (default 500,000; length-300 target,
# singles + doubles + triples), a singles fold file and an alignment of DEPTH records, imported with
# `pg2 proteingym import` next to its in-memory peer `pg2 dataset create --from-proteingym` on the same CSV.
# Peak memory = the process's peak resident set (/usr/bin/time -v); also the import at ROWS/5 rows, so the
# growth with the row count shows (bounded: per row only a 64-bit hash is held).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${WORK_DIR:-$(mktemp -d)}"
rows="${ROWS:-500000}"
depth="${DEPTH:-20000}"
"$root/pg2" --help >/dev/null  # build the CLI once, outside the measurements

make() { # $1 = folder, $2 = rows
  /usr/bin/python3 - "$1" "$2" "$depth" <<'PY'
import os, random, sys
out, rows, depth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
aa = "ACDEFGHIKLMNPQRSTVWY"
target = "".join(rng.choice(aa) for _ in range(300))
for d in ("DMS_ProteinGym_substitutions", "cv_folds_singles_substitutions", "DMS_msa_files"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
seen = set()
with open(os.path.join(out, "DMS_ProteinGym_substitutions", "BIG.csv"), "w") as f, \
     open(os.path.join(out, "cv_folds_singles_substitutions", "BIG.csv"), "w") as g:
    f.write("mutant,mutated_sequence,DMS_score,DMS_score_bin\n")
    g.write("mutant,mutated_sequence,DMS_score,DMS_score_bin,fold_random_5,fold_modulo_5,fold_contiguous_5\n")
    while len(seen) < rows:
        k = 1 if len(seen) < 300 * 19 else rng.choice((2, 3))
        pos = sorted(rng.sample(range(300), k))
        muts = [(p, rng.choice([a for a in aa if a != target[p]])) for p in pos]
        m = ":".join(f"{target[p]}{p + 1}{a}" for p, a in muts)
        if m in seen: continue
        seen.add(m)
        s = list(target)
        for p, a in muts: s[p] = a
        score = rng.gauss(0, 1)
        line = f"{m},{''.join(s)},{score:.6f},{int(score > 0)}"
        f.write(line + "\n")
        if k == 1: g.write(f"{line},{rng.randrange(5)},{pos[0] % 5},{pos[0] * 5 // 300}\n")
with open(os.path.join(out, "DMS_msa_files", "BIG.a2m"), "w") as f:
    f.write(">BIG/1-300\n" + target + "\n")
    for i in range(depth - 1):
        f.write(f">s{i}\n" + "".join(c if rng.random() < 0.7 else rng.choice(aa + "-") for c in target) + "\n")
with open(os.path.join(out, "DMS_substitutions.csv"), "w") as f:
    f.write("DMS_id,DMS_filename,target_seq,MSA_filename,MSA_start,MSA_end,seq_len,DMS_total_number_mutants\n")
    f.write(f"BIG,BIG.csv,{target},BIG.a2m,1,300,300,{rows}\n")
PY
}

peak() { # command... -> "seconds=... peak_mb=..."
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { tail -5 "$log"; return 1; }
  awk -F': ' '/Maximum resident set size/ {kb=$2} /Elapsed \(wall clock\)/ {t=$2} END {printf "wall=%s peak_mb=%.0f\n", t, kb/1024}' "$log"
}

[[ -f "$work/big/DMS_substitutions.csv" ]] || make "$work/big" "$rows"
[[ -f "$work/small/DMS_substitutions.csv" ]] || make "$work/small" $((rows / 5))
echo "assay: $rows rows, $(du -m --apparent-size "$work/big/DMS_ProteinGym_substitutions/BIG.csv" | cut -f1) MB; alignment: $depth records"
for size in small big; do
  rm -rf "$work/out-$size"
  echo "proteingym import ($size)      $(peak "$root/pg2" proteingym import --reference "$work/$size/DMS_substitutions.csv" \
      --assays "$work/$size/DMS_ProteinGym_substitutions" --folds "$work/$size/cv_folds_singles_substitutions" \
      --msas "$work/$size/DMS_msa_files" -o "$work/out-$size" --quiet)"
done
echo "dataset create (in memory, big) $(peak "$root/pg2" dataset create --from-proteingym "$work/big/DMS_ProteinGym_substitutions/BIG.csv" \
    --reference "$work/big/DMS_substitutions.csv" --dms-id BIG -o "$work/create.zip")"
