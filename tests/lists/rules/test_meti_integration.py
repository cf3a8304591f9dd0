"""CATCH_ALL_WMD with the real party matcher: an end user on the (hand-made sample) METI End User List.

The sample file in ``lists/samples`` is written in METI's spreadsheet layout and
is loaded, indexed and matched by the production code; the rules only see the
``EntityMatch`` with ``list_id == "jp_meti_eul"`` and cite the list by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lists.parties.index import build_snapshot
from lists.parties.matcher import Matcher
from lists.rules import build_checks, load_bundle
from lists.sources.meti_eul import load_meti_eul
from stream.core import Screener
from stream.models import EndUse
from tests.lists.rules.helpers import event, item, party

SAMPLE = Path(__file__).resolve().parents[3] / "lists" / "samples" / "meti_eul_sample.csv"


@pytest.fixture(scope="module")
def screener() -> Screener:
    matcher = Matcher(build_snapshot([load_meti_eul(SAMPLE)]))
    bundle = load_bundle()
    return Screener(checks=build_checks(bundle), party_screener=matcher, rules_version=bundle.version)


def test_end_user_on_meti_list_triggers_wmd_catch_all_with_civil_end_use(screener: Screener) -> None:
    ev = event("CN", items=(item(1, "8481.80", "valves"),), end_use=EndUse("civil", "laboratory cooling water"),
               end_user=party("end_user", "Harbin Institute of Technology", "CN"))
    reasons = [r for r in screener.screen(ev).reasons if r.code.value == "CATCH_ALL_WMD"]
    assert reasons, screener.screen(ev).reasons
    trigger = reasons[0].evidence["triggers"][0]
    assert trigger["trigger"] == "listed_party" and trigger["list"] == "jp_meti_eul"
    assert trigger["where"] == "end_user" and trigger["list_name"]


def test_same_end_user_to_group_a_destination_is_exempt_from_catch_all(screener: Screener) -> None:
    ev = event("US", items=(item(1, "8481.80", "valves"),),
               end_user=party("end_user", "Harbin Institute of Technology", "US"))
    assert not [r for r in screener.screen(ev).reasons if r.code.value == "CATCH_ALL_WMD"]
