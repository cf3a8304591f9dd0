"""Which build of the party-matching hot path this process runs: compiled (mypyc) or pure.

``setup.py`` compiles the hot-path modules with mypyc when the machine can, and records
in ``lists/_native.json`` each compiled module with the SHA-256 of the source it was
compiled from (or, for a pure-Python build, why there is none). An extension module
shadows its ``.py`` sibling, so on ``import lists`` this module checks that record:

* ``TRADESCREEN_PURE=1``: the sources are imported, never the compiled modules (for
  full tracebacks, debuggers, profilers, coverage and monkeypatching);
* a source that changed since it was compiled (an edit, a pull, a branch switch), or a
  compiled build with parts missing: the sources are imported too, with a one-line
  warning, until ``make install`` compiles them again, so an edit always takes effect
  (the Makefile recompiles on its own);
* otherwise the compiled modules load, all or none (they share one library).

``lists._native.status()`` says which build is in use, in one line (``make`` prints it).

Standard library only, and cheap (it runs in every process that imports ``lists``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_native.json"
ENV_PURE = "TRADESCREEN_PURE"


class Build:
    """The decision for this process: ``compiled`` and, when not, ``reason``."""

    def __init__(self, compiled: bool, reason: str, modules: Sequence[str], bypass: bool, warn: bool) -> None:
        self.compiled = compiled
        self.reason = reason
        self.modules = tuple(modules)  # the compiled modules of the record
        self.bypass = bypass  # load their sources instead
        self.warn = warn  # bypassed for a reason worth a warning


def source_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """``lists.parties.matcher`` -> ``<package dir>/parties/matcher.py``."""
    return package_dir.joinpath(*module.split(".")[1:]).with_suffix(".py")


def decide(manifest: Path = MANIFEST, package_dir: Path = PACKAGE_DIR,
           environ: Mapping[str, str] = os.environ) -> Build:
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        modules = dict(record.get("modules") or {})
    except (OSError, ValueError, AttributeError, TypeError):
        record, modules = {}, {}
    if not modules:
        return Build(False, str(record.get("reason") or "not compiled"), (), False, False)
    if environ.get(ENV_PURE, "") not in ("", "0"):
        return Build(False, f"{ENV_PURE} is set", modules, True, False)
    changed = []
    for module, digest in modules.items():
        try:
            if hashlib.sha256(source_path(module, package_dir).read_bytes()).hexdigest() != digest:
                changed.append(module)
        except OSError:
            changed.append(module)
    if changed:
        return Build(False, f"{', '.join(changed)} changed since compiled; `make install` compiles "
                     "them again", modules, True, True)
    # All or nothing: a copy of the tree without the shared library (it sits at the top, next
    # to the packages) or without some extensions must not half-load.
    missing = [m for m in modules if not _has_extension(source_path(m, package_dir))]
    library = record.get("library")
    if isinstance(library, str) and importlib.util.find_spec(library) is None:
        missing.append(library)
    if missing:
        return Build(False, f"compiled build incomplete ({', '.join(missing)} missing); `make install` "
                     "compiles it again", modules, True, True)
    return Build(True, str(record.get("compiler") or "mypyc"), modules, False, False)


def _has_extension(source: Path) -> bool:
    stem = source.with_suffix("")
    return any(stem.with_name(stem.name + suffix).is_file() for suffix in EXTENSION_SUFFIXES)


class SourcesFirst:
    """Meta path finder: ``modules`` load from their ``.py`` sources, never their extensions."""

    def __init__(self, modules: Sequence[str], package_dir: Path = PACKAGE_DIR) -> None:
        self.modules = frozenset(modules)
        self.package_dir = package_dir

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname not in self.modules:
            return None
        return importlib.util.spec_from_file_location(fullname, source_path(fullname, self.package_dir))


_build: Build | None = None


def install() -> Build:
    """Decide once per process (``lists/__init__.py`` calls this before any hot-path import)."""
    global _build
    if _build is None:
        _build = decide()
        if _build.bypass:
            sys.meta_path.insert(0, SourcesFirst(_build.modules))
            if _build.warn:
                print(f"tradescreen: running the pure-Python matcher: {_build.reason}", file=sys.stderr)
    return _build


def status() -> str:
    """One line: the build in use (imports the hot path, so it reports what really loads)."""
    build = install()
    names = build.modules or ("lists.parties.matcher",)
    loaded = [importlib.import_module(name) for name in names]
    native = [m.__name__ for m in loaded if not str(getattr(m, "__file__", "")).endswith(".py")]
    if not native:
        return f"party matcher: pure Python ({build.reason})"
    if not build.modules:
        return "party matcher: compiled outside setup.py (no lists/_native.json: nothing checks it is current)"
    if len(native) < len(loaded):  # not through setup.py: say so rather than guess
        return f"party matcher: partly compiled ({', '.join(native)}): `make install` rebuilds it"
    return f"party matcher: compiled, {build.reason}, {len(native)} modules"
