"""DIVERSION_RISK: high-priority (CHPL) goods going to a transshipment hub or routed through a banned country.

A review trigger, not a ban: CHPL goods are what Russia's military buys
through third countries. It fires per CHPL line when the destination, the
consignee, the end user or an intermediary is in a transshipment-risk country,
or when a transit country or an intermediary is in ``routed_through`` (RU/BY):
a Moscow trading house between a Japanese seller and a Kazakh buyer routes the
goods commercially through Russia even if they never cross it. Lines carry the
tier's weight (``tier_weights``) as ``priority`` so reviewers see tier 1
integrated circuits before tier 4 machine tools; lines whose weight is below
``min_weight`` do not fire. CHPL goods to other destinations (Group A
included) are not flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from lists.hs import HsNomenclature, HsResolution
from lists.rules.bundle import Bundle, CheckSpec, Row
from lists.rules.common import (
    GOODS_EVENT_TYPES, ParamError, ReasonFactory, countries, event_types, line_ref, param, places,
)
from lists.rules.control_list import HsPrefixIndex
from stream.core import Enrichment
from stream.models import Event, Reason


@dataclass(frozen=True, slots=True)
class DiversionCheck:
    name: str
    index: HsPrefixIndex = field(repr=False)
    risk: tuple[tuple[Row, frozenset[str]], ...] = field(repr=False)
    routed_through: frozenset[str]
    weights: dict[int, float]
    min_weight: float
    hs: HsNomenclature = field(repr=False)
    reasons: ReasonFactory = field(repr=False)
    bundle: Bundle = field(repr=False)
    types: frozenset[str]

    def _risk_places(self, event: Event) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for place in places(event, roles=("consignee", "end_user", "intermediary")):
            routed = place.where.startswith("transit_countries") or (
                place.party is not None and place.party.role == "intermediary")
            if routed and place.country in self.routed_through:
                found.append({"where": place.where, "country": place.country, "why": "routed through"})
            if place.where.startswith("transit_countries"):
                continue
            for row, members in self.risk:
                if place.country in members:
                    found.append({"where": place.where, "country": place.country, "why": "transshipment risk",
                                  "risk_row": row.id, "risk_legal_basis": row.legal_basis,
                                  "risk_source": self.bundle.table(row.table).source})
        return found

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        if event.event_type.value not in self.types:
            return ()
        risky = self._risk_places(event)
        if not risky:
            return ()
        where_text = ", ".join(f"{r['where']}={r['country']} ({r['why']})" for r in risky)
        out: list[Reason] = []
        for it in event.items:
            res = self.hs.resolve(it.hs_code)
            if not res:
                continue
            for prefix, row in self.index.match(reversed(res.prefixes)):
                tier = int(row.get("tier", 0))
                weight = self.weights.get(tier, 0.0)
                if weight < self.min_weight:
                    continue
                legal = "; ".join(dict.fromkeys([row.legal_basis, *(r.get("risk_legal_basis") or "" for r in risky)]))
                reason = self.reasons.reason(
                    row, f"line {it.line}: HS {res.code6} is CHPL tier {tier} ({res.subheading.description}); "
                         f"{where_text}",
                    where=line_ref(it.line), line=it.line, hs6=res.code6, matched_prefix=prefix, tier=tier,
                    priority=weight, risk_places=risky)
                out.append(Reason(reason.code, reason.rule, reason.severity, reason.detail,
                                  {**reason.evidence, "legal_basis": legal.strip("; ")}))
                break
        return out

    def explain_hs(self, res: HsResolution) -> list[dict[str, object]]:
        return [{"check": self.name, "code": self.reasons.spec.code, "row": row.id, "matched_prefix": prefix,
                 "name": f"{row.table} tier {row.get('tier')}", "priority": self.weights.get(int(row.get('tier', 0))),
                 "applies_when": "destination/consignee/end user/intermediary in a transshipment-risk country, "
                                 f"or transit through {', '.join(sorted(self.routed_through))}",
                 "legal_basis": row.legal_basis}
                for prefix, row in self.index.match(reversed(res.prefixes))]


def build(spec: CheckSpec, bundle: Bundle, hs: HsNomenclature | None) -> DiversionCheck:
    if hs is None:
        raise ParamError("diversion needs the HS nomenclature")
    chpl = bundle.table(str(param(spec, "goods_table")))
    entries = []
    for row in chpl.rows:
        code = row.get("hs6")
        if code is None:
            raise ParamError(f"{chpl.name}/{row.id}: no hs6")
        entries.append((str(code), row))
    risk_table = bundle.table(str(param(spec, "risk_table")))
    risk = tuple((r, countries(r.get("countries"), f"{risk_table.name}/{r.id}.countries")) for r in risk_table.rows)
    raw_weights = param(spec, "tier_weights", {})
    if not isinstance(raw_weights, dict):
        raise ParamError(f"check {spec.id}: tier_weights must be a mapping")
    weights = {int(k): float(v) for k, v in raw_weights.items()}
    for row in chpl.rows:
        if int(row.get("tier", 0)) not in weights:
            raise ParamError(f"check {spec.id}: no weight for tier {row.get('tier')} ({chpl.name}/{row.id})")
    return DiversionCheck(
        name=spec.id,
        index=HsPrefixIndex.build(entries, hs, chpl.name),
        risk=risk,
        routed_through=countries(param(spec, "routed_through", []), f"{spec.id}.routed_through"),
        weights=weights,
        min_weight=float(param(spec, "min_weight", 0.0)),
        hs=hs,
        reasons=ReasonFactory(spec, bundle),
        bundle=bundle,
        types=event_types(spec, GOODS_EVENT_TYPES),
    )
