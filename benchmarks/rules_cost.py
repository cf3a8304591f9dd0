"""Cost of the rules stage: µs per event for a typical 5-line shipment, and its share of end-to-end time.

Run:  .venv/bin/python benchmarks/rules_cost.py [--events 3000] [--no-parties]

Prints figures; asserts nothing (speed is measured here, never in tests).
Three measurements over the same events:

* rules stage alone: every check of the default bundle over (event, no party
  matches), warm HS cache (codes repeat in real traffic) and cold (cache cleared
  before each event, so each line pays the normalise + dict lookups);
* end to end: ``Pipeline.process`` on the event's JSON bytes (decode + schema
  validation, party screening against the list snapshot, rules, decision
  encoding), the path the worker runs per message;
* the rules stage's share of that end-to-end time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lists.hs import load_hs_for_bundle  # noqa: E402
from lists.rules import build_checks, load_bundle  # noqa: E402
from lists.rules.textmatch import _folded  # noqa: E402
from stream.codec import decode_event  # noqa: E402
from stream.core import Enrichment  # noqa: E402


def typical_events(n: int) -> list[bytes]:
    """5-line shipments as the worker receives them; destinations and goods vary so caches see real churn."""
    lines = [
        ("8481.80", "stainless ball valves"), ("7318.15", "hex bolts M12"), ("4016.93", "rubber O-rings"),
        ("8413.70", "centrifugal pumps"), ("3926.90", "plastic covers"), ("8542.31", "microcontrollers"),
        ("9031.80", "measuring instruments"), ("8482.10", "ball bearings"), ("0902.10", "green tea"),
        ("8471.30.0000", "notebook computers"), ("8536.90", "connectors"), ("7304.41", "stainless tubes"),
    ]
    dests = ["TH", "VN", "MY", "DE", "US", "IN", "TR", "AE", "SG", "BR"]
    out = []
    for i in range(n):
        items = [
            {"line": k + 1, "hs_code": lines[(i + k * 5) % len(lines)][0], "description": lines[(i + k * 5) % len(lines)][1],
             "quantity": 10 + k, "value": 100000 * (k + 1), "currency": "JPY"}
            for k in range(5)
        ]
        dest = dests[i % len(dests)]
        out.append(orjson.dumps({
            "event_id": f"bench-{i}", "event_type": "customs_declaration", "occurred_at": "2026-11-23T10:00:00Z",
            "exporter": {"name": "Hoshizora Kiki K.K.", "country": "JP", "address": "2-1-7 Marunouchi, Chiyoda-ku, Tokyo"},
            "consignee": {"name": f"Riverside Components {i % 50} Co., Ltd.", "country": dest,
                          "address": "55 Moo 4, Bang Na-Trad Rd, Samut Prakan"},
            "end_user": {"name": "Eastern Bottling Works", "country": dest, "address": "Industrial Estate 3"},
            "intermediaries": [{"name": "Pacific Freight Forwarding", "country": "SG", "address": "10 Anson Rd"}],
            "destination_country": dest, "transit_countries": [],
            "items": items,
            "end_use": {"category": "civil", "text": "maintenance of a beverage bottling plant"},
        }))
    return out


def measure(fn, events, clear=None) -> list[float]:
    times = []
    for ev in events:
        if clear is not None:
            clear()
        t0 = time.perf_counter()
        fn(ev)
        times.append((time.perf_counter() - t0) * 1e6)
    return times


def summary(name: str, us: list[float]) -> float:
    us_sorted = sorted(us)
    p50 = us_sorted[len(us) // 2]
    p99 = us_sorted[int(len(us) * 0.99) - 1]
    mean = statistics.fmean(us)
    print(f"{name:<44} mean {mean:9.1f} µs   p50 {p50:9.1f} µs   p99 {p99:9.1f} µs   ({len(us)} events)")
    return mean


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--no-parties", action="store_true", help="skip the end-to-end run with party lists")
    args = ap.parse_args()

    bundle = load_bundle()
    hs = load_hs_for_bundle(bundle)
    checks = build_checks(bundle, hs)
    raw = typical_events(args.events)
    events = [decode_event(r) for r in raw]
    empty = Enrichment()

    def rules(ev) -> None:
        for check in checks:
            list(check(ev, empty))

    for ev in events[:200]:  # warm-up
        rules(ev)
    print(f"rules bundle {bundle.version}, {len(checks)} checks, HS {hs.version}; 5-line shipments")
    warm = summary("rules stage, warm caches", measure(rules, events))
    def cold() -> None:
        hs._cache.clear()
        _folded.cache_clear()

    summary("rules stage, cold caches (HS, text folding)", measure(rules, events, clear=cold))

    if args.no_parties:
        return 0
    from stream.pipeline import Pipeline
    from stream.reference import build_screener
    from stream.settings import Settings

    t0 = time.perf_counter()
    screener, report = build_screener(Settings.from_env(), with_parties=True)
    print(f"reference data loaded in {time.perf_counter() - t0:.1f} s: lists {report.lists_version}, "
          f"errors: {report.errors or 'none'}")
    pipeline = Pipeline(screener)
    for r in raw[:200]:
        pipeline.process(r)
    e2e = summary("end to end (decode, parties, rules, encode)", measure(lambda r: pipeline.process(r), raw))
    print(f"rules stage share of end-to-end time: {100.0 * warm / e2e:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
