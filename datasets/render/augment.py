"""Domain randomisation over a finished scene: camera tilt, lens, light, blur, noise."""

from __future__ import annotations

import cv2
import numpy as np

from datasets.render.canvas import Canvas


def camera(canvas: Canvas, rng: np.random.Generator, tilt: float) -> None:
    """Perspective (a ceiling camera looks down) and barrel distortion, on image and labels."""
    H, W = canvas.height, canvas.width
    if tilt > 0:
        d = tilt * W
        src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
        dst = np.float32([[rng.uniform(-d, d), rng.uniform(-d, d) * 0.5], [W + rng.uniform(-d, d), rng.uniform(-d, d) * 0.5],
                          [W + rng.uniform(-d, d), H + rng.uniform(-d, d) * 0.5], [rng.uniform(-d, d), H + rng.uniform(-d, d) * 0.5]])
        canvas.warp(cv2.getPerspectiveTransform(src, dst))
    if rng.random() < 0.4:
        k1 = rng.uniform(-0.15, 0.05)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        nx, ny = (xx - W / 2) / (W / 2), (yy - H / 2) / (W / 2)
        r2 = nx * nx + ny * ny
        f = 1 + k1 * r2
        canvas.remap((nx * f * (W / 2) + W / 2).astype(np.float32), (ny * f * (W / 2) + H / 2).astype(np.float32))


def photometric(image: np.ndarray, rng: np.random.Generator, report: dict[str, float] | None = None) -> np.ndarray:
    """Light level, colour cast, vignetting, blur and sensor noise; returns uint8 BGR.

    ``report``, when given, receives the blur applied: ``blur_sigma`` (Gaussian, pixels) and
    ``motion_px`` (length of a motion streak), 0.0 when none, so scene truth can say whether small
    text is still legible."""
    if report is not None:
        report.update(blur_sigma=0.0, motion_px=0.0)
    img = image.astype(np.float32)
    img *= rng.uniform(0.6, 1.25)
    img += rng.uniform(-25, 25)
    img *= rng.uniform(0.88, 1.12, 3)  # white balance
    gamma = rng.uniform(0.75, 1.3)
    img = 255.0 * np.power(np.clip(img, 0, 255) / 255.0, gamma)
    H, W = img.shape[:2]
    if rng.random() < 0.5:
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        r = np.sqrt(((xx - W / 2) / W) ** 2 + ((yy - H / 2) / H) ** 2)
        img *= (1 - rng.uniform(0.1, 0.5) * r**2)[..., None]
    blur = rng.random()
    if blur < 0.25:
        sigma = rng.uniform(0.5, 1.8) * W / 1280
        img = cv2.GaussianBlur(img, (0, 0), sigma)
        if report is not None:
            report["blur_sigma"] = float(sigma)
    elif blur < 0.35:
        k = max(3, int(rng.uniform(3, 11) * W / 1280) | 1)
        if report is not None:
            report["motion_px"] = float(k)
        kernel = np.zeros((k, k), np.float32)
        kernel[k // 2, :] = 1.0 / k
        matrix = cv2.getRotationMatrix2D((k / 2 - 0.5, k / 2 - 0.5), float(rng.uniform(0, 180)), 1.0)
        img = cv2.filter2D(img, -1, cv2.warpAffine(kernel, matrix, (k, k)))
    img += rng.normal(0, rng.uniform(0, 8), img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)
