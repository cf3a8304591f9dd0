"""Decisions are idempotent per event_id: re-screening gives the same content and the same ``decision_id``.

At-least-once delivery re-screens an event after a crash, in a *different*
process (different hash seed, different start time). These tests check the
property the duplicate detection relies on: the decision content apart from
``screened_at``, ``latency_ms`` and ``source`` is a function of the event and
the loaded reference data, so ``decision_id`` is equal across processes, and
it changes when the content does (e.g. another list version).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from lists.parties.index import build_from_paths, write_snapshot
from stream.codec import decision_id, encode_decision
from stream.core import FunctionCheck, Screener
from stream.models import Reason, ReasonCode, Severity
from stream.samples import SampleGenerator
from stream.settings import REPO_ROOT
from tests.reliability.fuzz_messages import HOMOGLYPH_NAMES
from tests.support.events import BASE_EVENT

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_snapshot(build_from_paths([SHARED / "lists" / "un" / "consolidated.xml"]),
                          tmp_path_factory.mktemp("idem") / "un.snapshot")


@pytest.fixture(scope="module")
def events_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gen = SampleGenerator(seed=5, prefix="idem", malformed_share=0.0, embargo_share=0.3)
    lines = [s.value for s in gen.take(150)]
    for i, name in enumerate([*HOMOGLYPH_NAMES, "Korea Ryonbong General Corp.", "TANCHON COMMERCIAL BANK", "Korea Mining Development Trading Corporation"]):
        lines.append(orjson.dumps({**BASE_EVENT, "event_id": f"idem-party-{i}", "destination_country": "CN",
                                   "consignee": {"name": name, "country": "CN"},
                                   "end_user": {"name": name, "country": "KP"}}))
    path = tmp_path_factory.mktemp("idem-events") / "events.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _check(events: Path, snapshot: Path, hash_seed: str) -> dict[str, dict]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run([sys.executable, "-m", "stream.cli", "check", str(events), "--lists-snapshot", str(snapshot)],
                          cwd=REPO_ROOT, env=env, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    docs = [orjson.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {d["event_id"]: d for d in docs}


def test_rescreening_in_another_process_gives_the_same_decision_id(events_file: Path, snapshot: Path) -> None:
    first = _check(events_file, snapshot, "1")
    second = _check(events_file, snapshot, "4242")
    assert first.keys() == second.keys() and len(first) > 150
    assert {d["decision"] for d in first.values()} == {"HOLD", "RELEASE"}
    assert any(r["code"] == "ENTITY_MATCH" for d in first.values() for r in d["reasons"]), "no list match exercised"
    differing = [k for k in first if first[k]["decision_id"] != second[k]["decision_id"]]
    assert not differing, f"{len(differing)} events screened differently, e.g. {differing[:3]}"


def _decision(screener: Screener, **event_changes: object):
    from stream.codec import decode_event

    event = decode_event(orjson.dumps({**BASE_EVENT, "event_id": "idem-unit", **event_changes}))
    return screener.screen(event)


def test_decision_id_ignores_time_latency_and_input_coordinates() -> None:
    screener = Screener(checks=[])
    a = _decision(screener)
    b = dataclasses.replace(a, screened_at="2030-01-01T00:00:00.000Z", latency_ms=99.0,
                            source={"topic": "x", "partition": 3, "offset": 12345})
    assert orjson.loads(encode_decision(a))["decision_id"] == orjson.loads(encode_decision(b))["decision_id"]


def test_decision_id_changes_with_the_content() -> None:
    hold = Reason(ReasonCode.EMBARGOED_DESTINATION, "embargo.destination", Severity.CRITICAL, "KP", {"country": "KP"})
    released = _decision(Screener(checks=[]))
    held = _decision(Screener(checks=[FunctionCheck("kp", lambda e, x: [hold])]))
    newer_lists = dataclasses.replace(released, lists_version="another-snapshot")
    ids = {decision_id(orjson.loads(encode_decision(d))) for d in (released, held, newer_lists)}
    assert len(ids) == 3
