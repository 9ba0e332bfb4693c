"""Safe image decoding: every snapshot enters the pipeline through :func:`load_image`.

Cameras and uploads send all sorts: rotated phone JPEGs, grayscale or 16-bit PNGs, truncated
files from a dropped connection, and now and then something that is not an image at all. This
module turns each into a BGR ``uint8`` array, or into an :class:`ImageError` whose message can be
shown to a person as is (the CLI writes it to the ``error`` field of the result line).

Example:
    >>> import numpy as np, cv2
    >>> ok, png = cv2.imencode(".png", np.zeros((4, 6), np.uint8))
    >>> load_image(png.tobytes()).shape
    (4, 6, 3)
"""

from __future__ import annotations

import io
import logging
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

DEFAULT_MAX_PIXELS = 40_000_000


class ImageError(ValueError):
    """The input cannot be used as an image; ``str(err)`` says why, for a person to read."""


def load_image(source: str | Path | bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Read a file path or encoded bytes into a BGR ``uint8`` ``(H, W, 3)`` array.

    EXIF orientation is applied; grayscale, RGBA, palette and 16-bit images are converted. The
    size is read from the header and checked against ``max_pixels`` before any pixel is decoded.

    Raises:
        ImageError: missing, empty, not an image, truncated, corrupt, or over ``max_pixels``.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        return decode_bytes(bytes(source), max_pixels=max_pixels)
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImageError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ImageError(f"is a directory, not an image: {path}") from None
    except OSError as exc:
        raise ImageError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode_bytes(data, max_pixels=max_pixels)


def decode_bytes(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Decode an encoded image (an HTTP upload, a camera grab) the same way as :func:`load_image`."""
    if not data:
        raise ImageError("empty file")
    try:
        # Pillow's open() reads only the header; pixels are decoded by load() below. Its own
        # bomb warning is silenced because _check_size applies our (lower) limit with a better
        # message; its hard error (over ~179 MP) still fires first for truly absurd headers.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = pillow_open()(io.BytesIO(data))
    except (UnidentifiedImageError, ImportError):
        raise ImageError(f"not an image ({_sniff(data)}?)") from None
    except Image.DecompressionBombError as exc:
        raise ImageError(_bomb_message(str(exc), max_pixels)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        if "truncated" in str(exc).lower():
            raise ImageError("truncated image data (the header is cut off)") from None
        raise ImageError(f"corrupt image header: {exc}") from None
    with img:
        _check_size(img.width, img.height, max_pixels)
        try:
            img.load()
        except OSError as exc:
            if "truncated" in str(exc).lower():
                raise ImageError("truncated image data") from None
            raise ImageError(f"corrupt image data: {exc}") from None
        except (SyntaxError, ValueError, EOFError) as exc:
            raise ImageError(f"corrupt image data: {exc}") from None
        img = ImageOps.exif_transpose(img) or img
        return _to_bgr8(img)


def pillow_open() -> Callable[..., Image.Image]:
    """Pillow's own ``Image.open``.

    Importing ultralytics (the train extra) replaces ``Image.open`` with a wrapper that, given a
    non-image, tries to pip-install pi-heif and raises ModuleNotFoundError offline; unwrap it.
    """
    opener = Image.open
    if getattr(opener, "__module__", Image.__name__) != Image.__name__:
        opener = getattr(sys.modules.get(opener.__module__), "_image_open", opener)
    return opener


def require_min_side(width: int, height: int, min_side: int) -> None:
    """Refuse an image too small to judge: a thumbnail or a camera's broken 1x1 frame would
    otherwise pass every rule with nothing in view."""
    if min(width, height) < min_side:
        raise ImageError(f"image is {width}x{height}, under the {min_side} px smallest side: too small to analyse")


def _check_size(width: int, height: int, max_pixels: int) -> None:
    if width <= 0 or height <= 0:
        raise ImageError(f"image has no pixels ({width}x{height})")
    pixels = width * height
    if pixels > max_pixels:
        raise ImageError(
            f"image is {width}x{height} = {pixels / 1e6:.0f} MP, "
            f"over the {max_pixels / 1e6:.0f} MP limit"
        )


def _bomb_message(pillow_message: str, max_pixels: int) -> str:
    match = re.search(r"\((\d+) pixels\)", pillow_message)
    size = f"{int(match.group(1)) / 1e6:.0f} MP" if match else "far too large"
    return f"image is {size}, over the {max_pixels / 1e6:.0f} MP limit (decompression bomb?)"


def _to_bgr8(img: Image.Image) -> np.ndarray:
    mode = img.mode
    if mode.startswith("I") or mode == "F":
        # 16-bit (or 32-bit) grayscale: scale down rather than keep only the low byte.
        arr = np.asarray(img).astype(np.float32)
        if mode.startswith("I;16") or arr.max(initial=0) > 255:
            arr = arr / 257.0
        gray = np.clip(arr, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in img.info):
        # Transparent pixels go on white, as a viewer shows them, not on black.
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    rgb = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _sniff(data: bytes) -> str:
    """A guess at what a non-image is, for the error message."""
    head = data[:512]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.lstrip().startswith((b"<!DOCTYPE html", b"<html", b"<HTML")):
        return "text/html"
    if head.lstrip().startswith((b"{", b"[")):
        return "application/json"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def padded_box(box: Sequence[float], pad: float, width: int, height: int) -> tuple[int, int, int, int]:
    """``box`` grown by ``pad`` of its width and height on each side, rounded outwards to whole
    pixels and clipped to a ``width`` x ``height`` image: the one crop window the engine's
    re-reads and the edge box's evidence both use."""
    x1, y1, x2, y2 = (float(v) for v in box[:4])
    dx, dy = (x2 - x1) * pad, (y2 - y1) * pad
    return (
        int(np.clip(np.floor(x1 - dx), 0, width)),
        int(np.clip(np.floor(y1 - dy), 0, height)),
        int(np.clip(np.ceil(x2 + dx), 0, width)),
        int(np.clip(np.ceil(y2 + dy), 0, height)),
    )


def crop(image: np.ndarray, box: Sequence[float], pad: float = 0.0) -> np.ndarray | None:
    """The padded crop of ``box`` (a contiguous copy), or None when nothing of it is in the image."""
    x1, y1, x2, y2 = padded_box(box, pad, image.shape[1], image.shape[0])
    if x2 <= x1 or y2 <= y1:
        return None
    return np.ascontiguousarray(image[y1:y2, x1:x2])
