"""Value objects of the screening contract: events in, decisions out.

Frozen, slotted dataclasses: an event is a fact that happened and a decision is
a record that must be reproducible, so neither is mutated after creation. The
JSON shapes are defined by the schemas in ``stream/contracts``; these classes
are the typed view the pure core works on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping


class EventType(str, Enum):
    CUSTOMS_DECLARATION = "customs_declaration"
    ORDER = "order"
    TECHNOLOGY_TRANSFER = "technology_transfer"


class Outcome(str, Enum):
    HOLD = "HOLD"
    RELEASE = "RELEASE"


class ReasonCode(str, Enum):
    ENTITY_MATCH = "ENTITY_MATCH"
    EMBARGOED_DESTINATION = "EMBARGOED_DESTINATION"
    ITEM_BAN = "ITEM_BAN"
    LICENSE_REQUIRED = "LICENSE_REQUIRED"
    CATCH_ALL_WMD = "CATCH_ALL_WMD"
    CATCH_ALL_CONVENTIONAL = "CATCH_ALL_CONVENTIONAL"
    TECHNOLOGY_TRANSFER = "TECHNOLOGY_TRANSFER"
    DIVERSION_RISK = "DIVERSION_RISK"
    UNRESOLVED_HS_CODE = "UNRESOLVED_HS_CODE"
    SCREENING_ERROR = "SCREENING_ERROR"


class Severity(str, Enum):
    """How bad a reason is; every reason holds the event, severity orders the review queue.

    critical: prohibited outright (embargo, ban, listed party, screening failed);
    high: needs a licence or a compliance officer's decision before shipping;
    medium: review recommended (diversion risk, weak name match).
    """

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"


PARTY_ROLES = ("exporter", "consignee", "end_user", "intermediary")


@dataclass(frozen=True, slots=True)
class Identifier:
    type: str
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Party:
    """A party named in an event. ``role`` and ``index`` locate it in the event for evidence."""

    role: str
    name: str
    country: str | None = None
    address: str | None = None
    region: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    schema: str | None = None  # "Person" | "Organization" | None (unknown)
    birth_date: str | None = None
    index: int = 0

    @property
    def ref(self) -> str:
        """Stable pointer used in evidence, e.g. ``consignee`` or ``intermediaries[1]``."""
        return f"intermediaries[{self.index}]" if self.role == "intermediary" else self.role


@dataclass(frozen=True, slots=True)
class Item:
    line: int
    hs_code: str
    description: str
    quantity: float | None = None
    value: float | None = None
    currency: str | None = None
    control_list_item: str | None = None
    eccn: str | None = None
    license_no: str | None = None


@dataclass(frozen=True, slots=True)
class EndUse:
    category: str | None = None  # civil | military | wmd | unknown
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    event_type: EventType
    occurred_at: str
    exporter: Party | None
    consignee: Party | None
    end_user: Party | None
    intermediaries: tuple[Party, ...]
    destination_country: str
    destination_region: str | None = None
    transit_countries: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    end_use: EndUse | None = None
    recipient_residency: str | None = None
    recipient_specified_category: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def parties(self) -> tuple[Party, ...]:
        """Every party in the event, exporter first; absent ones are skipped."""
        out = [p for p in (self.exporter, self.consignee, self.end_user) if p is not None]
        out.extend(self.intermediaries)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    rule: str
    severity: Severity
    detail: str
    evidence: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "rule": self.rule,
            "severity": self.severity.value,
            "detail": self.detail,
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class Decision:
    event_id: str
    event_type: str | None
    decision: Outcome
    reasons: tuple[Reason, ...]
    checks_run: tuple[str, ...]
    lists_version: str
    rules_version: str
    screened_at: str
    latency_ms: float
    service_version: str
    source: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "decision": self.decision.value,
            "reasons": [r.to_json() for r in self.reasons],
            "checks_run": list(self.checks_run),
            "lists_version": self.lists_version,
            "rules_version": self.rules_version,
            "screened_at": self.screened_at,
            "latency_ms": self.latency_ms,
            "service_version": self.service_version,
            "source": dict(self.source),
        }


@dataclass(frozen=True, slots=True)
class EntityMatch:
    """One list entry a party matched: the contract between the party matcher and the rules.

    ``list_id`` names the source list (e.g. ``us_ofac_sdn``, ``jp_meti_eul``) so rules can ask
    "is the end user on METI's End User List" without knowing how matching works.
    """

    entity_id: str
    list_id: str
    list_name: str
    name: str
    score: float
    schema: str = "LegalEntity"
    programs: tuple[str, ...] = ()
    explanation: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "list": self.list_id,
            "list_name": self.list_name,
            "name": self.name,
            "score": round(self.score, 4),
            "schema": self.schema,
            "programs": list(self.programs),
            "explanation": dict(self.explanation),
        }
