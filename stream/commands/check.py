"""``tradescreen check``: offline screening, JSON Lines in → decision JSON Lines out, no Kafka.

Same pipeline as the worker, so a compliance officer can re-run a day's events
or a single suspicious one and get the decision the stream would have given.
Invalid lines go to stderr with their line number; the exit code is non-zero
only on fatal errors (unreadable input, reference data refused to load).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from stream.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="screen JSON Lines events offline (stdin or file) and print decisions",
        description="Read one event JSON per line from FILE (or stdin), print one decision JSON per valid event "
        "on stdout and one error line per invalid event on stderr.",
    )
    p.add_argument("file", nargs="?", type=Path, help="JSON Lines file (default: stdin)")
    p.add_argument("--lists-snapshot", type=Path, help="party list snapshot (default: build from the shared lists)")
    p.add_argument("--rules-bundle", type=Path, help="rule bundle directory")
    p.add_argument("--no-lists", action="store_true", help="skip party-list screening (rules only)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when reading a file on a terminal)")
    p.set_defaults(func=run)


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    for line in stream:
        yield line.rstrip(b"\r\n")


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from stream.pipeline import Pipeline
    from stream.reference import ReferenceDataError, build_screener

    settings = Settings.from_env()
    if args.lists_snapshot:
        settings = dataclasses.replace(settings, lists_snapshot=args.lists_snapshot)
    if args.rules_bundle:
        settings = dataclasses.replace(settings, rules_bundle=args.rules_bundle)
    try:
        screener, report = build_screener(settings, with_parties=not args.no_lists)
    except ReferenceDataError as exc:
        print(f"tradescreen check: {exc}", file=sys.stderr)
        return 3
    for err in report.errors:
        print(f"tradescreen check: WARNING {err} (every decision will be HOLD)", file=sys.stderr)
    pipeline = Pipeline(screener, settings.max_message_bytes)
    try:
        source: BinaryIO = open(args.file, "rb") if args.file else sys.stdin.buffer
    except OSError as exc:
        print(f"tradescreen check: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    total = 0
    show = args.progress if args.progress is not None else bool(args.file and sys.stderr.isatty())
    if show and args.file:
        with open(args.file, "rb") as fh:
            total = sum(1 for line in fh if line.strip())
    out = sys.stdout.buffer
    name = str(args.file) if args.file else "stdin"
    done = 0
    with source:
        for lineno, line in enumerate(_lines(source), start=1):
            if not line.strip():
                continue
            result = pipeline.process(line, topic=name, partition=0, offset=lineno)
            if result.kind == "decision":
                out.write(result.value + b"\n")
            else:
                print(f"{name}:{lineno}: {result.error_kind}: {result.error}", file=sys.stderr)
            done += 1
            if show and (done % 200 == 0 or done == total):
                _progress(done, total)
    if show:
        sys.stderr.write("\n")
    out.flush()
    return 0
