"""Service commands of the ``storecheck`` CLI: ``serve``, ``keys create|list|revoke``, ``seed-demo``,
``prune``, ``report``.

Heavy imports (FastAPI, SQLAlchemy, uvicorn) happen inside the commands, so ``storecheck
analyze`` on an edge box never pays for them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

log = logging.getLogger(__name__)
EXIT_OK, EXIT_USAGE = 0, 2


def add_service_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    home_help = "where the service keeps its data (default: $STORECHECK_HOME or ./var)"

    serve = sub.add_parser("serve", help="run the HTTP service (upload API, review page)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--home", type=Path, help=home_help)
    serve.add_argument("--workers", type=int, default=None, help="analysis threads (default 1)")
    serve.add_argument("--demo", action="store_true", help="seed the sample stores and snapshots, print a reviewer key")
    serve.add_argument("--config", type=Path, help="config YAML (vision, checks, stores); default <home>/config.yaml")
    serve.set_defaults(func=cmd_serve)

    keys = sub.add_parser("keys", help="API keys").add_subparsers(dest="keys_command", required=True)
    create = keys.add_parser("create", help="create a key and print it (shown once)")
    create.add_argument("--role", choices=("admin", "reviewer", "device"), required=True)
    create.add_argument("--store", action="append", default=[], metavar="ID",
                        help="store the key is for (device: exactly one; reviewer: one or more)")
    create.add_argument("--name", default="", help="who holds the key (shown in reviews)")
    create.add_argument("--home", type=Path, help=home_help)
    create.set_defaults(func=cmd_keys_create)
    listing = keys.add_parser("list", help="list keys (id, role, stores, prefix, revoked); never the keys themselves")
    listing.add_argument("--home", type=Path, help=home_help)
    listing.set_defaults(func=cmd_keys_list)
    revoke = keys.add_parser("revoke", help="revoke a key by id: it gets 401 from now on")
    revoke.add_argument("id", type=int, help="the key's id (from `keys list`)")
    revoke.add_argument("--home", type=Path, help=home_help)
    revoke.set_defaults(func=cmd_keys_revoke)

    seed = sub.add_parser("seed-demo", help="seed the sample stores, cameras and snapshots; print a reviewer key")
    seed.add_argument("--home", type=Path, help=home_help)
    seed.set_defaults(func=cmd_seed_demo)

    prune = sub.add_parser("prune", help="apply the retention policy and remove unreferenced images now (the service does it daily)")
    prune.add_argument("--home", type=Path, help=home_help)
    prune.set_defaults(func=cmd_prune)

    report = sub.add_parser("report", help="a store's weekly report: XLSX, printable HTML (PDF by the browser) or CSV")
    report.add_argument("--store", required=True, metavar="ID", help="the store's id")
    report.add_argument("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W49 (default: the last complete week)")
    report.add_argument("--format", choices=("xlsx", "html", "csv"), help="default: from --out's suffix")
    report.add_argument("--out", type=Path, required=True, metavar="FILE", help="where to write the report")
    report.add_argument("--home", type=Path, help=home_help)
    report.add_argument("--config", type=Path, help="config YAML; default <home>/config.yaml")
    report.set_defaults(func=cmd_report)


def _settings(args: argparse.Namespace) -> object:
    from storecheck.settings import Settings

    overrides: dict[str, object] = {}
    if getattr(args, "home", None) is not None:
        overrides["home"] = args.home
    if getattr(args, "workers", None) is not None:
        overrides["workers"] = args.workers
    if getattr(args, "config", None) is not None:
        overrides["config_path"] = args.config
    return Settings(**overrides)  # type: ignore[arg-type]


def cmd_keys_create(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.api.service import build_service
    from storecheck.store.db import transaction
    from storecheck.store.keys import KeyError_, create_key

    service = build_service(_settings(args))  # type: ignore[arg-type]
    try:
        with transaction(service.factory) as session:
            key, plaintext = create_key(session, args.role, args.store, args.name)
            name = key.name
    except KeyError_ as exc:
        print(f"storecheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        service.db.dispose()
    print(plaintext, file=out)
    print(f"{args.role} key {name!r} created; it is shown only this once", file=sys.stderr)
    return EXIT_OK


def cmd_keys_list(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.api.service import build_service
    from storecheck.store.keys import list_keys

    service = build_service(_settings(args))  # type: ignore[arg-type]
    try:
        with service.factory() as session:
            rows = [(k.id, k.role, k.name, k.prefix + "…", ",".join(k.store_ids) or "-",
                     f"{k.created_at:%Y-%m-%d %H:%M}", f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "-")
                    for k in list_keys(session)]
    finally:
        service.db.dispose()
    header = ("id", "role", "name", "prefix", "stores", "created (UTC)", "revoked (UTC)")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)
    return EXIT_OK


def cmd_keys_revoke(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.api.service import build_service
    from storecheck.store.db import transaction
    from storecheck.store.keys import KeyError_, revoke_key

    service = build_service(_settings(args))  # type: ignore[arg-type]
    try:
        with transaction(service.factory) as session:
            key = revoke_key(session, args.id)
            said = f"{key.role} key {key.id} {key.name!r} ({key.prefix}…) revoked at {key.revoked_at:%Y-%m-%d %H:%M} UTC"
    except KeyError_ as exc:
        print(f"storecheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        service.db.dispose()
    print(said, file=out)
    return EXIT_OK


def cmd_seed_demo(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.api.demo import seed_demo
    from storecheck.api.service import build_service

    service = build_service(_settings(args))  # type: ignore[arg-type]
    try:
        seeded = seed_demo(service)
    finally:
        service.db.dispose()
    print(f"demo: {seeded.stores} stores, {seeded.snapshots} new snapshots queued", file=out)
    print(f"reviewer key: {seeded.reviewer_key}", file=out)
    return EXIT_OK


def cmd_prune(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.api.service import build_service, prune_all

    service = build_service(_settings(args))  # type: ignore[arg-type]
    try:
        report = prune_all(service.factory, service.images, service.settings)
    finally:
        service.db.dispose()
    print(f"pruned: {report.reviews} reviews, {report.snapshots} snapshots, {report.images} images", file=out)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    import uvicorn

    from storecheck.api.main import create_app
    from storecheck.config import ConfigError
    from storecheck.store.stores_sync import StoresSyncError

    settings = _settings(args)
    try:
        app = create_app(settings)  # type: ignore[arg-type]
    except (ConfigError, StoresSyncError) as exc:  # a config mistake, not a crash: say what
        print(f"storecheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    url = f"http://{args.host}:{args.port}"
    if args.demo:
        from storecheck.api.demo import seed_demo

        seeded = seed_demo(app.state.service)
        print(f"demo: {seeded.stores} stores, {seeded.snapshots} new snapshots queued for analysis", file=out)
        print(f"review page: {url}/review  (log in with the reviewer key)", file=out)
        print(f"reviewer key: {seeded.reviewer_key}", file=out)
    print(f"storecheck service on {url}  (API docs: {url}/api/v1/docs, data in {settings.home})", file=out)  # type: ignore[attr-defined]
    out.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from storecheck.api.report_files import report_file
    from storecheck.api.service import build_service
    from storecheck.config import ConfigError
    from storecheck.reports.week import ReportError, last_complete_week, parse_week

    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in ("xlsx", "html", "csv"):
        print(f"storecheck: say --format xlsx, html or csv (the suffix of {args.out} says none)", file=sys.stderr)
        return EXIT_USAGE
    try:
        service = build_service(_settings(args))  # type: ignore[arg-type]
    except ConfigError as exc:
        print(f"storecheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        week = parse_week(args.week) if args.week else last_complete_week(service.settings.timezone)
        body = report_file(service, args.store, week, fmt)
    except ReportError as exc:
        print(f"storecheck: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        service.db.dispose()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(body)
    print(f"{args.out}: {fmt} report of store {args.store}, week {week.label} ({len(body)} bytes)", file=out)
    return EXIT_OK
