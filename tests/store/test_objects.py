"""The object-store seam under the image store: a local directory and an fsspec filesystem behave
alike, so images move to S3 without the rest of storecheck noticing."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from storecheck.store.images import ImageStore, sha256_hex
from storecheck.store.objects import (
    FsspecObjects,
    LocalObjects,
    ObjectStore,
    object_store_from_env,
    open_object_store,
)


@pytest.fixture(params=["local", "fsspec-memory"])
def objects(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ObjectStore]:
    if request.param == "local":
        yield open_object_store(tmp_path / "images", fsync=False)
        return
    # fsspec's in-memory filesystem runs the same fsspec code paths s3fs does (url_to_fs, glob,
    # pipe/cat, cache invalidation); a unique root keeps tests apart in the shared memory store.
    store = open_object_store(f"memory://sc-{uuid.uuid4().hex}/images")
    assert isinstance(store, FsspecObjects)
    yield store
    if store.fs.exists(store.root):
        store.fs.rm(store.root, recursive=True)


def test_bytes_round_trip_by_key(objects: ObjectStore) -> None:
    assert objects.size("ab/cd/x") is None and objects.modified("ab/cd/x") is None
    before = time.time()
    objects.write("ab/cd/x", b"first")
    written = objects.modified("ab/cd/x")
    assert written is not None and before - 2 <= written <= time.time() + 2
    objects.write("ab/ef/y", b"second!")
    assert objects.read("ab/cd/x") == b"first" and objects.size("ab/ef/y") == 7
    assert objects.keys("??/??/*") == ["ab/cd/x", "ab/ef/y"]
    objects.write("ab/cd/x", b"replaced")
    assert objects.read("ab/cd/x") == b"replaced"
    assert objects.delete("ab/cd/x") and not objects.delete("ab/cd/x")
    with pytest.raises(FileNotFoundError):
        objects.read("ab/cd/x")
    assert objects.keys("??/??/*") == ["ab/ef/y"]


def test_image_store_behaves_the_same_on_either_backend(objects: ObjectStore) -> None:
    images = ImageStore(objects=objects)
    digest = images.put(b"jpeg bytes")
    assert digest == sha256_hex(b"jpeg bytes") and images.exists(digest)
    assert images.put(b"jpeg bytes") == digest and images.digests() == [digest]
    assert images.get(digest) == b"jpeg bytes"
    assert images.delete(digest) and not images.delete(digest) and not images.exists(digest)
    with pytest.raises(ValueError, match="sha256"):
        images.get("../../etc/passwd")


def test_a_remote_store_has_no_local_path() -> None:
    images = ImageStore(objects=open_object_store(f"memory://sc-{uuid.uuid4().hex}"))
    with pytest.raises(AttributeError, match="local"):
        images.path("0" * 64)


def test_local_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    objects = LocalObjects(tmp_path, fsync=True)
    objects.write("ab/cd/x", b"bytes")
    assert (tmp_path / "ab" / "cd" / "x").read_bytes() == b"bytes"
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_environment_picks_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORECHECK_IMAGES_URL", raising=False)
    assert isinstance(object_store_from_env(tmp_path), LocalObjects)
    monkeypatch.setenv("STORECHECK_IMAGES_URL", f"file://{tmp_path / 'elsewhere'}")
    local = object_store_from_env(tmp_path)
    assert isinstance(local, LocalObjects) and local.root == tmp_path / "elsewhere"
    monkeypatch.setenv("STORECHECK_IMAGES_URL", "memory://sc-env/images")
    monkeypatch.setenv("STORECHECK_IMAGES_OPTIONS", "[1]")
    with pytest.raises(ValueError, match="JSON object"):
        object_store_from_env(tmp_path)
    monkeypatch.setenv("STORECHECK_IMAGES_OPTIONS", "{}")
    assert isinstance(object_store_from_env(tmp_path), FsspecObjects)


def test_s3_urls_go_to_s3fs_with_the_given_endpoint() -> None:
    pytest.importorskip("s3fs", reason="the optional 's3' extra (s3fs) is not installed")
    # Only construction: no S3 endpoint runs on this machine, and s3fs connects lazily.
    store = open_object_store("s3://storecheck-images/prod", anon=True,
                              endpoint_url="http://127.0.0.1:9")
    assert isinstance(store, FsspecObjects) and store.root == "storecheck-images/prod"
    assert type(store.fs).__name__ == "S3FileSystem"
