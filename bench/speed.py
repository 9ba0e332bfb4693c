"""Stage timings and peak memory of the engine against a naive pipeline, in the same run.

    python -m bench.speed [--repeat 3] [--out bench/results/speed.json] [--engine-config JSON]

engine: ONNX Runtime detector (rectangular input) + every frame's text read (text detection at
        long side 960, recognition on the original pixels, crops re-read where that found
        nothing) + rules.
naive:  ultralytics+torch detector at its default 640x640 + one full-frame OCR pass at full
        size (rapidocr's defaults leave a 1080p frame as it is) + the same rules (what one would
        write first). Needs the ``train`` extra (torch, ultralytics).

Both run over the sample snapshots (``datasets/samples``, 1920x1080), interleaved image by image so
machine load hits both alike. Speed is reported as medians and the naive/engine ratio; memory as
each pipeline's peak resident set size, measured in a fresh child process per pipeline.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import time
from pathlib import Path

import numpy as np

from storecheck.contract import ZONES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "datasets" / "samples"


def _samples() -> list[tuple[Path, str]]:
    truth = [json.loads(line) for line in (SAMPLES / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(SAMPLES / t["image"], t["zone"]) for t in truth if t["zone"] in ZONES]  # zones the engine knows


class NaivePipeline:
    """ultralytics+torch on the full frame, full-frame OCR, then the same checks."""

    def __init__(self) -> None:
        import os

        os.environ.setdefault("YOLO_OFFLINE", "1")
        from ultralytics import YOLO

        from storecheck.vision.config import OcrConfig
        from storecheck.vision.ocr.base import load_ocr

        self.model = YOLO(str(ROOT / "models" / "storecheck-det.pt"))
        # rapidocr's default (short side at least 736) reads a 1080p frame at its full size.
        self.ocr = load_ocr(OcrConfig(frame_limit_side_len=4096))

    def run(self, path: Path, zone: str) -> dict[str, float]:
        from storecheck.checks.evaluate import CheckContext, evaluate
        from storecheck.vision.detector.ultralytics_yolo import from_ultralytics
        from storecheck.vision.image import load_image
        from storecheck.vision.types import Observation

        t0 = time.perf_counter()
        image = load_image(path)
        t1 = time.perf_counter()
        detections = from_ultralytics(self.model.predict(image, imgsz=640, verbose=False, device="cpu")[0])
        t2 = time.perf_counter()
        frame = self.ocr.read_frame(image)
        t3 = time.perf_counter()
        h, w = image.shape[:2]
        evaluate(Observation(w, h, detections, frame_texts=frame), CheckContext(zone=zone))  # type: ignore[arg-type]
        t4 = time.perf_counter()
        return {"decode": t1 - t0, "detect": t2 - t1, "ocr": t3 - t2, "checks": t4 - t3, "total": t4 - t0}


class EnginePipeline:
    def __init__(self, config: dict | None = None) -> None:
        from storecheck.config import StorecheckConfig
        from storecheck.engine import Engine

        self.engine = Engine(StorecheckConfig.model_validate(config or {}))

    def run(self, path: Path, zone: str) -> dict[str, float]:
        return self.engine.run(path, zone=zone).timings  # type: ignore[arg-type]


def _peak_rss(kind: str, queue: mp.Queue, config: dict | None = None) -> None:
    pipeline = EnginePipeline(config) if kind == "engine" else NaivePipeline()
    for path, zone in _samples():
        pipeline.run(path, zone)
    queue.put(_vm_hwm_mib())


def _vm_hwm_mib() -> float:
    """This process's peak resident set (VmHWM). Not ``ru_maxrss``: on Linux that survives
    fork+exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB -> MiB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_memory_mib(kind: str, config: dict | None = None) -> float:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_peak_rss, args=(kind, queue, config))
    proc.start()
    value = queue.get(timeout=900)
    proc.join()
    return float(value)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--engine-config", type=json.loads, default=None,
                   help="the engine's config as JSON, e.g. '{\"vision\": {\"person_detector\": {\"enabled\": false}}}'")
    args = p.parse_args(argv)
    samples = _samples()
    engine, naive = EnginePipeline(args.engine_config), NaivePipeline()
    for path, zone in samples[:2]:  # warm-up: first calls build kernels and caches
        engine.run(path, zone)
        naive.run(path, zone)
    timings: dict[str, dict[str, list[float]]] = {"engine": {}, "naive": {}}
    badges_per_image = []
    for _ in range(args.repeat):
        for path, zone in samples:
            for name, pipe in (("engine", engine), ("naive", naive)):
                for stage, seconds in pipe.run(path, zone).items():
                    timings[name].setdefault(stage, []).append(seconds)
    for path, zone in samples:
        result = engine.engine.analyze(path, zone=zone)
        badges_per_image.append(sum(1 for o in result.objects if o.label == "badge"))
    medians = {name: {stage: round(statistics.median(v) * 1000, 1) for stage, v in stages.items()} for name, stages in timings.items()}
    report = {
        "images": len(samples), "repeat": args.repeat, "size": "1920x1080", "engine_config": args.engine_config,
        "badges_per_image": {"max": max(badges_per_image), "mean": round(float(np.mean(badges_per_image)), 2)},
        "median_ms": medians,
        "p95_ms": {name: {stage: round(float(np.percentile(v, 95)) * 1000, 1) for stage, v in stages.items()}
                   for name, stages in timings.items()},
        "speedup_total": round(medians["naive"]["total"] / medians["engine"]["total"], 2),
        "engine_stats": dict(engine.engine.stats),
    }
    if not args.no_memory:
        report["peak_rss_mib"] = {kind: round(peak_memory_mib(kind, args.engine_config), 1) for kind in ("engine", "naive")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    p95 = report["p95_ms"]
    print("| stage | engine median ms | engine p95 ms | naive median ms | naive p95 ms |")
    print("| --- | --- | --- | --- | --- |")
    for stage in ("decode", "detect", "ocr", "checks", "total"):
        print(f"| {stage} | {medians['engine'].get(stage, 0)} | {p95['engine'].get(stage, 0)} | "
              f"{medians['naive'].get(stage, 0)} | {p95['naive'].get(stage, 0)} |")
    print(f"speed-up (naive/engine, median total): {report['speedup_total']}x")
    if "peak_rss_mib" in report:
        print(f"peak RSS MiB: {report['peak_rss_mib']}")
    return report


if __name__ == "__main__":
    main()
