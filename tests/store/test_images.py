"""The content-addressed image store."""

from __future__ import annotations

from pathlib import Path

import pytest

from storecheck.store.images import ImageStore, sha256_hex


def test_put_is_content_addressed_idempotent_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    digest = store.put(b"first image")
    assert digest == sha256_hex(b"first image")
    assert store.path(digest) == tmp_path / digest[:2] / digest[2:4] / digest
    assert store.put(b"first image") == digest
    assert store.get(digest) == b"first image" and store.digests() == [digest]
    assert list((tmp_path / "tmp").iterdir()) == []
    assert store.delete(digest) and not store.delete(digest)
    with pytest.raises(FileNotFoundError):
        store.get(digest)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "g" * 64])
def test_only_digests_name_files(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="sha256"):
        ImageStore(tmp_path).path(bad)
