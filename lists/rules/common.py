"""Helpers every rule family shares: parameter access, citations, places in an event.

Kept tiny and pure. A rule family module only decides *whether* a row fires;
how the reason and its evidence look is decided here, once, so every reason
cites its data row, table, source, date and legal basis in the same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from lists.rules.bundle import Bundle, CheckSpec, Row
from stream.models import Event, Party, Reason, ReasonCode, Severity

COUNTRY = re.compile(r"^[A-Z]{2}$")
REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
GOODS_EVENT_TYPES = ("customs_declaration", "order")


class ParamError(ValueError):
    """A check parameter that does not fit the bundle."""


def param(spec: CheckSpec, key: str, default: Any = ...) -> Any:
    if key in spec.params:
        return spec.params[key]
    if default is ...:
        raise ParamError(f"check {spec.id}: missing parameter {key!r}")
    return default


def str_list(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, list):
        raise ParamError(f"{what} must be a list")
    return tuple(str(v).strip() for v in value)


def countries(value: Any, what: str) -> frozenset[str]:
    out = frozenset(c.upper() for c in str_list(value, what))
    bad = sorted(c for c in out if not COUNTRY.match(c))
    if bad:
        raise ParamError(f"{what}: not ISO 3166-1 alpha-2: {', '.join(bad)}")
    return out


def regions(value: Any, what: str) -> frozenset[str]:
    out = frozenset(c.upper() for c in str_list(value, what))
    bad = sorted(c for c in out if not REGION.match(c))
    if bad:
        raise ParamError(f"{what}: not ISO 3166-2 codes: {', '.join(bad)}")
    return out


def group_countries(bundle: Bundle, table: str, group_id: str) -> frozenset[str]:
    row = bundle.table(table).row(group_id)
    return countries(row.get("countries"), f"{table}/{group_id}.countries")


def event_types(spec: CheckSpec, default: Iterable[str]) -> frozenset[str]:
    return frozenset(str_list(param(spec, "event_types", list(default)), f"{spec.id}.event_types"))


def cite(bundle: Bundle, row: Row, **facts: Any) -> dict[str, Any]:
    """Evidence for a reason: the facts that matched plus the data row and its provenance."""
    table = bundle.table(row.table)
    data_row = {k: v for k, v in row.data.items() if k not in ("terms", "address_terms", "hs_prefixes", "notes")}
    return {
        **facts,
        "data_row": {"table": row.table, "id": row.id, **data_row},
        "legal_basis": row.legal_basis,
        "source": table.source,
        "reflects": table.reflects,
        "bundle": bundle.version,
    }


@dataclass(frozen=True, slots=True)
class ReasonFactory:
    """Makes reasons for one check with the code and severity its manifest entry declares."""

    spec: CheckSpec
    bundle: Bundle

    @property
    def code(self) -> ReasonCode:
        return ReasonCode(self.spec.code)

    @property
    def severity(self) -> Severity:
        return Severity(self.spec.severity)

    def reason(self, row: Row, detail: str, **facts: Any) -> Reason:
        return Reason(self.code, f"{self.spec.id}/{row.id}", self.severity, detail, cite(self.bundle, row, **facts))


def validate_code_and_severity(spec: CheckSpec) -> list[str]:
    problems = []
    try:
        ReasonCode(spec.code)
    except ValueError:
        problems.append(f"check {spec.id}: unknown reason code {spec.code!r}")
    try:
        Severity(spec.severity)
    except ValueError:
        problems.append(f"check {spec.id}: unknown severity {spec.severity!r}")
    return problems


@dataclass(frozen=True, slots=True)
class Place:
    """A country (and maybe region) an event touches, with where in the event it came from."""

    where: str
    country: str | None
    region: str | None = None
    party: Party | None = None


def places(event: Event, *, roles: Iterable[str] | None = None, transit: bool = True) -> list[Place]:
    """Destination, transit countries and the parties' locations (``roles`` filters parties by role)."""
    out = [Place("destination_country", (event.destination_country or "").upper() or None,
                 (event.destination_region or "").upper() or None)]
    if transit:
        out.extend(Place(f"transit_countries[{i}]", c.upper()) for i, c in enumerate(event.transit_countries))
    wanted = None if roles is None else frozenset(roles)
    for p in event.parties():
        if wanted is not None and p.role not in wanted:
            continue
        out.append(Place(p.ref, (p.country or "").upper() or None, (p.region or "").upper() or None, p))
    return out


def line_ref(line: int) -> str:
    return f"items[line={line}]"
