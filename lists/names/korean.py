"""Romanised Korean names read back as the Hangul syllables they may spell.

DPRK names reach the lists in McCune-Reischauer as the DPRK prints it (KANG Mun Kil, Ri
Chun Song, CHOE Chun Sik); documents write the same people in the Revised Romanization or
passport spellings (Gang Moon Gil, Lee Chunsong, Choe Junsik). One letter-distance or
consonant skeleton cannot see these as one name: k/g, t/d, p/b and ch/j alternate at
every syllable, and a vowel is written o, eo, u or eu. Here a romanised syllable is the
set of Hangul syllables some system spells so (``korean_romanisation.csv``), and two
romanised words are one Korean word when their syllables can be the same Hangul syllables
one by one, whatever the spacing ("Chunsong", "Chun-song", "Chun Song").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import product

from lists.names.tables import read_csv

_HANGUL_BASE = 0xAC00
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ",
           "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")
_MAX_SYLLABLES = 4  # a Korean given name is one or two syllables; glued with the surname, three
_MAX_WORD = 16
_MAX_READINGS = 24  # segmentations of one word kept (a hostile word of syllables has thousands)

Syllables = frozenset[int]
"""Hangul syllables (code points) one romanised syllable may spell."""


class _Tables:
    """The spelling tables and the family names, built once from the CSV: ``table`` reads
    what documents write (passport spellings too: Chul, Hyun), ``listed`` what the lists
    print (McCune-Reischauer, Revised Romanization, French), where those spellings would
    misread a syllable (a DPRK "Su" is 수, never 서)."""

    def __init__(self) -> None:
        rows = read_csv("korean_romanisation.csv")
        # Spellings by position and jamo, each with whether the lists use it too ("*": not).
        by_position: dict[str, dict[str, list[tuple[str, bool]]]] = {}
        surnames: set[int] = set()
        for row in rows:
            if row["position"] == "surnames":
                surnames.update(ord(s) for s in row["spellings"].split())
                continue
            by_position.setdefault(row["position"], {}).setdefault(row["jamo"], []).extend(
                ("" if s == "_" else s.lstrip("*"), not s.startswith("*")) for s in row["spellings"].split())
        initial, vowel, final = by_position["initial"], by_position["vowel"], by_position["final"]
        before_iy, before_other = by_position["initial_before_iy"], by_position["initial_before_other"]
        table: dict[str, set[int]] = {}
        listed: dict[str, set[int]] = {}
        for i, ini in enumerate(_INITIALS):
            for v, vow in enumerate(_VOWELS):
                v_spellings = vowel[vow]
                iy = v_spellings[0][0][:1] in ("i", "y")
                i_spellings = initial[ini] + (before_iy if iy else before_other).get(ini, [])
                for f, fin in enumerate(_FINALS):
                    f_spellings = final.get(fin)
                    if f_spellings is None:
                        continue  # (finals no name syllable ends with)
                    code = _HANGUL_BASE + (i * 21 + v) * 28 + f
                    for (a, a_listed), (b, b_listed), (c, c_listed) in product(i_spellings, v_spellings, f_spellings):
                        table.setdefault(a + b + c, set()).add(code)
                        if a_listed and b_listed and c_listed:
                            listed.setdefault(a + b + c, set()).add(code)
        for syllable, written in by_position["syllable"].items():
            for spelling, is_listed in written:
                table.setdefault(spelling, set()).add(ord(syllable))
                if is_listed:
                    listed.setdefault(spelling, set()).add(ord(syllable))
        self.table: dict[str, Syllables] = {k: frozenset(v) for k, v in table.items() if k}
        self.listed: dict[str, Syllables] = {k: frozenset(v) for k, v in listed.items() if k}
        self.longest = max(map(len, self.table))
        self.surnames = frozenset(surnames)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


def syllable_readings(spelling: str) -> Syllables:
    """The Hangul syllables ``spelling`` (one romanised syllable) may write; empty if none."""
    return _tables().table.get(spelling, frozenset())


@lru_cache(maxsize=20_000)
def korean_readings(word: str, listed: bool = False) -> tuple[tuple[Syllables, ...], ...]:
    """Every way ``word`` (lower-case Latin) splits into romanised Korean syllables, at most
    ``_MAX_SYLLABLES`` of them: "jongun" is jong+un and jon+gun. () if none. ``listed``:
    read as the lists spell (not the documents' spellings: ``_Tables``)."""
    if not word.isascii() or not word.isalpha() or len(word) > _MAX_WORD:
        return ()
    tables = _tables()
    table, longest = tables.listed if listed else tables.table, tables.longest
    # ways[i]: the readings of word[i:] (filled from the end)
    size = len(word)
    ways: list[list[tuple[Syllables, ...]]] = [[] for _ in range(size + 1)]
    ways[size] = [()]
    for i in range(size - 1, -1, -1):
        found: list[tuple[Syllables, ...]] = []
        for j in range(i + 1, min(size, i + longest) + 1):
            syllables = table.get(word[i:j])
            if syllables is None:
                continue
            for rest in ways[j]:
                if len(rest) < _MAX_SYLLABLES:
                    found.append((syllables, *rest))
                    if len(found) >= _MAX_READINGS:
                        break
            if len(found) >= _MAX_READINGS:
                break
        ways[i] = found
    return tuple(ways[0])


@lru_cache(maxsize=50_000)
def korean_alike(query: str, listed: str, documents: bool = True) -> bool:
    """Whether a query's word and a listed word can spell the same Hangul syllables, one by
    one. ``documents``: the query's word may be spelt as documents spell (not for a word our
    own transliteration of Hangul wrote: it is Revised Romanization)."""
    for ra in korean_readings(query, not documents):
        for rb in korean_readings(listed, True):
            if len(ra) == len(rb) and all(not x.isdisjoint(y) for x, y in zip(ra, rb)):
                return True
    return False


_NAME_SYLLABLE_ENDS = frozenset("aeiouy") | {"n", "m", "l", "k", "p"}  # (and "ng": it ends in g after n)


@lru_cache(maxsize=20_000)
def spells_korean_name(word: str) -> bool:
    """Whether ``word`` splits into syllables as the lists romanise Korean names, each ending
    in a vowel or in n, ng, m, l, k or p ("kwang son", "ryon bong"): a stricter reading than
    ``korean_readings``, which also reads English words of a Korean entry's name ("bor der",
    "peop les": finals names do not write)."""
    if not word.isascii() or not word.isalpha() or len(word) > _MAX_WORD:
        return False
    tables = _tables()
    table, longest = tables.listed, tables.longest
    ends = [False] * (len(word) + 1)  # ends[i]: word[:i] splits so
    ends[0] = True
    for i in range(len(word)):
        if not ends[i]:
            continue
        for j in range(i + 1, min(len(word), i + longest) + 1):
            spelling = word[i:j]
            if spelling in table and (spelling[-1] in _NAME_SYLLABLE_ENDS or spelling.endswith("ng")):
                ends[j] = True
    return ends[len(word)]


def edge_syllables(word: str) -> tuple[Syllables, Syllables]:
    """The Hangul syllables ``word`` may start with and end with, read from its first and
    last letters alone (as documents spell): a cheap necessary test before ``korean_alike``
    (a word alike a listed one starts and ends with syllables that word may start and end
    with), which reads every way the whole word splits."""
    table, longest = _tables().table, _tables().longest
    first: set[int] = set()
    last: set[int] = set()
    size = len(word)
    for j in range(1, min(size, longest) + 1):
        found = table.get(word[:j])
        if found is not None:
            first.update(found)
        found = table.get(word[size - j:])
        if found is not None:
            last.update(found)
    return frozenset(first), frozenset(last)


def korean_syllables(word: str, listed: bool = False) -> frozenset[int]:
    """Every Hangul syllable any syllable of any reading of ``word`` may spell (blocking's
    key: a listed word is found through each syllable it may spell)."""
    found: set[int] = set()
    for reading in korean_readings(word, listed):
        for syllables in reading:
            found.update(syllables)
    return frozenset(found)


def is_korean_surname(word: str) -> bool:
    """Whether ``word`` may spell one of the common Korean family names."""
    return not _tables().surnames.isdisjoint(syllable_readings(word))


def looks_korean(tokens: tuple[str, ...] | list[str]) -> bool:
    """A name of two to four words, every one romanised Korean syllables (an initial
    aside), one of them a family name: "Gang Moon Gil", "RI, Chunsong", "Kim J. U."."""
    if not 2 <= len(tokens) <= 4:
        return False
    words = [t for t in tokens if len(t) > 1]
    # (The family name first: one dictionary lookup a word, and most names have none.)
    return bool(words) and any(map(is_korean_surname, words)) and all(korean_readings(t) for t in words)


# ---------------------------------------------------------------------------------------------
# Korean names written in Cyrillic


_CYRILLIC_VOWELS = frozenset("аяоёеуюыиэ")
_MAX_CYRILLIC_WORD_SPELLINGS = 6  # (a word of three н and е has 36: the likeliest are kept)


class _CyrillicTable:
    """``korean_cyrillic.csv``: Cyrillic letter groups and their romanised spellings, by
    where in a word they may stand."""

    def __init__(self) -> None:
        self.spellings: dict[tuple[str, str], tuple[str, ...]] = {}
        for row in read_csv("korean_cyrillic.csv"):
            self.spellings[(row["cyrillic"], row["where"])] = tuple(
                "" if s == "_" else s for s in row["latin"].split())
        self.longest = max(len(group) for group, _where in self.spellings)
        self.letters = frozenset("".join(group for group, _where in self.spellings))


@lru_cache(maxsize=1)
def _cyrillic_table() -> _CyrillicTable:
    return _CyrillicTable()


def _likeliest_first(options: Sequence[Sequence[str]], most: int) -> list[tuple[str, ...]]:
    """Every choice of one option per position, at most ``most``, ordered by how far from
    each position's first (likeliest) option it strays."""
    picks = sorted(product(*(range(len(o)) for o in options)), key=sum)[:most]
    return [tuple(o[k] for o, k in zip(options, pick)) for pick in picks]


@lru_cache(maxsize=4096)
def _cyrillic_word_spellings(word: str) -> tuple[str, ...]:
    """The romanised spellings of one Cyrillic word (lower case), likeliest first: the
    longest letter group the table holds at each position, each read every way the table
    reads it. () if a letter is not in the table."""
    table = _cyrillic_table()
    groups: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        for size in range(min(table.longest, len(word) - i), 0, -1):
            group = word[i:i + size]
            end = i + size
            final = end == len(word) or word[end] not in _CYRILLIC_VOWELS
            found = (table.spellings.get((group, "final")) if final else None) \
                or (table.spellings.get((group, "initial")) if i == 0 else None) \
                or table.spellings.get((group, "any"))
            if found is not None:
                groups.append(found)
                i = end
                break
        else:
            return ()
    # Past 64 combinations, a group is read its likeliest way only (a word of ten е has 59,049).
    total = 1
    for k, g in enumerate(groups):
        if total * len(g) > 64:
            groups[k] = g[:1]
        else:
            total *= len(g)
    return tuple(dict.fromkeys("".join(c) for c in _likeliest_first(groups, _MAX_CYRILLIC_WORD_SPELLINGS)))


_MAX_CYRILLIC_WORD = 10  # (two syllables glued: Чхольчжун; Russian given names run longer)


@lru_cache(maxsize=4096)
def _cyrillic_syllables(word: str) -> tuple[str, ...]:
    """The romanised spellings of a Cyrillic word that are one or two syllables as the
    lists romanise Korean names, likeliest first; () if none."""
    if not _cyrillic_table().letters.issuperset(word):
        return ()
    return tuple(s for s in _cyrillic_word_spellings(word)
                 if s and spells_korean_name(s) and any(len(r) <= 2 for r in korean_readings(s)))


def cyrillic_korean_spellings(text: str, frequency: Callable[[str], int] | None = None,
                              most: int = 4) -> tuple[str, ...]:
    """A Korean name written in Cyrillic ("Ким Чен Ын", "Чхве Рён Хэ"), read as the lists
    romanise it ("kim chong un"): at most ``most`` readings, likeliest first. () unless the
    name reads as one: two to four words, each one or two syllables as the lists romanise
    Korean names, the first or the last a family name ("Ким Марина" is no Korean name:
    Marina is three syllables; nor is "пан Богдан": no Korean syllable ends in g).

    ``frequency`` (how many listed names hold a spelling) ranks the readings: the one whose
    words the lists hold most often first. Cyrillic writes final ㄴ and ㅇ alike (Чен is Jong,
    Ын is Un), and each reading screened is one more chance for a namesake one letter away
    (Хан read Hang meets PANG), so a caller screens the likeliest only."""
    words = [w for w in text.lower().replace("-", " ").replace(",", " ").split() if w]
    if not 2 <= len(words) <= 4 or any(len(w) > _MAX_CYRILLIC_WORD for w in words):
        return ()
    # The family name first (most Cyrillic names are Russian, and have none; a Korean one is
    # one syllable, at most four letters: Ким, Чхве, Хван), then every word.
    if not any(len(w) <= 4 and any(map(is_korean_surname, _cyrillic_syllables(w))) for w in (words[0], words[-1])):
        return ()
    spelt = [_cyrillic_syllables(word) for word in words]
    if not all(spelt):
        return ()
    readings = _likeliest_first(spelt, 64)
    if frequency is not None:
        # (Stable: among equally frequent readings, the likeliest spelling first.)
        def rank(reading: tuple[str, ...]) -> tuple[int, float]:
            counts = [frequency(w) for w in reading]
            return -sum(1 for c in counts if c), -sum(math.log1p(c) for c in counts)
        readings.sort(key=rank)
    return tuple(" ".join(r) for r in readings[:most])
