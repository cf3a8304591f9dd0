"""UNRESOLVED_HS_CODE: every goods line must resolve to an HS subheading, or the event is held.

HS-based rules (item bans, catch-all scope, CHPL) cannot say anything about a
line they cannot classify, so silence would be a RELEASE by omission. This
check makes the gap explicit: each unresolvable line is a reason, and so is a
goods event with no lines at all. Chapters the bundle marks as non-classifying
(Comtrade's ``99`` "commodities not specified according to kind") resolve in
the nomenclature but say nothing about the goods, so they are held too.
Technology-transfer events carry no goods and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from lists.hs import HsNomenclature, HsResolution
from lists.rules.bundle import Bundle, CheckSpec
from lists.rules.common import GOODS_EVENT_TYPES, ParamError, event_types, line_ref, param, str_list
from stream.core import Enrichment
from stream.models import Event, Reason, ReasonCode, Severity


@dataclass(frozen=True, slots=True)
class HsResolutionCheck:
    name: str
    spec: CheckSpec = field(repr=False)
    bundle: Bundle = field(repr=False)
    hs: HsNomenclature = field(repr=False)
    types: frozenset[str]
    non_classifying: frozenset[str]

    def _reason(self, detail: str, **facts: object) -> Reason:
        return Reason(
            ReasonCode(self.spec.code), f"{self.spec.id}/{facts.get('where', 'event')}", Severity(self.spec.severity),
            detail,
            {**facts,
             "data_row": {"table": "hs_nomenclature", "id": self.hs.version, "edition": self.hs.edition,
                          "file": str(self.bundle.nomenclature.file if self.bundle.nomenclature else "")},
             "legal_basis": str(param(self.spec, "legal_basis")), "bundle": self.bundle.version},
        )

    def __call__(self, event: Event, enrichment: Enrichment) -> Iterable[Reason]:
        if event.event_type.value not in self.types:
            return ()
        if not event.items:
            return [self._reason("goods event declares no lines: nothing can be classified or screened",
                                 where="items")]
        out: list[Reason] = []
        for it in event.items:
            res = self.hs.resolve(it.hs_code)
            where = line_ref(it.line)
            if not res:
                out.append(self._reason(f"line {it.line}: {res.reason}", where=where, line=it.line,
                                        declared=it.hs_code))
            elif res.chapter.code in self.non_classifying:
                out.append(self._reason(
                    f"line {it.line}: HS {res.code6} ({res.subheading.description}) does not classify the goods",
                    where=where, line=it.line, declared=it.hs_code, hs6=res.code6))
        return out

    def explain_hs(self, res: HsResolution) -> list[dict[str, object]]:
        if res.chapter.code not in self.non_classifying:
            return []
        return [{"check": self.name, "code": self.spec.code, "row": "non_classifying_chapter",
                 "matched_prefix": res.chapter.code, "name": "chapter does not classify goods: always held",
                 "legal_basis": str(param(self.spec, "legal_basis"))}]


def build(spec: CheckSpec, bundle: Bundle, hs: HsNomenclature | None) -> HsResolutionCheck:
    if hs is None:
        raise ParamError("hs_resolution needs the HS nomenclature (bundle.yaml: nomenclature)")
    param(spec, "legal_basis")
    chapters = frozenset(str_list(param(spec, "non_classifying_chapters", []), f"{spec.id}.non_classifying_chapters"))
    return HsResolutionCheck(spec.id, spec, bundle, hs, event_types(spec, GOODS_EVENT_TYPES), chapters)

