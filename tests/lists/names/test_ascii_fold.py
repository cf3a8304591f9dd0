"""The C-speed transliteration table answers exactly what anyascii answers."""

from __future__ import annotations

import csv

from anyascii import anyascii

from lists.names import ascii_fold
from lists.names.ascii_fold import to_ascii, without_symbols
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


def test_symbols_anyascii_would_spell_as_words_become_spaces():
    assert without_symbols("🚀 ACME♥Trading €") == "  ACME Trading  "
    assert without_symbols("ACME\u2122 Ltd \U0001F1F7\U0001F1FA") == "ACME  Ltd   "


def test_signs_spelt_as_one_letter_are_letters_in_disguise():
    # Negative squared letters, the austral sign as A; a flag's regional letters are no word.
    assert to_ascii(without_symbols("🆁🅾🆂 ₳ero")) == "ROS Aero"
    assert without_symbols("\U0001F1F7\U0001F1FA") == "  "


def test_symbols_that_are_letters_digits_or_punctuation_stay():
    # Circled letters are letters (NFKC), № and ℅ are words, "&", "-", "'", "·" punctuation.
    for kept in ("Ⓐⓒⓜⓔ", "Завод № 5", "ACME ℅ Beta", "M&T", "Al-Qaida", "O'Brien", "Ramon Llull·l", "金正恩"):
        assert without_symbols(kept) == kept


def test_a_right_to_left_override_run_is_read_in_display_order():
    assert without_symbols("JSC \u202eTROPXE\u202c Moscow") == "JSC EXPORT Moscow"
    assert without_symbols("\u202eTROPXE") == "EXPORT"
    # Arabic letters run right to left anyway: their logical order is the one read.
    assert without_symbols("\u202eمحمد\u202c") == "محمد"


def test_lisu_and_cherokee_letters_drawn_as_latin_ones_read_as_those_letters():
    assert without_symbols("ꓣꓳꓢꓳꓐꓳꓣꓳꓠꓰꓫꓑꓳꓣꓔ") == "ROSOBORONEXPORT"
    assert without_symbols("ᎪᏴᏟ") == "ABC"


def test_the_stored_order_of_a_name_behind_a_right_to_left_override_drops_the_override():
    from lists.names.ascii_fold import logical_order

    assert logical_order("JSC \u202eROSOBORONEXPORT\u202c Moscow") == "JSC ROSOBORONEXPORT Moscow"
    assert logical_order("Rosoboronexport") is None
