"""OFAC SDN CSV set (sdn.csv + alt.csv + add.csv) read as published, Remarks structured."""

from __future__ import annotations

import csv

from lists.sources.ofac_csv import load_ofac_csv, parse_birth_dates, parse_remarks
from lists.sources.common import EntityBuilder

from .conftest import LISTS, by_source_id, loaded


def _rows(name: str) -> list[list[str]]:
    with open(LISTS / "ofac" / name, encoding="utf-8", newline="") as fh:
        return [r for r in csv.reader(fh) if len(r) > 1]


def test_sdn_entry_count_matches_provenance():
    sdn = loaded("ofac/sdn.csv")
    assert sdn.source.entity_count == 14_965
    assert sdn.source.list_id == "us_ofac_sdn"
    assert sdn.source.published == "2024-05-03"
    assert len({e.id for e in sdn.entities}) == 14_965


def test_every_alias_row_is_attached_to_its_entry():
    sdn = loaded("ofac/sdn.csv")
    names = {e.source_id: {n.value for n in e.names} for e in sdn.entities}
    rows = _rows("alt.csv")
    assert len(rows) == 17_533
    attached = [r for r in rows if " ".join(r[3].split()) in names[r[0].strip()]]
    assert len(attached) == 17_533


def test_every_address_row_is_attached_to_its_entry():
    sdn = loaded("ofac/sdn.csv")
    ents = {e.source_id: e for e in sdn.entities}
    rows = _rows("add.csv")
    assert len(rows) == 19_178
    assert all(r[0].strip() in ents for r in rows)
    with_street = [r for r in rows if r[2].strip() not in ("-0-", "")]
    assert all(any(" ".join(r[2].split()) in a for a in ents[r[0].strip()].addresses) for r in with_street)


def test_schemas_follow_sdn_type():
    sdn = loaded("ofac/sdn.csv")
    assert by_source_id(sdn, "2676").schema == "Person"
    assert by_source_id(sdn, "4243").schema == "Vessel"
    assert by_source_id(sdn, "36").schema == "Organization"
    assert {e.schema for e in sdn.entities} == {"Person", "Organization", "Vessel", "Aircraft"}


def test_person_dob_and_passport_parsed_from_remarks():
    zawahiri = by_source_id(loaded("ofac/sdn.csv"), "2676")
    assert zawahiri.names[0].value == "AL ZAWAHIRI, Dr. Ayman"  # kept as published
    assert "1951-06-19" in zawahiri.birth_dates
    passports = {(i.value, i.country) for i in zawahiri.identifiers if i.type == "Passport"}
    assert ("1084010", "EG") in passports
    assert ("19820215", None) in passports  # "alt. Passport 19820215" has no country
    assert zawahiri.programs == ("SDGT",)


def test_vessel_imo_and_weak_former_names_from_remarks():
    ebano = by_source_id(loaded("ofac/sdn.csv"), "4243")
    assert any(i.type == "IMO" and i.value == "7406784" for i in ebano.identifiers)
    fka = {n.value: (n.kind, n.quality) for n in ebano.names if n.kind == "fka"}
    assert fka == {"ANA I": ("fka", "weak"), "SAND SWAN": ("fka", "weak")}
    assert ebano.properties["flag"] == ("PA",)


def test_aliases_from_alt_csv_are_strong_and_remarks_aliases_weak():
    bnc = by_source_id(loaded("ofac/sdn.csv"), "306")
    kinds = {n.value: (n.kind, n.quality) for n in bnc.names}
    assert kinds["BANCO NACIONAL DE CUBA"] == ("primary", "strong")
    assert kinds["NATIONAL BANK OF CUBA"] == ("aka", "strong")
    assert kinds["BNC"] == ("aka", "weak")
    assert "CH" in bnc.countries  # from the Zurich address


def test_multi_programme_field_is_split():
    sdn = loaded("ofac/sdn.csv")
    multi = [e for e in sdn.entities if len(e.programs) > 1]
    assert multi
    assert not any("]" in p or "[" in p for e in multi for p in e.programs)


def test_nationality_and_linked_to_are_structured():
    sdn = loaded("ofac/sdn.csv")
    with_nat = [e for e in sdn.entities if "nationality" in e.properties]
    assert len(with_nat) > 3000
    assert all(len(c) == 2 for e in with_nat for c in e.countries)
    assert sum(1 for e in sdn.entities if "linked_to" in e.properties) > 3000


def test_birth_date_formats():
    assert parse_birth_dates("01 Jan 1960") == (["1960-01-01"], True)
    assert parse_birth_dates("Jan 1960") == (["1960-01"], True)
    assert parse_birth_dates("1960") == (["1960"], True)
    assert parse_birth_dates("circa 1960") == (["1960"], True)
    assert parse_birth_dates("1960 to 1962") == (["1960", "1961", "1962"], True)
    assert parse_birth_dates("01 Jan 1960 to 31 Dec 1961") == (["1960", "1961"], True)
    assert parse_birth_dates("sometime") == ([], False)


def test_remarks_parser_on_a_composed_remark():
    b = EntityBuilder(id="t:1", schema="Person", list_id="t")
    parse_remarks(
        "DOB 12 Mar 1970; alt. DOB circa 1971; nationality Iran; citizen Russia; "
        "Passport A1234567 (Iran) issued 01 Jan 2010 expires 01 Jan 2020; "
        "a.k.a. 'JOHNNY'; Website www.example.com; Email Address a@b.c; "
        "Linked To: SOME COMPANY LLC; Tax ID No. 7701234567 (Russia); Gender Male.",
        b,
    )
    e = b.build()
    assert e.birth_dates == ("1970-03-12", "1971")
    assert e.countries == ("IR", "RU")
    assert ("Passport", "A1234567", "IR") in {(i.type, i.value, i.country) for i in e.identifiers}
    assert ("Tax ID", "7701234567", "RU") in {(i.type, i.value, i.country) for i in e.identifiers}
    assert e.names[0].value == "JOHNNY" and e.names[0].quality == "weak"
    assert e.properties["linked_to"] == ("SOME COMPANY LLC",)
    assert e.properties["website"] == ("www.example.com",)
    assert e.properties["email"] == ("a@b.c",)


def test_history_snapshot_loads_alone_with_its_own_date():
    old = load_ofac_csv(LISTS / "ofac" / "history" / "sdn-2023-11-02.csv")
    assert old.source.entity_count == 13_320
    assert old.source.published == "2023-11-02"


def test_doubled_quotes_around_remark_aliases_are_removed_but_ayin_kept():
    ghailani = by_source_id(loaded("ofac/sdn.csv"), "6925")
    names = {n.value for n in ghailani.names if n.quality == "weak"}
    assert {"FOOPIE", "FUPI", "AHMED THE TANZANIAN", "AHMED, A."} <= names
    assert "1974-03-14" in ghailani.birth_dates and ghailani.countries == ("TZ",)
