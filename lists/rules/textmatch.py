"""Term matching in free text (addresses, end-use statements), robust to script tricks.

Free text is where evasion hides: "Dоnetsk" with a Cyrillic "о", "Донецьк" in
Ukrainian, "DONETSK," in capitals with punctuation, "Doñetsk" with a stray
diacritic. Both the text and the lexicon terms are folded the same way:

1. NFKC (full-width letters and digits become ordinary ones);
2. transliteration to ASCII with ``anyascii`` (Cyrillic, Greek, diacritics and
   Latin/Cyrillic homoglyphs all end up as plain Latin letters);
3. casefold, apostrophes (Ukrainian/Russian soft-sign transliterations) dropped,
   every other non-alphanumeric character a word separator.

Terms then match on **whole tokens** (so "donetsk" does not fire inside
"donetskiyugol" or "madonetsky"), optionally with a trailing ``*`` meaning "any
word starting with" for inflected languages (``yadern*`` for ядерный/ядерная).
Terms written in CJK or Hangul (no spaces between words) are matched as
substrings of the NFKC-casefolded original text instead.

Negation ("not for military use", "will not be used for military purposes or weapons of
mass destruction", "non-military") suppresses a hit when a negation word stands within
``window`` (8) tokens before the term *in the same clause* (clauses end at . ; : ! ? and at
"but"/"however"). End-use certificates are full of such sentences; the price is that
"non-military and missile use" is read as negated too;
exclusion phrases ("nuclear magnetic resonance") mask their words. That
is a heuristic, documented in ``docs/rules.md``: the declared category and the
party lists still apply.
"""

from __future__ import annotations

import re
import unicodedata
import functools
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from anyascii import anyascii

_APOSTROPHES = re.compile(r"['\u2019\u02bc\u02b9`\u00b4]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


_CLAUSE_BREAK = re.compile(r"[.;:!?()\n\r]+|\b(?:but|however|whereas|although)\b")


def _ascii(text: str) -> str:
    return _APOSTROPHES.sub("", anyascii(unicodedata.normalize("NFKC", text)).casefold())


def fold_tokens(text: str) -> tuple[str, ...]:
    """Text → tuple of folded ASCII tokens (see module docstring)."""
    return tuple(t for t in _SEPARATORS.split(_ascii(text)) if t)


def fold_clauses(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Tokens plus, for each, the index of the clause it is in (clauses end at . ; : ! ? or 'but')."""
    tokens: list[str] = []
    clause_ids: list[int] = []
    for n, clause in enumerate(_CLAUSE_BREAK.split(_ascii(text))):
        for t in _SEPARATORS.split(clause):
            if t:
                tokens.append(t)
                clause_ids.append(n)
    return tuple(tokens), tuple(clause_ids)


def fold_cjk(text: str) -> str:
    """NFKC + casefold without transliteration, for substring matching of CJK terms."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon term, pre-folded at load time."""

    original: str
    tokens: tuple[str, ...]
    prefix_last: bool
    cjk: str | None

    @classmethod
    def parse(cls, raw: str) -> "Term":
        text = raw.strip()
        if not text:
            raise ValueError("empty term")
        if _CJK.search(text):
            return cls(text, (), False, fold_cjk(text))
        prefix = text.endswith("*")
        tokens = fold_tokens(text.rstrip("*"))
        if not tokens:
            raise ValueError(f"term {raw!r} has no letters or digits")
        if prefix and len(tokens[-1]) < 3:
            raise ValueError(f"prefix term {raw!r} is too short to be safe")
        return cls(text, tokens, prefix, None)

    def positions(self, tokens: Sequence[str]) -> Iterable[int]:
        """Start indexes where this term occurs in ``tokens``."""
        n = len(self.tokens)
        first = self.tokens[0]
        last = n - 1
        for i in range(len(tokens) - n + 1):
            tok = tokens[i]
            if n == 1 and self.prefix_last:
                if tok.startswith(first):
                    yield i
                continue
            if tok != first:
                continue
            ok = True
            for j in range(1, n):
                cand = tokens[i + j]
                want = self.tokens[j]
                if j == last and self.prefix_last:
                    if not cand.startswith(want):
                        ok = False
                        break
                elif cand != want:
                    ok = False
                    break
            if ok:
                yield i


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A text folded once, matched against many lexicons."""

    original: str
    tokens: tuple[str, ...]
    cjk: str
    clauses: tuple[int, ...] = ()

    @classmethod
    def of(cls, text: str | None) -> "FoldedText":
        return _folded(text or "")


@functools.lru_cache(maxsize=8192)
def _folded(text: str) -> FoldedText:
    """Addresses and end-use texts repeat across a customer's shipments: fold each once (bounded cache)."""
    tokens, clauses = fold_clauses(text)
    return FoldedText(text, tokens, fold_cjk(text), clauses)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A set of terms with optional negations and exclusions; ``find`` returns the terms that occur.

    Terms are indexed by their first token at build time, so matching costs one
    dict lookup per text token instead of one scan per term (address lexicons
    have dozens of spellings per place).
    """

    terms: tuple[Term, ...]
    negations: frozenset[str] = frozenset()
    window: int = 8
    exclusions: tuple[Term, ...] = ()
    """Phrases whose words never count as a hit ("nuclear magnetic resonance" is not a nuclear end use)."""
    by_first: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    prefixed: tuple[int, ...] = ()
    cjk_terms: tuple[int, ...] = ()

    @classmethod
    def build(cls, terms: Iterable[str], negations: Iterable[str] = (), window: int = 8,
              exclusions: Iterable[str] = ()) -> "Lexicon":
        neg: set[str] = set()
        for n in negations:
            neg.update(fold_tokens(n))
        excl = tuple(t for t in (Term.parse(e) for e in exclusions) if t.cjk is None)
        parsed = tuple(Term.parse(t) for t in terms)
        by_first: dict[str, list[int]] = {}
        prefixed: list[int] = []
        cjk: list[int] = []
        for i, term in enumerate(parsed):
            if term.cjk is not None:
                cjk.append(i)
            elif term.prefix_last and len(term.tokens) == 1:
                prefixed.append(i)
            else:
                by_first.setdefault(term.tokens[0], []).append(i)
        return cls(parsed, frozenset(neg), window, excl, {k: tuple(v) for k, v in by_first.items()},
                   tuple(prefixed), tuple(cjk))

    def find(self, text: FoldedText) -> list[str]:
        tokens = text.tokens
        excluded: set[int] = set()
        for ex in self.exclusions:
            for pos in ex.positions(tokens):
                excluded.update(range(pos, pos + len(ex.tokens)))
        hit: set[int] = set()
        for i in self.cjk_terms:
            if self.terms[i].cjk in text.cjk:  # type: ignore[operator]
                hit.add(i)
        for pos, tok in enumerate(tokens):
            cands = self.by_first.get(tok)
            if cands:
                for i in cands:
                    if i not in hit and self._at(self.terms[i], tokens, pos) and self._counts(text, pos, excluded):
                        hit.add(i)
            for i in self.prefixed:
                if i not in hit and tok.startswith(self.terms[i].tokens[0]) and self._counts(text, pos, excluded):
                    hit.add(i)
        return [self.terms[i].original for i in sorted(hit)]

    @staticmethod
    def _at(term: Term, tokens: Sequence[str], pos: int) -> bool:
        n = len(term.tokens)
        if pos + n > len(tokens):
            return False
        for j in range(1, n):
            cand, want = tokens[pos + j], term.tokens[j]
            if j == n - 1 and term.prefix_last:
                if not cand.startswith(want):
                    return False
            elif cand != want:
                return False
        return True

    def _counts(self, text: FoldedText, pos: int, excluded: set[int]) -> bool:
        return pos not in excluded and not (self.negations and self._negated(text, pos))

    def _negated(self, text: FoldedText, pos: int) -> bool:
        clause = text.clauses[pos] if text.clauses else 0
        for j in range(pos - 1, max(-1, pos - self.window - 1), -1):
            if text.clauses and text.clauses[j] != clause:
                return False
            if text.tokens[j] in self.negations:
                return True
        return False
