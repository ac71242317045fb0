"""Reading and writing a trained event model (a folder of small files).

Layout of a model folder (the shipped one is ``eventwire/data/model/``)::

    model.json      what was trained, on what, how, with which settings, and its figures
    trigger.npz     CAMEO root of a word (or "none")      vocab + weights
    codes.npz       full CAMEO code of a word, given that it is an event trigger
    roles.npz       source / target / none of an actor mention for a trigger
    reciprocal.npz  whether an event is reciprocal (A and B act on each other)

Each ``.npz`` holds ``vocab`` (feature strings), ``labels`` and ``weights``
(float32, features x labels), written with ``allow_pickle=False`` so loading
never runs code. Nothing here reads anything outside the folder.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from eventwire.errors import DataFileError
from eventwire.model.linear import LinearModel

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "model"
PARTS = ("trigger", "codes", "roles", "reciprocal")
FORMAT = 1


@dataclass
class Thresholds:
    """When a proposal becomes an event (chosen on a development fold of the train split)."""

    event: float = 0.5  # P(event) of the word, 1 - P(none)
    source: float = 0.3  # P(source) of the best mention: below it, no event
    target: float = 0.3  # P(target) of the best other mention: below it, no target


@dataclass
class Settings:
    hybrid: Thresholds = field(default_factory=Thresholds)  # adding to the lexicon: be sure
    model: Thresholds = field(default_factory=Thresholds)  # coding alone
    reciprocal: float = 0.5  # P(reciprocal) from which an event with a target is reciprocal
    fill_target: float = 1.01  # hybrid: a lexicon event without target takes the model's at this P (>1: never)
    agree_bonus: float = 0.1  # hybrid: a lexicon event's confidence goes up when the model agrees
    disagree_penalty: float = 0.1  # ... and down when the model sees no event there,
    disagree_below: float = 0.1  # that is, P(event) below this

    def for_mode(self, mode: str) -> Thresholds:
        return self.model if mode == "model" else self.hybrid

    @classmethod
    def from_dict(cls, d: dict) -> Settings:
        d = dict(d)
        modes = {m: Thresholds(**d.pop(m, {})) for m in ("hybrid", "model")}
        return cls(**modes, **d)


@dataclass
class ModelInfo:
    version: str
    settings: Settings
    recipe: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)


@dataclass
class Bundle:
    info: ModelInfo
    trigger: LinearModel
    codes: LinearModel
    roles: LinearModel
    reciprocal: LinearModel


def save_bundle(bundle: Bundle, folder: str | Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for part in PARTS:
        model: LinearModel = getattr(bundle, part)
        path = folder / f"{part}.npz"
        np.savez_compressed(path, vocab=np.array(model.vocab_list, dtype=str),
                            labels=np.array(model.labels, dtype=str),
                            weights=model.weights.astype(np.float32))
        written.append(path)
    meta = {"format": FORMAT, "version": bundle.info.version, "settings": asdict(bundle.info.settings),
            "recipe": bundle.info.recipe, "figures": bundle.info.figures}
    path = folder / "model.json"
    path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    written.append(path)
    return written


def load_bundle(folder: str | Path | None = None) -> Bundle:
    """The model in ``folder`` (default: the shipped one); a bad file raises ``DataFileError``."""
    folder = Path(folder) if folder is not None else DEFAULT_DIR
    meta_path = folder / "model.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DataFileError(str(meta_path), None, f"cannot read the event model ({err.strerror}); "
                                                  "train one with 'eventwire train'") from None
    except ValueError as err:
        raise DataFileError(str(meta_path), None, f"not JSON ({err})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise DataFileError(str(meta_path), None, f"unknown model format (expected format {FORMAT})")
    try:
        settings = Settings.from_dict(meta.get("settings", {}))
    except TypeError as err:
        raise DataFileError(str(meta_path), None, f"bad field in settings ({err})") from None
    info = ModelInfo(str(meta.get("version", "?")), settings, meta.get("recipe", {}), meta.get("figures", {}))
    parts = {part: _load_part(folder / f"{part}.npz") for part in PARTS}
    return Bundle(info=info, **parts)


def _load_part(path: Path) -> LinearModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            return LinearModel(data["labels"].tolist(), data["vocab"].tolist(), data["weights"].astype(np.float32))
    except OSError as err:
        raise DataFileError(str(path), None, f"cannot read ({err.strerror or err})") from None
    except (KeyError, ValueError, zipfile.BadZipFile) as err:
        raise DataFileError(str(path), None, f"not a model part ({err})") from None


def folder_size(folder: str | Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file())
