"""A hostile or malformed list update is rejected with a clear error; the last good snapshot stays in service.

The parser-level attacks (entity expansion, external entities, truncation,
size cap, broken gzip/xlsx...) are covered per loader in
``tests/lists/sources/test_hostile_inputs.py``; this module checks what the
*service* does when such a file lands among its lists: the worker keeps
screening with the previous verified snapshot (and flags the rejection), a
snapshot build refuses to overwrite the good snapshot, and without any good
snapshot the worker fails closed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stream.models import Event, EventType, Outcome, Party, ReasonCode
from stream.reference import ReferenceDataError, build_screener
from stream.settings import REPO_ROOT, Settings
from tests.support.hostile_xml import BILLION_LAUGHS, XXE

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
UN_XML = (SHARED / "lists" / "un" / "consolidated.xml").resolve()



HOSTILE = {
    "billion_laughs": ("un/update.xml", BILLION_LAUGHS.encode()),
    "external_entity": ("un/update.xml", XXE.encode()),
    "truncated_xml": ("un/update.xml", UN_XML.read_bytes()[:50_000]),
    "malformed_json": ("eu/update.json", b'{"entities": [{"name": '),
    "not_gzip": ("uk/update.csv.gz", b"\x1f\x8bthis is not gzip"),
}


def _shared_dir(root: Path) -> Path:
    (root / "lists" / "un").mkdir(parents=True)
    shutil.copy(UN_XML, root / "lists" / "un" / "consolidated.xml")
    return root


def _event(name: str = "Brauer Feinmechanik GmbH") -> Event:
    return Event(
        event_id="hostile-1", event_type=EventType.ORDER, occurred_at="2026-11-20T09:30:00Z",
        exporter=Party("exporter", "Hoshino Precision", "JP"), consignee=Party("consignee", name, "DE"),
        end_user=None, intermediaries=(), destination_country="DE", destination_region=None,
        transit_countries=(), items=(),
    )


def _plant(shared: Path, case: str) -> Path:
    rel, data = HOSTILE[case]
    target = shared / "lists" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_rejected_update_keeps_the_last_good_snapshot_in_service(tmp_path: Path, case: str) -> None:
    shared = _shared_dir(tmp_path / "data")
    settings = Settings(shared_data=shared, lists_cache=tmp_path / "cache.snapshot", lists_snapshot=None)
    good, good_report = build_screener(settings)
    assert good_report.lists_loaded and not good_report.lists_fallback
    cache_bytes = settings.lists_cache.read_bytes()

    _plant(shared, case)
    screener, report = build_screener(settings)

    assert report.lists_loaded, report.errors
    assert report.lists_version == good_report.lists_version, "the last good snapshot must stay in service"
    assert report.lists_fallback and "update" in report.lists_fallback, report.lists_fallback
    assert not screener.degraded
    assert settings.lists_cache.read_bytes() == cache_bytes, "a rejected update must not touch the good snapshot"
    decision = screener.screen(_event())
    assert decision.lists_version == good_report.lists_version
    assert "party_screening" in decision.checks_run


@pytest.mark.parametrize("case", ["billion_laughs", "truncated_xml"])
def test_rejected_lists_without_a_good_snapshot_fail_closed(tmp_path: Path, case: str) -> None:
    shared = _shared_dir(tmp_path / "data")
    _plant(shared, case)
    settings = Settings(shared_data=shared, lists_cache=tmp_path / "never-built.snapshot", lists_snapshot=None)
    screener, report = build_screener(settings)
    assert not report.lists_loaded and report.errors
    decision = screener.screen(_event())
    assert decision.decision is Outcome.HOLD
    assert [r.rule for r in decision.reasons if r.code is ReasonCode.SCREENING_ERROR] == ["lists.load"]
    with pytest.raises(ReferenceDataError, match="party lists could not be loaded"):
        build_screener(Settings(shared_data=shared, lists_cache=None, fail_mode="refuse"))


def test_snapshot_build_from_a_hostile_file_fails_and_leaves_the_old_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "lists.snapshot"
    good = subprocess.run([sys.executable, "-m", "stream.cli", "lists", "build", str(UN_XML), "-o", str(out)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    before = out.read_bytes()
    bomb = tmp_path / "un-update.xml"
    bomb.write_text(BILLION_LAUGHS)
    bad = subprocess.run([sys.executable, "-m", "stream.cli", "lists", "build", str(bomb), "-o", str(out)],
                         cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0
    assert "DTD" in bad.stderr or "entit" in bad.stderr, bad.stderr
    assert out.read_bytes() == before
