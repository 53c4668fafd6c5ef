#!/usr/bin/env python3
"""Writes blosum62/<DMS_id>.csv for the assays in ../: a score-only entry in ProteinGym's model-score
layout (columns mutant, blosum62), standing for a model that ran elsewhere. The score of a variant
is the sum over its mutations of BLOSUM62(wild type, mutant) - a substitution-matrix baseline."""
import csv, io, os, zipfile

AA = "ARNDCQEGHILKMFPSTWYV"
ROWS = """4 -1 -2 -2 0 -1 -1 0 -2 -1 -1 -1 -1 -2 -1 1 0 -3 -2 0
-1 5 0 -2 -3 1 0 -2 0 -3 -2 2 -1 -3 -2 -1 -1 -3 -2 -3
-2 0 6 1 -3 0 0 0 1 -3 -3 0 -2 -3 -2 1 0 -4 -2 -3
-2 -2 1 6 -3 0 2 -1 -1 -3 -4 -1 -3 -3 -1 0 -1 -4 -3 -3
0 -3 -3 -3 9 -3 -4 -3 -3 -1 -1 -3 -1 -2 -3 -1 -1 -2 -2 -1
-1 1 0 0 -3 5 2 -2 0 -3 -2 1 0 -3 -1 0 -1 -2 -1 -2
-1 0 0 2 -4 2 5 -2 0 -3 -3 1 -2 -3 -1 0 -1 -3 -2 -2
0 -2 0 -1 -3 -2 -2 6 -2 -4 -4 -2 -3 -3 -2 0 -2 -2 -3 -3
-2 0 1 -1 -3 0 0 -2 8 -3 -3 -1 -2 -1 -2 -1 -2 -2 2 -3
-1 -3 -3 -3 -1 -3 -3 -4 -3 4 2 -3 1 0 -3 -2 -1 -3 -1 3
-1 -2 -3 -4 -1 -2 -3 -4 -3 2 4 -2 2 0 -3 -2 -1 -2 -1 1
-1 2 0 -1 -3 1 1 -2 -1 -3 -2 5 -1 -3 -1 0 -1 -3 -2 -2
-1 -1 -2 -3 -1 0 -2 -3 -2 1 2 -1 5 0 -2 -1 -1 -1 -1 1
-2 -3 -3 -3 -2 -3 -3 -3 -1 0 0 -3 0 6 -4 -2 -2 1 3 -1
-1 -2 -2 -1 -3 -1 -1 -2 -2 -3 -3 -1 -2 -4 7 -1 -1 -4 -3 -2
1 -1 1 0 -1 0 0 0 -1 -2 -2 0 -1 -2 -1 4 1 -3 -2 -2
0 -1 0 -1 -1 -1 -1 -2 -2 -1 -1 -1 -1 -2 -1 1 5 -2 -2 0
-3 -3 -4 -4 -2 -2 -3 -2 -2 -3 -2 -3 -1 1 -4 -3 -2 11 2 -3
-2 -2 -2 -3 -2 -1 -2 -3 2 -1 -1 -2 -1 3 -3 -2 -2 2 7 -1
0 -3 -3 -3 -1 -2 -2 -3 -3 3 1 -2 1 -1 -2 -2 0 -3 -1 4"""
B = {(a, b): int(v) for a, row in zip(AA, ROWS.splitlines()) for b, v in zip(AA, row.split())}

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "blosum62")
os.makedirs(out, exist_ok=True)
for name in sorted(os.listdir(os.path.join(here, ".."))):
    if not name.endswith(".zip"):
        continue
    with zipfile.ZipFile(os.path.join(here, "..", name)) as z:
        rows = list(csv.DictReader(io.TextIOWrapper(z.open("assays.csv"), encoding="utf-8")))
    with open(os.path.join(out, name[:-4] + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["mutant", "blosum62"])
        for r in rows:
            w.writerow([r["mutant"], sum(B[(m[0], m[-1])] for m in r["mutant"].split(":"))])
