"""Tokens of a romanised name: splitting, word classes, variant folding, phonetic keys.

* ``split_tokens`` turns transliterated text into lower-case tokens: dots and
  apostrophes vanish inside words (``S.A.`` -> ``sa``, ``O'Neil`` -> ``oneil``),
  every other non-alphanumeric character separates tokens.
* ``canonical_token`` folds spellings of one name (``muhammad`` -> ``mohammed``,
  ``intl`` -> ``international``) using ``name_variants.csv``.
* ``skeleton`` is a consonant key (``phonetic_rules.csv``) shared by
  transliteration variants nobody listed in the variants table.
* ``word_class`` tells stopwords, titles, particles and common organisation
  words apart so the matcher can weigh them down.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby
from typing import Any

from lists.names.tables import read_csv, read_yaml


def _total_on_ascii(table: dict[int, Any]) -> dict[int, Any]:
    """A ``str.translate`` table that also maps every ASCII character it leaves alone to
    itself: a character missing from the table costs a raised and cleared KeyError,
    which cost more than the rest of tokenising a name."""
    return {**{code: code for code in range(128)}, **table}


_DROP_INSIDE = _total_on_ascii(str.maketrans({"'": "", "`": "", "\u2019": "", "\u02bc": "", "\u02bb": "", "\u00b4": ""}))
_SEPARATORS = re.compile(r"[^0-9a-z]+")

STOPWORD = "stopword"
TITLE = "title"
PARTICLE = "particle"
COMMON = "common"
PLAIN = "plain"


# The dot after a one-letter word, unless a word of two letters or more follows it at once:
# "s.a." and "r.o.s.o.b" are dotted letters, "sepah-e.qods" and "j.smith" are two words.
_INITIAL_DOT = re.compile(r"(?<=\b[0-9a-z])\.(?![0-9a-z]{2})")


def split_tokens(latin_text: str) -> list[str]:
    """Lower-case alphanumeric tokens of an ASCII (already transliterated) text.

    A dot after a single letter glues (``S.A.`` -> ``sa``, ``L.L.C.`` -> ``llc``), unless a
    word follows it at once (``e.qods`` -> ``e qods``); any other dot separates
    (``Amazon.com`` -> ``amazon com``, ``AOKB.IMPULS`` -> ``aokb impuls``).
    """
    text = latin_text.lower()
    if "." in text:
        text = _INITIAL_DOT.sub("", text)
    text = text.translate(_DROP_INSIDE)
    if text.isascii() and text.replace(" ", "").isalnum():
        return text.split()  # (most names: letters and spaces only, no regular expression)
    return [t for t in _SEPARATORS.split(text) if t]


_WORD_CLASSES: dict[str, str] = {}
_VARIANTS: dict[str, str] = {}


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, str]:
    data = read_yaml("words.yml")
    classes: dict[str, str] = {}
    # Later classes do not override earlier ones: a stopword stays a stopword.
    for key, cls in (("stopwords", STOPWORD), ("titles", TITLE), ("particles", PARTICLE), ("common", COMMON)):
        for word in data.get(key, ()):
            for token in split_tokens(str(word)):
                classes.setdefault(token, cls)
    _WORD_CLASSES.update(classes)  # (read directly by the per-token lookups below)
    return classes


def word_class(token: str) -> str:
    return (_WORD_CLASSES or _word_classes()).get(token, PLAIN)


@lru_cache(maxsize=None)
def word_set(key: str) -> frozenset[str]:
    """The tokens of a word list of ``words.yml``."""
    return frozenset(t for word in read_yaml("words.yml").get(key, ()) for t in split_tokens(str(word)))


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """The tokens ``word_class`` calls titles."""
    return frozenset(t for t, cls in _word_classes().items() if cls == TITLE)


def surname_titles() -> frozenset[str]:
    """Titles that are also family names (``words.yml``): kept when a person's name ends in one."""
    return word_set("surname_titles")


def lineage_particles() -> frozenset[str]:
    """Particles naming a relation (bin, abu, ould: ``words.yml``), unlike articles (al, de)."""
    return word_set("lineage_particles")


@lru_cache(maxsize=1)
def patronymic_suffixes() -> tuple[str, ...]:
    return tuple(str(s) for s in read_yaml("words.yml").get("patronymic_suffixes", ()))


def is_patronymic(token: str) -> bool:
    """East Slavic / Turkic patronymic shape (``Vladimirovich``, ``Ivanovna``, ``Aliyev oglu``)."""
    return len(token) > 5 and token.endswith(patronymic_suffixes())


@lru_cache(maxsize=1)
def variant_table() -> dict[str, str]:
    """token -> canonical token. A token listed in two rows keeps its first row."""
    table: dict[str, str] = {}
    for row in read_csv("name_variants.csv", delimiter="|"):
        values = [row["canonical"], *(row.get("variants") or "").split("|")]
        # DictReader puts extra "|" fields under the None key.
        values.extend(row.get(None) or ())  # type: ignore[call-overload]
        canonical_tokens = split_tokens(values[0])
        if len(canonical_tokens) != 1:
            continue
        canonical = canonical_tokens[0]
        for value in values:
            tokens = split_tokens(value or "")
            if len(tokens) == 1:
                table.setdefault(tokens[0], canonical)
    _VARIANTS.update(table)
    return table


@lru_cache(maxsize=1)
def variant_spellings() -> dict[str, tuple[str, ...]]:
    """canonical token -> the spellings ``name_variants.csv`` folds into it (itself first)."""
    out: dict[str, list[str]] = {}
    for token, canonical in variant_table().items():
        out.setdefault(canonical, [canonical])
        if token != canonical:
            out[canonical].append(token)
    return {k: tuple(v) for k, v in out.items()}


def canonical_token(token: str) -> str:
    return (_VARIANTS or variant_table()).get(token, token)


_LITERAL = re.compile(r"[0-9a-z]+")


_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*\)|\^|\$")


@lru_cache(maxsize=1)
def _phonetic_rules() -> tuple[tuple[re.Pattern[str] | str, str, str], ...]:
    """The rewrite rules in order, each with a literal the text must hold for it to apply.

    A plain-letters pattern stays a string: ``str.replace`` does what ``re.sub`` does for a
    literal pattern (left to right, no overlaps) at a fraction of the cost. A regular
    expression whose letters are literal once anchors and lookarounds are set aside
    (``^ye``, ``(?<=[aeiou])j(?=[aeiou])``) only runs when the text holds those letters:
    skeletons of cold query tokens are on the hot path, and most rules do not apply.
    """
    rules: list[tuple[re.Pattern[str] | str, str, str]] = []
    for row in read_csv("phonetic_rules.csv"):
        pattern, replacement = row["pattern"], row["replacement"] or ""
        literal = _LITERAL.fullmatch(pattern) is not None and "\\" not in replacement
        if literal:
            rules.append((pattern, replacement, pattern))
            continue
        core = _LOOKAROUND.sub("", pattern)
        rules.append((re.compile(pattern), replacement, core if _LITERAL.fullmatch(core) else ""))
    return tuple(rules)


_DROP_VOWELS = _total_on_ascii(str.maketrans("", "", "aeiou"))
_RUNS = re.compile(r"(.)\1+", re.DOTALL)


@lru_cache(maxsize=200_000)
def phonetic_spelling(token: str) -> str:
    """A token with the phonetic rules applied and its vowels kept: spellings that differ
    only where the rules say they sound alike ("lanmaks"/"lanmax", "tidewater"/"tidevater")
    are the same string, so a spelling distance measured on it counts only real
    differences. Digits-only tokens stay as they are."""
    return _phonetic_spelling(token)


def _phonetic_spelling(token: str) -> str:
    if token.isdigit():
        return token
    text = token
    for pattern, replacement, needle in _phonetic_rules():
        if needle not in text:
            continue
        if isinstance(pattern, str):
            text = text.replace(pattern, replacement)
        else:
            text = pattern.sub(replacement, text)  # type: ignore[union-attr]
    return text


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant key of a token: variants like sharif/sherif, yevgeny/evgeniy share it.

    Digits-only tokens are their own key; vowels are dropped (so vowel-less Arabic-script
    romanisations meet their vowelled spellings) and doubled letters collapsed (also across
    a dropped vowel: "bab" -> "b").
    """
    return _skeleton(token, cached=True)


def _skeleton(token: str, cached: bool) -> str:
    """``skeleton`` computed through the phonetic-spelling cache or not (readings of abjad
    tokens are made-up strings: cached, they would crowd out the words that recur)."""
    if token.isdigit():
        return token
    text = phonetic_spelling(token) if cached else _phonetic_spelling(token)
    if not text:
        return token
    consonants = text.translate(_DROP_VOWELS)
    if _RUNS.search(consonants):
        # (Not ``_RUNS.sub(r"\1", ...)``: a template replacement calls back into Python for
        # every run; skeletons of cold query words are on the hot path.)
        consonants = "".join([ch for ch, _run in groupby(consonants)])
    return consonants or text[:1]


@lru_cache(maxsize=1)
def _alternative_rules() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """Any-rule trigger (one scan rules out most tokens) and the rules themselves."""
    rows = [(row["pattern"], row["replacement"] or "") for row in read_csv("phonetic_alternatives.csv")]
    trigger = re.compile("|".join(f"(?:{pattern})" for pattern, _ in rows) or "(?!)")
    return trigger, tuple((re.compile(pattern), replacement) for pattern, replacement in rows)


@lru_cache(maxsize=1)
def _abjad_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(row["pattern"]), row["replacement"] or "") for row in read_csv("abjad_readings.csv"))


# Bounds on a token's readings: each rule rewrites each of up to this many matches alone
# (a name word has one to three و/ي), and rules stop once this many readings exist (none
# of the 928 Arabic-script words of the quality bench has more than 24; a hostile token of
# repeated letters would otherwise multiply them by its length at every rule).
_MAX_SINGLE_REWRITES = 4
_MAX_ABJAD_READINGS = 256
# Longer tokens get their plain skeleton only: their readings' skeletons are longer than any
# listed word's (20 letters in the shared lists; the longest Arabic-script word of the
# quality bench romanises to 11), and the readings of a junk token of hundreds of letters
# filled the skeleton caches with strings twice its length.
_MAX_ABJAD_READ_LETTERS = 32


@lru_cache(maxsize=20_000)
def abjad_keys(token: str) -> tuple[str, ...]:
    """Skeleton keys of a token romanised from Arabic or Hebrew script (``abjad_readings.csv``).

    Those scripts write consonants and long vowels only, and the long vowels are letters
    that also stand for consonants (و w/u/o, ي y/i/e): "nwry" is Nouri, "ywsf" Yusuf; and
    one letter has several usual romanisations (ظ dh/z). Every reading's skeleton is a key,
    the plain readings (``skeleton_keys``) first. A net for blocking: ``abjad_spelling``
    decides which of the words found are spellings of the token.
    """
    keys = list(skeleton_keys(token))
    if token.isdigit() or len(token) > _MAX_ABJAD_READ_LETTERS:
        return tuple(keys)
    for reading in sorted(_abjad_readings(token)):
        if not reading:
            continue
        key = _skeleton(reading, cached=False)
        if key not in keys:
            keys.append(key)
        # A reading's letters stand apart in a Latin spelling, a short vowel between most of
        # them: the phonetic rules must not join two of them ("mntzry" is Montazeri, not a
        # "tz" of Mantzur), so the reading with a vowel between its letters is a key too.
        # (Only where two of its letters could be joined: most readings' two keys are one,
        # and skeletons of made-up readings were a fifth of a cold Arabic-script screening.)
        letters = _ABJAD_DIGRAPHS.findall(reading)
        if _may_join(letters) or _LATIN_VOWELS.issuperset(reading):
            key = _skeleton("a".join(letters), cached=False)
            if key not in keys:
                keys.append(key)
    return tuple(keys)


def _abjad_readings(token: str) -> set[str]:
    """``token`` and its readings by the rules of ``abjad_readings.csv``, each rule applied to
    the readings before it (every match at once, and each of up to ``_MAX_SINGLE_REWRITES``
    matches alone)."""
    readings = {token}
    for pattern, replacement in _abjad_rules():
        if len(readings) > _MAX_ABJAD_READINGS:
            break
        found: set[str] = set()
        for reading in readings:
            matches = list(pattern.finditer(reading))
            if matches:
                found.add(pattern.sub(replacement, reading))
                if 1 < len(matches) <= _MAX_SINGLE_REWRITES:
                    found.update(reading[:m.start()] + m.expand(replacement) + reading[m.end():] for m in matches)
        readings |= found
    return readings


@lru_cache(maxsize=1)
def _joinable_pairs() -> frozenset[str]:
    """Two letters a phonetic rule (``phonetic_rules.csv``) may read as one sound when written
    side by side: every adjacent pair of a rule's literal letters ("shch": sh, hc, ch). (The
    one rule without literal letters deletes what is not a letter, which readings hold none of.)"""
    return frozenset(needle[i:i + 2] for _pattern, _replacement, needle in _phonetic_rules()
                     for i in range(len(needle) - 1))


_PAIR_JOINS: dict[str, bool] = {}  # "left|right" letter or digraph pair -> may join


def _may_join(letters: list[str]) -> bool:
    """Whether two neighbouring letters (or what the rules write for them: "kh" is h, so
    "s"+"kh" may become "sh") could be joined by a phonetic rule."""
    joins = _PAIR_JOINS
    for k in range(len(letters) - 1):
        pair = letters[k] + "|" + letters[k + 1]
        found = joins.get(pair)
        if found is None:
            found = joins[pair] = _pair_joins(letters[k], letters[k + 1])
        if found:
            return True
    return False


def _pair_joins(left: str, right: str) -> bool:
    """Whether a letter or digraph, as written or as the phonetic rules rewrite it alone,
    ends in a letter that a rule joins with the one the next starts with."""
    mapped_left, mapped_right = _phonetic_spelling(left) or left, _phonetic_spelling(right) or right
    joinable = _joinable_pairs()
    return any(a + b in joinable for a in (left[-1], mapped_left[-1]) for b in (right[0], mapped_right[0]))


_ABJAD_DIGRAPHS = re.compile(r"kh|sh|th|dh|gh|zh|ch|ts|.")
_LATIN_VOWEL_LETTERS = "aeiouy"
_LATIN_VOWELS = frozenset(_LATIN_VOWEL_LETTERS)
# Between two written letters a Latin spelling writes at most a short vowel, a pair with an
# "a" (alif or ع: Saadi, Sharia) or the French "ou" for u (Bouthaina); a pair like "ei" or
# "ai" is a written ي ("Hosseini" and "Husayni" are حسینی, not حسنی).
_GAP_PAIRS = frozenset({"aa", "ae", "ao", "ea", "ia", "oa", "ua", "ou"})
# Letters the Arabic article assimilates to (as romanised: ت ث د ذ ر ز س ش ص ض ط ظ ل ن).
_SUN_LETTERS = frozenset({"t", "th", "d", "dh", "r", "z", "s", "sh", "l", "n"})


@lru_cache(maxsize=1)
def _abjad_letters() -> dict[str, tuple[str, ...]]:
    return {row["letter"]: tuple(row["latin"].split("|")) for row in read_csv("abjad_letters.csv")}


def _gap_ends(word: str, i: int) -> list[int]:
    ends = [i]
    if i < len(word) and word[i] in _LATIN_VOWEL_LETTERS:
        ends.append(i + 1)
    if word[i:i + 2] in _GAP_PAIRS:
        ends.append(i + 2)
    return ends


def _edge_ends(word: str, i: int) -> list[int]:
    ends = [i]
    for k in (i, i + 1):
        if k < len(word) and word[k] in _LATIN_VOWEL_LETTERS:
            ends.append(k + 1)
        else:
            break
    return ends


def _final_vowels(word: str, i: int, allowed: str) -> bool:
    """Whether ``word[i:]`` is what a Latin spelling may add after the last written letter:
    up to two of ``allowed``."""
    rest = word[i:]
    return len(rest) <= 2 and all(ch in allowed for ch in rest)


Spellings = dict[str, tuple[str, ...]]
"""Latin spellings of one written letter, by their first character (``_repeat_ends`` tries
only those that can start where it stands)."""


_NO_SPELLINGS: Spellings = {}  # (shared, never written)


@lru_cache(maxsize=256)
def _letter_spellings(letter: str) -> Spellings:
    """The spellings of one written letter, shared by every token holding it (cached
    ``AbjadSpelling`` objects of hostile junk tokens once held a copy per letter each)."""
    return _by_first(_abjad_letters().get(letter) or (letter,))


def _by_first(spellings: tuple[str, ...]) -> Spellings:
    out: dict[str, list[str]] = {}
    for spelling in spellings:
        out.setdefault(spelling[0], []).append(spelling)
    return {first: tuple(group) for first, group in out.items()}


def _repeat_ends(spellings: Spellings, start: int, word: str) -> list[int]:
    """Ends of one or more of ``spellings`` written from ``start`` on (doubled: shadda)."""
    reached: list[int] = []
    frontier = [start]
    size = len(word)
    while frontier:
        following: list[int] = []
        for pos in frontier:
            if pos >= size:
                continue
            for spelling in spellings.get(word[pos], ()):
                if word.startswith(spelling, pos):
                    end = pos + len(spelling)
                    if end not in reached:
                        reached.append(end)
                        following.append(end)
        frontier = following
    return reached


class AbjadSpelling:
    """Which Latin spellings a token romanised from an abjad may stand for.

    Each letter of the token stands for its usual Latin spellings (``abjad_letters.csv``),
    doubled or not (shadda is unwritten: "sdm" is Saddam); a short Latin vowel may stand
    between them, a vowel or two before them, an "a" or "e" after them (short vowels,
    alif and ع are unwritten: "bdllh" is Abdullah, "mr" Umar). Written long vowels must
    be there: "hmyd" is Hamid, never Ahmad; "hsyn" is Hussein, not Hosseini. A final h
    may be ة, unpronounced in Latin spellings ("smh" is Usama).
    A digraph may be two letters: "th" is ث or ت+ه ("thr": Tahir). A final y of a word of
    three letters or more may be alif maqsura ("mjtby" is Mojtaba); the l of an article
    inside a compound may be assimilated ("nwrldyn" is Nooruddin).

    (A small matcher over sets of positions rather than a regular expression: compiling
    one per cold query token cost a millisecond, more than the rest of the screening.)
    """

    def __init__(self, token: str) -> None:
        letters: list[str] = _ABJAD_DIGRAPHS.findall(token)
        # per letter: its spellings; for a digraph, the spellings of its two letters; optional
        groups: list[tuple[Spellings, Spellings, Spellings, bool]] = []
        consonants = 0
        for k, letter in enumerate(letters):
            if letter in "aeiou":
                continue  # a vowel written as a letter (ى, آ): the gaps already allow it
            first = second = _NO_SPELLINGS
            if len(letter) == 2:
                first, second = _letter_spellings(letter[0]), _letter_spellings(letter[1])
            optional = letter == "h" and k == len(letters) - 1 and k > 0
            if letter == "l" and k >= 2 and k + 1 < len(letters) and letters[k + 1] in _SUN_LETTERS:
                # The article inside a compound assimilates to a "sun" letter: نورالدین is
                # Nooruddin as well as Nour al-Din, عبدالرحمن Abdurrahman.
                optional = True
            elif not optional and letter not in "ywv":
                consonants += 1
            groups.append((_letter_spellings(letter), first, second, optional))
        if len(letters) >= 3 and letters[-1] == "y":
            # A final ی is also alif maqsura in Persian spelling (مجتبی Mojtaba, موسی Musa,
            # عیسی Isa) and in Arabic written without its dots. (Not in a two-letter word:
            # "ly" is Ali; read as "la" too it would meet every La and Ala.)
            spellings, first, second, optional = groups[-1]
            with_a = dict(spellings)
            with_a["a"] = (*with_a.get("a", ()), "a")
            groups[-1] = (with_a, first, second, optional)
        self.groups = tuple(groups)
        self.consonants = consonants
        # After the last letter a Latin spelling adds "a" or "e" (Hamza for حمزة, Zadeh); a
        # final i, u or o stands for a written ي or و ("Hosseini" is حسيني, not حسين). A
        # token ending in "a" ends in ى, which Persian and Afghan spelling also writes for
        # a final i (حكيمى, Hakimi).
        self.final_vowels = "aeiy" if token.endswith("a") else "ae"
        # Letters a spelling's first letter group can start with: most words of a listed
        # skeleton group fail on it at once (a cheap test before the walk).
        self.first_letters = frozenset({*groups[0][0], *groups[0][1]} if groups else ())
        # Letters a spelling can end with, and its least length: most words of a listed
        # skeleton group that fail, fail on one of these (cheaper than the walk). A word
        # ends with a final vowel, the last letter's spelling or, where the last letters
        # may be unwritten (a final h), a short vowel or the letter before them.
        ends = set(self.final_vowels)
        any_ending = True  # (every letter may be unwritten)
        for spellings, _first, second, optional in reversed(groups):
            for by_first in (spellings, second):
                for written in by_first.values():
                    ends.update(spelling[-1] for spelling in written)
            if not optional:
                any_ending = False
                break
            ends.update(_LATIN_VOWEL_LETTERS)
        self.last_letters: frozenset[str] | None = None if any_ending else frozenset(ends)
        self.min_length = sum(
            min([len(spelling) for written in spellings.values() for spelling in written]
                + [len(a) + len(b) for written_a in first.values() for a in written_a
                   for written_b in second.values() for b in written_b])
            for spellings, first, second, optional in groups if not optional)

    def matches(self, word: str) -> bool:
        """Whether ``word`` (lower-case Latin) is a spelling of the token."""
        if not self.groups:
            return _final_vowels(word, 0, self.final_vowels)
        first = self.first_letters
        if not (word[:1] in first or word[1:2] in first or word[2:3] in first):
            return False  # (at most two vowels stand before the first letter)
        if len(word) < self.min_length or (self.last_letters is not None and word[-1] not in self.last_letters):
            return False
        # The letters' possible ends, group by group, as a set of positions (each (group,
        # position) visited once: a backtracking search re-walked the same tails and cost
        # more than the rest of a cold Arabic-script screening).
        positions: list[int] | set[int] = _edge_ends(word, 0)
        last = len(self.groups) - 1
        for g in range(last + 1):
            ends: set[int] = set()
            for pos in positions:
                ends.update(self._group_ends(g, pos, word))
            if not ends:
                return False
            if g == last:
                allowed = self.final_vowels
                return any([_final_vowels(word, end, allowed) for end in ends])
            positions = set()
            for end in ends:
                positions.update(_gap_ends(word, end))
        return False

    def _group_ends(self, g: int, pos: int, word: str) -> list[int]:
        spellings, first, second, optional = self.groups[g]
        ends = _repeat_ends(spellings, pos, word)
        if first:
            for mid in _repeat_ends(first, pos, word):
                for after_gap in _gap_ends(word, mid):
                    ends.extend(_repeat_ends(second, after_gap, word))
        if optional:
            ends.append(pos)
        return ends


@lru_cache(maxsize=20_000)
def abjad_spelling(token: str) -> AbjadSpelling:
    """The ``AbjadSpelling`` of a token (cached: query tokens recur)."""
    return AbjadSpelling(token)


@lru_cache(maxsize=200_000)
def skeleton_keys(token: str) -> tuple[str, ...]:
    """The skeleton of a token and of its second readings (``phonetic_alternatives.csv``).

    "j" is a glide in Jevgenij but Ж in Strijov; "c" is hard in Carvana but Ц in Kacuba.
    Listed tokens are indexed under their plain skeleton; a query looks up every reading.
    """
    keys = [skeleton(token)]
    for alt in second_readings(token):
        key = skeleton(alt)
        if key not in keys:
            keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=100_000)
def second_readings(token: str) -> tuple[str, ...]:
    """``token`` rewritten by each rule of ``phonetic_alternatives.csv`` that applies
    ("rostekh" -> "rostek"): the spellings the same name has in another romanisation."""
    trigger, rules = _alternative_rules()
    if token.isdigit() or not trigger.search(token):
        return ()
    alts: list[str] = []
    for pattern, replacement in rules:
        alt = pattern.sub(replacement, token)
        if alt != token and alt not in alts:
            alts.append(alt)
    return tuple(alts)
