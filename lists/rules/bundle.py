"""A regime as a data bundle: a directory of YAML tables plus a manifest that wires checks.

Layout of a bundle directory::

    bundle.yaml          manifest: id, title, version, reflects, source, nomenclature, checks
    <table>.yaml         one table per file: table, source, reflects, version, legal_basis, rows

Every table file must name its ``source`` (the legal instrument or publication),
the date it ``reflects`` and its ``version``; every row has an ``id`` and a
``legal_basis`` (inherited from the file when the row does not set one), so a
reason can cite exactly the row that fired and why it is law.

The manifest's ``checks`` list is what makes a regime data: each entry names a
rule family (``type``) implemented once in code, the reason ``code`` and
``severity`` it produces and the tables it reads. A new regime is a new
directory; no code changes (see ``tests/lists/rules/bundles/``).

``Bundle.version`` = ``<id>@<manifest version>+<sha256 of every file, 12 hex>``;
it is recorded as ``rules_version`` in every decision so a decision can be
replayed against exactly the rules that produced it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BUNDLE = REPO_ROOT / "lists" / "regimes" / "jp_fefta"
MANIFEST = "bundle.yaml"
_REQUIRED_FILE_KEYS = ("table", "source", "reflects", "version", "rows")
_REQUIRED_MANIFEST_KEYS = ("bundle", "title", "version", "reflects", "source", "checks")


class BundleError(ValueError):
    """A bundle that cannot be used; the message lists every problem found."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"invalid rule bundle {path}: " + "; ".join(problems))
        self.path = path
        self.problems = problems


def shared_data_dir() -> Path:
    """The shared reference-data directory (env ``TRADESCREEN_SHARED_DATA`` or ``<repo>/../shared/data``)."""
    env = os.environ.get("TRADESCREEN_SHARED_DATA")
    return Path(env) if env else (REPO_ROOT / ".." / "shared" / "data").resolve()


@dataclass(frozen=True, slots=True)
class Row:
    """One data row; ``table`` and ``file`` travel with it so evidence can cite it."""

    table: str
    id: str
    legal_basis: str
    data: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    file: str
    source: str
    reflects: str
    version: str
    note: str
    rows: tuple[Row, ...] = field(repr=False)
    legal_basis: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    """File-level settings of the table (e.g. how to parse control-list entries)."""

    def row(self, row_id: str) -> Row:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(f"table {self.name} has no row {row_id!r}")

    def describe(self) -> dict[str, Any]:
        return {"table": self.name, "file": self.file, "source": self.source, "reflects": self.reflects,
                "version": self.version, "rows": len(self.rows)}


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One manifest entry: which rule family, under which name, reading which tables."""

    id: str
    type: str
    code: str
    severity: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NomenclatureRef:
    """The HS file the bundle was written against, pinned by hash (path relative to shared data)."""

    file: str
    edition: str
    sha256: str | None


@dataclass(frozen=True, slots=True)
class Bundle:
    id: str
    title: str
    bundle_version: str
    content_hash: str
    reflects: str
    source: str
    path: Path
    tables: Mapping[str, Table] = field(repr=False)
    checks: tuple[CheckSpec, ...] = field(repr=False)
    nomenclature: NomenclatureRef | None = None

    @property
    def version(self) -> str:
        return f"{self.id}@{self.bundle_version}+{self.content_hash[:12]}"

    def table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"bundle {self.id} has no table {name!r}") from None

    def describe(self) -> dict[str, Any]:
        return {
            "bundle": self.id,
            "title": self.title,
            "version": self.version,
            "reflects": self.reflects,
            "source": self.source,
            "path": str(self.path),
            "nomenclature": None if self.nomenclature is None else {
                "file": self.nomenclature.file, "edition": self.nomenclature.edition,
                "sha256": self.nomenclature.sha256},
            "tables": [t.describe() for t in self.tables.values()],
            "checks": [{"id": c.id, "type": c.type, "code": c.code, "severity": c.severity} for c in self.checks],
        }


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads ``NO`` (Norway) and ``ON`` as booleans; bundles need YAML 1.2 booleans only."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _load_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: cannot read YAML: {exc}")
        return None


def _as_str(value: Any) -> str:
    return "" if value is None else str(value)


def _load_table(path: Path, doc: Any, problems: list[str]) -> Table | None:
    if not isinstance(doc, dict):
        problems.append(f"{path.name}: top level must be a mapping")
        return None
    missing = [k for k in _REQUIRED_FILE_KEYS if k not in doc or doc[k] in (None, "")]
    if missing:
        problems.append(f"{path.name}: missing {', '.join(missing)}")
        return None
    rows_raw = doc["rows"]
    if not isinstance(rows_raw, list) or not rows_raw:
        problems.append(f"{path.name}: rows must be a non-empty list")
        return None
    default_basis = _as_str(doc.get("legal_basis"))
    name = _as_str(doc["table"])
    rows: list[Row] = []
    seen: set[str] = set()
    for i, raw in enumerate(rows_raw):
        if not isinstance(raw, dict) or not raw.get("id"):
            problems.append(f"{path.name}: row {i} must be a mapping with an id")
            continue
        row_id = _as_str(raw["id"])
        if row_id in seen:
            problems.append(f"{path.name}: duplicate row id {row_id!r}")
        seen.add(row_id)
        basis = _as_str(raw.get("legal_basis")) or default_basis
        if not basis:
            problems.append(f"{path.name}: row {row_id!r} has no legal_basis (row or file level)")
        rows.append(Row(name, row_id, basis, {k: v for k, v in raw.items() if k not in ("id", "legal_basis")}))
    params = doc.get("params") or {}
    if not isinstance(params, dict):
        problems.append(f"{path.name}: params must be a mapping")
        params = {}
    return Table(name, path.name, _as_str(doc["source"]), _as_str(doc["reflects"]), _as_str(doc["version"]),
                 _as_str(doc.get("note")), tuple(rows), default_basis, params)


def _content_hash(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode())
        digest.update(b"\0")
        digest.update(f.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _parse(path: Path) -> tuple[Bundle | None, list[str]]:
    problems: list[str] = []
    path = Path(path)
    if path.is_file():
        path = path.parent
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        return None, [f"no {MANIFEST} in {path}"]
    manifest = _load_yaml(manifest_path, problems)
    if not isinstance(manifest, dict):
        return None, problems or [f"{MANIFEST}: top level must be a mapping"]
    missing = [k for k in _REQUIRED_MANIFEST_KEYS if not manifest.get(k)]
    if missing:
        problems.append(f"{MANIFEST}: missing {', '.join(missing)}")
    files = sorted(p for p in path.glob("*.yaml") if p.name != MANIFEST)
    tables: dict[str, Table] = {}
    for f in files:
        table = _load_table(f, _load_yaml(f, problems), problems)
        if table is None:
            continue
        if table.name in tables:
            problems.append(f"{f.name}: table {table.name!r} already defined in {tables[table.name].file}")
        tables[table.name] = table
    checks: list[CheckSpec] = []
    for i, raw in enumerate(manifest.get("checks") or ()):
        if not isinstance(raw, dict) or not all(raw.get(k) for k in ("id", "type", "code", "severity")):
            problems.append(f"{MANIFEST}: checks[{i}] needs id, type, code and severity")
            continue
        params = raw.get("params") or {}
        if not isinstance(params, dict):
            problems.append(f"{MANIFEST}: checks[{i}].params must be a mapping")
            params = {}
        checks.append(CheckSpec(_as_str(raw["id"]), _as_str(raw["type"]), _as_str(raw["code"]),
                                _as_str(raw["severity"]), params))
    if len({c.id for c in checks}) != len(checks):
        problems.append(f"{MANIFEST}: check ids must be unique")
    nom_raw = manifest.get("nomenclature")
    nomenclature = None
    if isinstance(nom_raw, dict) and nom_raw.get("file"):
        nomenclature = NomenclatureRef(_as_str(nom_raw["file"]), _as_str(nom_raw.get("edition")),
                                       _as_str(nom_raw.get("sha256")) or None)
    bundle = Bundle(
        id=_as_str(manifest.get("bundle")),
        title=_as_str(manifest.get("title")),
        bundle_version=_as_str(manifest.get("version")),
        content_hash=_content_hash([manifest_path, *files]),
        reflects=_as_str(manifest.get("reflects")),
        source=_as_str(manifest.get("source")),
        path=path,
        tables=tables,
        checks=tuple(checks),
        nomenclature=nomenclature,
    )
    return bundle, problems


def validate_bundle(path: Path | str, hs: Any = None) -> list[str]:
    """Every problem with a bundle (empty list = valid): files, rows, and each check's parameters.

    ``hs`` (an ``HsNomenclature``) lets the validator also check HS prefixes exist.
    """
    from lists.rules.registry import validate_checks

    bundle, problems = _parse(Path(path))
    if bundle is None:
        return problems
    return problems + validate_checks(bundle, hs)


def load_bundle(path: Path | str = DEFAULT_BUNDLE) -> Bundle:
    """Load and validate a bundle directory (or its ``bundle.yaml``); raise ``BundleError`` if invalid."""
    from lists.rules.registry import validate_checks

    bundle, problems = _parse(Path(path))
    if bundle is not None and not problems:
        problems = validate_checks(bundle, None)
    if bundle is None or problems:
        raise BundleError(Path(path), problems)
    return bundle
