"""Each rule family over the real jp_fefta bundle and HS file: firing, near misses, evidence."""

from __future__ import annotations

import pytest

from lists.rules import build_checks, load_bundle
from stream.core import Enrichment, Screener
from stream.models import EndUse, EntityMatch, Event, Outcome
from tests.lists.rules.helpers import event, item, party


@pytest.fixture(scope="module")
def screener() -> Screener:
    bundle = load_bundle()
    return Screener(checks=build_checks(bundle), rules_version=bundle.version)


def codes(screener: Screener, ev: Event, enrichment: Enrichment | None = None) -> set[str]:
    if enrichment is None:
        return {r.code.value for r in screener.screen(ev).reasons}
    return {r.code.value for check in screener.checks for r in check(ev, enrichment)}


def reasons(screener: Screener, ev: Event, code: str) -> list:
    return [r for r in screener.screen(ev).reasons if r.code.value == code]


IC = item(1, "8542.31", "microcontrollers")
VALVE = item(2, "8481.80", "industrial valves")  # chapter 84: catch-all scope, not CHPL
TEA = item(3, "0902.10", "green tea")            # outside catch-all scope


# --- HS resolution (fail closed) -------------------------------------------------------------

def test_unresolved_hs_code_holds_the_line_with_reason(screener: Screener) -> None:
    ev = event("TH", items=(VALVE, item(7, "8542", "chips")))
    rs = reasons(screener, ev, "UNRESOLVED_HS_CODE")
    assert len(rs) == 1 and rs[0].evidence["line"] == 7
    assert "heading level only" in rs[0].detail
    assert screener.screen(ev).decision is Outcome.HOLD


def test_goods_event_without_lines_is_held(screener: Screener) -> None:
    assert codes(screener, event("TH", items=())) == {"UNRESOLVED_HS_CODE"}


def test_chapter_99_does_not_classify(screener: Screener) -> None:
    assert codes(screener, event("TH", items=(item(1, "9999.99"),))) == {"UNRESOLVED_HS_CODE"}


def test_clean_shipment_releases_with_every_check_listed(screener: Screener) -> None:
    decision = screener.screen(event("TH", items=(VALVE, TEA)))
    assert decision.decision is Outcome.RELEASE
    assert set(decision.checks_run) >= {"hs_resolution", "embargoed_destination", "item_ban", "license_required",
                                        "catch_all_wmd", "catch_all_conventional", "technology_transfer",
                                        "diversion_risk"}


# --- ITEM_BAN -----------------------------------------------------------------------------

def test_semiconductors_to_russia_are_banned_citing_measure_and_prefix(screener: Screener) -> None:
    rs = reasons(screener, event("RU", items=(IC,)), "ITEM_BAN")
    assert [r.evidence["data_row"]["id"] for r in rs] == ["measure_2"]
    assert rs[0].evidence["matched_prefix"] == "854231"  # most specific prefix (the CHPL row) is cited
    assert "FEFTA art. 48(3)" in rs[0].evidence["legal_basis"]
    assert rs[0].severity.value == "critical"


def test_belarus_end_user_triggers_ban_even_with_third_country_destination(screener: Screener) -> None:
    eu = party("end_user", "Minsk Instrument Plant", "BY")
    assert "ITEM_BAN" in codes(screener, event("KZ", items=(item(1, "8429.11", "bulldozer"),), end_user=eu))


def test_transit_through_russia_triggers_ban(screener: Screener) -> None:
    assert "ITEM_BAN" in codes(screener, event("KZ", items=(item(1, "8704.10", "dump truck"),), transit=("RU",)))


def test_non_banned_goods_to_russia_release(screener: Screener) -> None:
    assert codes(screener, event("RU", items=(TEA,))) == set()


def test_luxury_car_threshold(screener: Screener) -> None:
    cheap = item(1, "8703.23", "used passenger car", quantity=1, value=1_500_000, currency="JPY")
    dear = item(2, "8703.23", "luxury passenger car", quantity=1, value=9_000_000, currency="JPY")
    usd = item(3, "8703.23", "passenger car", quantity=1, value=10_000, currency="USD")
    rs = reasons(screener, event("RU", items=(cheap, dear, usd)), "ITEM_BAN")
    assert sorted(r.evidence["line"] for r in rs) == [2, 3]  # other currency cannot be compared: fail closed


def test_list_item_to_russia_is_banned_even_with_licence(screener: Screener) -> None:
    ev = event("RU", items=(item(1, "8456.11", "laser cutter", control_list_item="2(12)", license_no="M-123"),))
    rs = reasons(screener, ev, "ITEM_BAN")
    assert {r.evidence["data_row"]["id"] for r in rs} == {"measure_1", "measure_7"}


def test_military_end_user_list_match_is_measure_3(screener: Screener) -> None:
    ev = event("RU", items=(TEA,))
    match = EntityMatch("x1", "jp_mofa_ru_military", "MOFA list of Russian military end users", "Zavod", 0.97)
    found = [r for c in screener.checks for r in c(ev, Enrichment({"consignee": (match,)}))]
    assert [r.evidence["data_row"]["id"] for r in found if r.code.value == "ITEM_BAN"] == ["measure_3"]


# --- LICENSE_REQUIRED ---------------------------------------------------------------------

@pytest.mark.parametrize("entry", ["7", "item 7(1)", "7の項(1)", "別表第1の3の2の項", "15", "3-2"])
def test_list_item_without_licence_is_held_for_any_destination(screener: Screener, entry: str) -> None:
    ev = event("US", items=(item(1, "8542.31", "FPGA", control_list_item=entry),))
    rs = reasons(screener, ev, "LICENSE_REQUIRED")
    assert len(rs) == 1 and rs[0].evidence["data_row"]["table"] == "control_list"
    assert rs[0].evidence["data_row"]["id"] != "unrecognised_entry"


@pytest.mark.parametrize("entry", ["非該当", "EAR99", "none", "16", "Not listed"])
def test_not_listed_markers_release(screener: Screener, entry: str) -> None:
    assert codes(screener, event("US", items=(item(1, "8542.31", control_list_item=entry),))) == set()


def test_unrecognised_entry_is_held_as_possibly_listed(screener: Screener) -> None:
    rs = reasons(screener, event("US", items=(item(1, "8542.31", control_list_item="3A001"),)), "LICENSE_REQUIRED")
    assert rs and rs[0].evidence["data_row"]["id"] == "unrecognised_entry"


def test_licence_present_releases_but_placeholder_does_not(screener: Screener) -> None:
    ok = item(1, "8542.31", control_list_item="7", license_no="METI-2026-000123")
    bad = item(2, "8542.31", control_list_item="7", license_no="pending")
    rs = reasons(screener, event("US", items=(ok, bad)), "LICENSE_REQUIRED")
    assert [r.evidence["line"] for r in rs] == [2]


# --- catch-all ----------------------------------------------------------------------------

def test_wmd_end_use_text_to_non_group_a_fires_catch_all(screener: Screener) -> None:
    ev = event("MY", items=(VALVE, TEA), end_use=EndUse("civil", "valves for a gas centrifuge cascade"))
    rs = reasons(screener, ev, "CATCH_ALL_WMD")
    assert [r.evidence["line"] for r in rs] == [2]  # tea is outside the catch-all scope
    trig = rs[0].evidence["triggers"][0]
    assert trig["trigger"] == "end_use_text" and "centrifuge cascade" in trig["terms"]
    assert "item 16" in rs[0].evidence["legal_basis"]


def test_group_a_destination_is_exempt_from_catch_all(screener: Screener) -> None:
    ev = event("DE", items=(VALVE,), end_use=EndUse("wmd", "missile programme"))
    assert codes(screener, ev) == set()


def test_group_a_destination_with_end_user_elsewhere_is_not_exempt(screener: Screener) -> None:
    eu = party("end_user", "Pars Tech Co.", "IR")
    ev = event("DE", items=(VALVE,), end_user=eu, end_use=EndUse("wmd", None))
    assert codes(screener, ev) == {"CATCH_ALL_WMD"}


def test_meti_end_user_list_match_fires_wmd_catch_all_with_list_name(screener: Screener) -> None:
    ev = event("PK", items=(VALVE,), end_user=party("end_user", "Example Research Lab", "PK"),
               end_use=EndUse("civil", "water treatment"))
    match = EntityMatch("eul-1", "jp_meti_eul", "METI End User List", "Example Research Lab", 0.95,
                        programs=("N",))
    got = [r for c in screener.checks for r in c(ev, Enrichment({"end_user": (match,)}))]
    wmd = [r for r in got if r.code.value == "CATCH_ALL_WMD"]
    assert wmd and wmd[0].evidence["triggers"][0]["list_name"] == "METI End User List"


def test_negation_stops_at_the_clause_boundary(screener: Screener) -> None:
    ev = event("MY", items=(VALVE,), end_use=EndUse("civil", "Not for resale. For UAV engine test stands"))
    assert codes(screener, ev) == {"CATCH_ALL_WMD"}


@pytest.mark.parametrize("text", ["not for military or nuclear use: food processing", "non-military civil use",
                                  "will not be used for military purposes or weapons of mass destruction",
                                  "nuclear magnetic resonance spectrometer for a university lab"])
def test_negated_or_excluded_terms_do_not_fire(screener: Screener, text: str) -> None:
    assert codes(screener, event("MY", items=(VALVE,), end_use=EndUse("civil", text))) == set()


def test_conventional_catch_all_needs_table_3_2_destination(screener: Screener) -> None:
    mil = EndUse("military", "spare parts for army trucks")
    assert codes(screener, event("SD", items=(VALVE,), end_use=mil)) == {"CATCH_ALL_CONVENTIONAL"}
    assert codes(screener, event("TH", items=(VALVE,), end_use=mil)) == set()
    assert codes(screener, event("SD", items=(VALVE,), end_use=EndUse("civil", "irrigation"))) == set()


def test_list_item_line_is_not_double_counted_as_catch_all(screener: Screener) -> None:
    ev = event("SD", items=(item(1, "8481.80", control_list_item="2"),), end_use=EndUse("military", None))
    assert codes(screener, ev) == {"LICENSE_REQUIRED"}


# --- technology transfer ------------------------------------------------------------------

def tech(residency: str | None, specified: str | None = None, **kw) -> Event:
    items = kw.pop("items", (item(1, "TECH", "design data for gas turbine blades", control_list_item="13"),))
    return event("JP", event_type="technology_transfer", residency=residency, specified=specified, items=items)


def test_list_technology_to_non_resident_is_held(screener: Screener) -> None:
    rs = reasons(screener, tech("non_resident"), "TECHNOLOGY_TRANSFER")
    assert rs and rs[0].evidence["recipient"]["category_row"] == "non_resident"


def test_specified_category_resident_is_held_plain_resident_is_not(screener: Screener) -> None:
    assert codes(screener, tech("resident", "a")) == {"TECHNOLOGY_TRANSFER"}
    assert codes(screener, tech("resident", None)) == set()


def test_technology_with_licence_or_not_listed_releases(screener: Screener) -> None:
    lic = (item(1, "TECH", "turbine design", control_list_item="13", license_no="METI-T-2026-1"),)
    free = (item(1, "TECH", "sales brochure", control_list_item="非該当"),)
    assert codes(screener, tech("non_resident", items=lic)) == set()
    assert codes(screener, tech("non_resident", items=free)) == set()


def test_technology_transfer_without_description_is_held_for_non_resident(screener: Screener) -> None:
    assert codes(screener, tech("non_resident", items=())) == {"TECHNOLOGY_TRANSFER"}
    assert codes(screener, tech(None)) == {"TECHNOLOGY_TRANSFER"}


# --- diversion ----------------------------------------------------------------------------

def test_chpl_goods_to_transshipment_country_are_held_for_review(screener: Screener) -> None:
    rs = reasons(screener, event("AE", items=(IC, VALVE)), "DIVERSION_RISK")
    assert len(rs) == 1 and rs[0].evidence["tier"] == 1 and rs[0].evidence["priority"] == 1.0
    assert rs[0].severity.value == "medium"
    assert "FIN-2023-Alert004" in rs[0].evidence["legal_basis"]


def test_chpl_goods_to_group_a_release(screener: Screener) -> None:
    assert codes(screener, event("DE", items=(IC,))) == set()


def test_intermediary_in_hub_and_routing_through_russia_fire(screener: Screener) -> None:
    hk = party("intermediary", "Victory Bright Trading Ltd", "HK")
    assert codes(screener, event("DE", items=(IC,), intermediaries=(hk,))) == {"DIVERSION_RISK"}
    assert codes(screener, event("MN", items=(IC,), transit=("RU",))) == {"DIVERSION_RISK", "ITEM_BAN"}


def test_non_chpl_goods_to_hub_release(screener: Screener) -> None:
    assert codes(screener, event("AE", items=(VALVE,))) == set()


# --- all reasons, not the first --------------------------------------------------------------

def test_every_reason_is_listed(screener: Screener) -> None:
    ev = event("RU", items=(IC, item(2, "8542.31", control_list_item="7"), item(3, "85")),
               consignee_address="Donetsk, ul. Artema 1")
    assert codes(screener, ev) == {"ITEM_BAN", "LICENSE_REQUIRED", "UNRESOLVED_HS_CODE", "EMBARGOED_DESTINATION"}


def test_wmd_text_is_not_also_a_conventional_weapons_use(screener: Screener) -> None:
    ev = event("IQ", items=(VALVE,), end_use=EndUse("unknown", "for a chemical weapons programme"))
    assert codes(screener, ev) == {"CATCH_ALL_WMD"}
