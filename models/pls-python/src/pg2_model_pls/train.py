"""Features and targets to a fitted model: scikit-learn's PLSRegression, pickled."""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from sklearn.cross_decomposition import PLSRegression

from pg2_model_pls.preprocess import encode


def train_model(train_X: list[str], train_Y: list[float], hyper_params: dict[str, Any], model_path: Path) -> PLSRegression:
    encodings = encode(train_X, hyper_params)
    model = PLSRegression(int(hyper_params["n_components"]))
    model.fit(encodings, train_Y)
    with model_path.open(mode="wb") as file:
        pickle.dump(model, file)
    return model
