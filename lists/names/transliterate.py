"""Transliteration to Latin and folding of Latin look-alike letters.

Order matters: look-alike (homoglyph) folding runs first, on the original
script, because a Cyrillic ``Р`` hidden in a Latin word must become Latin ``P``
(what the reader sees), whereas a genuinely Cyrillic word must be transliterated
(``Р`` -> ``R``). Transliteration uses ``anyascii`` (maintained, table driven,
covers every script we meet); Han and Hangul characters are syllables, so each
becomes its own token rather than one glued word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lists.names import scripts
from lists.names.ascii_fold import to_ascii
from lists.names.tables import read_csv

_CONFUSABLE_SCRIPTS = (scripts.CYRILLIC, scripts.GREEK)


@lru_cache(maxsize=1)
def homoglyph_table() -> dict[int, str]:
    """Cyrillic/Greek letter -> the Latin letter it looks like (from ``homoglyphs.csv``)."""
    return {ord(row["char"]): row["latin"] for row in read_csv("homoglyphs.csv")}


@lru_cache(maxsize=1)
def reverse_homoglyph_tables() -> dict[str, dict[int, str]]:
    """Per script, Latin letter -> that script's look-alike (the first one ``homoglyphs.csv``
    lists: ``H`` -> Cyrillic ``Н``, not the rarer ``Һ``)."""
    tables: dict[str, dict[int, str]] = {}
    for row in read_csv("homoglyphs.csv"):
        tables.setdefault(scripts.char_script(row["char"]), {}).setdefault(ord(row["latin"]), row["char"])
    return tables


def _fold_word(word: str, table: dict[int, str], latin_context: bool) -> str:
    latin = 0
    counts: dict[str, int] = {}  # foreign script -> its letters in the word
    confusable = 0
    for ch in word:
        script = scripts.char_script(ch)
        if script == scripts.LATIN:
            latin += 1
        elif script in _CONFUSABLE_SCRIPTS:
            counts[script] = counts.get(script, 0) + 1
            if ord(ch) in table:
                confusable += 1
    foreign = sum(counts.values())
    if not foreign:
        return word
    if latin:
        # Mixed inside one word. A Latin word with look-alikes slipped in ("Rоsnеft") holds
        # only look-alikes; a Cyrillic or Greek word typed with a Latin letter or two
        # ("Валер'евiч" with a Latin i, common in Belarusian and Ukrainian data) holds
        # letters no Latin word has: its Latin letters are the intruders, and become the
        # script's look-alikes so the word transliterates as the reader sees it.
        script = max(counts, key=counts.__getitem__)
        reverse = reverse_homoglyph_tables().get(script, {})
        if confusable < foreign and latin < foreign and \
                all(ord(ch) in reverse for ch in word if scripts.char_script(ch) == scripts.LATIN):
            return word.translate(reverse)
        return word.translate(table)
    if latin_context and confusable == foreign:
        return word.translate(table)  # a word made only of look-alikes in a Latin-script name
    return word


def fold_homoglyphs(text: str) -> str:
    """Write every word in the script it poses as.

    A Latin word holding Cyrillic/Greek look-alikes is folded to Latin, as is a word made
    only of look-alikes in a mostly Latin name, or in a name with a Latin word in disguise;
    a Cyrillic/Greek word holding a few Latin look-alikes gets them back in its own script.
    """
    if text.isascii():
        return text
    found = scripts.detect_scripts(text)
    if scripts.LATIN not in found or not any(s in found for s in _CONFUSABLE_SCRIPTS):
        return text
    table = homoglyph_table()
    words = text.split(" ")
    latin_context = found[0] == scripts.LATIN
    if not latin_context:
        # A word mixing scripts that reads as Latin ("ΜΕLLΙ": L has no Greek look-alike)
        # says the name is Latin in disguise, however many look-alikes it holds ("ΒΑΝΚ").
        latin_context = any(_fold_word(w, table, False).isascii() for w in words
                            if not w.isascii() and any(scripts.char_script(c) == scripts.LATIN for c in w))
    return " ".join(_fold_word(w, table, latin_context) for w in words)


# A Han/Hangul syllable romanised as a bare vowel (이 -> "i", 우 -> "u") is a whole name part,
# not an initial: spell it as the usual romanisations do (Yi, Woo, Oh).
_VOWEL_SYLLABLES = {"i": "yi", "u": "woo", "o": "oh", "e": "eh", "a": "ah"}


def to_latin(text: str) -> str:
    """ASCII transliteration; Han/Hangul syllables are separated by spaces."""
    if text.isascii():
        return text
    if not scripts.has_spaced_syllables(text):
        return to_ascii(text)  # (most non-ASCII names: no per-character pass here)
    pieces: list[str] = []
    for ch in text:
        if ord(ch) >= 0x1100 and scripts.is_syllabic(scripts.char_script(ch)):
            syllable = to_ascii(ch)
            pieces.append(" " + _VOWEL_SYLLABLES.get(syllable.lower(), syllable) + " ")
        else:
            pieces.append(ch)
    return to_ascii("".join(pieces))


# The Arabic definite article is written glued to its word (الظواهري, "al-Zawahiri"): split
# off, it reads "al" as Latin listings write it, instead of a bare "l" glued to the word.
# (Not in الله, "Allah", where the letters belong to the word, nor in a word with letters
# only Persian has: there ال starts names, الینا is Alina.)
_ARABIC_LETTER = "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff"
_PERSIAN_ONLY = "\u067e\u0686\u0698\u06a9\u06af\u06cc"  # پ چ ژ ک گ ی
_ARABIC_ARTICLE = re.compile(
    f"(?<![{_ARABIC_LETTER}])\u0627\u0644(?=[{_ARABIC_LETTER}]{{2}})(?!\u0644\u0647(?![{_ARABIC_LETTER}]))"
    f"(?![{_ARABIC_LETTER}]*[{_PERSIAN_ONLY}])")

# ... or written as a word of its own (جمات ال احرار, Jamaat ul-Ahrar), not a bare "l".
_ARABIC_LONE_ARTICLE = re.compile(f"(?<![{_ARABIC_LETTER}])\u0627\u0644(?![{_ARABIC_LETTER}])")


def spell_arabic_script(text: str) -> str:
    """Arabic-script text (casefolded) rewritten so ``to_latin`` reads it as Latin spellings
    do: the article split off its word (and read "al" where written alone); a Persian ه
    before a zero-width non-joiner ends a word part silently (خامنه‌ای is Khamenei, not
    Khamenehi); ض is d or dh in Arabic and z in Persian (رضا, Reza): anyascii writes it d
    like د, so it is written as ظ (dh, read d, dh or z); a non-joiner between two name parts
    is a space. Names and the legal forms of ``legal_forms.yml`` go through the same rewrite,
    so a form written in Arabic script meets the name's tokens."""
    text = _ARABIC_ARTICLE.sub("al ", _ARABIC_LONE_ARTICLE.sub("al", text))
    text = text.replace("\u0647\u200c", "\u200c").replace("\u0636", "\u0638")
    if "\u200c" in text:
        text = _NAME_PARTS_JOINED.sub(" ", text)
    return text


# A zero-width non-joiner between two parts of three letters or more joins two names
# (احمدی‌مقدم, Ahmadi-Moqaddam), which Latin lists write apart or hyphenated; before a
# suffix (خامنه‌ای, ها) it stays, and anyascii drops it.
_NAME_PARTS_JOINED = re.compile(f"(?<=[{_ARABIC_LETTER}]{{3}})\u200c(?=[{_ARABIC_LETTER}]{{3}})")
