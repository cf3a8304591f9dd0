"""The C-speed transliteration table answers exactly what anyascii answers."""

from __future__ import annotations

import csv

from anyascii import anyascii

from lists.names import ascii_fold
from lists.names.ascii_fold import to_ascii
from tests.conftest import SHARED_DATA


def _names(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return [row["name"] for row in csv.DictReader(fh)]


def test_table_spells_every_real_name_as_anyascii_does():
    # Japanese company names (kana, Han, full-width Latin) and the OpenSanctions war
    # sanctions entries that print non-ASCII names (Cyrillic, mostly).
    names = _names(SHARED_DATA / "negatives" / "companies_jp.csv")
    with open(SHARED_DATA / "lists" / "opensanctions" / "ua_war_sanctions.targets.simple.csv", encoding="utf-8") as fh:
        names += [line for line in fh if not line.isascii()][:3000]
    assert sum(not n.isascii() for n in names) > 3000
    assert [to_ascii(n) for n in names] == [anyascii(n) for n in names]


def test_characters_anyascii_drops_are_dropped():
    assert to_ascii("a\u200db\U000e0001c") == anyascii("a\u200db\U000e0001c") == "abc"


def test_table_stays_bounded_under_hostile_input():
    every = "".join(chr(code) for code in range(0x80, 0x80 + 2 * ascii_fold._MAX_ENTRIES) if not 0xD800 <= code < 0xE000)
    assert to_ascii(every) == anyascii(every)
    assert len(ascii_fold._SPELLINGS) <= ascii_fold._MAX_ENTRIES
