"""The screen scorer: how likely a candidate rectangle of the screen finder is a phone, a TV or a
terminal, from its :mod:`storecheck.vision.screen_features`. A small network per kind (one hidden
layer), trained by ``models/train_screens.py`` on generated device tables and self-service zones
and on real photographs with no screen in them; its weights are ``models/storecheck-screens.json``
(model card ``models/storecheck-screens.md``) and it runs on numpy alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from storecheck.vision.models import model_id, models_dir
from storecheck.vision.screen_features import FEATURES

SCORER_FILE = "storecheck-screens.json"


@dataclass(frozen=True)
class _Net:
    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        hidden = np.maximum(z @ self.w1 + self.b1, 0.0)
        return 1.0 / (1.0 + np.exp(-(hidden @ self.w2 + self.b2)))


class ScreenScorer:
    """Scores candidates of one kind: ``scorer("phone", features) -> probabilities``.

    Raises:
        ValueError: the weights file was made for other features than :data:`FEATURES`.
    """

    def __init__(self, path: Path) -> None:
        spec = json.loads(path.read_text(encoding="utf-8"))
        if tuple(spec["features"]) != FEATURES:
            raise ValueError(f"{path}: its features are not storecheck's screen features; retrain it "
                             "(python -m models.train_screens)")
        self.name = model_id(path)
        self.threshold = float(spec["threshold"])
        self._nets = {kind: _Net(np.asarray(n["mean"], np.float32), np.asarray(n["scale"], np.float32),
                                 np.asarray(n["w1"], np.float32), np.asarray(n["b1"], np.float32),
                                 np.asarray(n["w2"], np.float32), float(n["b2"]))
                      for kind, n in spec["kinds"].items()}

    def __call__(self, kind: str, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0, np.float32)
        return self._nets[kind](np.asarray(x, np.float32))


@lru_cache(maxsize=4)
def load_scorer(path: Path | None = None) -> ScreenScorer:
    """The shipped scorer (``<models dir>/storecheck-screens.json``), or the one at ``path``."""
    return ScreenScorer(path or models_dir() / SCORER_FILE)
