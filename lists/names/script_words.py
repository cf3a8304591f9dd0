"""Generic organisation words written in Han or Hangul, read as English words.

A Chinese, Japanese or Korean company name is a trade name plus generic words (技术
"technology", 贸易 "trading", 集团 "group") plus a legal form. The lists print such
companies in Latin, with the generic words translated: romanised syllable by syllable,
"华为技术" (hua wei ji shu) would never meet HUAWEI TECHNOLOGIES. The words are data
(``script_words.yml``); like the CJK legal forms they are read in the NFKC text before
transliteration, and only in organisation names.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from lists.names.tables import read_yaml


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, str], ...]:
    """(written form, English words), longest written form first."""
    data = read_yaml("script_words.yml")
    pairs = [(unicodedata.normalize("NFKC", str(written)), str(english))
             for english, forms in (data.get("words") or {}).items() for written in forms or ()]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def translate_script_words(text: str) -> str:
    """``text`` with its CJK generic organisation words written as English words, spaced
    apart from the syllables around them. Text with no such word is returned as is."""
    for written, english in _words():
        if written in text:
            text = text.replace(written, f" {english} ")
    return text


@lru_cache(maxsize=1)
def abjad_words() -> tuple[tuple[str, str], ...]:
    """(written form, English word) of the generic organisation words written in Arabic or
    Persian script (``abjad_words.yml``). Unlike the CJK words above they are not replaced
    in the text: the lists write such bodies both transliterated ("Bank Melli") and
    translated ("National Iranian Oil Company"), so the matcher reads each as both."""
    data = read_yaml("abjad_words.yml")
    return tuple((unicodedata.normalize("NFKC", str(written)), str(english))
                 for english, forms in (data.get("words") or {}).items() for written in forms or ())
