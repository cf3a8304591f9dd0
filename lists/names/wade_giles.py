"""Chinese names written in Wade-Giles, read back in pinyin.

The lists print mainland Chinese names in Hanyu Pinyin (ZHANG Chunxian, XU Xiaohong);
Taiwanese documents, older registers and many shipping papers write the same names in
Wade-Giles (Chang Chun-hsien, Hsu Hsiao-hung). Letter by letter the two meet rarely: hs is
x, ch is zh, j or q, ts and tz are z or c, j is r, -ien is -ian, -ung is -ong, -ih is -i.
A name that reads as Wade-Giles is therefore also screened rewritten into pinyin, one
reading per way its syllables may be read (``wade_giles_readings``, ``wade_giles.csv``);
and a pinyin name is also spelt the Wade-Giles way, for the names the lists print so
(Bao Youxiang is PAO, Yu Hsiang: ``wade_giles_spelling``).

Documents drop Wade-Giles' apostrophes (which tell ch', pinyin ch or q, from ch, pinyin
zh or j) and its umlauts, so a bare syllable stands for every pinyin syllable it may
write: "chun" is zhun, chun, jun and qun. A name that writes the apostrophes somewhere
writes them everywhere, and then a syllable without one is unaspirated ("Ch'en Chih" is
CHEN Zhi, not CHEN Chi).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice, product

from lists.names.tables import read_csv

_MAX_WORD = 12          # letters of a word of two syllables at most: a given name glued
                        # (Chunhsien); Ochota and Kusoman, of three, are no Chinese words
_MAX_READINGS = 8       # pinyin readings screened for one name (each is a screening)
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʻʼ`´"})
_ASPIRATE = re.compile(r"\b(?:ch|k|p|t|ts|tz)'(?=[a-zêü])", re.IGNORECASE)
_WORD = re.compile(r"[a-zêü]+(?:'[a-zêü]+)?", re.IGNORECASE)


def _bare(spelling: str) -> str:
    """A Wade-Giles spelling as documents write it: no apostrophe, no marks."""
    return spelling.replace("'", "").replace("ü", "u").replace("ê", "e")


class _Table:
    """Bare Wade-Giles syllables and the pinyin syllables each may write, with whether the
    Wade-Giles spelling of that pinyin syllable is aspirated (written with an apostrophe)."""

    def __init__(self) -> None:
        readings: dict[str, list[tuple[str, bool]]] = {}
        pinyin: set[str] = set()
        spelt_as: dict[str, str] = {}
        for row in read_csv("wade_giles.csv"):
            syllable = row["pinyin"].replace("ü", "u")
            pinyin.add(syllable)
            spelt_as[syllable] = _bare(row["wade_giles"])
            aspirated = "'" in row["wade_giles"]
            for spelling in (row["wade_giles"], *row["other"].split()):
                options = readings.setdefault(_bare(spelling), [])
                if (syllable, aspirated) not in options:
                    options.append((syllable, aspirated))
        self.readings: dict[str, tuple[tuple[str, bool], ...]] = {
            # (unaspirated readings first: what a bare spelling most often means)
            k: tuple(sorted(v, key=lambda option: option[1])) for k, v in readings.items()}
        self.pinyin = frozenset(pinyin)
        self.spelling = spelt_as  # pinyin syllable -> its Wade-Giles spelling, bare
        self.longest = max(map(len, self.readings))
        self.longest_pinyin = max(map(len, self.pinyin))


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


def _segment(word: str, syllables: frozenset[str] | dict[str, object], longest: int) -> tuple[str, ...]:
    """``word`` as one of ``syllables`` or two, the first the longest that leaves a
    syllable; () if it is neither."""
    if not word or len(word) > _MAX_WORD or not word.isalpha() or not word.isascii():
        return ()
    if word in syllables:
        return (word,)
    for end in range(min(len(word) - 1, longest), 0, -1):
        if word[:end] in syllables and word[end:] in syllables:
            return (word[:end], word[end:])
    return ()


@lru_cache(maxsize=20_000)
def wade_giles_syllables(word: str) -> tuple[str, ...]:
    """``word`` (lower-case Latin) as bare Wade-Giles syllables: "chunhsien" is chun+hsien."""
    table = _table()
    return _segment(word, table.readings, table.longest)


@lru_cache(maxsize=20_000)
def pinyin_syllables(word: str) -> tuple[str, ...]:
    """``word`` (lower-case Latin) as pinyin syllables; () if it is no pinyin."""
    table = _table()
    return _segment(word, table.pinyin, table.longest_pinyin)


def _parts(written: str) -> list[list[list[str]]] | None:
    """``written``'s sections (before and after a comma), their words, and each word's
    hyphen-joined parts, in bare lower-case letters; None for text no Wade-Giles name
    is written in (digits, other letters, more than one comma)."""
    sections = written.split(",")
    if len(sections) > 2:
        return None
    found: list[list[list[str]]] = []
    for section in sections:
        words: list[list[str]] = []
        for chunk in section.split():
            parts = [_bare(p.strip(".").replace("'", "").lower()) for p in chunk.split("-")]
            if not all(p.isascii() and p.isalpha() for p in parts):
                return None
            words.append(parts)
        if words:
            found.append(words)
    return found


def wade_giles_readings(written: str) -> list[str]:
    """Pinyin readings of a name written in Wade-Giles, at most ``_MAX_READINGS``
    (unaspirated readings first), each written like the name (its comma kept, a given name's
    syllables glued as pinyin glues them: "CHANG, Chun-hsien" is read "zhang, chunxian");
    [] for a name that does not read as Wade-Giles.

    A name reads as Wade-Giles when it has two to five words, each (initials aside) made of
    Wade-Giles syllables, and one of them is no pinyin ("Hsuan", "Tung", "Chih"; "Chien",
    not chi-en), a given name's syllables are joined by a hyphen (Kuang-hua) or an aspirate
    is written with its apostrophe.
    """
    if len(written) > 80:
        return []
    written = unicodedata.normalize("NFC", written).translate(_APOSTROPHES)
    sections = _parts(written)
    if sections is None or not 2 <= sum(len(words) for words in sections) <= 5:
        return []
    uses_apostrophes = bool(_ASPIRATE.search(written))
    marked = uses_apostrophes or any(len(parts) > 1 for words in sections for parts in words)
    aspirated_spellings = {_bare(w.lower()) for w in _WORD.findall(written) if "'" in w}
    table = _table().readings
    # Each word's readings, the words of all sections in a row.
    per_word: list[list[str]] = []
    initials_only = True
    for words in sections:
        for parts in words:
            options_per_syllable: list[list[str]] = []
            for part in parts:
                if len(part) == 1:
                    options_per_syllable.append([part])  # (an initial)
                    continue
                initials_only = False
                syllables = wade_giles_syllables(part)
                if not syllables:
                    return []
                in_pinyin = pinyin_syllables(part)
                if in_pinyin and len(in_pinyin) < len(syllables):
                    options_per_syllable.append([part])  # (pinyin, not two syllables: Luo is not Lu-o)
                    continue
                marked = marked or len(in_pinyin) != len(syllables)  # (Hsien, Tung; Chien, not chi-en)
                for syllable in syllables:
                    options = table[syllable]
                    if uses_apostrophes and len({aspirated for _, aspirated in options}) == 2:
                        aspirated = syllable in aspirated_spellings
                        options = tuple(o for o in options if o[1] == aspirated)
                    options_per_syllable.append([pinyin for pinyin, _ in options])
            per_word.append(["".join(choice) for choice in islice(product(*options_per_syllable), _MAX_READINGS)])
    if not marked or initials_only:
        return []
    readings: list[str] = []
    for choice in islice(product(*per_word), _MAX_READINGS):
        words_left = iter(choice)
        readings.append(", ".join(" ".join(next(words_left) for _ in words) for words in sections))
    return readings


def wade_giles_spelling(words: tuple[str, ...] | list[str]) -> tuple[str, ...] | None:
    """A pinyin name written as Wade-Giles writes it, without apostrophes and marks (the way
    the lists print Taiwanese and Burmese-Chinese names: PAO Yu Hsiang, CHOU Hsien Cheng),
    a given name's syllables as words of their own; None when some word is no pinyin (of two
    syllables at most) or nothing changes ("Wang Wei")."""
    if not 2 <= len(words) <= 4:
        return None
    table = _table().spelling
    spelt: list[str] = []
    for word in words:
        syllables = pinyin_syllables(word)
        if not syllables:
            return None
        spelt.extend(table[syllable] for syllable in syllables)
    if "".join(spelt) == "".join(words):
        return None
    return tuple(spelt)
