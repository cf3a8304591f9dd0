"""EMBARGOED_DESTINATION over the real jp_fefta bundle: country, region code, address text in any script."""

from __future__ import annotations

import pytest

from lists.rules import build_checks, load_bundle
from stream.core import Screener
from stream.models import Outcome, ReasonCode
from tests.lists.rules.helpers import event, party


@pytest.fixture(scope="module")
def screener() -> Screener:
    bundle = load_bundle()
    checks = [c for c in build_checks(bundle) if c.name == "embargoed_destination"]
    return Screener(checks=checks, rules_version=bundle.version)


def embargo_reasons(screener: Screener, ev) -> list:
    return [r for r in screener.screen(ev).reasons if r.code is ReasonCode.EMBARGOED_DESTINATION]


def test_north_korea_destination_is_held_and_cites_row_and_legal_basis(screener: Screener) -> None:
    decision = screener.screen(event("KP"))
    assert decision.decision is Outcome.HOLD
    reason = decision.reasons[0]
    assert reason.rule == "embargoed_destination/kp_total"
    assert reason.severity.value == "critical"
    assert reason.evidence["data_row"]["id"] == "kp_total"
    assert "FEFTA" in reason.evidence["legal_basis"]
    assert reason.evidence["source"] and reason.evidence["reflects"]
    assert decision.rules_version.startswith("jp_fefta@")


@pytest.mark.parametrize("region,row", [("UA-14", "ua_dnr"), ("UA-09", "ua_lnr"), ("UA-43", "ua_crimea"),
                                        ("ua-40", "ua_sevastopol")])
def test_destination_region_codes_fire(screener: Screener, region: str, row: str) -> None:
    reasons = embargo_reasons(screener, event("UA", region=region))
    assert [r.rule.split("/")[1] for r in reasons] == [row]


def test_region_on_a_party_fires_even_if_destination_is_clean(screener: Screener) -> None:
    eu = party("end_user", "Promtekh LLC", "UA", region="UA-09")
    reasons = embargo_reasons(screener, event("PL", end_user=eu))
    assert reasons and reasons[0].evidence["where"] == "end_user"


@pytest.mark.parametrize("address,row", [
    ("ul. Artema 10, Donetsk, Ukraine", "ua_dnr"),
    ("83001, м. Донецьк, вул. Артема 10", "ua_dnr"),
    ("г. Донецк, ДНР", "ua_dnr"),
    ("Dоnetsk city", "ua_dnr"),  # Cyrillic о homoglyph
    ("DONETSK OBLAST, MAKEEVKA", "ua_dnr"),
    ("Луганская область, г. Алчевск", "ua_lnr"),
    ("Lugansk, LNR", "ua_lnr"),
    ("Simferopol, Republic of Crimea", "ua_crimea"),
    ("Республика Крым, Ялта", "ua_crimea"),
    ("вул. Леніна 5, Севастополь", "ua_sevastopol"),
    ("Pyongyang, D.P.R.K.", "kp_total"),
    ("平壌市", "kp_total"),
])
def test_address_text_fires_in_every_script(screener: Screener, address: str, row: str) -> None:
    ev = event("TR", consignee_address=address)
    rows = {r.rule.split("/")[1] for r in embargo_reasons(screener, ev)}
    assert row in rows


@pytest.mark.parametrize("address", [
    "Madonetskaya Str. 4, Vilnius",          # contains 'donetsk' inside another word
    "Kramatorsk Road 1, Istanbul",
    "Crimson Tower, 12 Orchard Road, Singapore",
    "Sevastopoulos Shipping, Piraeus",
    "Krimpen aan den IJssel, Netherlands",
    "Khreshchatyk 22, Kyiv, Ukraine",
])
def test_unrelated_words_do_not_fire(screener: Screener, address: str) -> None:
    assert embargo_reasons(screener, event("TR", consignee_address=address)) == []


def test_transit_through_north_korea_fires(screener: Screener) -> None:
    reasons = embargo_reasons(screener, event("CN", transit=("KP",)))
    assert reasons[0].evidence["where"] == "transit_countries[0]"


def test_group_d_country_is_not_embargoed_as_such(screener: Screener) -> None:
    assert screener.screen(event("IR")).decision is Outcome.RELEASE
    assert screener.screen(event("AF")).decision is Outcome.RELEASE


def test_release_lists_the_check_that_ran(screener: Screener) -> None:
    decision = screener.screen(event("TH"))
    assert decision.decision is Outcome.RELEASE
    assert decision.checks_run == ("embargoed_destination",)


def test_every_place_is_reported_not_just_the_first(screener: Screener) -> None:
    eu = party("end_user", "Zavod", "KP", address="Pyongyang")
    reasons = embargo_reasons(screener, event("KP", end_user=eu, transit=("KP",)))
    wheres = {r.evidence["where"] for r in reasons}
    assert {"destination_country", "transit_countries[0]", "end_user"} <= wheres


@pytest.mark.parametrize("region,row", [("RU-CR", "ua_crimea"), ("RU-SEV", "ua_sevastopol"), ("RU-DPR", "ua_dnr")])
def test_non_iso_occupation_codes_fire_too(screener: Screener, region: str, row: str) -> None:
    reasons = embargo_reasons(screener, event("RU", region=region))
    assert [r.rule.split("/")[1] for r in reasons] == [row]
