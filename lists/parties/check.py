"""The ENTITY_MATCH check: a party of the event matched a listed entity.

Runs over the enrichment the core computed (``Enrichment.party_matches``), so it
never matches names itself. Severity follows the score bands of
``lists/parties/data/matching.yml``: at or above ``strong`` the party is taken to
be the listed one (critical: the shipment is prohibited until cleared); between
the match threshold and ``strong``, and for matches found only through a listed
address, it is a possible match a compliance officer must review (medium).
Either way the event is held and the reason carries the full explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from lists.parties.matcher import MatchConfig, load_config
from stream.core import Enrichment
from stream.models import Event, Reason, ReasonCode, Severity


@dataclass(frozen=True, slots=True)
class EntityMatchCheck:
    strong: float
    config_version: str
    name: str = "entity_match"

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        parties = {p.ref: p for p in event.parties()}
        for ref, matches in enrichment.party_matches.items():
            party = parties.get(ref)
            for m in matches:
                explanation = dict(m.explanation)
                by_address = explanation.get("matched_on") == "address"
                strong = m.score >= self.strong and not by_address
                severity = Severity.CRITICAL if strong else Severity.MEDIUM
                party_name = party.name if party is not None else ""
                caption = explanation.get("entity_caption") or m.name
                if by_address:
                    detail = (f"{ref} '{party_name}' is at the listed address of {m.list_name} entry "
                              f"'{caption}' (score {m.score:.2f}): possible front company, review")
                else:
                    band = "match" if strong else "possible match, review"
                    detail = (f"{ref} '{party_name}' matches {m.list_name} entry '{caption}' "
                              f"as '{m.name}' (score {m.score:.2f}, {band})")
                yield Reason(
                    code=ReasonCode.ENTITY_MATCH,
                    rule=f"entity_match.{m.list_id}",
                    severity=severity,
                    detail=detail,
                    evidence={
                        "party": ref,
                        "party_name": party_name,
                        "entity_id": m.entity_id,
                        "list": m.list_id,
                        "list_name": m.list_name,
                        "matched_name": m.name,
                        "score": round(m.score, 4),
                        "programs": list(m.programs),
                        "matching_config": self.config_version,
                        "explanation": explanation,
                    },
                )


def build_entity_check(config: MatchConfig | None = None) -> EntityMatchCheck:
    cfg = config or load_config()
    return EntityMatchCheck(strong=cfg.strong, config_version=cfg.version)
