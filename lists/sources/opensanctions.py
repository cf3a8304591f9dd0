"""OpenSanctions exports: ``targets.simple.csv`` and FollowTheMoney JSON lines.

FollowTheMoney is the model our party model follows, so the mapping is direct:
``name`` values are all names of the entity (the ``caption`` is taken as primary;
names in a non-Latin script become ``native``), ``alias``/``weakAlias``/``previousName``
give aka (strong/weak) and fka names, and the many identifier properties
(``registrationNumber``, ``imoNumber``, ``taxNumber``…) become typed identifiers.
``Address`` entities are not parties: their text is attached to every entity whose
``addressEntity`` points at them (by id or by one of the Address's ``referents``), and
they are not loaded as entities themselves (an unresolved pointer is kept as the property
``address_entity_unresolved``);
other non-party schemata (Sanction, Ownership…) are skipped the same way.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterator

import orjson

from lists.parties.model import LoadedList
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

TARGETS_LIST_ID = "os_ua_war"
FTM_LIST_ID = "os_ftm"

#: FtM schemata loaded as parties, mapped onto our SCHEMAS.
PARTY_SCHEMATA = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "LegalEntity": "LegalEntity",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
    "Aircraft": "Aircraft",
}
#: FtM property -> identifier type.
FTM_IDENTIFIERS = {
    "registrationNumber": "Registration ID",
    "taxNumber": "Tax ID",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "kppCode": "KPP",
    "okpoCode": "OKPO",
    "vatCode": "VAT",
    "leiCode": "LEI",
    "swiftBic": "SWIFT/BIC",
    "idNumber": "National ID",
    "passportNumber": "Passport",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "Call Sign",
    "uscCode": "USCC",
    "dunsCode": "DUNS",
    "icaoCode": "ICAO",
    "serialNumber": "Serial Number",
    "registrationNumberAircraft": "Aircraft Tail Number",
}
FTM_COUNTRIES = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry")
TARGETS_COLUMNS = ("id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers")
_IMO = re.compile(r"^IMO\s?(\d{7})$", re.I)


def _name_kind(value: str, default: str) -> str:
    return default if is_latin(value) else "native"


# ---------------------------------------------------------------- targets.simple.csv


def load_targets_simple(path: str | Path, *, list_id: str = TARGETS_LIST_ID) -> LoadedList:
    """OpenSanctions ``targets.simple.csv``: one row per target, ``;`` inside multi-valued cells."""
    path = Path(path)
    check_file(path)
    builders: list[EntityBuilder] = []
    last_seen = ""
    dataset = ""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            idx = read_header(path, reader, TARGETS_COLUMNS)
            get = lambda row, col: row[idx[col]] if col in idx and idx[col] < len(row) else ""  # noqa: E731
            for n, row in enumerate(reader, start=2):
                if not any(row):
                    continue
                oid = clean(get(row, "id"))
                if not oid:
                    raise ListLoadError(path, f"row {n} has no id")
                schema = PARTY_SCHEMATA.get(clean(get(row, "schema")), "LegalEntity")
                b = EntityBuilder(id=f"{list_id}:{oid}", schema=schema, list_id=list_id, source_id=oid)
                b.name(get(row, "name"))
                for alias in _split(get(row, "aliases")):
                    b.name(alias, _name_kind(alias, "aka"), "strong")
                for d in _split(get(row, "birth_date")):
                    b.birth_date(parse_date(d))
                for c in _split(get(row, "countries")):
                    b.country(c, raw_is_code=True)
                for a in _split(get(row, "addresses")):
                    b.address(a)
                for ident in _split(get(row, "identifiers")):
                    if m := _IMO.match(ident):
                        b.identifier("IMO", m.group(1))
                    else:
                        b.identifier("ID", ident)
                for p in _split(get(row, "program_ids")):
                    b.program(p)
                for key, prop in (("phones", "phone"), ("emails", "email")):
                    for v in _split(get(row, key)):
                        b.prop(prop, v)
                sanction = clean(get(row, "sanctions")).strip('"')
                b.prop("sanctions", sanction)
                seen = clean(get(row, "last_seen"))
                last_seen = max(last_seen, seen)
                dataset = dataset or clean(get(row, "dataset"))
                builders.append(b)
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed CSV: {exc}") from exc
    return make_list(
        list_id=list_id,
        name=f"OpenSanctions: {dataset or path.stem}",
        publisher="OpenSanctions",
        paths=[path],
        entities=(b.build() for b in builders),
        published=parse_date(last_seen[:10]),
    )


def _split(value: str) -> list[str]:
    return [v for v in (clean(p) for p in (value or "").split(";")) if v]


# ---------------------------------------------------------------- FtM JSON lines


def iter_json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, "rb") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ListLoadError(path, f"line {n}: malformed JSON: {exc}") from exc
            if not isinstance(obj, dict):
                raise ListLoadError(path, f"line {n}: expected a JSON object")
            yield n, obj


def load_ftm_json(path: str | Path, *, list_id: str = FTM_LIST_ID, name: str | None = None) -> LoadedList:
    """FollowTheMoney entities, one JSON object per line (OpenSanctions ``entities.ftm.json``)."""
    path = Path(path)
    check_file(path)
    addresses: dict[str, str] = {}
    records: list[tuple[int, dict]] = []
    last_seen = ""
    for n, obj in iter_json_lines(path):
        schema = obj.get("schema")
        props = obj.get("properties") or {}
        if not isinstance(props, dict) or not obj.get("id") or not isinstance(schema, str):
            raise ListLoadError(path, f"line {n}: not a FollowTheMoney entity (needs id, schema, properties)")
        last_seen = max(last_seen, str(obj.get("last_seen") or ""))
        if schema == "Address":
            full = _values(props, "full") or [
                ", ".join(v for k in ("street", "city", "postalCode", "country") for v in _values(props, k))
            ]
            # Referrers may point at the address under an older id kept in ``referents``.
            for aid in [obj["id"], *(obj.get("referents") or [])]:
                addresses[str(aid)] = full[0]
        elif schema in PARTY_SCHEMATA:
            records.append((n, obj))
        # other schemata (Sanction, Ownership, Family…) are links, not parties: skipped
    builders = [_ftm_entity(obj, list_id, addresses) for _, obj in records]
    return make_list(
        list_id=list_id,
        name=name or f"FollowTheMoney entities: {path.name}",
        publisher="OpenSanctions" if list_id == FTM_LIST_ID else "user",
        paths=[path],
        entities=(b.build() for b in builders),
        published=parse_date(last_seen[:10]),
    )


def _values(props: dict, key: str) -> list[str]:
    raw = props.get(key) or []
    if isinstance(raw, str):
        raw = [raw]
    return [v for v in (clean(x) for x in raw if isinstance(x, str | int | float)) if v]


def _ftm_entity(obj: dict, list_id: str, addresses: dict[str, str]) -> EntityBuilder:
    oid = str(obj["id"])
    props = obj.get("properties") or {}
    b = EntityBuilder(id=f"{list_id}:{oid}", schema=PARTY_SCHEMATA[obj["schema"]], list_id=list_id, source_id=oid)
    caption = clean(obj.get("caption"))
    names = _values(props, "name")
    primary = caption if caption in names else (names[0] if names else caption)
    b.name(primary)
    for v in names:
        b.name(v, _name_kind(v, "aka"), "strong")
    for v in _values(props, "alias"):
        b.name(v, _name_kind(v, "aka"), "strong")
    for v in _values(props, "weakAlias"):
        b.name(v, "aka", "weak")
    for v in _values(props, "previousName"):
        b.name(v, "fka", "strong")
    for key in FTM_COUNTRIES:
        for v in _values(props, key):
            b.country(v, raw_is_code=len(v) == 2)
    for v in _values(props, "birthDate"):
        b.birth_date(parse_date(v))
    for v in _values(props, "address"):
        b.address(v)
    for ref in _values(props, "addressEntity"):
        if ref in addresses:
            b.address(addresses[ref])
        else:
            b.prop("address_entity_unresolved", ref)
    for key, type_ in FTM_IDENTIFIERS.items():
        for v in _values(props, key):
            b.identifier(type_, v)
    for v in _values(props, "programId") + _values(props, "program"):
        b.program(v)
    handled = {"name", "alias", "weakAlias", "previousName", "birthDate", "address", "addressEntity",
               "programId", "program", *FTM_COUNTRIES, *FTM_IDENTIFIERS}
    for key in props:
        if key not in handled:
            for v in _values(props, key):
                b.prop(key, v)
    for ref in obj.get("referents") or []:
        b.prop("referents", str(ref))
    for ds in obj.get("datasets") or []:
        b.prop("datasets", str(ds))
    return b
