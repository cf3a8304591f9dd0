"""Explainable party matching over a compiled snapshot.

One screening = blocking then scoring:

1. *Blocking* (``_candidates``): each query token is expanded to vocabulary
   tokens (same token, same phonetic skeleton, one edit away) and their posting
   lists give candidate names, weighted by token rarity. Rare tokens go first;
   very common tokens only re-rank what rarer ones found, so a query never walks
   the whole list.
2. *Scoring* (``compare_names``): query and candidate tokens are aligned
   one-to-one (order free: persons' given/family order and reordered company
   words do not matter; split/merged tokens are re-joined), each pair gets a
   similarity (exact, spelling variant, phonetic, fuzzy via rapidfuzz, initial,
   abbreviation), and the name score is the F-measure of the rarity-weighted
   coverage of both names. Named features then move the score: legal form
   family, schema, country, birth year, identifiers, alias quality.

Every returned match carries the explanation: entry, matched name, normalised
forms, the per-token alignment and each feature with its delta.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from array import array
from bisect import bisect_right
from operator import itemgetter, mul
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence, cast

import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

from lists.names import NormalizedName, normalize_name, normalize_text
from lists.names.ascii_fold import logical_order
from lists.names.normalize import (
    alias_parts, care_of_parts, embedded_birth_date, embedded_identifiers, generic_name_before_place, may_hold_address, names_something,
    parenthesised_parts, reads_as_initialled_person, slash_parts, translated_abjad_words, without_named_after,
    without_dashed_acronym, without_quoted, without_trailing_address, without_trailing_country,
    without_trailing_place,
)
from lists.names.korean import (
    cyrillic_korean_spellings, edge_syllables, korean_alike, korean_readings, korean_syllables, looks_korean, spells_korean_name,
)
from lists.names.legal_forms import misspelt_short_form
from lists.names.palladius import palladius_reading
from lists.names.scripts import ARABIC, CYRILLIC, HAN, HEBREW, LATIN, SYLLABLE_SCRIPTS, has_syllabic_script
from lists.names.transcription import caron_respelling, english_transcriptions
from lists.names.tokens import (
    COMMON, PARTICLE, PLAIN, TITLE, abjad_keys, abjad_spelling, canonical_token, is_patronymic, lineage_particles,
    phonetic_spelling, second_readings, skeleton_keys, variant_spellings, variant_table, word_class,
)
from lists.names.wade_giles import wade_giles_readings, wade_giles_spelling, wade_giles_syllables
from lists.parties.index import (
    MIN_DELETE_LEN,
    Snapshot,
    address_key,
    deletion_keys,
    identifier_keys,
    korean_listing,
    normalize_identifier,
)
from lists.sources.common import country_code
from stream.models import EntityMatch, Party

CONFIG_PATH = Path(__file__).resolve().parent / "data" / "matching.yml"

PERSON = "Person"
ORG_SCHEMAS = frozenset({"Organization", "Company"})
LEGAL_ENTITY = "LegalEntity"
THING_SCHEMAS = frozenset({"Vessel", "Aircraft"})


@dataclass(frozen=True, slots=True)
class MatchConfig:
    version: str
    threshold: float
    strong: float
    features: Mapping[str, float]
    tokens: Mapping[str, float]
    blocking: Mapping[str, float]
    field_lengths: tuple[int, ...] = ()
    """Lengths trade systems cut a name field at (SWIFT and EDIFACT lines: 35 characters)."""
    similarity_cache: dict[tuple[str, bool, bool], dict[str, tuple[float, str]]] = field(
        default_factory=dict, compare=False, repr=False)
    """Token-pair similarities under *these* token settings (a shared cache would mix configs),
    by (query token, person) then candidate token."""


@lru_cache(maxsize=4)
def load_config(path: str | None = None) -> MatchConfig:
    data = yaml.safe_load(Path(path or CONFIG_PATH).read_text(encoding="utf-8"))
    return MatchConfig(
        version=str(data["version"]),
        threshold=float(data["thresholds"]["match"]),
        strong=float(data["thresholds"]["strong"]),
        features={k: float(v) for k, v in data["features"].items()},
        tokens={k: float(v) for k, v in data["tokens"].items()},
        blocking={k: float(v) for k, v in data["blocking"].items()},
        field_lengths=tuple(int(n) for n in data.get("field_lengths") or ()),
    )


# ---------------------------------------------------------------------------------------------
# Token similarity


class TokenPair(NamedTuple):
    query: int  # index into the query tokens (-1 for none)
    candidate: int
    similarity: float
    how: str


def token_similarity(a: str, b: str, cfg: MatchConfig, person: bool = False,
                     abjad: bool = False) -> tuple[float, str]:
    """Similarity of two comparison tokens and which rule gave it.

    ``abjad``: ``a`` is romanised from Arabic or Hebrew script, which leaves the short vowels
    unwritten ("hsyn" for Hussein): spelling distance says little; ``b`` being one of the
    Latin spellings of ``a``'s letters (``abjad_spelling``) says it is the same name.
    """
    if a == b:
        return 1.0, "exact"
    if abjad and len(a) > 1 and len(b) > 1 and not a.isdigit() and word_class(a) != PARTICLE:
        # (A particle is Latin text normalisation wrote: the article "al" split off.)
        best, how = token_similarity(a, b, cfg, person)
        spelling = abjad_spelling(a)
        if spelling.matches(b):
            t = cfg.tokens
            # Fewer consonants, more names share them ("ly": Ali, Eli, Lee).
            s = t["abjad"] - t["abjad_short_penalty"] * max(0, 3 - spelling.consonants)
            if s > best:
                best, how = s, "abjad"
        if not person and best < cfg.tokens["abjad_translated"]:
            # A generic word the lists also print translated: مرکز (mrkz) is "center".
            meant = translated_abjad_words().get(a)
            if meant is not None and b in meant:
                best, how = cfg.tokens["abjad_translated"], "translated"
        return best, how
    if a.isdigit() or b.isdigit():
        return 0.0, "none"
    t = cfg.tokens
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return t["initial"], "initial"
        return 0.0, "none"
    lev = OSA.normalized_similarity(a, b)  # optimal string alignment: a swap of two letters is one edit
    if a[0] != b[0] and lev < 0.5 and lev < t["fuzzy_min"]:
        # Most pairs end here: every rule below needs either half the letters right (fuzzy,
        # phonetic) or the same first letter (prefix, abbreviation).
        return 0.0, "none"
    best, how = lev, "fuzzy"
    if lev >= 0.5 and _same_skeleton(a, b):
        # Same consonant skeleton: a transliteration variant; still graded by spelling
        # distance, where letters the phonetic rules make alike count alike in words of
        # eight letters or more (Teedevater/Tidewater, Tschernomorsk/Chernomorsk). In
        # shorter ones they made brands homonyms of listed names (Coty/Koti, Sysco/Sisko):
        # more clean names held, no more listed names found.
        spelled = lev
        if min(len(a), len(b)) >= _SPELLING_BY_SOUND_LEN:
            spelled = max(lev, OSA.normalized_similarity(phonetic_spelling(a), phonetic_spelling(b)))
        elif ("x" in a) != ("x" in b):
            # x and ks are one sound written two ways, not a vowel guess: Cyrillic кс is
            # romanised ks (Lanmaks/LANMAX, Maksim/Maxim) at any length.
            spelled = max(lev, OSA.normalized_similarity(a.replace("x", "ks"), b.replace("x", "ks")))
        if spelled < 1.0:
            # One spelled as the other's second reading is the same name in another
            # romanisation (Ghods/Qods, Meran/Mehran, Prigoschin/Prigozhin), not a guess.
            alts_a, alts_b = second_readings(a), second_readings(b)
            if (alts_a or alts_b) and (a in alts_b or b in alts_a or not set(alts_a).isdisjoint(alts_b)):
                spelled = 1.0
        phonetic = t["phonetic"] + (1.0 - t["phonetic"]) * spelled
        if phonetic > best:
            best, how = phonetic, "phonetic"
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # Abbreviations: organisations write "Intl", "Mfg", "Trdg"; person names are shortened to
    # initials (above) or to a leading part of 4+ letters ("Alex", "Abdu"), never to a
    # scattered subsequence, and a syllable of a Chinese/Korean name is not a short form of
    # another ("Lin"/"Liujun"). A given name is not a short form of a patronymic made from it.
    if (len(short) >= (4 if person else 3) and t["prefix"] > best
            and not (is_patronymic(long_) and not is_patronymic(short))):
        if long_.startswith(short):
            best, how = t["prefix"], "prefix"
        elif (not person and len(long_) >= len(short) + 2 and short[0] == long_[0]
              and short[-1] == long_[-1] and _is_subsequence(short, long_)):
            # Contractions keep the first and last letters (Trdg, Mfg, Natl, Assn); "Arc"
            # is not a short form of "American".
            best, how = t["prefix"], "abbreviation"  # Trdg/Trading, Mfg/Manufacturing
    if how in ("fuzzy", "phonetic"):
        # One edit in a short word is weak evidence (alcoa/alco, amgen/amen); in a long one it
        # is a typo. Same-skeleton pairs (vowel changes: Rida/Reeda) lose half as much.
        missing = max(0, int(t["short_len"]) - len(short))
        one_slip = person and how == "fuzzy" and len(short) >= 4 and len(a) == len(b) \
            and OSA.distance(a, b, score_cutoff=1) <= 1
        best -= t["short_penalty"] * missing * (0.5 if how == "phonetic" or one_slip else 1.0)
    if best < t["fuzzy_min"]:
        return 0.0, "none"
    return best, how


_SPELLING_BY_SOUND_LEN = 8


def pair_similarity(a: str, b: str, cfg: MatchConfig, person: bool = False,
                    abjad: bool = False) -> tuple[float, str]:
    """``token_similarity``, where a person's name the variants table folds is also read in
    its spellings: a typo of one spelling ("Allexei", "Mohammmad") is near that spelling,
    not near the canonical token every spelling folds to ("aleksey"). Only against a token
    the table does not know: two known tokens folding apart are two names. (For
    organisations the table's spellings are abbreviations: "tech", "intl".)"""
    found = token_similarity(a, b, cfg, person, abjad)
    if found[0] >= 1.0 or abjad or not person:
        return found
    spellings = _SPELLINGS or _load_spellings()
    forms = spellings.get(b)
    query_side = forms is not None and len(forms) > 1 and a not in spellings
    if not query_side:
        forms = spellings.get(a)
        if forms is None or len(forms) <= 1 or b in spellings:
            return found
    other, known = (a, b) if query_side else (b, a)
    if other[:1] not in _SPELLING_HEADS[known]:
        return found  # (a typo keeps the first letter: most pairs of two names end here)
    # The closest spelling only (one C-level pass; most names have a handful).
    hit = process.extractOne(other, forms[1:], scorer=OSA.normalized_similarity,  # type: ignore[index]
                             score_cutoff=0.5)
    if hit is None:
        return found
    spelt = token_similarity(a, hit[0], cfg, person) if query_side else token_similarity(hit[0], b, cfg, person)
    return spelt if spelt[0] > found[0] else found


_SPELLINGS: dict[str, tuple[str, ...]] = {}
_SPELLING_HEADS: dict[str, frozenset[str]] = {}  # canonical token -> first letters of its other spellings


def _load_spellings() -> dict[str, tuple[str, ...]]:
    spellings = variant_spellings()
    _SPELLING_HEADS.update({k: frozenset(f[:1] for f in v[1:]) for k, v in spellings.items()})
    _SPELLINGS.update(spellings)
    return _SPELLINGS


def _same_skeleton(a: str, b: str) -> bool:
    """Whether any reading of ``a`` shares a consonant skeleton with any reading of ``b``."""
    keys_a, keys_b = skeleton_keys(a), skeleton_keys(b)
    return keys_a[0] == keys_b[0] or any(k in keys_b for k in keys_a)


_VOWELS = frozenset("aeiouy")


def _is_contraction(token: str) -> bool:
    """A Latin word of letters with no vowel, as business contractions are written."""
    return token.isascii() and token.isalpha() and _VOWELS.isdisjoint(token)


def _is_subsequence(short: str, long_: str) -> bool:
    pos = 0
    for ch in short:
        pos = long_.find(ch, pos) + 1
        if not pos:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Name comparison


class NameComparison(NamedTuple):
    score: float
    pairs: tuple[TokenPair, ...]
    merged: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]  # (query idx, cand idx, sim)
    unmatched_query: tuple[int, ...]
    unmatched_candidate: tuple[int, ...]
    query_coverage: float
    candidate_coverage: float
    reordered: bool


def _class_factor(token: str, cfg: MatchConfig) -> float:
    cls = word_class(token)
    if cls == COMMON:
        return cfg.tokens["common_factor"]
    if cls == PARTICLE:
        return cfg.tokens["particle_factor"]
    if cls == TITLE:
        return cfg.tokens["title_factor"]
    return 1.0


def compare_names(
    q_tokens: Sequence[str],
    c_tokens: Sequence[str],
    q_weights: Sequence[float],
    c_weights: Sequence[float],
    cfg: MatchConfig,
    *,
    person: bool,
    q_latin: Sequence[str] | None = None,
    c_latin: Sequence[str] | None = None,
    syllabic: bool = False,
    abjad: bool = False,
    two_surnames: bool = False,
    korean: int = 0,
) -> NameComparison:
    """Align two token sequences and score the rarity-weighted coverage of both.

    ``syllabic``: a name written in Han/Hangul/kana on either side: its tokens are
    syllables, so one letter apart is another syllable, and in a person name none is an
    omissible middle name ("Jang Cheol Hui" is not "Zhang Hui").
    ``abjad``: the query is written in Arabic or Hebrew script (see ``token_similarity``).
    ``two_surnames``: the candidate person's last two tokens are two surnames ("RANGEL
    BUENDIA, Alfredo"): the second may be omitted like a middle name.
    ``korean``: both are romanised Korean names (``looks_korean``; the candidate a listed
    Korean's): words that may spell the same Hangul syllables are one word in two
    romanisations (``korean_alike``: Gang/Kang, Moon/Mun, Junsik/Chun Sik). ``KOREAN_LATIN``
    for a query written in Latin letters (documents' spellings too), ``KOREAN_HANGUL`` for
    one written in Hangul (its romanisation is ours, Revised Romanization).
    """
    # Without a floor the alignment always completes.
    return cast(NameComparison, _compare_names(q_tokens, c_tokens, q_weights, c_weights, cfg, person=person,
                                               q_latin=q_latin, c_latin=c_latin, syllabic=syllabic, floor=None,
                                               abjad=abjad, two_surnames=two_surnames, korean=korean))


def _compare_names(
    q_tokens: Sequence[str],
    c_tokens: Sequence[str],
    q_weights: Sequence[float],
    c_weights: Sequence[float],
    cfg: MatchConfig,
    *,
    person: bool,
    q_latin: Sequence[str] | None,
    c_latin: Sequence[str] | None,
    syllabic: bool,
    floor: float | None,
    abjad: bool = False,
    two_surnames: bool = False,
    korean: int = 0,
) -> NameComparison | None:
    """``compare_names``; with ``floor``, a comparison that provably scores below it returns
    None before the alignment (``_coverage_bound``; for person names with their middle-name
    and patronymic allowances): a screening drops such names anyway, and most of the names
    it compares are such names."""
    if tuple(q_tokens) == tuple(c_tokens):
        return NameComparison(1.0, tuple(TokenPair(i, i, 1.0, "exact") for i in range(len(q_tokens))),
                              (), (), (), 1.0, 1.0, False)
    used_q: set[int] = set()
    used_c: set[int] = set()
    merged: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    # Spacing tricks first: "al qaida" vs "alqaida", "sber bank" vs "sberbank". A glued pair
    # wins over single-token pairs only when it fits better than either half would.
    if len(q_tokens) != len(c_tokens):
        q_forms = (tuple(q_tokens),) if q_latin is None else (tuple(q_tokens), tuple(q_latin))
        c_forms = (tuple(c_tokens),) if c_latin is None else (tuple(c_tokens), tuple(c_latin))
        for side_q in (True, False):
            forms_a, forms_b = (q_forms, c_forms) if side_q else (c_forms, q_forms)
            glued: list[tuple[tuple[int, ...], tuple[str, ...]]] = list(_glued_pairs(forms_a))
            if abjad and side_q:
                # An abjad compound with its article written apart: ابو الفضل is Abulfazl.
                toks_a = forms_a[0]
                glued.extend(((i, i + 1, i + 2), tuple(f[i] + f[i + 1] + f[i + 2] for f in forms_a))
                             for i in range(len(toks_a) - 2) if toks_a[i + 1] == "al")
            if not glued:
                continue
            used_a, used_b = (used_q, used_c) if side_q else (used_c, used_q)
            toks_b = forms_b[0]
            for j in range(len(toks_b)):
                if j in used_b or len(toks_b[j]) < 4:
                    continue
                for span, joined in glued:
                    if not used_a.isdisjoint(span):
                        continue
                    s = 0.0
                    if abjad and side_q:
                        # Abjad names write compounds apart (عبد الله, حبیب الله) that Latin
                        # spellings glue (Abdullah, Habibullah).
                        spelling = abjad_spelling(joined[0])
                        if any(spelling.matches(fb[j]) for fb in forms_b):
                            s = cfg.tokens["abjad"]
                    elif abjad:
                        # ... and glue compounds (عبدالروف, امیرعلی) that Latin spellings write
                        # apart (Abdul Rauf, Amir Ali).
                        spelling = abjad_spelling(toks_b[j])
                        if any(spelling.matches(ja) for ja in joined):
                            s = cfg.tokens["abjad"]
                    for ja, fb in zip(joined, forms_b):
                        b = fb[j]
                        joined_len, b_len = len(ja), len(b)
                        diff = abs(joined_len - b_len)
                        # Levenshtein similarity is at most 1 - diff / longer: a form that cannot
                        # reach 0.85 (20 * diff > 3 * longer) is not worth the call.
                        if diff <= 2 and 20 * diff <= 3 * max(joined_len, b_len):
                            s = max(s, Levenshtein.normalized_similarity(ja, b))
                    if korean and s < cfg.tokens["korean"] and any(
                            korean_alike(ja, fb[j], korean == KOREAN_LATIN) if side_q
                            else korean_alike(fb[j], ja, korean == KOREAN_LATIN) for ja, fb in zip(joined, forms_b)):
                        s = cfg.tokens["korean"]  # (Chunsik / Chun Sik in two romanisations)
                    if s >= 0.85 and not _half_fits_as_well(span, forms_a, forms_b, j, s):
                        used_a.update(span)
                        used_b.add(j)
                        merged.append((span, (j,), s) if side_q else ((j,), span, s))
                        break
    sims: list[tuple[float, int, int, str]] = []
    # Token-pair similarities are cached per query token (one row lookup per query token, then
    # a plain string lookup per candidate token): this loop runs for every aligned candidate.
    rows = cfg.similarity_cache
    syllable_penalty, fuzzy_min = cfg.tokens["syllable_penalty"], cfg.tokens["fuzzy_min"]
    both_forms = q_latin is not None and c_latin is not None
    for i, a in enumerate(q_tokens):
        if i in used_q:
            continue
        row = rows.get((a, person, abjad)) or _similarity_row(a, cfg, person, abjad)
        for j, b in enumerate(c_tokens):
            if j in used_c:
                continue
            found = row.get(b)
            if found is None:
                found = row[b] = pair_similarity(a, b, cfg, person, abjad)
            s, how = found
            if s < 1.0 and both_forms:
                la, lb = q_latin[i], c_latin[j]  # type: ignore[index]
                if la != a or lb != b:  # a variant-folded token may hide a plain typo of the spelling
                    s2, how2 = _cached_similarity(la, lb, cfg, person, abjad)
                    if s2 > s:
                        s, how = s2, how2
            if korean and s < cfg.tokens["korean"] and (
                    korean_alike(a, b, korean == KOREAN_LATIN) or both_forms
                    and (q_latin[i] != a or c_latin[j] != b)  # type: ignore[index]
                    and korean_alike(q_latin[i], c_latin[j], korean == KOREAN_LATIN)):  # type: ignore[index]
                s, how = cfg.tokens["korean"], "korean"
            if syllabic and how != "exact" and how != "korean":
                # One letter apart is another syllable (Sang/Seong, Chen/Cheng, Liu/Li);
                # romanisation systems' spellings of one syllable are in the variants table.
                # (Not so for Korean names romanised in Latin letters: a vowel slip, "Pek"
                # for Pak, is still a slip; Jong and Yong are the price.)
                s -= syllable_penalty
                if s < fuzzy_min:
                    continue
            if s > 0.0:
                sims.append((-s, i, j, how))
    if floor is not None and _coverage_bound(
            sims, merged, q_weights, c_weights,
            _person_discounts(q_tokens, cfg) if person and not syllabic else None,
            _person_discounts(c_tokens, cfg, two_surnames) if person and not syllabic else None) < floor - 1e-9:
        return None
    sims.sort()  # best first, then by position (positions are unique: ``how`` never decides)
    pairs: list[TokenPair] = []
    for neg, i, j, how in sims:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append(_make_tuple(TokenPair, (i, j, -neg, how)))
    q_w = list(q_weights)
    c_w = list(c_weights)
    unmatched_q = tuple(i for i in range(len(q_tokens)) if i not in used_q)
    unmatched_c = tuple(j for j in range(len(c_tokens)) if j not in used_c)
    open_q = [i for i in unmatched_q if len(q_tokens[i]) > 1]
    open_c = [j for j in unmatched_c if len(c_tokens[j]) > 1]
    # A distinct word on *both* sides (Sino Trading vs Sino Machinery) is a different name,
    # even when the words are common ones: unmatched common words regain their full weight.
    if open_q and open_c:
        factor = cfg.tokens["common_factor"]
        for i in open_q:
            if word_class(q_tokens[i]) == COMMON:
                q_w[i] /= factor
        for j in open_c:
            if word_class(c_tokens[j]) == COMMON:
                c_w[j] /= factor
    # Persons: names lists omit (middle names, patronymics) do not count against a match,
    # but only when one side's tokens are all accounted for; an extra token on *both* sides
    # (a different patronymic or surname) is a conflict, not an omission.
    plain_matched = len(pairs) + len(merged)
    # A leftover initial counts as a conflict too: "Kim Hyon U" is not "Kim Jae Hyon".
    conflict = bool(unmatched_q) and bool(unmatched_c)
    if conflict and person:
        # ... but not a title or a particle left over ("Mr. Viktor Bout" against "BOUT, Viktor
        # Anatolijevitch": a query without a schema keeps its "Mr."; "ALn-YACOUB" against
        # "AL-YACOUB": a typo of the article is no other name).
        # (Not a particle naming a relation: "Ahmed bin Hassan" is not "Ahmed Ali Hassan".)
        lineage = lineage_particles()
        conflict = any(_names_someone(q_tokens[i], lineage) for i in unmatched_q) \
            and any(_names_someone(c_tokens[j], lineage) for j in unmatched_c)
    if person and not syllabic and plain_matched >= 2 and not conflict:
        # Only *middle* names and patronymics are omitted in practice; a missing first or
        # last name (a surname, in Chinese or Korean order too) is a different person.
        last_c, last_q = len(c_tokens) - 1, len(q_tokens) - 1
        for j, tok in enumerate(c_tokens):
            if j not in used_c:
                if is_patronymic(tok):
                    c_w[j] *= cfg.tokens["patronymic_factor"]
                elif 0 < j < last_c:
                    c_w[j] *= cfg.tokens["person_extra_factor"]
                elif two_surnames and j == last_c and j - 1 in used_c:
                    # The second of two surnames, the first one matched: "Alfredo RANGEL" for
                    # "RANGEL BUENDIA, Alfredo", as Spanish and Portuguese names are cut.
                    c_w[j] *= cfg.tokens["second_surname_factor"]
        for i, tok in enumerate(q_tokens):
            if i not in used_q:
                if is_patronymic(tok):
                    q_w[i] *= cfg.tokens["patronymic_factor"]
                elif 0 < i < last_q:
                    q_w[i] *= cfg.tokens["person_extra_factor"]
    q_total = sum(q_w) or 1.0
    c_total = sum(c_w) or 1.0
    q_got = c_got = 0.0
    initial_weight = cfg.tokens["initial_weight"]
    for p in pairs:
        if p[3] == "initial" and not person:
            # In a company name a letter says no more than a letter: "I" of "Title I" does
            # not cover "Investors", "N Holding" is not "NLI Holdings".
            credit = min(q_w[p[0]], c_w[p[1]], initial_weight) * p[2]
            q_got += credit
            c_got += credit
            continue
        q_got += q_w[p[0]] * p[2]
        c_got += c_w[p[1]] * p[2]
    for qi, ci, s in merged:
        q_got += sum(q_w[i] for i in qi) * s
        c_got += sum(c_w[j] for j in ci) * s
    q_cov = min(1.0, q_got / q_total)
    c_cov = min(1.0, c_got / c_total)
    score = 0.0 if q_cov + c_cov == 0 else 2 * q_cov * c_cov / (q_cov + c_cov)
    if not merged and pairs and _rests_on_one_approximate(pairs, q_tokens):
        # A name resting on a single approximate token has nothing to corroborate it; nor
        # does it when the other pairs are generic words ("Bank of China" vs the listed
        # "Sina Bank": bank, and china read like sina).
        score -= cfg.tokens["single_fuzzy_penalty"]
    reordered = False
    if len(pairs) > 1:
        ordered = sorted(pairs)  # by query position (unique)
        reordered = any(ordered[k][1] > ordered[k + 1][1] for k in range(len(ordered) - 1))
    return _make_tuple(NameComparison, (
        score,
        tuple(pairs),
        tuple(merged),
        unmatched_q,
        unmatched_c,
        q_cov,
        c_cov,
        reordered,
    ))


def _relation_reversed(q_tokens: Sequence[str], c_tokens: Sequence[str], pairs: Sequence[TokenPair]) -> str:
    """Where the query writes "A bin B" against a listed "B bin A" (bin, ibn, ould, abu ...:
    ``lineage_particles``), the two sides of the particle as "query vs listed"; "" when
    nowhere. Word order is free elsewhere ("Bin Laden Osama" is Usama BIN LADIN), but
    across a particle naming a relation it says who is whose son."""
    lineage = lineage_particles()
    if lineage.isdisjoint(q_tokens) or lineage.isdisjoint(c_tokens):
        return ""
    to_c = {p[0]: p[1] for p in pairs}
    for i, tok in enumerate(q_tokens):
        r = to_c.get(i) if tok in lineage else None
        if r is None or c_tokens[r] not in lineage:
            continue
        # (Both sides swapped: "RUSDAN ABU" is ABU RUSDAN reordered, not another man.)
        if i > 0 and to_c.get(i + 1) == r - 1 and to_c.get(i - 1) == r + 1:
            return f"{' '.join(q_tokens[max(0, i - 1):i + 2])} vs {' '.join(c_tokens[max(0, r - 1):r + 2])}"
    return ""


def _names_someone(token: str, lineage: frozenset[str]) -> bool:
    """Whether a leftover word of a person's name may be another name: not a title, nor an
    article; a particle naming a relation is (``_compare_names``' conflict test)."""
    cls = word_class(token)
    return cls != TITLE and (cls != PARTICLE or token in lineage)


def _half_fits_as_well(span: tuple[int, ...], forms_a: tuple[tuple[str, ...], ...],
                       forms_b: tuple[tuple[str, ...], ...], j: int, s: float) -> bool:
    """Whether one word of a glued pair spells word ``j`` of the other side at least as well
    as the pair does: "SB International" glued is one letter pair from "International", but
    "International" alone *is* it (and "SB" is then left to meet "SB")."""
    for fa, fb in zip(forms_a, forms_b):
        b = fb[j]
        for i in span:
            if Levenshtein.normalized_similarity(fa[i], b, score_cutoff=s) >= s:
                return True
    return False


def _rests_on_one_approximate(pairs: Sequence[TokenPair], q_tokens: Sequence[str]) -> bool:
    approximate = 0
    for p in pairs:
        if p[3] != "exact":
            approximate += 1
            if approximate > 1:
                return False
        elif word_class(q_tokens[p[0]]) != COMMON:
            return False
    return approximate == 1


def _person_discounts(tokens: Sequence[str], cfg: MatchConfig, two_surnames: bool = False) -> list[float]:
    """The least share of its weight each token of a person name can keep when left
    unmatched: patronymics and middle names may be discounted (see ``_compare_names``), and
    so may the second of two surnames."""
    last = len(tokens) - 1
    t = cfg.tokens
    return [t["patronymic_factor"] if is_patronymic(tok)
            else t["person_extra_factor"] if 0 < k < last
            else t["second_surname_factor"] if two_surnames and k == last else 1.0
            for k, tok in enumerate(tokens)]


def _coverage_bound(
    sims: list[tuple[float, int, int, str]],
    merged: list[tuple[tuple[int, ...], tuple[int, ...], float]],
    q_weights: Sequence[float],
    c_weights: Sequence[float],
    q_discounts: Sequence[float] | None = None,
    c_discounts: Sequence[float] | None = None,
) -> float:
    """Upper bound of a name score from its token-pair similarities.

    Each token counts at most its weight times its best similarity (the alignment pairs it
    once, or not at all); unmatched common words only gain weight, which lowers coverage,
    and the single-token penalty only lowers the score. Person-name allowances shrink the
    weight of unmatched middle names and patronymics: with ``*_discounts`` (the least share
    of its weight each token keeps), a side's total is at least every token's weight
    times its discount, so the bound holds for persons too.
    """
    best_q = [0.0] * len(q_weights)
    best_c = [0.0] * len(c_weights)
    for neg, i, j, _how in sims:
        if -neg > best_q[i]:
            best_q[i] = -neg
        if -neg > best_c[j]:
            best_c[j] = -neg
    for qi, ci, s in merged:
        for i in qi:
            best_q[i] = max(best_q[i], s)
        for j in ci:
            best_c[j] = max(best_c[j], s)
    q_total = sum(q_weights) if q_discounts is None else sum(map(mul, q_weights, q_discounts))
    c_total = sum(c_weights) if c_discounts is None else sum(map(mul, c_weights, c_discounts))
    q_cov = min(1.0, sum(map(mul, q_weights, best_q)) / (q_total or 1.0))
    c_cov = min(1.0, sum(map(mul, c_weights, best_c)) / (c_total or 1.0))
    return 0.0 if q_cov + c_cov == 0 else 2 * q_cov * c_cov / (q_cov + c_cov)


_first = itemgetter(0)
_second = itemgetter(1)

_make_tuple = tuple.__new__
"""Builds a NamedTuple from a tuple at C speed (its generated ``__new__`` is Python code)."""

_UNSEEN: Any = object()
"""Marks a name not compared yet (None means compared and provably below the floor)."""


# Bound of the token-pair similarity cache, in pairs (~125 bytes each, so ~60 MB): 20,000
# screenings of the benchmark's mixes fill 131,000; junk names in abjad scripts, each
# aligned against dozens of candidates, reached 1.5 M pairs in 76,000 screenings.
_SIMILARITY_PAIRS = 500_000


def _similarity_row(a: str, cfg: MatchConfig, person: bool, abjad: bool = False) -> dict[str, tuple[float, str]]:
    """The cached similarities of token ``a`` to the tokens it met so far (bounded memory:
    at most ~100k rows of ~2k tokens and ``_SIMILARITY_PAIRS`` pairs, counted every 1,024 new
    rows; a full row or table starts over)."""
    rows = cfg.similarity_cache
    key = (a, person, abjad)
    row = rows.get(key)
    if row is None:
        if len(rows) > 100_000 or (len(rows) & 1023 == 1023 and
                                   sum(map(len, rows.values())) > _SIMILARITY_PAIRS):
            rows.clear()
        row = rows[key] = {}
    elif len(row) > 2_000:
        row.clear()
    return row


def _cached_similarity(a: str, b: str, cfg: MatchConfig, person: bool = False,
                       abjad: bool = False) -> tuple[float, str]:
    row = cfg.similarity_cache.get((a, person, abjad)) or _similarity_row(a, cfg, person, abjad)
    found = row.get(b)
    if found is None:
        found = row[b] = pair_similarity(a, b, cfg, person, abjad)
    return found


@lru_cache(maxsize=65_536)
def _glued_pairs(forms: tuple[tuple[str, ...], ...]) -> tuple[tuple[tuple[int, ...], tuple[str, ...]], ...]:
    """Adjacent tokens a spacing trick may have split ("al qaida"), glued in every form:
    (their positions, glued text per form). A two-word name is also glued the other way
    round: person names are compared given name first, while "LIJiangzhou" glues the family
    name first ("LI, Jiangzhou"); in longer names that costs more than it finds. Three short
    words glue too ("Gaz Prom Bank": GAZPROMBANK). Cached: a query meets dozens of names, and
    listed names recur across queries."""
    toks = forms[0]
    out: list[tuple[tuple[int, ...], tuple[str, ...]]] = [
        ((i, i + 1), tuple(f[i] + f[i + 1] for f in forms))
        for i in range(len(toks) - 1) if len(toks[i]) >= 2 and len(toks[i + 1]) >= 2]
    if len(out) == 1 and len(toks) == 2:
        out.append(((0, 1), tuple(f[1] + f[0] for f in forms)))
    out.extend(((i, i + 1, i + 2), tuple(f[i] + f[i + 1] + f[i + 2] for f in forms))
               for i in range(len(toks) - 2) if all(2 <= len(t) <= _GLUED_PIECE for t in toks[i:i + 3]))
    return tuple(out)


_GLUED_PIECE = 6  # letters of each of three words glued back into one (pieces of a split word are short)


# ---------------------------------------------------------------------------------------------
# Queries


_ABJAD_TEXT = re.compile("[\u0600-\u06ff\u0590-\u05ff]")


# Longer words glued to the word before them in Latin spellings, as romanised from the
# script: الله, الدين (-ullah, -uddin, also with their article), Persian نژاد (-nejad).
# (Shorter ones, such as پور -pour and زاده -zadeh, are looked up anyway.)
_ABJAD_COMPOUND_TAILS = frozenset({"llh", "dyn", "ldyn", "nzhd"})


# Heads and tails of compound names the Arabic script glues (romanised): عبدال Abd al- and
# ابوال Abu al- before a name, علی -ali and رضا -reza (ض read as ظ) after one (Persian).
# An article the rewrite left glued (before a Persian letter: الحسینی) is a head "l".
_ABJAD_GLUED_HEADS = ("bdl", "bwl", "l")
_ABJAD_GLUED_TAILS = ("ly", "rdh")
_MAX_COMPOUND_WALK = 50_000  # postings a compound's rarer part may hold (its names are looked up)


def _abjad_compound_parts(token: str) -> tuple[str, ...]:
    """The two parts of a glued abjad compound (head or tail above, the rest at least three
    letters, four after "l", or the tail's two), or () for any other token."""
    for head in _ABJAD_GLUED_HEADS:
        if token.startswith(head) and len(token) - len(head) >= (4 if head == "l" else 3):
            return (head, token[len(head):])
    for tail in _ABJAD_GLUED_TAILS:
        if token.endswith(tail) and len(token) - len(tail) >= 2:
            return (token[:-len(tail)], tail)
    return ()


_MAX_SPLITS = 2  # splits of an unknown glued word into two short words that blocking looks up
_GLUED_MIN = 5  # letters of a word blocking also reads as two listed words glued
_GLUED_RARE = 10  # ... when at most this many listed names hold it as written
_GLUED_HEAD = 3  # ... and its first part has at most this many letters
_GLUED_FULL = 6  # an unknown word of this many letters or more is looked up in both parts
_RARE_EXACT = 8  # names holding a query word exactly, when at most this many do, come first in blocking
_APART_MIN = 7  # letters of a listed word also looked up as two listed words written apart
_APART_PART = 3  # ... each of at least this many letters
_MAX_APART_WALK = 3_000  # ... the rarer one held by at most this many names
_MIN_UNGLUED = 8  # letters of a one-word name that may glue three or more words
# ... and at most (a name glued from its words is some dozens of letters; the segmentation
# walks every word ending at every letter: a hostile name of thousands cost 100+ ms)
_MAX_UNGLUED = 64


def _fewest_longest(item: tuple[int, int, tuple[str, ...]]) -> tuple[int, int]:
    return item[0], -item[1]


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    schema: str | None = None
    country: str | None = None
    dob: str | None = None
    identifiers: tuple[tuple[str | None, str], ...] = ()  # (type, value)
    address: str | None = None
    is_party: bool = False  # a party of a trade event: a person or an organisation, never a vessel


# A birth year however the date is written: ISO "1961-03-12" and "19610312", "12.03.1961",
# "12/03/1961", "12 Mar 1961", "March 12, 1961" (a year standing alone, 1850-2099).
_LEADING_YEAR = re.compile(r"\s*(\d{4})")
_ANY_YEAR = re.compile(r"(?<!\d)(18[5-9]\d|19\d\d|20\d\d)(?!\d)")


def _spelled_out_key(q_tokens: Sequence[str], initials: Sequence[str], c_tokens: Sequence[str],
                     c_latin: Sequence[str]) -> str | None:
    """The query's pre-ranking key with each initial replaced by a word of the candidate it
    may abbreviate (one not in the query, first in the name's order; its first letter as
    written or folded: "R." for Ryong, folded "yong"), sorted like the keys; None when the
    candidate has no such word."""
    taken: set[str] | None = None
    spelt_out: list[str] = []  # (per initial, in order; "" where the name has no word for it)
    for letter in initials:
        word = ""
        for t, spelt in zip(c_tokens, c_latin):
            if len(t) > 1 and (t[0] == letter or spelt[0] == letter):
                if taken is None:
                    taken = set(q_tokens)
                if t not in taken:
                    taken.add(t)
                    word = t
                    break
        spelt_out.append(word)
    if taken is None or not any(spelt_out):
        return None
    words = [t for t in q_tokens if len(t) > 1 or not t.isalpha()]
    words.extend(word or letter for word, letter in zip(spelt_out, initials))
    return " ".join(sorted(words))


def _ch_as_j(word: str) -> str:
    """A romanised Korean word with ch written j: the lists write ㅈ either way (Chong, Jong)."""
    return word.replace("ch", "j")


def _korean_names(snap: Snapshot) -> tuple[frozenset[int], dict[int, tuple[str, ...]],
                                          dict[int, tuple[str, ...]], dict[str, frozenset[int]]]:
    """Listed names read as romanised Korean (``korean_alike``); persons' words by each
    Hangul syllable they may spell (blocking's index for them); and organisations' and
    vessels' words by each syllable they may start with, with the syllables each may end
    with (``Matcher._korean_thing_alike``'s cheap first test).

    A person is Korean by a Korean nationality or a name written in Hangul; of such a
    person, the names whose every word reads as Korean syllables. An organisation or vessel
    is Korean by a Korean country or a DPRK programme (OFAC prints most DPRK front companies
    without a country); of its names, the words that read as Korean syllables and are no
    generic words (KANGBONG of KANGBONG TRADING CORPORATION, KUM and UN of the vessel KUM UN
    SAN; ``spells_korean_name``: not BORDER of its BORDER TRADING SETTLEMENT BANK): documents
    write them in the other romanisation (Gangbong, Geum Eun San)."""
    korean_entities = {e for e, countries in enumerate(snap.entity_countries)
                       if snap.entity_schema[e] == PERSON and not _KOREAN_COUNTRIES.isdisjoint(countries)}
    korean_things = {e for e, countries in enumerate(snap.entity_countries)
                     if snap.entity_schema[e] != PERSON and korean_listing(countries, snap.entity_programs[e])}
    for nid, value in enumerate(snap.name_value):
        e = snap.name_entity[nid]
        if e not in korean_entities and _HANGUL_TEXT.search(value):
            (korean_entities if snap.entity_schema[e] == PERSON else korean_things).add(e)
    names: list[int] = []
    words: dict[int, list[str]] = {}
    seen: set[str] = set()
    thing_words: set[str] = set()
    for nid, e in enumerate(snap.name_entity):
        if e in korean_things:
            read = [t for t in snap.name_tokens[nid] if len(t) > 1 and word_class(t) == PLAIN and spells_korean_name(t)]
            if read:
                names.append(nid)
                thing_words.update(read)
            continue
        if e not in korean_entities:
            continue
        # (A word as the list spells it, too: the variants table folds Korean Chang into
        # Chinese zhang.)
        written = [(t, w) for t, w in zip(snap.name_tokens[nid], snap.name_latin[nid]) if len(t) > 1]
        if not written or not all(korean_readings(t, True) or korean_readings(w, True) for t, w in written):
            continue
        names.append(nid)
        for token, spelt in written:
            for form in (token, spelt):
                if form not in seen:
                    seen.add(form)
                    for syllable in korean_syllables(form, True):
                        words.setdefault(syllable, []).append(token)
    by_first: dict[int, list[str]] = {}
    thing_ends: dict[str, frozenset[int]] = {}
    for word in sorted(thing_words):
        starts: set[int] = set()
        ends: set[int] = set()
        for reading in korean_readings(word, True):
            starts.update(reading[0])
            ends.update(reading[-1])
        thing_ends[word] = frozenset(ends)
        for syllable in starts:
            by_first.setdefault(syllable, []).append(word)
    return (frozenset(names), {k: tuple(v) for k, v in words.items()},
            {k: tuple(v) for k, v in by_first.items()}, thing_ends)


_KOREAN_COUNTRIES = frozenset({"KP", "KR"})
KOREAN_LATIN = 1
"""``compare_names(korean=...)``: a query romanised in Latin letters."""
KOREAN_HANGUL = 2
"""... a query written in Hangul."""
_HANGUL_TEXT = re.compile("[\uac00-\ud7a3]")


def _wade_giles_names(snap: Snapshot) -> dict[str, tuple[int, ...]]:
    """The listed names of two to five words, each Wade-Giles syllables (PAO, Yu Hsiang;
    a few hundred), by word. Built at start-up (0.04 s), so no query pays for it."""
    found: dict[str, list[int]] = {}
    readable: dict[str, bool] = {}
    for nid, latin in enumerate(snap.name_latin):
        if not 2 <= len(latin) <= 5:
            continue
        for word in latin:
            ok = readable.get(word)
            if ok is None:
                ok = readable[word] = bool(wade_giles_syllables(word))
            if not ok:
                break
        else:
            for word in set(latin):
                found.setdefault(word, []).append(nid)
    return {k: tuple(v) for k, v in found.items()}


def _two_surname_names(snap: Snapshot) -> frozenset[int]:
    """Persons listed "SURNAME1 SURNAME2, Given" whose tokens end in those two plain words
    (Spanish and Portuguese names, paternal and maternal surname: "RANGEL BUENDIA, Alfredo"
    is read "alfredo rangel buendia"). The list's comma is the only place that tells two
    surnames from a middle name and a surname, so it is read here, from the listed value."""
    found: set[int] = set()
    for nid, value in enumerate(snap.name_value):
        if value.count(",") != 1 or snap.entity_schema[snap.name_entity[nid]] != PERSON:
            continue
        head = value.split(",", 1)[0].split()
        latin = snap.name_latin[nid]
        if len(head) != 2 or len(latin) < 3:
            continue
        words = [normalize_text(w) for w in head]
        if words[0] == latin[-2] and words[1] == latin[-1] \
                and all(word_class(t) == PLAIN for t in snap.name_tokens[nid][-2:]):
            found.add(nid)
    return frozenset(found)


def _year(value: str | None) -> int | None:
    if not value:
        return None
    text = str(value)
    match = _LEADING_YEAR.match(text) or _ANY_YEAR.search(text)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=4096)
def _country(value: str) -> str | None:
    return country_code(value)


@lru_cache(maxsize=1024)
def _type_key(value: str | None) -> str:
    # (Cached: identifier types are a few dozen strings, and ``normalize_text`` now also reads
    # document noise; this runs for every listed identifier of every candidate.)
    return normalize_text(value or "").replace(" ", "")


_SeedGroups = tuple[tuple[tuple[float, tuple[int, ...]], ...], int, bool]
"""(best factor, name ids) groups, number of names, whether a posting list was capped."""


_MAX_EXACT_NAMES = 64


class Matcher:
    """Screens names and parties against one snapshot; implements ``stream.core.PartyScreener``."""

    def __init__(self, snapshot: Snapshot, threshold: float | None = None, config: MatchConfig | None = None,
                 *, party_cache_size: int = 20_000):
        self.snapshot = snapshot
        self._party_cache: OrderedDict[Query, tuple[EntityMatch, ...]] = OrderedDict()
        self._party_cache_size = party_cache_size
        self.config = config or load_config()
        self.threshold = self.config.threshold if threshold is None else float(threshold)
        self.version = snapshot.version
        n = snapshot.entity_count + 1
        self._idf = {t: math.log(n / (df + 0.5)) for t, df in snapshot.token_df.items()}
        self._max_idf = math.log(n / 0.5)
        b = self.config.blocking
        self._big = int(b["big_posting"])
        self._max_candidates = int(b["max_candidates"])
        self._max_per_entity = int(b["max_per_entity"])
        self._min_share = b["min_block_share"]
        self._detail = int(b["detail_candidates"])
        self._detail_by_blocking = min(self._detail, int(b["detail_by_blocking"]))
        self._expansion_cap = int(b["expansion_postings"])
        self._bound_slack = b["bound_slack"]
        self._prefilter_cutoff = b["prefilter_cutoff"]
        # The most the features can add to a name score (country, birth year agreeing).
        self._max_bonus = sum(max(0.0, v) for k, v in self.config.features.items() if k != "address_match")
        self._truncated = self.config.features.get("truncated_name", 0.0)
        self._cut_names: dict[tuple[int, int], NormalizedName] = {}
        # Posting sets of the common words, built now so no screening pays for it later.
        for token, ids in snapshot.postings.items():
            if len(ids) > 64:
                snapshot.posting_set(token)
        self._expansions: dict[str, dict[str, float]] = {}
        # An unlisted word's typo fixes the posting cap kept from seeding (see ``_expand``).
        self._capped: dict[str, dict[str, float]] = {}
        self._weights: dict[str, float] = {}
        # The same for tokens of names written in Arabic or Hebrew script (``_expand_abjad``).
        self._abjad_expansions: dict[str, dict[str, float]] = {}
        self._abjad_weights: dict[str, float] = {}
        # token -> its expansions' postings grouped by blocking factor (see ``_seed_groups``)
        self._seeds: dict[str, _SeedGroups] = {}
        self._seed_postings = 0
        self._by_weight: dict[int, tuple[tuple[int, ...], list[int], list[float]]] = {}
        self._initials: dict[str, dict[str, tuple[int, ...]]] = {}  # word -> first letter -> name ids
        self._splits: dict[str, tuple[str, ...]] = {}  # unknown query word -> listed words glued in it
        self._compounds: dict[str, tuple[int, ...]] = {}  # abjad compound -> names holding its parts
        self._adjacent: dict[str, tuple[int, ...]] = {}  # listed glued word -> names writing it apart
        self._segmented: dict[str, tuple[str, ...]] = {}  # unknown one-word name -> the words it glues
        # A query word longer than every listed word plus one has no one-edit neighbour, and
        # one longer than two listed words is no two glued: hostile input (a 100,000-letter
        # "name") skips work whose cost grows with the square of its length.
        self._longest_token = max(map(len, snapshot.postings), default=0)
        # One-edit neighbours of the spellings the variants table folds: the index holds the
        # canonical token only ("khalid"), so a typo of another spelling ("Khalled" for
        # Khaled) has no listed word one edit away. (A few thousand keys.)
        spelling_deletes: dict[str, set[str]] = {}
        for spelling, canonical in variant_table().items():
            if spelling != canonical and canonical in snapshot.postings and len(spelling) >= MIN_DELETE_LEN:
                for key in (spelling, *deletion_keys(spelling)):
                    spelling_deletes.setdefault(key, set()).add(canonical)
        self._spelling_deletes = {key: tuple(sorted(v)) for key, v in spelling_deletes.items()}
        # token -> the canonical tokens of the folded spellings it is one edit from, for the
        # tokens ``_expand`` found any for (cleared with its cache).
        self._folded: dict[str, tuple[str, ...]] = {}
        # name id -> sorted-token key of the pre-ranking, built now: a screening pre-ranks
        # ~40 names, mostly names it has never seen when the traffic is new.
        self._sorted_keys: list[str] = [" ".join(sorted(tokens)) for tokens in snapshot.name_tokens]
        # Listed names holding exactly the query's words are always aligned, whatever
        # blocking's caps keep: of common words only ("Abdul Rahman", 13 entries; "Muhammad
        # AL-SHAYKH"), blocking walks a capped share of each word's postings, and entries
        # named exactly so were never reported. (At most ``_MAX_EXACT_NAMES`` per key.)
        by_key: dict[str, list[int]] = {}
        for nid, key in enumerate(self._sorted_keys):
            by_key.setdefault(key, []).append(nid)
        self._exact_names: dict[str, tuple[int, ...]] = {
            key: tuple(ids[:_MAX_EXACT_NAMES]) for key, ids in by_key.items()}
        self._token_weights: dict[tuple[str, ...], list[float]] = {}  # listed names' token weights
        # Total rarity weight of every listed name, for candidate ranking (all tokens are known).
        idf, initial = self._idf, self.config.tokens["initial_weight"]
        factor: dict[str, float] = {}
        # (A flat array of doubles: ranking reads it at random name ids, and 90k float objects
        # scattered over the heap cost a cache miss each.)
        self._name_weights = array("d", (
            max(1e-6, sum([initial if len(t) == 1 else idf[t] * factor.setdefault(t, _class_factor(t, self.config))
                           for t in tokens]))
            for tokens in snapshot.name_tokens
        ))
        # Listed names written in Han/Hangul/kana (found once here: a per-screening script
        # scan of cold candidate names cost a tenth of a screening).
        self._syllabic_names = frozenset(
            nid for nid, value in enumerate(snapshot.name_value) if has_syllabic_script(value))
        # Listed names written in Arabic/Persian script (see ``_abjad_name_weight``).
        self._abjad_names = frozenset(
            nid for nid, value in enumerate(snapshot.name_value) if _ABJAD_TEXT.search(value))
        (self._korean_names, self._korean_words,
         self._korean_thing_by_first, self._korean_thing_ends) = _korean_names(snapshot)
        self._korean_expansions: dict[str, dict[str, float]] = {}
        # How often each word of a listed Korean person's name is written so (read by the
        # Cyrillic reading: is Чон the Jong or the Jon of DPRK names?).
        self._korean_word_counts: dict[str, int] = {}
        for nid in self._korean_names:
            if snapshot.entity_schema[snapshot.name_entity[nid]] == PERSON:
                for word in snapshot.name_latin[nid]:
                    key = _ch_as_j(word)
                    self._korean_word_counts[key] = self._korean_word_counts.get(key, 0) + 1
        self._korean_alike_words: dict[str, tuple[str, ...]] = {}
        self._wade_giles_words = _wade_giles_names(snapshot)
        self._first_name: dict[int, int] = {}
        for nid, e in enumerate(snapshot.name_entity):
            self._first_name.setdefault(e, nid)
        # Hot lookups kept compact: a posting list's length without touching the list (cold
        # tokens weigh dozens of neighbours' postings), and each name's entity as a flat array
        # (the per-entity cap reads it for every ranked name).
        self._posting_len = {t: len(ids) for t, ids in snapshot.postings.items()}
        # Postings of each skeleton group, for ``_expand``'s cap.
        self._skeleton_total = {k: sum(map(self._posting_len.__getitem__, group))
                                for k, group in snapshot.skeletons.items()}
        self._name_entity = array("i", snapshot.name_entity)
        self._two_surnames = _two_surname_names(snapshot)
        # Normalisation's tables (legal forms, word classes, variants, phonetic rules) load on
        # first use: load them now, so the first screening does not pay ~50 ms for them.
        normalize_name("Warm-Up Trading Co., Ltd.")
        skeleton_keys("warmup")
        # The snapshot's containers (postings, typo keys: millions of references) live as long
        # as the process and are never cyclic garbage, yet every full collection walks them
        # (~50 ms each, a few per thousand screenings as the caches grow). Frozen, the
        # collector skips them; when a snapshot is replaced, reference counting frees it.
        gc.freeze()
        # A screening allocates a few thousand short-lived containers that reference counting
        # frees; with the default young-generation threshold (700) the collector still runs
        # every screening or two, traversing them and whatever they point into. Raised (never
        # lowered), collections are ~150 times rarer: 20,000 saved 5-10 % of a screening's
        # time, 100,000 another 1.8 % of its instructions (valgrind, 1,200 cold screenings).
        # At most that many young objects wait for the collector: a few MB.
        threshold0, *older = gc.get_threshold()
        gc.set_threshold(max(threshold0, 100_000), *older)

    # -- weights ---------------------------------------------------------------------------

    def weight(self, token: str) -> float:
        """Rarity weight of a query token (cached: it depends on the token alone)."""
        found = self._weights.get(token)
        if found is None:
            if len(self._weights) > 100_000:
                self._weights.clear()
            found = self._weights[token] = self._weight_uncached(token)
        return found

    def abjad_weight(self, token: str) -> float:
        """Rarity weight of a token romanised from Arabic or Hebrew script (cached).

        A vowel-less token stands for every listed spelling it may be read as ("mhmd":
        Mohammed, Mahmoud, Mehmed): it weighs like the most common of them, the likeliest
        reading, so an ambiguous short token does not pass for a rare word.
        """
        found = self._abjad_weights.get(token)
        if found is None:
            if len(self._abjad_weights) > 100_000:
                self._abjad_weights.clear()
            expansions = self._expand_abjad(token) if len(token) > 1 else None
            if expansions:
                common = min(expansions, key=lambda v: (self._idf[v], v))
                found = self._idf[common] * _class_factor(common, self.config)
            else:
                found = self._weight_uncached(token)
            for meant in self._translated(token):
                # A generic word the lists also print translated ("mrkz": center) weighs like the
                # translation where that is commoner.
                found = min(found, self._idf[meant] * _class_factor(meant, self.config))
            self._abjad_weights[token] = found
        return found

    def _abjad_name_weight(self, nid: int, q_weight: Mapping[str, float]) -> float:
        """Total weight of a listed Arabic-script name, the query's words weighed as the
        query weighs them (``abjad_weight``), its other words as usual."""
        return max(1e-6, sum([q_weight.get(t) or self.weight(t) for t in self.snapshot.name_tokens[nid]]))

    def _weight_uncached(self, token: str) -> float:
        if len(token) == 1:
            return self.config.tokens["initial_weight"]
        base = self._idf.get(token)
        if base is None:
            # An unknown token that is one edit from listed words (a typo, a variant) weighs like
            # the rarest of them, so a misspelt "compnay" weighs like "company", not like a
            # word never seen.
            # (A title, particle or generic word keeps its own class: "Seyed", which no listed
            # person name keeps, weighed like the given name "Seydi" and held an exact
            # query of "Seyed Jaber Safdari" at 0.77.)
            expansions = self._expand(token)
            if expansions:
                own = _class_factor(token, self.config)
                folded = [v for v in self._folded.get(token, ()) if v in expansions]
                if folded:
                    # ... but one edit from a spelling of a known name ("Muhammmad", "Khalled")
                    # it is that name, and weighs like it: as the rarest neighbour (a listed
                    # typo, "mohammmad") it outweighed every other word of the query, and
                    # blocking ranked thousands of Mohammeds above the listed "WALTER, Muhammad".
                    common = min(folded, key=lambda v: (self._idf[v], v))
                    return self._idf[common] * (own if own != 1.0 else _class_factor(common, self.config))
                rarest = self._rarest(token, expansions)
                return self._idf[rarest] * (own if own != 1.0 else _class_factor(rarest, self.config))
            base = self._max_idf
        return base * _class_factor(token, self.config)

    def _rarest(self, token: str, expansions: Mapping[str, float]) -> str:
        """The rarest expansion. Equally rare ones of different word classes (a title and a
        name) weigh differently: then the one blocking ranks first wins (closest, then fewest
        postings, then expansion order, as ``_expand``'s stable ranking has it), so the weight
        does not depend on whether ``_expand`` had to rank."""
        values = list(map(self._idf.__getitem__, expansions))
        top = max(values)
        tied = [v for v, x in zip(expansions, values) if x == top]
        if len(tied) > 1 and len({_class_factor(v, self.config) for v in tied}) > 1:
            posting_len = self._posting_len
            return min(tied, key=lambda v: (-expansions[v], -OSA.normalized_similarity(token, v),
                                            posting_len[v]))
        return tied[0]

    # -- blocking --------------------------------------------------------------------------

    def _expand(self, token: str) -> dict[str, float]:
        """Vocabulary tokens a query token may stand for, with a blocking factor (cached)."""
        found = self._expansions.get(token)
        if found is None:
            if len(self._expansions) > 100_000:
                self._expansions.clear()
                self._folded.clear()
                self._capped.clear()
            found = self._expansions[token] = self._expand_uncached(token)
        return found

    def _wade_giles_candidates(self, words: Sequence[str]) -> list[int]:
        """Listed names written in Wade-Giles syllables (``_wade_giles_names``) made of exactly
        ``words``, in any order: the only names a pinyin name's Wade-Giles spelling is
        compared with (``wade_giles_spelling``)."""
        index = self._wade_giles_words
        # (Only a name it spells exactly counts, word for word: the names holding every word.)
        found_all: set[int] | None = None
        for word in words:
            names = index.get(word)
            if not names:
                return []
            found_all = set(names) if found_all is None else found_all.intersection(names)
            if not found_all:
                return []
        name_latin = self.snapshot.name_latin
        return sorted(nid for nid in found_all or () if len(name_latin[nid]) == len(words))

    def _expand_korean(self, token: str) -> dict[str, float]:
        """``_expand``, plus the words of listed Korean names the token may spell whole
        (``korean_alike``; 0.85, as a skeleton neighbour: "gil" finds KIL). For a query that
        ``looks_korean`` only. (The syllables of a glued word are items of their own:
        ``_korean_syllable_plan``.)"""
        return self._plus_korean_words(token, token, self._korean_person_alike)

    def _korean_person_alike(self, token: str, found: Mapping[str, float]) -> list[str]:
        """The words of listed Korean persons' names ``token`` may spell whole, besides those
        already ``found``."""
        alike: list[str] = []
        words = self._korean_words
        for syllable in korean_syllables(token):
            for word in words.get(syllable, ()):
                if word not in found and word not in alike and korean_alike(token, word):
                    alike.append(word)
        return alike

    def _plus_korean_words(self, key: str, token: str,
                           alike: Callable[[str, Mapping[str, float]], Sequence[str]]) -> dict[str, float]:
        """``_expand(token)`` plus the listed words ``alike`` finds it may spell in another
        romanisation, each at 0.85 (cached under ``key``)."""
        found = self._korean_expansions.get(key)
        if found is None:
            if len(self._korean_expansions) > 20_000:
                self._korean_expansions.clear()
            plain = self._expand(token)
            found = dict(plain)
            for word in alike(token, plain):
                if word not in found:
                    found[word] = 0.85
            if len(found) == len(plain):
                found = plain  # (the same object: ``_candidates`` keys it as the plain word)
            self._korean_expansions[key] = found
        return found

    def _korean_thing_query_words(self, tokens: Sequence[str], written: Sequence[str]) -> frozenset[str]:
        """The words of an organisation's or vessel's name to read also as romanised Korean
        (``written``: each token as the query spells it): none unless a word no listed name
        holds, as folded or as written, may spell the syllables of a listed Korean
        organisation's or vessel's word ("Gangbong": KANGBONG; "Eun", which the variants fold
        into a listed "un": UN); then every word that spells Korean syllables and is no
        generic word. A name of words the lists know is read as itself: "Han Song Trading" or
        "Sun Moon" would read every name as Korean, and a name spelt as listed needs no other
        reading. (Most clean names hold an unknown word, and a third of those read as
        syllables: "Adobe", "Akamai"; only one alike a listed Korean word opens the reading.)"""
        if not self._korean_thing_ends:
            return frozenset()
        posting_len = self._posting_len
        if not any(len(t) > 1 and (t not in posting_len and self._korean_thing_alike(t)
                                   or w not in posting_len and self._korean_thing_alike(w))
                   for t, w in zip(tokens, written)):
            return frozenset()
        return frozenset(t for t in tokens
                         if len(t) > 1 and t.isalpha() and word_class(t) == PLAIN and korean_readings(t))

    def _korean_thing_alike(self, token: str) -> tuple[str, ...]:
        """The words of listed Korean organisations' and vessels' names ``token`` may spell
        whole in another romanisation (``korean_alike``; cached)."""
        found = self._korean_alike_words.get(token)
        if found is None:
            if len(self._korean_alike_words) > 20_000:
                self._korean_alike_words.clear()
            alike: list[str] = []
            if token.isascii() and token.isalpha() and word_class(token) == PLAIN:
                # (Only words it may start and end like are read whole: most clean words
                # split into syllables somehow, "Adobe" as a-do-be, and reading each whole
                # against every listed word sharing a syllable cost a tenth of a screening.)
                starts, ends = edge_syllables(token)
                by_first, word_ends = self._korean_thing_by_first, self._korean_thing_ends
                for syllable in starts:
                    for word in by_first.get(syllable, ()):
                        if word not in alike and not ends.isdisjoint(word_ends[word]) \
                                and korean_alike(token, word):
                            alike.append(word)
            found = self._korean_alike_words[token] = tuple(alike)
        return found

    def _expand_korean_thing(self, token: str) -> dict[str, float]:
        """``_expand``, plus the words of listed Korean organisations' and vessels' names the
        token may spell whole (``_korean_thing_alike``; 0.85, as in ``_expand_korean``)."""
        return self._plus_korean_words(token + "\x06", token, lambda t, _found: self._korean_thing_alike(t))

    def _korean_syllable_plan(self, tokens: Sequence[str], weights: Sequence[float]
                              ) -> list[tuple[bool, int, str, float, dict[str, float]]]:
        """Blocking items for the syllables of a Korean-looking query's glued words
        ("chunsong": chun, song; "junsik": jun, sik), each the listed words that may spell that
        syllable (0.85) at its share of the word's weight: a name holding one syllable gets
        that share, one holding every syllable the whole word's (as one item for the word
        with every syllable's words, a name sharing any one syllable got the word's whole
        weight, and a clean "Minsu" reached every listed Min and every Su)."""
        items: list[tuple[bool, int, str, float, dict[str, float]]] = []
        words = self._korean_words
        for tok, w in zip(tokens, weights):
            for r, reading in enumerate(korean_readings(tok)):
                if len(reading) < 2:
                    continue
                for k, syllables in enumerate(reading):
                    key = f"{tok}\x05{r}.{k} "  # (ends in a space: seeds besides the words, as spacing items)
                    found = self._korean_expansions.get(key)
                    if found is None:
                        found = {}
                        for syllable in syllables:
                            for word in words.get(syllable, ()):
                                if not syllables.isdisjoint(korean_syllables(word, True)) \
                                        and any(len(rw) == 1 for rw in korean_readings(word, True)):
                                    found[word] = 0.85
                        self._korean_expansions[key] = found
                    if found:
                        n = sum(map(self._posting_len.__getitem__, found))
                        items.append((n > self._big, n, key, w / len(reading), found))
        return items

    def _counted_once(self, ranked: list[tuple[float, int]],
                      plan: list[tuple[bool, int, str, float, dict[str, float]]],
                      scores: Mapping[int, float]) -> list[tuple[float, int]]:
        """``ranked`` with the estimate of each name holding a word two query words both
        reach counted as the alignment will: that word matches one of them. ("Nasir NISR":
        both reach NASR, so "Hajji Abd al-Nasr" counted nisr's weight and nasser's for its
        one word and took the places of NESER, Naser Hassan, which holds one for each.)
        Only ever lowers an estimate; plain word items only (spacing, initials, capped and
        translated items stand for other readings of the words)."""
        items = [(w, expansions) for _boost, _own, key, w, expansions in plan]
        if len(items) < 2 or any(not key.isalnum() for _b, _o, key, _w, _e in plan):
            return ranked
        owner: dict[str, int] = {}
        shared: set[str] = set()
        for k, (_w, expansions) in enumerate(items):
            for t in expansions:
                if owner.setdefault(t, k) != k:
                    shared.add(t)
        if not shared:
            return ranked
        items.sort(key=lambda item: -item[0])
        name_tokens, name_weights = self.snapshot.name_tokens, self._name_weights
        out: list[tuple[float, int]] = []
        for estimate, nid in ranked:
            tokens = name_tokens[nid]
            if shared.isdisjoint(tokens):
                out.append((estimate, nid))
                continue
            used: set[int] = set()
            got = 0.0
            for w, expansions in items:
                best, at = 0.0, -1
                for i, t in enumerate(tokens):
                    f = expansions.get(t)
                    if f is not None and f > best and i not in used:
                        best, at = f, i
                if at >= 0:
                    used.add(at)
                    got += w * best
            got = min(got, scores[nid])
            weight = name_weights[nid]
            out.append((got * min(got, weight) / weight, nid))
        return out

    def _listed_if_generic(self, reading: NormalizedName | None) -> NormalizedName | None:
        """A reading left with generic words only ("Russian Electronics" of "Russian
        Electronics Moscow") names something only where a listed name is made of exactly
        those words; any other reading as it is."""
        if reading is None or names_something(reading.latin):
            return reading
        return reading if " ".join(sorted(reading.tokens)) in self._exact_names else None

    def _misspelt_form_reading(self, q_norm: NormalizedName) -> tuple[NormalizedName | None, str]:
        """The name read without its last (or first) word, when that word is a short legal form
        with a slip (``misspelt_short_form``) that no listed name holds, and the word as written."""
        tokens = q_norm.tokens
        if len(tokens) < 2 or len(q_norm.latin) != len(tokens):
            return None, ""
        postings = self.snapshot.postings
        for k in (len(tokens) - 1, 0):
            word = q_norm.latin[k]
            if tokens[k] in postings or word in postings:
                continue
            form = misspelt_short_form(word, first=k == 0)
            if form is not None:
                return NormalizedName(original=q_norm.original, latin=q_norm.latin[:k] + q_norm.latin[k + 1:],
                                      tokens=tokens[:k] + tokens[k + 1:], legal_forms=(*q_norm.legal_forms, form),
                                      scripts=q_norm.scripts, places=q_norm.places), word
        return None, ""

    def _translated(self, token: str) -> dict[str, float]:
        """Blocking expansions of a romanised Arabic-script word to the listed English words
        it also reads as (``translated_abjad_words``), empty for most words."""
        meant = translated_abjad_words().get(token)
        if meant is None:
            return {}
        postings = self.snapshot.postings
        return dict.fromkeys([v for v in sorted(meant) if v in postings], 0.9)

    def _expand_abjad(self, token: str) -> dict[str, float]:
        """``_expand`` for a token romanised from Arabic or Hebrew script (cached): every
        listed word sharing a skeleton with one of its readings (``abjad_keys``), short words
        too (vowel-less, "sdm" is Saddam), and no typo neighbours (a vowel-less token is not
        a misspelling)."""
        found = self._abjad_expansions.get(token)
        if found is None:
            if len(self._abjad_expansions) > 100_000:
                self._abjad_expansions.clear()
            found = self._abjad_expansions[token] = self._expand_uncached(token, abjad=True)
        return found

    def _expand_uncached(self, token: str, abjad: bool = False) -> dict[str, float]:
        snap = self.snapshot
        postings = snap.postings
        known = token in postings
        if abjad:
            if len(token) <= 1:
                return {token: 1.0} if known else {}
        elif len(token) <= 3:
            return {token: 1.0} if known else {}  # the skeleton of a short word matches too many unrelated words
        # Built with C-level dict updates (a cold token meets a few dozen neighbours): the token
        # itself first (factor 1), then its skeleton groups (0.85; every reading's), then
        # one-edit neighbours (0.9, which also upgrades a skeleton neighbour); re-setting the
        # token keeps its 1.
        out: dict[str, float] = {token: 1.0} if known else {}
        # Bounds of the expansions' postings, from the skeleton groups' precomputed totals:
        # most tokens are decided without summing their neighbours' postings one by one.
        skeleton_total = self._skeleton_total
        upper = lower = 0
        spells = abjad_spelling(token).matches if abjad else None
        spellings = variant_spellings() if abjad else {}
        for key in (abjad_keys(token) if abjad else skeleton_keys(token)):
            group = snap.skeletons.get(key)
            if group and spells is not None:
                # (The readings' skeletons are a net.) A listed word is the variants table's
                # canonical spelling of what the list wrote: "bashar" stands for Bashir too.
                group = tuple([v for v in group if any(map(spells, spellings.get(v, (v,))))])
            if group:
                out.update(dict.fromkeys(group, 0.85))
                size = skeleton_total[key] if spells is None else sum(map(self._posting_len.__getitem__, group))
                upper += size
                lower = max(lower, size)
        posting_len = self._posting_len
        by_spelling: list[str] = []
        if not abjad and MIN_DELETE_LEN - 1 <= len(token) <= self._longest_token + 1 and not token.isdigit():
            deletes, spelt = snap.deletes, self._spelling_deletes
            near = list(deletes.get(token, ()))  # query lost a letter
            # ... and the same of a spelling the index folds into another token (rare: most
            # keys find nothing).
            folded = spelt.get(token)
            if folded is not None:
                by_spelling.extend(folded)
            if len(token) >= MIN_DELETE_LEN:
                for key in deletion_keys(token):
                    if key in postings:  # query gained a letter
                        near.append(key)
                    near.extend(deletes.get(key, ()))  # one letter changed or swapped
                    folded = spelt.get(key)
                    if folded is not None:
                        by_spelling.extend(folded)
            if by_spelling:
                near.extend(by_spelling)
                # (Read by ``_weight_uncached``, which expands the token first.)
                self._folded[token] = tuple(by_spelling)
            if near:
                out.update(dict.fromkeys(near, 0.9))
                upper += sum(map(posting_len.__getitem__, near))
        if known:
            out[token] = 1.0
        if len(out) > 1 and not abjad:
            # (An abjad token's spellings are not a net: ``abjad_spelling`` picked each one,
            # and the likeliest readings are the common names the cap would drop first.)
            # Approximate expansions are a net for typos and variants, not a full scan: keep the
            # closest and rarest ones until their postings reach the cap. (When they all fit,
            # all are kept and the ranking is skipped: blocking does not depend on their order,
            # and ``_rarest`` re-creates the ranking order where a weight would.)
            own = posting_len[token] if known else 0
            if upper - own <= self._expansion_cap:
                return out
            if lower - own <= self._expansion_cap and \
                    sum(map(posting_len.__getitem__, out)) - own <= self._expansion_cap:
                return out
            kept: dict[str, float] = {token: 1.0} if known else {}
            budget = self._expansion_cap
            # Closest spelling first (a same-skeleton word with half its letters changed is a
            # weaker lead than the one-letter typo fix), then rarest.
            others = [v for v in out if v != token]
            # (Spelling similarities in one C-level pass.)
            sims = process.extract(token, others, scorer=OSA.normalized_similarity, limit=None)
            similarity = [0.0] * len(others)
            for _v, sim, k in sims:
                similarity[k] = sim
            if by_spelling:
                # One edit from a spelling the index folds ("khalled": Khaled, canonical
                # khalid) is as close as one edit from a listed word.
                spelt_as = _SPELLINGS or _load_spellings()
                for k, v in enumerate(others):
                    if v in by_spelling:
                        similarity[k] = max(similarity[k], max(
                            OSA.normalized_similarity(token, sp) for sp in spelt_as.get(v, (v,))))
            # Order: factor, then similarity (one float: factors are 0.85..1, similarities
            # 0..1, so factor * 100 + similarity orders both), then fewest postings, then
            # expansion order; as two stable sorts on plain keys (a sort of 5-tuples was a
            # tenth of a cold screening's blocking).
            ranked = [(out[v] * 100.0 + similarity[k], posting_len[v], v) for k, v in enumerate(others)]
            ranked.sort(key=_second)
            ranked.sort(key=_first, reverse=True)
            # An unlisted word's closest fixes stay whatever their postings: a misspelt common
            # word ("managament") must still reach "management".
            closest = ranked[0][0] if ranked and not known else -1.0
            capped: dict[str, float] = {}
            for rank, size, v in ranked:
                budget -= size
                if budget < 0 and kept and rank != closest:
                    if known:
                        break
                    if rank >= 90.0 or rank - 85.0 >= 1.0 - 1.0 / max(len(token), len(v)) - 1e-9:
                        # (Also a same-skeleton word one letter away, which a word of four
                        # letters reaches only through its skeleton: "heji" is HAJI.)
                        capped[v] = out[v]
                    continue
                kept[v] = out[v]
            if capped:
                # An unlisted word's one-edit fixes past the cap do not seed, but they still
                # re-rank the names other words found (``_candidates``): "Anoar al-Islam" is
                # ANSAR AL-ISLAM, found through "islam", yet every short name of a rarer fix
                # (NOOR, NORA) ranked above it; and "Heji Karymullah" weighed "heji" like the
                # rare HUJI, so "karymullah" alone could not lift Haji Karimullah over the
                # floor at the threshold (0.94 at 0.5, nothing at 0.8).
                self._capped[token] = capped
            out = kept
        return out

    def _seed_groups(self, key: str, expansions: Mapping[str, float]) -> _SeedGroups:
        """The names an expansion set reaches, grouped by the best factor that reaches them.

        A token's expansions are many short posting lists (a dozen spellings with the same
        skeleton): merged once per token, a screening seeds its candidates with one dict
        update per factor instead of a Python loop over every list. Each list keeps the
        seed cap (``8 * big_posting``).
        """
        found = self._seeds.get(key)
        if found is not None:
            return found
        postings = self.snapshot.postings
        limit = 8 * self._big
        if len(expansions) == 1:
            # Most words have no listed neighbour: their posting list is the group as is.
            ((v, f),) = expansions.items()
            ids = postings[v]
            truncated = len(ids) > limit
            if truncated:
                ids = ids[:limit]
            found = (((f, ids),), len(ids), truncated)
            self._remember_seeds(key, found)
            return found
        truncated = False
        by_factor: dict[float, list[tuple[int, ...]]] = {}
        for v, f in expansions.items():
            ids = postings[v]
            if len(ids) > limit:
                ids = ids[:limit]
                truncated = True
            by_factor.setdefault(f, []).append(ids)
        groups = []
        claimed: set[int] = set()
        for f in sorted(by_factor, reverse=True):
            lists = by_factor[f]
            merged = set(lists[0]).union(*lists[1:]) if len(lists) > 1 else set(lists[0])
            if claimed:
                merged -= claimed
            if merged:
                groups.append((f, tuple(merged)))
                claimed |= merged
        found = (tuple(groups), len(claimed), truncated)
        self._remember_seeds(key, found)
        return found

    def _remember_seeds(self, key: str, found: _SeedGroups) -> None:
        """Cache a token's seed groups; the cache is bounded by the name ids it holds."""
        self._seed_postings += found[1]
        if self._seed_postings > 2_000_000:  # bounded memory: about 16 MB of name ids
            self._seeds.clear()
            self._seed_postings = found[1]
        self._seeds[key] = found

    def _lightest_first(self, ids: tuple[int, ...]) -> tuple[list[int], list[float]]:
        """Name ids ordered by total name weight, and those weights (cached for the big groups
        of common seeds). Keyed by the group's identity: hashing a tuple of a thousand ids
        costs more than the lookup saves; the entry holds the tuple, so its id stays unique."""
        found = self._by_weight.get(id(ids))
        if found is None or found[0] is not ids:
            if len(self._by_weight) > 2_000:
                self._by_weight.clear()
            order = sorted(ids, key=self._name_weights.__getitem__)
            found = self._by_weight[id(ids)] = (ids, order, list(map(self._name_weights.__getitem__, order)))
        return found[1], found[2]

    def _spacing_plan(self, tokens: Sequence[str], weights: Sequence[float], abjad: bool = False,
                      latin: Sequence[str] | None = None, joint: dict[str, _SeedGroups] | None = None) -> list:
        """Blocking keys for spacing tricks: glued words split, split words glued.

        ``latin``: the query's words before variant folding. A split word's halves fold on
        their own ("Aleksej evitj": "aleksey"), so only the halves as written glue back into
        the listed word ("aleksejevitj"), as the alignment glues them (``_compare_names``).
        ``joint``: filled with the seed groups of keys that are no word's postings (an abjad
        compound's names, by plan key)."""
        postings = self.snapshot.postings
        plan = []
        if abjad:
            # Abjad names write apart what Latin spellings glue: compounds (حبیب الله is
            # Habibullah, عبد الرحمن Abdulrahman, ابو الفضل Abulfazl) and Persian names
            # written in parts (ولی جان, Walijan; نیک ورز, Nikvarz; شاهوار پور,
            # Shahvarpour): a pair ending in a short word, starting with a very short one or
            # ending in a compound's tail is looked up; the glued spellings seed besides the
            # words (``_candidates``), so they cannot crowd out the names holding the words
            # apart.
            compounds: set[str] = set()
            for i in range(len(tokens) - 1):
                words = [tokens[i], tokens[i + 1]]
                if words[1] == "al" and i + 2 < len(tokens):
                    words.append(tokens[i + 2])
                elif len(words[0]) == 1 or (len(words[1]) > 3 and len(words[0]) > 2
                                            and words[1] not in _ABJAD_COMPOUND_TAILS):
                    # (A lone letter is a conjunction, و "and"; two longer words are two
                    # names: on the quality bench's Arabic-script names 2 in 570 such pairs
                    # glue into a listed word, and each pair's readings cost a lookup.)
                    continue
                compound = "".join(words)
                if compound in compounds:
                    continue  # (a word written twice: one key, looked up once)
                compounds.add(compound)
                expansions = self._expand_abjad(compound)
                if expansions:
                    size = sum(map(self._posting_len.__getitem__, expansions))
                    plan.append((size, compound + "\x00", sum(weights[i:i + len(words)]), expansions))
            # ... and glue compounds Latin spellings write apart: عبدالحکیم is Abdul Hakim,
            # امیرعلی Amir Ali, الحسینی (article kept by a Persian letter) al-Hosseini. The
            # names holding the parts side by side seed too (the glued spelling alone reaches
            # only the names a list wrote glued; each part alone is a common word).
            if joint is not None:
                seen: set[str] = set()
                for tok, w in zip(tokens, weights):
                    ids = self._compound_postings(tok) if tok not in seen else ()
                    seen.add(tok)
                    if ids:
                        key = tok + "\x01"
                        joint[key + " "] = (((0.85, ids),), len(ids), False)
                        plan.append((len(ids), key, w, {tok: 0.85}))
        forms = (tokens,) if latin is None or tuple(latin) == tuple(tokens) or len(latin) != len(tokens) \
            else (tokens, latin)
        for i in range(len(tokens) - 1):
            # (A pair that folds into one of its own words, "abd al" into "abdul", adds
            # nothing but that word's weight a second time.)
            found: set[str] = {tokens[i], tokens[i + 1]}
            for form in forms:
                joined = canonical_token(form[i] + form[i + 1])
                if joined in postings and joined not in found:
                    found.add(joined)
                    plan.append((len(postings[joined]), joined, weights[i] + weights[i + 1], {joined: 1.0}))
        for i in range(len(tokens) - 2):  # "Gaz Prom Bank": three short words of one
            if all(2 <= len(t) <= _GLUED_PIECE for t in tokens[i:i + 3]):
                joined = canonical_token("".join(tokens[i:i + 3]))
                if joined in postings:
                    plan.append((len(postings[joined]), joined, sum(weights[i:i + 3]), {joined: 1.0}))
        posting_len = self._posting_len
        for tok, w in zip(tokens, weights):
            if joint is not None and posting_len.get(tok, 0) > _GLUED_RARE and len(tok) >= _APART_MIN:
                # A listed word other names write apart ("Gazpromneft": GAZPROM NEFT): the
                # names holding both parts side by side, in order, seed too. (Exact, so not
                # read apart like the rare words below: "northeast" finds no name of "north".)
                ids = self._apart_postings(tok)
                if ids:
                    key = tok + "\x02"
                    joint[key + " "] = (((1.0, ids),), len(ids), False)
                    plan.append((len(ids), key, w, {tok: 1.0}))
            # An unknown word, or a rare one: a list writing "ALHASSAN" glued does not make
            # it the usual spelling of "AL-HASSAN" (nor "Hojin" of "Ho-jin", a Korean given
            # name in two syllables).
            if len(tok) < _GLUED_MIN or len(tok) > 2 * self._longest_token \
                    or posting_len.get(tok, 0) > _GLUED_RARE:
                continue
            parts = self._splits.get(tok)
            if parts is None:
                if len(self._splits) > 100_000:
                    self._splits.clear()
                parts = self._splits[tok] = self._split_glued(tok)
            if parts and (tok in posting_len or len(tok) < _GLUED_FULL):
                # A listed word (or a short one) is read apart only behind a short first
                # part, an article or a syllable ("al hassan", "ho jin"; not "north east", a
                # word of its own), and only its second part is looked up: a name holding
                # the article alone ("al": 7,000 names) is no lead. A listed word's part
                # weighs half of it: a name holding the part must not outrank the names
                # holding the word as written.
                if len(parts[0]) > _GLUED_HEAD:
                    continue
                parts = parts[1:2]  # (the first split's second part: "al|ali", not "ala|li")
                if tok in posting_len:
                    w /= 2
            for part in parts:
                # (Each part at most its own weight: read as "al akad", an unknown "alakad"
                # must not lend the article its weight, or every name holding "al" and a
                # common word of the query crowds out the ones holding ALAQAD.)
                plan.append((len(postings[part]), part, min(w, self.weight(part)), {part: 1.0}))
        return plan

    def _apart_postings(self, tok: str) -> tuple[int, ...]:
        """Names holding a listed word's two parts as adjacent words, in order (cached; ()
        when no split of it into two listed words of ``_APART_PART`` letters or more is
        written apart anywhere). Walks the rarer part's postings."""
        found = self._adjacent.get(tok)
        if found is not None:
            return found
        if len(self._adjacent) > 20_000:
            self._adjacent.clear()
        postings = self.snapshot.postings
        name_tokens = self.snapshot.name_tokens
        ids: set[int] = set()
        for k in range(_APART_PART, len(tok) - _APART_PART + 1):
            left = canonical_token(tok[:k])
            right = canonical_token(tok[k:])
            if left == tok or right == tok:
                continue
            lp, rp = postings.get(left), postings.get(right)
            if not lp or not rp or min(len(lp), len(rp)) > _MAX_APART_WALK:
                continue
            for nid in (lp if len(lp) <= len(rp) else rp):
                toks = name_tokens[nid]
                if any(toks[i] == left and toks[i + 1] == right for i in range(len(toks) - 1)):
                    ids.add(nid)
        found = self._adjacent[tok] = tuple(sorted(ids))
        return found

    def _compound_postings(self, tok: str) -> tuple[int, ...]:
        """Names holding the two parts of an abjad compound (``_abjad_compound_parts``) as
        adjacent words, in order (cached; () when ``tok`` is no such compound). Walks the
        postings of the rarer part's spellings."""
        found = self._compounds.get(tok)
        if found is not None:
            return found
        if len(self._compounds) > 20_000:
            self._compounds.clear()
        found = ()
        parts = _abjad_compound_parts(tok)
        if parts:
            postings = self.snapshot.postings
            head = {"al": 1.0, "el": 1.0} if parts[0] == "l" else self._expand_abjad(parts[0])
            tail = self._expand_abjad(parts[1])
            sizes = [sum([self._posting_len.get(v, 0) for v in side]) for side in (head, tail)]
            if head and tail and min(sizes) <= _MAX_COMPOUND_WALK:
                walk = head if sizes[0] <= sizes[1] else tail
                name_tokens = self.snapshot.name_tokens
                ids: set[int] = set()
                for v in walk:
                    for nid in postings.get(v, ()):
                        toks = name_tokens[nid]
                        if any(toks[i] in head and toks[i + 1] in tail for i in range(len(toks) - 1)):
                            ids.add(nid)
                found = tuple(sorted(ids))
        self._compounds[tok] = found
        return found

    def _initial_postings(self, tok: str, letter: str) -> tuple[int, ...]:
        """Names holding ``tok`` and another word starting with ``letter``.

        One pass over the word's postings groups its names by every first letter at once
        (cached per word): "J. Smith" and "K. Smith" pay for one scan of "smith". A word's
        first letter as written counts besides its folded form's ("R." for Ryong, which folds
        to "yong").
        """
        by_letter = self._initials.get(tok)
        if by_letter is None:
            if len(self._initials) > 5_000:
                self._initials.clear()
            name_tokens, name_latin = self.snapshot.name_tokens, self.snapshot.name_latin
            groups: dict[str, list[int]] = {}
            for nid in self.snapshot.postings[tok]:
                firsts = set()
                for t, spelt in zip(name_tokens[nid], name_latin[nid]):
                    if t != tok:
                        firsts.add(t[0])
                        firsts.add(spelt[0])
                for first in firsts:
                    groups.setdefault(first, []).append(nid)
            by_letter = self._initials[tok] = {k: tuple(v) for k, v in groups.items()}
        return by_letter.get(letter, ())

    def _unglued(self, q_norm: NormalizedName) -> list[NormalizedName]:
        """A one-word name no list holds (nor a spelling near it), read as the three or more
        listed words it glues ("KIMJONGUN": kim jong un; "BANKMELLIIRAN"), if it does; [] if
        not. Only whole names: words inside a name split into the lists' many two- and
        three-letter words far too often ("Therapeutics": th er ap eu ti cs), and a name of
        two glued words is found by blocking's splits and the alignment's glued pairs."""
        if len(q_norm.tokens) != 1 or not SYLLABLE_SCRIPTS.isdisjoint(q_norm.scripts) \
                or q_norm.scripts[:1] in ((ARABIC,), (HEBREW,)):
            return []
        tok = q_norm.tokens[0]
        if not _MIN_UNGLUED <= len(tok) <= _MAX_UNGLUED or tok in self.snapshot.postings or not tok.isalpha() \
                or self._expand(tok):
            return []
        words = self._segmented.get(tok)
        if words is None:
            if len(self._segmented) > 100_000:
                self._segmented.clear()
            words = self._segmented[tok] = self._segments(tok)
        if not words:
            return []
        return [NormalizedName(original=q_norm.original, latin=words, tokens=words,
                               legal_forms=q_norm.legal_forms, scripts=q_norm.scripts)]

    def _segments(self, tok: str) -> tuple[str, ...]:
        """The fewest listed words, three or more, that glue into ``tok`` exactly, at most one
        of them of two letters; among those, the longest words (most squared letters:
        "kimjongun" is kim jong un rather than kim jon gun). () if none."""
        postings = self.snapshot.postings
        size = len(tok)
        longest = self._longest_token
        # best[t][i]: (word count, squared letters, the words) gluing into tok[:i], t words of
        # two letters among them
        best: list[list[tuple[int, int, tuple[str, ...]] | None]] = [[None] * (size + 1), [None] * (size + 1)]
        best[0][0] = (0, 0, ())
        for i in range(size - 1):
            for t in (0, 1):
                done = best[t][i]
                if done is None:
                    continue
                count, squares, words = done
                for j in range(i + 2, min(size, i + longest) + 1):
                    t2 = t + (1 if j - i == 2 else 0)
                    if t2 > 1:
                        continue
                    word = canonical_token(tok[i:j])
                    if word in postings:
                        row = best[t2]
                        old = row[j]
                        mine = squares + (j - i) * (j - i)
                        if old is None or count + 1 < old[0] or (count + 1 == old[0] and mine > old[1]):
                            row[j] = (count + 1, mine, (*words, word))
        ends = [e for e in (best[0][size], best[1][size]) if e is not None]
        if not ends or min(e[0] for e in ends) < 3:
            # (Two glued words are blocking's and the alignment's: "birchtech" is birch tech,
            # not bir ch tech.)
            return ()
        return min(ends, key=_fewest_longest)[2]

    def _split_glued(self, tok: str) -> tuple[str, ...]:
        """Listed words an unknown word glues (``sberbank``: sber, bank), from its first split
        into two listed words, and from the next ones while the splits found are two short
        words: "jongun" is first jon + gun (both listed), and only jong + un finds KIM, Jong
        Un. (Every split of every unknown word cost 11 % more work per screening.)"""
        postings = self.snapshot.postings
        parts: list[str] = []
        for k in range(2, len(tok) - 1):
            left = canonical_token(tok[:k])
            if left in postings:
                right = canonical_token(tok[k:])
                if right in postings:
                    parts.extend(p for p in (left, right) if p not in parts)
                    if len(parts) >= 2 * _MAX_SPLITS or k > 3 or len(tok) - k > 3:
                        break
        return tuple(parts)

    def _candidates(self, tokens: Sequence[str], weights: Sequence[float], threshold: float = 0.0,
                    spelt: bool = True, abjad: bool = False, latin: Sequence[str] | None = None,
                    translate: bool = True, korean: bool = False,
                    korean_words: frozenset[str] = frozenset()) -> list[int]:
        snap = self.snapshot
        postings = snap.postings
        plan: list[tuple[bool, int, str, float, dict[str, float]]] = []
        unspelt = 0.0  # weight of the abjad words no listed spelling was found for
        # Vowel-less Latin words are contractions ("Trdg", "Mgmt", "Bldg"): whether or not a
        # list writes them so too, the listed name may spell the word out.
        contractions = {tok for tok in tokens if 4 <= len(tok) <= 6 and _is_contraction(tok)} \
            if spelt and not abjad else set()
        contracted = sum(w for tok, w in zip(tokens, weights) if tok in contractions)
        planned: dict[str, int] = {}  # plan key -> its item's index
        for tok, w in zip(tokens, weights):
            expansions = self._expand_abjad(tok) if abjad else \
                self._expand_korean(tok) if korean else \
                self._expand_korean_thing(tok) if tok in korean_words else self._expand(tok)
            # (A Korean reading's key ends in \x04 where its expansions are not the word's own.)
            korean_key = (korean or tok in korean_words) and expansions is not self._expansions.get(tok)
            if not expansions:
                unspelt += w
                continue
            # A word's own posting list decides its role: rare words *seed* candidates, common
            # words and initials only *boost* candidates the seeds found. (Fuzzy expansions are
            # capped in ``_expand``, so they never make a rare word look common.) An abjad
            # token's expansions are cached apart from a Latin token of the same letters.
            if abjad:
                # Its listed spellings together are its postings: "mhmd" is as common as
                # every Mohammed and Mahmoud.
                own = sum(map(self._posting_len.__getitem__, expansions))
            else:
                own = self._posting_len.get(tok, 0)
            boost = own > self._big or len(tok) == 1
            key = tok + "\x00" if abjad else tok + "\x04" if korean_key else tok
            at = planned.get(key)
            if at is not None:
                # A word written twice is one plan item of both weights (the bound stays an
                # upper bound; a hostile name of one word repeated walks its postings once).
                item = plan[at]
                plan[at] = (item[0], item[1], key, item[3] + w, item[4])
                continue
            planned[key] = len(plan)
            plan.append((boost, own, key, w, expansions))
            if abjad:
                translated = self._translated(tok) if translate else None
                if translated:
                    # Its English words ("mrkz": center) are an item of their own, so their
                    # postings do not make the word's spellings look common (its key ends in
                    # \x03: no word does). They seed up to twice a common word's postings: the
                    # word's spellings seed names that write it ("wzrh": VAZIR) and would keep
                    # a name of generic words (وزارة الدفاع, MINISTRY OF DEFENCE) from ever being
                    # found. (Up to the seed cap cost 2 % more work on listed names, no more found.)
                    n = sum(map(self._posting_len.__getitem__, translated))
                    plan.append((n > 2 * self._big, n, tok + "\x03", w, translated))
            else:
                capped = self._capped.get(tok)
                if capped is not None:
                    # (Its key ends in \x01: no word does, and it never seeds.)
                    plan.append((True, sum(map(self._posting_len.__getitem__, capped)), tok + "\x01", w, capped))
        # An initial next to a listed word ("F. Ahmad", "R. Choe"): the names holding that word
        # *and* a word with that first letter seed besides the word. (A common word alone would
        # seed only its first posting chunk, a single letter's own postings are the few names
        # written with initials, and next to a rarer word the names it abbreviates ranked below
        # every short name sharing that word: "CHUY" before "CHOE, Ryong Hae".)
        # Seed groups fixed by the plan itself (initial-filtered words), by plan key.
        fixed: dict[str, _SeedGroups] = {}
        initials = {tok: w for tok, w in zip(tokens, weights) if len(tok) == 1 and tok.isalpha()}
        if initials and not abjad:  # (abjads have no initials: a lone letter is a word, "w" for "and")
            sim = self.config.tokens["initial"]
            for boost, own, tok, w, _exp in list(plan):
                if len(tok) > 1 and own > 0 and not tok.endswith("\x01"):
                    tok = tok.rstrip("\x04")
                    for letter, w_letter in initials.items():
                        ids = self._initial_postings(tok, letter)
                        if ids:
                            key = f"{tok}|{letter}"
                            fixed[key] = (((1.0, ids),), len(ids), False)
                            plan.append((False, len(ids), key, sim * w_letter, {tok: 1.0}))
        # (A spacing key's cache key carries a space: no token does, so it never meets the same
        # word's fuzzy expansions in ``_seed_groups``.)
        # A glued pair is a word like any other: a common one ("moha med": Mohammed) only
        # boosts what rarer words found; seeding, its first posting chunk crowded out the
        # names the rare words hold.
        joint: dict[str, _SeedGroups] = {}
        plan.extend((n > self._big, n, tok + " ", w, exp)
                    for n, tok, w, exp in self._spacing_plan(tokens, weights, abjad, latin, joint))
        if korean:
            plan.extend(self._korean_syllable_plan(tokens, weights))
        if not plan:
            return []
        # Glued spellings of the query's words (spacing keys end in a space) seed besides its
        # words, never instead of them: "محمد حسين" must not stop at the two listed names
        # that write it "محمدحسین", nor "Abdul Rahman" at those writing ABDURRAHMAN (REHMAN,
        # Abdul itself was never found: both its words are common).
        # A contraction seeds the names writing it so, never instead of the rarest real word
        # ("Ismail General Trdg": a list writes TRDG, this one TRADING); so does a translated
        # word (بانک سپه: "corps" must not stand in for SEPAH).
        words = [k for k, item in enumerate(plan)
                 if not item[2].endswith((" ", "\x01", "\x03")) and item[2] not in contractions]
        if not any(not plan[k][0] and plan[k][1] > 0 for k in words):
            # No listed word seeds (only common words, or unknown words seen through their
            # fuzzy neighbours): the rarest listed word seeds too.
            known = [k for k in words if plan[k][1] > 0]
            if known:
                k = min(known, key=lambda k: plan[k][1])
                plan[k] = (False, *plan[k][1:])
            else:
                plan.sort(key=lambda x: x[1])
                plan[0] = (False, *plan[0][1:])
        listed_words = set(words)
        kept_back = {item[2] for k, item in enumerate(plan) if k not in listed_words}
        plan.sort(key=lambda x: (x[0], x[1]))
        # A name sharing too little of the query's weight cannot reach the threshold: the
        # name score is an F-measure, so it needs query coverage P >= t / (2 - t); blocking
        # factors (>= 0.8) and person-name allowances (margin 0.1) keep this bound safe.
        t = max(0.0, threshold - 0.1)
        share = max(self._min_share, 0.8 * t / (2.0 - t)) if t > 0 else self._min_share
        q_total = sum(weights) or 1.0
        if abjad:
            # A vowel-less word no listed spelling was found for counts as possibly matched
            # when deciding what cannot reach the threshold: the alignment still reads it
            # against the candidates' words ("mntdhry" and Montazeri, one reading of ظ apart),
            # so it may hold its share of a name the other words find. (Short abjad words
            # have spellings, "sdm" is Saddam: blocking sees them.)
            unseen = 0.85 * unspelt
        elif spelt:
            # Short words (<= 3 letters) get no fuzzy keys, so blocking cannot see "Leb" ~
            # "Lab" (or "nev", нев, ~ "new"): in names spelt in letters, count them as possibly
            # matched. (Syllables romanised from Han/Hangul/kana are exact.)
            # Contractions ("Trdg", "Mgmt") too: the alignment reads them against the
            # candidates' words (first and last letters kept), blocking cannot.
            unseen = sum(0.8 * w for tok, w in zip(tokens, weights) if 2 <= len(tok) <= 3)
            unseen += 0.8 * contracted
        else:
            unseen = 0.0
        floor = share * q_total - unseen
        # Seeds that together cannot reach the floor find no name that passes ("Mr Said
        # Mohammed": lists never write the title, so its few names were the only seeds and the
        # names holding the common words were never found): the rarest common words seed too,
        # until the seeds can. (Not initials, nor the keys kept from seeding above; and not
        # next to an initial: its seeds are the common word *and* the letter, see above.)
        seeded = sum(item[3] * max(item[4].values()) for item in plan if not item[0])
        if seeded < floor - 1e-9 and not fixed:
            for k, item in enumerate(plan):
                if item[0] and item[1] > 0 and len(item[2]) > 1 and item[2] not in kept_back \
                        and item[2] not in fixed:
                    plan[k] = (False, *item[1:])
                    seeded += item[3] * max(item[4].values())
                    if seeded >= floor - 1e-9:
                        break
            plan.sort(key=lambda x: (x[0], x[1]))
        # Max-score pruning: ``remaining[k]`` is the most plan items k.. can add to a name.
        # Once that is below the floor, a name first seen at item k can never pass it, so
        # from there on items only add to names already found (the common-word rule, applied
        # wherever it is exact). Same candidates, far fewer dictionary entries.
        remaining = [0.0] * (len(plan) + 1)
        for k in range(len(plan) - 1, -1, -1):
            remaining[k] = remaining[k + 1] + plan[k][3] * max(plan[k][4].values())
        closed_below = floor - 1e-9
        scores: dict[int, float] = {}
        # Names found by two or more plan items, and id groups whose single contribution
        # already reaches the floor: a name in neither can only hold one contribution below
        # the floor, so the ranking below never looks at it.
        multi: set[int] = set()
        passable: list[tuple[int, ...]] = []
        name_tokens = snap.name_tokens
        for k, (boost, _own, key, w, expansions) in enumerate(plan):
            if not scores and remaining[k] < closed_below:
                return []  # nothing found so far, and nothing found from here on can pass
            if scores and (boost or remaining[k] < closed_below):
                # Only re-rank names rarer words already found. Seeds keep their posting cap.
                groups, touched, truncated = fixed.get(key) or joint.get(key) or self._seed_groups(key, expansions)
                local: dict[int, float] = {}
                # (A fixed group's condition is not a word of the name: it is never looked up.)
                if 4 * len(scores) < touched and not truncated and key not in fixed and key not in joint:
                    # Fewer names found than postings to walk: look the words up in each name.
                    get_f = expansions.get
                    for nid in scores:
                        best = 0.0
                        for ct in name_tokens[nid]:
                            f = get_f(ct)
                            if f is not None and f > best:
                                best = f
                        if best > 0.0:
                            local[nid] = best * w
                elif not boost or not truncated:
                    # The token's merged groups hold each name once, with its best factor.
                    for f, ids in groups:
                        val = f * w
                        for nid in scores.keys() & ids:
                            local[nid] = val
                else:
                    # A very common word re-ranks through its whole posting lists.
                    for v, f in expansions.items():
                        ids = postings[v]
                        hit = snap.posting_set(v).intersection(scores) if len(ids) > 64 else [i for i in ids if i in scores]
                        val = f * w
                        for nid in hit:
                            if local.get(nid, 0.0) < val:
                                local[nid] = val
                for nid, val in local.items():
                    scores[nid] += val
                multi.update(local)
                continue
            # Seed: each name scores its best expansion (groups are disjoint, built once per
            # token); dict updates at C speed, a Python step only for names found before.
            for f, ids in (fixed.get(key) or joint.get(key) or self._seed_groups(key, expansions))[0]:
                val = f * w
                if scores:
                    common = scores.keys() & ids
                    if common:
                        bumped = {nid: scores[nid] + val for nid in common}
                        scores.update(dict.fromkeys(ids, val))
                        scores.update(bumped)
                        multi.update(common)
                    else:
                        scores.update(dict.fromkeys(ids, val))
                else:
                    scores = dict.fromkeys(ids, val)
                if val >= floor:
                    passable.append(ids)
        if not scores:
            return []
        # Rank by an estimate of the final F-measure: the shared weight against the query's
        # *and* the candidate name's total weight, so long names sharing common words do not
        # crowd out a short name that shares the one rare word. (A name's coverage is at most
        # 1: two spellings of one word in the query, "YAROSH (IAROSH)", both reach a short
        # name's one word, and counted twice they crowded out the listed person.) Upper bound of the name score
        # from blocking alone: F <= sqrt(P * R); blocking factors (>= 0.85) under-estimate a
        # pair's similarity and person-name allowances can raise coverage, hence the slack.
        # Candidates that cannot reach the threshold are never aligned.
        cut = max(0.0, threshold - self._bound_slack)
        min_estimate = (cut * 0.85) ** 2 * q_total
        name_weights = self._name_weights
        limit = self._max_candidates * 3
        pool = multi
        if passable:
            # A name found by one plan item only ranks by its own weight (the estimate is
            # val^2 / weight): of a big group, only the lightest ``limit`` names can make the
            # cut, so the rest are never looked at. Ties at the boundary all stay in. (Names
            # of ``multi`` do not count towards ``limit``; re-adding them to the pool is free.)
            pool = set(multi)
            for ids in passable:
                if len(ids) <= limit:
                    pool.update(ids)
                    continue
                order, order_weights = self._lightest_first(ids)
                end = limit  # smallest prefix holding ``limit`` names outside ``multi``
                while end < len(order):
                    skipped = len(multi.intersection(order[:end])) if multi else 0
                    if end - skipped >= limit:
                        break
                    end = limit + skipped
                if end < len(order):
                    end = bisect_right(order_weights, order_weights[end - 1])
                pool.update(order[:end])
        ranked = []
        if abjad:
            # A listed name in Arabic script weighs its vowel-less words as rare ones; the
            # query weighs the same words like their commonest reading: weighed like the
            # query's where they are the query's, the listed spelling of the query itself
            # ranks first.
            q_weight = dict(zip(tokens, weights))
            for nid in pool:
                got = scores[nid]
                weight = self._abjad_name_weight(nid, q_weight) if nid in self._abjad_names else name_weights[nid]
                if got >= floor and (got + unseen) ** 2 >= min_estimate * weight:
                    ranked.append((got * min(got, weight) / weight, nid))
        else:
            for nid in pool:
                got = scores[nid]
                if got >= floor and (got + unseen) ** 2 >= min_estimate * name_weights[nid]:
                    weight = name_weights[nid]
                    ranked.append((got * min(got, weight) / weight, nid))
            if len(ranked) > self._max_candidates:
                ranked = self._counted_once(ranked, plan, scores)
        # Names holding a query word *and* a word the query's initial may stand for ("V. Bout":
        # BOUT, Viktor) come first, up to half the places: the estimate weighs an initial like
        # a letter, so light names of the word's fuzzy neighbours (BETA, BUTT) ranked above.
        # So do the few names holding a rare query word exactly as written ("Victor Bout": the
        # one name holding "bout" ranked below 40 short names of its sound-alikes, BETA and
        # BUTT, while "victor" was too common a spelling of Viktor to seed).
        # (Behind blocking's own best few: those bypass the string pre-ranking, which cannot
        # read "Gaz Prom Bank" as GAZPROMBANK.)
        half = self._max_candidates // 2
        front: list[tuple[float, int]] = []
        if fixed:
            precise: set[int] = set()
            for groups, _n, _truncated in fixed.values():
                for _f, ids in groups:
                    precise.update(ids)
            front = heapq.nlargest(half, [x for x in ranked if x[1] in precise])
        rare: list[tuple[float, int]] = []
        if not abjad and len(front) < half:
            exact_ids: set[int] = set()
            for tok in tokens:
                exact = postings.get(tok)
                if exact is not None and len(exact) <= _RARE_EXACT:
                    exact_ids.update(exact)
            if exact_ids:
                rare = heapq.nlargest(half - len(front), [x for x in ranked if x[1] in exact_ids])
        if len(ranked) > 2_000:
            ranked = heapq.nlargest(limit, ranked)
        else:
            ranked.sort(reverse=True)  # (a C-level sort beats nlargest's Python loop up to a few thousand)
            del ranked[limit:]
        if rare:
            # (Counted in distinct names, as ``match`` counts blocking's lead.)
            sorted_keys = self._sorted_keys
            lead = 0
            lead_keys: set[str] = set()
            while lead < len(ranked) and (len(lead_keys) < self._detail_by_blocking
                                          or sorted_keys[ranked[lead][1]] in lead_keys):
                lead_keys.add(sorted_keys[ranked[lead][1]])
                lead += 1
            ranked = ranked[:lead] + rare + ranked[lead:]
        if front:
            ranked = front + ranked
        front = front + rare  # (names listed twice are skipped below)
        chosen: list[int] = []
        seen: set[int] = set()
        per_entity: dict[int, int] = {}
        name_entity = self._name_entity
        max_per_entity, max_candidates = self._max_per_entity, self._max_candidates
        for _estimate, nid in ranked:
            e = name_entity[nid]
            taken = per_entity.get(e, 0)
            if taken >= max_per_entity or (front and nid in seen):
                continue
            per_entity[e] = taken + 1
            chosen.append(nid)
            seen.add(nid)
            if len(chosen) >= max_candidates:
                break
        return chosen

    # -- scoring ---------------------------------------------------------------------------

    def _features(self, e: int, nid: int, query: Query, q_norm: NormalizedName) -> list[dict[str, Any]]:
        snap = self.snapshot
        f = self.config.features
        out: list[dict[str, Any]] = []
        schema = snap.entity_schema[e]
        q_forms = {lf.family for lf in q_norm.legal_forms}
        c_forms = set(snap.name_families[nid])
        if q_forms and c_forms and not (q_forms & c_forms):
            out.append({"feature": "legal_form_changed", "delta": f["legal_form_changed"],
                        "detail": f"legal form {sorted(lf.id for lf in q_norm.legal_forms)} vs {list(snap.name_forms[nid])}"})
        q_places, c_places = q_norm.places, snap.name_places[nid]
        if q_places and c_places and places_conflict(q_places, q_forms, c_places, c_forms):
            out.append({"feature": "place_conflict", "delta": f["place_conflict"],
                        "detail": f"{' / '.join(q_places)} vs {' / '.join(c_places)}"})
        q_schema = query.schema
        # A legal form says "company" unless the listed name holds it too: the ship "AS
        # CALCUTTA", the registration mark "YK-AIA" read as the form YK, the person "AG MOSSA".
        company_form = bool(q_forms) and not q_forms & c_forms
        if schema in THING_SCHEMAS and (q_schema == PERSON or q_schema in ORG_SCHEMAS or query.is_party
                                        or company_form):
            # A trading party is a person or a company, never a ship or an aircraft.
            out.append({"feature": "schema_mismatch", "delta": f["thing_mismatch"],
                        "detail": f"query is a {'person' if q_schema == PERSON else 'company'}, entry is a {schema.lower()}"})
        elif q_schema == PERSON and schema in ORG_SCHEMAS:
            out.append({"feature": "schema_mismatch", "delta": f["schema_mismatch"],
                        "detail": f"query is a person, entry is {schema}"})
        elif q_schema == PERSON and schema == LEGAL_ENTITY and c_forms:
            # (A LegalEntity may be a person or a company; one whose listed name carries a
            # legal form is a company: "Mr Morgan" is no LIMITED LIABILITY COMPANY MORGAN.)
            out.append({"feature": "schema_mismatch", "delta": f["schema_mismatch"],
                        "detail": f"query is a person, entry is a {schema} whose name carries a legal form"})
        elif schema == PERSON and (q_schema in ORG_SCHEMAS or (company_form and q_schema != PERSON)):
            why = f"query is {q_schema}" if q_schema in ORG_SCHEMAS else "query carries a legal form"
            out.append({"feature": "schema_mismatch", "delta": f["schema_mismatch"],
                        "detail": f"{why}, entry is a person"})
        countries = snap.entity_countries[e]
        # (A country written as a name, "Russia", reads as its code; one that reads as no
        # country says nothing, rather than conflicting with every entry.)
        qc = _country(query.country) if query.country and countries else None
        if qc:
            if qc in countries:
                out.append({"feature": "country_match", "delta": f["country_match"], "detail": qc})
            else:
                out.append({"feature": "country_mismatch", "delta": f["country_mismatch"],
                            "detail": f"{qc} not in {list(countries)}"})
        years = snap.entity_birth_years[e]
        q_year = _year(query.dob)
        if q_year and years:
            if q_year in years:
                out.append({"feature": "dob_match", "delta": f["dob_match"], "detail": str(q_year)})
            elif all(abs(q_year - y) > 1 for y in years):
                out.append({"feature": "dob_mismatch", "delta": f["dob_mismatch"],
                            "detail": f"{q_year} vs {list(years)}"})
        if query.identifiers and snap.entity_identifiers[e]:
            # (Compared by their keys: "IMO 9270658" and "9270658" are one number.)
            listed = {(_type_key(t), key) for t, _raw, norm in snap.entity_identifiers[e]
                      for key in (norm, *identifier_keys(norm))}
            listed_types = {t for t, _ in listed}
            for q_type, q_value in query.identifiers:
                qt = _type_key(q_type)
                keys = (normalize_identifier(q_value), *identifier_keys(q_value))
                if qt and qt in listed_types and not any((qt, key) in listed for key in keys):
                    out.append({"feature": "identifier_conflict", "delta": f["identifier_conflict"],
                                "detail": f"{q_type} {q_value} differs from the listed one"})
                    break
        if snap.name_kind[nid].endswith("/weak"):
            out.append({"feature": "weak_alias", "delta": f["weak_alias"], "detail": snap.name_kind[nid]})
        return out

    def _explain(self, nid: int, q_norm: NormalizedName, cmp: NameComparison, features: list[dict[str, Any]],
                 base: float, cut: NormalizedName | None = None) -> dict[str, Any]:
        snap = self.snapshot
        # (``cut``: the listed name cut where the query's field was, which ``cmp`` aligned)
        c_latin = snap.name_latin[nid] if cut is None else cut.latin
        c_tokens = snap.name_tokens[nid] if cut is None else cut.tokens
        alignment = [
            {"query": q_norm.latin[p.query], "candidate": c_latin[p.candidate],
             "query_normalized": q_norm.tokens[p.query], "candidate_normalized": c_tokens[p.candidate],
             "similarity": round(p.similarity, 3),
             "how": "variant" if p.how == "exact" and q_norm.latin[p.query] != c_latin[p.candidate] else p.how}
            for p in sorted(cmp.pairs, key=lambda p: p.query)
        ]
        for qi, ci, s in cmp.merged:
            alignment.append({"query": " ".join(q_norm.latin[i] for i in qi),
                              "candidate": " ".join(c_latin[j] for j in ci),
                              "similarity": round(s, 3), "how": "spacing"})
        e = snap.name_entity[nid]
        return {
            "entity_caption": snap.entity_caption[e],
            "list_name": snap.list_names.get(snap.entity_list[e], snap.entity_list[e]),
            "schema": snap.entity_schema[e],
            "programs": list(snap.entity_programs[e]),
            "matched_name": snap.name_value[nid],
            "matched_name_kind": snap.name_kind[nid],
            "query": q_norm.original,
            "query_scripts": list(q_norm.scripts),  # e.g. Latin + Cyrillic: look-alike letters were folded
            "query_normalized": q_norm.text,
            "candidate_normalized": " ".join(c_latin),
            "query_legal_forms": [lf.id for lf in q_norm.legal_forms],
            "candidate_legal_forms": list(snap.name_forms[nid]),
            "query_places": list(q_norm.places),  # office places split off ("... LLC (Moscow)")
            "alignment": alignment,
            "unmatched_query": [q_norm.latin[i] for i in cmp.unmatched_query],
            "unmatched_candidate": [c_latin[j] for j in cmp.unmatched_candidate],
            "token_order_changed": cmp.reordered,
            "name_score": round(base, 4),
            "query_coverage": round(cmp.query_coverage, 4),
            "candidate_coverage": round(cmp.candidate_coverage, 4),
            "features": features,
            "snapshot_version": snap.version,
        }

    def _cut_length(self, name: str) -> int:
        """The field length ``name`` fills (0 when none): a name exactly as long as a field
        trade systems cut names at was probably cut there."""
        lengths = self.config.field_lengths
        if not lengths:
            return 0
        for n in (len(name), len(name.rstrip())):
            if n in lengths:
                return n
        return 0

    def _cut_name(self, nid: int, length: int) -> NormalizedName:
        """Listed name ``nid`` as a system cutting names at ``length`` characters stores it
        (cached)."""
        key = (nid, length)
        found = self._cut_names.get(key)
        if found is None:
            if len(self._cut_names) > 20_000:
                self._cut_names.clear()
            e = self.snapshot.name_entity[nid]
            found = self._cut_names[key] = normalize_name(
                self.snapshot.name_value[nid][:length], PERSON if self.snapshot.entity_schema[e] == PERSON else None)
        return found

    def _entity_match(self, e: int, nid: int, score: float, explanation: dict[str, Any]) -> EntityMatch:
        snap = self.snapshot
        list_id = snap.entity_list[e]
        return EntityMatch(
            entity_id=snap.entity_id[e],
            list_id=list_id,
            list_name=snap.list_names.get(list_id, list_id),
            name=snap.name_value[nid],
            score=score,
            schema=snap.entity_schema[e],
            programs=snap.entity_programs[e],
            explanation=explanation,
        )

    def match(self, query: Query, *, threshold: float | None = None, top: int = 5) -> list[EntityMatch]:
        """Best matching entities (one per entity) scoring at least ``threshold``, best first."""
        snap = self.snapshot
        threshold = self.threshold if threshold is None else threshold
        name, embedded = embedded_identifiers(query.name or "")
        if embedded or name != (query.name or ""):
            # "SHAMIM (IMO 9270658)": the number is an identifier of the query, and so are a
            # passport, tax or registration number written behind their labels (a KPP is
            # only read away: it names a tax office)
            query = replace(query, name=name, identifiers=(*query.identifiers, *embedded))
        name, born = embedded_birth_date(query.name or "")
        if born is not None:  # "Evgeniy Prigozhin, born 1961": the event's own date of birth wins
            query = replace(query, name=name, dob=query.dob or born)
        hint = PERSON if query.schema == PERSON else None  # (the schema every reading is normalised for)
        q_norm = normalize_name(query.name or "", hint)
        q_tokens = q_norm.tokens
        results: dict[int, tuple[float, int, dict[str, Any]]] = {}
        # Identifiers first: an exact identifier hit is a match whatever the name says.
        id_hits: dict[int, str] = {}
        for _type, value in query.identifiers:
            for key in identifier_keys(value):
                for e in snap.identifiers.get(key, ()):
                    id_hits.setdefault(e, value)
        # A name written with no spaces at all is also read as the listed words it glues; the
        # party a name places in care of ("ACME Ltd c/o Rosoboronexport") is screened too.
        readings = [q_norm, *self._unglued(q_norm)]
        # An organisation name ending in a place written as a name word ("Rosoboronexport
        # Moscow") is also read without it; the score says so (``place_dropped``).
        spelt_org = query.schema != PERSON and SYLLABLE_SCRIPTS.isdisjoint(q_norm.scripts) \
            and q_norm.scripts[:1] not in ((ARABIC,), (HEBREW,))
        loose = self._listed_if_generic(without_trailing_place(q_norm, generic=True)) if spelt_org else None
        if loose is None and spelt_org:
            # ... and so is one of generic words only ("National Engineering Corporation
            # Moscow"), when a listed name is made of exactly those words.
            loose = self._listed_if_generic(generic_name_before_place(q_norm))
        if loose is not None:
            readings.append(loose)
        # ... and one whose last (or first) word is a short legal form with a slip ("Ocean Voyage
        # Curp", "Ojsk Gorizont"), where no listed name holds that word: read as a word, the
        # slip cost 0.28 of a name the rest matches exactly. The score says so (``form_misspelt``).
        formed, slip = self._misspelt_form_reading(q_norm) if spelt_org else (None, "")
        if formed is not None:
            readings.append(formed)
        # ... and one written with its address after a comma.
        addressed = without_trailing_address(q_norm) if spelt_org and may_hold_address(q_norm.original) else None
        if addressed is not None:
            readings.append(addressed)
        # ... and one ending in a country, for entries listed in that country only (unless
        # a reading for every entry already holds the same words: "Rosneft, Moscow, Russia"
        # is read once, not aligned twice).
        national = without_trailing_country(q_norm, generic=True) if spelt_org else None
        national_norm, national_code = national if national is not None else (None, "")
        national_norm = self._listed_if_generic(national_norm)
        if national_norm is not None and any(r is not None and r.tokens == national_norm.tokens
                                             for r in (loose, addressed)):
            national_norm = None
        if national_norm is not None:
            readings.append(national_norm)
        # ... and one holding an acronym or another name in parentheses, without it ("Korea
        # Kwangson Banking Corporation (KKBC)" against a listed name that omits it).
        # ... and one honouring someone, without the "named after ..." clause ending it.
        bare: list[NormalizedName] = []
        if "(" in q_norm.original or "\uff08" in q_norm.original:
            outside, inside = parenthesised_parts(q_norm.original)
            if inside:
                bare.append(normalize_name(outside, hint))
        unacronymed = without_dashed_acronym(q_norm.original) if query.schema != PERSON else None
        if unacronymed is not None:  # ("PSC - PROTON SHIPPING CO": the acronym of the name after it)
            bare.append(normalize_name(unacronymed, hint))
        unquoted = without_quoted(q_norm.original)
        if unquoted is not None:  # ('Viktor "Merchant of Death" Bout': an alias inside the name)
            bare.append(normalize_name(unquoted, hint))
        honoured = without_named_after(q_norm.original) if query.schema != PERSON else None
        if honoured is not None:
            cut = normalize_name(honoured)
            if len(cut.tokens) >= 2:
                bare.append(cut)
        for cut in bare:
            if names_something(cut.latin) and not any(r.tokens == cut.tokens for r in readings):
                readings.append(cut)
        # A name cut at a trade system's field length ("Public Joint Stock Company - Far Ea"):
        # the listed names are also read cut there, and the query without its last word
        # (maybe cut) is looked up too.
        cut_at = self._cut_length(query.name or "")
        whole = q_norm
        headed: NormalizedName | None = None  # (a reading for blocking only: see below)
        if cut_at:
            head = (query.name or "").rstrip()
            head = head[:head.rfind(" ")] if " " in head else ""
            if head:
                headed = normalize_name(head, hint)
                if names_something(headed.latin) and not any(r.tokens == headed.tokens for r in readings):
                    readings.append(headed)
                else:
                    headed = None
        texts: list[str] = []  # (respellings of the whole name, each read as one more reading)
        if q_norm.scripts == (LATIN,) and not q_norm.legal_forms:
            # A Russian, Ukrainian or Belarusian name as German, Polish or French documents
            # transcribe it ("Sacharow Andrej Anatoljewitsch"), or Ukrainian г written h
            # ("Hryhoriiovych"), read in English spelling (ZAKHAROV Andrey Anatolyevich);
            # and one written with carons ("Ščapov", "Lukašenka") read with ch, sh, zh
            # (``transcription.py``).
            spellings = english_transcriptions(q_norm.latin)
            respelt = caron_respelling(query.name or "")
            if respelt is not None:
                respelt_words = normalize_name(respelt, hint).latin
                spellings += [respelt_words, *english_transcriptions(respelt_words)]
            texts += [" ".join(words) for words in spellings]
            if query.schema in (None, PERSON) and 2 <= len(q_norm.latin) <= 5 \
                    and all(map(wade_giles_syllables, q_norm.latin)):
                # A Chinese name in Wade-Giles ("Chang Chun-hsien") read in pinyin (ZHANG
                # Chunxian), each way its syllables may be read (``wade_giles.py``). (Its
                # words first: most names have one no Chinese syllable spells.)
                texts += wade_giles_readings(query.name or "")
        elif CYRILLIC in q_norm.scripts and query.schema in (None, PERSON) and not q_norm.legal_forms:
            # A Korean name in Cyrillic ("Ким Чен Ын", "Чхве Рён Хэ"), which transliterated
            # letter by letter is no romanisation (kim chen yn), read as the lists romanise
            # it (KIM Jong Un): the likeliest reading only, the one whose words the lists hold
            # most often in listed Korean persons' names (``korean.cyrillic_korean_spellings``).
            counts = self._korean_word_counts
            texts += cyrillic_korean_spellings(query.name or "", lambda w: counts.get(_ch_as_j(w), 0), most=1)
        for text in texts:
            transcribed = normalize_name(text, hint)
            if transcribed.tokens and not any(r.tokens == transcribed.tokens for r in readings):
                readings.append(NormalizedName(original=q_norm.original, latin=transcribed.latin,
                                               tokens=transcribed.tokens, legal_forms=(),
                                               scripts=q_norm.scripts, places=transcribed.places))
        if CYRILLIC in q_norm.scripts:
            # A Chinese name in Cyrillic ("Си Цзиньпин", "Шэньчжэнь Хуавэй"), which
            # transliterated letter by letter is no pinyin (si tszinpin), read back in pinyin
            # through its Palladius syllables (``palladius.py``; other words as written).
            respelt_pinyin = palladius_reading(query.name or "")
            if respelt_pinyin is not None:
                read = normalize_name(respelt_pinyin, hint)
                if read.tokens and not any(r.tokens == read.tokens for r in readings):
                    readings.append(NormalizedName(original=q_norm.original, latin=read.latin, tokens=read.tokens,
                                                   legal_forms=read.legal_forms, scripts=read.scripts,
                                                   places=read.places))
        # A Chinese name in pinyin (Bao Youxiang) is also read as Wade-Giles spells it, against
        # the names the lists print so (PAO, Yu Hsiang) only.
        wade_giles: NormalizedName | None = None
        wade_giles_names: list[int] = []  # (the only names that reading is compared with)
        if query.schema in (None, PERSON) and not q_norm.legal_forms and q_norm.scripts in ((LATIN,), (HAN,)):
            spelt_wg = wade_giles_spelling(q_norm.latin)
            wade_giles_names = self._wade_giles_candidates(spelt_wg) if spelt_wg is not None else []
            if spelt_wg is not None and wade_giles_names:
                spelt_norm = normalize_name(" ".join(spelt_wg), PERSON)
                wade_giles = NormalizedName(original=q_norm.original, latin=spelt_norm.latin, tokens=spelt_norm.tokens,
                                            legal_forms=(), scripts=q_norm.scripts, places=())
                readings.append(wade_giles)
        if query.schema is None and reads_as_initialled_person(query.name or ""):
            # "PRIGOZHIN Y.V.": a person's initials, not a company's abbreviation ("yv")
            as_person = normalize_name(query.name or "", PERSON)
            if not any(r.tokens == as_person.tokens for r in readings):
                readings.append(as_person)
        # A field holding the name in two scripts or spellings ("Prigozhin Evgenii /
        # Пригожин Евгений"), the party's care-of intermediary, or its other names ("Viktor
        # Bout aka Victor Butt"): each name is screened.
        # A name behind a right-to-left override is read as displayed (``without_symbols``)
        # and as stored: "\u202eROSOBORONEXPORT" shows reversed but is the listed name to a
        # system reading its characters.
        stored = logical_order(query.name or "")
        for part in (*slash_parts(query.name or ""), *care_of_parts(query.name or "")[1:],
                     *alias_parts(query.name or ""), *((stored,) if stored is not None else ())):
            other = normalize_name(part, hint)
            if not other.tokens or any(r.tokens == other.tokens for r in readings):
                continue
            readings.append(NormalizedName(original=q_norm.original, latin=other.latin, tokens=other.tokens,
                                           legal_forms=other.legal_forms, scripts=other.scripts,
                                           places=other.places))
        # (The cut comparisons: the whole query's weights, and each cut spelling aligned once.)
        whole_weights = [self.weight(t) for t in whole.tokens] if cut_at else []
        cut_compared: dict[tuple[tuple[str, ...], tuple[str, ...], bool, bool, bool], NameComparison | None] = {}
        for q_norm in readings:
            q_tokens = q_norm.tokens
            if not q_tokens:
                continue
            # A name written mostly in Arabic or Hebrew script romanises without short vowels.
            abjad = bool(q_norm.scripts) and q_norm.scripts[0] in (ARABIC, HEBREW)
            q_weights = [self.abjad_weight(t) for t in q_tokens] if abjad else [self.weight(t) for t in q_tokens]
            person_query = query.schema == PERSON
            q_syllabic = not SYLLABLE_SCRIPTS.isdisjoint(q_norm.scripts)
            # A name of romanised Korean syllables is also read against listed Koreans' names
            # in the other romanisations (not an organisation's: "Han Song Trading").
            korean_query = bool(self._korean_names) and not abjad and query.schema in (None, PERSON) \
                and not q_norm.legal_forms and looks_korean(q_tokens)
            # ... and an organisation's or vessel's words the lists do not know, against listed
            # Korean organisations and vessels ("Gangbong Trading" for KANGBONG TRADING).
            korean_words = self._korean_thing_query_words(q_tokens, q_norm.latin) \
                if not korean_query and not abjad and not q_syllabic and query.schema != PERSON else frozenset()
            if q_norm is wade_giles:
                candidates = list(wade_giles_names)
            else:
                candidates = self._candidates(q_tokens, q_weights, threshold, spelt=not q_syllabic, abjad=abjad,
                                              latin=q_norm.latin, translate=not person_query, korean=korean_query,
                                              korean_words=korean_words)
            # (String ratios of vowel-less tokens against spelt-out names rank by chance: an
            # abjad query aligns every blocking candidate instead.)
            q_key = " ".join(sorted(q_tokens))  # (the pre-ranking's and the exact names' key)
            if len(candidates) > self._detail and not abjad:
                # Cheap C-level pre-ranking so only the most promising names get the full alignment.
                keys = list(map(self._sorted_keys.__getitem__, candidates))
                # token_set_ratio ties every name whose words the query holds at 100 ("Mohammad"
                # for "Mohammadshafiq Mohammadi"); token_sort_ratio weighs how much of each
                # side the other covers. Their sum ranks; blocking order breaks ties.
                set_scores = [(sc, k) for _key, sc, k in process.extract(
                    q_key, keys, scorer=fuzz.token_set_ratio, limit=None, score_cutoff=self._prefilter_cutoff)]
                # Blocking's own best few always stay: string ratios miss what blocking saw
                # through spacing and variants ("Maranerholdings" / "Maraner Holdings").
                # (Counted in distinct names: one entry on two lists is one alignment.)
                lead = 0
                seen_keys: set[str] = set()
                while lead < len(candidates) and (len(seen_keys) < self._detail_by_blocking
                                                  or keys[lead] in seen_keys):
                    seen_keys.add(keys[lead])
                    lead += 1
                rest = [(sc, k) for sc, k in set_scores if k >= lead]
                sort_scores = [(sc, r) for _key, sc, r in process.extract(
                    q_key, [keys[k] for _sc, k in rest], scorer=fuzz.token_sort_ratio, limit=None)]
                initials = [t for t in q_tokens if len(t) == 1 and t.isalpha()]
                if initials:
                    # An initial is read as the candidate's word it may stand for ("S. Al-Tikriti"
                    # as "Sabawi Al-Tikriti"): string ratios see a lone letter as a word nobody
                    # writes, so they ranked any short name sharing the surname above the names
                    # whose given names it abbreviates ("R. Choe": CHUY before CHOE Ryong Hae).
                    # (Only names holding such a word are scored again, pair by pair.)
                    for i, (_sc, r) in enumerate(sort_scores):
                        k = rest[r][1]
                        spelt = _spelled_out_key(q_tokens, initials, snap.name_tokens[candidates[k]],
                                                 snap.name_latin[candidates[k]])
                        if spelt is not None:
                            rest[r] = (fuzz.token_set_ratio(spelt, keys[k]), k)
                            sort_scores[i] = (fuzz.token_sort_ratio(spelt, keys[k]), r)
                # (A C-level sort of a few dozen pairs: ``heapq.nsmallest`` is Python code.)
                ranked = sorted([(-(rest[r][0] + sc), rest[r][1]) for sc, r in sort_scores])
                del ranked[self._detail - self._detail_by_blocking:]
                candidates = candidates[:lead] + [candidates[k] for _score, k in ranked]
            exact = self._exact_names.get(q_key)
            if exact:
                taken = set(exact)
                candidates = [*exact, *(nid for nid in candidates if nid not in taken)]
            compared: dict[tuple[tuple[str, ...], tuple[str, ...], bool, bool, bool, int], NameComparison | None] = {}
            # Names whose name score cannot reach the threshold even with every bonus feature
            # are dropped (unless an identifier hit): the reported score is rounded to 4 places.
            floor = threshold - self._max_bonus - 1e-4
            for nid in candidates:
                e = snap.name_entity[nid]
                schema = snap.entity_schema[e]
                if (q_norm is loose or (q_norm is addressed and len(q_norm.tokens) < 2)) and schema == PERSON:
                    # (A person's surname may be a place: Jordan, Milan. A full name before
                    # an address after a comma is a person's too: "Viktor Bout, Moscow,
                    # Russia"; a single word there is a surname: "ABBAS, Kirkuk".)
                    continue
                if (q_norm is loose or q_norm is national_norm) and schema in THING_SCHEMAS:
                    continue  # (a ship has no office in a city: "Alexandre Lima" is no ALEXANDER)
                if q_norm is national_norm and (schema == PERSON or national_code not in snap.entity_countries[e]):
                    continue
                c_tokens = snap.name_tokens[nid]
                person = person_query or schema == PERSON
                # Names of one entry on several lists are often spelt alike: align once. Spelling,
                # not folded tokens: "Alexei" and "Aleksey" fold alike, but a typo of one
                # ("Allexei") is read on the spelling as written (``c_latin``).
                syllabic = q_syllabic or nid in self._syllabic_names
                korean = (KOREAN_HANGUL if q_syllabic else KOREAN_LATIN) \
                    if (korean_query or korean_words) and nid in self._korean_names else 0
                if q_norm is headed:
                    cmp = None  # (its names are compared as the whole query, cut below)
                else:
                    c_latin = snap.name_latin[nid]
                    two_surnames = nid in self._two_surnames
                    memo = (c_tokens, c_latin, person, syllabic, two_surnames, korean)
                    cmp = compared.get(memo, _UNSEEN)
                    if cmp is _UNSEEN or (cmp is None and e in id_hits):
                        c_weights = self._token_weights.get(c_tokens)
                        if c_weights is None:
                            c_weights = self._token_weights[c_tokens] = [self.weight(t) for t in c_tokens]
                        cmp = compared[memo] = _compare_names(
                            q_tokens, c_tokens, q_weights, c_weights, self.config, person=person,
                            q_latin=q_norm.latin, c_latin=c_latin, syllabic=syllabic,
                            floor=None if e in id_hits else floor, abjad=abjad, two_surnames=two_surnames,
                            korean=korean)
                cut_name: NormalizedName | None = None
                if cut_at and len(snap.name_value[nid]) > cut_at:
                    cut_name = self._cut_name(nid, cut_at)
                    # (Aligned once per cut spelling, whichever reading found the name.)
                    cut_memo = (cut_name.tokens, cut_name.latin, person, syllabic, abjad)
                    cut_cmp = cut_compared.get(cut_memo)
                    if cut_cmp is None:
                        cut_cmp = cut_compared[cut_memo] = _compare_names(
                            whole.tokens, cut_name.tokens, whole_weights, [self.weight(t) for t in cut_name.tokens],
                            self.config, person=person, q_latin=whole.latin, c_latin=cut_name.latin,
                            syllabic=syllabic, floor=None, abjad=abjad)
                    # (Cut at the same place, the query's last word is the cut name's: "Hasan
                    # Duarte" is no "Hasan Al-Ti" of a listed "Hasan Al-Tikriti".)
                    if cut_cmp is not None and (cmp is None or cut_cmp.score + self._truncated > cmp.score) \
                            and len(whole.tokens) - 1 not in cut_cmp.unmatched_query \
                            and len(cut_name.tokens) - 1 not in cut_cmp.unmatched_candidate:
                        cmp = cut_cmp
                    else:
                        cut_name = None
                if cmp is None:
                    continue  # provably below ``floor``
                if q_norm is wade_giles and (cmp.unmatched_query or cmp.unmatched_candidate
                                             or any(p.similarity < 1.0 for p in cmp.pairs)
                                             or any(m[2] < 1.0 for m in cmp.merged)):
                    # (The spelling drops pinyin's aspiration: only a name it spells exactly,
                    # every word: "Li Qiang" is no LI Yun-chiang.)
                    continue
                base = cmp.score
                if base + (0.0 if cut_name is None else self._truncated) < floor and e not in id_hits:
                    continue
                features = self._features(e, nid, query, whole if cut_name is not None else q_norm)
                if cut_name is not None:
                    features.append({"feature": "truncated_name", "delta": self._truncated,
                                     "detail": f"the query fills a {cut_at}-character field: compared with the "
                                               f"listed name cut at {cut_at} characters"})
                if q_norm is formed and formed is not None:
                    features.append({"feature": "form_misspelt", "delta": self.config.features["form_misspelt"],
                                     "detail": f"read {slip!r} as the legal form {formed.legal_forms[-1].id}"})
                if q_norm is loose or q_norm is national_norm or q_norm is addressed:
                    where = "the place" if q_norm is loose else "the address" if q_norm is addressed \
                        else f"the entry's country ({national_code})"
                    features.append({"feature": "place_dropped", "delta": self.config.features["place_dropped"],
                                     "detail": f"read without {where} {q_norm.places[0]!r} ending the name"})
                if cut_name is None and cmp.pairs:
                    reversed_at = _relation_reversed(q_norm.tokens, c_tokens, cmp.pairs)
                    if reversed_at:
                        features.append({"feature": "relation_reversed",
                                         "delta": self.config.features["relation_reversed"],
                                         "detail": f"{reversed_at}: the names around the particle are swapped, "
                                                   "a father or son of the listed person"})
                if any(q_norm is cut for cut in bare):
                    features.append({"feature": "qualifier_dropped",
                                     "delta": self.config.features["qualifier_dropped"],
                                     "detail": "read without what the name writes in parentheses or "
                                               "quotes, or the 'named after' clause ending it"})
                score = base + sum(x["delta"] for x in features)
                if e in id_hits:
                    features.append({"feature": "identifier_match", "delta": round(1.0 - score, 4),
                                     "detail": f"identifier {id_hits[e]} is listed for this entry"})
                    score = 1.0
                score = max(0.0, min(1.0, score))
                prev = results.get(e)
                if prev is None or score > prev[0]:
                    results[e] = (score, nid, {"cmp": cmp, "features": features, "base": base,
                                           "q_norm": q_norm if cut_name is None else whole, "cut": cut_name})
        for e, value in id_hits.items():
            if e in results and results[e][0] >= 1.0:
                continue
            nid = results[e][1] if e in results else self._first_name.get(e, -1)
            if nid < 0:
                continue
            features = [{"feature": "identifier_match", "delta": 1.0,
                         "detail": f"identifier {value} is listed for this entry"}]
            empty = NameComparison(0.0, (), (), tuple(range(len(readings[0].tokens))), (), 0.0, 0.0, False)
            results[e] = (1.0, nid, {"cmp": empty, "features": features, "base": 0.0})
        best = sorted(
            ((s, e, nid, info) for e, (s, nid, info) in results.items() if round(s, 4) >= threshold),
            key=lambda x: (-x[0], snap.entity_id[x[1]]),
        )[: max(0, top)]
        out = []
        for score, e, nid, info in best:
            explanation = self._explain(nid, info.get("q_norm", readings[0]), info["cmp"], info["features"],
                                        info["base"], info.get("cut"))
            explanation["threshold"] = threshold
            out.append(self._entity_match(e, nid, round(score, 4), explanation))
        return out

    def match_name(
        self,
        name: str,
        *,
        schema: str | None = None,
        country: str | None = None,
        dob: str | None = None,
        identifiers: Iterable[Any] = (),
        threshold: float | None = None,
        top: int = 5,
    ) -> list[EntityMatch]:
        """The ``tradescreen match`` contract: one name (plus optional context) -> matches."""
        return self.match(
            Query(name=name, schema=_schema(schema), country=country, dob=dob,
                  identifiers=_identifiers(identifiers)),
            threshold=threshold, top=top,
        )

    # -- addresses -------------------------------------------------------------------------

    def match_address(self, address: str, *, top: int = 3) -> list[EntityMatch]:
        """Entries listed at the same address (a front company's tell-tale)."""
        snap = self.snapshot
        tokens = frozenset(t for t in normalize_text(address or "").split() if len(t) > 1)
        if len(tokens) < 3:
            return []
        key = address_key(tokens)
        exact = snap.address_exact.get(key, ()) if key else ()
        if exact:
            # The very address of listed entries (a registered agent, a ministry building):
            # report the first entries by id, saying how many share it.
            out = []
            for e in exact[:top]:
                nid = self._first_name.get(e, -1)
                if nid < 0:
                    continue
                listed_at = next((a for a, t in zip(snap.entity_addresses[e], snap.entity_address_tokens[e])
                               if address_key(t) == key), snap.entity_addresses[e][0] if snap.entity_addresses[e] else "")
                score = self.config.features["address_match"]
                out.append(self._entity_match(e, nid, round(score, 4), {
                    "entity_caption": snap.entity_caption[e],
                    "list_name": snap.list_names.get(snap.entity_list[e], snap.entity_list[e]),
                    "schema": snap.entity_schema[e],
                    "programs": list(snap.entity_programs[e]),
                    "matched_on": "address",
                    "query_address": address,
                    "listed_address": listed_at,
                    "entries_at_address": len(exact),
                    "shared_tokens": sorted(tokens),
                    "address_overlap": 1.0,
                    "features": [{"feature": "address_match", "delta": round(score, 4),
                                  "detail": f"party address equals a listed address ({len(exact)} entries listed there)"}],
                    "snapshot_version": snap.version,
                }))
            return out
        counts: dict[int, int] = {}
        for t in tokens:
            for e in snap.address_postings.get(t, ()):
                counts[e] = counts.get(e, 0) + 1
        out = []
        for e, hits in sorted(counts.items(), key=lambda x: -x[1])[:50]:
            if hits < 2:
                continue
            for k, listed in enumerate(snap.entity_address_tokens[e]):
                if len(listed) < 3:
                    continue
                shared = tokens & listed
                if not any(t.isdigit() for t in shared) and len(shared) < 4:
                    continue  # a street number (or a long exact phrase) is what makes an address specific
                overlap = len(shared) / len(listed)
                if overlap < 0.8:
                    continue
                ratio = fuzz.token_set_ratio(" ".join(sorted(tokens)), " ".join(sorted(listed))) / 100.0
                score = self.config.features["address_match"] * min(1.0, overlap) * (0.5 + 0.5 * ratio)
                nid = self._first_name.get(e, -1)
                if nid < 0:
                    break
                explanation = {
                    "entity_caption": snap.entity_caption[e],
                    "list_name": snap.list_names.get(snap.entity_list[e], snap.entity_list[e]),
                    "schema": snap.entity_schema[e],
                    "programs": list(snap.entity_programs[e]),
                    "matched_on": "address",
                    "query_address": address,
                    "listed_address": snap.entity_addresses[e][k],
                    "shared_tokens": sorted(shared),
                    "address_overlap": round(overlap, 3),
                    "features": [{"feature": "address_match", "delta": round(score, 4),
                                  "detail": "party address equals a listed address of this entry"}],
                    "snapshot_version": snap.version,
                }
                out.append(self._entity_match(e, nid, round(score, 4), explanation))
                break
        out.sort(key=lambda m: -m.score)
        return out[:top]

    # -- PartyScreener ---------------------------------------------------------------------

    def screen_party(self, party: Party) -> Sequence[EntityMatch]:
        """Name matches of one event party, plus entries listed at its address."""
        query = Query(
            name=party.name or "",
            schema=_schema(party.schema),
            country=party.country,
            dob=party.birth_date,
            identifiers=tuple((i.type, i.value) for i in party.identifiers),
            address=party.address,
            is_party=True,
        )
        cached = self._party_cache.get(query) if self._party_cache_size else None
        if cached is not None:
            self._party_cache.move_to_end(query)
            return list(cached)
        matches = self.match(query, top=5)
        if party.address:
            seen = {m.entity_id for m in matches}
            threshold = self.threshold
            for m in self.match_address(party.address):
                if m.entity_id not in seen and m.score >= threshold - 0.1:
                    matches.append(m)
        if self._party_cache_size:
            # The same exporter and regular customers recur in every other event; the snapshot
            # is immutable for this matcher's life, so their result can be reused as is.
            self._party_cache[query] = tuple(matches)
            if len(self._party_cache) > self._party_cache_size:
                self._party_cache.popitem(last=False)
        return matches


def places_conflict(q_places: Sequence[str], q_families: Iterable[str],
                    c_places: Sequence[str], c_families: Iterable[str]) -> bool:
    """Whether two names are offices in different places: "Bank of China (Singapore)
    Limited" vs a listed "Bank of China (Hong Kong) Limited" is a sister company, a legal
    person of its own. Not when either is a branch (the company itself: OFAC FAQ 398), nor
    when the places share a word ("shenzhen china" and "china")."""
    if not q_places or not c_places or "branch" in q_families or "branch" in c_families:
        return False
    words_q = {w for place in q_places for w in place.split()}
    return not any(w in words_q for place in c_places for w in place.split())


def _by_factor(item: tuple[str, float]) -> float:
    return item[1]


def _schema(value: str | None) -> str | None:
    if not value:
        return None
    v = str(value).strip().lower()
    if v in ("person", "individual"):
        return PERSON
    if v in ("organization", "organisation", "company", "entity"):
        return "Organization"
    if v in ("vessel", "aircraft"):
        return v.capitalize()
    return None


def _identifiers(values: Iterable[Any]) -> tuple[tuple[str | None, str], ...]:
    out: list[tuple[str | None, str]] = []
    for item in values or ():
        if isinstance(item, str):
            if item.strip():
                out.append((None, item))
        elif isinstance(item, Mapping):
            value = item.get("value") or item.get("number") or item.get("id")
            if value:
                kind = item.get("type")
                out.append((str(kind) if kind not in (None, "") else None, str(value)))
    return tuple(out)
