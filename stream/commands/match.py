"""``tradescreen match``: screen names against the party lists, JSON Lines in and out.

Contract (stable; used by external evaluation, documented in the README):

* input, one JSON object per line: ``{"id", "name", "country"?, "schema"?, "dob"?,
  "identifiers"?}`` (identifiers: strings or ``{"type", "value"}`` objects);
* output, one line per input line, in input order:
  ``{"id", "matches": [{"entity_id", "list", "name", "score", "explanation"}]}``,
  matches sorted by score (best first), at most ``--top``, each scoring at least
  ``--threshold`` (0..1).

A line that cannot be read still yields an output line, ``{"id", "matches": [],
"error": "..."}`` (id null when unknown), so a caller can never mistake a bad
line for a clean name. So does a name longer than ``MAX_NAME_CHARS`` (four times the
event contract's 512): no party name is that long, and screening cost grows with it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, BinaryIO

import orjson


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "match",
        help="match names (JSON Lines on stdin) against the party lists",
        description="Read {\"id\", \"name\", \"country\"?, \"schema\"?, \"dob\"?, \"identifiers\"?} per line and "
        "print {\"id\", \"matches\": [{\"entity_id\", \"list\", \"name\", \"score\", \"explanation\"}]} per line.",
    )
    p.add_argument("--lists", nargs="+", metavar="PATH",
                   help="a snapshot file (tradescreen lists build) or list files/directories; "
                   "default: every shared list (cached snapshot)")
    p.add_argument("--threshold", type=float, default=None,
                   help="minimum score 0..1 (default: lists/parties/data/matching.yml)")
    p.add_argument("--top", type=int, default=5, help="at most N matches per name (default 5)")
    p.add_argument("--input", type=Path, help="read from this file instead of stdin")
    p.add_argument("--no-explanation", action="store_true", help="omit explanations (smaller output)")
    p.set_defaults(func=run)


def _load(paths: list[str] | None):
    from lists.parties.index import load_lists, load_or_build_default
    from stream.settings import Settings

    if paths:
        return load_lists(paths)
    settings = Settings.from_env()
    return load_or_build_default(settings.lists_snapshot, shared_data=settings.shared_data,
                                 cache=settings.lists_cache)


MAX_NAME_CHARS = 2048


def _match_line(matcher: Any, raw: bytes, *, threshold: float | None, top: int, explain: bool) -> dict[str, Any]:
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return {"id": None, "matches": [], "error": f"invalid JSON: {exc}"}
    if not isinstance(record, dict):
        return {"id": None, "matches": [], "error": "a line must be a JSON object"}
    rid = record.get("id")
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        return {"id": rid, "matches": [], "error": "missing or empty \"name\""}
    if len(name) > MAX_NAME_CHARS:
        return {"id": rid, "matches": [], "error": f"name longer than {MAX_NAME_CHARS} characters: not screened"}
    identifiers = record.get("identifiers") or ()
    if isinstance(identifiers, (str, dict)):
        identifiers = [identifiers]
    dob = record.get("dob")
    try:
        matches = matcher.match_name(
            name,
            schema=record.get("schema") if isinstance(record.get("schema"), str) else None,
            country=record.get("country") if isinstance(record.get("country"), str) else None,
            dob=str(dob) if dob is not None else None,
            identifiers=identifiers if isinstance(identifiers, (list, tuple)) else (),
            threshold=threshold,
            top=top,
        )
    except Exception as exc:  # noqa: BLE001 - reported on this line's own id (the caller keeps going)
        return {"id": rid, "matches": [], "error": f"{type(exc).__name__}: {exc}"}
    return {
        "id": rid,
        "matches": [
            {"entity_id": m.entity_id, "list": m.list_id, "name": m.name, "score": round(m.score, 4),
             **({"explanation": dict(m.explanation)} if explain else {})}
            for m in matches
        ],
    }


def run(args: argparse.Namespace) -> int:
    from lists.parties.index import SnapshotError
    from lists.parties.matcher import Matcher
    from lists.sources.common import ListLoadError

    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("tradescreen match: --threshold must be within 0..1", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        snapshot = _load(args.lists)
    except (SnapshotError, ListLoadError, OSError) as exc:
        print(f"tradescreen match: cannot load lists: {exc}", file=sys.stderr)
        return 2
    matcher = Matcher(snapshot, threshold=args.threshold)
    print(f"tradescreen match: {snapshot.entity_count} entities, {snapshot.name_count} names, "
          f"version {snapshot.version} (loaded in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    source: BinaryIO = open(args.input, "rb") if args.input else sys.stdin.buffer
    out = sys.stdout.buffer
    try:
        for raw in source:
            raw = raw.strip()
            if not raw:
                continue
            try:
                result = _match_line(matcher, raw, threshold=args.threshold, top=max(0, args.top),
                                     explain=not args.no_explanation)
            except Exception as exc:  # noqa: BLE001 - one bad line must not stop the batch
                result = {"id": None, "matches": [], "error": f"{type(exc).__name__}: {exc}"}
            out.write(orjson.dumps(result))
            out.write(b"\n")
    finally:
        if args.input:
            source.close()
        out.flush()
    return 0
