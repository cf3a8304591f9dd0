"""CATCH_ALL_WMD and CATCH_ALL_CONVENTIONAL: non-list goods in the catch-all HS scope, by destination and end use.

One family, two manifest entries. A line is in scope when its HS chapter is in
the scope table, it is not itself a declared list item (list control covers
those) and it carries no licence. The *destination test* looks at the
destination country and the end user's country (goods end where the end user
is): with ``exempt_group`` set (WMD catch-all), the check applies when any of
them is outside that group (Group A); with ``applies_to_group`` set
(conventional catch-all), when any of them is inside it (Table 3-2). The
*end-use test* fires on any of: a party in ``party_roles`` matched to a list in
``party_lists`` (METI End User List), a declared end-use category in
``declared_categories``, or a lexicon term of ``lexicon_categories`` in the
end-use text. All triggers found are listed, one reason per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from lists.hs import HsNomenclature, HsResolution
from lists.rules.bundle import Bundle, CheckSpec, Row
from lists.rules.common import (
    GOODS_EVENT_TYPES, ParamError, ReasonFactory, countries, event_types, group_countries, line_ref, param, str_list,
)
from lists.rules.control_list import ControlList, chapter_ranges, control_list
from lists.rules.textmatch import FoldedText, Lexicon
from stream.core import Enrichment
from stream.models import Event, Reason


@dataclass(frozen=True, slots=True)
class LexiconRow:
    row: Row
    lexicon: Lexicon


def lexicon_rows(bundle: Bundle, table_name: str, categories: Iterable[str]) -> tuple[LexiconRow, ...]:
    """Rows of an end-use lexicon table in the given categories, with the table's negation row applied."""
    table = bundle.table(table_name)
    wanted = frozenset(categories)
    negations: list[str] = []
    for row in table.rows:
        if row.get("category") == "negation":
            negations.extend(str_list(row.get("terms"), f"{table.name}/{row.id}.terms"))
    out = []
    for row in table.rows:
        if row.get("category") in wanted:
            where = f"{table.name}/{row.id}"
            out.append(LexiconRow(row, Lexicon.build(str_list(row.get("terms"), f"{where}.terms"), negations,
                                                     exclusions=str_list(row.get("exclude_terms"), where))))
    missing = wanted - {r.row.get("category") for r in out}
    if missing:
        raise ParamError(f"{table.name}: no lexicon rows for categories {sorted(missing)}")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CatchAllCheck:
    name: str
    scope_row: Row = field(repr=False)
    chapters: frozenset[str] = field(repr=False)
    group_row: Row = field(repr=False)
    group: frozenset[str] = field(repr=False)
    group_is_exempt: bool
    home: frozenset[str]
    party_roles: frozenset[str]
    party_lists: frozenset[str]
    declared: frozenset[str]
    lexicon: tuple[LexiconRow, ...] = field(repr=False)
    controls: ControlList | None = field(repr=False)
    hs: HsNomenclature = field(repr=False)
    reasons: ReasonFactory = field(repr=False)
    types: frozenset[str]

    def _destinations(self, event: Event) -> list[dict[str, str]]:
        places = [("destination_country", event.destination_country)]
        if event.end_user is not None and event.end_user.country:
            places.append(("end_user", event.end_user.country))
        out = []
        for where, country in places:
            c = (country or "").upper()
            if not c or c in self.home:
                continue
            if (c not in self.group) if self.group_is_exempt else (c in self.group):
                out.append({"where": where, "country": c})
        return out

    def _triggers(self, event: Event, enrichment: Enrichment) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for p in event.parties():
            if p.role not in self.party_roles:
                continue
            for match in enrichment.party_matches.get(p.ref, ()):
                if match.list_id in self.party_lists:
                    found.append({"trigger": "listed_party", "where": p.ref, "list": match.list_id,
                                  "list_name": match.list_name, "entity": match.name, "entity_id": match.entity_id,
                                  "score": round(match.score, 4), "programs": list(match.programs)})
        eu = event.end_use
        if eu is not None and (eu.category or "") in self.declared:
            found.append({"trigger": "declared_end_use", "category": eu.category})
        if eu is not None and eu.text:
            text = FoldedText.of(eu.text)
            for lex in self.lexicon:
                hits = lex.lexicon.find(text)
                if hits:
                    found.append({"trigger": "end_use_text", "terms": hits, "lexicon_row": lex.row.id,
                                  "lexicon_legal_basis": lex.row.legal_basis})
        return found

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        if event.event_type.value not in self.types:
            return ()
        dests = self._destinations(event)
        if not dests:
            return ()
        lines = []
        for it in event.items:
            if self.controls is not None and it.license_no and self.controls.has_licence(it.license_no):
                continue
            if self.controls is not None:
                entry = self.controls.read(it.control_list_item)
                if entry is not None and entry.listed is not False:
                    continue  # list item: LICENSE_REQUIRED's business
            res = self.hs.resolve(it.hs_code)
            if res and res.chapter.code in self.chapters:
                lines.append((it, res))
        if not lines:
            return ()
        triggers = self._triggers(event, enrichment)
        if not triggers:
            return ()
        kinds = sorted({t["trigger"] for t in triggers})
        group_name = self.group_row.get("name", self.group_row.id)
        dest_text = ", ".join(f"{d['where']}={d['country']}" for d in dests)
        relation = "outside" if self.group_is_exempt else "in"
        out = []
        for it, res in lines:
            out.append(self.reasons.reason(
                self.scope_row,
                f"line {it.line}: HS {res.code6} (chapter {res.chapter.code}) is in catch-all scope, "
                f"{dest_text} {relation} {group_name}, end-use trigger: {', '.join(kinds)}",
                where=line_ref(it.line), line=it.line, hs6=res.code6, chapter=res.chapter.code,
                destinations=dests,
                destination_group={"id": self.group_row.id, "name": group_name,
                                   "relation": relation, "legal_basis": self.group_row.legal_basis},
                triggers=triggers))
        return out

    def explain_hs(self, res: HsResolution) -> list[dict[str, object]]:
        if res.chapter.code not in self.chapters:
            return []
        relation = "outside" if self.group_is_exempt else "in"
        return [{"check": self.name, "code": self.reasons.spec.code, "row": self.scope_row.id,
                 "matched_prefix": res.chapter.code, "name": self.scope_row.get("name"),
                 "applies_when": f"destination or end user {relation} {self.group_row.get('name')} "
                                 f"and an end-use trigger",
                 "legal_basis": self.scope_row.legal_basis}]


def build(spec: CheckSpec, bundle: Bundle, hs: HsNomenclature | None) -> CatchAllCheck:
    if hs is None:
        raise ParamError("catch_all needs the HS nomenclature")
    scope_table = bundle.table(str(param(spec, "scope_table")))
    scope_row = scope_table.row(str(param(spec, "scope_row", scope_table.rows[0].id)))
    chapters = chapter_ranges(str_list(scope_row.get("hs_chapters"), f"{scope_table.name}.hs_chapters"),
                              scope_table.name)
    groups = str(param(spec, "groups_table"))
    exempt = param(spec, "exempt_group", None)
    applies = param(spec, "applies_to_group", None)
    if (exempt is None) == (applies is None):
        raise ParamError(f"check {spec.id}: set exactly one of exempt_group / applies_to_group")
    group_id = str(exempt if exempt is not None else applies)
    group_row = bundle.table(groups).row(group_id)
    controls_name = param(spec, "control_list_table", None)
    lexicon = lexicon_rows(bundle, str(param(spec, "lexicon_table")),
                           str_list(param(spec, "lexicon_categories"), f"{spec.id}.lexicon_categories"))
    return CatchAllCheck(
        name=spec.id,
        scope_row=scope_row,
        chapters=chapters,
        group_row=group_row,
        group=group_countries(bundle, groups, group_id),
        group_is_exempt=exempt is not None,
        home=countries(param(spec, "home_countries", []), f"{spec.id}.home_countries"),
        party_roles=frozenset(str_list(param(spec, "party_roles", ["consignee", "end_user"]), spec.id)),
        party_lists=frozenset(str_list(param(spec, "party_lists", []), spec.id)),
        declared=frozenset(str_list(param(spec, "declared_categories", []), spec.id)),
        lexicon=lexicon,
        controls=control_list(bundle.table(str(controls_name))) if controls_name else None,
        hs=hs,
        reasons=ReasonFactory(spec, bundle),
        types=event_types(spec, GOODS_EVENT_TYPES),
    )
