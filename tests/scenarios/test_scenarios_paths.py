"""The golden scenarios through the two production paths: `tradescreen check` (CLI) and the streaming worker.

The worker run screens every party against all the real lists too, so the exact
reason-code sets double as a false-positive test: the invented parties of the
scenarios must not match any listed entity.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from stream.settings import REPO_ROOT

SCENARIOS = sorted(Path(__file__).parent.glob("*.json"))


def load_all() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in SCENARIOS]


def streamable(doc: dict[str, Any]) -> bool:
    return not (doc.get("streaming") or {}).get("skip") and not doc.get("enrichment")


def mismatches(docs: list[dict[str, Any]], decisions: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    for doc in docs:
        ev_id = doc["event"]["event_id"]
        got = decisions.get(ev_id)
        if got is None:
            problems.append(f"{doc['name']}: no decision")
            continue
        want_codes = set(doc["expected"]["reason_codes"])
        got_codes = {r["code"] for r in got["reasons"]}
        if got["decision"] != doc["expected"]["decision"] or got_codes != want_codes:
            problems.append(f"{doc['name']}: expected {doc['expected']['decision']} {sorted(want_codes)}, "
                            f"got {got['decision']} {sorted(got_codes)}: "
                            + "; ".join(r["detail"][:120] for r in got["reasons"]))
    return problems


def test_scenarios_through_the_check_command() -> None:
    docs = [d for d in load_all() if not d.get("enrichment")]
    stdin = b"\n".join(orjson.dumps(d["event"]) for d in docs) + b"\n"
    proc = subprocess.run([sys.executable, "-m", "stream.cli", "check", "--no-lists"], input=stdin,
                          capture_output=True, cwd=REPO_ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    decisions = {d["event_id"]: d for d in map(orjson.loads, proc.stdout.splitlines())}
    assert len(decisions) == len(docs), proc.stderr.decode()[-2000:]
    assert mismatches(docs, decisions) == []


@pytest.mark.kafka
def test_scenarios_through_the_streaming_worker(worker) -> None:
    docs = [d for d in load_all() if streamable(d)]
    assert len(docs) >= 60
    ids = worker.produce_events(d["event"] for d in docs)
    out = worker.wait_for_decisions(ids, timeout=180)
    assert all(o["kind"] == "decision" for o in out.values())
    assert mismatches(docs, out) == []
    for o in out.values():
        for reason in o["reasons"]:
            assert reason["evidence"], reason  # every rule cites its data row / legal basis
