"""Load the reference data a screener needs (rule bundle, HS nomenclature, party lists).

Failure policy lives here, in one place: anything that cannot be loaded, fails
its checksum or is too old does not stop the service from answering — it makes
every decision a HOLD with SCREENING_ERROR (``fail_mode=hold``), or refuses to
start (``fail_mode=refuse``). Nothing is ever released on partial data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from stream.core import Check, PartyScreener, Screener, screening_error
from stream.models import Reason
from stream.settings import Settings

log = logging.getLogger(__name__)


class ReferenceDataError(RuntimeError):
    pass


@dataclass
class LoadReport:
    """What was loaded, for logs, metrics and ``/readyz``."""

    rules_version: str = "unavailable"
    lists_version: str = "unavailable"
    rules_loaded: bool = False
    lists_loaded: bool = False
    lists_published: datetime | None = None
    lists_fallback: str | None = None
    """Set when new list files were rejected and the last good (cached) snapshot is in service."""
    errors: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def _load_rules(settings: Settings, report: LoadReport) -> list[Check]:
    from lists.rules import build_checks, load_bundle  # imported late: optional heavy data

    bundle = load_bundle(settings.rules_bundle)
    checks = list(build_checks(bundle))
    report.rules_version = bundle.version
    report.rules_loaded = True
    return checks


def _load_parties(settings: Settings, report: LoadReport) -> tuple[PartyScreener, list[Check]]:
    from lists.parties.check import build_entity_check
    from lists.parties.index import load_or_build_default
    from lists.parties.matcher import Matcher

    try:
        snapshot = load_or_build_default(
            snapshot=settings.lists_snapshot, shared_data=settings.shared_data, cache=settings.lists_cache,
        )
    except Exception as exc:
        snapshot = _last_good_snapshot(settings, exc)
        report.lists_fallback = f"{type(exc).__name__}: {exc}"
    matcher = Matcher(snapshot, threshold=settings.match_threshold)
    report.lists_version = snapshot.version
    report.lists_loaded = True
    report.lists_published = _as_datetime(getattr(snapshot, "published", None))
    return matcher, [build_entity_check()]


def _last_good_snapshot(settings: Settings, exc: Exception) -> Any:
    """The previously built snapshot (the cache), checksum-verified, when new list files are rejected.

    A hostile or malformed list update must not take screening down: the last
    good snapshot stays in service (its age keeps growing, so the staleness
    hold and alert still apply) and the rejection is logged and flagged in
    metrics. Only the auto-built cache qualifies; an explicitly configured
    snapshot that fails to load has no predecessor, so it fails closed.
    """
    from lists.parties.index import SnapshotError, read_snapshot

    cache = settings.lists_cache
    if settings.lists_snapshot is not None or cache is None or not Path(cache).is_file():
        raise exc
    try:
        snapshot = read_snapshot(cache)
    except SnapshotError:
        raise exc from None
    log.error("party lists: new list files rejected (%s: %s); keeping the last good snapshot %s in service",
              type(exc).__name__, exc, snapshot.version)
    return snapshot


def _as_datetime(value: object) -> datetime | None:
    """Snapshot publication dates may be dates, datetimes or ISO strings; compare in UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return None


def _age_reason(settings: Settings, report: LoadReport, now: datetime) -> Reason | None:
    if settings.lists_max_age_hours <= 0 or report.lists_published is None:
        return None
    published = report.lists_published
    age_h = (now - published).total_seconds() / 3600.0
    if age_h <= settings.lists_max_age_hours:
        return None
    return screening_error(
        "lists.max_age",
        f"party list snapshot is {age_h:.0f} h old, maximum is {settings.lists_max_age_hours:.0f} h",
        lists_version=report.lists_version,
    )


def build_screener(settings: Settings, *, with_parties: bool = True, now: datetime | None = None) -> tuple[Screener, LoadReport]:
    """A ready ``Screener``; on any load failure a degraded one that holds everything."""
    report = LoadReport()
    checks: list[Check] = []
    degraded: list[Reason] = []
    party_screener: PartyScreener | None = None
    try:
        checks.extend(_load_rules(settings, report))
    except Exception as exc:  # noqa: BLE001 - any failure → fail closed
        msg = f"rule bundle {settings.rules_bundle} could not be loaded: {type(exc).__name__}: {exc}"
        report.errors.append(msg)
        degraded.append(screening_error("rules.load", msg, component="rules", bundle=str(settings.rules_bundle)))
    if with_parties:
        try:
            party_screener, party_checks = _load_parties(settings, report)
            checks[:0] = party_checks
        except Exception as exc:  # noqa: BLE001
            msg = f"party lists could not be loaded: {type(exc).__name__}: {exc}"
            report.errors.append(msg)
            degraded.append(screening_error("lists.load", msg, component="party_lists", snapshot=str(settings.lists_snapshot or ""), shared_data=str(settings.shared_data)))
        age = _age_reason(settings, report, now or datetime.now(timezone.utc))
        if age is not None:
            report.errors.append(age.detail)
            degraded.append(age)
    else:
        report.lists_version = "disabled"
    for err in report.errors:
        log.error("reference data: %s", err)
    if report.errors and settings.fail_mode == "refuse":
        raise ReferenceDataError("; ".join(report.errors))
    screener = Screener(
        checks=checks,
        party_screener=party_screener,
        lists_version=report.lists_version,
        rules_version=report.rules_version,
        degraded=tuple(degraded),
    )
    return screener, report
