"""Fail closed: missing, corrupt, tampered or stale reference data never lets anything through.

Each fault makes every decision a HOLD with SCREENING_ERROR (or, with
``TRADESCREEN_FAIL_MODE=refuse``, stops the worker from starting), and is
visible in metrics and readiness. An exception inside the matcher or a rule
for one event holds that event only; the worker neither crashes nor releases.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import orjson
import pytest

from lists.parties.index import build_from_paths, write_snapshot
from stream.core import FunctionCheck, Screener
from stream.models import Party
from stream.pipeline import Pipeline
from stream.reference import ReferenceDataError, build_screener
from stream.settings import DEFAULT_RULES_BUNDLE, REPO_ROOT, Settings
from tests.reliability.support import fault_stack, metric_samples
from tests.support.events import BASE_EVENT
from tests.support.kafka import StreamingStack

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()
UN_XML = SHARED / "lists" / "un" / "consolidated.xml"


@pytest.fixture(scope="module")
def good_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real snapshot (the UN list) so these tests do not need the full build."""
    return write_snapshot(build_from_paths([UN_XML]), tmp_path_factory.mktemp("snap") / "un.snapshot")


def _tampered(good: Path, tmp: Path) -> Path:
    data = bytearray(good.read_bytes())
    data[-100] ^= 0xFF  # one flipped bit in the payload: the checksum no longer matches
    out = tmp / "tampered.snapshot"
    out.write_bytes(bytes(data))
    return out


def _truncated(good: Path, tmp: Path) -> Path:
    out = tmp / "truncated.snapshot"
    out.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return out


def _garbage(good: Path, tmp: Path) -> Path:
    out = tmp / "garbage.snapshot"
    out.write_bytes(os.urandom(4096))
    return out


def _missing(good: Path, tmp: Path) -> Path:
    return tmp / "does-not-exist.snapshot"


def _clean_event(event_id: str) -> bytes:
    return orjson.dumps({**BASE_EVENT, "event_id": event_id})


def _screening_errors(doc: dict) -> list[str]:
    return [r["rule"] for r in doc["reasons"] if r["code"] == "SCREENING_ERROR"]


@pytest.mark.parametrize("fault", [_missing, _garbage, _truncated, _tampered], ids=lambda f: f.__name__.strip("_"))
def test_unusable_list_snapshot_holds_every_event(fault, good_snapshot: Path, tmp_path: Path) -> None:
    settings = Settings(lists_snapshot=fault(good_snapshot, tmp_path), lists_cache=None)
    screener, report = build_screener(settings)
    assert not report.lists_loaded and report.errors
    out = Pipeline(screener).process(_clean_event("fc-1"))
    doc = orjson.loads(out.value)
    assert doc["decision"] == "HOLD" and _screening_errors(doc) == ["lists.load"], doc
    with pytest.raises(ReferenceDataError):
        build_screener(replace(settings, fail_mode="refuse"))


def test_the_same_clean_event_releases_with_the_good_snapshot(good_snapshot: Path) -> None:
    """Control for the faults above: the HOLDs come from the fault, not from the event."""
    screener, report = build_screener(Settings(lists_snapshot=good_snapshot, lists_cache=None))
    assert report.lists_loaded and not report.errors
    doc = orjson.loads(Pipeline(screener).process(_clean_event("fc-ok")).value)
    assert doc["decision"] == "RELEASE", doc


def test_tampered_snapshot_error_names_the_checksum(good_snapshot: Path, tmp_path: Path) -> None:
    _, report = build_screener(Settings(lists_snapshot=_tampered(good_snapshot, tmp_path), lists_cache=None))
    assert "checksum" in " ".join(report.errors)


def test_lists_older_than_the_maximum_age_hold_every_event(good_snapshot: Path) -> None:
    screener, report = build_screener(Settings(lists_snapshot=good_snapshot, lists_cache=None, lists_max_age_hours=24))
    assert report.lists_loaded and report.lists_published is not None
    doc = orjson.loads(Pipeline(screener).process(_clean_event("fc-stale")).value)
    assert doc["decision"] == "HOLD" and _screening_errors(doc) == ["lists.max_age"], doc
    with pytest.raises(ReferenceDataError, match="old"):
        build_screener(Settings(lists_snapshot=good_snapshot, lists_cache=None, lists_max_age_hours=24,
                                fail_mode="refuse"))


@pytest.mark.parametrize("damage", ["missing_bundle", "corrupt_table", "wrong_nomenclature_hash"])
def test_unusable_rule_bundle_holds_every_event(damage: str, good_snapshot: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    if damage != "missing_bundle":
        shutil.copytree(DEFAULT_RULES_BUNDLE, bundle)
    if damage == "corrupt_table":
        (bundle / "embargoes.yaml").write_text("countries: [unterminated\n  - {")
    if damage == "wrong_nomenclature_hash":
        text = (bundle / "bundle.yaml").read_text()
        start = text.index("sha256: ") + len("sha256: ")
        (bundle / "bundle.yaml").write_text(text[:start] + "0" * 64 + text[start + 64:])
    settings = Settings(lists_snapshot=good_snapshot, lists_cache=None, rules_bundle=bundle)
    screener, report = build_screener(settings)
    assert not report.rules_loaded and report.errors
    doc = orjson.loads(Pipeline(screener).process(_clean_event("fc-rules")).value)
    assert doc["decision"] == "HOLD" and "rules.load" in _screening_errors(doc), doc
    with pytest.raises(ReferenceDataError):
        build_screener(replace(settings, fail_mode="refuse"))


class _ExplodingMatcher:
    """The real matcher, except that it raises on one poison party name."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.version = inner.version

    def screen_party(self, party: Party):
        if "POISON" in party.name:
            raise MemoryError("matcher blew up")
        return self.inner.screen_party(party)


def test_matcher_or_rule_exception_holds_that_event_only(good_snapshot: Path) -> None:
    real, _ = build_screener(Settings(lists_snapshot=good_snapshot, lists_cache=None))

    def explode_on_hs(event, enrichment):
        if any(item.hs_code == "9999.99" for item in event.items):
            raise KeyError("rule data missing")
        return ()

    screener = Screener(
        checks=[*real.checks, FunctionCheck("exploding_rule", explode_on_hs)],
        party_screener=_ExplodingMatcher(real.party_screener),
        lists_version=real.lists_version, rules_version=real.rules_version,
    )
    pipeline = Pipeline(screener)
    poison_party = orjson.dumps({**BASE_EVENT, "event_id": "fc-poison",
                                 "consignee": {"name": "POISON Trading", "country": "DE"}})
    poison_rule = orjson.dumps({**BASE_EVENT, "event_id": "fc-rule",
                                "items": [{"line": 1, "hs_code": "9999.99", "description": "x"}]})
    docs = {d["event_id"]: d for d in (orjson.loads(pipeline.process(v).value)
                                       for v in (poison_party, poison_rule, _clean_event("fc-fine")))}
    assert docs["fc-poison"]["decision"] == "HOLD" and "party_screening" in _screening_errors(docs["fc-poison"])
    assert docs["fc-rule"]["decision"] == "HOLD" and "exploding_rule" in _screening_errors(docs["fc-rule"])
    assert docs["fc-fine"]["decision"] == "RELEASE", docs["fc-fine"]


# ---------------------------------------------------------------- real worker


@pytest.fixture(scope="module")
def degraded_stack(tmp_path_factory: pytest.TempPathFactory, good_snapshot: Path) -> Iterator[StreamingStack]:
    tmp = tmp_path_factory.mktemp("failclosed")
    bad = _tampered(good_snapshot, tmp)
    s = fault_stack(tmp / "stack", env={"TRADESCREEN_LISTS_SNAPSHOT": str(bad)})
    s.tampered_snapshot = bad  # type: ignore[attr-defined]
    try:
        yield s
    finally:
        s.close()


@pytest.mark.kafka
def test_worker_with_a_tampered_snapshot_holds_everything_and_says_so(degraded_stack: StreamingStack) -> None:
    ids = [f"fc-worker-{i}" for i in range(50)]
    degraded_stack.collector.produce_many([(degraded_stack.topics.customs, i.encode(), _clean_event(i)) for i in ids])
    out = degraded_stack.wait_for_decisions(ids, timeout=120)
    assert all(o["kind"] == "decision" and o["decision"] == "HOLD" for o in out.values())
    assert all("lists.load" in _screening_errors(o) for o in out.values())

    status, body = degraded_stack.worker.get("/readyz")
    report = json.loads(body)
    assert status == 503 and "not_lists_loaded" in report["missing"], report
    samples = metric_samples(degraded_stack.worker.metrics_url)
    assert samples["tradescreen_lists_loaded"] == 0.0  # TradescreenListsNotLoaded
    assert samples['tradescreen_decision_reasons_total{reason_code="SCREENING_ERROR"}'] >= 50  # ScreeningErrors
    assert samples.get('tradescreen_decisions_total{outcome="RELEASE"}', 0.0) == 0.0
    assert samples["tradescreen_worker_ready"] == 0.0  # TradescreenWorkerNotReady


@pytest.mark.kafka
def test_worker_in_refuse_mode_does_not_start_on_a_tampered_snapshot(degraded_stack: StreamingStack) -> None:
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": degraded_stack.broker.bootstrap_servers,
           "TRADESCREEN_LISTS_SNAPSHOT": str(degraded_stack.tampered_snapshot),  # type: ignore[attr-defined]
           "TRADESCREEN_FAIL_MODE": "refuse", "TRADESCREEN_TOPIC_PREFIX": "refuse.",
           "TRADESCREEN_METRICS_PORT": "0", "TRADESCREEN_APP_ID": "refuse-test"}
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "stream.cli", "worker"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "checksum" in proc.stderr, proc.stderr[-2000:]
    print(f"\nrefuse mode: worker exited with {proc.returncode} after {time.monotonic() - started:.1f} s")
