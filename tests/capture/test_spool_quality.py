"""The spool keeps every committed frame through crashes and full disks; skip rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest

from storecheck.capture.config import SkipRules
from storecheck.capture.quality import FrameJudge
from storecheck.capture.spool import Spool, SpoolFull, SpoolLocked, entry_id
from tests.capture.conftest import stamped_frame, stamped_jpeg
from tests.fs import tiny_tmpfs

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)


def _put(spool: Spool, n: int, camera: str = "cam-1", sample: int | None = None) -> str:
    jpeg = stamped_jpeg(n, sample)
    entry = entry_id(camera, T0 + timedelta(minutes=n), f"{n:064x}")
    spool.put(jpeg, {"id": entry, "camera_id": camera, "store_id": "s", "captured_at": T0.isoformat()})
    return entry


def test_entries_are_oldest_first_and_settle_into_done(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10**8)
    ids = [_put(spool, n) for n in (2, 0, 1)]
    pending = spool.pending()
    assert [e.id for e in pending] == sorted(ids)
    spool.finish(pending[0], "done", snapshot_id="abc")
    assert [e.meta["snapshot_id"] for e in spool.entries("done")] == ["abc"]
    assert spool.usage()["pending"] == 2 and not list((tmp_path / "tmp").iterdir())


def test_recover_finishes_a_move_cut_short_and_drops_uncommitted_images(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_bytes=10**8)
    first, second = _put(spool, 0), _put(spool, 1)
    entry = spool.pending()[0]
    # Killed after the done JSON was written, before the image moved.
    (tmp_path / "done" / f"{first}.json").write_text('{"state": "done"}')
    (tmp_path / "pending" / "orphan.jpg").write_bytes(b"half")  # image without its commit mark
    (tmp_path / "tmp" / ".x.tmp").write_bytes(b"half")
    assert Spool(tmp_path, max_bytes=10**8).recover() == 2
    assert entry.id == first and (tmp_path / "done" / f"{first}.jpg").exists()
    assert [e.id for e in spool.pending()] == [second]
    assert not (tmp_path / "pending" / "orphan.jpg").exists() and not list((tmp_path / "tmp").iterdir())


def test_full_spool_prunes_oldest_done_first_and_never_pending(tmp_path: Path) -> None:
    # Frames of one picture (their numbers differ) and a limit of three and a half frames plus
    # two of the 4 KiB a put keeps free: room for three, not for a fourth.
    size = len(stamped_jpeg(0, sample=0))
    spool = Spool(tmp_path, max_bytes=3 * size + size // 2 + 2 * 4096)
    a, b = _put(spool, 0, sample=0), _put(spool, 1, sample=0)
    for entry in spool.pending():
        spool.finish(entry, "done")
    c = _put(spool, 2, sample=0)
    d = _put(spool, 3, sample=0)  # makes room by pruning a, the oldest done
    assert {e.id for e in spool.entries("done")} == {b} and not (tmp_path / "done" / f"{a}.jpg").exists()
    _put(spool, 4, sample=0)  # prunes b
    with pytest.raises(SpoolFull, match="not keeping up"):
        _put(spool, 5, sample=0)  # only pending left: refused, nothing lost
    assert [e.id for e in spool.pending()][:2] == [c, d] and len(spool.pending()) == 3


def test_one_agent_per_spool(tmp_path: Path) -> None:
    first = Spool(tmp_path, max_bytes=10**8)
    first.lock()
    with pytest.raises(SpoolLocked):
        Spool(tmp_path, max_bytes=10**8).lock()
    first.unlock()
    Spool(tmp_path, max_bytes=10**8).lock()


def test_skip_rules() -> None:
    judge = FrameJudge(SkipRules(blur_below=50))
    frame = stamped_frame(0)
    assert judge.verdict(np.zeros_like(frame)) == "black"
    assert judge.verdict(frame) is None
    assert judge.verdict(frame.copy()) == "frozen"
    assert judge.verdict(cv2.GaussianBlur(stamped_frame(1), (0, 0), 8)) == "blurry"
    assert judge.verdict(stamped_frame(1)) is None


def test_skip_rules_can_be_turned_off() -> None:
    judge = FrameJudge(SkipRules(black=False, frozen=False))
    black = np.zeros((48, 64, 3), np.uint8)
    assert judge.verdict(black) is None and judge.verdict(black) is None


def test_a_really_full_disk_refuses_the_frame_and_keeps_every_committed_one(tmp_path: Path) -> None:
    """The spool on a 256 KiB tmpfs, no limit of its own: the kernel's ENOSPC is what stops it."""
    with tiny_tmpfs(tmp_path / "disk", "256k") as mounted:
        if not mounted:
            pytest.skip("mounting a tmpfs needs root (CI runs as root)")
        spool = Spool(tmp_path / "disk" / "spool", max_bytes=10**12, min_free_bytes=0)
        kept: dict[str, bytes] = {}
        with pytest.raises(SpoolFull):
            for n in range(1000):
                entry = _put(spool, n)
                kept[entry] = stamped_jpeg(n)
        assert len(kept) >= 2, "the disk filled before anything fitted: make the tmpfs bigger"
        assert {e.id: e.read_image() for e in spool.pending()} == kept  # whole, and nothing extra
        assert not list(spool.tmp.iterdir())  # no half-written file left behind
        assert spool.recover() == 0
        # Once the oldest frames are uploaded, their room is taken back for the next frame.
        for sent in spool.pending(limit=2):
            spool.finish(sent, "done", snapshot_id="s-1")
        newest = _put(spool, 5000)
        assert newest in {e.id for e in spool.pending()}
        assert spool.usage()["done"] < 2  # pruned to make room
