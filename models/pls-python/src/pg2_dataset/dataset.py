"""Seed-era `dataset.zip` (FORMATS.md §A): `manifest.toml` + `assays.csv` at the archive root."""
from __future__ import annotations

import io
import math
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MANIFEST_FILE = "manifest.toml"


class DatasetError(ValueError):
    """A problem with the archive, named by file and field (one line)."""


@dataclass
class Target:
    name: str
    features: list[str] = field(default_factory=list)
    constants: dict = field(default_factory=dict)


@dataclass
class Dataset:
    name: str
    assays: pd.DataFrame
    targets: list[Target]
    split_strategy: str = ""
    split_feature: str = ""
    source: str = ""

    @classmethod
    def from_path(cls, path: str | Path) -> "Dataset":
        """Reads the archive in memory (the original extracted it into the working directory)."""
        path = str(path)
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as e:
            raise DatasetError(f"{path}: not a readable zip archive ({e})") from None
        with archive:
            names = set(archive.namelist())
            if MANIFEST_FILE not in names:
                raise DatasetError(f"{path}: no {MANIFEST_FILE} at the archive root (a seed dataset.zip)")
            try:
                manifest = tomllib.loads(archive.read(MANIFEST_FILE).decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                raise DatasetError(f"{path}:{MANIFEST_FILE}: {e}") from None
            meta = manifest.get("assays_meta") or {}
            csv_name = meta.get("file_path", "")
            if csv_name not in names:
                raise DatasetError(f"{path}:{MANIFEST_FILE}: assays_meta.file_path '{csv_name}' is not in the archive")
            # round_trip: the exact nearest double of each number, as .NET's parser gives.
            assays = pd.read_csv(io.BytesIO(archive.read(csv_name)), float_precision="round_trip",
                                 dtype={meta.get("sequence_feature", "sequence"): str})
        rename = {meta.get("sequence_feature", "sequence") or "sequence": "sequence"}
        if meta.get("engineering_round_feature"):
            rename[meta["engineering_round_feature"]] = "engineering_round"
        if meta.get("split_feature"):
            rename[meta["split_feature"]] = "split"
        assays = assays.rename(columns=rename)
        if "sequence" not in assays.columns:
            raise DatasetError(f"{path}:{csv_name}: no sequence column '{meta.get('sequence_feature', 'sequence')}'")
        targets = [Target(name, list(t.get("features", [])), dict(t.get("constants", {})))
                   for name, t in (meta.get("assays") or {}).items()]
        return cls(manifest.get("name", ""), assays, targets,
                   meta.get("split_strategy", ""), "split" if meta.get("split_feature") else "", path)

    def target(self, name: str | None) -> Target:
        if name is None:
            if not self.targets:
                raise DatasetError(f"dataset '{self.name}' ({self.source}) declares no target")
            return self.targets[0]
        for t in self.targets:
            if t.name == name:
                return t
        raise DatasetError(f"dataset '{self.name}': no target '{name}' (targets: {', '.join(t.name for t in self.targets)})")

    def view(self, target: str) -> "TargetView":
        """Rows with a sequence and a value for `target`, in file order."""
        if target not in self.assays.columns:
            raise DatasetError(f"dataset '{self.name}': target column '{target}' is not in the assays")
        y = pd.to_numeric(self.assays[target], errors="raise").astype(float)
        seq = self.assays["sequence"]
        keep = seq.notna() & (seq.astype(str) != "") & y.notna()
        rows = [i for i, k in enumerate(keep.tolist()) if k]
        return TargetView(self, self.target(target), rows)


@dataclass
class TargetView:
    dataset: Dataset
    target: Target
    rows: list[int]

    @property
    def y(self) -> list[float]:
        col = self.dataset.assays[self.target.name].astype(float).tolist()
        return [col[r] for r in self.rows]

    def raw_sequences(self) -> list[str]:
        col = self.dataset.assays["sequence"].astype(str).tolist()
        return [col[r] for r in self.rows]

    def mutants(self) -> list[str] | None:
        """Mutation strings (e.g. `A10C:G30D`) when the target's `mutation_col` constant names them."""
        col = self.target.constants.get("mutation_col")
        if not col:
            return None
        name = "sequence" if col == "sequence" else col
        if name not in self.dataset.assays.columns:
            raise DatasetError(f"dataset '{self.dataset.name}': constant mutation_col '{col}' is not a column")
        values = self.dataset.assays[name].astype(str).tolist()
        return [values[r] for r in self.rows]

    def sequences(self) -> list[str]:
        """Full sequences: the sequence column, or the reference with each row's mutations applied
        when the sequence column holds mutation strings (seed `ranganathan`)."""
        raw = self.raw_sequences()
        if self.target.constants.get("mutation_col") != "sequence":
            return raw
        reference = self.target.constants.get("sequence")
        if not reference:
            raise DatasetError(f"dataset '{self.dataset.name}': mutation strings need the constant 'sequence' (the reference)")
        offset = self.target.constants.get("offset") or infer_offset(reference, raw)
        return [apply_mutant(reference, m, offset, f"assays row {r + 2}") for m, r in zip(raw, self.rows)]


def parse_substitution(text: str, where: str) -> tuple[str, int, str]:
    try:
        return text[0], int(text[1:-1]), text[-1]
    except (ValueError, IndexError):
        raise DatasetError(f"{where}: '{text}' is not a substitution like A24C") from None


def apply_mutant(reference: str, mutant: str, offset: int, where: str) -> str:
    seq = list(reference)
    for sub in mutant.split(":"):
        wt, pos, mt = parse_substitution(sub, where)
        idx = pos - offset
        if not 0 <= idx < len(seq) or reference[idx] != wt:
            raise DatasetError(f"{where}: '{sub}' does not match the reference at position {pos}")
        seq[idx] = mt
    return "".join(seq)


def infer_offset(reference: str, mutants: list[str]) -> int:
    """1 when every wild-type letter matches there, else the smallest offset under which all match."""
    subs = [parse_substitution(s, "assays") for m in mutants for s in m.split(":")]

    def fits(offset: int) -> bool:
        return all(0 <= p - offset < len(reference) and reference[p - offset] == wt for wt, p, _ in subs)

    if fits(1):
        return 1
    low = min(p for _, p, _ in subs) - len(reference) + 1
    high = min(p for _, p, _ in subs)
    for offset in range(low, high + 1):
        if fits(offset):
            return offset
    return 1


def first_position(mutant: str) -> int:
    return parse_substitution(mutant.split(":")[0], "mutant")[1]


def is_nan(v: float) -> bool:
    return isinstance(v, float) and math.isnan(v)
