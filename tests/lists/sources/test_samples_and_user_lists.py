"""Hand-made samples (EU FSF XML, METI EUL) and the user list formats."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from lists.sources.common import ListLoadError
from lists.sources.registry import detect_kind, load_source
from lists.sources.user_list import load_user_list

from .conftest import REPO

SAMPLES = REPO / "lists" / "samples"


def test_samples_say_they_are_hand_made():
    assert "HAND-MADE SAMPLE" in (SAMPLES / "eu_fsf_sample.xml").read_text(encoding="utf-8")[:400]
    assert (SAMPLES / "meti_eul_sample.csv").read_text(encoding="utf-8").startswith("HAND-MADE SAMPLE")


def test_eu_fsf_xml_sample():
    eu = load_source(SAMPLES / "eu_fsf_sample.xml")
    assert detect_kind(SAMPLES / "eu_fsf_sample.xml") == "eu_xml"
    assert eu.source.list_id == "eu_fsf" and eu.source.published == "2026-01-27"
    ents = {e.source_id: e for e in eu.entities}
    assert set(ents) == {"13", "5492", "135909"}
    saddam = ents["13"]
    assert saddam.schema == "Person" and saddam.countries == ("IQ",) and saddam.birth_dates == ("1937-04-28",)
    assert {(n.value, n.quality) for n in saddam.names} >= {("Saddam Hussein Al-Tikriti", "strong"), ("Abu Ali", "weak")}
    putin = ents["135909"]
    assert ("Владимир Владимирович ПУТИН", "native") in {(n.value, n.kind) for n in putin.names}
    assert ("Passport", "RU") in {(i.type, i.country) for i in putin.identifiers}
    assert putin.programs == ("UKR",)
    komid = ents["5492"]
    assert komid.schema == "Organization" and komid.countries == ("KP",)
    assert komid.properties["un_reference_number"] == ("KPe.001",)


def test_eu_xml_ids_agree_with_the_merged_json():
    from .conftest import loaded

    merged = {e.id for e in loaded("eu/eu_un_ofac_merged.json").entities}
    sample = {e.id for e in load_source(SAMPLES / "eu_fsf_sample.xml").entities}
    assert sample <= merged


def _meti_checks(lst) -> None:
    assert lst.source.list_id == "jp_meti_eul"
    assert lst.source.entity_count == 11
    assert lst.source.published == "2025-01-31"
    by_name = {e.names[0].value: e for e in lst.entities}
    ssrc = by_name["Scientific Studies and Research Center"]
    assert ssrc.countries == ("SY",)
    assert ssrc.properties["wmd_concern"] == ("B", "C", "M")
    assert {"SSRC", "CERS"} <= {n.value for n in ssrc.names}
    krl = by_name["Khan Research Laboratories"]
    assert krl.properties["wmd_concern"] == ("M", "N") and krl.countries == ("PK",)
    assert by_name["Korea Mining Development Trading Corporation"].countries == ("KP",)


def test_meti_eul_sample_csv():
    assert detect_kind(SAMPLES / "meti_eul_sample.csv") == "meti_eul"
    _meti_checks(load_source(SAMPLES / "meti_eul_sample.csv"))


def test_meti_eul_sample_as_xlsx_loads_the_same(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    with open(SAMPLES / "meti_eul_sample.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            ws.append([int(c) if c.isdigit() else c for c in row])
    p = tmp_path / "eul.xlsx"
    wb.save(p)
    assert detect_kind(p) == "meti_eul"
    from_xlsx = load_source(p)
    _meti_checks(from_xlsx)
    assert from_xlsx.entities == load_source(SAMPLES / "meti_eul_sample.csv").entities


def test_user_csv_example():
    lst = load_source(SAMPLES / "user_list_example.csv")
    assert lst.source.list_id == "user:user_list_example"
    ents = {e.source_id: e for e in lst.entities}
    acme = ents["c-001"]
    assert acme.id == "user:user_list_example:c-001" and acme.schema == "Organization"
    assert acme.countries == ("AE", "IR")
    assert ("Registration ID", "FZE-12345") in {(i.type, i.value) for i in acme.identifiers}
    petrov = ents["c-002"]
    assert ("Иван Петров", "native") in {(n.value, n.kind) for n in petrov.names}
    assert petrov.birth_dates == ("1970-05-01", "1971")
    assert ("IMO", "9123456") in {(i.type, i.value) for i in ents["c-003"].identifiers}


def test_user_jsonl_example():
    lst = load_source(SAMPLES / "user_list_example.jsonl")
    ents = {e.source_id: e for e in lst.entities}
    assert ents["c-101"].schema == "Company" and ents["c-101"].countries == ("HK", "RU")
    li = ents["c-102"]
    assert li.countries == ("CN",) and li.birth_dates == ("1980-02",)
    assert ("李伟", "native") in {(n.value, n.kind) for n in li.names}


def test_user_ftm_jsonl(tmp_path: Path):
    p = tmp_path / "my_watchlist.jsonl"
    lines = [
        {"id": "w1", "schema": "Company", "properties": {"name": ["Blue Lotus Trading"], "alias": ["Blue Lotus"], "country": ["ae"]}},
        {"id": "w2", "schema": "Person", "properties": {"name": ["Oleg SMIRNOV"], "birthDate": ["1975"]}},
    ]
    p.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    lst = load_user_list(p)
    assert lst.source.list_id == "user:my_watchlist"
    ents = {e.source_id: e for e in lst.entities}
    assert ents["w1"].id == "user:my_watchlist:w1"
    assert {n.value for n in ents["w1"].names} == {"Blue Lotus Trading", "Blue Lotus"}
    assert ents["w1"].countries == ("AE",) and ents["w2"].birth_dates == ("1975",)


def test_user_csv_errors_are_clear(tmp_path: Path):
    dup = tmp_path / "dup.csv"
    dup.write_text("id,name\n1,A\n1,B\n", encoding="utf-8")
    with pytest.raises(ListLoadError, match="duplicate id"):
        load_source(dup)
    no_name = tmp_path / "noname.csv"
    no_name.write_text("id,name\n1,\n", encoding="utf-8")
    with pytest.raises(ListLoadError, match="required"):
        load_source(no_name)
    bad_schema = tmp_path / "schema.csv"
    bad_schema.write_text("id,name,schema\n1,A,Spaceship\n", encoding="utf-8")
    with pytest.raises(ListLoadError, match="unknown schema"):
        load_source(bad_schema)
    missing = tmp_path / "missing.csv"
    missing.write_text("id,aliases\n1,A\n", encoding="utf-8")
    with pytest.raises(ListLoadError, match="missing required column"):
        load_source(missing, kind="user_csv")
