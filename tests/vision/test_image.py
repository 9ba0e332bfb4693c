"""load_image: what the pipeline gets from real files, and the messages people see."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from storecheck.vision.image import ImageError, decode_bytes, load_image


def _encode(img: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kwargs)
    return buf.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width x height`` with almost no pixel data: a bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


@pytest.fixture
def jpeg_bytes() -> bytes:
    img = Image.new("RGB", (64, 48), (200, 30, 10))  # red in RGB
    return _encode(img, "JPEG", quality=95)


def test_jpeg_file_becomes_bgr_uint8(tmp_path: Path, jpeg_bytes: bytes) -> None:
    path = tmp_path / "cam1.jpg"
    path.write_bytes(jpeg_bytes)
    img = load_image(path)
    assert img.shape == (48, 64, 3) and img.dtype == np.uint8
    b, g, r = img[24, 32].astype(int)
    assert r > 180 and b < 40  # channels are BGR


def test_bytes_and_str_path_decode_the_same(tmp_path: Path, jpeg_bytes: bytes) -> None:
    path = tmp_path / "cam1.jpg"
    path.write_bytes(jpeg_bytes)
    np.testing.assert_array_equal(load_image(str(path)), decode_bytes(jpeg_bytes))


def test_exif_orientation_is_applied() -> None:
    # Stored landscape 60x40 with Orientation=6 ("rotate 90 CW to view"): shown portrait 40x60.
    img = Image.new("RGB", (60, 40), (0, 0, 255))
    img.paste((255, 255, 255), (0, 0, 10, 40))  # a white stripe on the stored left edge
    exif = Image.Exif()
    exif[0x0112] = 6
    out = decode_bytes(_encode(img, "JPEG", exif=exif, quality=95))
    assert out.shape == (60, 40, 3)
    assert out[2, 20].mean() > 200  # the left stripe is now along the top
    assert out[-2, 20].mean() < 150


@pytest.mark.parametrize(
    ("mode", "value"),
    [("L", 128), ("I;16", 32896), ("P", 3), ("LA", (128, 255)), ("1", 1)],
)
def test_other_modes_become_bgr8(mode: str, value: object) -> None:
    img = Image.new(mode, (8, 6), value)  # type: ignore[arg-type]
    if mode == "P":
        img.putpalette([0, 0, 0] * 3 + [10, 20, 30] + [0, 0, 0] * 252)
    out = decode_bytes(_encode(img, "PNG"))
    assert out.shape == (6, 8, 3) and out.dtype == np.uint8
    expected = {"L": [128] * 3, "I;16": [128] * 3, "P": [30, 20, 10], "LA": [128] * 3, "1": [255] * 3}
    np.testing.assert_array_equal(out[0, 0], expected[mode])


def test_rgba_transparent_pixels_go_on_white() -> None:
    img = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    img.putpixel((0, 0), (0, 255, 0, 255))
    out = decode_bytes(_encode(img, "PNG"))
    np.testing.assert_array_equal(out[0, 0], [0, 255, 0])
    np.testing.assert_array_equal(out[3, 3], [255, 255, 255])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"store opened at 9:00\n", "not an image (text/plain?)"),
        (b"%PDF-1.7\n...", "not an image (application/pdf?)"),
        (bytes(range(256)) * 4, "not an image (application/octet-stream?)"),
    ],
)
def test_non_images_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(ImageError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        decode_bytes(data)


def test_truncated_jpeg(jpeg_bytes: bytes) -> None:
    with pytest.raises(ImageError, match="truncated image data"):
        decode_bytes(jpeg_bytes[: len(jpeg_bytes) // 2])


def test_text_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("这不是图片", encoding="utf-8")
    with pytest.raises(ImageError, match=r"not an image \(text/plain\?\)"):
        load_image(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="no such file"):
        load_image(tmp_path / "nope.jpg")
    with pytest.raises(ImageError, match="is a directory"):
        load_image(tmp_path)


def test_over_the_pixel_limit_is_refused_before_decoding() -> None:
    with pytest.raises(ImageError, match=r"image is 8000x6000 = 48 MP, over the 40 MP limit"):
        decode_bytes(_png_header(8000, 6000))
    with pytest.raises(ImageError, match="over the 1 MP limit"):
        decode_bytes(_png_header(2000, 1000), max_pixels=1_000_000)


def test_decompression_bomb_header_is_refused() -> None:
    with pytest.raises(ImageError, match=r"image is 900 MP, over the 40 MP limit"):
        decode_bytes(_png_header(30000, 30000))


def test_image_error_is_a_value_error() -> None:
    assert issubclass(ImageError, ValueError)


def test_non_images_still_refused_after_ultralytics_patches_pillow() -> None:
    # Importing ultralytics swaps Image.open for a wrapper that tries to pip-install pi-heif.
    pytest.importorskip("ultralytics", reason="ultralytics not installed")
    with pytest.raises(ImageError, match=r"not an image \(text/plain\?\)"):
        decode_bytes(b"hello")
