"""``storecheck analyze`` as a user runs it: a real process, real files, JSON lines checked
against the committed JSON Schema of the contract."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from storecheck.contract import json_schema
from tests import scenes

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "analysis-result.schema.json").read_text(encoding="utf-8"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storecheck.cli", "analyze", *args],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` with almost no pixel data: a
    decompression bomb's shape in ~80 bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def test_committed_schema_matches_the_contract_models() -> None:
    assert SCHEMA == json.loads(json.dumps(json_schema()))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    scenes.save(scenes.hall(11, tool="bucket"), folder / "a-hall.jpg")
    (folder / "b-corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg" * 10)
    (folder / "c-empty.png").write_bytes(b"")
    (folder / "d-huge.png").write_bytes(png_header_only(30000, 30000))
    scenes.save(np.zeros((12, 640, 3), np.uint8), folder / "d-strip.png")  # a camera's broken frame
    scenes.save(scenes.shop_window(12, 4), folder / "e-window.jpg")
    (folder / "notes.txt").write_text("not an image, not picked up from a folder")
    return folder


def test_batch_with_bad_files_reports_each_and_analyses_the_rest(batch: Path) -> None:
    proc = run_cli(str(batch), str(batch / "notes.txt"))
    assert proc.returncode == 1, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(line["image"]).name for line in lines] == [
        "a-hall.jpg", "b-corrupt.jpg", "c-empty.png", "d-huge.png", "d-strip.png", "e-window.jpg", "notes.txt",
    ]
    errors = {Path(line["image"]).name: line["error"] for line in lines if "error" in line}
    assert set(errors) == {"b-corrupt.jpg", "c-empty.png", "d-huge.png", "d-strip.png", "notes.txt"}
    assert "640x12, under the 32 px smallest side" in errors["d-strip.png"]
    assert "empty" in errors["c-empty.png"]
    assert "limit" in errors["d-huge.png"]
    assert "not an image" in errors["notes.txt"]
    for line in lines:
        if "error" not in line:
            jsonschema.validate(line, SCHEMA)
    by_name = {Path(line["image"]).name: line for line in lines}
    assert by_name["a-hall.jpg"]["zone"] == "hall"


def test_exit_zero_when_every_image_is_analysed(tmp_path: Path) -> None:
    scenes.save(scenes.star_desk(13, "星级专席"), tmp_path / "desk.jpg")
    annotated = tmp_path / "annotated"
    proc = run_cli(str(tmp_path / "desk.jpg"), "--zone", "star_desk", "--annotate", str(annotated))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    jsonschema.validate(result, SCHEMA)
    assert {f["rule"]: f["status"] for f in result["findings"]}["star_desk.sign"] == "pass"
    assert (annotated / "desk.jpg").stat().st_size > 10_000


def test_table_format_is_for_people(tmp_path: Path) -> None:
    scenes.save(scenes.hall(14, tool="bucket"), tmp_path / "bucket.jpg")
    proc = run_cli(str(tmp_path / "bucket.jpg"), "--format", "table")
    assert proc.returncode == 0, proc.stderr
    header, row = proc.stdout.splitlines()
    assert header.split("\t")[:3] == ["image", "zone", "score"]
    assert "hall.no_cleaning_tools:violation" in row


def test_bad_config_is_refused_with_the_key_named(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("checks:\n  max_postres: 2\n")
    scenes.save(scenes.hall(15, tool=None), tmp_path / "x.jpg")
    proc = run_cli(str(tmp_path / "x.jpg"), "--config", str(config))
    assert proc.returncode == 2
    assert "max_postres" in proc.stderr
