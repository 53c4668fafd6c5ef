"""Rows to features: which rows train and which are predicted, and the one-hot encoding."""
from __future__ import annotations

from typing import Any

import numpy as np

from pg2_dataset.dataset import Dataset, DatasetError, TargetView
from pg2_dataset.splits import PredefinedSplitStrategy, RandomSplitStrategy, TrainTestValid


def load_x_and_y(view: TargetView, sequences: list[str], split: TrainTestValid) -> tuple[list[str], list[float], list[int]]:
    """The archive's own split (seed era): sequences, targets and view positions of one part."""
    dataset: Dataset = view.dataset
    if dataset.split_feature:
        col = dataset.assays["split"].astype(str).tolist()
        strategy = PredefinedSplitStrategy([col[r] for r in view.rows])
    elif dataset.split_strategy in ("", "RandomSplitStrategy"):
        strategy = RandomSplitStrategy()
    else:
        raise DatasetError(f"dataset '{dataset.name}': unknown split_strategy '{dataset.split_strategy}' (known: RandomSplitStrategy)")
    parts = strategy.split(sequences)
    y = view.y
    picked = [i for i, p in enumerate(parts) if p == split]
    return [sequences[i] for i in picked], [y[i] for i in picked], picked


def encode(spit_X: list[str], hyper_params: dict[str, Any]) -> np.ndarray:
    """One-hot: residue → row of the identity of size aa_alphabet_length at its alphabet index,
    concatenated position-major (feature = position·20 + letter). All sequences have one length."""
    alphabet = list(hyper_params["aa_alphabet"])
    size = int(hyper_params["aa_alphabet_length"])
    if size != len(alphabet):
        raise DatasetError(f"aa_alphabet_length {size} does not match the {len(alphabet)} letters of aa_alphabet")
    length = len(spit_X[0])
    index = {a: i for i, a in enumerate(alphabet)}
    encodings = np.zeros((len(spit_X), length * size))
    for row, sequence in enumerate(spit_X):
        if len(sequence) != length:
            raise DatasetError(f"row {row + 1}: sequence length {len(sequence)} differs from the first sequence's {length}")
        for pos, res in enumerate(sequence):
            if res not in index:
                raise DatasetError(f"row {row + 1}: residue '{res}' at position {pos + 1} is not in aa_alphabet")
            encodings[row, pos * size + index[res]] = 1.0
    return encodings
