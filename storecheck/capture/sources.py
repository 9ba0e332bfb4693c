"""Where frames come from: RTSP/video via OpenCV's FFmpeg backend, HTTP(S) snapshot URLs via
httpx, a video file, or a folder of images (tests, replays).

Every grab is bounded by the camera's timeout and fails with a :class:`GrabError` whose message
is safe to log and show: URLs in it are redacted (no user, password or token).
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, urlsplit, urlunsplit

# FFmpeg's own log lines may carry a stream URL with its password, and OpenCV's warnings repeat
# them: quiet both (before the first capture is opened); our GrabErrors say what went wrong.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")

import cv2  # noqa: E402
import httpx  # noqa: E402
import numpy as np  # noqa: E402

from storecheck.vision.image import ImageError, decode_bytes  # noqa: E402

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp"})
SECRET_QUERY = re.compile(r"(?i)(pass(word)?|pwd|token|key|secret|auth|sig(nature)?)=[^&]*")


class GrabError(RuntimeError):
    """A grab failed; ``str()`` is the reason, redacted and short."""


@dataclass
class Frame:
    """One grabbed picture: what is spooled (``jpeg``) and what skip rules look at (``image``)."""

    jpeg: bytes
    image: np.ndarray


class FrameSource(Protocol):
    def grab(self) -> Frame: ...

    def close(self) -> None: ...


def redact_url(url: str) -> str:
    """``url`` without credentials: ``rtsp://admin:pw@h/x?token=1`` -> ``rtsp://***@h/x?token=***``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable url>"
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = SECRET_QUERY.sub(lambda m: m.group(0).split("=", 1)[0] + "=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def redact_text(text: str, *secrets: str | None) -> str:
    """``text`` (e.g. an exception message) with every URL redacted and each secret masked."""
    text = re.sub(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>]+", lambda m: redact_url(m.group(0)), text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _encode(image: np.ndarray, quality: int) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise GrabError("could not encode the frame as JPEG")
    return data.tobytes()


def _decode(data: bytes, what: str) -> np.ndarray:
    try:
        return decode_bytes(data)
    except ImageError as exc:
        raise GrabError(f"{what} sent something that is not an image ({exc})") from None


class SnapshotUrlSource:
    """An HTTP(S) snapshot URL (e.g. Hikvision ``/ISAPI/Streaming/channels/101/picture``)."""

    def __init__(self, url: str, *, timeout_s: float, username: str | None = None,
                 password: str | None = None, auth: str = "digest") -> None:
        self.url, self.shown = url, redact_url(url)
        self._secrets = (password,)
        credentials: httpx.Auth | None = None
        if username is not None and password is not None:
            credentials = httpx.DigestAuth(username, password) if auth == "digest" else httpx.BasicAuth(username, password)
        self._client = httpx.Client(timeout=timeout_s, auth=credentials, follow_redirects=True)

    def grab(self) -> Frame:
        try:
            response = self._client.get(self.url)
        except httpx.HTTPError as exc:
            reason = redact_text(str(exc) or type(exc).__name__, *self._secrets)
            raise GrabError(f"{self.shown}: {type(exc).__name__}: {reason}") from None
        if response.status_code != 200:
            raise GrabError(f"{self.shown}: HTTP {response.status_code}")
        image = _decode(response.content, self.shown)
        # The camera's own JPEG is spooled untouched: re-encoding would cost quality and CPU.
        return Frame(response.content, image)

    def close(self) -> None:
        self._client.close()


class VideoSource:
    """An RTSP stream or a video file through OpenCV's FFmpeg backend.

    A stream is opened for each grab by default (fresh frame, no decoder running between grabs);
    ``keep_open`` holds the connection and a reader thread keeps only the newest frame, for
    short intervals or servers that take one client. A file is read onward, frame by frame,
    and rewound at its end.
    """

    def __init__(self, url: str, *, timeout_s: float, keep_open: bool = False, jpeg_quality: int = 90) -> None:
        self.url, self.shown = url, redact_url(url)
        self.timeout_s, self.jpeg_quality = timeout_s, jpeg_quality
        self.is_file = "://" not in url
        self.keep_open = keep_open or self.is_file
        self._capture: cv2.VideoCapture | None = None
        self._latest: np.ndarray | None = None
        self._fresh = threading.Condition()
        self._reader: threading.Thread | None = None
        self._closed = False

    def _open(self) -> cv2.VideoCapture:
        if self.is_file and not Path(self.url).is_file():
            raise GrabError(f"video file {self.url} does not exist")
        ms = int(self.timeout_s * 1000)
        capture = cv2.VideoCapture(self.url, cv2.CAP_FFMPEG,
                                   [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, ms])
        if not capture.isOpened():
            capture.release()
            raise GrabError(f"{self.shown}: cannot open the stream (refused, unreachable, or not video)")
        return capture

    def grab(self) -> Frame:
        if self.is_file:
            return Frame(_encode(image := self._read_file(), self.jpeg_quality), image)
        if not self.keep_open:
            capture = self._open()
            try:
                ok, image = capture.read()
            finally:
                capture.release()
            if not ok or image is None:
                raise GrabError(f"{self.shown}: connected but no frame arrived within {self.timeout_s:g} s")
            return Frame(_encode(image, self.jpeg_quality), image)
        return self._grab_held()

    def _read_file(self) -> np.ndarray:
        if self._capture is None:
            self._capture = self._open()
        ok, image = self._capture.read()
        if not ok:  # the end: start over, so a test clip loops like a camera
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, image = self._capture.read()
        if not ok or image is None:
            self.close()
            raise GrabError(f"video file {self.url} has no readable frame")
        return image  # type: ignore[no-any-return]

    def _grab_held(self) -> Frame:
        if self._reader is None or not self._reader.is_alive():
            self._capture = self._open()
            self._latest = None
            self._reader = threading.Thread(target=self._read_stream, args=(self._capture,),
                                            name=f"reader {self.shown}", daemon=True)
            self._reader.start()
        deadline = time.monotonic() + self.timeout_s
        with self._fresh:
            while self._latest is None:
                left = deadline - time.monotonic()
                if left <= 0 or self._reader is None or not self._reader.is_alive():
                    raise GrabError(f"{self.shown}: no new frame within {self.timeout_s:g} s (stream stalled or closed)")
                self._fresh.wait(min(left, 0.2))
            image, self._latest = self._latest, None  # taken: the next grab waits for a newer one
        return Frame(_encode(image, self.jpeg_quality), image)

    def _read_stream(self, capture: cv2.VideoCapture) -> None:
        # Reading continuously is what keeps a held stream fresh: unread frames would queue up
        # in FFmpeg's buffers and a later grab would return the past.
        while not self._closed:
            ok, image = capture.read()
            if not ok or image is None:
                break
            with self._fresh:
                self._latest = image
                self._fresh.notify_all()
        capture.release()

    def close(self) -> None:
        self._closed = True
        if self._reader is not None:
            self._reader.join(timeout=self.timeout_s + 1)
        elif self._capture is not None:
            self._capture.release()
        self._capture, self._reader = None, None


class FolderSource:
    """The images of a folder in name order, one per grab, round and round (tests, replays)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index = 0

    def grab(self) -> Frame:
        files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES) if self.folder.is_dir() else []
        if not files:
            raise GrabError(f"folder {self.folder} has no images")
        path = files[self._index % len(files)]
        self._index += 1
        data = path.read_bytes()
        return Frame(data, _decode(data, str(path)))

    def close(self) -> None:
        pass


def open_source(url: str, *, timeout_s: float, username: str | None = None, password: str | None = None,
                auth: str = "digest", keep_open: bool = False, jpeg_quality: int = 90) -> FrameSource:
    """The right source for ``url``; credentials go into the request (HTTP) or the URL (RTSP)."""
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme in ("http", "https"):
        return SnapshotUrlSource(url, timeout_s=timeout_s, username=username, password=password, auth=auth)
    if scheme in ("rtsp", "rtsps", "rtmp"):
        if username is not None and password is not None:
            parts = urlsplit(url)
            host = parts.netloc.rsplit("@", 1)[-1]
            url = urlunsplit((parts.scheme, f"{quote(username, safe='')}:{quote(password, safe='')}@{host}",
                              parts.path, parts.query, ""))
        return VideoSource(url, timeout_s=timeout_s, keep_open=keep_open, jpeg_quality=jpeg_quality)
    if scheme:
        raise GrabError(f"unsupported source scheme {scheme!r}: use rtsp, http(s), a video file or a folder")
    path = Path(url)
    return FolderSource(path) if path.is_dir() else VideoSource(url, timeout_s=timeout_s, jpeg_quality=jpeg_quality)
