"""Splits as pg2 for .NET makes them, so a Python model sees the rows a C# model sees.

- `RandomSplitStrategy` (FORMATS.md §B.1, seeded): unique sequences in order of first appearance,
  shuffled by a Fisher–Yates pass driven by .NET's `new Random(42)`; the first floor(n·0.8) train,
  the next ceil(n·0.2) valid, the rest test.
- `fold_assignment` (§B.3): ProteinGym's `random` / `modulo` / `contiguous` fold schemes over the
  first substitution's position; 4 folds when an assay has fewer than 5 distinct positions.
"""
from __future__ import annotations

import math
from enum import Enum

from pg2_dataset.dataset import DatasetError, first_position
from pg2_dataset.dotnet_random import DotnetRandom

DEFAULT_SEED = 42


class TrainTestValid(str, Enum):
    train = "train"
    valid = "valid"
    test = "test"


class RandomSplitStrategy:
    def __init__(self, train_ratio: float = 0.8, valid_ratio: float = 0.2, seed: int = DEFAULT_SEED):
        self.train_ratio = train_ratio
        self.valid_ratio = valid_ratio
        self.seed = seed

    def split(self, sequences: list[str]) -> list[TrainTestValid]:
        unique = list(dict.fromkeys(sequences))
        rng = DotnetRandom(self.seed)
        for i in range(len(unique) - 1, 0, -1):
            j = rng.next(i + 1)
            unique[i], unique[j] = unique[j], unique[i]
        n = len(unique)
        n_train = math.floor(n * self.train_ratio)
        n_valid = min(n - n_train, math.ceil(n * self.valid_ratio))
        part = {}
        for i, s in enumerate(unique):
            part[s] = TrainTestValid.train if i < n_train else TrainTestValid.valid if i < n_train + n_valid else TrainTestValid.test
        return [part[s] for s in sequences]


class PredefinedSplitStrategy:
    """The archive's own `split` column (train / valid / test)."""

    def __init__(self, values: list[str]):
        self.values = values

    def split(self, sequences: list[str]) -> list[TrainTestValid]:
        try:
            return [TrainTestValid(v) for v in self.values]
        except ValueError:
            raise DatasetError("split column: values must be train, valid or test") from None


SCHEMES = ("random", "modulo", "contiguous")


def fold_assignment(mutants: list[str], scheme: str, folds: int = 5, seed: int = DEFAULT_SEED) -> tuple[list[int], int]:
    """The fold of each row and the number of folds."""
    scheme = scheme.strip().lower()
    if scheme not in SCHEMES:
        raise DatasetError(f"unknown fold scheme '{scheme}' (expected random, modulo or contiguous)")
    if folds < 2:
        raise DatasetError(f"need at least 2 folds, got {folds}")
    positions = [first_position(m) for m in mutants]
    distinct = sorted(set(positions))
    if folds == 5 and len(distinct) < 5:
        folds = 4
    if len(distinct) < folds:
        raise DatasetError(f"{scheme} folds need at least {folds} distinct mutated positions, found {len(distinct)}")
    fold_of_position = {}
    if scheme == "modulo":
        for i, p in enumerate(distinct):
            fold_of_position[p] = i % folds
    elif scheme == "contiguous":
        k, m = divmod(len(distinct), folds)
        nxt = 0
        for f in range(folds):
            for _ in range(k + (1 if f < m else 0)):
                fold_of_position[distinct[nxt]] = f
                nxt += 1
    rng = DotnetRandom(seed)
    result = [rng.next(folds) if scheme == "random" else fold_of_position[p] for p in positions]
    return result, folds
