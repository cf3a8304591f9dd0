"""Rule families by ``type`` name, and ``build_checks(bundle, hs)``.

The only place where a manifest ``type`` string meets code. A rule family is a
module with ``build(spec, bundle, hs) -> Check``; building parses and checks
the parameters and tables it reads, so validating a bundle is simply building
every check and collecting what went wrong.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from lists.rules.bundle import Bundle, BundleError
from lists.rules.common import validate_code_and_severity

if TYPE_CHECKING:
    from lists.hs import HsNomenclature
    from stream.core import Check

FAMILIES: dict[str, str] = {
    "embargo": "lists.rules.embargo",
    "hs_resolution": "lists.rules.hs_resolution",
    "item_ban": "lists.rules.item_ban",
    "list_control": "lists.rules.list_control",
    "catch_all": "lists.rules.catch_all",
    "technology_transfer": "lists.rules.technology",
    "diversion": "lists.rules.diversion",
}
"""Rule family name (manifest ``checks[].type``) → module implementing it."""


def _family(type_name: str) -> Any:
    module = FAMILIES.get(type_name)
    if module is None:
        raise KeyError(f"unknown rule family {type_name!r} (known: {', '.join(sorted(FAMILIES))})")
    return importlib.import_module(module)


def _nomenclature(bundle: Bundle, hs: "HsNomenclature | None") -> "HsNomenclature | None":
    if hs is not None or bundle.nomenclature is None:
        return hs
    from lists.hs import load_hs_for_bundle

    return load_hs_for_bundle(bundle)


def _build_all(bundle: Bundle, hs: "HsNomenclature | None") -> tuple[list["Check"], list[str]]:
    problems: list[str] = []
    checks: list[Check] = []
    try:
        hs = _nomenclature(bundle, hs)
    except Exception as exc:  # noqa: BLE001 - reported as a bundle problem
        problems.append(f"nomenclature: {exc}")
        hs = None
    for spec in bundle.checks:
        spec_problems = validate_code_and_severity(spec)
        if spec_problems:
            problems.extend(spec_problems)
            continue
        try:
            checks.append(_family(spec.type).build(spec, bundle, hs))
        except Exception as exc:  # noqa: BLE001 - every problem is collected, none is fatal here
            problems.append(f"check {spec.id} ({spec.type}): {type(exc).__name__}: {exc}")
    return checks, problems


def validate_checks(bundle: Bundle, hs: "HsNomenclature | None" = None) -> list[str]:
    return _build_all(bundle, hs)[1]


def build_checks(bundle: Bundle, hs: "HsNomenclature | None" = None) -> list["Check"]:
    """The ``Check`` objects for ``Screener(checks=...)``, in manifest order.

    ``hs`` defaults to the nomenclature the bundle pins (loaded once, cached).
    Raises ``BundleError`` rather than return a partial rule set.
    """
    checks, problems = _build_all(bundle, hs)
    if problems:
        raise BundleError(bundle.path, problems)
    return checks
