"""HS nomenclature lookup: normalise a declared code, resolve chapter/heading/subheading.

The nomenclature is the WCO Harmonized System 2022 as published by UN Comtrade
(``shared/data/hs/harmonized-system.csv``, 97 chapters, 1,229 headings, 5,613
subheadings). It is read from the shared data directory at load time, not
copied into the bundle: it is reference data, not a rule, and 850 kB. A rule
bundle pins the exact file by SHA-256 (``bundle.yaml: nomenclature``), so a
changed nomenclature file is refused instead of silently changing decisions.

Declared codes arrive in every shape: ``8542.31``, ``8542 31 00``,
``854231000`` (Japan's 9-digit statistical code), ``8542.31.0000`` (US HTS),
full-width digits from Japanese forms. ``normalise_code`` reduces them to
digits; ``resolve`` keeps the first six (the international HS part) and the
national extension separately. Anything that does not resolve to an existing
HS-2022 subheading is *unresolved* with a human-readable reason, and the rules
HOLD the line rather than skip it (fail closed): a line we cannot classify is a
line we cannot screen.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from lists.rules.bundle import Bundle

HS_FILE = "hs/harmonized-system.csv"
SECTIONS_FILE = "hs/sections.csv"
MIN_DIGITS = 6
MAX_DIGITS = 10
_LABEL = re.compile(r"^\s*(?:h\.?\s*s\.?(?:\s*code)?|hts|cn|tariff(?:\s*code)?)\s*[:#]?\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-_/,']+")


class NomenclatureError(ValueError):
    """The nomenclature file is missing, malformed or not the one the bundle pins."""


@dataclass(frozen=True, slots=True)
class HsEntry:
    code: str
    level: int  # 2 chapter, 4 heading, 6 subheading
    description: str
    parent: str
    section: str


@dataclass(frozen=True, slots=True)
class HsResolution:
    """A declared code resolved to an HS-2022 subheading, with its chapter and heading."""

    declared: str
    digits: str
    chapter: HsEntry
    heading: HsEntry
    subheading: HsEntry
    national_extension: str

    @property
    def code6(self) -> str:
        return self.subheading.code

    @property
    def prefixes(self) -> tuple[str, str, str]:
        """The 2-, 4- and 6-digit codes rules match on."""
        return (self.chapter.code, self.heading.code, self.subheading.code)

    def to_json(self) -> dict[str, object]:
        return {
            "declared": self.declared,
            "hs6": self.code6,
            "national_extension": self.national_extension,
            "chapter": {"code": self.chapter.code, "description": self.chapter.description},
            "heading": {"code": self.heading.code, "description": self.heading.description},
            "subheading": {"code": self.subheading.code, "description": self.subheading.description},
        }


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A declared code that could not be resolved, and why (shown to the reviewer)."""

    declared: str
    reason: str

    def __bool__(self) -> bool:  # ``if resolution:`` reads naturally at call sites
        return False


def normalise_code(declared: str | None) -> str | Unresolved:
    """Declared code → its digits (``'8542.31.00'`` → ``'85423100'``), or ``Unresolved``."""
    raw = declared if isinstance(declared, str) else ""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return Unresolved(raw, "no HS code declared")
    text = _LABEL.sub("", text)
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        return Unresolved(raw, f"HS code {raw!r} contains characters other than digits and separators")
    if len(digits) < MIN_DIGITS:
        level = {2: "chapter", 4: "heading"}.get(len(digits), f"{len(digits)}-digit")
        return Unresolved(raw, f"HS code {raw!r} is declared at {level} level only; a 6-digit subheading is needed"
                               " to screen it (a dropped leading zero also looks like this)")
    if len(digits) > MAX_DIGITS:
        return Unresolved(raw, f"HS code {raw!r} has {len(digits)} digits; at most {MAX_DIGITS}"
                               " (6 HS + national extension) are accepted")
    return digits


class HsNomenclature:
    """Immutable after construction: a dict by code, shared by every check and thread."""

    __slots__ = ("entries", "sections", "edition", "sha256", "path", "_cache")

    def __init__(self, entries: dict[str, HsEntry], sections: dict[str, str], *, edition: str, sha256: str,
                 path: Path | None = None) -> None:
        self.entries = entries
        self.sections = sections
        self.edition = edition
        self.sha256 = sha256
        self.path = path
        self._cache: dict[str, HsResolution | Unresolved] = {}

    @property
    def version(self) -> str:
        return f"{self.edition}+{self.sha256[:12]}"

    def __contains__(self, code: str) -> bool:
        return code in self.entries

    def entry(self, code: str) -> HsEntry | None:
        return self.entries.get(code)

    def counts(self) -> dict[str, int]:
        out = {"chapters": 0, "headings": 0, "subheadings": 0}
        names = {2: "chapters", 4: "headings", 6: "subheadings"}
        for e in self.entries.values():
            if e.level in names:
                out[names[e.level]] += 1
        return out

    def children(self, code: str) -> Iterator[HsEntry]:
        return (e for e in self.entries.values() if e.parent == code)

    def resolve(self, declared: str | None) -> HsResolution | Unresolved:
        """Resolve a declared code; memoised (codes repeat a lot in real traffic, the cache is bounded)."""
        key = declared if isinstance(declared, str) else ""
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        result = self._resolve(key)
        if len(self._cache) < 100_000:
            self._cache[key] = result
        return result

    def _resolve(self, declared: str) -> HsResolution | Unresolved:
        digits = normalise_code(declared)
        if isinstance(digits, Unresolved):
            return digits
        code6 = digits[:6]
        sub = self.entries.get(code6)
        if sub is None or sub.level != 6:
            heading = self.entries.get(code6[:4])
            chapter = self.entries.get(code6[:2])
            if heading is not None:
                why = f"subheading {code6} does not exist in {self.edition} (heading {heading.code} does)"
            elif chapter is not None:
                why = f"heading {code6[:4]} does not exist in {self.edition} (chapter {chapter.code} does)"
            else:
                why = f"chapter {code6[:2]} does not exist in {self.edition}"
            return Unresolved(declared, f"HS code {declared!r}: {why}")
        heading = self.entries[sub.parent]
        chapter = self.entries[heading.parent]
        return HsResolution(declared, digits, chapter, heading, sub, digits[6:])

    def lookup_prefix(self, prefix: str) -> HsEntry | None:
        """A 2/4/6-digit code as used in rule tables (no national extension)."""
        return self.entries.get(prefix)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def load_hs(path: Path | None = None, expected_sha256: str | None = None, edition: str = "HS 2022") -> HsNomenclature:
    """Load the nomenclature CSV (``section, hscode, description, parent, level``); cached per file.

    ``expected_sha256`` pins the file: a different file raises ``NomenclatureError``.
    """
    from lists.rules.bundle import shared_data_dir

    path = Path(path) if path is not None else shared_data_dir() / HS_FILE
    if not path.is_file():
        raise NomenclatureError(f"HS nomenclature file not found: {path}")
    sha = _sha256(path)
    if expected_sha256 and sha != expected_sha256:
        raise NomenclatureError(f"{path} has sha256 {sha[:12]}…, the bundle pins {expected_sha256[:12]}…")
    entries: dict[str, HsEntry] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"section", "hscode", "description", "parent", "level"}
        if not need <= set(reader.fieldnames or ()):
            raise NomenclatureError(f"{path}: expected columns {sorted(need)}, got {reader.fieldnames}")
        for row in reader:
            code = (row["hscode"] or "").strip()
            level = (row["level"] or "").strip()
            if not code.isdigit() or level not in ("2", "4", "6") or len(code) != int(level):
                continue  # the TOTAL pseudo-row
            entries[code] = HsEntry(code, int(level), (row["description"] or "").strip(),
                                    (row["parent"] or "").strip(), (row["section"] or "").strip())
    for e in entries.values():
        if e.level > 2 and e.parent not in entries:
            raise NomenclatureError(f"{path}: {e.code} has unknown parent {e.parent}")
    sections: dict[str, str] = {}
    sections_path = path.parent / Path(SECTIONS_FILE).name
    if sections_path.is_file():
        with sections_path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                sections[(row.get("section") or "").strip()] = (row.get("name") or "").strip()
    return HsNomenclature(entries, sections, edition=edition, sha256=sha, path=path)


def load_hs_for_bundle(bundle: "Bundle") -> HsNomenclature:
    """The nomenclature a bundle pins (file relative to the shared data directory)."""
    from lists.rules.bundle import shared_data_dir

    ref = bundle.nomenclature
    if ref is None:
        return load_hs()
    return load_hs(shared_data_dir() / ref.file, ref.sha256, ref.edition or "HS 2022")
