"""US Consolidated Screening List (ITA) CSV: eleven US lists in one file.

Columns are found by header name: ITA has changed the layout (the 2019 file has no
``_id``; later files add it), and the ``ids`` cell changed order too — current files
write ``Type, Number, Country`` items, the 2019 layout ``Country, Number, Type``.
Identifier items go through the OFAC label table so ``Passport``, ``IMO``, ``Tax ID``…
come out typed the same way as from the OFAC files themselves.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from lists.parties.model import LoadedList
from lists.sources.common import (
    EntityBuilder,
    ListLoadError,
    check_file,
    clean,
    guess_schema,
    make_list,
    read_header,
    slug,
)
from lists.sources.ofac_csv import parse_birth_dates, parse_remark, parse_remarks

LIST_ID = "us_csl"
REQUIRED = ("source", "name")
SCHEMA_BY_TYPE = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Aircraft"}
_SOURCE_CODE = re.compile(r"\(([A-Z]{2,5})\)")
_COUNTRY_TAIL = re.compile(r"(?:^|,\s*)([A-Z]{2})$")


def _split(value: str) -> list[str]:
    return [v for v in (clean(p) for p in (value or "").split(";")) if v]


def load_csl(path: str | Path) -> LoadedList:
    path = Path(path)
    check_file(path)
    builders: dict[str, EntityBuilder] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            idx = read_header(path, reader, REQUIRED)
            type_first_ids = "_id" in idx  # the current layout; see module docstring
            get = lambda row, col: clean(row[idx[col]]) if col in idx and idx[col] < len(row) else ""  # noqa: E731
            for n, row in enumerate(reader, start=2):
                if not any(c.strip() for c in row):
                    continue
                name, source = get(row, "name"), get(row, "source")
                if not name:
                    raise ListLoadError(path, f"row {n} has no name")
                code_m = _SOURCE_CODE.search(source)
                code = code_m.group(1) if code_m else slug(source)[:12]
                # "<list code>-<entity number>" is the same in every layout (``_id`` only exists in
                # newer files); rows without a number (BIS lists) fall back to ``_id``, then the name.
                number = get(row, "entity_number")
                rid = f"{code}-{number}" if number else (get(row, "_id") or f"{code}-{slug(name)}")
                b = builders.get(rid)
                if b is None:
                    type_ = get(row, "type").lower()
                    schema = SCHEMA_BY_TYPE.get(type_) or guess_schema(name)
                    b = builders[rid] = EntityBuilder(id=f"{LIST_ID}:{rid}", schema=schema, list_id=LIST_ID, source_id=rid)
                    if type_ not in SCHEMA_BY_TYPE:
                        b.prop("schema_guessed", "true")
                b.name(name)
                for alias in _split(get(row, "alt_names")):
                    b.name(alias, "aka", "strong")
                b.prop("source_list", code)
                b.prop("source_list_name", source)
                for p in _split(get(row, "programs")):
                    b.program(p)
                for addr in _split(get(row, "addresses")):
                    b.address(addr)
                    if m := _COUNTRY_TAIL.search(addr):
                        b.country(m.group(1), raw_is_code=True)
                for col in ("nationalities", "citizenships"):
                    for c in _split(get(row, col)):
                        b.country(c, raw_is_code=len(c) == 2)
                        b.prop("nationality" if col == "nationalities" else "citizenship", c)
                for d in _split(get(row, "dates_of_birth")):
                    for iso in parse_birth_dates(d)[0]:
                        b.birth_date(iso)
                for pob in _split(get(row, "places_of_birth")):
                    b.prop("birth_place", pob)
                for item in _split(get(row, "ids")):
                    _csl_identifier(item, type_first_ids, b)
                for col, prop in (("title", "position"), ("federal_register_notice", "fr_citation"),
                                  ("start_date", "start_date"), ("end_date", "end_date"),
                                  ("license_requirement", "license_requirement"), ("license_policy", "license_policy"),
                                  ("vessel_type", "vessel_type"), ("vessel_owner", "owner"), ("vessel_flag", "flag"),
                                  ("source_information_url", "source_url")):
                    b.prop(prop, get(row, col))
                b.identifier("Call Sign", get(row, "call_sign"))
                parse_remarks(get(row, "remarks"), b)
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed CSV: {exc}") from exc
    return make_list(
        list_id=LIST_ID,
        name="US Consolidated Screening List",
        publisher="US Department of Commerce, International Trade Administration",
        paths=[path],
        entities=(b.build() for b in builders.values()),
    )


def _csl_identifier(item: str, type_first: bool, b: EntityBuilder) -> None:
    parts = [p.strip() for p in item.split(", ")]
    if len(parts) == 1:
        b.prop("notes", item)
        return
    if type_first:  # "Passport, 836238033, KP"
        type_, number = parts[0], ", ".join(parts[1:])
        country = ""
        if len(parts) >= 3 and re.fullmatch(r"[A-Z]{2}", parts[-1]):
            number, country = ", ".join(parts[1:-1]), parts[-1]
    else:  # "KP, 836238033, Passport" or "5030056754, Tax ID No."
        type_, number = parts[-1], ", ".join(parts[:-1])
        country = ""
        if len(parts) >= 3 and re.fullmatch(r"[A-Z]{2}", parts[0]):
            country, number = parts[0], ", ".join(parts[1:-1])
    text = f"{type_} {number}" + (f" ({country})" if country else "")
    parse_remark(text, b)
