"""anyascii as a ``str.translate`` table, and the symbols it would spell as words.

anyascii transliterates one character at a time in a Python loop; a table filled with its
answer for each code point on first sight lets ``str.translate`` do the loop in C (a
tenth of a non-ASCII name's normalisation). Same output: anyascii spells every character
on its own and joins the spellings.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from anyascii import anyascii

from lists.names.tables import read_csv

_MAX_ENTRIES = 200_000  # (hostile input may bring every code point: memory stays bounded)


class _Spellings(dict[int, str]):
    """Code point -> its anyascii spelling ('' for none), filled as characters are met."""

    def __missing__(self, code: int) -> str:
        spelling = anyascii(chr(code))
        if len(self) < _MAX_ENTRIES:
            self[code] = spelling
        return spelling


_SPELLINGS = _Spellings()


def to_ascii(text: str) -> str:
    """``anyascii(text)``, with the per-character loop in C."""
    return text if text.isascii() else text.translate(_SPELLINGS)


# -- symbols spelt as words ----------------------------------------------------------------

# Trademark signs: NFKC spells them as letters ("TM"), so the rule below would keep them.
_MARKS = frozenset("\u2122\u2120")  # ™ ℠
# Flags are pairs of regional indicator letters ("🇷🇺" is RU): a flag, not a word of the name.
_REGIONAL_INDICATORS = (0x1F1E6, 0x1F1FF)
_BIDI_OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: the run after it shows reversed
_BIDI_END = "\u202c\u2029\n"  # POP DIRECTIONAL FORMATTING, or the paragraph's end


class _Symbols(dict[int, str]):
    """Code point -> itself, the Latin letter it is drawn as (Lisu, Cherokee), or a space for
    a symbol that anyascii would spell as a word.

    A pictograph or sign in a name is decoration, not a word of it: anyascii spells "🚀" as
    "rocket", "♥" as "hearts", "€" as "EUR", a flag's regional letters as "RU", and "°" as
    "deg", so "🚀 Rosoboronexport 🚀" would be three words of which two are unknown and
    the listed name would be missed. A symbol whose NFKC form is itself a letter or digit
    stays ("Ⓐ" is the letter A, "№" is "No", "℅" is "c/o"), as does one that anyascii spells
    as one letter ("🆁", "₳"); punctuation that anyascii spells as punctuation stays too (it
    separates or joins words as before).
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kept = char
        lookalike = _latin_lookalikes().get(code)
        if lookalike is not None:
            kept = lookalike  # a Lisu or Cherokee letter drawn as a Latin one
        elif char in _MARKS or _REGIONAL_INDICATORS[0] <= code <= _REGIONAL_INDICATORS[1]:
            kept = " "
        elif unicodedata.category(char)[0] in "SP" and not _has_alnum(unicodedata.normalize("NFKC", char)):
            spelt = anyascii(char)
            # A sign spelt as one letter is a letter in disguise ("🆁" R, "₳" A, "§" S); one
            # spelt as a word ("rocket", "EUR", "deg") is decoration.
            if _has_alnum(spelt) and not (len(spelt) == 1 and spelt.isalnum()):
                kept = " "
        if len(self) < _MAX_ENTRIES:
            self[code] = kept
        return kept


@lru_cache(maxsize=1)
def _latin_lookalikes() -> dict[int, str]:
    return {ord(row["char"]): row["latin"] for row in read_csv("latin_lookalikes.csv")}


def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


_SYMBOLS = _Symbols()


def without_symbols(text: str) -> str:
    """``text`` as a reader sees it: symbols that are no letters (emoji, pictographs, currency
    and trademark signs) are spaces, Lisu and Cherokee letters drawn like Latin ones are
    those Latin letters (``latin_lookalikes.csv``), and a run behind a right-to-left
    override is in the order it is displayed ("\\u202eTROPXE" shows, and is read, as
    EXPORT)."""
    if text.isascii():
        return text
    if _BIDI_OVERRIDE in text:
        text = _display_order(text)
    return text.translate(_SYMBOLS)


def logical_order(text: str) -> str | None:
    """``text`` without its right-to-left overrides, in the order it is stored, or None when
    it has none. ``without_symbols`` reads what a reader sees; a name stored in order behind
    an override ("\\u202eROSOBORONEXPORT" shows reversed) is what a system reading the
    characters sees, and is screened too."""
    if _BIDI_OVERRIDE not in text:
        return None
    return text.replace(_BIDI_OVERRIDE, "").replace("\u202c", "")


def _display_order(text: str) -> str:
    out: list[str] = []
    pos = 0
    while True:
        start = text.find(_BIDI_OVERRIDE, pos)
        if start < 0:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:start])
        end = start + 1
        while end < len(text) and text[end] not in _BIDI_END:
            end += 1
        run = text[start + 1:end]
        # (Arabic and Hebrew letters run right to left anyway: their logical order is read.)
        rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for c in run)
        out.append(run if rtl else run[::-1])
        pos = end + 1 if text.startswith("\u202c", end) else end  # (the override's end goes with it)
