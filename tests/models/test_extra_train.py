"""--extra-train: real photographs join the generated scenes in the training list of data.yaml,
and never the val split (which stays the generator's, so per-class figures stay comparable)."""

from __future__ import annotations

from pathlib import Path

import yaml

from models.train import make_data


def test_extra_folders_join_the_train_list_and_not_val(tmp_path: Path) -> None:
    real = tmp_path / "real"
    (real / "images").mkdir(parents=True)
    data_yaml = make_data(tmp_path / "data", train=2, val=1, data_seed=105, val_seed=106, workers=1,
                          extra_train=(real, real))
    data = yaml.safe_load(data_yaml.read_text())
    generated = str((tmp_path / "data" / "train-seed105" / "images" / "train").resolve())
    assert data["train"] == [generated, str((real / "images").resolve()), str((real / "images").resolve())]
    assert data["val"] == str((tmp_path / "data" / "val-seed106" / "images" / "val").resolve())
    # Without extras the file is as before: one train folder.
    plain = yaml.safe_load(make_data(tmp_path / "data", train=2, val=1, data_seed=105, val_seed=106, workers=1).read_text())
    assert plain["train"] == generated
