"""ENTITY_MATCH through the real screening core: listed parties are held, with the explanation."""

from __future__ import annotations

from stream.core import Screener
from stream.models import Event, EventType, Outcome, Party, ReasonCode, Severity

from lists.parties.check import build_entity_check


def event(**parties) -> Event:
    return Event(
        event_id="e1", event_type=EventType.ORDER, occurred_at="2026-11-20T10:00:00+09:00",
        exporter=Party("exporter", "Tokyo Precision KK", "JP"),
        consignee=parties.get("consignee"), end_user=parties.get("end_user"),
        intermediaries=tuple(parties.get("intermediaries", ())), destination_country="AE",
    )


def screener(matcher) -> Screener:
    return Screener(checks=[build_entity_check()], party_screener=matcher, lists_version=matcher.version)


def test_transliterated_listed_consignee_is_held_critical_with_explanation(matcher):
    decision = screener(matcher).screen(event(consignee=Party("consignee", "ООО Рособоронэкспорт", "RU")))
    assert decision.decision is Outcome.HOLD
    reasons = [r for r in decision.reasons if r.code is ReasonCode.ENTITY_MATCH]
    assert reasons and all(r.rule.startswith("entity_match.") for r in reasons)
    top = reasons[0]
    assert top.severity is Severity.CRITICAL
    assert top.evidence["party"] == "consignee"
    for key in ("entity_id", "list", "list_name", "matched_name", "score", "programs", "explanation"):
        assert key in top.evidence
    assert top.evidence["explanation"]["alignment"]
    assert decision.lists_version == matcher.version


def test_legal_form_swapped_end_user_is_held(matcher):
    decision = screener(matcher).screen(event(
        consignee=Party("consignee", "Sunrise Kitchenware GmbH", "DE"),
        end_user=Party("end_user", "Rosoboronexport LLC", "AE")))
    parties = {r.evidence["party"] for r in decision.reasons if r.code is ReasonCode.ENTITY_MATCH}
    assert decision.decision is Outcome.HOLD and parties == {"end_user"}


def test_intermediaries_are_screened_too(matcher):
    decision = screener(matcher).screen(event(
        consignee=Party("consignee", "Sunrise Kitchenware GmbH", "DE"),
        intermediaries=[Party("intermediary", "Sberbank of Russia", "RU", index=0)]))
    assert {r.evidence["party"] for r in decision.reasons} == {"intermediaries[0]"}


def test_clean_parties_are_released(matcher):
    decision = screener(matcher).screen(event(consignee=Party("consignee", "Sunrise Kitchenware GmbH", "DE")))
    assert decision.decision is Outcome.RELEASE
    assert "entity_match" in decision.checks_run


def test_review_band_and_address_matches_are_medium(matcher, snapshot):
    e = next(i for i, a in enumerate(snapshot.entity_address_tokens) if a and len(a[0]) >= 5
             and any(t.isdigit() for t in a[0]))
    decision = screener(matcher).screen(event(
        consignee=Party("consignee", "Zqxv Unrelated Holdings", "AE", address=snapshot.entity_addresses[e][0])))
    by_address = [r for r in decision.reasons if r.evidence.get("explanation", {}).get("matched_on") == "address"]
    assert decision.decision is Outcome.HOLD and by_address
    assert all(r.severity is Severity.MEDIUM for r in by_address)


def test_an_end_user_written_in_persian_is_held_through_its_translated_listing(matcher):
    # The lists print the Defence Industries Organization in English only; its Persian name
    # reads word for word as that English (abjad_words.yml), and the decision shows it.
    decision = screener(matcher).screen(event(
        consignee=Party("consignee", "Sunrise Kitchenware GmbH", "DE"),
        end_user=Party("end_user", "سازمان صنایع دفاع", "IR")))
    reasons = [r for r in decision.reasons if r.code is ReasonCode.ENTITY_MATCH]
    assert decision.decision is Outcome.HOLD and reasons and reasons[0].evidence["party"] == "end_user"
    assert "INDUSTRIES ORGANIZATION" in reasons[0].evidence["matched_name"].upper()
    assert "translated" in {a["how"] for a in reasons[0].evidence["explanation"]["alignment"]}
