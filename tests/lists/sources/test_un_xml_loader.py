"""UN Security Council consolidated XML."""

from __future__ import annotations

from .conftest import by_source_id, loaded


def test_counts_match_provenance():
    un = loaded("un/consolidated.xml")
    schemas = [e.schema for e in un.entities]
    assert schemas.count("Person") == 730
    assert schemas.count("Organization") == 273
    assert un.source.published == "2026-02-27"
    assert un.source.list_id == "un_sc"


def test_dprk_individual_with_passport_nationality_and_dob():
    ri = by_source_id(loaded("un/consolidated.xml"), "6908555")  # KPi.033
    assert ri.names[0].value == "RI WON HO"
    assert ri.properties["reference_number"] == ("KPi.033",)
    assert ri.countries == ("KP",)
    assert ri.birth_dates == ("1964-07-17",)
    assert ("Passport", "381310014") in {(i.type, i.value) for i in ri.identifiers}
    assert ri.programs == ("DPRK",)


def test_original_script_names_are_native_kind():
    un = loaded("un/consolidated.xml")
    natives = [n for e in un.entities for n in e.names if n.kind == "native"]
    assert len(natives) >= 370
    assert any("\u0600" <= ch <= "\u06ff" for n in natives for ch in n.value)  # Arabic script


def test_alias_quality_maps_to_strength():
    e = by_source_id(loaded("un/consolidated.xml"), "6907997")
    q = {n.value: (n.kind, n.quality) for n in e.names}
    assert q["Jérôme Kakwavu"] == ("aka", "strong")  # QUALITY Good
    assert q["Commandant Jérôme"] == ("aka", "weak")  # QUALITY Low


def test_values_are_trimmed_and_entities_named_from_first_name():
    un = loaded("un/consolidated.xml")
    assert all(n.value == n.value.strip() for e in un.entities for n in e.names)
    adf = by_source_id(un, "6908402")
    assert adf.schema == "Organization" and adf.names[0].value == "ADF"
    assert "CD" in adf.countries


def test_history_snapshots_load_with_their_own_dates():
    from lists.sources.un_xml import load_un_xml

    from .conftest import LISTS

    for name, date, persons, orgs in (
        ("consolidated-2025-04-19.xml", "2025-04-19", 684, 193),
        ("consolidated-2018-10-29.xml", "2018-10-29", 703, 390),
    ):
        old = load_un_xml(LISTS / "un" / "history" / name)
        assert old.source.published == date
        assert sum(1 for e in old.entities if e.schema == "Person") == persons
        assert sum(1 for e in old.entities if e.schema == "Organization") == orgs
