"""UK OFSI ConList: one row per name variant, grouped by Group ID; xlsx and csv.gz agree."""

from __future__ import annotations

import csv
import gzip

from lists.sources.uk_conlist import enumerated, other_information

from .conftest import LISTS, by_source_id, loaded


def test_targets_and_rows_match_provenance():
    uk = loaded("uk/ConList.csv.gz")
    assert uk.source.entity_count == 4_686
    assert uk.source.published == "2025-04-10"
    with gzip.open(LISTS / "uk" / "ConList.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[2:]
    assert len(rows) == 18_796
    assert len({r[-1] for r in rows}) == uk.source.entity_count


def test_group_types_map_to_schemas():
    uk = loaded("uk/ConList.csv.gz")
    counts = {s: sum(1 for e in uk.entities if e.schema == s) for s in ("Person", "Organization", "Vessel")}
    assert sum(counts.values()) == 4_686
    assert counts["Vessel"] > 0 and counts["Person"] > counts["Organization"] > counts["Vessel"]


def test_xlsx_and_csv_editions_load_identically():
    xlsx, csvgz = loaded("uk/ConList.xlsx"), loaded("uk/ConList.csv.gz")
    assert xlsx.entities == csvgz.entities
    assert xlsx.source.published == csvgz.source.published


def test_group_with_cyrillic_variant():
    e = by_source_id(loaded("uk/ConList.csv.gz"), "14241")
    assert e.names[0].value == "Khizri Magomedovich ABAKAROV" and e.names[0].kind == "primary"
    native = [n.value for n in e.names if n.kind == "native"]
    assert native == ["Хизри Магомедович Абакаров"]
    assert e.birth_dates == ("1960-06-28",)
    assert e.countries == ("RU",)
    assert e.properties["reference_number"] == ("RUS0296",)


def test_name_variants_and_alias_quality():
    uk = loaded("uk/ConList.csv.gz")
    mian = by_source_id(uk, "15672")
    kinds = {n.value: n.kind for n in mian.names}
    assert kinds["Mian MITHOO"] == "variation" and kinds["Mian MITHU"] == "variation"
    assert any(n.quality == "weak" for e in uk.entities for n in e.names)  # "Low quality" AKAs
    assert all(n.quality == "strong" for e in uk.entities for n in e.names if n.kind in ("primary", "variation"))


def test_ship_has_imo_and_flag():
    ship = by_source_id(loaded("uk/ConList.csv.gz"), "13651")
    assert ship.schema == "Vessel"
    assert ship.names[0].value == "SAM JONG 2"
    assert ("IMO", "7408873") in {(i.type, i.value) for i in ship.identifiers}
    assert ship.properties["flag"] == ("KP",)


def test_enumerated_cells_and_other_information():
    assert enumerated("(1) 223611 (2) C00146605") == ["223611", "C00146605"]
    assert enumerated("(1) Germany. (2) Morocco") == ["Germany", "Morocco"]
    assert enumerated("C389664") == ["C389664"]
    assert other_information("(UK Sanctions List Ref):RUS0001. (Gender):Male") == [
        ("uk sanctions list ref", "RUS0001"), ("gender", "Male")]
