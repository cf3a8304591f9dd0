"""Transliteration to Latin and folding of Latin look-alike letters.

Order matters: look-alike (homoglyph) folding runs first, on the original
script, because a Cyrillic ``Р`` hidden in a Latin word must become Latin ``P``
(what the reader sees), whereas a genuinely Cyrillic word must be transliterated
(``Р`` -> ``R``). Transliteration uses ``anyascii`` (maintained, table driven,
covers every script we meet); Han and Hangul characters are syllables, so each
becomes its own token rather than one glued word.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii

from lists.names import scripts
from lists.names.tables import read_csv

_CONFUSABLE_SCRIPTS = (scripts.CYRILLIC, scripts.GREEK)


@lru_cache(maxsize=1)
def homoglyph_table() -> dict[int, str]:
    """Cyrillic/Greek letter -> the Latin letter it looks like (from ``homoglyphs.csv``)."""
    return {ord(row["char"]): row["latin"] for row in read_csv("homoglyphs.csv")}


def _fold_word(word: str, table: dict[int, str], latin_context: bool) -> str:
    has_latin = False
    foreign = 0
    confusable = 0
    for ch in word:
        script = scripts.char_script(ch)
        if script == scripts.LATIN:
            has_latin = True
        elif script in _CONFUSABLE_SCRIPTS:
            foreign += 1
            if ord(ch) in table:
                confusable += 1
    if not foreign:
        return word
    # Mixed inside one word, or a word made only of look-alikes in a Latin-script name.
    if has_latin or (latin_context and confusable == foreign):
        return word.translate(table)
    return word


def fold_homoglyphs(text: str) -> str:
    """Replace Cyrillic/Greek look-alikes by Latin letters where they pose as Latin.

    A word is folded when it mixes Latin with Cyrillic/Greek letters, or when the
    name is mostly Latin and the word consists only of look-alike letters.
    """
    if text.isascii():
        return text
    found = scripts.detect_scripts(text)
    if scripts.LATIN not in found or not any(s in found for s in _CONFUSABLE_SCRIPTS):
        return text
    table = homoglyph_table()
    latin_context = found[0] == scripts.LATIN
    return " ".join(_fold_word(w, table, latin_context) for w in text.split(" "))


# A Han/Hangul syllable romanised as a bare vowel (이 -> "i", 우 -> "u") is a whole name part,
# not an initial: spell it as the usual romanisations do (Yi, Woo, Oh).
_VOWEL_SYLLABLES = {"i": "yi", "u": "woo", "o": "oh", "e": "eh", "a": "ah"}


def to_latin(text: str) -> str:
    """ASCII transliteration; Han/Hangul syllables are separated by spaces."""
    if text.isascii():
        return text
    pieces: list[str] = []
    for ch in text:
        if ord(ch) >= 0x1100 and scripts.is_syllabic(scripts.char_script(ch)):
            syllable = anyascii(ch)
            pieces.append(" " + _VOWEL_SYLLABLES.get(syllable.lower(), syllable) + " ")
        else:
            pieces.append(ch)
    return anyascii("".join(pieces))
