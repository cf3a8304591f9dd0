"""Golden scenarios through the pure core (``tradescreen check`` path): default bundle, no party lists.

Each ``tests/scenarios/*.json`` holds an event in the published contract, the
expected decision and the exact set of reason codes, and its legal basis in
one line. Scenarios that need a METI End User List match carry a hand-made
``enrichment`` used here only (and ``streaming.skip`` for the worker run).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lists.rules import build_checks, load_bundle
from stream.codec import event_from_json
from stream.core import Enrichment, Screener
from stream.models import EntityMatch, Outcome, Reason

SCENARIOS = sorted(Path(__file__).parent.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def enrichment_of(doc: dict[str, Any]) -> Enrichment | None:
    raw = doc.get("enrichment")
    if not raw:
        return None
    return Enrichment({
        ref: tuple(EntityMatch(m["entity_id"], m["list_id"], m["list_name"], m["name"], float(m["score"]),
                               m.get("schema", "LegalEntity"), tuple(m.get("programs", ()))) for m in matches)
        for ref, matches in raw["party_matches"].items()
    })


@pytest.fixture(scope="module")
def screener() -> Screener:
    bundle = load_bundle()
    return Screener(checks=build_checks(bundle), rules_version=bundle.version)


def reasons_for(screener: Screener, doc: dict[str, Any]) -> tuple[list[Reason], list[str]]:
    event = event_from_json(doc["event"])
    enrichment = enrichment_of(doc)
    if enrichment is None:
        decision = screener.screen(event)
        assert decision.rules_version == screener.rules_version
        return list(decision.reasons), list(decision.checks_run)
    reasons: list[Reason] = []
    for check in screener.checks:
        reasons.extend(check(event, enrichment))
    return reasons, [c.name for c in screener.checks]


def test_there_are_enough_scenarios_covering_every_rule() -> None:
    docs = [load(p) for p in SCENARIOS]
    assert len(docs) >= 60
    fired = {code for d in docs for code in d["expected"]["reason_codes"]}
    assert fired >= {"EMBARGOED_DESTINATION", "ITEM_BAN", "LICENSE_REQUIRED", "CATCH_ALL_WMD",
                     "CATCH_ALL_CONVENTIONAL", "TECHNOLOGY_TRANSFER", "DIVERSION_RISK", "UNRESOLVED_HS_CODE"}
    assert sum(d["expected"]["decision"] == "RELEASE" for d in docs) >= 15
    assert all(d.get("legal_basis") and "\n" not in d["legal_basis"] for d in docs)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(screener: Screener, path: Path) -> None:
    doc = load(path)
    reasons, ran = reasons_for(screener, doc)
    got_codes = sorted({r.code.value for r in reasons})
    got_decision = Outcome.HOLD.value if reasons else Outcome.RELEASE.value
    expected = doc["expected"]
    assert (got_decision, got_codes) == (expected["decision"], sorted(expected["reason_codes"])), \
        [f"{r.rule}: {r.detail}" for r in reasons]
    assert len(ran) == len(screener.checks)
    for r in reasons:  # every reason cites its legal basis and the data row that fired
        assert r.evidence.get("legal_basis"), r
        assert r.evidence["data_row"]["table"] and r.evidence["data_row"]["id"], r
