"""OFAC XML edition (consolidated.xml) and the same list's CSV edition (cons_*.csv)."""

from __future__ import annotations

import csv
import re

from .conftest import LISTS, by_source_id, loaded


def test_consolidated_xml_counts_match_provenance():
    xml = loaded("ofac/consolidated.xml")
    assert xml.source.list_id == "us_ofac_cons"
    assert xml.source.entity_count == 442
    assert sum(1 for e in xml.entities if e.schema == "Organization") == 363
    assert sum(1 for e in xml.entities if e.schema == "Person") == 79
    assert xml.source.published == "2026-01-08"  # Publish_Date 01/08/2026 is MM/DD/YYYY


def test_every_aka_is_attached_with_its_strength():
    text = (LISTS / "ofac" / "consolidated.xml").read_text(encoding="utf-8")
    assert text.count("<aka>") == 1_144
    xml = loaded("ofac/consolidated.xml")
    weak = sum(1 for e in xml.entities for n in e.names if n.quality == "weak")
    assert weak == len(re.findall(r"<category>weak</category>", text)) == 72
    assert sum(len(e.names) - 1 for e in xml.entities) >= 1_143  # one aka repeats its entry's name


def test_individual_name_written_like_the_csv_edition():
    haniya = by_source_id(loaded("ofac/consolidated.xml"), "9639")
    assert haniya.names[0].value == "HANIYA, Ismail Abdul Salah"
    assert haniya.birth_dates == ("1962",)
    assert haniya.programs == ("NS-PLC",)


def test_csv_edition_of_the_same_list_agrees_on_entries():
    csv_ed, xml_ed = loaded("ofac/cons_prim.csv"), loaded("ofac/consolidated.xml")
    assert csv_ed.source.entity_count == 442
    assert {e.id for e in csv_ed.entities} == {e.id for e in xml_ed.entities}
    names = {e.source_id: {n.value for n in e.names} for e in csv_ed.entities}
    with open(LISTS / "ofac" / "cons_alt.csv", encoding="utf-8", newline="") as fh:
        alts = [r for r in csv.reader(fh) if len(r) > 3]
    assert len(alts) == 1_073
    assert all(" ".join(r[3].split()) in names[r[0].strip()] for r in alts)
    with open(LISTS / "ofac" / "cons_add.csv", encoding="utf-8", newline="") as fh:
        adds = [r for r in csv.reader(fh) if len(r) > 3]
    assert len(adds) == 574 and all(r[0].strip() in names for r in adds)


def test_xml_id_list_goes_through_the_remark_table():
    xml = loaded("ofac/consolidated.xml")
    types = {i.type for e in xml.entities for i in e.identifiers}
    assert {"Tax ID", "Registration ID", "ISIN", "USCC"} <= types
    assert sum(1 for e in xml.entities if "website" in e.properties) > 100
    assert sum(1 for e in xml.entities if "linked_to" in e.properties) > 100
