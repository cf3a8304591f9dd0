"""OpenSanctions targets.simple.csv and FollowTheMoney JSON lines."""

from __future__ import annotations

from collections import Counter

from .conftest import loaded


def test_targets_counts_match_provenance():
    ua = loaded("opensanctions/ua_war_sanctions.targets.simple.csv")
    assert ua.source.list_id == "os_ua_war"
    assert ua.source.entity_count == 5_600
    assert Counter(e.schema for e in ua.entities) == {"Person": 1_543, "Company": 1_524, "Vessel": 1_340, "LegalEntity": 1_193}
    countries = Counter(c for e in ua.entities for c in e.countries)
    assert (countries["RU"], countries["PA"], countries["LR"], countries["MH"], countries["HK"]) == (2_824, 574, 571, 544, 330)
    assert ua.source.published == "2026-03-13"


def test_vessel_imo_numbers_are_typed():
    ua = loaded("opensanctions/ua_war_sanctions.targets.simple.csv")
    rosalin = next(e for e in ua.entities if e.source_id == "NK-24cf2zYe7LEKhr2zFck73j")
    assert rosalin.schema == "Vessel"
    assert ("IMO", "9253325") in {(i.type, i.value) for i in rosalin.identifiers}
    assert {"Ceram Sea", "Gold Sun", "Nurkez"} <= {n.value for n in rosalin.names}
    assert rosalin.programs == ("UA-WS-MARE",)


def test_ftm_sample_loads_parties_and_skips_the_address_entity():
    ftm = loaded("opensanctions/sample.entities.ftm.json")
    assert ftm.source.list_id == "os_ftm"
    # 7 entities in the file: 2 Organization, 4 Person, 1 Address (not a party)
    assert Counter(e.schema for e in ftm.entities) == {"Organization": 2, "Person": 4}
    assert ftm.source.published == "2024-06-01"


def test_ftm_names_registration_numbers_and_native_scripts():
    ftm = loaded("opensanctions/sample.entities.ftm.json")
    tob = next(e for e in ftm.entities if e.source_id == "NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert tob.names[0] == tob.names[0].__class__("RAB „Inter Tobacco“", "primary", "strong")
    assert len(tob.names) == 12
    assert any(n.kind == "native" and "Интер" in n.value for n in tob.names)
    assert tob.countries == ("BY",)
    assert ("Registration ID", "808000714") in {(i.type, i.value) for i in tob.identifiers}
    # its addressEntity points at an Address not in the sample: kept as unresolved, not invented
    assert tob.properties["address_entity_unresolved"]
    kuz = next(e for e in ftm.entities if e.source_id == "NK-2Ka3UvopqbpZmVDFjWd4LA")
    assert kuz.birth_dates == ("1971-01-22",) and kuz.countries == ("RU",)
    assert ("Tax ID", "366510784303") in {(i.type, i.value) for i in kuz.identifiers}
