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

from lists.names.tables import read_csv, read_yaml

_DROP_INSIDE = str.maketrans({"'": "", "`": "", "\u2019": "", "\u02bc": "", "\u02bb": "", "\u00b4": ""})
_SEPARATORS = re.compile(r"[^0-9a-z]+")

STOPWORD = "stopword"
TITLE = "title"
PARTICLE = "particle"
COMMON = "common"
PLAIN = "plain"


_INITIAL_DOT = re.compile(r"(?<=\b[0-9a-z])\.")  # the dot after a one-letter word


def split_tokens(latin_text: str) -> list[str]:
    """Lower-case alphanumeric tokens of an ASCII (already transliterated) text.

    A dot after a single letter glues (``S.A.`` -> ``sa``, ``L.L.C.`` -> ``llc``); any other
    dot separates (``Amazon.com`` -> ``amazon com``, ``AOKB.IMPULS`` -> ``aokb impuls``).
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


_DROP_VOWELS = str.maketrans("", "", "aeiou")
_RUNS = re.compile(r"(.)\1+", re.DOTALL)


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Consonant key of a token: variants like sharif/sherif, yevgeny/evgeniy share it.

    Digits-only tokens are their own key; vowels are dropped (so vowel-less Arabic-script
    romanisations meet their vowelled spellings) and doubled letters collapsed (also across
    a dropped vowel: "bab" -> "b").
    """
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


@lru_cache(maxsize=200_000)
def skeleton_keys(token: str) -> tuple[str, ...]:
    """The skeleton of a token and of its second readings (``phonetic_alternatives.csv``).

    "j" is a glide in Jevgenij but Ж in Strijov; "c" is hard in Carvana but Ц in Kacuba.
    Listed tokens are indexed under their plain skeleton; a query looks up every reading.
    """
    keys = [skeleton(token)]
    trigger, rules = _alternative_rules()
    if not token.isdigit() and trigger.search(token):
        for pattern, replacement in rules:
            alt = pattern.sub(replacement, token)
            if alt != token:
                key = skeleton(alt)
                if key not in keys:
                    keys.append(key)
    return tuple(keys)
