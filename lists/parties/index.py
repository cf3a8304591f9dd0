"""The compiled party-list snapshot: every name normalised and indexed once.

Building normalises each listed name (``lists.names``), keeps one row per distinct
name of an entity, and builds the blocking structures the matcher queries so a
screening never scans the whole list:

* ``postings``: comparison token -> ids of the names holding it;
* ``skeletons``: phonetic key -> vocabulary tokens (transliteration variants);
* ``deletes``: token with one letter deleted -> vocabulary tokens (typos, SymSpell style);
* ``identifiers``: normalised identifier value -> entities (exact identifier hits);
* ``address_postings``: rare address token -> entities (front companies at a listed address);
* ``address_exact``: whole normalised address -> entities (addresses many entries share).

A snapshot file is ``MAGIC`` + one JSON header line + a pickle payload of plain
lists/tuples/dicts. The header carries the payload's length and SHA-256, checked
before unpickling, so a truncated or corrupted file raises ``SnapshotError``
instead of loading half a list. Snapshots are artefacts the operator builds
(``tradescreen lists build``); like any pickle they must not come from untrusted
parties.

The snapshot version is the content hash (sources' SHA-256, normalisation tables,
format) plus each source's publication date; every decision records it.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import orjson

from lists.names import NormalizedName, normalize_name, normalize_text
from lists.names.normalize import (alias_parts, care_of_parts, names_something, parenthesised_parts, surname_last,
                                   without_named_after)
from lists.names.korean import spells_korean_name
from lists.names.places import city_first_countries, country_first_words, is_place
from lists.names.tables import tables_version
from lists.names.tokens import PLAIN, skeleton, word_class
from lists.parties.model import ListSource, LoadedList

MAGIC = b"TRADESCREEN-LIST-SNAPSHOT\n"
FORMAT = 6
"""Bumped whenever the payload layout or the meaning of an indexed field changes."""

MIN_DELETE_LEN = 5
"""Tokens shorter than this get no typo (deletion) keys: too many false neighbours."""

_ID_CLEAN = re.compile(r"[^0-9A-Z]")

_KOREAN_PROGRAMME = re.compile(r"DPRK|NKSPEA|\bKorea\b", re.IGNORECASE)


def _dprk_programme(programs: Sequence[str]) -> bool:
    """Whether an entry is listed under a DPRK sanctions programme (OFAC: DPRK, DPRK2-4,
    NKSPEA; the UK and EU: "Democratic People's Republic of Korea")."""
    return any(_KOREAN_PROGRAMME.search(p) for p in programs)


def korean_listing(countries: Sequence[str], programs: Sequence[str]) -> bool:
    """Whether an entry is Korean by its countries or a DPRK sanctions programme (OFAC lists
    most DPRK front companies and vessels without a country)."""
    return "KP" in countries or "KR" in countries or _dprk_programme(programs)


def _country_first(latin: Sequence[str], countries: Sequence[str], programs: Sequence[str]) -> bool:
    """Whether an organisation's name starts with its country's word and holds a trade name
    in Korean syllables after it (``country_first_words``: KOREA KWANGSON BANKING CORP; not
    KOREAN PEOPLE'S ARMY, whose "peoples" reads as syllables no name writes)."""
    if len(latin) < 3:
        return False
    for country, words in country_first_words().items():
        if latin[0] in words and (country in countries or country == "KP" and _dprk_programme(programs)):
            return any(word_class(t) == PLAIN and spells_korean_name(t) for t in latin[1:])
    return False


class SnapshotError(Exception):
    """A snapshot file that cannot be used: missing, truncated, corrupted or of another format."""


def normalize_identifier(value: str) -> str:
    """Identifier value compared exactly: upper-case alphanumerics only (``IMO 9187629`` -> ``IMO9187629``)."""
    return _ID_CLEAN.sub("", (value or "").upper())


def identifier_keys(value: str) -> tuple[str, ...]:
    """Exact-match keys of an identifier: the value, and its digits when it is mostly numeric."""
    norm = normalize_identifier(value)
    if len(norm) < 5:
        return ()
    keys = [norm]
    # "IMO 9187629" and "9187629" are the same identifier: also key the number without its label.
    prefix = norm[: len(norm) - len(norm.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
    if prefix in _ID_LABELS and len(norm) - len(prefix) >= 5:
        keys.append(norm[len(prefix):])
    return tuple(keys)


_ID_LABELS = frozenset({"IMO", "MMSI", "INN", "OGRN", "KPP", "TIN", "NO", "UNSC"})


def birth_years(dates: Iterable[str]) -> tuple[int, ...]:
    years = set()
    for value in dates:
        match = re.match(r"\s*(\d{4})", value or "")
        if match:
            years.add(int(match.group(1)))
    return tuple(sorted(years))


def deletion_keys(token: str) -> tuple[str, ...]:
    """The token with each one letter deleted (SymSpell distance-1 neighbourhood)."""
    return tuple({token[:i] + token[i + 1:] for i in range(len(token))})


@dataclass
class Snapshot:
    """Everything the matcher needs, as plain Python containers (fast to pickle and load)."""

    version: str
    content_hash: str
    built_at: str
    tables_version: str
    sources: tuple[dict[str, Any], ...]
    # entities (parallel lists, indexed by entity number)
    entity_id: list[str]
    entity_schema: list[str]
    entity_list: list[str]
    entity_caption: list[str]
    entity_countries: list[tuple[str, ...]]
    entity_birth_years: list[tuple[int, ...]]
    entity_birth_dates: list[tuple[str, ...]]
    entity_identifiers: list[tuple[tuple[str, str, str], ...]]  # (type, raw value, normalised value)
    entity_programs: list[tuple[str, ...]]
    entity_addresses: list[tuple[str, ...]]
    # names (parallel lists, indexed by name number)
    name_entity: list[int]
    name_value: list[str]
    name_kind: list[str]  # "<kind>/<quality>", e.g. "aka/weak"
    name_latin: list[tuple[str, ...]]
    name_tokens: list[tuple[str, ...]]
    name_forms: list[tuple[str, ...]]  # legal form ids
    name_families: list[tuple[str, ...]]  # legal form families
    name_places: list[tuple[str, ...]]  # office places split off ("Bank of China (Hong Kong) Limited")
    # blocking structures
    token_df: dict[str, int]
    postings: dict[str, tuple[int, ...]]
    skeletons: dict[str, tuple[str, ...]]
    deletes: dict[str, tuple[str, ...]]
    identifiers: dict[str, tuple[int, ...]]
    address_postings: dict[str, tuple[int, ...]]
    address_exact: dict[str, tuple[int, ...]]
    entity_address_tokens: list[tuple[frozenset[str], ...]]
    list_names: dict[str, str]
    # derived at load time, never pickled
    _big_sets: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    @property
    def entity_count(self) -> int:
        return len(self.entity_id)

    @property
    def name_count(self) -> int:
        return len(self.name_value)

    @property
    def published(self) -> date | None:
        """Publication date of the *oldest* source: the snapshot is only as fresh as that."""
        dates = [s.get("published") for s in self.sources if s.get("published")]
        parsed = []
        for value in dates:
            try:
                parsed.append(date.fromisoformat(str(value)[:10]))
            except ValueError:
                continue
        return min(parsed) if parsed else None

    def info(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "content_hash": self.content_hash,
            "built_at": self.built_at,
            "format": FORMAT,
            "tables_version": self.tables_version,
            "entities": self.entity_count,
            "names": self.name_count,
            "tokens": len(self.postings),
            "published_oldest": self.published.isoformat() if self.published else None,
            "sources": list(self.sources),
        }

    def posting_set(self, token: str) -> frozenset[int]:
        """Posting list as a set, built lazily for the few very common tokens."""
        found = self._big_sets.get(token)
        if found is None:
            found = frozenset(self.postings.get(token, ()))
            self._big_sets[token] = found
        return found

    def idf(self, token: str) -> float:
        """Rarity weight of a comparison token over entities (unknown tokens are rarest)."""
        df = self.token_df.get(token, 0)
        return math.log((self.entity_count + 1) / (df + 0.5))


# ---------------------------------------------------------------------------------------------
# Building


def _source_record(source: ListSource) -> dict[str, Any]:
    return {
        "list_id": source.list_id,
        "name": source.name,
        "publisher": source.publisher,
        "published": source.published,
        "path": source.path,
        "sha256": source.sha256,
        "entity_count": source.entity_count,
        "name_count": source.name_count,
    }


def normaliser_version() -> str:
    """Digest of the code that turns list names into indexed tokens: a changed normaliser
    yields a different snapshot from the same files, so it must change the version too."""
    here = Path(__file__).resolve()
    digest = hashlib.sha256()
    for code in sorted([*here.parents[1].glob("names/*.py"), here]):
        digest.update(code.name.encode())
        digest.update(code.read_bytes())
    return digest.hexdigest()[:16]


def _version(sources: Sequence[dict[str, Any]], tables: str) -> tuple[str, str]:
    digest = hashlib.sha256()
    digest.update(f"format={FORMAT};tables={tables};code={normaliser_version()}".encode())
    for src in sorted(sources, key=lambda s: (s["list_id"], s["sha256"])):
        digest.update(f";{src['list_id']}={src['sha256']}".encode())
    content_hash = digest.hexdigest()
    dates = ",".join(
        f"{s['list_id']}={s['published']}" for s in sorted(sources, key=lambda s: s["list_id"])
    )
    return content_hash, f"{content_hash[:16]};{dates}"


def _address_tokens(address: str) -> frozenset[str]:
    return frozenset(t for t in normalize_text(address).split() if len(t) > 1)


def address_key(tokens: frozenset[str]) -> str | None:
    """Order-free key of a specific address (3+ tokens, one of them a number), else None."""
    if len(tokens) < 3 or not any(any(c.isdigit() for c in t) for t in tokens):
        return None
    return " ".join(sorted(tokens))


def build_snapshot(lists: Sequence[LoadedList]) -> Snapshot:
    """Normalise and index every entity of ``lists`` (order-independent version hash)."""
    sources = tuple(_source_record(l.source) for l in lists)
    tables = tables_version()
    content_hash, version = _version(sources, tables)
    snap = Snapshot(
        version=version, content_hash=content_hash,
        built_at=datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        tables_version=tables, sources=sources,
        entity_id=[], entity_schema=[], entity_list=[], entity_caption=[], entity_countries=[],
        entity_birth_years=[], entity_birth_dates=[], entity_identifiers=[], entity_programs=[],
        entity_addresses=[],
        name_entity=[], name_value=[], name_kind=[], name_latin=[], name_tokens=[], name_forms=[],
        name_families=[], name_places=[],
        token_df={}, postings={}, skeletons={}, deletes={}, identifiers={}, address_postings={}, address_exact={},
        entity_address_tokens=[], list_names={l.source.list_id: l.source.name for l in lists},
    )
    postings: dict[str, list[int]] = {}
    df: dict[str, int] = {}
    identifiers: dict[str, set[int]] = {}
    address_postings: dict[str, set[int]] = {}
    address_exact: dict[str, set[int]] = {}
    seen_ids: set[str] = set()
    spellings: dict[str, set[str]] = {}  # romanised spelling -> comparison tokens it was folded to
    for loaded in lists:
        for entity in loaded.entities:
            if entity.id in seen_ids:  # the same record twice (two editions of a list): keep the first
                continue
            seen_ids.add(entity.id)
            e = len(snap.entity_id)
            schema_hint = "Person" if entity.schema == "Person" else None
            names_seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
            entity_tokens: set[str] = set()
            for listed in entity.names:
                if not (listed.value or "").strip():
                    continue
                norm = normalize_name(listed.value, schema_hint)
                # A name with a place qualifier split off is also indexed as written: a query
                # writes the place apart ("VTB Bank JSC (Belgrade)") or as a name word ("VTB
                # Bank Belgrade").
                readings = [norm, norm.with_places()] if norm.places else [norm]
                if schema_hint == "Person":
                    # A person's name is also indexed as a query with no schema reads it when
                    # that keeps other words, titles and form-like words ("Sayed SHAMSEDDIN",
                    # "AG MOSSA", "PAO YU LIANG"): such a query, written exactly as listed,
                    # found nothing. (Not when only the order differs: "SURNAME, Given".) The
                    # surname goes last in this reading, or an omitted middle name read as a
                    # missing surname ("S. MUSAVIFAR" of "MUSAVIFAR, Sayyed Reza"); and as
                    # written too where that reads other words ("MOUSSA, Ba Ag": AG ends it).
                    reordered = surname_last(listed.value)
                    plain = normalize_name(reordered)
                    if sorted(plain.tokens) != sorted(norm.tokens):
                        readings.append(plain)
                    if reordered != listed.value:
                        written = normalize_name(listed.value)
                        if sorted(written.tokens) not in (sorted(norm.tokens), sorted(plain.tokens)):
                            readings.append(written)
                # A listed name holding another after a marker ("SIBERIAN AIRLINES D/B/A S7
                # AIRLINES", "FUYI SUN A/K/A FRANK SUN") is indexed under both.
                readings += [normalize_name(part, schema_hint) for part in care_of_parts(listed.value)[1:]]
                readings += [normalize_name(part, schema_hint) for part in alias_parts(listed.value)]
                # ... and one honouring someone ("NPP ISTOK IM. SHOKINA") without it. (Two
                # words or more must be left: "NPO IMENI LAVOCHKINA" is not the entry "NPO".)
                honoured = without_named_after(listed.value)
                if honoured is not None:
                    bare = normalize_name(honoured, schema_hint)
                    if len(bare.tokens) >= 2 and names_something(bare.latin):
                        readings.append(bare)
                # ... and one holding an acronym, a translation or another name in parentheses
                # ("KOREA KWANGSON BANKING CORPORATION (KKBC)") under the name without it, and
                # under what the parentheses hold when that is a name of two words or more.
                # (Not when they hold a place: normalisation has read it apart already, and
                # "Birch (Hong Kong) Co Ltd" without it would be no office in a place at all.)
                # ... and a Chinese company's under its name without the city it starts with
                # ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.": PRC names are city + trade
                # name + industry + form, and documents drop the city). The city stays the
                # name's place. (Only for entries of those countries, and with a trade name
                # left: "Minsk Automobile Plant" is no "Automobile Plant"; ``city_first_countries``.)
                # (So too a DPRK enterprise's without the "Korea" it starts with: KOREA
                # KWANGSON BANKING CORP is written "Kwangson Banking Corp"; ``_country_first``.)
                if schema_hint != "Person" and not norm.places and len(norm.tokens) >= 3 and (
                        city_first_countries().intersection(entity.countries)
                        and is_place([norm.latin[0]]) and names_something(norm.latin[1:])
                        or _country_first(norm.latin, entity.countries, entity.programs)):
                    readings.append(NormalizedName(
                        original=norm.original, latin=norm.latin[1:], tokens=norm.tokens[1:],
                        legal_forms=norm.legal_forms, scripts=norm.scripts, places=(norm.latin[0],)))
                outside, inside = parenthesised_parts(listed.value)
                if inside:
                    bare = normalize_name(outside, schema_hint)
                    if names_something(bare.latin) and bare.tokens != norm.tokens:
                        readings.append(bare)
                    for part in inside:
                        other = normalize_name(part, schema_hint)
                        if len(other.tokens) >= 2 and not other.places and names_something(other.latin) \
                                and not is_place(list(other.latin)):
                            readings.append(other)
                for norm in readings:
                    # (Two names of the same words are both kept when their places differ:
                    # "PJSC VTB BANK (KIEV)" and "VTB BANK, PJSC (UKRAINE)".)
                    seen_key = (norm.tokens, norm.places)
                    if not norm.tokens or seen_key in names_seen:
                        continue
                    names_seen.add(seen_key)
                    n = len(snap.name_value)
                    snap.name_entity.append(e)
                    snap.name_value.append(listed.value.strip())
                    snap.name_kind.append(f"{listed.kind}/{listed.quality}")
                    snap.name_latin.append(norm.latin)
                    snap.name_tokens.append(norm.tokens)
                    snap.name_forms.append(tuple(sorted({f.id for f in norm.legal_forms})))
                    snap.name_families.append(tuple(sorted({f.family for f in norm.legal_forms})))
                    snap.name_places.append(norm.places)
                    for token in set(norm.tokens):
                        postings.setdefault(token, []).append(n)
                        entity_tokens.add(token)
                    for lat, tok in zip(norm.latin, norm.tokens):
                        if lat != tok:
                            spellings.setdefault(lat, set()).add(tok)
            for token in entity_tokens:
                df[token] = df.get(token, 0) + 1
            snap.entity_id.append(entity.id)
            snap.entity_schema.append(entity.schema)
            snap.entity_list.append(entity.list_id)
            snap.entity_caption.append(entity.names[0].value.strip() if entity.names else entity.id)
            snap.entity_countries.append(tuple(sorted({c.upper() for c in entity.countries if c})))
            snap.entity_birth_years.append(birth_years(entity.birth_dates))
            snap.entity_birth_dates.append(tuple(entity.birth_dates))
            idents = []
            for ident in entity.identifiers:
                keys = identifier_keys(ident.value)
                if not keys:
                    continue
                idents.append((ident.type, ident.value, keys[0]))
                for key in keys:
                    identifiers.setdefault(key, set()).add(e)
            snap.entity_identifiers.append(tuple(idents))
            snap.entity_programs.append(tuple(entity.programs))
            snap.entity_addresses.append(tuple(entity.addresses))
            addr_tokens = tuple(_address_tokens(a) for a in entity.addresses if a)
            snap.entity_address_tokens.append(addr_tokens)
            for tokens in addr_tokens:
                for token in tokens:
                    address_postings.setdefault(token, set()).add(e)
                key = address_key(tokens)
                if key:
                    address_exact.setdefault(key, set()).add(e)
    snap.token_df = df
    snap.postings = {t: tuple(ids) for t, ids in postings.items()}
    skeletons: dict[str, list[str]] = {}
    deletes: dict[str, list[str]] = {}
    # Typo and phonetic keys come from the comparison tokens *and* from the spellings folded
    # into them, so "Mohatmad" still reaches "mohammed" through the listed "Mohammad".
    sources: list[tuple[str, str]] = [(t, t) for t in postings]
    sources.extend((lat, tok) for lat, toks in spellings.items() for tok in toks)
    for spelled, token in sources:
        skeletons.setdefault(skeleton(spelled), []).append(token)
        if len(spelled) >= MIN_DELETE_LEN and not spelled.isdigit():
            for key in deletion_keys(spelled):
                deletes.setdefault(key, []).append(token)
    snap.skeletons = {k: tuple(dict.fromkeys(v)) for k, v in skeletons.items()}
    snap.deletes = {k: tuple(dict.fromkeys(v)) for k, v in deletes.items()}
    snap.identifiers = {k: tuple(sorted(v)) for k, v in identifiers.items()}
    # Address tokens shared by many entities (city names, "street") say nothing about identity.
    limit = max(50, len(snap.entity_id) // 500)
    snap.address_postings = {k: tuple(sorted(v)) for k, v in address_postings.items() if len(v) <= limit}
    snap.address_exact = {k: tuple(sorted(v)) for k, v in address_exact.items()}
    return snap


# ---------------------------------------------------------------------------------------------
# Files

_PAYLOAD_FIELDS = tuple(
    f for f in Snapshot.__dataclass_fields__ if not f.startswith("_")
)


def write_snapshot(snap: Snapshot, path: str | Path, *, extra_header: dict[str, Any] | None = None) -> Path:
    """Write atomically (temp file + rename): a reader never sees half a snapshot."""
    path = Path(path)
    payload = pickle.dumps({f: getattr(snap, f) for f in _PAYLOAD_FIELDS}, protocol=pickle.HIGHEST_PROTOCOL)
    header = {
        "format": FORMAT,
        "version": snap.version,
        "content_hash": snap.content_hash,
        "built_at": snap.built_at,
        "tables_version": snap.tables_version,
        "entities": snap.entity_count,
        "names": snap.name_count,
        "sources": list(snap.sources),
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_bytes": len(payload),
        **(extra_header or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC)
            fh.write(orjson.dumps(header))
            fh.write(b"\n")
            fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def read_header(path: str | Path) -> dict[str, Any]:
    """The JSON header of a snapshot file (cheap: does not read the payload)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(len(MAGIC))
            if magic != MAGIC:
                raise SnapshotError(f"{path}: not a tradescreen list snapshot (bad magic)")
            line = fh.readline(1 << 22)
    except OSError as exc:
        raise SnapshotError(f"{path}: cannot read snapshot: {exc}") from exc
    try:
        header = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise SnapshotError(f"{path}: corrupted snapshot header: {exc}") from exc
    if not isinstance(header, dict):
        raise SnapshotError(f"{path}: corrupted snapshot header")
    return header


def is_snapshot_file(path: str | Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def read_snapshot(path: str | Path) -> Snapshot:
    """Load and verify a snapshot; any mismatch raises ``SnapshotError`` (never half-loaded)."""
    path = Path(path)
    header = read_header(path)
    if header.get("format") != FORMAT:
        raise SnapshotError(
            f"{path}: snapshot format {header.get('format')} is not the supported format {FORMAT}; rebuild it"
        )
    if header.get("tables_version") != tables_version():
        # Its names were normalised by another release: queries normalised by this one
        # would silently miss wherever the two differ.
        raise SnapshotError(
            f"{path}: snapshot built with normalisation {header.get('tables_version')}, this release has "
            f"{tables_version()}; rebuild it with `tradescreen lists build`"
        )
    with open(path, "rb") as fh:
        fh.readline()
        fh.readline()
        payload = fh.read()
    if len(payload) != header.get("payload_bytes"):
        raise SnapshotError(
            f"{path}: snapshot truncated or padded: {len(payload)} payload bytes, header says {header.get('payload_bytes')}"
        )
    if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        raise SnapshotError(f"{path}: snapshot checksum mismatch (corrupted file)")
    try:
        fields = pickle.loads(payload)
        snap = Snapshot(**fields)
    except Exception as exc:  # noqa: BLE001 - any unpickling problem is a bad snapshot
        raise SnapshotError(f"{path}: snapshot payload unreadable: {type(exc).__name__}: {exc}") from exc
    if snap.version != header.get("version"):
        raise SnapshotError(f"{path}: snapshot header and payload versions differ")
    return snap


# ---------------------------------------------------------------------------------------------
# Entry points for the service and the CLI


def default_shared_data() -> Path:
    env = os.environ.get("TRADESCREEN_SHARED_DATA")
    if env:
        return Path(env)
    return (Path(__file__).resolve().parents[2] / ".." / "shared" / "data").resolve()


def build_from_paths(paths: Iterable[str | Path]) -> Snapshot:
    """Load list files/directories (directories are searched like the shared data dir) and index them."""
    from lists.sources.registry import discover_shared_lists, load_all

    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            base = p if (p / "lists").is_dir() else None
            if base is not None:
                files.extend(discover_shared_lists(base))
            else:
                files.extend(_discover_in(p))
        else:
            files.append(p)
    return build_snapshot(load_all(files))


def _discover_in(directory: Path) -> list[Path]:
    """List files under a directory that is not itself a shared-data root."""
    from lists.sources.registry import discover_list_files

    return discover_list_files(directory)


def build_default(shared_data: str | Path | None = None) -> Snapshot:
    """Every shared list (``discover_shared_lists``) compiled into one snapshot."""
    from lists.sources.registry import discover_shared_lists, load_all

    root = Path(shared_data) if shared_data else default_shared_data()
    return build_snapshot(load_all(discover_shared_lists(root)))


def load_lists(paths: Sequence[str | Path]) -> Snapshot:
    """A snapshot from either one snapshot file or list files/directories (the ``--lists`` option)."""
    if len(paths) == 1 and Path(paths[0]).is_file() and is_snapshot_file(paths[0]):
        return read_snapshot(paths[0])
    for p in paths:
        if Path(p).is_file() and is_snapshot_file(p):
            raise SnapshotError(f"{p}: a snapshot cannot be combined with other list files")
    return build_from_paths(paths)


def load_or_build_default(
    snapshot: str | Path | None = None,
    *,
    shared_data: str | Path | None = None,
    cache: str | Path | None = None,
) -> Snapshot:
    """The snapshot the worker screens with.

    * ``snapshot`` given: load it (``SnapshotError`` if unusable: the caller fails closed).
    * otherwise: reuse ``cache`` if it is a valid snapshot of exactly the current shared
      lists (same content hash), else build from every shared list and write ``cache``.
    """
    if snapshot:
        return read_snapshot(snapshot)
    from lists.sources.registry import discover_shared_lists, load_all

    root = Path(shared_data) if shared_data else default_shared_data()
    paths = discover_shared_lists(root)
    fingerprint = inputs_fingerprint(paths)
    if cache and Path(cache).is_file():
        try:
            header = read_header(cache)
            if (header.get("format") == FORMAT and header.get("tables_version") == tables_version()
                    and header.get("inputs") == fingerprint):
                return read_snapshot(cache)
        except (SnapshotError, OSError):
            pass  # a stale or broken cache is rebuilt, never trusted
    snap = build_snapshot(load_all(paths))
    if cache:
        try:
            write_snapshot(snap, cache, extra_header={"inputs": fingerprint})
        except OSError:
            pass  # a cache we cannot write only costs start-up time
    return snap


def inputs_fingerprint(paths: Iterable[Path]) -> str:
    """Cheap identity of the list files (and their sibling set parts): path, size, mtime."""
    digest = hashlib.sha256(f"format={FORMAT};tables={tables_version()}".encode())
    # The code that reads and normalises the lists is an input too: a new loader or a
    # changed normaliser must invalidate a cached snapshot.
    here = Path(__file__).resolve().parents[1]
    for code in sorted([*here.glob("sources/*.py"), *here.glob("names/*.py"), Path(__file__).resolve()]):
        digest.update(code.name.encode())
        digest.update(hashlib.sha256(code.read_bytes()).digest())
    files: set[Path] = set()
    for p in paths:
        p = Path(p).resolve()
        files.add(p)
        if p.parent.is_dir():
            files.update(f for f in p.parent.iterdir() if f.is_file())
    for f in sorted(files):
        st = f.stat()
        digest.update(f"{f}|{st.st_size}|{st.st_mtime_ns};".encode())
    return digest.hexdigest()
