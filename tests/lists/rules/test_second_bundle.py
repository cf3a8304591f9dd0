"""A second regime is data only: the EU demo bundle runs on the same rule families, no code of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from lists.rules import build_checks, load_bundle
from stream.core import Screener
from stream.models import EndUse, Outcome
from tests.lists.rules.helpers import event, item

EU_DEMO = Path(__file__).parent / "bundles" / "eu_dual_use_demo"


@pytest.fixture(scope="module")
def eu() -> Screener:
    bundle = load_bundle(EU_DEMO)
    return Screener(checks=build_checks(bundle), rules_version=bundle.version)


@pytest.fixture(scope="module")
def jp() -> Screener:
    bundle = load_bundle()
    return Screener(checks=build_checks(bundle), rules_version=bundle.version)


def codes(s: Screener, ev) -> set[str]:
    return {r.code.value for r in s.screen(ev).reasons}


def test_second_bundle_loads_with_its_own_version_and_sources(eu: Screener) -> None:
    assert eu.rules_version.startswith("eu_dual_use_demo@0.1.0+")
    bundle = load_bundle(EU_DEMO)
    assert all(t.source and t.reflects and t.version for t in bundle.tables.values())
    assert [c.name for c in eu.checks] == ["hs_resolution", "eu_embargo", "annex_i_licence", "article_4_catch_all"]


def test_eu_annex_i_codes_are_read_by_the_bundles_own_pattern(eu: Screener, jp: Screener) -> None:
    ev = event("CH", items=(item(1, "8542.39", "ADC", control_list_item="3A001"),))
    reason = eu.screen(ev).reasons[0]
    assert reason.rule == "annex_i_licence/cat_3"
    assert reason.evidence["legal_basis"] == "Regulation (EU) 2021/821, Article 3(1) and Annex I"
    # under the Japanese bundle the same entry is not an item number: held as unrecognised
    assert jp.screen(ev).reasons[0].rule == "license_required/unrecognised_entry"


def test_destination_groups_differ_between_regimes(eu: Screener, jp: Screener) -> None:
    to_japan = event("JP", items=(item(1, "8481.80"),), end_use=EndUse("wmd", None))
    to_norway = event("NO", items=(item(1, "8481.80"),), end_use=EndUse("wmd", None))
    assert eu.screen(to_japan).decision is Outcome.RELEASE      # JP is an EU001 destination
    assert codes(jp, to_norway) == set()                         # NO is Japan's Group A
    to_iceland = event("IS", items=(item(1, "8481.80"),), end_use=EndUse("wmd", None))
    assert codes(eu, to_iceland) == set() and codes(jp, to_iceland) == {"CATCH_ALL_WMD"}


def test_eu_catch_all_scope_is_every_chapter(eu: Screener) -> None:
    ev = event("MY", items=(item(1, "0902.10", "tea"),), end_use=EndUse("civil", "for missile fuel research"))
    assert codes(eu, ev) == {"CATCH_ALL_WMD"}


def test_rules_absent_from_the_bundle_do_not_run(eu: Screener) -> None:
    decision = eu.screen(event("RU", items=(item(1, "8542.31"),)))  # no RU ban table in the demo
    assert decision.decision is Outcome.RELEASE
    assert "item_ban" not in decision.checks_run
