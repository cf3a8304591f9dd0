"""Japan METI End User List (外国ユーザーリスト), in METI's published spreadsheet layout.

METI publishes the list as an Excel workbook (English and Japanese editions): a few
title rows, then a header ``No. | Country or Region | Company or Organization |
Also Known As | Type of WMD concern`` (Japanese: ``No. | 国名・地域名 | 企業名・組織名 |
別名 | 懸念区分``), one row per end user. Aliases are on separate lines of one cell.
The concern types are B (biological), C (chemical), M (missile), N (nuclear).
The same layout is read from .xlsx and from .csv (a sheet saved as CSV).

METI renumbers entries between revisions, so ``No.`` is kept as a property and the
id is ``jp_meti_eul:<slug of country and name>``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Iterable, Iterator

from lists.parties.model import LoadedList
from lists.sources.common import (
    EntityBuilder,
    ListLoadError,
    check_file,
    clean,
    country_code,
    make_list,
    parse_date,
    slug,
)

LIST_ID = "jp_meti_eul"
#: role -> accepted header spellings (English and Japanese editions), case-insensitive
HEADERS: dict[str, tuple[str, ...]] = {
    "no": ("no.", "no", "番号"),
    "country": ("country or region", "country", "国名・地域名", "国名"),
    "name": ("company or organization", "company or organisation", "企業名・組織名", "企業名"),
    "aliases": ("also known as", "別名"),
    "concern": ("type of wmd concern", "懸念区分"),
}
CONCERNS = {"B": "biological", "C": "chemical", "M": "missile", "N": "nuclear"}
_MONTH_DATE = re.compile(r"([A-Z][a-z]+)\s+(\d{1,2}),\s*(\d{4})")
_JP_DATE = re.compile(r"(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日")


def _rows(path: Path) -> Iterator[list[str]]:
    if path.name.lower().endswith(".xlsx"):
        from lists.sources.xlsx import iter_rows

        for row in iter_rows(path):
            yield ["" if v is None else str(v) for v in row]
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield from csv.reader(fh)


def _find_header(path: Path, rows: Iterable[list[str]]) -> tuple[dict[str, int], str, Iterator[list[str]]]:
    it = iter(rows)
    published = ""
    for _ in range(50):
        row = next(it, None)
        if row is None:
            break
        cells = [clean(c).casefold() for c in row]
        col = {role: cells.index(h) for role, names in HEADERS.items() for h in names if h in cells}
        if "name" in col and "country" in col:
            return col, published, it
        text = " ".join(clean(c) for c in row)
        if not published:
            if m := _MONTH_DATE.search(text):
                published = parse_date(f"{m.group(2)} {m.group(1)[:3]} {m.group(3)}") or ""
            elif m := _JP_DATE.search(text):
                published = parse_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}") or ""
    raise ListLoadError(path, "no METI End User List header (Country or Region / Company or Organization) found")


def load_meti_eul(path: str | Path) -> LoadedList:
    path = Path(path)
    check_file(path)
    try:
        col, published, rows = _find_header(path, _rows(path))
        builders: dict[str, EntityBuilder] = {}
        for row in rows:
            get = lambda role: clean(row[col[role]]) if role in col and col[role] < len(row) else ""  # noqa: E731
            name = get("name")
            if not name:
                continue
            country = get("country")
            sid = slug(f"{country} {name}")
            b = builders.get(sid)
            if b is None:
                b = builders[sid] = EntityBuilder(id=f"{LIST_ID}:{sid}", schema="Organization",
                                                  list_id=LIST_ID, source_id=sid)
            b.name(name)
            raw_aliases = row[col["aliases"]] if "aliases" in col and col["aliases"] < len(row) else ""
            for alias in re.split(r"[\n;]+", str(raw_aliases or "")):
                b.name(alias, "aka", "strong")
            code = country_code(country)
            if code:
                b.country(code, raw_is_code=True)
            b.prop("country_text", country)
            b.prop("eul_number", get("no"))
            for letter in re.findall(r"[BCMN]", get("concern").upper()):
                b.prop("wmd_concern", letter)
                b.program(f"JP-EUL-{letter}")
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed CSV: {exc}") from exc
    return make_list(
        list_id=LIST_ID,
        name="METI End User List",
        publisher="Japan Ministry of Economy, Trade and Industry",
        paths=[path],
        entities=(b.build() for b in builders.values()),
        published=published or None,
    )
