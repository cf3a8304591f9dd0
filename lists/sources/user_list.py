"""Users' own lists (customer blocklists, internal watch lists) in two simple formats.

**Simple CSV** (UTF-8, comma-separated, header row; column order free, names case-insensitive)::

    id,name,aliases,schema,country,address,identifiers,birth_date,programs
    c-001,Acme Trading FZE,ACME FZE;Acme Trading,Organization,AE;IR,"Jebel Ali, Dubai",Registration ID:12345,,internal-block
    c-002,Ivan PETROV,Ivan Petrov;Иван Петров,Person,RU,,Passport:7512345678,1970-05-01,

- ``id`` (required, unique in the file) and ``name`` (required) — the entity id becomes
  ``user:<file stem>:<id>``;
- ``aliases``, ``country``, ``address``, ``identifiers``, ``birth_date``, ``programs``:
  several values separated by ``;``;
- ``schema``: Person, Organization, Company, LegalEntity, Vessel or Aircraft
  (``individual``/``entity`` accepted); empty -> LegalEntity (unknown kind of party);
- ``country``: ISO 3166-1 alpha-2 codes or English country names;
- ``identifiers``: ``TYPE:VALUE`` items (``IMO:9253325;Passport:A123``); a bare value is type ``ID``;
- ``birth_date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``;
- aliases in a non-Latin script are recorded as ``native`` names; all aliases are strong.

**Simple JSON lines**: one object per line with the same keys; multi-valued keys may be
JSON arrays or ``;``-separated strings.

**FollowTheMoney JSON lines** (``{"id", "schema", "properties": {"name": [...], "alias": [...],
"country": [...]}}``) are recognised by their ``properties`` key and read with the
OpenSanctions FtM loader under list id ``user:<stem>``.

Examples: ``lists/samples/user_list_example.csv`` and ``user_list_example.jsonl``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable

from lists.parties.model import SCHEMAS, LoadedList
from lists.sources.common import (
    EntityBuilder,
    ListLoadError,
    check_file,
    clean,
    is_latin,
    make_list,
    parse_date,
    read_header,
)
from lists.sources.opensanctions import iter_json_lines, load_ftm_json

REQUIRED = ("id", "name")
_SCHEMA_ALIASES = {s.lower(): s for s in SCHEMAS} | {
    "individual": "Person", "person": "Person", "entity": "Organization", "organisation": "Organization",
    "company": "Company", "vessel": "Vessel", "ship": "Vessel", "aircraft": "Aircraft", "": "LegalEntity",
}


def user_list_id(path: Path) -> str:
    stem = path.name
    for suffix in (".ftm.json", ".jsonl", ".ndjson", ".json", ".csv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return f"user:{stem}"


def _multi(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [v for v in (clean(x) for x in value) if v]
    return [v for v in (clean(p) for p in str(value).split(";")) if v]


def _entity(path: Path, list_id: str, rec: dict, where: str) -> EntityBuilder:
    rid, name = clean(rec.get("id")), clean(rec.get("name"))
    if not rid or not name:
        raise ListLoadError(path, f"{where}: 'id' and 'name' are required")
    schema_raw = clean(rec.get("schema")).lower()
    if schema_raw not in _SCHEMA_ALIASES:
        raise ListLoadError(path, f"{where}: unknown schema {rec.get('schema')!r} (use one of {', '.join(SCHEMAS)})")
    b = EntityBuilder(id=f"{list_id}:{rid}", schema=_SCHEMA_ALIASES[schema_raw], list_id=list_id, source_id=rid)
    b.name(name)
    for alias in _multi(rec.get("aliases")):
        b.name(alias, "aka" if is_latin(alias) else "native", "strong")
    for c in _multi(rec.get("country")):
        if not b.country(c, raw_is_code=len(c) == 2):
            b.prop("country_text", c)
    for a in _multi(rec.get("address")):
        b.address(a)
    for ident in _multi(rec.get("identifiers")):
        type_, sep, value = ident.partition(":")
        b.identifier(type_ if sep else "ID", value if sep else ident)
    for d in _multi(rec.get("birth_date")):
        iso = parse_date(d)
        if iso is None:
            raise ListLoadError(path, f"{where}: birth_date {d!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        b.birth_date(iso)
    for p in _multi(rec.get("programs")):
        b.program(p)
    return b


def _finish(path: Path, list_id: str, builders: Iterable[EntityBuilder]) -> LoadedList:
    seen: set[str] = set()
    built = []
    for b in builders:
        if b.id in seen:
            raise ListLoadError(path, f"duplicate id {b.source_id!r}")
        seen.add(b.id)
        built.append(b.build())
    return make_list(list_id=list_id, name=f"User list {path.name}", publisher="user", paths=[path], entities=built)


def load_user_csv(path: str | Path) -> LoadedList:
    path = Path(path)
    check_file(path)
    list_id = user_list_id(path)
    builders: list[EntityBuilder] = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            idx = read_header(path, reader, REQUIRED)
            for n, row in enumerate(reader, start=2):
                if not any(c.strip() for c in row):
                    continue
                rec = {k: row[i] for k, i in idx.items() if i < len(row)}
                builders.append(_entity(path, list_id, rec, f"row {n}"))
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed CSV: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ListLoadError(path, "not UTF-8 text") from exc
    return _finish(path, list_id, builders)


def load_user_jsonl(path: str | Path) -> LoadedList:
    """Simple JSON lines, or FollowTheMoney JSON lines (recognised by ``properties``)."""
    path = Path(path)
    check_file(path)
    list_id = user_list_id(path)
    lines = list(iter_json_lines(path))
    if lines and isinstance(lines[0][1].get("properties"), dict):
        return load_user_ftm(path)
    builders = [_entity(path, list_id, {k.lower(): v for k, v in obj.items()}, f"line {n}") for n, obj in lines]
    return _finish(path, list_id, builders)


def load_user_ftm(path: str | Path) -> LoadedList:
    path = Path(path)
    return load_ftm_json(path, list_id=user_list_id(path), name=f"User list {path.name}")


def load_user_list(path: str | Path) -> LoadedList:
    """Any of the user formats, chosen by file extension."""
    path = Path(path)
    if path.name.lower().endswith(".csv"):
        return load_user_csv(path)
    return load_user_jsonl(path)
