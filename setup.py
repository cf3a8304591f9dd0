"""Build step: compile the party-matching hot path with mypyc when this machine can.

``pip install [-e] .`` (what ``make install``, ``make test`` and ``make demo`` run) calls
this through setuptools. With a C compiler and the Python headers, the modules of
``HOT_PATH`` are compiled by mypyc into C extensions that sit next to their sources
(one shared library, ``tradescreen_native__mypyc``, plus a small shim per module):
same code, same results, screening ~1.3x faster. Without them, with mypyc unable to
compile the sources, or with ``TRADESCREEN_PURE=1``, the package installs as pure
Python. Either way the install succeeds, and ``lists/_native.json`` records which build
it is and why: ``lists._native.status()`` says it in one line (``make`` prints it after
installing), and ``lists/_native.py`` makes sure compiled code never outlives its source.

mypy (mypyc) is a build requirement only (``[build-system] requires``): the compiled
modules need nothing at run time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent

HOT_PATH = (
    "lists/names/scripts.py",
    "lists/names/transliterate.py",
    "lists/names/tokens.py",
    "lists/names/legal_forms.py",
    "lists/names/places.py",
    "lists/names/normalize.py",
    "lists/parties/matcher.py",
)
"""Compiled together: calls between them are direct C calls. Keep in step with the Makefile."""

GROUP = "tradescreen_native"
"""The shared library holding the compiled code (``tradescreen_native__mypyc``). It is a
top-level module: mypyc derives each module's ``__file__`` from its location."""

MANIFEST = "lists/_native.json"
ENV_PURE = "TRADESCREEN_PURE"

MYPY_OPTIONS = (
    # Modules imported by the hot path are type-checked for their types, not reported on.
    "--follow-imports=silent",
    # Third-party packages are not installed in the isolated build environment: Any.
    "--ignore-missing-imports",
)


def _module(path: str) -> str:
    return path[: -len(".py")].replace("/", ".")


def _say(message: str) -> None:
    print(f"tradescreen: {message}", file=sys.stderr, flush=True)


def _extensions() -> list[Extension]:
    """The extensions mypyc makes of ``HOT_PATH``, by name; ``BuildHotPath`` fills them in."""
    return [Extension(f"{GROUP}__mypyc", sources=[])] + [Extension(_module(p), sources=[]) for p in HOT_PATH]


class BuildHotPath(build_ext):
    """``build_ext`` that compiles ``HOT_PATH`` with mypyc, or falls back to pure Python.

    mypyc type-checks and generates the C code when the build runs (a few seconds), not
    when setup.py is read (pip reads it several times per install); its extensions then
    take the place of the same-named ones declared in ``setup()``, which setuptools has
    already set up.
    """

    def run(self) -> None:
        started = time.monotonic()
        digests = {_module(p): _sha256(ROOT / p) for p in HOT_PATH}  # what mypyc is about to read
        inplace = self.inplace  # (setuptools clears it while building)
        reason = self._why_pure() or self._mypycify()
        if reason is None:
            try:
                super().run()
            except Exception as exc:  # noqa: BLE001 - any compiler/linker failure: pure Python
                reason = f"the C build failed ({_failure(exc)}; `pip install -v` shows why)"
                self.inplace = inplace
        record: dict[str, object]
        if reason is None:
            record = {
                "modules": digests,
                "library": f"{GROUP}__mypyc",
                "compiler": f"mypyc (mypy {_mypy_version()})",
                "build_seconds": round(time.monotonic() - started, 1),
            }
            _say(f"compiled the party-matching hot path with mypyc ({len(HOT_PATH)} modules, "
                 f"{record['build_seconds']} s)")
        else:
            self.extensions = self.distribution.ext_modules = []
            record = {"modules": {}, "reason": reason}
            _say(f"installing the party-matching hot path as pure Python: {reason}")
            if inplace:
                self._remove_compiled_modules()
        target = ROOT if inplace else Path(self.build_lib)
        (target / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
        (target / MANIFEST).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    def _why_pure(self) -> str | None:
        """None when mypyc can build here, else the reason it cannot."""
        if os.environ.get(ENV_PURE, "") not in ("", "0"):
            return f"{ENV_PURE} is set"
        try:
            import mypyc.build  # noqa: F401
        except ImportError as exc:
            return f"mypyc is not installed ({exc})"
        # A one-line C file against Python.h: the compiler and the headers, in a fraction
        # of a second, before mypyc spends its seconds.
        from distutils.ccompiler import new_compiler
        from distutils.sysconfig import customize_compiler, get_python_inc

        compiler = new_compiler()
        customize_compiler(compiler)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                probe = Path(tmp) / "probe.c"
                probe.write_text("#include <Python.h>\nint main(void) { return 0; }\n", encoding="ascii")
                compiler.compile([str(probe)], output_dir=tmp, include_dirs=[get_python_inc()])
        except Exception as exc:  # noqa: BLE001 - CompileError, missing executable, ...
            return (f"no C compiler that builds against Python.h ({_failure(exc)}); "
                    "Debian: apt-get install gcc python3-dev")
        return None

    def _mypycify(self) -> str | None:
        """Generate the C code into the declared extensions; None when done, else why not."""
        from mypyc.build import mypycify

        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                generated = mypycify([*MYPY_OPTIONS, *HOT_PATH], opt_level="3", debug_level="1",
                                     group_name=GROUP)
        except (Exception, SystemExit) as exc:  # mypyc exits on type errors
            errors = [line for line in output.getvalue().splitlines() if "error" in line]
            detail = errors[0] if errors else _first_line(exc)
            return f"mypyc cannot compile the sources ({detail}; {len(errors)} error(s))"
        by_name = {ext.name: ext for ext in generated}
        if sorted(by_name) != sorted(ext.name for ext in self.extensions):
            return f"mypyc made other extensions than expected ({', '.join(sorted(by_name))})"
        for ext in self.extensions:
            for key, value in vars(by_name[ext.name]).items():
                if key not in ("_full_name", "_links_to_dynamic", "_needs_stub", "_file_name"):
                    setattr(ext, key, value)  # sources, flags, include dirs; not setuptools' own
        return None

    def _remove_compiled_modules(self) -> None:
        """A pure build must not leave an earlier build's extensions shadowing the sources."""
        stems = [ROOT / p[: -len(".py")] for p in HOT_PATH] + [ROOT / f"{GROUP}__mypyc"]
        for stem in stems:
            for suffix in EXTENSION_SUFFIXES:
                stem.with_name(stem.name + suffix).unlink(missing_ok=True)


def _failure(exc: BaseException) -> str:
    """A compiler failure in a few words (its own messages are in the build log)."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, subprocess.CalledProcessError):
        command = [str(a) for a in cause.cmd] if isinstance(cause.cmd, (list, tuple)) else str(cause.cmd).split()
        source = next((a for a in command if a.endswith(".c")), None)
        return f"{command[0]} exited with status {cause.returncode}" + (f" on {source}" if source else "")
    if isinstance(cause, OSError):
        return f"{cause.filename or ''}: {cause.strerror or cause}".lstrip(": ")
    return _first_line(exc)[:160]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mypy_version() -> str:
    try:
        from mypy.version import __version__
    except ImportError:
        return "?"
    return __version__


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildHotPath})
