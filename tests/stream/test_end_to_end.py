"""End to end through the real broker and the real worker process (no mocks).

Proves the walking-skeleton contract: every input message yields exactly one
decision or one dead-letter record; embargoed destinations are HOLD with
EMBARGOED_DESTINATION; a clean Group A shipment is RELEASE; dead letters carry
the original bytes, the error and the input coordinates.
"""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest

from stream.samples import MALFORMED, SampleGenerator
from tests.support.events import BASE_EVENT, event  # noqa: F401 - BASE_EVENT re-exported for older imports

pytestmark = pytest.mark.kafka

def codes(decision: dict[str, Any]) -> set[str]:
    return {r["code"] for r in decision["reasons"]}


def test_every_message_gets_exactly_one_decision_or_dead_letter(worker) -> None:
    gen = SampleGenerator(seed=42, prefix="e2e-mix", malformed_share=0.1, embargo_share=0.1)
    samples = gen.take(300)
    worker.collector.produce_many([(worker.topic_for(s.topic_kind), s.key, s.value) for s in samples])
    keys = [s.key.decode() for s in samples]
    outcomes = worker.wait_for_decisions(keys, timeout=120)

    assert len(outcomes) == 300
    for sample in samples:
        key = sample.key.decode()
        n_decisions = len(worker.collector.decisions.get(key, []))
        n_dead = len(worker.collector.dead_letters.get(key, []))
        assert n_decisions + n_dead == 1, f"{key}: {n_decisions} decisions, {n_dead} dead letters"
        out = outcomes[key]
        if sample.expect == "DEAD_LETTER":
            assert out["kind"] == "dead_letter"
            assert base64.b64decode(out["original_b64"]) == sample.value
            assert out["error"] and out["error_kind"] in {"not_json", "not_utf8", "not_object", "schema"}
            assert out["topic"] == worker.topic_for(sample.topic_kind) and out["offset"] >= 0
        else:
            assert out["kind"] == "decision"
            assert out["decision"] in {"HOLD", "RELEASE"}
            assert out["lists_version"] and out["rules_version"] and out["service_version"]
            assert out["source"]["topic"] == worker.topic_for(sample.topic_kind)
        if sample.expect == "HOLD":
            assert out["decision"] == "HOLD" and "EMBARGOED_DESTINATION" in codes(out), out


def test_embargoed_destinations_hold_and_group_a_releases(worker) -> None:
    cases = {
        "e2e-kp": event("e2e-kp", destination_country="KP",
                        consignee={"name": "Korea Ryonbong Trading", "country": "KP", "address": "Pyongyang"}),
        "e2e-dnr-region": event("e2e-dnr-region", destination_country="UA", destination_region="UA-14",
                                consignee={"name": "Promtekh Supply", "country": "UA"}),
        "e2e-lnr-address": event("e2e-lnr-address", destination_country="UA",
                                 consignee={"name": "Vostok Komplekt", "country": "UA",
                                            "address": "ул. Советская 5, Луганск"}),
        "e2e-crimea-party-region": event("e2e-crimea-party-region", destination_country="UA",
                                         end_user={"name": "Marine Service", "country": "UA", "region": "UA-43"}),
        "e2e-kp-transit": event("e2e-kp-transit", transit_countries=["CN", "KP"]),
        "e2e-clean-de": event("e2e-clean-de"),
    }
    worker.produce_events(cases.values())
    out = worker.wait_for_decisions(cases, timeout=120)
    for key in cases:
        if key == "e2e-clean-de":
            assert out[key]["decision"] == "RELEASE", out[key]
            assert out[key]["reasons"] == [] and out[key]["checks_run"]
        else:
            assert out[key]["decision"] == "HOLD", out[key]
            assert "EMBARGOED_DESTINATION" in codes(out[key]), out[key]
            for reason in out[key]["reasons"]:
                assert reason["rule"] and reason["severity"] and reason["detail"] and reason["evidence"]


def test_dead_letters_explain_the_error(worker) -> None:
    oversized = orjson.dumps(event("e2e-too-large", padding="x" * (1 << 20)))
    bad_schema = orjson.dumps(event("e2e-bad-country", destination_country="Germany"))
    unknown_country = orjson.dumps(event("e2e-unknown-country", destination_country="QQ"))
    records = [
        (worker.topics.orders, b"e2e-dl-not-json", MALFORMED[0]),
        (worker.topics.orders, b"e2e-too-large", oversized),
        (worker.topics.customs, b"e2e-bad-country", bad_schema),
        (worker.topics.customs, b"e2e-unknown-country", unknown_country),
    ]
    worker.collector.produce_many(records)
    out = worker.wait_for_decisions([k.decode() for _, k, _ in records], timeout=120)
    assert out["e2e-dl-not-json"]["error_kind"] == "not_json"
    assert out["e2e-too-large"]["error_kind"] == "too_large"
    assert out["e2e-too-large"]["original_size"] == len(oversized)
    assert out["e2e-bad-country"]["error_kind"] == "schema"
    assert "destination_country" in out["e2e-bad-country"]["error"]
    assert out["e2e-bad-country"]["event_id"] == "e2e-bad-country"
    assert out["e2e-unknown-country"]["error_kind"] == "invalid_value"
    assert "QQ" in out["e2e-unknown-country"]["error"]
    assert all(o["kind"] == "dead_letter" for o in out.values())


LISTED_SPELLINGS = {
    # (party role, name as an evader might write it, country) → a real listed entity
    "e2e-listed-legal-form-swap": ("consignee", "Molot-Oruzhie LLC", "RU"),  # SDN: MOLOT-ORUZHIE, OOO
    "e2e-listed-cyrillic": ("end_user", "ООО «Молот-Оружие»", "RU"),  # same entity, native script
    "e2e-listed-reordered": ("consignee", "Kalashnikov Concern JSC", "RU"),  # SDN: JOINT STOCK COMPANY CONCERN KALASHNIKOV
    "e2e-listed-homoglyph": ("end_user", "CONCERN KАLАSHNIKOV", "RU"),  # Cyrillic А inside a Latin name
    "e2e-listed-person-order": ("end_user", "Vakhtang Karamyan", "AE"),  # SDN: KARAMYAN, Vakhtang
    # Persian script; the lists spell him only in Latin (SDN: KHAMENEI, Mojtaba)
    "e2e-listed-persian-script": ("end_user", "مجتبی خامنه‌ای", "IR"),
}


def test_listed_parties_hold_with_an_explained_entity_match(worker) -> None:
    events = []
    for event_id, (role, name, country) in LISTED_SPELLINGS.items():
        ev = event(event_id, destination_country="AE",
                   consignee={"name": "Gulf Star Electronics FZE", "country": "AE", "address": "Jebel Ali, Dubai"},
                   end_user=None)
        ev[role] = {"name": name, "country": country}
        events.append(ev)
    worker.produce_events(events)
    out = worker.wait_for_decisions(LISTED_SPELLINGS, timeout=120)
    for event_id, (role, name, _country) in LISTED_SPELLINGS.items():
        decision = out[event_id]
        assert decision["decision"] == "HOLD", (event_id, decision["reasons"])
        matches = [r for r in decision["reasons"] if r["code"] == "ENTITY_MATCH" and r["evidence"]["party"] == role]
        assert matches, (event_id, decision["reasons"])
        evidence = matches[0]["evidence"]
        assert evidence["entity_id"] and evidence["list"] and evidence["matched_name"]
        assert 0 < evidence["score"] <= 1
        explanation = evidence["explanation"]
        assert explanation["query_normalized"] and explanation["alignment"], explanation
    persian = [r for r in out["e2e-listed-persian-script"]["reasons"] if r["code"] == "ENTITY_MATCH"][0]
    assert {a["how"] for a in persian["evidence"]["explanation"]["alignment"]} == {"abjad"}
    assert all(o["lists_version"] not in ("", "none", "unavailable") for o in out.values())
