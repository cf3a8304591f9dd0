"""EU records of the merged EU/UN/OFAC JSON (not an official format)."""

from __future__ import annotations

import json
from collections import Counter

from lists.sources.eu_merged_json import load_eu_merged_json_all

from .conftest import LISTS, by_source_id, loaded


def test_eu_records_match_provenance_counts():
    eu = loaded("eu/eu_un_ofac_merged.json")
    assert eu.source.list_id == "eu_fsf"
    assert eu.source.entity_count == 5_795
    assert sum(1 for e in eu.entities if e.schema == "Person") == 4_302
    assert sum(1 for e in eu.entities if e.schema == "Organization") == 1_493
    assert sum(1 for e in eu.entities if e.identifiers) == 1_668
    assert eu.source.published == "2026-01-28"


def test_every_eu_alias_is_attached():
    raw = json.loads((LISTS / "eu" / "eu_un_ofac_merged.json").read_text(encoding="utf-8"))
    eu_recs = [r for r in raw["entities"] if "EU" in r["source"]]
    assert sum(len(r["aliases"]) for r in eu_recs) == 23_786
    ents = {e.source_id: {n.value for n in e.names} for e in loaded("eu/eu_un_ofac_merged.json").entities}
    missing = [a for r in eu_recs for a in r["aliases"] if " ".join(a.split()) not in ents[r["source_id"]]]
    assert missing == []


def test_un_only_and_ofac_only_records_are_not_double_counted():
    eu = loaded("eu/eu_un_ofac_merged.json")
    assert all(e.id.startswith("eu_fsf:") for e in eu.entities)
    alls = {lst.source.list_id: lst.source.entity_count for lst in load_eu_merged_json_all(LISTS / "eu" / "eu_un_ofac_merged.json")}
    assert alls == {"eu_fsf": 5_795, "eu_merged_un": 578, "eu_merged_ofac": 441}


def test_junk_birth_dates_are_dropped_and_identifiers_typed():
    eu = loaded("eu/eu_un_ofac_merged.json")
    assert all(d[:4].isdigit() and 1800 <= int(d[:4]) <= 2200 for e in eu.entities for d in e.birth_dates)
    tariq = by_source_id(eu, "83")
    assert tariq.names[0].value == "Tariq Mikhail Aziz"
    assert tariq.birth_dates == ("1936-07-01",)
    assert ("Other ID", "34409/129", None) in {(i.type, i.value, i.country) for i in tariq.identifiers}


def test_non_latin_names_are_kept():
    eu = loaded("eu/eu_un_ofac_merged.json")
    assert any("\u0400" <= ch <= "\u04ff" for e in eu.entities for n in e.names for ch in n.value)
    putin = by_source_id(eu, "135909")
    assert ("Влади́мир Влади́мирович ПУ́ТИН", "native") in {(n.value, n.kind) for n in putin.names}
    assert ("Vladimir Vladimirovich PUTIN", "aka") in {(n.value, n.kind) for n in putin.names}


def test_per_source_tallies_match_the_file_metadata():
    raw = json.loads((LISTS / "eu" / "eu_un_ofac_merged.json").read_text(encoding="utf-8"))
    assert raw["metadata"]["by_source"] == {"EU": 5_795, "UN": 998, "OFAC": 442}
    eu = loaded("eu/eu_un_ofac_merged.json")
    also = Counter(s for e in eu.entities for s in e.properties["merged_sources"])
    assert also == {"EU": 5_795, "UN": 420, "OFAC": 1}
    # 998 UN = 420 kept on EU records + 578 UN-only; 442 OFAC = 1 on an EU record + 441 OFAC-only
