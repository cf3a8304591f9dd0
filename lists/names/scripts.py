"""Script detection by Unicode block ranges.

Names arrive in Latin, Cyrillic, Greek, Arabic, Hebrew, Han, Hangul and kana; the
script decides how a word is transliterated (CJK characters are syllables and get
spaces between them) and whether look-alike letters are an evasion (a Cyrillic
``о`` inside a Latin word).
"""

from __future__ import annotations

import re
from bisect import bisect_right

LATIN = "Latin"
CYRILLIC = "Cyrillic"
GREEK = "Greek"
ARABIC = "Arabic"
HEBREW = "Hebrew"
HAN = "Han"
HANGUL = "Hangul"
KANA = "Kana"
OTHER = "Other"

# (start, end inclusive, script), sorted by start.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, LATIN),
    (0x0061, 0x007A, LATIN),
    (0x00C0, 0x024F, LATIN),
    (0x0370, 0x03FF, GREEK),
    (0x0400, 0x052F, CYRILLIC),
    (0x0590, 0x05FF, HEBREW),
    (0x0600, 0x06FF, ARABIC),
    (0x0750, 0x077F, ARABIC),
    (0x08A0, 0x08FF, ARABIC),
    (0x1100, 0x11FF, HANGUL),
    (0x1C80, 0x1C8F, CYRILLIC),
    (0x1E00, 0x1EFF, LATIN),
    (0x1F00, 0x1FFF, GREEK),
    (0x2DE0, 0x2DFF, CYRILLIC),
    (0x2E80, 0x2FDF, HAN),
    (0x3040, 0x30FF, KANA),
    (0x3130, 0x318F, HANGUL),
    (0x31F0, 0x31FF, KANA),
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xA640, 0xA69F, CYRILLIC),
    (0xAC00, 0xD7AF, HANGUL),
    (0xF900, 0xFAFF, HAN),
    (0xFB1D, 0xFB4F, HEBREW),
    (0xFB50, 0xFDFF, ARABIC),
    (0xFE70, 0xFEFF, ARABIC),
    (0xFF66, 0xFF9F, KANA),
    (0x20000, 0x2FA1F, HAN),
)
_STARTS = tuple(r[0] for r in _RANGES)


def char_script(ch: str) -> str:
    """The script of one character; digits, punctuation and unknown blocks are ``Other``."""
    code = ord(ch)
    if code < 0x80:
        return LATIN if ch.isalpha() else OTHER
    pos = bisect_right(_STARTS, code) - 1
    if pos >= 0:
        start, end, script = _RANGES[pos]
        if start <= code <= end:
            return script
    return OTHER


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def detect_scripts(text: str) -> tuple[str, ...]:
    """Scripts of the letters in ``text``, most frequent first."""
    if text.isascii():
        return (LATIN,) if _ASCII_LETTER.search(text) else ()  # (most names: one C-level scan)
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                counts[LATIN] = counts.get(LATIN, 0) + 1
            continue
        script = char_script(ch)
        if script != OTHER:
            counts[script] = counts.get(script, 0) + 1
    return tuple(sorted(counts, key=lambda s: -counts[s]))


SYLLABLE_SCRIPTS = frozenset({HAN, HANGUL, KANA})
"""Scripts whose names romanise syllable by syllable: each token of such a name is a syllable."""


def _characters_of(scripts: frozenset[str]) -> re.Pattern[str]:
    """A character class of every block of ``scripts`` (one C-level scan finds them)."""
    return re.compile("[" + "".join(f"{re.escape(chr(start))}-{re.escape(chr(end))}"
                                    for start, end, script in _RANGES if script in scripts) + "]")


_SYLLABIC_CHARS = _characters_of(SYLLABLE_SCRIPTS)


def has_syllabic_script(text: str) -> bool:
    """Whether ``text`` holds Han, Hangul or kana characters (one C-level regex scan)."""
    return not text.isascii() and _SYLLABIC_CHARS.search(text) is not None


_SPACED_SYLLABLE_SCRIPTS = frozenset({HAN, HANGUL})


def is_syllabic(script: str) -> bool:
    """Scripts written without spaces whose characters are syllables (one token each)."""
    return script in _SPACED_SYLLABLE_SCRIPTS


_SPACED_SYLLABLE_CHARS = _characters_of(_SPACED_SYLLABLE_SCRIPTS)


def has_spaced_syllables(text: str) -> bool:
    """Whether ``text`` holds characters of an ``is_syllabic`` script (one C-level scan)."""
    return _SPACED_SYLLABLE_CHARS.search(text) is not None
