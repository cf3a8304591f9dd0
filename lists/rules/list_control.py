"""LICENSE_REQUIRED: a line declaring a control-list item (ETCO Appended Table 1 items 1-15) without a licence.

List control applies to every destination, Group A included; only a licence
number lifts it. An entry the control-list table cannot read is treated as
possibly listed (fail closed). Goods events only: technology is the
TECHNOLOGY_TRANSFER check's business, because there the recipient matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lists.rules.bundle import Bundle, CheckSpec, Row
from lists.rules.common import GOODS_EVENT_TYPES, ReasonFactory, event_types, line_ref, param
from lists.rules.control_list import ControlList, control_list
from stream.core import Enrichment
from stream.models import Event, Reason


@dataclass(frozen=True, slots=True)
class ListControlCheck:
    name: str
    controls: ControlList = field(repr=False)
    reasons: ReasonFactory = field(repr=False)
    types: frozenset[str]
    field_name: str

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        if event.event_type.value not in self.types:
            return ()
        out: list[Reason] = []
        for it in event.items:
            declared = getattr(it, self.field_name)
            entry = self.controls.read(declared)
            if entry is None or entry.listed is False or self.controls.has_licence(it.license_no):
                continue
            where = line_ref(it.line)
            licence = f" (licence field {it.license_no!r} is not a licence number)" if it.license_no else ""
            if entry.row is not None:
                out.append(self.reasons.reason(
                    entry.row,
                    f"line {it.line}: {self.field_name} {declared!r} is {self.controls.table.name} "
                    f"item {entry.row.get('item')} ({entry.row.get('name')}); no licence{licence}",
                    where=where, line=it.line, declared=declared, license_no=it.license_no))
            else:
                out.append(self.reasons.reason(
                    _unrecognised_row(self.controls),
                    f"line {it.line}: {self.field_name} {declared!r} is not a recognised entry of "
                    f"{self.controls.table.name} nor a 'not listed' marker; held as possibly listed{licence}",
                    where=where, line=it.line, declared=declared, license_no=it.license_no))
        return out


def _unrecognised_row(controls: ControlList) -> Row:
    return Row(controls.table.name, "unrecognised_entry", controls.table.legal_basis,
               {"name": "declared entry not recognised (fail closed)"})


def build(spec: CheckSpec, bundle: Bundle, hs: object) -> ListControlCheck:
    controls = control_list(bundle.table(str(param(spec, "table"))))
    field_name = str(param(spec, "field", "control_list_item"))
    if field_name not in ("control_list_item", "eccn"):
        raise ValueError(f"check {spec.id}: field must be control_list_item or eccn")
    return ListControlCheck(spec.id, controls, ReasonFactory(spec, bundle), event_types(spec, GOODS_EVENT_TYPES),
                            field_name)
