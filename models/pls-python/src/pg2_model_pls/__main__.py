"""The model's command line, as the pg2 guide describes it: a typer app with `train` (whose defaults
are SageMaker's paths) and `ping`. `python3 -m pg2_model_pls train --help` lists the options.

Besides the seed contract (`--dataset-file`, `--model-toml-file`) it speaks what pg2 for .NET's
runner passes: `--model-card-file`, `--output-dir`, and the fold options `--split`, `--folds`,
`--test-fold`, `--target` (ProteinGym's cross-validation, standardised per fold as the C# SDK does).
"""
from __future__ import annotations

import csv
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer

from pg2_dataset.dataset import Dataset, DatasetError
from pg2_dataset.splits import TrainTestValid, fold_assignment
from pg2_model_pls.manifest import Manifest, ManifestError
from pg2_model_pls.predict import predict_model
from pg2_model_pls.preprocess import load_x_and_y
from pg2_model_pls.train import train_model

# Exit codes shared with pg2 (docs: README, "Exit codes").
INVALID_INPUT, MODEL_FAILURE, FILE_NOT_FOUND = 3, 4, 6


class SageMakerTrainingJobPath:
    """Where a SageMaker training job mounts things in the container (FORMATS.md §E.1)."""

    PREFIX = Path("/opt/ml")
    TRAINING_JOB_PATH = PREFIX / "input" / "data" / "training" / "dataset.zip"
    MANIFEST_PATH = PREFIX / "input" / "data" / "manifest" / "manifest.toml"
    MODEL_CARD_PATH = PREFIX / "input" / "data" / "model_card" / "README.md"
    PARAMS_PATH = PREFIX / "input" / "config" / "hyperparameters.json"
    OUTPUT_PATH = PREFIX / "model"
    FAILURE_PATH = PREFIX / "output" / "failure"
    MODEL_PATH = Path("/model.pkl")


# The model folder (models/pls-python, or /opt/program in the image): its README.md is the card.
BUNDLED_CARD = Path(__file__).resolve().parents[2] / "README.md"

app = typer.Typer(help="ProteinGym2 - Model CLI (PLS, scikit-learn)", add_completion=False)


def log(message: str) -> None:
    print(f"[pls-python] {message}", file=sys.stderr, flush=True)


def fail(message: str, code: int) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)
    if SageMakerTrainingJobPath.FAILURE_PATH.parent.is_dir():
        try:
            SageMakerTrainingJobPath.FAILURE_PATH.write_text(message + "\n")
        except OSError:
            pass
    raise typer.Exit(code)


def channel_file(variable: str, name: str) -> Optional[Path]:
    folder = os.environ.get(variable, "").strip()
    return Path(folder) / name if folder else None


def default_manifest() -> Path:
    for candidate in (channel_file("SM_CHANNEL_MANIFEST", "manifest.toml"), SageMakerTrainingJobPath.MANIFEST_PATH,
                      channel_file("SM_CHANNEL_MODEL_CARD", "README.md"), SageMakerTrainingJobPath.MODEL_CARD_PATH):
        if candidate is not None and candidate.is_file():
            return candidate
    return BUNDLED_CARD


def with_overrides(hyper: dict, path: Path) -> dict:
    """SageMaker's hyperparameters.json (all values strings), converted to the manifest's types."""
    if not path.is_file():
        return hyper
    overrides = json.loads(path.read_text())
    merged = dict(hyper)
    for key, value in overrides.items():
        if key not in hyper:
            raise ManifestError(f"{path}: unknown hyper-parameter '{key}'")
        current = hyper[key]
        if isinstance(value, str) and not isinstance(current, str):
            value = json.loads(value) if isinstance(current, list) else \
                (value.lower() == "true") if isinstance(current, bool) else type(current)(value)
        merged[key] = value
    return merged


def number(v: float) -> str:
    return "" if math.isnan(v) else repr(float(v))


def write_predictions(path: Path, header: list[str], rows: list[list]) -> None:
    """Atomically: a temporary file next to the target, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def writable_model_path(path: Path, explicit: bool, name: str) -> Path:
    if explicit:
        return path
    try:
        with path.open("ab"):
            pass
        return path
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "pg2-models" / f"{name}_model.pkl"
        fallback.parent.mkdir(parents=True, exist_ok=True)
        log(f"{path} is not writable; saving the model to {fallback}")
        return fallback


@app.command()
def train(
    dataset_file: Optional[Path] = typer.Option(None, help="Dataset archive (dataset.zip). Default: $SM_CHANNEL_TRAINING/dataset.zip, else /opt/ml/input/data/training/dataset.zip"),
    model_toml_file: Optional[Path] = typer.Option(None, help="Model manifest (TOML). Default: the manifest or model card channel, else the bundled README.md card"),
    model_card_file: Optional[Path] = typer.Option(None, help="Model card (README.md with YAML front matter), instead of --model-toml-file"),
    output_dir: Optional[Path] = typer.Option(None, help="Folder for the predictions CSV. Default: $SM_MODEL_DIR, else /opt/ml/model"),
    model_path: Optional[Path] = typer.Option(None, help="Where the fitted model is pickled. Default: $PG2_MODEL_PATH, else /model.pkl"),
    split: Optional[str] = typer.Option(None, help="ProteinGym fold scheme: random, modulo or contiguous. Without it: the archive's split (train → fit, valid → predict)"),
    folds: Optional[int] = typer.Option(None, help="Number of folds of --split (default 5; 4 for assays with fewer than 5 mutated positions)"),
    test_fold: Optional[int] = typer.Option(None, help="Fold to hold out with --split; without it each fold in turn"),
    target: Optional[str] = typer.Option(None, help="Target column. Default: the dataset's first target"),
):
    try:
        run(dataset_file, model_toml_file, model_card_file, output_dir, model_path, split, folds, test_fold, target)
    except FileNotFoundError as e:
        fail(f"file not found: {e.filename}", FILE_NOT_FOUND)
    except (DatasetError, ManifestError) as e:
        fail(str(e), INVALID_INPUT)
    except (ValueError, ArithmeticError) as e:
        fail(f"model failed: {e}", MODEL_FAILURE)


def run(dataset_file, model_toml_file, model_card_file, output_dir, model_path, split, folds, test_fold, target):
    if model_toml_file and model_card_file:
        fail("give --model-toml-file or --model-card-file, not both", 2)
    if (test_fold is not None or folds is not None) and split is None:
        fail("--test-fold and --folds need --split <random|modulo|contiguous>", 2)
    dataset_file = dataset_file or channel_file("SM_CHANNEL_TRAINING", "dataset.zip") or SageMakerTrainingJobPath.TRAINING_JOB_PATH
    manifest_file = model_toml_file or model_card_file or default_manifest()
    output_dir = output_dir or (Path(os.environ["SM_MODEL_DIR"]) if os.environ.get("SM_MODEL_DIR") else SageMakerTrainingJobPath.OUTPUT_PATH)
    explicit_model_path = model_path is not None or bool(os.environ.get("PG2_MODEL_PATH"))
    model_path = model_path or (Path(os.environ["PG2_MODEL_PATH"]) if os.environ.get("PG2_MODEL_PATH") else SageMakerTrainingJobPath.MODEL_PATH)

    manifest = Manifest.from_path(manifest_file)
    hyper = with_overrides(manifest.hyper_params, SageMakerTrainingJobPath.PARAMS_PATH)
    log(f"manifest '{manifest.name}' from {manifest_file}; hyper-parameters: {sorted(hyper)}")
    if not Path(dataset_file).is_file():
        raise FileNotFoundError(2, "not found", str(dataset_file))
    dataset = Dataset.from_path(dataset_file)
    target_name = dataset.target(target).name
    view = dataset.view(target_name)
    if not view.rows:
        raise DatasetError(f"dataset '{dataset.name}': no rows with a value for target '{target_name}'")
    sequences = view.sequences()
    mutants = view.mutants() if view.target.constants.get("mutation_col") != "sequence" else view.raw_sequences()
    log(f"dataset '{dataset.name}' from {dataset_file}: {len(dataset.assays)} rows, target '{target_name}' on {len(view.rows)} rows")
    model_path = writable_model_path(Path(model_path), explicit_model_path, f"{dataset.name}_{manifest.name}")

    header = ["sequence", "test", "pred"] + (["mutant"] if mutants is not None else [])
    rows = []
    if split is None:
        train_X, train_Y, _ = load_x_and_y(view, sequences, TrainTestValid.train)
        valid_X, valid_Y, picked = load_x_and_y(view, sequences, TrainTestValid.valid)
        log(f"split (RandomSplitStrategy): train {len(train_X)}, valid {len(valid_X)}")
        if not train_X or not valid_X:
            raise DatasetError(f"dataset '{dataset.name}': the {'training' if not train_X else 'validation'} split is empty")
        train_model(train_X, train_Y, hyper, model_path)
        pred = predict_model(valid_X, hyper, model_path)
        for i, (s, t, p) in enumerate(zip(valid_X, valid_Y, pred)):
            rows.append([s, number(t), number(p)] + ([mutants[picked[i]]] if mutants is not None else []))
    else:
        if mutants is None:
            raise DatasetError(f"dataset '{dataset.name}': fold schemes need mutated positions, but target '{target_name}' has no mutation strings (constant 'mutation_col')")
        fold_of_row, fold_count = fold_assignment(mutants, split, folds or 5)
        if test_fold is not None and not 0 <= test_fold < fold_count:
            raise DatasetError(f"--test-fold {test_fold} does not exist: the {split} scheme gives this dataset folds 0..{fold_count - 1}")
        header += ["fold", "train_mean", "train_std"]
        y = view.y
        for fold in [test_fold] if test_fold is not None else range(fold_count):
            train_idx = [i for i, f in enumerate(fold_of_row) if f != fold]
            test_idx = [i for i, f in enumerate(fold_of_row) if f == fold]
            log(f"{split} fold {fold} of {fold_count}: train {len(train_idx)}, test {len(test_idx)}")
            if not test_idx:
                continue
            if not train_idx:
                raise DatasetError(f"{split} fold {fold}: no training rows")
            # The fold contract: standardise with the training folds' mean and std (ddof = 0).
            train_y = [y[i] for i in train_idx]
            mean = math.fsum(train_y) / len(train_y)
            std = math.sqrt(math.fsum((v - mean) ** 2 for v in train_y) / len(train_y))
            if not std > 0:
                std = 1.0
            path = model_path if test_fold is not None else model_path.with_name(f"{model_path.stem}.fold{fold}{model_path.suffix}")
            train_model([sequences[i] for i in train_idx], [(v - mean) / std for v in train_y], hyper, path)
            pred = predict_model([sequences[i] for i in test_idx], hyper, path)
            for i, p in zip(test_idx, pred):
                rows.append([sequences[i], number((y[i] - mean) / std), number(p), mutants[i], str(fold), number(mean), number(std)])

    out = Path(output_dir) / f"{dataset.name}_{manifest.name}.csv"
    write_predictions(out, header, rows)
    log(f"wrote {len(rows)} predictions to {out}")


@app.command()
def ping():
    print("pong")


if __name__ == "__main__":
    app()
