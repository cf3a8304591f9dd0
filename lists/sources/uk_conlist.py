"""UK HM Treasury OFSI Consolidated List ("ConList"), .xlsx workbook or .csv(.gz).

OFSI writes one row per name variant; rows sharing a ``Group ID`` are one target.
Row 1 is ``Last Updated, <DD/MM/YYYY>``, row 2 the header. Columns are found by
header name through ``COLUMNS`` (OFSI has changed its layouts before, and its
successor, the FCDO UK Sanctions List, differs again), so a renamed column is a
one-line data change. Several values in one cell are written ``(1) A (2) B``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from lists.parties.model import LoadedList
from lists.sources.common import (
    EntityBuilder,
    ListLoadError,
    check_file,
    clean,
    country_code,
    header_index,
    make_list,
    parse_date,
    read_gzip_capped,
)

LIST_ID = "uk_ofsi"

#: role -> header as OFSI writes it.
COLUMNS: dict[str, str] = {
    "surname": "Name 6",
    "given1": "Name 1",
    "given2": "Name 2",
    "given3": "Name 3",
    "given4": "Name 4",
    "given5": "Name 5",
    "title": "Title",
    "non_latin": "Name Non-Latin Script",
    "non_latin_type": "Non-Latin Script Type",
    "non_latin_language": "Non-Latin Script Language",
    "dob": "DOB",
    "birth_town": "Town of Birth",
    "birth_country": "Country of Birth",
    "nationality": "Nationality",
    "passport": "Passport Number",
    "passport_details": "Passport Details",
    "national_id": "National Identification Number",
    "national_id_details": "National Identification Details",
    "position": "Position",
    "address1": "Address 1",
    "address2": "Address 2",
    "address3": "Address 3",
    "address4": "Address 4",
    "address5": "Address 5",
    "address6": "Address 6",
    "postcode": "Post/Zip Code",
    "country": "Country",
    "other": "Other Information",
    "group_type": "Group Type",
    "alias_type": "Alias Type",
    "alias_quality": "Alias Quality",
    "regime": "Regime",
    "listed_on": "Listed On",
    "designated": "UK Sanctions List Date Designated",
    "last_updated": "Last Updated",
    "group_id": "Group ID",
}
REQUIRED = ("surname", "group_type", "alias_type", "group_id")

SCHEMA_BY_GROUP_TYPE = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

#: Alias Type -> name kind. "Primary name variation" is another spelling of the primary name.
NAME_KIND = {"primary name": "primary", "primary name variation": "variation", "aka": "aka", "fka": "fka"}

#: "(key):value" pairs inside Other Information that become identifiers or properties.
OTHER_INFO_IDENTIFIERS = {"imo number": "IMO", "business reg no": "Registration ID"}
OTHER_INFO_PROPERTIES = {
    "uk sanctions list ref": "reference_number",
    "un ref": "un_reference_number",
    "gender": "gender",
    "phone number": "phone",
    "tel": "phone",
    "fax": "fax",
    "email address": "email",
    "website": "website",
    "type of entity": "organization_type",
    "parent company": "parent",
    "subsidiaries": "subsidiaries",
    "flag of ship": "flag",
    "previous flags": "past_flags",
    "type of ship": "vessel_type",
    "tonnage of ship": "tonnage",
    "year built": "build_date",
    "current owners": "owner",
}

_ENUM = re.compile(r"\(\d{1,2}\)\s*")
_INFO_KEY = re.compile(r"\(([^()]{2,40})\):")


def enumerated(value: str) -> list[str]:
    """Split OFSI's ``(1) A (2) B`` cells; a plain cell is one value."""
    text = clean(value)
    if not text:
        return []
    if not _ENUM.match(text):
        return [text]
    return [v for v in (clean(p).rstrip(".").strip() for p in _ENUM.split(text)) if v]


def other_information(text: str) -> list[tuple[str, str]]:
    """``(UK Sanctions List Ref):RUS0001. (Gender):Male`` -> [(key, value), ...]."""
    pairs: list[tuple[str, str]] = []
    matches = list(_INFO_KEY.finditer(text or ""))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = clean(text[m.end():end]).rstrip(".").strip()
        pairs.append((m.group(1).strip().lower(), value))
    return pairs


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_csv(path: Path) -> Iterator[list[str]]:
    if path.name.lower().endswith(".gz"):
        text = read_gzip_capped(path).decode("utf-8-sig")
        yield from csv.reader(io.StringIO(text, newline=""))
        return
    with open(path, encoding="utf-8-sig", newline="") as fh:
        yield from csv.reader(fh)


def _rows_xlsx(path: Path) -> Iterator[list[str]]:
    from lists.sources.xlsx import iter_rows

    for row in iter_rows(path, sheet="Data"):
        yield [_cell(v) for v in row]


def _iter_table(path: Path) -> tuple[str, dict[str, int], Iterable[list[str]]]:
    rows = _rows_xlsx(path) if path.name.lower().endswith(".xlsx") else _rows_csv(path)
    try:
        first = next(rows)
    except StopIteration:
        raise ListLoadError(path, "empty ConList file") from None
    published = ""
    if first and clean(first[0]).lower() == "last updated":
        published = parse_date(clean(first[1]) if len(first) > 1 else "") or ""
        try:
            header = next(rows)
        except StopIteration:
            raise ListLoadError(path, "ConList has no header row") from None
    else:
        header = first
    idx = header_index(path, [clean(h) for h in header], [COLUMNS[r] for r in REQUIRED])
    col = {role: idx[name.casefold()] for role, name in COLUMNS.items() if name.casefold() in idx}
    return published, col, rows


def load_uk_conlist(path: str | Path) -> LoadedList:
    path = Path(path)
    check_file(path)
    try:
        published, col, rows = _iter_table(path)
        builders = _group(path, col, rows)
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed CSV: {exc}") from exc
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
        raise ListLoadError(path, f"cannot read ConList: {exc}") from exc
    return make_list(
        list_id=LIST_ID,
        name="UK OFSI Consolidated List of Financial Sanctions Targets",
        publisher="HM Treasury, Office of Financial Sanctions Implementation",
        paths=[path],
        entities=(b.build() for b in builders.values()),
        published=published or None,
    )


def _group(path: Path, col: dict[str, int], rows: Iterable[list[str]]) -> dict[str, EntityBuilder]:
    builders: dict[str, EntityBuilder] = {}
    width = max(col.values()) + 1
    for n, row in enumerate(rows, start=3):
        if not any(row):
            continue
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        get = lambda role: clean(row[col[role]]) if role in col else ""  # noqa: E731
        gid = get("group_id")
        if not gid:
            raise ListLoadError(path, f"row {n} has no Group ID")
        b = builders.get(gid)
        if b is None:
            schema = SCHEMA_BY_GROUP_TYPE.get(get("group_type").lower(), "LegalEntity")
            b = builders[gid] = EntityBuilder(id=f"{LIST_ID}:{gid}", schema=schema, list_id=LIST_ID, source_id=gid)
        _add_row(b, get)
    return builders


def _add_row(b: EntityBuilder, get) -> None:  # get: role -> cleaned cell
    given = [get(f"given{i}") for i in range(1, 6)]
    name = " ".join(p for p in [*given, get("surname")] if p)
    kind = NAME_KIND.get(get("alias_type").lower(), "aka")
    quality = "weak" if get("alias_quality").lower().startswith("low") else "strong"
    b.name(name, kind, "strong" if kind in ("primary", "variation") else quality)
    if nl := get("non_latin"):
        b.name(nl, "native", "strong")
        b.prop("native_script", get("non_latin_type"))
    b.prop("title", get("title"))
    b.prop("position", get("position"))
    b.program(get("regime"))
    b.prop("listed_on", parse_date(get("listed_on")) or get("listed_on"))
    for dob in enumerated(get("dob")):
        b.birth_date(parse_date(dob, day_first=True))
    b.prop("birth_place", ", ".join(p for p in (get("birth_town"), get("birth_country")) if p))
    for nat in (n for cell in enumerated(get("nationality")) for n in re.split(r"\.\s+", cell)):
        code = country_code(nat)
        b.prop("nationality", code or nat)
        if code:
            b.country(code, raw_is_code=True)
    details = enumerated(get("passport_details"))
    for i, number in enumerate(enumerated(get("passport"))):
        detail = details[i] if i < len(details) else ""
        b.identifier("Passport", number, _detail_country(detail))
    details = enumerated(get("national_id_details"))
    for i, number in enumerate(enumerated(get("national_id"))):
        detail = details[i] if i < len(details) else ""
        b.identifier("National ID", number, _detail_country(detail))
    parts = [get(f"address{i}") for i in range(1, 7)] + [get("postcode"), get("country")]
    addr = ", ".join(p for p in parts if p)
    if addr and addr != get("country"):
        b.address(addr)
    b.country(re.sub(r"\s*\(.*\)$", "", get("country")))
    for key, value in other_information(get("other")):
        if key in OTHER_INFO_IDENTIFIERS:
            b.identifier(OTHER_INFO_IDENTIFIERS[key], value)
        elif key in OTHER_INFO_PROPERTIES:
            prop = OTHER_INFO_PROPERTIES[key]
            if prop in ("reference_number", "un_reference_number"):
                # The ref is followed by free text ("RUS0296. Financial sanctions imposed ...").
                ref = re.match(r"^(?:UN Ref\s*)?([A-Za-z]{2,5}[\d.]*\d)\b", value)
                if ref:
                    rest = value[ref.end():].lstrip(". ")
                    value = ref.group(1)
                    b.prop("notes", rest)
            if prop in ("flag", "past_flags"):
                value = country_code(value) or value
            b.prop(prop, value)


def _detail_country(detail: str) -> str | None:
    """"Tunisia number. Issued on ..." -> TN; OFSI names the issuing country first."""
    m = re.match(r"^([A-Z][A-Za-z' ,.-]+?)\s+(?:number|passport|national|issued|\.)", detail)
    return country_code(m.group(1)) if m else None
