"""Model lookup, model ids and the vision config."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from storecheck.vision.config import VisionConfig
from storecheck.vision.models import ENV_VAR, default_detector_path, model_id, models_dir


def test_env_var_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert models_dir() == tmp_path
    assert default_detector_path() == tmp_path / "storecheck-det.onnx"
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=ENV_VAR):
        models_dir()


def test_repo_models_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    repo = Path(__file__).resolve().parents[2]
    if not (repo / "models").is_dir():
        pytest.skip("no models/ folder in this checkout")
    assert models_dir() == repo / "models"


def test_model_id_is_stem_and_sha256_prefix(tmp_path: Path) -> None:
    path = tmp_path / "storecheck-det.onnx"
    path.write_bytes(b"abc")
    # sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assert model_id(path) == "storecheck-det@sha256:ba7816bf8f01"
    path.write_bytes(b"abcd")  # retrained weights, new id
    assert model_id(path) != "storecheck-det@sha256:ba7816bf8f01"


def test_config_defaults_and_unknown_keys() -> None:
    cfg = VisionConfig()
    assert (cfg.detector.backend, cfg.detector.threads, cfg.ocr.backend) == ("onnx", 2, "rapidocr")
    assert (cfg.max_pixels, cfg.min_side_px) == (40_000_000, 32)
    with pytest.raises(ValidationError, match="extra_forbidden"):
        VisionConfig.model_validate({"detector": {"confidance": 0.3}})
    with pytest.raises(ValidationError):
        VisionConfig.model_validate({"detector": {"confidence": 1.5}})


def test_every_config_field_has_a_description() -> None:
    from storecheck.vision.config import DetectorConfig, OcrConfig

    for model in (VisionConfig, DetectorConfig, OcrConfig):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"
