"""``tradescreen lists``: compile the party lists into a snapshot and inspect one.

``build`` loads list files (or every list under a shared-data directory),
normalises and indexes every name once and writes a checksummed snapshot the
worker and ``tradescreen match`` load in well under a second. ``info`` prints
the snapshot's version (content hash + source dates), sources and counts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import orjson


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lists", help="build or inspect a compiled party-list snapshot")
    cmds = p.add_subparsers(dest="lists_command", metavar="ACTION")
    b = cmds.add_parser("build", help="compile list files into a snapshot",
                        description="SOURCES are list files or directories (default: every shared list).")
    b.add_argument("sources", nargs="*", type=Path, help="list files or directories")
    b.add_argument("-o", "--output", type=Path, required=True, help="snapshot file to write")
    b.set_defaults(func=run_build)
    i = cmds.add_parser("info", help="show a snapshot's version, sources and counts")
    i.add_argument("snapshot", nargs="?", type=Path, help="snapshot file (default: the worker's cache)")
    i.add_argument("--json", action="store_true", help="print the header as JSON")
    i.set_defaults(func=run_info)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_build(args: argparse.Namespace) -> int:
    from lists.parties.index import build_default, build_from_paths, write_snapshot
    from lists.sources.common import ListLoadError

    started = time.perf_counter()
    try:
        snap = build_from_paths(args.sources) if args.sources else build_default()
    except (ListLoadError, OSError, ValueError) as exc:
        print(f"tradescreen lists build: {exc}", file=sys.stderr)
        return 2
    built = time.perf_counter() - started
    write_snapshot(snap, args.output)
    print(f"wrote {args.output}: {snap.entity_count} entities, {snap.name_count} names from "
          f"{len(snap.sources)} sources in {built:.1f} s")
    print(f"version {snap.version}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    from lists.parties.index import SnapshotError, read_header
    from stream.settings import Settings

    path = args.snapshot or Settings.from_env().lists_snapshot or Settings.from_env().lists_cache
    if path is None:
        print("tradescreen lists info: no snapshot given", file=sys.stderr)
        return 2
    try:
        header = read_header(path)
    except SnapshotError as exc:
        print(f"tradescreen lists info: {exc}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(header, option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    print(f"snapshot   {path}")
    print(f"version    {header.get('version')}")
    print(f"format     {header.get('format')}   built {header.get('built_at')}   tables {header.get('tables_version')}")
    print(f"entities   {header.get('entities')}   names {header.get('names')}")
    print("sources:")
    for s in header.get("sources", ()):
        print(f"  {s.get('list_id'):<14} {s.get('published'):<11} {s.get('entity_count'):>6} entities "
              f"{s.get('name_count'):>6} names  {s.get('name')}  [{str(s.get('sha256'))[:12]}]")
    return 0
