"""The compiled (mypyc) party-matching hot path: same results as the sources, and never stale.

``setup.py`` compiles the hot path when it can; ``lists/_native.py`` picks, per process,
the compiled modules or their sources (``TRADESCREEN_PURE=1``, or a source changed
since it was compiled).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from lists import _native
from lists.parties.index import Snapshot
from stream.settings import REPO_ROOT
from tests.conftest import LISTS_CACHE

HOT_PATH = ("lists.names.scripts", "lists.names.transliterate", "lists.names.tokens",
            "lists.names.legal_forms", "lists.names.normalize", "lists.parties.matcher")


def _start(code: str, *, pure: bool) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != _native.ENV_PURE}
    if pure:
        env[_native.ENV_PURE] = "1"
    return subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _output(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def _run(code: str, *, pure: bool) -> str:
    return _output(_start(code, pure=pure))


def test_setup_compiles_the_modules_this_test_knows():
    setup_py = (REPO_ROOT / "setup.py").read_text(encoding="utf-8")
    for module in HOT_PATH:
        assert f'"{module.replace(".", "/")}.py"' in setup_py, module


def test_the_hot_path_is_compiled_wherever_it_can_be():
    """A hot-path change mypyc cannot compile (or a C build failure) must not slip by as a
    slower pure-Python install: only a missing compiler or the pure switch justify one."""
    try:
        record = json.loads(_native.MANIFEST.read_text(encoding="utf-8"))
    except OSError:
        pytest.skip("not installed through setup.py")
    reason = str(record.get("reason") or "")
    if reason.startswith(("no C compiler", _native.ENV_PURE)):
        pytest.skip(f"pure-Python build: {reason}")
    assert record.get("modules"), reason


def test_pure_switch_imports_every_source():
    out = _run("import importlib, json; print(json.dumps([importlib.import_module(m).__file__ for m in "
               f"{HOT_PATH!r}]))", pure=True)
    assert all(f.endswith(".py") for f in json.loads(out)), out


def _package(tmp_path: Path, source: str = "X = 1\n", **record: object) -> tuple[Path, Path]:
    """A fake compiled tree: a source, its (empty) extension file and the build record."""
    package = tmp_path / "lists"
    (package / "parties").mkdir(parents=True)
    (package / "parties" / "matcher.py").write_text(source, encoding="utf-8")
    (package / "parties" / f"matcher{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    manifest = package / "_native.json"
    digest = hashlib.sha256(source.encode()).hexdigest()
    manifest.write_text(json.dumps({"modules": {"lists.parties.matcher": digest}, "compiler": "mypyc", **record}))
    return package, manifest


def test_a_current_build_record_keeps_the_compiled_modules(tmp_path: Path):
    package, manifest = _package(tmp_path, library="json")  # (any importable top-level module)
    build = _native.decide(manifest, package, environ={})
    assert build.compiled and not build.bypass


def test_an_incomplete_compiled_build_is_not_half_loaded(tmp_path: Path):
    package, manifest = _package(tmp_path, library="no_such_library__mypyc")
    build = _native.decide(manifest, package, environ={})
    assert build.bypass and build.warn and "no_such_library__mypyc missing" in build.reason
    (tmp_path / "other").mkdir()
    package, manifest = _package(tmp_path / "other")
    (package / "parties" / f"matcher{EXTENSION_SUFFIXES[0]}").unlink()
    build = _native.decide(manifest, package, environ={})
    assert build.bypass and build.warn and "lists.parties.matcher missing" in build.reason


def test_a_changed_source_is_imported_instead_of_its_stale_compiled_module(tmp_path: Path):
    package, manifest = _package(tmp_path)
    (package / "parties" / "matcher.py").write_text("X = 2\n", encoding="utf-8")
    build = _native.decide(manifest, package, environ={})
    assert not build.compiled and build.bypass and build.warn
    assert "lists.parties.matcher changed since compiled" in build.reason
    spec = _native.SourcesFirst(build.modules, package).find_spec("lists.parties.matcher")
    assert spec is not None and spec.origin == str(package / "parties" / "matcher.py")
    assert _native.SourcesFirst(build.modules, package).find_spec("lists.parties.index") is None


def test_the_environment_switch_and_a_pure_build_record(tmp_path: Path):
    package, manifest = _package(tmp_path)
    build = _native.decide(manifest, package, environ={_native.ENV_PURE: "1"})
    assert build.bypass and not build.warn and not build.compiled
    manifest.write_text(json.dumps({"modules": {}, "reason": "no working C compiler"}))
    build = _native.decide(manifest, package, environ={})
    assert not build.compiled and not build.bypass and build.reason == "no working C compiler"
    build = _native.decide(tmp_path / "missing.json", package, environ={})
    assert not build.compiled and not build.bypass


_SCREEN = """
import csv, json, sys
from lists.names import normalize_name
from lists.parties.index import read_snapshot
from lists.parties.matcher import Matcher
rows = [r for r in csv.DictReader(l for l in open("benchmarks/data/name_cases.csv", encoding="utf-8")
                                  if not l.startswith("#"))]
rows = rows[::7]  # every kind, scripts and evasion of the bench, a seventh of it
matcher = Matcher(read_snapshot(sys.argv[1]))
out = []
for r in rows:
    norm = normalize_name(r["query"], r["schema"] or None)
    found = matcher.match_name(r["query"], schema=r["schema"] or None, country=r["country"] or None,
                               threshold=0.5, top=5)
    out.append([norm.latin, norm.tokens, [f.id for f in norm.legal_forms], norm.scripts,
                [[m.entity_id, m.score, m.explanation] for m in found]])
print(json.dumps(out, sort_keys=True, default=str))
"""


def test_compiled_and_pure_builds_screen_alike(snapshot: Snapshot):
    if not _native.install().compiled:
        pytest.skip(f"pure-Python build ({_native.install().reason})")
    assert LISTS_CACHE.is_file()  # written by the session snapshot fixture
    files = _run("import lists.parties.matcher as m, lists.names.tokens as t; print(m.__file__, t.__file__)",
                 pure=False).split()
    assert not any(f.endswith(".py") for f in files), files
    code = f"import sys; sys.argv[1:] = [{str(LISTS_CACHE)!r}]\n" + _SCREEN
    compiled, pure = _start(code, pure=False), _start(code, pure=True)
    assert _output(compiled) == _output(pure)
