"""Features to scores with the pickled model."""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from pg2_model_pls.preprocess import encode


def predict_model(test_X: list[str], hyper_params: dict[str, Any], model_path: Path) -> list[float]:
    with model_path.open(mode="rb") as file:
        model = pickle.load(file)
    return model.predict(encode(test_X, hyper_params)).ravel().tolist()
