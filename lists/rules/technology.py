"""TECHNOLOGY_TRANSFER: list technology provided to a non-resident or a specified-category resident, unlicensed.

Applies to ``technology_transfer`` events. The recipient needs a licence when
non-resident, or resident in a specified category (a/b/c, since 2022-05); an
undeclared residency is treated as non-resident (fail closed). What is
transferred is described by the event's items: each item's
``control_list_item`` is read like a goods line (list item, "not listed"
marker, or unrecognised = possibly listed). An event with no items describes no
technology at all, so for a recipient who would need a licence it is held too:
"we don't know what was shared" is not a reason to release. A plain resident
(no specified category) needs no licence and is never held by this check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lists.rules.bundle import Bundle, CheckSpec, Row
from lists.rules.common import ParamError, ReasonFactory, event_types, line_ref, param
from lists.rules.control_list import ControlList, control_list
from stream.core import Enrichment
from stream.models import Event, Reason


@dataclass(frozen=True, slots=True)
class TechnologyCheck:
    name: str
    controls: ControlList = field(repr=False)
    categories: dict[str, Row] = field(repr=False)
    reasons: ReasonFactory = field(repr=False)
    types: frozenset[str]

    def _recipient_row(self, event: Event) -> tuple[Row | None, str]:
        residency = (event.recipient_residency or "").strip().lower()
        category = (event.recipient_specified_category or "").strip().lower()
        if residency == "resident":
            if category and category in self.categories:
                return self.categories[category], f"resident in specified category {category}"
            if category:
                return self.categories["non_resident"], f"resident with unknown category {category!r} (held)"
            return None, "resident, not in a specified category"
        if residency == "non_resident":
            return self.categories["non_resident"], "non-resident"
        return self.categories["non_resident"], "recipient residency not declared (treated as non-resident)"

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        if event.event_type.value not in self.types:
            return ()
        row, who = self._recipient_row(event)
        if row is None:
            return ()
        recipient = {"residency": event.recipient_residency,
                     "specified_category": event.recipient_specified_category, "category_row": row.id}
        if not event.items:
            return [self.reasons.reason(
                row, f"technology transfer to a {who} describes no technology: cannot confirm it is not list "
                     "technology", where="items", recipient=recipient)]
        out: list[Reason] = []
        for it in event.items:
            entry = self.controls.read(it.control_list_item)
            if entry is None or entry.listed is False or self.controls.has_licence(it.license_no):
                continue
            what = (f"item {entry.row.get('item')} ({entry.row.get('name')})" if entry.row is not None
                    else f"unrecognised entry {it.control_list_item!r} (held as possibly listed)")
            out.append(self.reasons.reason(
                row, f"line {it.line}: list technology {what} provided to a {who} without a licence",
                where=line_ref(it.line), line=it.line, control_list_item=it.control_list_item,
                control_row=entry.row.id if entry.row is not None else None,
                control_legal_basis=self.controls.table.legal_basis, recipient=recipient,
                license_no=it.license_no))
        return out


def build(spec: CheckSpec, bundle: Bundle, hs: object) -> TechnologyCheck:
    controls = control_list(bundle.table(str(param(spec, "control_list_table"))))
    table = bundle.table(str(param(spec, "recipients_table")))
    categories = {str(r.get("category")).lower(): r for r in table.rows}
    if "non_resident" not in categories:
        raise ParamError(f"{table.name}: needs a row with category non_resident")
    return TechnologyCheck(spec.id, controls, categories, ReasonFactory(spec, bundle),
                           event_types(spec, ["technology_transfer"]))
