"""Arbitrary field contents never make a rule raise (a raising check becomes SCREENING_ERROR, i.e. a HOLD
nobody can explain): random HS codes, control-list entries, licences, addresses and end-use text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lists.hs import load_hs
from lists.rules import build_checks, load_bundle
from stream.core import Enrichment
from stream.models import EndUse
from tests.lists.rules.helpers import event, item, party

CHECKS = build_checks(load_bundle())
HS = load_hs()
text = st.text(max_size=40)
countries = st.sampled_from(["RU", "BY", "KP", "UA", "DE", "TH", "AE", "SD", "JP", "IR"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hs=text, entry=st.one_of(st.none(), text), licence=st.one_of(st.none(), text), address=text,
       use=st.one_of(st.none(), text), category=st.sampled_from([None, "civil", "military", "wmd", "unknown"]),
       dest=countries, transit=st.lists(countries, max_size=2),
       kind=st.sampled_from(["customs_declaration", "order", "technology_transfer"]),
       quantity=st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
       value=st.one_of(st.none(), st.floats(min_value=0, max_value=1e12)))
def test_no_rule_raises_on_arbitrary_fields(hs, entry, licence, address, use, category, dest, transit, kind,
                                            quantity, value) -> None:
    ev = event(dest, items=(item(1, hs, "x", control_list_item=entry, license_no=licence, quantity=quantity,
                                 value=value),),
               consignee_address=address, end_user=party("end_user", "E", dest, address=address),
               transit=tuple(transit), end_use=EndUse(category, use), event_type=kind, residency=None)
    for check in CHECKS:
        for reason in check(ev, Enrichment()):
            assert reason.evidence["legal_basis"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_hs_resolution_never_raises(code: str) -> None:
    res = HS.resolve(code)
    assert bool(res) == (res.__class__.__name__ == "HsResolution")
