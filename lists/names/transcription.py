"""German, Polish and French transcriptions of East Slavic names, read in English spelling.

A German exporter writes Захаров "Sacharow", Шевцов "Schwezow"; a Polish one writes
Мальцев "Malcew", Шашков "Szaszkow"; a French one Жуков "Joukov". The lists print
ZAKHAROV, SHVETSOV, MALTSEV, SHASHKOV, ZHUKOV. Letter by letter, German z (Ц), s (З)
and w (В), Polish c (Ц) and cz/sz, French j (Ж) and ou (У) meet nothing, and the
phonetic keys cannot fold them without folding z and s for every name. A name whose
words carry a system's markers (``transcriptions.csv``: -owitsch, -owicz, -ovitch …) is
also read rewritten by that system's rules into the English spelling; the matcher
screens that reading besides the name as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lists.names.tables import read_csv

_UKRAINIAN = "ukrainian"
_MARKER = "marker:"
_SIGN = "sign:"


class _System:
    def __init__(self, name: str, marker: re.Pattern[str], sign: re.Pattern[str] | None,
                 rules: tuple[tuple[re.Pattern[str], str, bool], ...]) -> None:
        self.name = name
        self.marker = marker
        self.sign = sign
        self.rules = rules  # (pattern, replacement, Ukrainian names only)

    def reads(self, words: tuple[str, ...] | list[str]) -> bool:
        """Whether a name carries this system's markers."""
        sign = self.sign
        return any(map(self.marker.search, words)) and (sign is None or any(map(sign.search, words)))


@lru_cache(maxsize=1)
def _systems() -> tuple[tuple[_System, ...], re.Pattern[str], re.Pattern[str]]:
    markers: dict[str, str] = {}
    signs: dict[str, str] = {}
    rules: dict[str, list[tuple[re.Pattern[str], str, bool]]] = {}
    for row in read_csv("transcriptions.csv"):
        system, pattern = row["system"], row["pattern"]
        if pattern.startswith(_MARKER):
            markers[system] = pattern[len(_MARKER):]
        elif pattern.startswith(_SIGN):
            signs[system] = pattern[len(_SIGN):]
        else:
            rules.setdefault(system, []).append(
                (re.compile(pattern), row["replacement"] or "", row["when"] == _UKRAINIAN))
    systems = tuple(_System(name, re.compile(markers[name]),
                            re.compile(signs[name]) if name in signs else None, tuple(found))
                    for name, found in rules.items())  # (in the table's order: Polish first)
    # Any system's ending, as one test of the whole name (the markers end in "$": a word's
    # end is a space or the end of the name); most names have none and stop there.
    ends = "|".join(f"(?:{markers[name]})" for name in rules)
    any_marker = re.compile(f"(?:{ends.replace('$', '(?= |$)')})")
    return systems, re.compile(markers[_UKRAINIAN]), any_marker


def _rewrite(word: str, system: _System, ukrainian: bool) -> str:
    for pattern, replacement, ukrainian_only in system.rules:
        if ukrainian_only and not ukrainian:
            continue
        word = pattern.sub(replacement, word)
    return word.lower()


def english_transcriptions(words: tuple[str, ...] | list[str]) -> list[tuple[str, ...]]:
    """The name (its words as spelt, lower-case ASCII) rewritten by each system whose
    markers it carries, into English spelling; only readings that differ. Polish first
    when the name writes Polish digraphs (cz, sz), so German z is not read in "Kuzniecow"."""
    if not 2 <= len(words) <= 6 or any(len(w) > 40 for w in words):
        return []
    systems, ukrainian_marker, any_marker = _systems()
    if not any_marker.search(" ".join(words)):
        return []
    ukrainian = any(ukrainian_marker.search(w) for w in words)
    found: list[tuple[str, ...]] = []
    polish = False
    for system in systems:
        if system.name == _UKRAINIAN:
            if found or not ukrainian:
                continue
        elif not system.reads(words):
            continue
        if system.name == "polish":
            polish = True
        elif system.name == "german" and polish:
            continue  # (one name is written in one system: Polish cz/sz decide)
        rewritten = tuple(_rewrite(w, system, ukrainian) for w in words)
        if rewritten != tuple(words) and rewritten not in found:
            found.append(rewritten)
    return found


_CARONS = re.compile("[čšžČŠŽ]")
_CARON_SPELLINGS = (("šč", "shch"), ("ŠČ", "SHCH"), ("Šč", "Shch"), ("č", "ch"), ("Č", "Ch"),
                    ("š", "sh"), ("Š", "Sh"), ("ž", "zh"), ("Ž", "Zh"))


def caron_respelling(text: str) -> str | None:
    """``text`` with č, š, ž written ch, sh, zh, or None if it has none.

    Scholarly (ISO 9) transliteration of Cyrillic, Belarusian Łacinka and the EU list's
    Belarusian names write Ч Ш Ж with carons ("Ščapov", "Lukašenka"); folded to ASCII they
    lose the h (scapov) and meet no English spelling (SHCHAPOV)."""
    if not _CARONS.search(text):
        return None
    for caron, spelt in _CARON_SPELLINGS:
        text = text.replace(caron, spelt)
    return text
