"""OFAC list in its legacy CSV edition: ``sdn.csv`` + ``alt.csv`` + ``add.csv``
(and the non-SDN set ``cons_prim.csv`` + ``cons_alt.csv`` + ``cons_add.csv`` + ``cons_comments.csv``).

The CSV edition has no header and squeezes most facts into the free-text ``Remarks``
column (``DOB 01 Jan 1960; nationality Iran; Passport A123 (Iran); a.k.a. 'X'; ...``).
Screening needs those facts structured — birth dates and identifiers qualify matches —
so ``parse_remarks`` turns each ``;``-separated remark into a property. Aliases in
Remarks are OFAC's *weak* aliases (the strong ones are in ``alt.csv``).
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from lists.parties.model import LoadedList
from lists.sources.common import (
    DATA_DIR,
    EntityBuilder,
    ListLoadError,
    check_file,
    clean,
    country_code,
    make_list,
    parse_date,
    year_range,
)

SDN_COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign",
               "Vess_type", "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks")

SCHEMA_BY_TYPE = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft", "": "Organization"}

LISTS = {
    "sdn": ("us_ofac_sdn", "OFAC Specially Designated Nationals (SDN) List"),
    "cons": ("us_ofac_cons", "OFAC Consolidated (non-SDN) Sanctions List"),
}


def related_files(primary: Path) -> dict[str, Path]:
    """The alias/address/comment files published beside a primary file, if present.

    ``sdn.csv`` goes with ``alt.csv``/``add.csv``; ``cons_prim.csv`` with ``cons_alt.csv``,
    ``cons_add.csv``, ``cons_comments.csv``. A dated snapshot (``history/sdn-2023-11-02.csv``)
    has no siblings in its folder and loads as primary records only.
    """
    d = primary.parent
    if primary.name.lower().startswith("cons_"):
        names = {"alt": "cons_alt.csv", "add": "cons_add.csv", "comments": "cons_comments.csv"}
    elif primary.name.lower() == "sdn.csv":
        names = {"alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}
    else:
        return {}
    return {k: d / v for k, v in names.items() if (d / v).is_file()}


def _read_rows(path: Path, min_cols: int) -> Iterator[list[str]]:
    check_file(path)
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            data = fh.read()
    except UnicodeDecodeError:
        with open(path, encoding="cp1252", newline="") as fh:
            data = fh.read()
    if "\x00" in data:
        raise ListLoadError(path, "file contains NUL bytes: not an OFAC CSV")
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        for lineno, row in enumerate(csv.reader(io.StringIO(data, newline="")), 1):
            if not row or (len(row) == 1 and row[0].strip() in ("", "\x1a")):
                continue  # blank line or the DOS end-of-file byte OFAC appends
            if len(row) < min_cols:
                raise ListLoadError(path, f"row {lineno} has {len(row)} columns, expected {min_cols}: not an OFAC CSV")
            yield row
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed CSV: {exc}") from exc


# ---------------------------------------------------------------- Remarks


@lru_cache(maxsize=1)
def _identifier_labels() -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = []
    with open(DATA_DIR / "ofac_remark_identifiers.csv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(line for line in fh if not line.startswith("#"))
        next(reader)
        for label, type_ in reader:
            rows.append((label, type_))
    # Longest label first so "Diplomatic Passport" wins over "Passport".
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _label_types() -> dict[str, str]:
    return dict(_identifier_labels())


@lru_cache(maxsize=1)
def _label_regex() -> re.Pattern[str]:
    """One alternation of every label (longest first), followed by a space, ``:`` or ``#``."""
    labels = "|".join(re.escape(label) for label, _ in _identifier_labels())
    return re.compile(rf"^({labels})(?=[ :#])")


_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*,?\s*['\"‘’](.+)['\"‘’]$", re.I)
_ID_TAIL = re.compile(
    r"^(?P<value>.+?)(?:\s+\((?P<country>[^()]+)\))?"
    r"(?:\s*,?\s+issued\s+(?P<issued>[^;]+?))?(?:\s*,?\s+expires\s+(?P<expires>[^;]+?))?$"
)
_GENERIC_ID = re.compile(
    r"^(?P<label>[A-Z][\w.'/()-]*(?:\s+[\w.'/()-]+){0,5}?\s*(?:No\.?|Number|ID|#|Code|Card))\s+(?P<rest>.*\d.*)$"
)
_RANGE = re.compile(r"^(.+?)\s+to\s+(.+)$")
_PROPS = (
    ("POB ", "birth_place"),
    ("Gender ", "gender"),
    ("Linked To: ", "linked_to"),
    ("Website ", "website"),
    ("Email Address ", "email"),
    ("Phone Number ", "phone"),
    ("Telephone ", "phone"),
    ("Fax ", "fax"),
    ("Organization Established Date ", "incorporation_date"),
    ("Organization Type: ", "organization_type"),
    ("Target Type ", "target_type"),
    ("Aircraft Model ", "aircraft_model"),
    ("Aircraft Operator ", "aircraft_operator"),
    ("Aircraft Manufacture Date ", "build_date"),
    ("Vessel Year of Build ", "build_date"),
    ("Other Vessel Type ", "vessel_type"),
    ("Secondary sanctions risk: ", "sanctions_note"),
    ("Additional Sanctions Information - ", "sanctions_note"),
    ("Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: ", "sanctions_note"),
    ("Executive Order ", "sanctions_note"),
    ("CAATSA Section ", "sanctions_note"),
    ("IFCA Determination", "sanctions_note"),
    ("Listing Date ", "sanctions_note"),
    ("Effective Date ", "sanctions_note"),
    ("Purchase/Sales For Divestment Date ", "sanctions_note"),
    ("For more information on directives", "sanctions_note"),
)
_NATIONALITY = (("nationality ", "nationality"), ("citizen ", "citizenship"),
                ("Nationality of Registration ", "flag"), ("Vessel Flag ", "flag"), ("Other Vessel Flag ", "flag"),
                ("Former Vessel Flag ", "past_flags"))


def parse_birth_dates(text: str) -> tuple[list[str], bool]:
    """``01 Jan 1960`` / ``Jan 1960`` / ``1960`` / ``circa 1960`` / ``1960 to 1962`` -> ISO values.

    Returns the dates and whether the text was understood.
    """
    t = clean(text)
    approx = t.lower().startswith("circa ")
    if approx:
        t = t[6:]
    if m := _RANGE.match(t):
        a, b = parse_date(m.group(1)), parse_date(m.group(2))
        if a and b:
            if a[:4] == b[:4] and a != b and len(a) == len(b) == 10 and a[5:7] == b[5:7]:
                return [a[:7]], True  # "01 Mar 1960 to 31 Mar 1960": the month is known
            return ([a] if a == b else year_range(a, b)), True
        return [], False
    d = parse_date(t)
    return ([d], True) if d else ([], False)


def parse_remarks(remarks: str, b: EntityBuilder) -> None:
    """Structure OFAC's free-text Remarks into properties of ``b``; keep what is not understood as notes."""
    text = clean(remarks)
    if not text:
        return
    for raw in re.split(r";\s+|;$", text.rstrip(".")):
        part = raw.strip().rstrip(".").strip()
        if part.startswith("(") and part.endswith(")") and part.count("(") == 1:
            part = part[1:-1].strip()  # the XML edition writes "(Linked To: X)"
        if part.startswith("alt. "):
            part = part[5:].strip()
        if not part:
            continue
        parse_remark(part, b)


def parse_remark(part: str, b: EntityBuilder) -> None:
    if m := _ALIAS.match(part):
        kind = m.group(1).lower()[0] + "ka"
        value = m.group(2)
        if len(value) > 2 and value[0] == value[-1] == "'":
            value = value[1:-1]  # "a.k.a. ''FOOPIE''"; a lone leading ' is an ayin: "'ABD AL-RAHMAN"
        b.name(value, kind, "weak")
        return
    if part.startswith("DOB "):
        dates, ok = parse_birth_dates(part[4:])
        for d in dates:
            b.birth_date(d)
        if not ok:
            b.prop("birth_date_text", part[4:])
        return
    for prefix, key in _NATIONALITY:
        if part.startswith(prefix):
            value = part[len(prefix):]
            code = country_code(value)
            b.prop(key, code or value)
            if code and key not in ("flag", "past_flags"):
                b.country(code, raw_is_code=True)
            return
    if m := _label_regex().match(part):
        _identifier(part[m.end():].lstrip(" :#"), _label_types()[m.group(1)], b)
        return
    for prefix, key in _PROPS:
        if part.startswith(prefix):
            b.prop(key, part[len(prefix):])
            return
    if m := _GENERIC_ID.match(part):
        _identifier(m.group("rest"), m.group("label"), b)
        return
    b.prop("notes", part)


def _identifier(rest: str, type_: str, b: EntityBuilder) -> None:
    m = _ID_TAIL.match(rest.strip())
    if not m:
        b.prop("notes", f"{type_} {rest}")
        return
    value = m.group("value").strip()
    country = None
    if m.group("country"):
        country = country_code(m.group("country"))
        if country is None:  # a place, not a country: "HRB 1234 (Stuttgart)", "(Jalisco)"
            b.prop("identifier_place", f"{type_} {value}: {m.group('country')}")
    b.identifier(type_, value, country)
    if type_ == "IMO":
        b.prop("imo_number", value)


# ---------------------------------------------------------------- loader


def _program_tags(text: str) -> list[str]:
    return [p for p in (clean(x) for x in re.split(r"\]\s*\[", clean(text).strip("[]"))) if p]


def load_ofac_csv(
    primary: str | Path,
    *,
    alt: str | Path | None = None,
    add: str | Path | None = None,
    comments: str | Path | None = None,
    list_id: str | None = None,
    find_related: bool = True,
) -> LoadedList:
    """Load an OFAC CSV set; alias/address/comment files default to the published siblings."""
    primary = Path(primary)
    rel = related_files(primary) if find_related else {}
    alt_p = Path(alt) if alt else rel.get("alt")
    add_p = Path(add) if add else rel.get("add")
    com_p = Path(comments) if comments else rel.get("comments")
    key = "cons" if primary.name.lower().startswith("cons") else "sdn"
    lid, title = LISTS[key]
    lid = list_id or lid

    extra_remarks: dict[str, list[str]] = {}
    if com_p:
        for row in _read_rows(com_p, 2):
            extra_remarks.setdefault(clean(row[0]), []).append(" ".join(clean(c) for c in row[1:] if clean(c)))

    builders: dict[str, EntityBuilder] = {}
    for row in _read_rows(primary, 12):
        ent = clean(row[0])
        if not ent.isdigit():
            raise ListLoadError(primary, f"ent_num {row[0]!r} is not a number: not an OFAC CSV")
        sdn_type = clean(row[2]).lower()
        schema = SCHEMA_BY_TYPE.get(sdn_type)
        if schema is None:
            raise ListLoadError(primary, f"entry {ent}: unknown SDN_Type {row[2]!r}")
        b = EntityBuilder(id=f"{lid}:{ent}", schema=schema, list_id=lid, source_id=ent)
        b.name(row[1])
        for tag in _program_tags(row[3]):
            b.program(tag)
        b.prop("position", row[4])
        b.identifier("Call Sign", row[5])
        b.prop("vessel_type", row[6])
        b.prop("tonnage", row[7])
        b.prop("gross_registered_tonnage", row[8])
        if clean(row[9]):
            b.prop("flag", country_code(row[9]) or clean(row[9]))
        b.prop("owner", row[10])
        remarks = " ".join([clean(row[11])] + extra_remarks.get(ent, []))
        parse_remarks(remarks, b)
        if ent in builders:
            raise ListLoadError(primary, f"ent_num {ent} appears twice")
        builders[ent] = b

    orphans = 0
    if alt_p:
        for row in _read_rows(alt_p, 4):
            b = builders.get(clean(row[0]))
            if b is None:
                orphans += 1
                continue
            kind = clean(row[2]).lower().replace(".", "") or "aka"
            kind = kind if kind in ("aka", "fka", "nka") else "aka"
            b.name(row[3], kind, "strong")
    if add_p:
        for row in _read_rows(add_p, 5):
            b = builders.get(clean(row[0]))
            if b is None:
                orphans += 1
                continue
            parts = [clean(c) for c in row[2:5]]
            b.address(", ".join(p for p in parts if p))
            b.country(row[4])
            if len(row) > 5:
                b.prop("address_remarks", row[5])

    paths = [p for p in (primary, alt_p, add_p, com_p) if p]
    return make_list(
        list_id=lid,
        name=title,
        publisher="US Treasury, Office of Foreign Assets Control",
        paths=paths,
        entities=(b.build() for b in builders.values()),
    )
