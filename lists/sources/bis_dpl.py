"""US Commerce BIS Denied Persons List (``dpl.txt``): tab-separated, one row per denial order.

The DPL has no record ids and lists the same party once per order (a renewed
temporary denial order is a new row; co-respondents of one order are separate rows).
Rows are grouped into one entity by **normalised name** (case, spacing and punctuation
folded: ``AL-NASER AIRLINES`` and ``AL NASER AIRLINES`` are one party):
the orders, effective/expiration dates and addresses of all its rows are kept on it.
Rows with different names stay separate even when they share an order, since
co-respondents (a company and its director) are different parties. The id is
``us_bis_dpl:<slug of the name>``, stable for as long as BIS keeps the name.
Persons and companies are not distinguished by BIS: the schema is guessed from
legal-form words (``schema_guessed`` property).
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
    parse_date,
    read_header,
    slug,
)

LIST_ID = "us_bis_dpl"
COLUMNS = ("Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
           "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation")
REQUIRED = ("Name", "Effective_Date", "Country")
_US_STATE = re.compile(r"^[A-Z]{2}$")


def group_key(name: str) -> str:
    """Rows whose names differ only in case, spacing or punctuation are one party."""
    return slug(clean(name))


def load_bis_dpl(path: str | Path) -> LoadedList:
    path = Path(path)
    check_file(path)
    builders: dict[str, EntityBuilder] = {}
    latest = ""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t")
            idx = read_header(path, reader, REQUIRED)
            get = lambda row, col: clean(row[idx[col.casefold()]]) if col.casefold() in idx and idx[col.casefold()] < len(row) else ""  # noqa: E731
            for n, row in enumerate(reader, start=2):
                if not any(c.strip() for c in row):
                    continue
                name = get(row, "Name")
                if not name:
                    raise ListLoadError(path, f"row {n} has no Name")
                key = group_key(name)
                b = builders.get(key)
                if b is None:
                    sid = key
                    b = builders[key] = EntityBuilder(
                        id=f"{LIST_ID}:{sid}", schema=guess_schema(name), list_id=LIST_ID, source_id=sid
                    )
                    b.prop("schema_guessed", "true")
                    b.name(name)
                country = get(row, "Country")
                state = get(row, "State")
                if not country and _US_STATE.match(state):
                    country = "US"  # BIS leaves Country empty for US addresses
                parts = [get(row, c) for c in ("Street_Address", "City", "State", "Postal_Code")] + [country]
                b.address(", ".join(p for p in parts if p))
                b.country(country, raw_is_code=len(country) == 2)
                effective = parse_date(get(row, "Effective_Date"), day_first=False)
                b.prop("order_effective_date", effective)
                b.prop("order_expiration_date", parse_date(get(row, "Expiration_Date"), day_first=False))
                b.prop("fr_citation", get(row, "FR_Citation"))
                b.prop("standard_order", get(row, "Standard_Order"))
                b.prop("action", get(row, "Action"))
                b.prop("order_rows", str(n))
                if effective and effective > latest:
                    latest = effective
    except csv.Error as exc:
        raise ListLoadError(path, f"malformed tab-separated file: {exc}") from exc
    return make_list(
        list_id=LIST_ID,
        name="BIS Denied Persons List",
        publisher="US Department of Commerce, Bureau of Industry and Security",
        paths=[path],
        entities=(b.build() for b in builders.values()),
        # The file carries no publication date; it reflects its latest effective date.
        published=latest or None,
    )
