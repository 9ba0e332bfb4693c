"""``storecheck`` command line (see ``shared/CONTRACT.md``).

``storecheck analyze PATH [PATH ...] [--zone Z] [--store-type T] [--roster CSV] [--config YAML]
[--format json|table] [--annotate DIR]``: one JSON line per image in input order; a folder's images
in name order; an unreadable image gives ``{"image": ..., "error": ...}`` and a non-zero exit at
the end, after the rest were analysed.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from storecheck.api.commands import add_service_commands
from storecheck.contract import STORE_TYPES, ZONES, AnalysisResult

log = logging.getLogger("storecheck")

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
EXIT_OK, EXIT_IMAGE_ERRORS, EXIT_USAGE = 0, 1, 2


def expand_paths(paths: Sequence[str]) -> Iterator[tuple[Path, bool]]:
    """Each path as given; a folder becomes its image files in name order. Yields (path, in_folder)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir(), key=lambda p: p.name):
                if child.is_file() and child.suffix.lower() in IMAGE_SUFFIXES:
                    yield child, True
        else:
            yield path, False


def _table_row(result: AnalysisResult) -> str:
    flagged = [f"{f.rule}:{f.status}" for f in result.findings if f.status in ("violation", "warning", "indeterminate")]
    # The bonus (加分项) goes last: the first four columns keep their place for existing readers.
    return (f"{result.image}\t{result.zone}\t{result.score:5.1f}\t{', '.join(flagged) or 'all pass'}"
            f"\t{f'+{result.bonus:g}' if result.bonus else ''}")


def cmd_analyze(args: argparse.Namespace, out: TextIO) -> int:
    from tqdm import tqdm

    from storecheck.checks.roster import RosterError, load_roster
    from storecheck.config import ConfigError
    from storecheck.engine import Engine
    from storecheck.service_config import load_service_config
    from storecheck.vision.image import ImageError

    try:
        # The whole file (a service's config.yaml works too); the engine gets its part.
        config = load_service_config(args.config).engine()
        roster = load_roster(args.roster) if args.roster else None
    except (ConfigError, RosterError) as exc:
        print(f"storecheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.annotate:
        args.annotate.mkdir(parents=True, exist_ok=True)
    try:
        engine = Engine(config)
    except (FileNotFoundError, RuntimeError, ValueError) as exc:
        print(f"storecheck: cannot load the models: {exc}", file=sys.stderr)
        return EXIT_USAGE
    items = list(expand_paths(args.paths))
    if args.format == "table":
        print("image\tzone\tscore\tfindings\tbonus", file=out)
    failures = 0
    show_bar = any(in_folder for _, in_folder in items)
    for path, _ in tqdm(items, desc="analysing", unit="img", disable=not show_bar or None, file=sys.stderr):
        try:
            analysis = engine.run(path, name=str(path), zone=args.zone, store_type=args.store_type,
                                  camera_id=args.camera, roster=roster)
        except ImageError as exc:
            failures += 1
            _emit_error(out, args.format, str(path), str(exc))
            continue
        except Exception as exc:  # one bad snapshot must not stop a batch; the line says why
            log.exception("analysis of %s failed", path)
            failures += 1
            _emit_error(out, args.format, str(path), f"analysis failed: {type(exc).__name__}: {exc}")
            continue
        result = analysis.result
        if args.format == "json":
            out.write(result.model_dump_json() + "\n")
        else:
            out.write(_table_row(result) + "\n")
        out.flush()
        if args.annotate:
            _write_annotated(args.annotate, path, analysis, config.vision.font_path)
    return EXIT_IMAGE_ERRORS if failures else EXIT_OK


def _emit_error(out: TextIO, fmt: str, image: str, error: str) -> None:
    if fmt == "json":
        out.write(json.dumps({"image": image, "error": error}, ensure_ascii=False) + "\n")
    else:
        out.write(f"{image}\tERROR\t{error}\n")
    out.flush()


def _write_annotated(folder: Path, path: Path, analysis: object, font_path: Path | None) -> None:
    import cv2

    from storecheck.vision.draw import annotate

    drawn = annotate(analysis.image, analysis.result, font_path=font_path)  # type: ignore[attr-defined]
    target = folder / f"{path.stem}.jpg"
    tmp = target.with_suffix(".jpg.tmp")
    ok, data = cv2.imencode(".jpg", drawn, [cv2.IMWRITE_JPEG_QUALITY, 90])
    if ok:
        tmp.write_bytes(data.tobytes())
        tmp.replace(target)


def cmd_capture(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.capture.command import run_capture

    return run_capture(args.config, once=args.once, duration_s=args.duration, out=out)


def cmd_worker(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.queue.celery_worker import run_worker

    # Our own progress lines (claims, takeovers, dead letters) at the worker's log level.
    logging.getLogger("storecheck").setLevel(args.loglevel.upper())
    return run_worker(concurrency=args.concurrency, loglevel=args.loglevel.upper())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="storecheck", description="Compliance checks for service-hall snapshots.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the engine does")
    sub = parser.add_subparsers(dest="command", required=True)
    analyze = sub.add_parser("analyze", help="analyse snapshots, one JSON line per image")
    analyze.add_argument("paths", nargs="+", metavar="PATH", help="image files or folders")
    analyze.add_argument("--zone", choices=ZONES, default=None, help="the camera's zone (default: hall)")
    analyze.add_argument("--store-type", choices=STORE_TYPES, default="hall_1_3")
    analyze.add_argument("--camera", default=None, metavar="ID", help="camera id in the config: its zone and polygons")
    analyze.add_argument("--roster", type=Path, help="staff CSV: employee_id,name,role,pregnant")
    analyze.add_argument("--config", type=Path, help="rules, weights, thresholds, zones (YAML)")
    analyze.add_argument("--format", choices=("json", "table"), default="json")
    analyze.add_argument("--annotate", type=Path, metavar="DIR", help="write annotated images here")
    analyze.set_defaults(func=cmd_analyze)
    capture = sub.add_parser("capture", help="edge agent: grab store cameras on schedule, spool, upload or analyse")
    capture.add_argument("--config", type=Path, required=True, help="cameras.yaml (store, service, spool, cameras)")
    capture.add_argument("--once", action="store_true", help="grab every camera once, drain the spool, exit (for cron)")
    capture.add_argument("--duration", type=float, default=None, metavar="S", help="stop after S seconds")
    capture.set_defaults(func=cmd_capture)
    add_service_commands(sub)
    worker = sub.add_parser("worker", help="run a Celery analysis worker (STORECHECK_QUEUE=celery, STORECHECK_REDIS_URL)")
    worker.add_argument("--concurrency", type=int, default=None, metavar="N",
                        help="analysis processes, each with its own engine (default: one per core)")
    worker.add_argument("--loglevel", default="info", choices=("debug", "info", "warning", "error"))
    worker.set_defaults(func=cmd_worker)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return int(args.func(args, sys.stdout))


if __name__ == "__main__":
    sys.exit(main())
