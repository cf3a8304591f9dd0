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
from rapidfuzz.distance import OSA, Levenshtein

from lists.names.tokens import skeleton, split_tokens
from lists.names.scripts import ARABIC, detect_scripts
from lists.names.transliterate import spell_arabic_script, to_latin


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
    words: frozenset[str]  # every word of every phrase
    longest_word: int  # (a word longer by two or more is no misspelling of one)
    glued_suffixes: tuple[str, ...]  # short forms recognised glued to a name's last word
    glued_prefixes: tuple[str, ...]  # ... and to its first word
    tail_only: frozenset[tuple[str, ...]]  # phrases read at a name's end only ("sal", "pjs")


def _phrase(value: str) -> tuple[str, ...]:
    """A form's tokens as ``normalize_name`` writes a name's (Arabic script: its rewrite too)."""
    text = unicodedata.normalize("NFKC", value).casefold()
    if not text.isascii() and ARABIC in detect_scripts(text):
        text = spell_arabic_script(text)
    return tuple(split_tokens(to_latin(text)))


@lru_cache(maxsize=1)
def _table() -> _Table:
    data = read_yaml("legal_forms.yml")
    phrases: dict[tuple[str, ...], LegalForm] = {}
    tail_only: set[tuple[str, ...]] = set()
    spellings = {_phrase(str(word))[0]: [_phrase(str(w))[0] for w in alts]
                 for word, alts in (data.get("word_spellings") or {}).items()}
    for entry in data.get("forms", ()):
        form = LegalForm(str(entry["id"]), str(entry["family"]))
        for variant in entry.get("variants", ()):
            phrase = _phrase(str(variant))
            if phrase:
                phrases.setdefault(phrase, form)
                if entry.get("tail_only"):
                    tail_only.add(phrase)
    # "Closed Joint-Stock Co", "Close JSC Company": a word of a form of two or more words
    # written as one of its usual short or variant spellings is still that form.
    for phrase, form in list(phrases.items()):
        if len(phrase) >= 2:
            for spelt in _spelt_alike(phrase, spellings):
                phrases.setdefault(spelt, form)
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
    words = frozenset(w for phrase in phrases for w in phrase)
    glued = data.get("glued") or {}

    def _glued(key: str) -> tuple[str, ...]:
        forms = {p[0] for p in map(_phrase, map(str, glued.get(key) or ())) if len(p) == 1 and p in phrases}
        return tuple(sorted(forms, key=len, reverse=True))

    return _Table(phrases, max(len(p) for p in phrases), tuple(script_forms), spelling, words,
                  max(map(len, words)), _glued("suffixes"), _glued("prefixes"), frozenset(tail_only))


_GLUED_REST = 3  # letters a name word keeps when a short form is split off it ("JSCODK-STAR")


def _split_form_pairs(tokens: list[str]) -> list[str]:
    """An edge word that is two form words glued ("PUBLICJOINT STOCK COMPANY ALROSA",
    "INFOCOM CORPORATIONINC") -> the two words, so the form around them is read. Each part
    has three letters or more (not "sasa": sa + sa), and the two are written side by side in
    a form or are forms each: any two form words would split name words that merely start
    and end like them (Command: comm + and; Parand, Partov, Salaam)."""
    if len(tokens) < 2:
        return tokens
    table = _table()
    words, phrases, adjacent = table.words, table.phrases, _adjacent_form_words()
    for at in (len(tokens) - 1, 0):  # (the last word first: splitting it moves no index)
        tok = tokens[at]
        if len(tok) < 2 * _GLUED_REST or tok in words:
            continue
        for k in range(_GLUED_REST, len(tok) - _GLUED_REST + 1):
            a, b = tok[:k], tok[k:]
            if a in words and b in words and ((a, b) in adjacent or ((a,) in phrases and (b,) in phrases)):
                tokens = tokens[:at] + [a, b] + tokens[at + 1:]
                break
    return tokens


@lru_cache(maxsize=1)
def _adjacent_form_words() -> frozenset[tuple[str, str]]:
    """Every two words written side by side in a form phrase ("public joint")."""
    return frozenset((p[i], p[i + 1]) for p in _table().phrases for i in range(len(p) - 1))


def _split_glued_short(tokens: list[str]) -> list[str]:
    """ "ROSOBORONEXPORTJSC" -> rosoboronexport jsc; "OOORomashka" -> ooo romashka: short forms
    no word of a name ends (starts) with, glued to the name's edge word."""
    table = _table()
    last = tokens[-1]
    if len(last) > _GLUED_REST + 2:
        for form in table.glued_suffixes:
            if last.endswith(form) and len(last) - len(form) >= _GLUED_REST and last[:-len(form)].isalpha():
                tokens = tokens[:-1] + [last[:-len(form)], form]
                break
    first = tokens[0]
    if len(first) > _GLUED_REST + 2:
        for form in table.glued_prefixes:
            if first.startswith(form) and len(first) - len(form) >= _GLUED_REST and first[len(form):].isalpha():
                tokens = [form, first[len(form):]] + tokens[1:]
                break
    return tokens


_TYPO_MIN_LEN = 5
_SINGLE_TYPO_MIN_LEN = 7
"""A one-word form is read through a misspelling only when the form has this many letters
("Compnay", "Limted"): words one letter from "branch" or "berhad" are surnames (Banach,
Branco)."""


def _spelt_alike(phrase: tuple[str, ...], spellings: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """Every way of writing ``phrase`` with its words' alternative spellings (itself excluded)."""
    out: list[tuple[str, ...]] = [()]
    for word in phrase:
        out = [done + (w,) for done in out for w in [word, *spellings.get(word, ())]]
    return [p for p in out if p != phrase]


@lru_cache(maxsize=65536)
def _corrected(token: str) -> str:
    """A long legal-form word misspelt by one letter ("compnay", "liabilty") -> the word."""
    table = _table()
    if len(token) < _TYPO_MIN_LEN - 1 or len(token) > table.longest_word + 1:
        return token
    spelling = table.spelling
    if token in spelling:
        return spelling[token]
    for i in range(len(token)):
        fixed = spelling.get(token[:i] + token[i + 1:])
        if fixed is not None and abs(len(fixed) - len(token)) <= 1:
            return fixed
    if len(token) >= _TYPO_MIN_LEN:
        words = [w for w in (spelling.get("~" + skeleton(token)) or "").split("|")
                 if w and abs(len(w) - len(token)) <= 1]  # "Companion" is not "Company"
        if words:
            return max(words, key=lambda w: Levenshtein.normalized_similarity(w, token))
    return token


def _corrected_phrase(window: tuple[str, ...], words: frozenset[str], edge: int) -> tuple[str, ...]:
    """The window with misspelt form words corrected, or () as soon as a word is not (even
    corrected) a form word: checked from the name's ``edge`` inwards (0 for the head, -1 for
    the tail), so an inner name word is corrected only behind a form word at the edge."""
    out = [""] * len(window)
    order = range(len(window)) if edge == 0 else range(len(window) - 1, -1, -1)
    for k in order:
        fixed = _corrected(window[k])
        if fixed not in words:
            return ()
        out[k] = fixed
    return tuple(out)


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


@lru_cache(maxsize=1)
def _long_form_words() -> tuple[str, ...]:
    """Legal-form words long enough to be recognised glued to, or split from, a name word."""
    words = {w for phrase in _table().phrases for w in phrase if len(w) >= 5 and w.isalpha()}
    return tuple(sorted(words, key=len, reverse=True))


def _respace_edges(tokens: list[str]) -> list[str]:
    """Undo spacing tricks at the edges of a name, where legal forms sit: "COMP ANY" ->
    "company", "LIMITED LIABILITY COMPANYLANMAX" -> "... company lanmax",
    "AKTSIONERNOEOBSHCHESTVO PYEZO" -> "aktsionernoe obshchestvo pyezo".

    A form word glued to a name word is split off only when it completes a form of two or
    more words with its neighbours; on its own ("Limitedless") it stays part of the name.
    """
    table = _table()
    tokens = _split_glued_short(tokens)
    tokens = _split_form_pairs(tokens)
    words = _long_form_words()
    word_set = _form_word_lengths()[1]
    if len(tokens) >= 3:
        if tokens[-2] + tokens[-1] in word_set:
            tokens = tokens[:-2] + [tokens[-2] + tokens[-1]]
        if tokens[0] + tokens[1] in word_set:
            tokens = [tokens[0] + tokens[1]] + tokens[2:]
    reach = min(table.longest, len(tokens))
    phrases = table.phrases
    for i in range(reach):  # head: tokens[:i] + [w] (+ the form word w's remainder starts with)
        tok = tokens[i]
        split = _glued_prefix(tok) if len(tok) >= 8 else None  # (most words are too short: no call)
        if split is None:
            continue
        rest = tok[len(split):]
        more = _head_of(rest)
        if any(len(c) >= 2 and tuple(c) in phrases for c in (tokens[:i] + [split], tokens[:i] + [split] + more)):
            return tokens[:i] + [split] + _split_again(rest, words) + tokens[i + 1:]
    for i in range(len(tokens) - 1, len(tokens) - 1 - reach, -1):  # tail, mirrored
        tok = tokens[i]
        split = _glued_suffix(tok) if len(tok) >= 8 else None
        if split is None:
            continue
        rest = tok[: -len(split)]
        before = _tail_of(rest)
        if any(len(c) >= 2 and tuple(c) in phrases for c in ([split] + tokens[i + 1:], before + [split] + tokens[i + 1:])):
            return tokens[:i] + _split_again_tail(rest, words) + [split] + tokens[i + 1:]
    return tokens


@lru_cache(maxsize=1)
def _form_word_lengths() -> tuple[tuple[int, ...], frozenset[str]]:
    words = _long_form_words()
    return tuple(sorted({len(w) for w in words}, reverse=True)), frozenset(words)


@lru_cache(maxsize=1)
def _form_word_edges() -> tuple[frozenset[str], frozenset[str]]:
    """First and last five letters of the long form words: a word that starts (ends) with
    none of them holds no glued form word there, found with one lookup instead of one per
    form-word length."""
    words = _long_form_words()
    return frozenset(w[:5] for w in words), frozenset(w[-5:] for w in words)


def _glued_prefix(token: str) -> str | None:
    """The longest form word ``token`` starts with, leaving at least 3 more letters."""
    if len(token) < 8 or token[:5] not in _form_word_edges()[0]:
        return None
    lengths, words = _form_word_lengths()
    for n in lengths:
        if len(token) - n >= 3 and token[:n] in words:
            return token[:n]
    return None


def _glued_suffix(token: str) -> str | None:
    if len(token) < 8 or token[-5:] not in _form_word_edges()[1]:
        return None
    lengths, words = _form_word_lengths()
    for n in lengths:
        if len(token) - n >= 3 and token[-n:] in words:
            return token[-n:]
    return None


def _tail_of(rest: str) -> list[str]:
    word = next((w for w in _long_form_words() if rest.endswith(w)), None)
    return [word] if word else []


def _split_again_tail(rest: str, words: tuple[str, ...]) -> list[str]:
    word = next((w for w in words if rest.endswith(w) and len(rest) - len(w) >= 3), None)
    return [rest[: -len(word)], word] if word else [rest]


def _head_of(rest: str) -> list[str]:
    """The form word a glued remainder starts with ("obshchestvo" of "obshchestvopyezo")."""
    word = next((w for w in _long_form_words() if rest.startswith(w)), None)
    return [word] if word else []


def _split_again(rest: str, words: tuple[str, ...]) -> list[str]:
    word = next((w for w in words if rest == w or (rest.startswith(w) and len(rest) - len(w) >= 3)), None)
    if word is None or word == rest:
        return [rest]
    return [word, rest[len(word):]]


def split_legal_forms(tokens: list[str]) -> tuple[list[str], tuple[LegalForm, ...]]:
    """Strip legal-form phrases from both ends of a token list (longest phrase first)."""
    core, forms = _split_legal_forms(tuple(tokens))
    return list(core), forms


@lru_cache(maxsize=65536)
def _split_legal_forms(tokens_in: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[LegalForm, ...]]:
    tokens = list(tokens_in)
    table = _table()
    found: list[LegalForm] = []
    if tokens:
        respaced = _respace_edges(tokens)
        if respaced != tokens:
            tokens = respaced
    # Every form phrase starts and ends with a form word, and a misspelt one is corrected to
    # one: a name with neither edge word (even corrected) among them holds no form (most
    # names; the search below tries every phrase length at both ends).
    words = table.words
    changed = len(tokens) > 1 and (tokens[-1] in words or tokens[0] in words
                                   or _corrected(tokens[-1]) in words or _corrected(tokens[0]) in words)
    while changed and len(tokens) > 1:
        changed = False
        for size in range(min(table.longest, len(tokens) - 1), 0, -1):
            tail = tuple(tokens[-size:])
            form = table.phrases.get(tail)
            if form is None and (size > 1 or len(_corrected(tail[0])) >= _SINGLE_TYPO_MIN_LEN):
                # Misspelt form words ("LIMITED LIABILTY COMPANY", "Compeny"); single short
                # forms must be exact (a name word one letter from "SA" or "AO" is common).
                form = table.phrases.get(_corrected_phrase(tail, table.words, -1))
            if form is not None:
                found.append(form)
                tokens = tokens[:-size]
                changed = True
                break
            head = tuple(tokens[:size])
            form = table.phrases.get(head) if head not in table.tail_only else None
            if form is None and (size > 1 or len(_corrected(head[0])) >= _SINGLE_TYPO_MIN_LEN):
                fixed = _corrected_phrase(head, table.words, 0)
                form = table.phrases.get(fixed) if fixed not in table.tail_only else None
            if form is not None:
                found.append(form)
                tokens = tokens[size:]
                changed = True
                break
    return tuple(tokens), tuple(found)


def tail_form_size(tokens: list[str]) -> int:
    """How many of the last tokens are a legal form (as ``split_legal_forms`` would read
    them, misspellings included); 0 when they are none, or when they are all the tokens."""
    table = _table()
    if len(tokens) >= 3 and (tokens[-2] + tokens[-1],) in table.phrases:
        return 2  # a one-word form written in two ("GONG SI"), as ``_respace_edges`` reads it
    for size in range(min(table.longest, len(tokens) - 1), 0, -1):
        tail = tuple(tokens[-size:])
        if tail in table.phrases:
            return size
        if (size > 1 or len(_corrected(tail[0])) >= _SINGLE_TYPO_MIN_LEN) and _corrected_phrase(tail, table.words, -1) in table.phrases:
            return size
    return 0


def is_form_word(token: str) -> bool:
    """Whether a token is a word of some legal form ("ltd", "company", "joint")."""
    return token in _table().words


@lru_cache(maxsize=1)
def _typo_forms() -> tuple[tuple[str, LegalForm], ...]:
    table = _table()
    found = [(str(f), table.phrases.get((str(f),))) for f in read_yaml("legal_forms.yml").get("typo_forms") or ()]
    return tuple((f, form) for f, form in found if form is not None)


@lru_cache(maxsize=4096)
def misspelt_short_form(token: str, first: bool = False) -> LegalForm | None:
    """The short legal form ``token`` is one slip from (``typo_forms`` in legal_forms.yml):
    "curp", "corpp" -> corp; a three-letter form only through a letter added ("ltdd"); a
    name's ``first`` word only for a form written in front, its first letter as written.
    None for a form itself and for anything else. Whether the word is a name's word after
    all (no listed name holds it) is the caller's to check."""
    if not 3 <= len(token) <= 5 or not token.isalpha() or (token,) in _table().phrases:
        return None
    prefixes = _table().glued_prefixes
    for form_word, form in _typo_forms():
        if first and (form_word not in prefixes or token[0] != form_word[0]):
            continue
        if OSA.distance(token, form_word, score_cutoff=1) <= 1 and (len(form_word) >= 4 or len(token) > len(form_word)):
            return form
    return None
