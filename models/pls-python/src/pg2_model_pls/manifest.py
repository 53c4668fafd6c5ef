"""The model's manifest: a seed-era `manifest.toml` (`name`, `[hyper_params]`) or a model card,
`README.md` with YAML front matter (`name`, `hyper_parameters`, `tags`, `multi_y`, extra keys kept)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ManifestError(ValueError):
    pass


@dataclass
class Manifest:
    name: str
    hyper_params: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_path(cls, path: str | Path) -> "Manifest":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise ManifestError(f"model manifest not found: {path} ({e.strerror})") from None
        data = _front_matter(text, path) if path.suffix.lower() == ".md" else _toml(text, path)
        name = data.get("name")
        if not isinstance(name, str) or not name:
            raise ManifestError(f"{path}: key 'name' must be a non-empty string")
        if "hyper_params" in data and "hyper_parameters" in data:
            raise ManifestError(f"{path}: give either hyper_parameters or hyper_params, not both")
        hyper = data.get("hyper_parameters", data.get("hyper_params")) or {}
        if not isinstance(hyper, dict):
            raise ManifestError(f"{path}: hyper_parameters must be a table")
        extra = {k: v for k, v in data.items() if k not in ("name", "hyper_params", "hyper_parameters")}
        return cls(name, dict(hyper), extra)


def _toml(text: str, path: Path) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ManifestError(f"{path}: {e}") from None


def _front_matter(text: str, path: Path) -> dict:
    import yaml  # Debian's python3-yaml (what python-frontmatter uses underneath)

    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise ManifestError(f"{path}: a model card starts with a front matter line '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    except StopIteration:
        raise ManifestError(f"{path}: the front matter has no closing '---' line") from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as e:
        raise ManifestError(f"{path}: front matter is not valid YAML: {str(e).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: the front matter must be a mapping")
    return data
