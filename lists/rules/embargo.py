"""EMBARGOED_DESTINATION: total embargoes by country, by region code and by address text.

Each row of the embargo table is one embargo (North Korea; the "DNR"; Crimea...)
with ``countries``, ``regions`` (ISO 3166-2) and ``address_terms`` (in every
spelling and script that shows up in real paperwork). It fires for the
destination (country and region), every transit country and every party
(country, region and address text), one reason per embargo and place, so the
reviewer sees each route into the embargoed territory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lists.rules.bundle import Bundle, CheckSpec, Row
from lists.rules.common import ReasonFactory, countries, param, places, regions, str_list
from lists.rules.textmatch import FoldedText, Lexicon
from stream.core import Enrichment
from stream.models import Event, Reason


@dataclass(frozen=True, slots=True)
class Embargo:
    row: Row
    countries: frozenset[str]
    regions: frozenset[str]
    address: Lexicon


def _embargoes(spec: CheckSpec, bundle: Bundle) -> list[Embargo]:
    table = bundle.table(str(param(spec, "table")))
    out = []
    for row in table.rows:
        where = f"{table.name}/{row.id}"
        emb = Embargo(
            row,
            countries(row.get("countries"), f"{where}.countries"),
            regions(row.get("regions"), f"{where}.regions"),
            Lexicon.build(str_list(row.get("address_terms"), f"{where}.address_terms"), window=0),
        )
        if not (emb.countries or emb.regions or emb.address.terms):
            raise ValueError(f"{where}: an embargo needs countries, regions or address_terms")
        out.append(emb)
    return out


@dataclass(frozen=True, slots=True)
class EmbargoCheck:
    name: str
    embargoes: tuple[Embargo, ...] = field(repr=False)
    reasons: ReasonFactory = field(repr=False)

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        out: list[Reason] = []
        folded: dict[str, FoldedText] = {}
        for place in places(event):
            for emb in self.embargoes:
                name = emb.row.get("name", emb.row.id)
                if place.country and place.country in emb.countries:
                    out.append(self.reasons.reason(
                        emb.row, f"{place.where} country {place.country} is under {name}",
                        where=place.where, matched={"country": place.country}))
                if place.region and place.region in emb.regions:
                    out.append(self.reasons.reason(
                        emb.row, f"{place.where} region {place.region} is under {name}",
                        where=place.where, matched={"region": place.region}))
                if place.party is not None and place.party.address and emb.address.terms:
                    text = folded.get(place.where)
                    if text is None:
                        text = folded[place.where] = FoldedText.of(place.party.address)
                    hits = emb.address.find(text)
                    if hits:
                        out.append(self.reasons.reason(
                            emb.row, f"{place.where} address names {', '.join(hits)} ({name})",
                            where=place.where, matched={"address": place.party.address, "terms": hits}))
        return out


def build(spec: CheckSpec, bundle: Bundle, hs: object) -> EmbargoCheck:
    return EmbargoCheck(spec.id, tuple(_embargoes(spec, bundle)), ReasonFactory(spec, bundle))
