"""ITEM_BAN: goods banned for export to a country (Japan's Russia/Belarus measures), by HS prefix.

Each row of the ban table is one measure: the countries it targets and what it
bans — HS prefixes (2/4/6 digits, own list and/or other tables such as the
CHPL), every control-list item (``control_list_items: all``), or any export to
parties on named lists (``party_lists``). It fires when the destination, the
consignee, the end user or a transit country is a target (the ``roles``
parameter), once per line and measure, citing the prefix that matched. Value
thresholds (``value_thresholds``) exempt lines whose declared unit value is
below the threshold in the same currency; a line whose unit value cannot be
compared (other currency, no quantity) is not exempt (fail closed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lists.hs import HsNomenclature, HsResolution
from lists.rules.bundle import Bundle, CheckSpec, Row
from lists.rules.common import (
    GOODS_EVENT_TYPES, ParamError, Place, ReasonFactory, countries, event_types, line_ref, param, places, str_list,
)
from lists.rules.control_list import ControlList, HsPrefixIndex, control_list
from stream.core import Enrichment
from stream.models import Event, Item, Reason


@dataclass(frozen=True, slots=True)
class Threshold:
    prefix: str
    amount: float
    currency: str


@dataclass(frozen=True, slots=True)
class Measure:
    row: Row
    countries: frozenset[str]
    all_list_items: bool
    party_lists: frozenset[str]
    thresholds: tuple[Threshold, ...]


def _below_threshold(measure: Measure, prefix: str, item: Item) -> Threshold | None:
    for t in measure.thresholds:
        if not prefix.startswith(t.prefix) and not t.prefix.startswith(prefix):
            continue
        if (item.currency or "").upper() != t.currency or not item.quantity or item.value is None:
            return None
        if item.value / item.quantity < t.amount:
            return t
    return None


@dataclass(frozen=True, slots=True)
class ItemBanCheck:
    name: str
    measures: tuple[Measure, ...] = field(repr=False)
    index: HsPrefixIndex = field(repr=False)
    controls: ControlList | None = field(repr=False)
    hs: HsNomenclature = field(repr=False)
    reasons: ReasonFactory = field(repr=False)
    roles: tuple[str, ...]
    transit: bool
    types: frozenset[str]

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        if event.event_type.value not in self.types:
            return ()
        where_to = places(event, roles=self.roles, transit=self.transit)
        targets = {m.row.id: [p for p in where_to if p.country in m.countries] for m in self.measures}
        if not any(targets.values()):
            return ()
        out: list[Reason] = []
        by_id = {m.row.id: m for m in self.measures}
        for m in self.measures:
            hit_places = targets[m.row.id]
            if not hit_places or not m.party_lists:
                continue
            for p in event.parties():
                for match in enrichment.party_matches.get(p.ref, ()):
                    if match.list_id in m.party_lists:
                        out.append(self.reasons.reason(
                            m.row, f"{p.ref} {p.name!r} is on {match.list_name} (measure {m.row.get('measure')})",
                            where=p.ref, party_match=match.to_json(),
                            target=[{"where": t.where, "country": t.country} for t in hit_places]))
        for it in event.items:
            fired: set[str] = set()
            where = line_ref(it.line)
            if self.controls is not None:
                entry = self.controls.read(it.control_list_item)
                if entry is not None and entry.listed is not False:
                    for m in self.measures:
                        if m.all_list_items and targets[m.row.id] and m.row.id not in fired:
                            fired.add(m.row.id)
                            what = f"item {entry.row.get('item')}" if entry.row is not None else "unrecognised entry"
                            out.append(self.reasons.reason(
                                m.row, f"line {it.line}: control-list {what} ({it.control_list_item!r}) to "
                                       f"{_names(targets[m.row.id])}: {m.row.get('name')}",
                                where=where, line=it.line, control_list_item=it.control_list_item,
                                target=[{"where": t.where, "country": t.country} for t in targets[m.row.id]]))
            res = self.hs.resolve(it.hs_code)
            if not res:
                continue  # held by the hs_resolution check
            for prefix, row in self.index.match(reversed(res.prefixes)):
                m = by_id[row.id]
                if row.id in fired or not targets[row.id]:
                    continue
                if _below_threshold(m, prefix, it) is not None:
                    continue
                fired.add(row.id)
                out.append(self.reasons.reason(
                    row, f"line {it.line}: HS {res.code6} matches {prefix} of measure {row.get('measure')} "
                         f"({row.get('name')}); {_names(targets[row.id])}",
                    where=where, line=it.line, hs6=res.code6, matched_prefix=prefix,
                    hs_description=self.hs.entries[prefix].description if prefix in self.hs.entries else None,
                    target=[{"where": t.where, "country": t.country} for t in targets[row.id]]))
        return out

    def explain_hs(self, res: HsResolution) -> list[dict[str, object]]:
        """Measures whose HS prefixes cover this subheading (most specific prefix per measure)."""
        by_id = {m.row.id: m for m in self.measures}
        out: list[dict[str, object]] = []
        seen: set[str] = set()
        for prefix, row in self.index.match(reversed(res.prefixes)):
            if row.id in seen:
                continue
            seen.add(row.id)
            m = by_id[row.id]
            when = ("destination, " + ", ".join(self.roles) + (" or a transit country" if self.transit else "")
                    + " in " + ", ".join(sorted(m.countries)))
            limits = [f"{t.prefix}: only above {t.amount:,.0f} {t.currency} per unit" for t in m.thresholds
                      if t.prefix.startswith(prefix) or prefix.startswith(t.prefix)]
            if limits:
                when += "; " + "; ".join(limits)
            out.append({"check": self.name, "code": self.reasons.spec.code, "row": row.id, "matched_prefix": prefix,
                        "name": row.get("name"), "applies_when": when, "legal_basis": row.legal_basis})
        return out

def _names(targets: list[Place]) -> str:
    return ", ".join(f"{t.where}={t.country}" for t in targets)


def build(spec: CheckSpec, bundle: Bundle, hs: HsNomenclature | None) -> ItemBanCheck:
    if hs is None:
        raise ParamError("item_ban needs the HS nomenclature")
    table = bundle.table(str(param(spec, "table")))
    controls_name = param(spec, "control_list_table", None)
    controls = control_list(bundle.table(str(controls_name))) if controls_name else None
    measures: list[Measure] = []
    entries: list[tuple[str, Row]] = []
    for row in table.rows:
        where = f"{table.name}/{row.id}"
        for prefix in str_list(row.get("hs_prefixes"), f"{where}.hs_prefixes"):
            entries.append((prefix, row))
        for other in str_list(row.get("hs_prefix_tables"), f"{where}.hs_prefix_tables"):
            for orow in bundle.table(other).rows:
                code = orow.get("hs6") or orow.get("hs")
                if code is None:
                    raise ParamError(f"{where}: table {other} row {orow.id} has no hs6")
                entries.append((str(code), row))
        all_items = row.get("control_list_items") == "all"
        if all_items and controls is None:
            raise ParamError(f"{where}: control_list_items needs the check parameter control_list_table")
        thresholds = []
        for t in row.get("value_thresholds") or ():
            thresholds.append(Threshold(str(t["hs_prefix"]), float(t["min_unit_value"]), str(t["currency"]).upper()))
        measures.append(Measure(row, countries(row.get("countries"), f"{where}.countries"), all_items,
                                frozenset(str_list(row.get("party_lists"), f"{where}.party_lists")),
                                tuple(thresholds)))
        if not measures[-1].countries:
            raise ParamError(f"{where}: a ban needs target countries")
    index = HsPrefixIndex.build(entries, hs, table.name)
    roles = str_list(param(spec, "roles", ["consignee", "end_user"]), f"{spec.id}.roles")
    return ItemBanCheck(spec.id, tuple(measures), index, controls, hs, ReasonFactory(spec, bundle), roles,
                        bool(param(spec, "transit", True)), event_types(spec, GOODS_EVENT_TYPES))


