"""Reading declared control-list entries and licence numbers, driven by the ``control_list`` table.

Declarations write the same list item many ways ("7", "item 7(1)", "7の項",
"別表第1の3の2の項"); the table file's ``params`` say how to strip prefixes,
which characters to replace and which regular expression yields the item key.
Three outcomes, never a guess: a list item (a row of the table), "not listed"
(a declared marker such as "非該当" or "EAR99"), or *unrecognised* — which the
rules treat as possibly listed and hold (fail closed).

Also used for HS-style prefix tables: ``HsPrefixIndex`` maps 2/4/6-digit
prefixes to the rows that name them, checked most specific first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from lists.rules.bundle import Row, Table
from lists.rules.common import ParamError, str_list


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


@dataclass(frozen=True, slots=True)
class ControlEntry:
    """Outcome of reading one declared entry: ``row`` set = list item; ``listed`` None = unrecognised."""

    declared: str
    listed: bool | None
    row: Row | None = None


@dataclass(frozen=True, slots=True)
class ControlList:
    table: Table
    items: Mapping[str, Row]
    prefixes: tuple[str, ...]
    replacements: tuple[tuple[str, str], ...]
    pattern: re.Pattern[str]
    not_listed: frozenset[str]
    licence_absent: frozenset[str]

    @classmethod
    def from_table(cls, table: Table) -> "ControlList":
        p = table.params
        items: dict[str, Row] = {}
        for row in table.rows:
            key = _norm(str(row.get("item", "")))
            if not key:
                raise ParamError(f"{table.name}/{row.id}: item is empty")
            items[key] = row
        try:
            pattern = re.compile(str(p.get("item_pattern", r"^(?P<item>[0-9a-z-]+)")), re.IGNORECASE)
        except re.error as exc:
            raise ParamError(f"{table.name}: bad item_pattern: {exc}") from None
        if "item" not in pattern.groupindex:
            raise ParamError(f"{table.name}: item_pattern needs a named group 'item'")
        replacements = p.get("replacements") or {}
        if not isinstance(replacements, dict):
            raise ParamError(f"{table.name}: replacements must be a mapping")
        prefixes = tuple(sorted((_norm(x) for x in str_list(p.get("strip_prefixes"), "strip_prefixes")),
                                key=len, reverse=True))
        return cls(
            table=table,
            items=items,
            prefixes=tuple(x for x in prefixes if x),
            replacements=tuple((unicodedata.normalize("NFKC", str(k)).casefold(),
                                unicodedata.normalize("NFKC", str(v)).casefold())
                               for k, v in replacements.items() if str(k)),
            pattern=pattern,
            not_listed=frozenset(_norm(x) for x in str_list(p.get("not_listed_markers"), "not_listed_markers")),
            licence_absent=frozenset(_norm(x) for x in str_list(p.get("license_absent_markers"),
                                                                 "license_absent_markers")),
        )

    def _cleaned(self, text: str) -> str:
        changed = True
        while changed:
            changed = False
            for pre in self.prefixes:
                if text.startswith(pre):
                    text = text[len(pre):].lstrip(" :#.-")
                    changed = True
        for old, new in self.replacements:
            text = text.replace(old, new)
        return text

    def read(self, declared: str | None) -> ControlEntry | None:
        """None when nothing was declared (the line does not claim to be a list item)."""
        if declared is None:
            return None
        raw = _norm(declared)
        if not raw:
            return None
        if raw in self.not_listed:
            return ControlEntry(declared, False)
        cleaned = self._cleaned(raw)
        if cleaned in self.not_listed:
            return ControlEntry(declared, False)
        m = self.pattern.match(cleaned)
        if m:
            row = self.items.get(_norm(m.group("item")))
            if row is not None:
                return ControlEntry(declared, True, row)
        return ControlEntry(declared, None)

    def has_licence(self, licence: str | None) -> bool:
        if licence is None:
            return False
        return _norm(licence) not in self.licence_absent


def control_list(table: Table) -> ControlList:
    return ControlList.from_table(table)


@dataclass(frozen=True, slots=True)
class HsPrefixIndex:
    """2/4/6-digit HS prefixes → the rows naming them."""

    by_prefix: Mapping[str, tuple[Row, ...]]

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Row]], hs: Any = None, where: str = "") -> "HsPrefixIndex":
        out: dict[str, list[Row]] = {}
        for prefix, row in entries:
            code = str(prefix).replace(".", "").strip()
            if not code.isdigit() or len(code) not in (2, 4, 6):
                raise ParamError(f"{where}: HS prefix {prefix!r} must be 2, 4 or 6 digits")
            if hs is not None and code not in hs:
                raise ParamError(f"{where}: HS prefix {code} does not exist in {hs.edition}")
            out.setdefault(code, []).append(row)
        return cls({k: tuple(v) for k, v in out.items()})

    def match(self, prefixes: Iterable[str]) -> list[tuple[str, Row]]:
        """Rows matching any of the given prefixes (pass (hs6, hs4, hs2) for most specific first)."""
        found: list[tuple[str, Row]] = []
        for p in prefixes:
            for row in self.by_prefix.get(p, ()):
                found.append((p, row))
        return found


def chapter_ranges(values: Iterable[str], where: str) -> frozenset[str]:
    """``["25-40", "63"]`` → the 2-digit chapter codes they cover."""
    out: set[str] = set()
    for v in values:
        text = str(v).strip()
        lo, _, hi = text.partition("-")
        hi = hi or lo
        if not (lo.isdigit() and hi.isdigit()) or not (1 <= int(lo) <= int(hi) <= 99):
            raise ParamError(f"{where}: bad chapter range {v!r}")
        out.update(f"{c:02d}" for c in range(int(lo), int(hi) + 1))
    return frozenset(out)
