"""The per-message contract without Kafka: exactly one output, never a crash, never a silent release."""

from __future__ import annotations

import base64
import copy

import fastjsonschema
import orjson
import pytest

from stream.codec import CONTRACTS
from stream.core import FunctionCheck, Screener
from stream.models import Reason, ReasonCode, Severity
from stream.pipeline import Pipeline

from tests.support.events import BASE_EVENT

decision_schema = fastjsonschema.compile(orjson.loads((CONTRACTS / "decision.schema.json").read_bytes()))
dead_letter_schema = fastjsonschema.compile(orjson.loads((CONTRACTS / "dead_letter.schema.json").read_bytes()))


def event_bytes(event_id: str = "pipe-1", **changes: object) -> bytes:
    ev = copy.deepcopy(BASE_EVENT)
    ev["event_id"] = event_id
    ev.update(changes)
    return orjson.dumps(ev)


def boom(event, enrichment):  # noqa: ANN001 - a deliberately broken rule
    raise ZeroDivisionError("rule bug")


def hold_kp(event, enrichment):  # noqa: ANN001
    if event.destination_country == "KP":
        yield Reason(ReasonCode.EMBARGOED_DESTINATION, "test.kp", Severity.CRITICAL, "KP", {"row": "KP"})


def test_valid_event_yields_one_decision_that_matches_the_published_schema() -> None:
    out = Pipeline(Screener(checks=[FunctionCheck("kp", hold_kp)])).process(
        event_bytes(), key=b"pipe-1", topic="t", partition=2, offset=9)
    assert out.kind == "decision"
    doc = orjson.loads(out.value)
    decision_schema(doc)
    assert doc["decision"] == "RELEASE" and doc["checks_run"] == ["kp"]
    assert doc["source"] == {"topic": "t", "partition": 2, "offset": 9}
    assert out.key == b"pipe-1"


def test_a_failing_rule_holds_with_screening_error_and_other_rules_still_run() -> None:
    pipeline = Pipeline(Screener(checks=[FunctionCheck("broken", boom), FunctionCheck("kp", hold_kp)]))
    doc = orjson.loads(pipeline.process(event_bytes(destination_country="KP")).value)
    assert doc["decision"] == "HOLD"
    assert {r["code"] for r in doc["reasons"]} == {"SCREENING_ERROR", "EMBARGOED_DESTINATION"}
    assert doc["checks_run"] == ["broken", "kp"]


def test_degraded_reference_data_holds_every_event() -> None:
    from stream.core import screening_error

    screener = Screener(checks=[], degraded=(screening_error("lists.load", "snapshot checksum mismatch"),))
    doc = orjson.loads(Pipeline(screener).process(event_bytes()).value)
    assert doc["decision"] == "HOLD" and doc["reasons"][0]["code"] == "SCREENING_ERROR"


class ExplodingScreener(Screener):
    def evaluate(self, event):  # noqa: ANN001
        raise MemoryError("simulated")


def test_core_crash_becomes_a_hold_not_a_worker_crash() -> None:
    out = Pipeline(ExplodingScreener(checks=[])).process(event_bytes())
    doc = orjson.loads(out.value)
    assert out.kind == "decision" and doc["decision"] == "HOLD"
    assert doc["reasons"][0]["code"] == "SCREENING_ERROR" and "MemoryError" in doc["reasons"][0]["detail"]


@pytest.mark.parametrize("payload", [b"nope", b"{}", b"\x00\x01", None, event_bytes(destination_country="XX")])
def test_bad_input_yields_one_dead_letter_with_original_bytes(payload: bytes | None) -> None:
    out = Pipeline(Screener(checks=[])).process(payload, key=None, topic="in", partition=1, offset=5)
    assert out.kind == "dead_letter"
    doc = orjson.loads(out.value)
    dead_letter_schema(doc)
    assert base64.b64decode(doc["original_b64"]) == (payload or b"")
    assert (doc["topic"], doc["partition"], doc["offset"]) == ("in", 1, 5)
    assert out.key == b"in:1:5"  # no input key: dead letters are keyed by coordinates


def test_rescreening_is_idempotent_apart_from_timestamps() -> None:
    pipeline = Pipeline(Screener(checks=[FunctionCheck("kp", hold_kp)]))
    a = orjson.loads(pipeline.process(event_bytes(destination_country="KP"), topic="t", partition=0, offset=1).value)
    b = orjson.loads(pipeline.process(event_bytes(destination_country="KP"), topic="t", partition=0, offset=1).value)
    for volatile in ("screened_at", "latency_ms"):
        a.pop(volatile), b.pop(volatile)
    assert a == b
