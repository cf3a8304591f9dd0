"""The pure screening core: ``Screener.screen(event) -> Decision``.

No Kafka, no I/O, no wall clock: the caller passes the time. Reference data
(rule bundle, party index) is loaded elsewhere and handed in, so the same core
runs in the Faust worker, in ``tradescreen check`` and in unit tests.

A screening is two stages:

1. *enrichment*: every party of the event is screened against the party lists
   (``PartyScreener``), giving ``EntityMatch`` results per party;
2. *checks*: small pure functions over (event, enrichment) that each return
   reasons. A check that raises does not stop the others and never releases:
   it contributes a SCREENING_ERROR reason (fail closed).

HOLD if any reason, RELEASE otherwise; RELEASE still lists the checks that ran.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Mapping, Protocol, Sequence

from stream import __version__
from stream.models import (
    Decision,
    EntityMatch,
    Event,
    Outcome,
    Party,
    Reason,
    ReasonCode,
    Severity,
)


class PartyScreener(Protocol):
    """What the core needs from the party matcher (implemented in ``lists.parties``)."""

    version: str

    def screen_party(self, party: Party) -> Sequence[EntityMatch]: ...


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What the checks may use besides the event itself."""

    party_matches: Mapping[str, Sequence[EntityMatch]] = field(default_factory=dict)
    """Matches keyed by ``Party.ref`` (``consignee``, ``intermediaries[0]``...)."""


class Check(Protocol):
    """A rule family. ``name`` is stable: it appears in ``checks_run`` and in errors."""

    name: str

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]: ...


@dataclass(frozen=True, slots=True)
class FunctionCheck:
    """Adapts a plain function into a ``Check`` with a stable name."""

    name: str
    func: Callable[[Event, Enrichment], Iterable[Reason]]

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        return self.func(event, enrichment)


def screening_error(rule: str, detail: str, **evidence: object) -> Reason:
    return Reason(ReasonCode.SCREENING_ERROR, rule, Severity.CRITICAL, detail, evidence)


def utc_now_iso(now: datetime | None = None) -> str:
    return (now or datetime.now(timezone.utc)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Screener:
    """Screens events with a fixed set of checks over fixed reference data.

    ``degraded`` holds reasons added to *every* decision: when a list snapshot or
    rule bundle could not be loaded (or is too old), the service keeps running
    but nothing it screens can be released.
    """

    checks: Sequence[Check]
    party_screener: PartyScreener | None = None
    lists_version: str = "none"
    rules_version: str = "none"
    service_version: str = __version__
    degraded: tuple[Reason, ...] = ()

    def enrich(self, event: Event) -> tuple[Enrichment, list[Reason]]:
        errors: list[Reason] = []
        if self.party_screener is None:
            return Enrichment(), errors
        matches: dict[str, Sequence[EntityMatch]] = {}
        for party in event.parties():
            try:
                found = self.party_screener.screen_party(party)
            except Exception as exc:  # noqa: BLE001 - fail closed per party, keep going
                errors.append(
                    screening_error(
                        "party_screening",
                        f"party matcher failed on {party.ref}: {type(exc).__name__}: {exc}",
                        party=party.ref,
                    )
                )
                continue
            if found:
                matches[party.ref] = tuple(found)
        return Enrichment(party_matches=matches), errors

    def evaluate(self, event: Event) -> tuple[list[Reason], list[str]]:
        """All reasons for one event, and the names of the checks that ran."""
        reasons: list[Reason] = list(self.degraded)
        enrichment, errors = self.enrich(event)
        reasons.extend(errors)
        ran: list[str] = []
        if self.party_screener is not None:
            ran.append("party_screening")
        for check in self.checks:
            try:
                reasons.extend(check(event, enrichment))
            except Exception as exc:  # noqa: BLE001 - one broken rule must not release or crash
                reasons.append(
                    screening_error(check.name, f"check {check.name} failed: {type(exc).__name__}: {exc}")
                )
            ran.append(check.name)
        return reasons, ran

    def screen(self, event: Event, *, now: datetime | None = None, source: Mapping[str, object] | None = None) -> Decision:
        started = time.perf_counter()
        reasons, ran = self.evaluate(event)
        outcome = Outcome.HOLD if reasons else Outcome.RELEASE
        return Decision(
            event_id=event.event_id,
            event_type=event.event_type.value,
            decision=outcome,
            reasons=tuple(reasons),
            checks_run=tuple(ran),
            lists_version=self.lists_version,
            rules_version=self.rules_version,
            screened_at=utc_now_iso(now),
            latency_ms=round((time.perf_counter() - started) * 1000.0, 3),
            service_version=self.service_version,
            source=dict(source or {}),
        )

    def error_decision(self, event_id: str, event_type: str | None, error: str, *, now: datetime | None = None,
                       source: Mapping[str, object] | None = None) -> Decision:
        """HOLD for an event that parsed but could not be screened at all."""
        return Decision(
            event_id=event_id,
            event_type=event_type,
            decision=Outcome.HOLD,
            reasons=(screening_error("core", error),),
            checks_run=(),
            lists_version=self.lists_version,
            rules_version=self.rules_version,
            screened_at=utc_now_iso(now),
            latency_ms=0.0,
            service_version=self.service_version,
            source=dict(source or {}),
        )
