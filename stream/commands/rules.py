"""``tradescreen rules``: inspect the loaded rule bundle, explain an HS code, validate a bundle.

    tradescreen rules [show]            version, sources, dates, row counts, checks
    tradescreen rules hs 8542.31        description and every list/rule the code falls under
    tradescreen rules validate DIR      exit 1 and list every problem if the bundle is unusable

``--bundle`` picks another bundle directory (default: ``TRADESCREEN_RULES_BUNDLE``
or the built-in ``lists/regimes/jp_fefta``); ``--json`` prints machine-readable output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="show the rule bundle, explain an HS code, validate a bundle",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bundle", type=Path, help="rule bundle directory (default: settings / built-in jp_fefta)")
    p.add_argument("--json", action="store_true", help="print JSON")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION")
    show = rsub.add_parser("show", help="bundle version, sources, dates, counts (default)")
    hs = rsub.add_parser("hs", help="explain one HS code")
    hs.add_argument("code", help="declared HS code, e.g. 8542.31 or 854231000")
    val = rsub.add_parser("validate", help="validate a bundle directory (or its bundle.yaml)")
    val.add_argument("path", type=Path, nargs="?", help="bundle directory (default: --bundle or the default)")
    for action in (show, hs, val):  # the options work after the action too (SUPPRESS keeps the parent's value)
        action.add_argument("--bundle", type=Path, default=argparse.SUPPRESS, help="rule bundle directory")
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    p.set_defaults(func=run)


def _bundle_path(args: argparse.Namespace) -> Path:
    if args.bundle:
        return args.bundle
    try:
        from stream.settings import Settings

        return Path(Settings.from_env().rules_bundle)
    except Exception:  # noqa: BLE001 - settings are optional for this command
        from lists.rules.bundle import DEFAULT_BUNDLE

        return DEFAULT_BUNDLE


def _print(obj: Any, as_json: bool, text: str) -> None:
    sys.stdout.write((json.dumps(obj, ensure_ascii=False, indent=2) if as_json else text) + "\n")


def _show(args: argparse.Namespace) -> int:
    from lists.hs import load_hs_for_bundle
    from lists.rules import load_bundle

    bundle = load_bundle(_bundle_path(args))
    info = bundle.describe()
    hs = load_hs_for_bundle(bundle)
    info["nomenclature_loaded"] = {"version": hs.version, **hs.counts()}
    lines = [f"bundle   {bundle.version}", f"title    {bundle.title}", f"reflects {bundle.reflects}",
             f"path     {bundle.path}", f"HS       {hs.version} ({hs.counts()['subheadings']} subheadings)", "",
             "tables:"]
    for t in bundle.tables.values():
        lines.append(f"  {t.name:<22} {len(t.rows):>4} rows  reflects {t.reflects:<10}  v{t.version}  ({t.file})")
        lines.append(f"  {'':<22} source: {' '.join(t.source.split())[:160]}")
    lines += ["", "checks:"]
    for c in bundle.checks:
        lines.append(f"  {c.id:<24} {c.type:<20} {c.code:<24} {c.severity}")
    _print(info, args.json, "\n".join(lines))
    return 0


def _hs(args: argparse.Namespace) -> int:
    from lists.hs import load_hs_for_bundle
    from lists.rules import build_checks, load_bundle
    from lists.rules.explain import explain_hs

    bundle = load_bundle(_bundle_path(args))
    hs = load_hs_for_bundle(bundle)
    info = explain_hs(args.code, hs, build_checks(bundle, hs))
    info["bundle"] = bundle.version
    if not info["resolved"]:
        _print(info, args.json, f"{args.code}: UNRESOLVED — {info['reason']}\n  a line declaring it is held "
                                "(UNRESOLVED_HS_CODE)")
        return 1
    lines = [f"{args.code} → HS {info['hs6']}"
             + (f" (national extension {info['national_extension']})" if info["national_extension"] else ""),
             f"  section    {info['section']['code']}: {info['section']['name']}",
             f"  chapter    {info['chapter']['code']}: {info['chapter']['description']}",
             f"  heading    {info['heading']['code']}: {info['heading']['description']}",
             f"  subheading {info['subheading']['code']}: {info['subheading']['description']}", "",
             f"rules in {bundle.version}:" if info["rules"] else f"no HS-based rule of {bundle.version} names it "
             "(list control, embargoes and technology rules do not depend on HS)"]
    for r in info["rules"]:
        lines.append(f"  {r['code']:<24} {r['check']}/{r['row']} (prefix {r['matched_prefix']}): {r.get('name')}")
        if r.get("applies_when"):
            lines.append(f"  {'':<24} when: {r['applies_when']}")
        lines.append(f"  {'':<24} legal basis: {r['legal_basis']}")
    _print(info, args.json, "\n".join(lines))
    return 0


def _validate(args: argparse.Namespace) -> int:
    from lists.rules import load_bundle, validate_bundle

    path = args.path or _bundle_path(args)
    problems = validate_bundle(path)
    if problems:
        _print({"path": str(path), "valid": False, "problems": problems}, args.json,
               f"INVALID {path}\n" + "\n".join(f"  - {p}" for p in problems))
        return 1
    bundle = load_bundle(path)
    _print({"path": str(path), "valid": True, "version": bundle.version,
            "tables": len(bundle.tables), "checks": len(bundle.checks)}, args.json,
           f"OK {bundle.version}: {len(bundle.tables)} tables, {len(bundle.checks)} checks")
    return 0


def run(args: argparse.Namespace) -> int:
    from lists.hs import NomenclatureError
    from lists.rules import BundleError

    action = getattr(args, "rules_command", None) or "show"
    try:
        return {"show": _show, "hs": _hs, "validate": _validate}[action](args)
    except (BundleError, NomenclatureError) as exc:
        sys.stderr.write(f"tradescreen rules: {exc}\n")
        return 1
