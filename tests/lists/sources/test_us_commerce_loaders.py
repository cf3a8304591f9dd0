"""BIS Denied Persons List and the Consolidated Screening List excerpts."""

from __future__ import annotations

import csv
from collections import Counter

from lists.sources.bis_dpl import group_key

from .conftest import LISTS, loaded


def _dpl_rows() -> list[list[str]]:
    with open(LISTS / "us_bis" / "dpl.txt", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t"))[1:]


def test_every_dpl_order_row_lands_on_one_entity():
    dpl = loaded("us_bis/dpl.txt")
    rows = _dpl_rows()
    assert len(rows) == 581
    assert sum(len(e.properties["order_rows"]) for e in dpl.entities) == 581
    assert dpl.source.entity_count == len({group_key(r[0]) for r in rows})
    assert dpl.source.published == "2022-09-02"


def test_same_person_on_several_orders_is_one_entity():
    dpl = loaded("us_bis/dpl.txt")
    ash = [e for e in dpl.entities if e.names[0].value == "I. ASH"]  # published with a leading space
    assert len(ash) == 1
    e = ash[0]
    assert e.id == "us_bis_dpl:i-ash"
    assert len(e.properties["order_rows"]) == 3
    assert len(e.addresses) == 3 and e.countries == ("US",)  # empty Country + US state -> US
    assert "2056-06-29" in e.properties["order_expiration_date"]


def test_dpl_schema_is_guessed_and_marked():
    dpl = loaded("us_bis/dpl.txt")
    kinds = Counter(e.schema for e in dpl.entities)
    assert kinds["Person"] > 0 and kinds["Organization"] > 0
    assert all(e.properties["schema_guessed"] == ("true",) for e in dpl.entities)
    air = next(e for e in dpl.entities if e.names[0].value == "AIR FREIGHT LTD")
    assert air.schema == "Organization"


def test_csl_rows_all_loaded_from_both_layouts():
    for rel, rows in (("us_csl/consolidated-sample-2025.csv", 13), ("us_csl/csl-sample-2019.csv", 115)):
        lst = loaded(rel)
        with open(LISTS / rel, encoding="utf-8-sig", newline="") as fh:
            recs = list(csv.DictReader(fh))
        assert len(recs) == rows
        names = {n.value for e in lst.entities for n in e.names}
        assert all(" ".join(r["name"].split()) in names for r in recs)
        assert lst.source.list_id == "us_csl"


def test_csl_ids_are_the_same_across_layouts():
    new, old = loaded("us_csl/consolidated-sample-2025.csv"), loaded("us_csl/csl-sample-2019.csv")
    new_ids, old_ids = {e.id for e in new.entities}, {e.id for e in old.entities}
    assert "us_csl:PLC-9673" in new_ids and "us_csl:PLC-9673" in old_ids


def test_csl_identifiers_typed_in_both_id_layouts():
    new = {e.source_id: e for e in loaded("us_csl/consolidated-sample-2025.csv").entities}
    rim = new["SDN-52291"]  # "Passport, 836238033, KP"
    assert ("Passport", "836238033", "KP") in {(i.type, i.value, i.country) for i in rim.identifiers}
    assert rim.birth_dates == ("1978-12-05",) and "KP" in rim.countries
    assert rim.properties["source_list"] == ("SDN",)
    old = {e.source_id: e for e in loaded("us_csl/csl-sample-2019.csv").entities}
    assert ("Tax ID", "80-0890696", "US") in {(i.type, i.value, i.country) for i in old["SDN-20264"].identifiers}
    vessel = old["SDN-23156"]  # "IMO 8898831, Vessel Registration Identification"
    assert vessel.schema == "Vessel"
    assert ("IMO", "8898831") in {(i.type, i.value) for i in vessel.identifiers}
    assert vessel.properties["linked_to"] == ("YUSONG SHIPPING CO",)


def test_csl_rows_of_one_party_are_merged():
    old = loaded("us_csl/csl-sample-2019.csv")
    migeotte = [e for e in old.entities if e.names[0].value == "Gunther Migeotte"]
    assert len(migeotte) == 1 and len(migeotte[0].addresses) >= 5  # 5 rows, some with several addresses
