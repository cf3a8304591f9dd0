"""EU Consolidated Financial Sanctions names from a merged EU+UN+OFAC JSON file.

This is not an official format (see PROVENANCE.md): a third-party daily build that
merges the EU FSF XML with the UN and OFAC non-SDN lists, keeping names, aliases,
birth dates and identifiers only (no programmes, addresses or EU reference numbers).
The official EU XML has its own loader (``eu_xml``).

Records and double counting: records whose ``source`` includes ``EU`` (5,795, of which
420 are also UN-listed) load as ``eu_fsf:<EU logicalId>``. Records that come *only* from
the UN or only from OFAC are skipped by default, because those lists load from their
official files (``un_sc``, ``us_ofac_cons``) and would otherwise be counted twice; pass
``include_non_eu=True`` to keep them as ``eu_merged_un`` / ``eu_merged_ofac``.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from lists.parties.model import LoadedList
from lists.sources.common import EntityBuilder, ListLoadError, check_file, clean, is_latin, make_list, parse_date

LIST_ID = "eu_fsf"
NON_EU_LIST_IDS = {"UN": "eu_merged_un", "OFAC": "eu_merged_ofac"}
SCHEMA_BY_TYPE = {"individual": "Person", "entity": "Organization"}
#: identifier type as written in the merged file -> our type
IDENTIFIER_TYPES = {
    "passport": "Passport",
    "regnumber": "Registration ID",
    "fiscalcode": "Tax ID",
    "id": "National ID",
    "other": "Other ID",
    None: "ID",
}


def load_eu_merged_json(path: str | Path) -> LoadedList:
    """The EU records of the merged file as list ``eu_fsf``."""
    return _load(Path(path), include_non_eu=False)[0]


def load_eu_merged_json_all(path: str | Path) -> list[LoadedList]:
    """EU records plus the UN-only and OFAC-only records as ``eu_merged_un`` / ``eu_merged_ofac``."""
    return _load(Path(path), include_non_eu=True)


def _load(path: Path, *, include_non_eu: bool) -> list[LoadedList]:
    check_file(path)
    try:
        doc = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise ListLoadError(path, f"malformed JSON: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("entities"), list):
        raise ListLoadError(path, "not the merged EU JSON: no top-level 'entities' array")
    meta = doc.get("metadata") or {}
    published = parse_date(str(meta.get("generated", ""))[:10])

    groups: dict[str, list[EntityBuilder]] = {}
    for n, rec in enumerate(doc["entities"]):
        if not isinstance(rec, dict) or not clean(rec.get("name")):
            raise ListLoadError(path, f"record {n} has no name")
        sources = [str(s) for s in rec.get("source") or []]
        if "EU" in sources:
            list_id = LIST_ID
        elif include_non_eu and sources and sources[0] in NON_EU_LIST_IDS:
            list_id = NON_EU_LIST_IDS[sources[0]]
        else:
            continue
        groups.setdefault(list_id, []).append(_record(rec, list_id, sources, n))

    def wrap(list_id: str) -> LoadedList:
        return make_list(
            list_id=list_id,
            name="EU Consolidated Financial Sanctions List (names from merged JSON)"
            if list_id == LIST_ID else f"{list_id} records of the merged EU/UN/OFAC JSON",
            publisher="European Commission (DG FISMA), via a merged third-party build",
            paths=[path],
            entities=(b.build() for b in groups.get(list_id, [])),
            published=published,
        )

    if not include_non_eu:
        return [wrap(LIST_ID)]
    return [wrap(lid) for lid in (LIST_ID, *NON_EU_LIST_IDS.values()) if groups.get(lid)]


def _record(rec: dict, list_id: str, sources: list[str], n: int) -> EntityBuilder:
    sid = clean(rec.get("source_id")) or f"row{n}"
    schema = SCHEMA_BY_TYPE.get(clean(rec.get("type")).lower(), "LegalEntity")
    b = EntityBuilder(id=f"{list_id}:{sid}", schema=schema, list_id=list_id, source_id=sid)
    b.name(rec.get("name"))
    for alias in rec.get("aliases") or []:
        text = clean(alias)
        b.name(text, "aka" if is_latin(text) else "native", "strong")
    for d in rec.get("birthdates") or []:
        b.birth_date(parse_date(str(d)))  # the file holds some junk ("true", "4696-01-01"): dropped
    for ident in rec.get("identifiers") or []:
        if not isinstance(ident, dict):
            continue
        country = clean(ident.get("country")).upper()
        b.identifier(
            IDENTIFIER_TYPES.get(ident.get("type"), clean(ident.get("type"))),
            ident.get("number"),
            country if len(country) == 2 and country != "00" else None,
        )
    for s in sources:
        b.prop("merged_sources", s)
    return b
