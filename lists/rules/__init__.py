"""Rules as data: load a regime bundle (``lists/regimes/<id>/``) and build the checks it declares.

Public API::

    bundle = load_bundle(path)          # validated Bundle; bundle.version is the rules_version
    checks = build_checks(bundle, hs)   # list of Check objects for stream.core.Screener
    problems = validate_bundle(path)    # [] when the bundle is usable
"""

from lists.rules.bundle import DEFAULT_BUNDLE, Bundle, BundleError, load_bundle, validate_bundle
from lists.rules.registry import FAMILIES, build_checks

__all__ = ["DEFAULT_BUNDLE", "FAMILIES", "Bundle", "BundleError", "build_checks", "load_bundle", "validate_bundle"]
