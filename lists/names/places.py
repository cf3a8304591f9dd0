"""Places written as a qualifier after an organisation's name.

"AZIMUT LLC - Hong Kong", "Kord Company Ltd Moscow" and "KOREA OIL EXPLORATION CORPORATION
(Iran)" name the listed company and where its office is. Left in the name, the place words
count as unmatched name words and push the listed company below the threshold; so a place in
a clearly qualifying position is split off, like a legal form, and kept as a feature of the
name. What counts as a place is data (``data/places.yml`` and the country names of
``lists/data/countries.csv``); where it counts is decided in ``normalize``.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import lru_cache
from typing import Sequence

from lists.names.tables import COUNTRIES_CSV, read_yaml
from lists.names.tokens import split_tokens
from lists.names.transliterate import to_latin


def _phrase(value: str) -> tuple[str, ...]:
    return tuple(split_tokens(to_latin(unicodedata.normalize("NFKC", value).casefold())))


@lru_cache(maxsize=2)
def _places(countries: bool = True) -> tuple[frozenset[tuple[str, ...]], int]:
    data = read_yaml("places.yml")
    values = [str(v) for key in ("short", "regions", "cities") for v in data.get(key) or ()]
    phrases = {p for p in map(_phrase, values) if p}
    if countries:
        phrases.update(_country_codes()[0])
    return frozenset(phrases), max(map(len, phrases))


_MAX_PHRASES = 2  # "Shenzhen, China", "Moscow Russia": a city and its country at most


def trailing_places(tokens: Sequence[str], most: int = _MAX_PHRASES, countries: bool = True) -> int:
    """How many of the last tokens are place names (up to ``most`` places, longest first); 0
    when none is, or when places are all the tokens there are. ``countries=False``: cities
    and regions only (a country is often part of a name: "Bank Melli Iran")."""
    phrases, longest = _places(countries)
    end = len(tokens)
    for _ in range(most):
        for size in range(min(longest, end - 1), 0, -1):
            if tuple(tokens[end - size:end]) in phrases:
                end -= size
                break
        else:
            break
    return len(tokens) - end if end > 0 else 0


@lru_cache(maxsize=1)
def _country_codes() -> tuple[dict[tuple[str, ...], str], int]:
    codes: dict[tuple[str, ...], str] = {}
    with open(COUNTRIES_CSV, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            phrase = _phrase(row.get("name") or "")
            if phrase and row.get("iso2"):
                codes.setdefault(phrase, row["iso2"].strip().upper())
    for short, code in (read_yaml("places.yml").get("short") or {}).items():
        phrase = _phrase(str(short))
        if phrase and code:
            codes.setdefault(phrase, str(code).upper())
    return codes, max(map(len, codes))


def trailing_country(tokens: Sequence[str]) -> tuple[int, str]:
    """(n, ISO code) when the last ``n`` tokens name one country ("... Russia", "... UAE")
    and other tokens stand before them; (0, "") otherwise."""
    codes, longest = _country_codes()
    for size in range(min(longest, len(tokens) - 1), 0, -1):
        code = codes.get(tuple(tokens[-size:]))
        if code is not None:
            return size, code
    return 0, ""


def is_place(tokens: Sequence[str]) -> bool:
    """Whether the tokens are one or two place names and nothing else."""
    if not tokens:
        return False
    return trailing_places(["_", *tokens]) == len(tokens)


@lru_cache(maxsize=1)
def _address_words() -> frozenset[str]:
    return frozenset(t for word in read_yaml("places.yml").get("address_words") or () for t in _phrase(str(word)))


def is_address(tokens: Sequence[str]) -> bool:
    """Whether the tokens of a part written after a name read as an address: a street word,
    or a place at its end or before a postcode ("19 Vavilova St", "Moscow 123001", "Tehran,
    Iran"). A number alone is not one ("ALI, Hassan 1970")."""
    if not tokens:
        return False
    words = _address_words()
    if any(t in words for t in tokens):
        return True
    end = len(tokens)
    while end > 1 and any(c.isdigit() for c in tokens[end - 1]):
        end -= 1  # (a postcode after the city)
    return trailing_places(["_", *tokens[:end]], 1) > 0


@lru_cache(maxsize=1)
def city_first_countries() -> frozenset[str]:
    """Countries (ISO 3166-1 alpha-2) whose company names start with their city (``places.yml``)."""
    return frozenset(str(c) for c in read_yaml("places.yml").get("city_first_countries") or ())


@lru_cache(maxsize=1)
def country_first_words() -> dict[str, frozenset[str]]:
    """Countries (ISO 3166-1 alpha-2) whose enterprise names start with a country word, and
    those words (``places.yml``: "korea" of KOREA KWANGSON BANKING CORP)."""
    table = read_yaml("places.yml").get("country_first") or {}
    return {str(c): frozenset(str(w) for w in words) for c, words in table.items()}
