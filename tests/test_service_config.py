"""One config file, every reader: the engine's part (``vision``, ``checks``) and the service's
sections (``stores``, ``orders``, ``notifications``) live in one YAML that ``storecheck analyze``,
the edge agent, the service and its workers all accept, and a typo anywhere in it is named by
each of them. The engine itself is handed its part only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from storecheck.capture import load_capture_config
from storecheck.capture.edge import analysis_config
from storecheck.cli import main
from storecheck.config import ConfigError, StorecheckConfig
from storecheck.service_config import StorecheckServiceConfig, load_service_config

WHOLE = {
    "vision": {"detector": {"confidence": 0.3}},
    "checks": {"max_posters": 2, "cameras": {"cam-window-1": {"zone": "window"}}},
    "stores": [{"id": "3301-001", "name": "城东营业厅", "type": "hall_1_3",
                "cameras": [{"id": "3301-001-hall", "zone": "hall"}]}],
    "orders": {"due_hours_by_rule": {"hall.no_cleaning_tools": 4}},
    "notifications": {"link_base": "https://storecheck.example"},
}


def write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def edge_reads(path: Path) -> StorecheckConfig:
    cameras = path.parent / "cameras.yaml"
    cameras.write_text(yaml.safe_dump({
        "store_id": "3301-001", "mode": "edge", "spool": {"dir": str(path.parent / "spool")},
        "edge": {"results_dir": str(path.parent / "results"), "analysis_config": str(path)},
        "cameras": [{"id": "3301-001-hall", "zone": "hall", "source": str(path.parent)}],
    }), encoding="utf-8")
    return analysis_config(load_capture_config(cameras))


def test_the_engine_is_handed_only_its_part_of_the_whole_file(tmp_path: Path) -> None:
    whole = load_service_config(write(tmp_path, WHOLE))
    assert whole.orders.due_hours_by_rule == {"hall.no_cleaning_tools": 4}
    assert whole.stores is not None and whole.stores.root[0].cameras[0].id == "3301-001-hall"
    engine = whole.engine()
    assert type(engine) is StorecheckConfig
    assert set(engine.model_dump()) == {"vision", "checks"}
    assert engine.vision.detector.confidence == 0.3 and engine.checks.max_posters == 2


def test_the_edge_agent_accepts_the_services_file(tmp_path: Path) -> None:
    config = edge_reads(write(tmp_path, WHOLE))
    assert type(config) is StorecheckConfig and config.checks.max_posters == 2
    assert set(config.checks.cameras) == {"cam-window-1", "3301-001-hall"}


def test_the_engine_config_alone_knows_no_service_section() -> None:
    with pytest.raises(ValueError, match="stores"):
        StorecheckConfig.model_validate({"stores": []})
    assert StorecheckServiceConfig.model_validate({"stores": []}).stores is not None


@pytest.mark.parametrize(
    ("section", "typo", "named"),
    [
        ("checks", {"max_postrs": 2}, "checks.max_postrs"),
        ("orders", {"due_hour": 4}, "orders.due_hour"),
        ("notifications", {"linkbase": "x"}, "notifications.linkbase"),
        ("stores", [{"id": "s", "name": "n", "type": "hall_1_3", "cameras": [{"id": "c", "zone": "hall", "zon": 1}]}],
         "stores.0.cameras.0.zon"),
    ],
)
@pytest.mark.parametrize("reader", ["service", "edge"])
def test_a_typo_in_any_section_is_named_by_every_reader(
    tmp_path: Path, section: str, typo: object, named: str, reader: str
) -> None:
    path = write(tmp_path, {**WHOLE, section: typo})
    read: Callable[[Path], object] = load_service_config if reader == "service" else edge_reads
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        read(path)


def test_storecheck_analyze_names_a_typo_in_a_service_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, {**WHOLE, "orders": {"due_hour": 4}})
    assert main(["analyze", "--config", str(path), str(tmp_path)]) == 2
    assert "orders.due_hour" in capsys.readouterr().err
