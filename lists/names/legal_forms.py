"""Recognition of legal forms (LLC, OOO, JSC, GmbH, S.A., 株式会社 ...) in organisation names.

A legal form is split off the name and kept as a feature: "OOO Romashka" and
"Romashka LLC" compare as the same name with the same legal-form *family*
(limited), while the explanation still shows both forms. Forms are only taken
from the edges of a name (where they are written in every language we cover),
never from the middle, and never when nothing would remain.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lists.names.tables import read_yaml
from rapidfuzz.distance import Levenshtein

from lists.names.tokens import skeleton, split_tokens
from lists.names.transliterate import to_latin


@dataclass(frozen=True, slots=True)
class LegalForm:
    id: str
    family: str


@dataclass(frozen=True, slots=True)
class _Table:
    phrases: dict[tuple[str, ...], LegalForm]
    longest: int
    script_forms: tuple[tuple[str, LegalForm], ...]  # longest first
    spelling: dict[str, str]  # long legal-form word and its one-letter deletions -> the word


def _phrase(value: str) -> tuple[str, ...]:
    return tuple(split_tokens(to_latin(unicodedata.normalize("NFKC", value).casefold())))


@lru_cache(maxsize=1)
def _table() -> _Table:
    data = read_yaml("legal_forms.yml")
    phrases: dict[tuple[str, ...], LegalForm] = {}
    for entry in data.get("forms", ()):
        form = LegalForm(str(entry["id"]), str(entry["family"]))
        for variant in entry.get("variants", ()):
            phrase = _phrase(str(variant))
            if phrase:
                phrases.setdefault(phrase, form)
    script_forms: list[tuple[str, LegalForm]] = []
    for entry in data.get("script_forms", ()):
        form = LegalForm(str(entry["id"]), str(entry["family"]))
        for variant in entry.get("variants", ()):
            script_forms.append((unicodedata.normalize("NFKC", str(variant)), form))
    script_forms.sort(key=lambda item: -len(item[0]))
    spelling: dict[str, str] = {}
    sounds: dict[str, set[str]] = {}
    for phrase in phrases:
        for word in phrase:
            if len(word) >= _TYPO_MIN_LEN:
                spelling.setdefault(word, word)
                for i in range(len(word)):
                    spelling.setdefault(word[:i] + word[i + 1:], word)
                sounds.setdefault("~" + skeleton(word), set()).add(word)
    # Spelt by ear ("Leemited", "Compeny"): the consonant skeleton, when only one form word has it.
    spelling.update({key: "|".join(sorted(words)) for key, words in sounds.items()})
    return _Table(phrases, max(len(p) for p in phrases), tuple(script_forms), spelling)


_TYPO_MIN_LEN = 5


@lru_cache(maxsize=65536)
def _corrected(token: str) -> str:
    """A long legal-form word misspelt by one letter ("compnay", "liabilty") -> the word."""
    if len(token) < _TYPO_MIN_LEN - 1:
        return token
    spelling = _table().spelling
    if token in spelling:
        return spelling[token]
    for i in range(len(token)):
        fixed = spelling.get(token[:i] + token[i + 1:])
        if fixed is not None and abs(len(fixed) - len(token)) <= 1:
            return fixed
    if len(token) >= _TYPO_MIN_LEN:
        words = spelling.get("~" + skeleton(token))
        if words:
            return max(words.split("|"), key=lambda w: Levenshtein.normalized_similarity(w, token))
    return token


def legal_form(form_id: str) -> LegalForm | None:
    for form in _table().phrases.values():
        if form.id == form_id:
            return form
    for _, form in _table().script_forms:
        if form.id == form_id:
            return form
    return None


def strip_script_forms(text: str) -> tuple[str, tuple[LegalForm, ...]]:
    """Remove CJK legal forms (written without spaces) from NFKC text."""
    if text.isascii():
        return text, ()
    found: list[LegalForm] = []
    for variant, form in _table().script_forms:
        if variant in text:
            stripped = text.replace(variant, " ").strip()
            if stripped:
                text = stripped
                found.append(form)
    return text, tuple(found)


def split_legal_forms(tokens: list[str]) -> tuple[list[str], tuple[LegalForm, ...]]:
    """Strip legal-form phrases from both ends of a token list (longest phrase first)."""
    table = _table()
    found: list[LegalForm] = []
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for size in range(min(table.longest, len(tokens) - 1), 0, -1):
            tail = tuple(tokens[-size:])
            form = table.phrases.get(tail)
            if form is None and (size > 1 or len(tail[0]) >= 6):
                # Misspelt form words ("LIMITED LIABILTY COMPANY", "Compeny"); single short
                # forms must be exact (a name word one letter from "SA" or "AO" is common).
                form = table.phrases.get(tuple(_corrected(t) for t in tail))
            if form is not None:
                found.append(form)
                tokens = tokens[:-size]
                changed = True
                break
            head = tuple(tokens[:size])
            form = table.phrases.get(head)
            if form is None and (size > 1 or len(head[0]) >= 6):
                form = table.phrases.get(tuple(_corrected(t) for t in head))
            if form is not None:
                found.append(form)
                tokens = tokens[size:]
                changed = True
                break
    return tokens, tuple(found)
