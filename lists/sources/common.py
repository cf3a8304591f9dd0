"""Helpers every list loader shares: safe file access, countries, dates, entity building.

Loaders read files exactly as their publishers ship them. Hostile or broken files
(XML entity bombs, external entities, truncated documents, files over the size cap,
missing columns) must stop the load with a ``ListLoadError`` naming the file and the
reason, so a screening service never runs on a list it only half read.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from lists.parties.model import ListedEntity, ListedIdentifier, ListedName, ListSource, LoadedList

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

#: Default cap on the size of one list file. The largest real list (EU FSF XML) is ~25 MB;
#: 200 MB leaves room for growth while refusing a runaway or hostile download.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
MAX_BYTES_ENV = "TRADESCREEN_LIST_MAX_BYTES"


class ListLoadError(Exception):
    """A list file could not be loaded; ``reason`` says why in words an operator can act on."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def max_bytes() -> int:
    raw = os.environ.get(MAX_BYTES_ENV, "")
    try:
        return int(raw) if raw.strip() else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def check_file(path: Path, limit: int | None = None) -> int:
    """Refuse missing, empty and oversized files before any parser sees them."""
    limit = max_bytes() if limit is None else limit
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ListLoadError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise ListLoadError(path, "not a regular file")
    if size == 0:
        raise ListLoadError(path, "file is empty")
    if size > limit:
        raise ListLoadError(path, f"file is {size:,} bytes, over the {limit:,}-byte cap ({MAX_BYTES_ENV})")
    return size


def read_gzip_capped(path: Path, limit: int | None = None) -> bytes:
    """Decompress a .gz list, refusing one that unpacks past the size cap (gzip bomb)."""
    import gzip
    import zlib

    limit = max_bytes() if limit is None else limit
    out = bytearray()
    try:
        with gzip.open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                out += chunk
                if len(out) > limit:
                    raise ListLoadError(path, f"unpacks to over the {limit:,}-byte cap ({MAX_BYTES_ENV}): refused")
    except (OSError, EOFError, zlib.error) as exc:
        raise ListLoadError(path, f"not a valid gzip file: {exc}") from exc
    return bytes(out)


def sha256_of(paths: Iterable[Path]) -> str:
    """Content hash of one file or of a file set (in the given order): the list version id."""
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def parse_xml(path: Path, *, limit: int | None = None) -> Element:
    """Parse an XML list with defusedxml: no DTDs, no entities, no external resources.

    Official lists never carry a DTD, so any DOCTYPE is refused outright; this stops
    billion-laughs and external-entity (XXE) attacks before anything is expanded.
    """
    check_file(path, limit)
    try:
        tree = SafeET.parse(str(path), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden as exc:
        raise ListLoadError(path, "XML declares a DTD (refused: entity-expansion / external-entity risk)") from exc
    except defusedxml.EntitiesForbidden as exc:
        raise ListLoadError(path, "XML declares entities (refused: entity-expansion risk)") from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise ListLoadError(path, "XML references an external resource (refused)") from exc
    except defusedxml.DefusedXmlException as exc:
        raise ListLoadError(path, f"unsafe XML refused: {exc}") from exc
    except ParseError as exc:
        raise ListLoadError(path, f"malformed or truncated XML: {exc}") from exc
    return tree.getroot()


def local(tag: str) -> str:
    """Tag name without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


# ---------------------------------------------------------------- text


_WS = re.compile(r"\s+")


def clean(value: object) -> str:
    """Trim, collapse whitespace, and map OFAC's ``-0-`` placeholder to empty."""
    if value is None:
        return ""
    text = _WS.sub(" ", str(value)).strip()
    return "" if text == "-0-" else text


def split_multi(value: str | None, sep: str = ";") -> list[str]:
    if not value:
        return []
    return [v for v in (clean(p) for p in value.split(sep)) if v]


# ---------------------------------------------------------------- countries


def _country_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _country_table() -> Mapping[str, str]:
    table: dict[str, str] = {}
    codes: set[str] = set()
    with open(DATA_DIR / "countries.csv", encoding="utf-8", newline="") as fh:
        rows = csv.reader(line for line in fh if not line.startswith("#"))
        next(rows)
        for iso2, name in rows:
            table.setdefault(_country_key(name), iso2)
            codes.add(iso2)
    for code in codes:
        table.setdefault(code.casefold(), code)
    return table


def country_code(name: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name, demonym or code as lists write them."""
    if not name:
        return None
    raw = name.strip()
    if raw.lower().startswith("region:"):
        raw = raw[7:].strip()  # OFAC: "Region: Gaza", "Region: Crimea"
    if len(raw) == 2 and raw.isalpha():
        code = raw.upper()
        return code if code.casefold() in _country_table() else None
    key = _country_key(raw)
    if not key:
        return None
    table = _country_table()
    if key in table:
        return table[key]
    # "Region: Crimea" / "Crimea region of Ukraine" style qualifiers: try the last comma part.
    for part in reversed(re.split(r"[,;/]| region of ", raw)):
        k = _country_key(part)
        if k in table:
            return table[k]
    return None


# ---------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_D_MON_Y = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$")
_MON_Y = re.compile(r"^([A-Za-z]{3,9})\.?[ -](\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_SLASH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _valid(y: int, m: int = 1, d: int = 1) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1800 <= y <= 2200


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    if m is None or m == 0:
        return f"{y:04d}" if _valid(y) else None
    if d is None or d == 0:
        return f"{y:04d}-{m:02d}" if _valid(y, m) else None
    return f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else None


def parse_date(text: str | None, *, day_first: bool = True) -> str | None:
    """Normalise a published date to ISO, keeping partial dates partial ("1961", "1961-04").

    Handles ``01 Jan 1960``, ``Jan 1960``, ``1960``, ``1960-01-31``, ``31/01/1960``
    (``day_first``) or ``01/31/1960`` (US lists), with ``00`` for unknown day or month.
    """
    s = clean(text).strip(".").strip()
    if not s:
        return None
    if m := _ISO.match(s):
        return _iso(int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None)
    if m := _D_MON_Y.match(s):
        mon = _MONTHS.get(m.group(2)[:3].lower())
        return _iso(int(m.group(3)), mon, int(m.group(1))) if mon else None
    if m := _MON_Y.match(s):
        mon = _MONTHS.get(m.group(1)[:3].lower())
        return _iso(int(m.group(2)), mon) if mon else None
    if m := _SLASH.match(s):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day, mon = (a, b) if day_first else (b, a)
        return _iso(y, mon or None, day or None)
    return None


def year_range(start: str | int, end: str | int, *, max_span: int = 15) -> list[str]:
    """Years of a birth-date range as a list ("1960 to 1962" -> 1960, 1961, 1962).

    Matchers compare years; spelling the range out lets them do so without knowing
    about ranges. Absurd spans keep only their end points.
    """
    try:
        a, b = int(str(start)[:4]), int(str(end)[:4])
    except ValueError:
        return []
    if a > b:
        a, b = b, a
    if b - a > max_span:
        return [f"{a:04d}", f"{b:04d}"]
    return [f"{y:04d}" for y in range(a, b + 1)]


_PUBLISHED_IN_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@lru_cache(maxsize=1)
def _known_dates() -> Mapping[str, str]:
    table: dict[str, str] = {}
    path = DATA_DIR / "list_published_dates.csv"
    if path.exists():
        with open(path, encoding="utf-8", newline="") as fh:
            rows = csv.reader(line for line in fh if not line.startswith("#"))
            next(rows, None)
            for row in rows:
                if len(row) >= 2:
                    table[row[0]] = row[1]
    return table


def published_date(paths: Iterable[Path], sha256: str, found: str | None = None) -> str:
    """The date a list file reflects: from the file itself, else a recorded date, else its name.

    Formats without a date inside (OFAC CSV, BIS DPL) get the date recorded for that exact
    content hash in ``lists/data/list_published_dates.csv``; unknown files fall back to a
    date in the file name, else "" (unknown: the content hash still identifies the version).
    """
    if found:
        return found
    if sha256 in _known_dates():
        return _known_dates()[sha256]
    for p in paths:
        if m := _PUBLISHED_IN_NAME.search(p.name):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    return ""


# ---------------------------------------------------------------- building entities


def _add(seq: list, value: object) -> None:
    if value and value not in seq:
        seq.append(value)


@dataclass
class EntityBuilder:
    """Mutable accumulator for one entity; ``build()`` returns the frozen model.

    Loaders that see one record across several rows or files (OFAC alt/add, UK name
    variants, DPL orders) add to the same builder; values are de-duplicated in order.
    """

    id: str
    schema: str
    list_id: str
    source_id: str = ""
    names: list[ListedName] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    identifiers: list[ListedIdentifier] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    properties: dict[str, list[str]] = field(default_factory=dict)

    def name(self, value: str | None, kind: str = "primary", quality: str = "strong") -> None:
        v = clean(value)
        if not v:
            return
        for i, existing in enumerate(self.names):
            if existing.value == v:
                # Keep the strongest reading of a name that appears twice.
                if existing.quality == "weak" and quality == "strong":
                    self.names[i] = ListedName(v, existing.kind, "strong")
                return
        self.names.append(ListedName(v, kind, quality))

    def country(self, value: str | None, *, raw_is_code: bool = False) -> str | None:
        code = (clean(value).upper() or None) if raw_is_code else country_code(clean(value))
        if code and len(code) == 2 and code not in ("00", "XX", "ZZ"):
            _add(self.countries, code)
            return code
        return None

    def address(self, value: str | None) -> None:
        _add(self.addresses, clean(value))

    def identifier(self, type_: str, value: str | None, country: str | None = None) -> None:
        v, t = clean(value), clean(type_)
        if v:
            _add(self.identifiers, ListedIdentifier(t or "ID", v, country or None))

    def birth_date(self, value: str | None) -> None:
        _add(self.birth_dates, value)

    def program(self, value: str | None) -> None:
        _add(self.programs, clean(value))

    def prop(self, key: str, value: str | None) -> None:
        v = clean(value)
        if v:
            _add(self.properties.setdefault(key, []), v)

    def build(self) -> ListedEntity:
        # The primary name first: consumers may show names[0] as the caption.
        names = sorted(self.names, key=lambda n: n.kind != "primary")
        return ListedEntity(
            id=self.id,
            schema=self.schema,
            list_id=self.list_id,
            names=tuple(names),
            countries=tuple(self.countries),
            addresses=tuple(self.addresses),
            identifiers=tuple(self.identifiers),
            birth_dates=tuple(self.birth_dates),
            programs=tuple(self.programs),
            source_id=self.source_id,
            properties={k: tuple(v) for k, v in self.properties.items() if v},
        )


def make_list(
    *,
    list_id: str,
    name: str,
    publisher: str,
    paths: list[Path],
    entities: Iterable[ListedEntity],
    published: str | None = None,
) -> LoadedList:
    """Wrap entities with their source record (content hash, date, counts)."""
    ents = tuple(e for e in entities if e.names)
    if not ents:
        raise ListLoadError(paths[0], "no entries found: not a list in the expected format")
    sha = sha256_of(paths)
    source = ListSource(
        list_id=list_id,
        name=name,
        publisher=publisher,
        published=published_date(paths, sha, published),
        path=str(paths[0]),
        sha256=sha,
        entity_count=len(ents),
        name_count=sum(len(e.names) for e in ents),
    )
    return LoadedList(source=source, entities=ents)


# ---------------------------------------------------------------- CSV


def header_index(path: Path, header: list[str], required: Iterable[str]) -> dict[str, int]:
    """Map column names (case/space-insensitive) to positions; refuse files missing a column."""
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        key = " ".join(h.replace("\ufeff", "").split()).casefold()
        index.setdefault(key, i)
    missing = [c for c in required if c.casefold() not in index]
    if missing:
        raise ListLoadError(path, f"missing required column(s): {', '.join(missing)}")
    return index


def read_header(path: Path, reader: Iterator[list[str]], required: Iterable[str]) -> dict[str, int]:
    """Read a table's header row and index it; an empty file or a missing column is a ListLoadError."""
    header = next(reader, None)
    if header is None:
        raise ListLoadError(path, "empty file")
    return header_index(path, header, required)


def csv_rows(fh: Iterable[str]) -> Iterator[list[str]]:
    """csv.reader that turns NUL bytes and oversized fields into a ListLoadError upstream."""
    csv.field_size_limit(16 * 1024 * 1024)
    return csv.reader(fh)


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin script (names in other scripts are ``native``)."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def slug(text: str) -> str:
    """A stable, readable record id from a name, for lists that publish no ids (BIS DPL)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-") or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


_ORG_WORDS = re.compile(
    r"\b(LLC|L\.L\.C|INC|LTD|LIMITED|CO|CORP|CORPORATION|COMPANY|GMBH|AG|SA|S\.A|SRL|SARL|BV|B\.V|NV|PLC|LLP|OOO|OAO|ZAO|"
    r"PJSC|JSC|TRADING|INTERNATIONAL|INDUSTRIES|INDUSTRY|ENTERPRISES?|GROUP|HOLDINGS?|AIRLINES?|AIRWAYS|"
    r"SHIPPING|LOGISTICS|AIR|AERO|AVIA|ELECTRONICS|TECHNOLOGY|TECHNOLOGIES|SOLUTIONS|SERVICES?|SUPPLY|IMPORT|EXPORT|BANK|"
    r"INSTITUTE|UNIVERSITY|CENTER|CENTRE|FACTORY|PLANT|AVIATION|FREIGHT|CARGO|TRANSPORTATION|SYSTEMS|"
    r"ENGINEERING|CONSTRUCTION|MACHINERY|PARTS|EQUIPMENT|MARINE|ORGANIZATION|FOUNDATION|ASSOCIATION|"
    r"KG|KFT|SPA|S\.P\.A|PTE|PVT|FZE|FZCO|FZC|DMCC|EST|ESTABLISHMENT|BUREAU|LAB|LABS|LABORATORY)\b\.?",
    re.I,
)


def guess_schema(name: str) -> str:
    """Person or Organization for lists that do not say (BIS DPL, some CSL rows).

    Legal-form and business words mark an organisation; anything else is taken as a
    person. A guess, recorded as such by the loaders (property ``schema_guessed``).
    """
    return "Organization" if _ORG_WORDS.search(name or "") else "Person"
