"""Explain an HS code against a bundle: its nomenclature entry and every rule whose data names it.

Generic over bundles: any check object with an ``explain_hs(resolution)``
method contributes the rows that cover the code, so a new regime's HS-based
tables show up here without code changes.
"""

from __future__ import annotations

from typing import Any, Sequence

from lists.hs import HsNomenclature


def explain_hs(code: str, hs: HsNomenclature, checks: Sequence[Any]) -> dict[str, Any]:
    res = hs.resolve(code)
    if not res:
        return {"declared": code, "resolved": False, "reason": res.reason,
                "rules": [{"code": "UNRESOLVED_HS_CODE", "name": "a line with this code is held (fail closed)"}]}
    rules: list[dict[str, Any]] = []
    for check in checks:
        explain = getattr(check, "explain_hs", None)
        if explain is not None:
            rules.extend(explain(res))
    section = res.chapter.section
    return {"declared": code, "resolved": True, **res.to_json(),
            "section": {"code": section, "name": hs.sections.get(section, "")},
            "nomenclature": hs.version, "rules": rules}
