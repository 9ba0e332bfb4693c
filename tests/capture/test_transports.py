"""Frames over real transports on loopback: HTTP snapshot URLs, a video file, an RTSP stream
served by ffmpeg; and the reasons a broken camera gives."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from storecheck.capture.sources import Frame, GrabError, open_source, redact_text, redact_url
from tests.capture.conftest import FRAME_SIZE, SnapshotCamera, free_port, write_clip


def test_http_snapshot_passes_the_cameras_jpeg_through(snapshot_camera: SnapshotCamera) -> None:
    source = open_source(f"{snapshot_camera.url}/good", timeout_s=2)
    first, second = source.grab(), source.grab()
    source.close()
    assert first.jpeg[:2] == b"\xff\xd8" and first.image.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3)
    assert first.jpeg != second.jpeg


def test_http_snapshot_with_basic_auth(snapshot_camera: SnapshotCamera) -> None:
    good = open_source(f"{snapshot_camera.url}/auth", timeout_s=2, username="user", password="secret", auth="basic")
    assert good.grab().jpeg[:2] == b"\xff\xd8"
    wrong = open_source(f"{snapshot_camera.url}/auth", timeout_s=2, username="user", password="nope", auth="basic")
    with pytest.raises(GrabError, match="HTTP 401"):
        wrong.grab()


@pytest.mark.parametrize(("path", "reason"), [("/garbage", "not an image"), ("/missing-but-200", "not an image")])
def test_http_garbage_is_a_grab_error(snapshot_camera: SnapshotCamera, path: str, reason: str) -> None:
    with pytest.raises(GrabError, match=reason):
        open_source(f"{snapshot_camera.url}{path}", timeout_s=2).grab()


def test_refused_connection_names_the_reason_without_the_password() -> None:
    url = f"http://admin:hunter2@127.0.0.1:{free_port()}/snap?token=abc"
    with pytest.raises(GrabError) as caught:
        open_source(url, timeout_s=2, username="admin", password="hunter2").grab()
    message = str(caught.value)
    assert "ConnectError" in message and "refused" in message.lower()
    assert "hunter2" not in message and "abc" not in message


def test_a_silent_camera_times_out() -> None:
    with socket.socket() as listener:  # accepts the connection, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        started = time.monotonic()
        with pytest.raises(GrabError, match="Timeout"):
            open_source(f"http://127.0.0.1:{listener.getsockname()[1]}/snap", timeout_s=0.5).grab()
        assert time.monotonic() - started < 3


def test_video_file_is_read_onward_and_loops(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "clip.mp4", frames=5)
    source = open_source(str(clip), timeout_s=2)
    frames = [source.grab() for _ in range(7)]
    source.close()
    assert all(f.image.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3) for f in frames)
    assert not np.array_equal(frames[0].image, frames[1].image)
    assert np.abs(frames[5].image.astype(int) - frames[0].image.astype(int)).mean() < 3  # looped to the start


def test_missing_video_file() -> None:
    with pytest.raises(GrabError, match="does not exist"):
        open_source("/nonexistent/clip.mp4", timeout_s=1).grab()


class RtspPusher:
    """Debian's ffmpeg sending a looping clip over RTSP (ANNOUNCE/RECORD) to our listening
    capture, retried until the listener is up, bounded in time.

    Why this way round: Debian's ffmpeg 5.1 cannot *serve* RTSP (its muxer has no listen mode:
    ``-f rtsp -rtsp_flags listen`` only dials out and fails with "Connection refused"), and no
    RTSP server ships in Debian's ffmpeg. The capture side listens instead (FFmpeg's demuxer can,
    through OpenCV's ``OPENCV_FFMPEG_CAPTURE_OPTIONS``), so the frames still cross a real RTSP/RTP
    session on loopback, decoded by the same OpenCV FFmpeg backend the agent uses on a camera.
    """

    def __init__(self, clip: Path, url: str, seconds: float = 20) -> None:
        self.clip, self.url, self.deadline = clip, url, time.monotonic() + seconds
        self.process: subprocess.Popen[bytes] | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._push, daemon=True)
        self.thread.start()

    def _push(self) -> None:
        while not self.stopped.is_set() and time.monotonic() < self.deadline:
            self.process = subprocess.Popen(
                ["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", str(self.clip),
                 "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", self.url],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                self.process.wait(timeout=max(0.1, self.deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                break
            self.stopped.wait(0.2)  # refused: the listener is not up yet

    def close(self) -> None:
        self.stopped.set()
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
        self.thread.join(5)


@pytest.fixture
def rtsp_stream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (Debian package ffmpeg)")
    monkeypatch.setenv("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_flags;listen|listen_timeout;5")
    url = f"rtsp://127.0.0.1:{free_port()}/cam"
    pusher = RtspPusher(write_clip(tmp_path / "clip.mp4", frames=30), url)
    try:
        yield url
    finally:
        pusher.close()


def _grab_with_retries(source: object, count: int, seconds: float) -> list[Frame]:
    frames: list[Frame] = []
    deadline = time.monotonic() + seconds
    while len(frames) < count and time.monotonic() < deadline:
        try:
            frames.append(source.grab())  # type: ignore[attr-defined]
        except GrabError:
            time.sleep(0.2)  # reconnect, as the agent does
    return frames


def test_rtsp_stream_from_ffmpeg(rtsp_stream: str) -> None:
    source = open_source(rtsp_stream, timeout_s=5, keep_open=True)
    try:
        frames = _grab_with_retries(source, 3, seconds=15)
    finally:
        source.close()
    assert len(frames) == 3
    assert all(f.image.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3) and f.jpeg[:2] == b"\xff\xd8" for f in frames)
    assert not np.array_equal(frames[0].image, frames[2].image)  # newest frames, not one repeated


def test_rtsp_refused_is_reported() -> None:
    source = open_source(f"rtsp://127.0.0.1:{free_port()}/cam", timeout_s=1)
    with pytest.raises(GrabError, match="cannot open the stream"):
        source.grab()


@pytest.mark.parametrize(("url", "shown"), [
    ("rtsp://admin:pw@10.0.0.2:554/Streaming/101", "rtsp://***@10.0.0.2:554/Streaming/101"),
    ("http://10.0.0.2/snap.jpg?user=a&password=pw&x=1", "http://10.0.0.2/snap.jpg?user=a&password=***&x=1"),
    ("https://cam/ISAPI/picture?token=t0k", "https://cam/ISAPI/picture?token=***"),
    ("/srv/clips/hall.mp4", "/srv/clips/hall.mp4"),
])
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_redact_text_masks_urls_and_secrets() -> None:
    text = redact_text("failed: rtsp://u:pw@h/x and pw again", "pw")
    assert "pw" not in text.replace("***", "")
