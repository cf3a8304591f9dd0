"""The normalisation pipeline for one name.

Symbols dropped (emoji, signs; see ``without_symbols``) -> NFKC -> CJK legal forms
split off -> Latin look-alikes folded (case matters: Cyrillic "В" looks like "B", "в"
does not) -> casefold ->
transliterated to ASCII -> tokens -> legal forms split off the edges ->
stopwords (and, for persons, titles) dropped -> spelling variants folded.

The result keeps both the romanised tokens (what a reviewer reads in an
explanation) and the folded comparison tokens (what the matcher compares).
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from lists.names import scripts as _scripts
from lists.names.ascii_fold import without_symbols
from lists.names.legal_forms import (
    LegalForm, is_form_word, legal_form, split_legal_forms, strip_script_forms, tail_form_size,
)
from lists.names.places import is_address, is_place, trailing_country, trailing_places
from lists.names.script_words import abjad_words, translate_script_words
from lists.names.tables import read_yaml
from lists.names.tokens import (
    COMMON, PARTICLE, STOPWORD, canonical_token, split_tokens, surname_titles, title_words, word_class, word_set,
)
from lists.names.transliterate import fold_homoglyphs, spell_arabic_script, to_latin

PERSON = "Person"


@dataclass(frozen=True, slots=True)
class NormalizedName:
    original: str
    latin: tuple[str, ...]  # romanised tokens, legal forms/stopwords removed, original order
    tokens: tuple[str, ...]  # comparison tokens: ``latin`` with spelling variants folded
    legal_forms: tuple[LegalForm, ...]
    scripts: tuple[str, ...]
    places: tuple[str, ...] = ()  # places split off an organisation name ("... LLC (Moscow)")

    @property
    def text(self) -> str:
        return " ".join(self.latin)

    @property
    def key(self) -> str:
        """Order-free comparison string (tokens sorted)."""
        return " ".join(sorted(self.tokens))

    def with_places(self) -> NormalizedName:
        """The name with its places read as name words again ("VTB BANK JSC BELGRADE" as
        vtb bank belgrade): the index holds a listed name both ways, for queries that write
        the place apart ("VTB Bank JSC (Belgrade)") and for those that write it as a word."""
        words = tuple(w for place in self.places for w in place.split())
        return NormalizedName(original=self.original, latin=self.latin + words,
                              tokens=self.tokens + tuple(canonical_token(w) for w in words),
                              legal_forms=self.legal_forms, scripts=self.scripts)

    @property
    def compact(self) -> str:
        """All comparison tokens glued in original order: survives spacing tricks."""
        return "".join(self.tokens)


# "H.E. Ali Khamenei": His Excellency, written so in front of a name (bare "He" is a name).
_EXCELLENCY = re.compile(r"^\s*H\.\s?E\.\s*(?=\S)", re.IGNORECASE)
_PERSON_INITIALS = re.compile(r"\b([^\W\d_])\.(?=[^\W\d_]\.)")
# Words glued without a space but with their capitals kept: "SergejCivilev", "THAERMansour",
# "JumahAL-AHMAD". Only whole capitalised words (3+ letters) split, so "McDonald", "iPower"
# and typos like "CONTINkENTE" stay as they are.
# (The lookbehind starts the second pattern at the start of a capital run only: tried at
# every capital of a long run it backtracked over the rest, a square of the length.)
_GLUED = re.compile(r"[A-Z][a-z]{2,}[A-Z]|(?<![A-Z])[A-Z]{3,}[a-z]{2,}")
_GLUED_RULES = (
    re.compile(r"\b([A-Z][a-z]{2,})(?=[A-Z][a-z]{2,}|[A-Z]{2,}\b)"),
    re.compile(r"\b([A-Z]{3,})(?=[A-Z][a-z]{2,}\b)"),
)


def _split_glued(text: str) -> str:
    for rule in _GLUED_RULES:
        text = rule.sub(r"\1 ", text)
    return text


# A dotted legal form glued to the name word before it ("BODECARNES.A. DE C.V.", "ACMEB.V."):
# three letters or more, then two or more "letter." pairs up to a space, comma or the end.
_GLUED_DOTTED = re.compile(r"(?<=[^\W\d_]{3})((?:[^\W\d_]\.){2,})(?=[\s,;]|$)")


def _split_glued_dotted_form(text: str) -> str:
    """The name word and the dotted form apart, when the dotted letters are a legal form
    ("S.A.", "B.V.", "L.L.C."): a name never ends in one glued so ("U.S.A." has no word
    of three letters before it)."""
    def _apart(m: re.Match[str]) -> str:
        letters = m.group(1).replace(".", "").casefold()
        return " " + m.group(1) if is_form_word(letters) else m.group(1)
    return _GLUED_DOTTED.sub(_apart, text)


# Digits posing as letters inside a word ("Ig0r Sech1n"): folded only when letters clearly
# dominate, so codes and numbers ("3M", "A320", "B2B") keep their digits.
_DIGIT_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g"})


_DIGIT = re.compile(r"[0-9]")

# Signs posing as letters: "$" for s, "@" for a ("Ro$oboronexport", "$berbank", "@eroflot"),
# when they touch a letter. Not "$100", "US $", nor an e-mail address ("info@acme.com"),
# whose "@" stands between two words.
_SIGN_LETTER = re.compile(r"\$(?=[a-z])|(?<=[a-z])\$|(?<![a-z0-9.])@(?=[a-z])")
_SIGN_LOOKALIKES = str.maketrans({"$": "s", "@": "a"})


def _fold_sign_letters(text: str) -> str:
    return _SIGN_LETTER.sub(lambda m: m.group(0).translate(_SIGN_LOOKALIKES), text)


def _fold_digits(token: str) -> str:
    if token.isalpha() or token.isdigit():
        return token
    digits = sum(ch.isdigit() for ch in token)
    if len(token) - digits >= max(3, 2 * digits):
        return token.translate(_DIGIT_LOOKALIKES)
    # A short legal form typed with a zero for its O ("FREGAT 0O0", "ZA0"): too few letters
    # to tell from a code ("A320") by counting, but it reads as a form.
    folded = token.translate(_DIGIT_LOOKALIKES)
    return folded if folded.isalpha() and is_form_word(folded) else token


@lru_cache(maxsize=1)
def _arabic_script_titles() -> tuple[frozenset[str], frozenset[str]]:
    """Titles written in Arabic script, and those of them that are also family names."""
    data = read_yaml("words.yml")
    return (frozenset(str(w) for w in data.get("titles_arabic_script", ())),
            frozenset(str(w) for w in data.get("surname_titles_arabic_script", ())))


# A qualifier in parentheses anywhere ("JUHANG AVIATION TECHNOLOGY (SHENZHEN) CO., LIMITED"),
# or at the end behind a spaced dash or a comma ("AZIMUT LLC - Hong Kong, China", "X Ltd., Dubai").
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
_TRAILING_DASH = re.compile(r"\s[-\u2013\u2014]+([^-\u2013\u2014()]*)$")
_TRAILING_COMMA = re.compile(r",([^-\u2013\u2014,()]*)$")


def _split_places(latin: str) -> tuple[str, list[str]]:
    """Places written as qualifiers, split off an organisation name's romanised text.

    Only a parenthesis holding nothing but places, or a trailing dash part; a trailing comma
    part only behind a legal form ("MARTIC, Milan" is a person, "X Ltd., Milan" an office).
    """
    places: list[str] = []
    if "(" in latin:
        def _cut(m: re.Match[str]) -> str:
            words = split_tokens(m.group(1))
            if is_place(words):
                places.append(" ".join(words))
                return " "
            return m.group(0)
        cut = _PARENTHESIS.sub(_cut, latin)
        if split_tokens(cut):
            latin = cut
        else:
            places.clear()
    for pattern in (_TRAILING_DASH, _TRAILING_COMMA):
        m = pattern.search(latin)
        if m is not None:
            words = split_tokens(m.group(1))
            head = split_tokens(latin[:m.start()])
            if head and is_place(words) and (pattern is _TRAILING_DASH or tail_form_size(head)):
                places.append(" ".join(words))
                latin = latin[:m.start()]
                break
    return latin, places


_MAX_GENERIC_TAIL = 2


def _trailing_generic(tokens: list[str]) -> int:
    """How many generic words ("Holding", "Group", "International Trading") end a name right
    behind a legal form; 0 when none do or no form stands before them."""
    k = 0
    while k < min(_MAX_GENERIC_TAIL, len(tokens) - 2) and word_class(tokens[-1 - k]) == COMMON \
            and not is_form_word(tokens[-1 - k]):
        k += 1
    while k and not tail_form_size(tokens[:-k]):
        k -= 1
    return k


def _glue_pinyin_words(tokens: list[str]) -> list[str]:
    """Two pinyin syllables written apart that make a generic word of Chinese company names
    ("ke ji" -> keji, "you xian" -> youxian; ``words.yml`` pinyin_words), glued."""
    words = word_set("pinyin_words")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and len(tokens[i]) <= 4 and len(tokens[i + 1]) <= 4 \
                and tokens[i] + tokens[i + 1] in words:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return out


def _without_place_preposition(tokens: list[str]) -> list[str]:
    """``tokens`` without a last word saying where an office is ("... Office in", "... at"),
    which would otherwise stand between the name's legal form and its place."""
    if len(tokens) > 1 and tokens[-1] in word_set("place_prepositions"):
        return tokens[:-1]
    return tokens


def _names_something(tokens: list[str], latin: str, place: str) -> bool:
    """Whether a name left without its trailing place still names something and the place
    stands apart: a word that is not generic is left, no "of" is before the place ("Bank of
    Moscow" is not an office of "Bank"), and the place is not hyphenated to the name
    ("TORGOVY KVARTAL-NOVOSIBIRSK" is the company's name)."""
    return word_class(tokens[-1]) != STOPWORD and names_something(tokens) and f"-{place}" not in latin


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns of ``words.yml``'s name prefixes ("M/s"), relative markers ("S/O") and
    care-of markers ("c/o"), longest first, as whole words."""
    words = read_yaml("words.yml")

    def _any(key: str) -> str:
        values = sorted((str(w) for w in words.get(key) or ()), key=len, reverse=True)
        return "|".join(re.escape(v).replace("\\ ", r"\s+") for v in values)

    prefix = re.compile(rf"^\s*(?:{_any('name_prefixes')})(?![^\W_])[\s.:,]*", re.IGNORECASE)
    relative = re.compile(rf"(?:^|\s|,)(?:{_any('relative_markers')})(?![^\W_]).*$", re.IGNORECASE | re.DOTALL)
    # (A marker glued to a word by a hyphen is part of it: "DBA-ENGINEERING".)
    # (Nor behind "for", "the", "and": "ENDOWMENT FOR CARE OF LEBANESE ..." is one name.)
    care_of = re.compile(rf"(?<!\bfor)(?<!\bthe)(?<!\band)(?:^|\s|,|\()(?:{_any('care_of_markers')})(?![^\W_]|-)",
                         re.IGNORECASE)
    return prefix, relative, care_of


_MARKER_HINTS = (" of ", "essrs", " as ", "for ", "dba", "d.b.a", "a.k.a", "f.k.a", "former", "attn", "(ex")
_PREFIX_HINTS = ("mv", "mt", "m.v", "m.t")  # (ship prefixes: only where a name starts)


def _may_hold_markers(text: str) -> bool:
    """Cheap test before the patterns: every marker holds "/" or one of ``_MARKER_HINTS``,
    or starts the name with one of ``_PREFIX_HINTS`` (a regular expression search on every
    name cost more than the rest of the normalisation's checks)."""
    if "/" in text:
        return True
    low = text.lower()
    return low.lstrip().startswith(_PREFIX_HINTS) or any(hint in low for hint in _MARKER_HINTS)


@lru_cache(maxsize=1)
def _identifier_labels() -> tuple[re.Pattern[str], dict[str, str], dict[str, tuple[int, ...]]]:
    """One pattern for every labelled identifier of ``words.yml``, label -> type, and the
    digit counts a label's values have."""
    data = read_yaml("words.yml")
    table = {str(kind): [str(label) for label in labels] for kind, labels in (data.get("identifier_labels") or {}).items()}
    table[_NOISE] = [str(label) for label in data.get("identifier_noise") or ()]
    digits = {_label_key(str(label)): tuple(int(n) for n in counts)
              for label, counts in (data.get("identifier_digits") or {}).items()}
    types: dict[str, str] = {}
    for kind, labels in table.items():
        for label in labels:
            types[_label_key(label)] = kind
    words = sorted({label for labels in table.values() for label in labels}, key=len, reverse=True)
    alternatives = "|".join(r"[\s./]*".join(re.escape(w) for w in re.split(r"[\s./]+", label)) for label in words)
    pattern = re.compile(
        rf"[\s,;(\[]?\b(?P<label>{alternatives})\b\.?\s*(?:No\b\.?|Number\b|#)?\s*[:.#]?\s*"
        r"(?P<value>[A-Z0-9](?:[A-Z0-9]|[-/](?=[A-Z0-9])){3,24})\b[)\]]?", re.IGNORECASE)
    return pattern, types, digits


_MIN_ID_DIGITS = 5
_NOISE = ""  # the type of a labelled number that is read away but is no identifier


def _label_key(label: str) -> str:
    """A label's letters, lower-case, in any script: "INN/KPP" -> innkpp, "ИНН" -> инн."""
    return re.sub(r"[\W\d_]", "", label.lower())


def embedded_identifiers(value: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The name without the identifiers written in it behind their labels, and those
    identifiers as (type, value): "SHAMIM (IMO 9270658)" -> ("SHAMIM", (("IMO", "9270658"),)).
    The name unchanged when nothing else is written, () when it holds none (a KPP, a
    ``identifier_noise`` label's number, is read away from the name but is no identifier)."""
    if not _DIGIT.search(value):
        return value, ()
    pattern, types, digit_counts = _identifier_labels()
    found: list[tuple[str, str]] = []

    def _take(m: re.Match[str]) -> str:
        label = _label_key(m.group("label"))
        kind, number = types.get(label), m.group("value")
        if kind is None:
            return m.group(0)
        if "/" in m.group("label") and "/" in number:
            number = number.split("/", 1)[0]  # "INN/KPP 7718852163/771801001": the first is the INN
        digits = sum(ch.isdigit() for ch in number)
        counts = digit_counts.get(label)
        if digits not in counts if counts else digits < _MIN_ID_DIGITS:
            return m.group(0)
        if kind != _NOISE:
            found.append((kind, number))
        return " "

    rest = pattern.sub(_take, value).strip(" ,;([")
    return ((rest or value), tuple(found)) if found or rest != value.strip(" ,;([") else (value, ())


_MONTH = r"[^\W\d_]{3,9}\.?"
_DATE = (rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
         rf"|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|(?:18[5-9]\d|19\d\d|20\d\d)(?!\d))")


@lru_cache(maxsize=1)
def _birth_pattern() -> re.Pattern[str]:
    labels = sorted((str(label) for label in read_yaml("words.yml").get("birth_labels") or ()), key=len, reverse=True)
    alternatives = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)
    # (No separators matched in front of the label: a run of them searched from every
    # position would be quadratic; they are stripped from what is left instead.)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W\d_])\s*[:.]?\s*(?P<date>{_DATE})[)\]]?",
                      re.IGNORECASE)


def embedded_birth_date(value: str) -> tuple[str, str | None]:
    """The name without a birth date written after its label, and that date: "Evgeniy
    Prigozhin, born 1961" -> ("Evgeniy Prigozhin", "1961"); (value, None) when none is
    written, or when nothing else would be left."""
    if not _DIGIT.search(value):
        return value, None
    m = _birth_pattern().search(value)
    if m is None:
        return value, None
    rest = (value[:m.start()].rstrip(" ,;([") + " " + value[m.end():]).strip(" ,;([")
    return (rest, m.group("date")) if rest else (value, None)


# "PRIGOZHIN Y.V.", "Иванов И.И.", "Y.V. Prigozhin": a surname with dotted initials, as
# Russian and other documents write persons.
_DOTTED_LETTER = re.compile(r"(?<![^\W\d_])([^\W\d_])\.")
_INITIALLED = re.compile(r"^\s*(?:[^\W\d_]{2,}[\s,]+(?:[^\W\d_]\.\s*){1,3}|(?:[^\W\d_]\.\s*){1,3}[^\W\d_]{2,})\s*$")


def reads_as_initialled_person(value: str) -> bool:
    """Whether a name with no schema is a surname with dotted initials ("PRIGOZHIN Y.V."),
    unless the dotted letters are a legal form ("ACME S.A."): read as a company name, the
    initials glue into one word ("yv")."""
    if "." not in value or not _INITIALLED.match(value):
        return False
    letters = "".join(_DOTTED_LETTER.findall(value))
    return not split_legal_forms(["x", letters.lower()])[1]


_SLASHED = re.compile(r"\s+/\s+")


def slash_parts(value: str) -> tuple[str, ...]:
    """The names of a field holding one name per script or spelling, apart:
    "Prigozhin Evgenii / Пригожин Евгений" -> both; () when it holds no " / " (a slash
    with spaces: "A/S" and "S/O" are words)."""
    if " /" not in value:
        return ()
    parts = [p.strip(" ,;") for p in _SLASHED.split(value)]
    return tuple(parts) if 2 <= len(parts) <= 3 and all(sum(ch.isalpha() for ch in p) >= 2 for p in parts) else ()


_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def parenthesised_parts(value: str) -> tuple[str, tuple[str, ...]]:
    """A name and what it writes in parentheses, apart: "KOREA KWANGSON BANKING CORPORATION
    (KKBC)" -> ("KOREA KWANGSON BANKING CORPORATION", ("KKBC",)); (value, ()) when it holds
    none. Lists write an acronym, a translation, a native-script or former name there, so
    the name without them is another way of writing it (a query rarely copies the
    acronym), and a listed name of several words inside is one more name of the entry."""
    if "(" not in value and "\uff08" not in value:  # (a full-width one is "(" after NFKC)
        return value, ()
    text = unicodedata.normalize("NFKC", value)
    inside = tuple(part.strip() for part in _PARENTHESISED.findall(text) if part.strip())
    outside = " ".join(_PARENTHESISED.sub(" ", text).split())
    return (outside, inside) if inside and outside else (value, ())


_DASHED_ACRONYM_HEAD = re.compile(r"^\s*([A-Za-z]{2,6})\s*[-\u2013\u2014:]\s+(\S.*)$")
_DASHED_ACRONYM_TAIL = re.compile(r"^(.*\S)\s+[-\u2013\u2014]\s*([A-Za-z]{2,6})\s*$")


def without_dashed_acronym(value: str) -> str | None:
    """A name written with its acronym before or after a dash ("PSC - PROTON SHIPPING CO",
    "PROTON SHIPPING CO - PSC"), without it; None when no such acronym stands there. Only
    an acronym of the name's own words (initials, first words first, stopwords skipped):
    "ACME - Rosoboronexport" names two parties, and both are screened as written."""
    if "-" not in value and ":" not in value and "\u2013" not in value and "\u2014" not in value:
        return None  # (most names: no regular expression runs)
    for pattern, acr_at in ((_DASHED_ACRONYM_HEAD, 1), (_DASHED_ACRONYM_TAIL, 2)):
        m = pattern.match(value)
        if m is None:
            continue
        acronym, rest = m.group(acr_at).casefold(), m.group(3 - acr_at)
        words = [w for w in split_tokens(rest.casefold()) if word_class(w) != STOPWORD]
        if len(words) >= len(acronym) and "".join(w[0] for w in words[:len(acronym)]) == acronym:
            return rest
    return None


_QUOTED = re.compile(r"[\"“«„]([^\"“”«»„]*)[\"”»“]")
_QUOTES = frozenset("\"“”«»„")


def without_quoted(value: str) -> str | None:
    """A name without the words it writes in double quotes, when two words or more stand
    inside and outside them: a nickname inside a person's name ('Viktor "Merchant of Death"
    Bout' -> "Viktor Bout", 'Joaquin "El Chapo" Guzman'); None otherwise. (One quoted word
    is as often the surname marked out, '"LYSENKO" Dmitriy Sergeevich', or a company's own
    name, 'OOO "Romashka"', as a nickname: read without it, another person's name is left.)"""
    if _QUOTES.isdisjoint(value) or not any(len(inside.split()) >= 2 for inside in _QUOTED.findall(value)):
        return None
    outside = " ".join(_QUOTED.sub(" ", value).split())
    return outside if len(outside.split()) >= 2 else None


# "named after <person>" honours someone in a Soviet-style enterprise name ("NPP Istok named
# after A.I. Shokin", Russian "imeni", abbreviated "im."; "n.a."), and is often left out.
# (From the start of a run of separators only: tried inside one, a hostile run cost its square.)
_NAMED_AFTER = re.compile(r"(?<![\s,])[\s,]+(?:named\s+after|imeni|im\.|n\.\s?a\.)\s.*$", re.IGNORECASE | re.DOTALL)
_NAMED_AFTER_HINTS = ("named", "imeni", "im.", "n.a.", "n. a.")


def without_named_after(value: str) -> str | None:
    """The name without the "named after ..." clause ending it ("AO NPP ISTOK IM. SHOKINA"
    -> "AO NPP ISTOK"); None when it holds none."""
    low = value.lower()
    if not any(hint in low for hint in _NAMED_AFTER_HINTS):
        return None
    cut = _NAMED_AFTER.sub("", value).strip(" ,;\"'“”«»„‚‘’")
    return cut if cut and cut != value.strip() else None


def names_something(words: Sequence[str]) -> bool:
    """Whether a name's words hold one that is not generic ("Bank", "of"): what is left of a
    name read without a place, an address or a qualifier must still name something."""
    return any(word_class(t) not in (COMMON, STOPWORD) for t in words)


def care_of_parts(value: str) -> tuple[str, ...]:
    """A name holding a care-of marker, as the two parties it names ("ACME Ltd c/o
    Rosoboronexport": ACME Ltd, Rosoboronexport); () when it holds none. Both are screened:
    the intermediary may be the listed one."""
    if not value or not _may_hold_markers(value):
        return ()
    parts = [p.strip(" ,;") for p in _markers()[2].split(value, maxsplit=1)]
    return tuple(parts) if len(parts) == 2 and all(parts) else ()


@lru_cache(maxsize=1)
def _alias_marker() -> re.Pattern[str]:
    values = sorted((str(w) for w in read_yaml("words.yml").get("alias_markers") or ()), key=len, reverse=True)
    alternatives = "|".join(re.escape(v).replace("\\ ", r"\s+") for v in values)
    return re.compile(rf"(?:^|(?<=[\s,;(]))(?:{alternatives})(?![^\W_]|-)", re.IGNORECASE)




@lru_cache(maxsize=1)
def _trailing_numbers() -> dict[str, str]:
    return {str(word): str(digits) for word, digits in (read_yaml("words.yml").get("number_words") or {}).items()}


def alias_parts(value: str) -> tuple[str, ...]:
    """The names of a field written "<name> aka <name>" (or fka, alias, also known as), each
    apart; () when it holds no such marker between two names. Bare, these markers are also
    words of names ("Sushi Aka"), so unlike a care-of marker they cut nothing: the name as
    written is screened too, these are more readings of it."""
    if not value:
        return ()
    low = value.lower()
    # (Every marker holds one of these; plain tests rule out most names at a fraction of a
    # regular expression's or a loop's cost.)
    if "ka" not in low and "k.a" not in low and "k/a" not in low and "alias" not in low \
            and "known" not in low and "spel" not in low:
        return ()
    parts = [p.strip(" ,;:.()-") for p in _alias_marker().split(value)]
    if not 2 <= len(parts) <= 4 or not all(sum(ch.isalpha() for ch in p) >= 2 for p in parts):
        return ()
    return tuple(parts)


def _strip_markers(text: str) -> str:
    """The name without a firm prefix ("M/s"), a relative ("S/O Kamaluddin") or a care-of
    party ("c/o Concord"; screened apart, see ``care_of_parts``); unchanged when that would
    leave nothing."""
    if not _may_hold_markers(text):
        return text
    prefix, relative, care_of = _markers()
    for cutter in (lambda t: prefix.sub("", t, count=1), lambda t: relative.sub("", t, count=1),
                   lambda t: care_of.split(t, maxsplit=1)[0]):
        cut = cutter(text)
        if cut.strip(" ,;.") and cut != text:
            text = cut
    return text


def without_trailing_place(norm: NormalizedName, generic: bool = False) -> NormalizedName | None:
    """A second reading of a name ending in a place written as a name word ("Rosoboronexport
    Moscow", "SBC Television UAE"): the name without it, the place as a feature; None when
    the name has no such place, or nothing but generic words would be left ("Bank Moscow").
    Only a reading: the name as written is screened too, and the matcher uses this one for
    organisations only ("Michael Jordan" is no office of a Michael). ``generic``: also when
    only generic words are left, for a caller that keeps the reading only where a listed
    name is made of exactly those words ("Russian Electronics Moscow")."""
    if norm.places or len(norm.latin) < 2:
        return None
    # Cities and regions only: "<brand> <country>" is a national company of its own ("Enel
    # Chile S.A." is no office of the listed Russian LLC ENEL); a city is where an office is.
    return _without_last(norm, trailing_places(norm.latin, countries=False), generic)


def generic_name_before_place(norm: NormalizedName) -> NormalizedName | None:
    """The reading ``normalize_name`` does not make of a name of generic words ending in a
    legal form and a city ("National Engineering Corporation Moscow"): the name without
    the city, its form read as one; None for any other name. Generic words alone name
    nothing in general ("Bank Ltd Moscow"), so the matcher uses this reading only when a
    listed name is made of exactly these words."""
    words = list(norm.latin)
    if norm.places or len(words) < 3 or len(words) != len(norm.tokens):
        return None
    n = trailing_places(words, countries=False)
    if not n or len(words) - n < 2:
        return None
    if not tail_form_size(words[:-n]):
        # ... or with its form written in front, already read ("OJSC BANK FOR FOREIGN TRADE
        # Moscow")
        if not norm.legal_forms or names_something(words[:-n]):
            return None
        return NormalizedName(original=norm.original, latin=tuple(words[:-n]), tokens=norm.tokens[:-n],
                              legal_forms=norm.legal_forms, scripts=norm.scripts, places=(" ".join(words[-n:]),))
    core, forms = split_legal_forms(words[:-n])
    if not core or core != words[:len(core)] or names_something(core):
        return None  # (a name that names something is read by ``normalize_name`` itself)
    return NormalizedName(original=norm.original, latin=tuple(core), tokens=norm.tokens[:len(core)],
                          legal_forms=norm.legal_forms + forms, scripts=norm.scripts,
                          places=(" ".join(words[-n:]),))


def _without_last(norm: NormalizedName, n: int, generic: bool = False) -> NormalizedName | None:
    """``norm`` with its last ``n`` words read as a place; None when ``n`` is 0 or nothing
    but generic words would be left ("Bank Moscow"), unless ``generic``."""
    if not n or n >= len(norm.latin) or not (generic or names_something(norm.latin[:-n])):
        return None
    return NormalizedName(original=norm.original, latin=norm.latin[:-n], tokens=norm.tokens[:-n],
                          legal_forms=norm.legal_forms, scripts=norm.scripts,
                          places=(" ".join(norm.latin[-n:]),))


def without_trailing_country(norm: NormalizedName, generic: bool = False) -> tuple[NormalizedName, str] | None:
    """A second reading of an organisation name ending in a country ("Surgutneftegaz
    Russia", "Mahan Air UAE", "Rosneft, Moscow, Russia" with the city before the country):
    the name without it, and the country's ISO code; None when
    the name ends in none, or nothing but generic words would be left. Only a reading, and
    only for an entry listed in that country (the matcher checks): "<brand> <country>" is
    often a national company of its own ("Enel Chile" is no office of a Russian ENEL), but a
    listed company's own country after its name says where it is, not who it is.
    ``generic`` as for ``without_trailing_place``."""
    if norm.places or len(norm.latin) < 2:
        return None
    n, code = trailing_country(norm.latin)
    if n and len(norm.latin) > n + 1:
        # The city before it goes too: an address written after the name ("Mahan Air,
        # Tehran, Iran"; ", Moscow, Russia").
        n += trailing_places(norm.latin[:-n], 1, countries=False)
    read = _without_last(norm, n, generic)
    return None if read is None else (read, code)


def may_hold_address(value: str) -> bool:
    """Cheap test before ``without_trailing_address``: a comma, a line break or a digit."""
    return "," in value or "\n" in value or _DIGIT.search(value) is not None


_HOUSE_NUMBER = re.compile(r"(?<=\S)\s+(?:no\.?\s*)?\d", re.IGNORECASE)


def without_trailing_address(norm: NormalizedName) -> NormalizedName | None:
    """A second reading of an organisation name written with its address after a comma
    ("Sberbank, 19 Vavilova St, Moscow", "Novikombank JSC, Moscow 123001"): the part before
    the first comma; None when the rest reads as no address (``is_address``) or nothing but
    generic words would be left. Only a reading, for organisations (the matcher checks):
    a person's "SURNAME, Given" has its comma for another reason."""
    if norm.scripts[:1] in ((_scripts.ARABIC,), (_scripts.HEBREW,)):
        return None
    head, comma, tail = _plain(norm.original).partition(",")
    if not comma:
        # No comma: the address starts at its house number ("SBERBANK OF RUSSIA 19 VAVILOVA
        # STREET MOSCOW"); what follows the number must read as an address.
        m = _HOUSE_NUMBER.search(head)
        if m is None:
            return None
        head, tail = head[:m.start()], head[m.start():]
    address = normalize_text(tail).split()
    if not is_address(address):
        return None
    read = normalize_name(head)
    if not names_something(read.latin):
        return None
    return NormalizedName(original=norm.original, latin=read.latin, tokens=read.tokens,
                          legal_forms=read.legal_forms, scripts=read.scripts, places=(" ".join(address),))


# Letters written apart ("R O S O B O R O N E X P O R T", "K K B C") are one word, as
# dotted ones are ("R.O.S.", see ``split_tokens``): three in a row, four in a person's name
# (whose initials stand alone: "A B SMITH"). Not in Arabic or Hebrew script, where a
# one-letter word is a word ("و", and).
_SPACED_RUN = 3


def _glue_spaced_letters(tokens: list[str], run: int) -> list[str]:
    if sum(len(t) == 1 for t in tokens) < run:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j]) == 1 and tokens[j].isalpha():
            j += 1
        if j - i >= run:
            out.append("".join(tokens[i:j]))
            i = j
        else:
            out.extend(tokens[i:max(j, i + 1)])
            i = max(j, i + 1)
    return out


_EDGE_MARKS = string.punctuation + " "  # quotes, brackets, dots around a (romanised) name
_TAG_LETTERS = 3  # ("LLC-FZ", a free-zone LLC, is a form of its own in legal_forms.yml; two
# letters behind a form word are as often a word: "Co-Ed", "SA-ID")


def _without_jurisdiction_tag(tokens: list[str], latin: str) -> list[str]:
    """The tokens without a registry's jurisdiction tag hyphenated to a legal form at the
    name's end ("Jamuna Shipping LTD-SEY", "Lark Shipmanagement LLC-FZ", "Eurus Shipping Co
    LTD-HKG", as ship registers and the lists copied from them write them), or at its start
    when the words were moved ("LTD-SEY Jamuna Shipping"): the tag is no word of the name,
    and left there it hid the form, so "Jamuna Shipping Ltd" scored 0.65. The codes are the
    registers' own (SEY, MAI, BZE), not ISO ones, so no country is read."""
    form, tag = tokens[-2], tokens[-1]
    if _is_tag(form, tag) and tail_form_size(tokens[:-1]) \
            and latin.strip(_EDGE_MARKS).endswith(f"{form}-{tag}"):
        return tokens[:-1]
    form, tag = tokens[0], tokens[1]
    if _is_tag(form, tag) and latin.strip(_EDGE_MARKS).startswith(f"{form}-{tag}") \
            and split_legal_forms([form, *tokens[2:]])[1]:
        return tokens[:1] + tokens[2:]
    return tokens


def _is_tag(form: str, tag: str) -> bool:
    return len(tag) == _TAG_LETTERS and tag.isalpha() and is_form_word(form) \
        and not is_form_word(tag) and not is_form_word(form + tag)


def _plain(value: str) -> str:
    """HTML entities decoded ("M&amp;T Bank", "&#1056;..." from a web form or an XML export
    escaped twice), underscores, tabs and line breaks read as spaces ("NORD_TRADING_LLC"),
    and what a trade document writes around a party's name dropped (``_document_noise``)."""
    if "&" in value and ";" in value:
        value = html.unescape(value)
    if "_" in value:
        value = value.replace("_", " ")
    if "\n" in value:
        # A party box of a document: the name on its first line, the address below it.
        value = ", ".join(line for line in (" ".join(part.split()) for part in value.splitlines()) if line)
    value = " ".join(value.split())
    # (Cheap tests first: the patterns run on the few names that may hold a label, an order
    # clause or contact details.)
    head = ":" in value or " - " in value or " \u2013 " in value or " \u2014 " in value \
        or "rder" in value or "RDER" in value
    low = value.lower()
    contacts = "@" in value or "+" in value or any(hint in low for hint in _CONTACT_HINTS)
    if head or contacts:
        value = _document_noise(value, head, contacts)
    return value


_CONTACT_HINTS = ("www", "http", "tel", "fax", "phone", "mob", "cell")


@lru_cache(maxsize=1)
def _noise_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = read_yaml("words.yml")

    def _any(key: str) -> str:
        values = sorted((str(w) for w in words.get(key) or ()), key=len, reverse=True)
        return "|".join(re.escape(v).replace("\\ ", r"\s+") for v in values)

    # A role label with a colon or dash after it, then "to order of", at the start.
    # (A dash only with spaces around it: "TO-MAR LLC" is a name.)
    head = re.compile(rf"^(?:(?:{_any('role_labels')})(?:\s*:|\s+[\-\u2013\u2014]\s)\s*)?"
                      rf"(?:(?:{_any('order_prefixes')})\b[\s:,]*)?", re.IGNORECASE)
    # Contact details: a URL, an e-mail address (in <> or not), a telephone or fax number
    # behind its label or a "+". (No run of separators in front, and an address's local
    # part only from its start: tried at every position, either made a hostile name of
    # 20,000 commas and an "@" cost minutes. The separators left are stripped after.)
    contacts = re.compile(
        r"(?:(?:\b(?:e-?mail|web|website|url)\b\s*[:.]?\s*)?(?:(?:https?://|www\.)\S+|<?(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?)"
        r"|(?:\b(?:tel|telephone|phone|ph|fax|mob|mobile|cell)\b\.?\s*[:.]?\s*\+?|(?<![\w+])\+)"
        r"\(?\d[\d\s().\-/]{5,}\d)\)?",
        re.IGNORECASE)
    return head, contacts


def _document_noise(value: str, head: bool = True, contacts: bool = True) -> str:
    """A party's name without the role label, "to order of" and contact details a trade
    document writes around it: "Consignee: Rosoboronexport", "TO ORDER OF BANK MELLI IRAN",
    "ROSOBORONEXPORT, MOSCOW, TEL +7 495 534 6183", "Rosoboronexport <info@roe.ru>"; the
    name unchanged when nothing would be left."""
    head_pattern, contact_pattern = _noise_patterns()
    cut = head_pattern.sub("", value, count=1) if head else value
    if contacts:
        cut = contact_pattern.sub("", cut).strip(" ,;:-")
    return cut if any(ch.isalnum() for ch in cut) else value


def normalize_text(value: str) -> str:
    """Plain comparable form of any text: NFKC, casefold, look-alikes folded, ASCII, tokens."""
    text = fold_homoglyphs(unicodedata.normalize("NFKC", without_symbols(_plain(value)))).casefold()
    return " ".join(split_tokens(to_latin(text)))


def _without_titles(words: list[str], titles: frozenset[str], surnames: frozenset[str],
                    leading: frozenset[str] = frozenset()) -> list[str]:
    """A person's words without its titles, but for a title-word written last that is also
    a family name: it stands where the surname does ("Ibrahim SAYYED" keeps it, "Sayyed Ali
    KHAMENEI" does not); and for a ``leading`` title (one that is also a name's syllable:
    Gen, Ing) written anywhere but in front ("HUANG, Wang-gen")."""
    last = len(words) - 1
    front = 0  # (the titles written in front of the name)
    while front < last and words[front] in titles:
        front += 1
    return [w for i, w in enumerate(words)
            if w not in titles or (i == last and i > 0 and w in surnames) or (i >= front and w in leading)]


def surname_last(text: str) -> str:
    """A person's "SURNAME, Given Middle" (OFAC, UK) written "Given Middle SURNAME", so first,
    middle and last positions mean the same on both sides of a comparison (a name omitted in
    the middle is a middle name, not the surname); other text as it is."""
    if text.count(",") == 1:
        surname, given = text.split(",", 1)
        if given.strip() and 0 < len(surname.split()) <= 3:
            return f"{given.strip()} {surname.strip()}"
    return text


def normalize_name(value: str, schema: str | None = None) -> NormalizedName:
    """Normalise a party name; ``schema`` ``Person`` disables legal forms and drops titles."""
    text = _strip_markers(unicodedata.normalize("NFKC", without_symbols(_plain(value or ""))))
    scripts = _scripts.detect_scripts(text)
    is_person = schema == PERSON
    forms: tuple[LegalForm, ...] = ()
    if not is_person:
        text, forms = strip_script_forms(text)
        if not _scripts.SYLLABLE_SCRIPTS.isdisjoint(scripts):
            text = translate_script_words(text)
    if is_person and "." in text:
        # "Deripaska O.V.": in a person's name, letters with dots are initials of given name
        # and patronymic, not one abbreviation (as "S.A." is in a company's).
        text = _PERSON_INITIALS.sub(r"\1. ", text)
    if is_person:
        text = surname_last(_EXCELLENCY.sub("", text))
    if _GLUED.search(text):
        text = _split_glued(text)
    if not is_person and "." in text:
        text = _split_glued_dotted_form(text)
    text = fold_homoglyphs(text).casefold()
    if _scripts.ARABIC in scripts:
        if is_person:
            words = text.split()
            kept_words = _without_titles(words, *_arabic_script_titles())
            if kept_words and len(kept_words) < len(words):
                text = " ".join(kept_words)
        text = spell_arabic_script(text)
    if _scripts.HEBREW in scripts:
        # ש is shin or sin (sh or s: Sharvit, Yissachar); anyascii writes s, so it is written
        # as ش (sh), whose Latin spellings include s.
        text = text.replace("\u05e9", "\u0634")
    latin = to_latin(text)
    abjad = scripts[:1] in ((_scripts.ARABIC,), (_scripts.HEBREW,))
    places: list[str] = []
    if not is_person:
        latin, places = _split_places(latin)
    if "$" in latin or "@" in latin:
        latin = _fold_sign_letters(latin)
    tokens = split_tokens(latin)
    if _DIGIT.search(latin):  # digits posing as letters are rare: most names skip the per-token pass
        tokens = [_fold_digits(t) for t in tokens]
    if not abjad and len(tokens) >= _SPACED_RUN:
        tokens = _glue_spaced_letters(tokens, _SPACED_RUN + 1 if is_person else _SPACED_RUN)
    if not is_person and len(tokens) > 2 and "-" in latin:
        tokens = _without_jurisdiction_tag(tokens, latin)
    if not is_person and len(tokens) >= 3 and not abjad:
        tokens = _glue_pinyin_words(tokens)
    if not is_person and tokens:  # (one word may hold a glued form: "ROSOBORONEXPORTJSC")
        if len(tokens) > 2 and not abjad and word_class(tokens[0]) == STOPWORD:
            tokens = tokens[1:]  # "The LLC X": the form is at the name's edge behind the article
        n = trailing_places(tokens) if len(tokens) > 2 else 0
        if n:
            head = _without_place_preposition(tokens[:-n])
            if tail_form_size(head) and _names_something(head, latin, tokens[-n]):
                # "Kord Company Ltd Moscow", "Evro Polis Ltd Representative Office in Minsk"
                places.append(" ".join(tokens[-n:]))
                tokens = head
        if len(tokens) > 2 and tokens[-1] in word_set("office_words") and trailing_places(tokens[:-1], 1, countries=False):
            # "ACME Co., Ltd., Shanghai Office": an office in a city is a branch (not "Foreign
            # Office", nor "Hanifa Exchange Office": no city before the word)
            branch = legal_form("branch")
            if branch is not None:
                tokens = tokens[:-1]
                forms = forms + (branch,)
        k = _trailing_generic(tokens)
        if k:  # "AZIMUT LLC Holding": the form is read before the generic words written after it
            core, more = split_legal_forms(tokens[:-k])
            if more:
                tokens = core + tokens[-k:]
                forms = forms + more
        tokens, more = split_legal_forms(tokens)
        forms = forms + more
        if len(tokens) > 1 and any(f.family == "branch" for f in forms):
            # "Rosoboronexport Moscow Branch": a city (not a country: "Bank Melli Iran Branch").
            # (Not after a form written in front: "OOO NOVATEK MURMANSK" is the company's name.)
            n = trailing_places(tokens, 1, countries=False)
            if n:
                head = _without_place_preposition(tokens[:-n])  # "Branch of X Ltd in Istanbul"
                if _names_something(head, latin, tokens[-n]):
                    places.append(" ".join(tokens[-n:]))
                    tokens, more = split_legal_forms(head)  # "... Co Ltd Shenzhen Branch"
                    forms = forms + more
    if abjad:
        # Romanised without vowels, a word only looks like a Latin stopword or title ("sr"
        # is اسرا, Esra): nothing is dropped.
        kept = tokens
    else:
        kept = [t for t in tokens if word_class(t) != STOPWORD]
        if is_person:
            kept = _without_titles(kept, title_words(), surname_titles(), word_set("leading_titles")) or kept
    if not kept:
        kept = tokens
    if not is_person and not abjad and len(kept) >= 2:
        # A ship's or firm's number written as a word ("GRACE ONE" is the tanker GRACE 1):
        # only last, where names carry their number ("One Gas" stays a word).
        number = _trailing_numbers().get(kept[-1])
        if number is not None:
            kept = [*kept[:-1], number]
    return NormalizedName(
        original=value,
        latin=tuple(kept),
        tokens=tuple(canonical_token(t) for t in kept),
        legal_forms=forms,
        scripts=scripts,
        places=tuple(places),
    )


@lru_cache(maxsize=1)
def translated_abjad_words() -> dict[str, frozenset[str]]:
    """The English words a romanised Arabic-script word of an organisation name also reads
    as (``abjad_words.yml``), keyed by its romanisation as ``normalize_name`` writes it: the
    table's written forms go through the same normalisation as a query, so the keys cannot
    drift from what queries produce. (Its article, read apart, is not part of the key.)"""
    found: dict[str, set[str]] = {}
    for written, english in abjad_words():
        words = [t for t in normalize_name(written, "Organization").tokens if word_class(t) != PARTICLE]
        if len(words) == 1:
            found.setdefault(words[0], set()).add(canonical_token(english))
    return {key: frozenset(value) for key, value in found.items()}

