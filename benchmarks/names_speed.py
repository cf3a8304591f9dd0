"""Party-screening speed on one core with every shared list loaded.

Measures, and prints as one JSON object:

* snapshot build time (every shared list, loaded + normalised + indexed) and file size;
* snapshot load time and RSS in a *fresh* process (what a worker pays at start);
* party screenings per second (wall clock, and per CPU second: the machine may be shared)
  and p50/p99/max latency per screening, without the matcher's result cache, for two mixes
  from ``benchmarks/data/name_cases.csv``: ``traffic`` (95 % clean names, 5 % listed
  names and their variants: what an exporter's stream looks like) and ``listed``
  (only listed names and variants: the worst case, many candidates to score);
* ``traffic_steady``: the traffic mix once the matcher has run a while, in a process of
  its own: 20,000 screenings of names from one half of the case file first, then the
  measured ones from the other half, so no name repeats but common words are known (the
  per-word caches a worker fills in its first minutes; cold is the figure above).

Python runs on one core; on a shared machine pin it (``taskset -c 0``) for stable figures.

    .venv/bin/python benchmarks/names_speed.py                  # build + measure
    .venv/bin/python benchmarks/names_speed.py --snapshot FILE  # measure an existing snapshot
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CASES = REPO / "benchmarks" / "data" / "name_cases.csv"


def _rss_mb() -> float:
    """Peak RSS of this process. /proc VmHWM, because ru_maxrss survives fork+exec on Linux
    (a fresh child would report its parent's peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _parties(mix: str, n: int, seed: int = 7, half: int | None = None):
    """``n`` parties of ``mix``; ``half`` (0 or 1): only every other case file row."""
    import csv

    from stream.models import Party

    with open(CASES, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    if half is not None:
        rows = rows[half::2]
    clean = [r for r in rows if r["kind"] in ("clean", "hard_negative")]
    listed = [r for r in rows if r["kind"] not in ("clean", "hard_negative", "front_company")]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        pool = listed if mix == "listed" or (mix == "traffic" and rng.random() < 0.05) else clean
        r = rng.choice(pool)
        out.append(Party(role=("consignee", "end_user", "exporter")[i % 3], name=r["query"],
                         country=r["country"] or None, schema=r["schema"] or None))
    return out


def _timed(matcher, parties) -> dict:
    lat = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    for p in parties:
        s = time.perf_counter()
        matcher.screen_party(p)
        lat.append(time.perf_counter() - s)
    total = time.perf_counter() - t0
    cpu = time.process_time() - c0
    lat.sort()
    return {
        "screenings": len(parties),
        "per_second": round(len(parties) / total, 1),
        "per_cpu_second": round(len(parties) / cpu, 1),
        "p50_ms": round(lat[len(lat) // 2] * 1000, 3),
        "p99_ms": round(lat[int(len(lat) * 0.99)] * 1000, 3),
        "max_ms": round(lat[-1] * 1000, 3),
    }


def measure_steady(snapshot_path: str, n: int) -> dict:
    """Runs in a fresh process: warm the per-word caches on one half of the cases, then
    screen ``n`` traffic parties from the other half."""
    from lists.parties.index import read_snapshot
    from lists.parties.matcher import Matcher

    matcher = Matcher(read_snapshot(snapshot_path), party_cache_size=0)
    for p in _parties("traffic", 20_000, seed=11, half=0):
        matcher.screen_party(p)
    steady = _timed(matcher, _parties("traffic", n, half=1))
    steady["rss_mb_peak"] = round(_rss_mb(), 1)  # (with the per-word caches filled)
    return {"traffic_steady": steady}


def measure(snapshot_path: str, n: int) -> dict:
    """Runs in a fresh process: load, then screen ``n`` parties per mix."""
    from lists.parties.index import read_snapshot
    from lists.parties.matcher import Matcher

    rss_before = _rss_mb()
    started = time.perf_counter()
    snap = read_snapshot(snapshot_path)
    matcher = Matcher(snap, party_cache_size=0)  # every screening pays in full: no result cache
    load_s = time.perf_counter() - started
    rss_loaded = _rss_mb()
    out = {"snapshot_load_s": round(load_s, 3), "rss_mb_after_load": round(rss_loaded, 1),
           "rss_mb_interpreter": round(rss_before, 1), "entities": snap.entity_count, "names": snap.name_count}
    for mix in ("traffic", "listed"):
        parties = _parties(mix, n)
        for p in parties[:200]:  # warm-up
            matcher.screen_party(p)
        out[mix] = _timed(matcher, parties)
    out["rss_mb_peak"] = round(_rss_mb(), 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snapshot", help="measure this snapshot instead of building one")
    parser.add_argument("-n", type=int, default=5000, help="screenings per mix (default 5000)")
    parser.add_argument("--child", choices=("cold", "steady"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps((measure if args.child == "cold" else measure_steady)(args.snapshot, args.n)))
        return 0
    result: dict = {"python": sys.version.split()[0], "cpu_count": os.cpu_count()}
    tmp = None
    path = args.snapshot
    if not path:
        from lists.parties.index import build_default, write_snapshot

        started = time.perf_counter()
        snap = build_default()
        result["snapshot_build_s"] = round(time.perf_counter() - started, 2)
        result["rss_mb_build"] = round(_rss_mb(), 1)
        tmp = tempfile.NamedTemporaryFile(suffix=".snapshot", delete=False)
        tmp.close()
        path = tmp.name
        write_snapshot(snap, path)
        result["version"] = snap.version
        del snap
    result["snapshot_bytes"] = Path(path).stat().st_size
    try:
        for kind in ("cold", "steady"):
            child = subprocess.run([sys.executable, __file__, "--child", kind, "--snapshot", path, "-n", str(args.n)],
                                   check=True, capture_output=True, text=True)
            result.update(json.loads(child.stdout))
    finally:
        if tmp is not None:
            os.unlink(path)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
