"""Phonetic keys of name tokens (``lists/names/tokens.py``)."""

from __future__ import annotations

import csv

from lists.names import normalize_name
from lists.names import tokens as T
from lists.names.scripts import ARABIC, detect_scripts
from stream.settings import REPO_ROOT


def _every_reading_both_spellings(token: str) -> set[str]:
    """``abjad_keys`` by its definition: the skeleton of every reading, as written and with
    a vowel between its letters (what the shortcut for readings no rule can join must keep).
    (Readings of tokens longer than ``_MAX_ABJAD_READ_LETTERS`` are not made: none here.)"""
    keys = set(T.skeleton_keys(token))
    readings = T._abjad_readings(token)
    for reading in filter(None, readings):
        keys.add(T._skeleton(reading, cached=False))
        keys.add(T._skeleton("a".join(T._ABJAD_DIGRAPHS.findall(reading)), cached=False))
    return keys


def test_abjad_keys_skip_only_the_spelled_out_keys_that_are_the_same():
    # The quality bench's Arabic- and Persian-script names, romanised as queries are.
    path = REPO_ROOT / "benchmarks" / "data" / "name_cases.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        words = {t for r in rows if ARABIC in detect_scripts(r["query"]) for t in normalize_name(r["query"]).tokens}
    # ... and digraph-heavy strings, where a rule's rewrite makes a new pair ("s"+"kh": sh).
    words |= {"skhr", "thsyny", "twkha", "yyy", "sshtkhdzh", "kstsch"}
    assert len(words) > 500
    for word in sorted(words):
        assert set(T.abjad_keys(word)) == _every_reading_both_spellings(word), word
