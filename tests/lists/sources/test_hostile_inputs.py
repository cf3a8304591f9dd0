"""Hostile, oversized and malformed list files stop the load with a clear ListLoadError."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from lists.sources.common import ListLoadError
from lists.sources.registry import load_source

from .conftest import LISTS

from tests.support.hostile_xml import BILLION_LAUGHS, XXE


XXE_PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY % ext SYSTEM "http://127.0.0.1:9/evil.dtd"> %ext; ]>
<export xmlns="http://eu.europa.ec/fpi/fsd/export"></export>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_billion_laughs_is_refused_not_expanded(tmp_path: Path):
    with pytest.raises(ListLoadError, match="DTD"):
        load_source(_write(tmp_path, "un.xml", BILLION_LAUGHS))


def test_external_entity_is_refused(tmp_path: Path):
    with pytest.raises(ListLoadError, match="DTD|entit|external"):
        load_source(_write(tmp_path, "un.xml", XXE))


def test_external_parameter_entity_is_refused(tmp_path: Path):
    with pytest.raises(ListLoadError, match="DTD|entit|external"):
        load_source(_write(tmp_path, "eu.xml", XXE_PARAMETER), kind="eu_xml")


def test_truncated_xml_is_refused(tmp_path: Path):
    head = (LISTS / "un" / "consolidated.xml").read_bytes()[:50_000]
    p = tmp_path / "consolidated.xml"
    p.write_bytes(head)
    with pytest.raises(ListLoadError, match="malformed or truncated"):
        load_source(p)


def test_file_over_the_size_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TRADESCREEN_LIST_MAX_BYTES", "100000")
    with pytest.raises(ListLoadError, match="over the 100,000-byte cap"):
        load_source(LISTS / "un" / "consolidated.xml")


def test_empty_file_is_refused(tmp_path: Path):
    p = tmp_path / "sdn.csv"
    p.write_bytes(b"")
    with pytest.raises(ListLoadError, match="empty"):
        load_source(p)


def test_csv_missing_required_columns_is_refused(tmp_path: Path):
    p = _write(tmp_path, "csl.csv", "source,alt_names,type\nEntity List (EL),X,Entity\n")
    with pytest.raises(ListLoadError, match="missing required column.*name"):
        load_source(p, kind="csl")


def test_uk_conlist_without_group_id_is_refused(tmp_path: Path):
    p = tmp_path / "ConList.csv.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write("Last Updated,10/04/2025\r\nName 6,Group Type,Alias Type\r\nX,Entity,Primary name\r\n")
    with pytest.raises(ListLoadError, match="missing required column.*Group ID"):
        load_source(p)


def test_ofac_csv_with_too_few_columns_is_refused(tmp_path: Path):
    p = _write(tmp_path, "sdn.csv", '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n')
    with pytest.raises(ListLoadError, match="columns"):
        load_source(p)


def test_malformed_json_is_refused(tmp_path: Path):
    p = _write(tmp_path, "merged.json", '{"metadata": {"by_source": {}}, "entities": [ {"name": "X",')
    with pytest.raises(ListLoadError, match="malformed JSON"):
        load_source(p)


def test_bad_gzip_is_refused(tmp_path: Path):
    p = tmp_path / "ConList.csv.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage-not-a-gzip-stream")
    with pytest.raises(ListLoadError):
        load_source(p, kind="uk_conlist")


def test_fake_xlsx_is_refused(tmp_path: Path):
    p = tmp_path / "ConList.xlsx"
    p.write_bytes(b"this is not a zip container")
    with pytest.raises(ListLoadError, match="xlsx|zip"):
        load_source(p)


def test_xml_of_unknown_list_is_refused(tmp_path: Path):
    with pytest.raises(ListLoadError, match="unknown list format"):
        load_source(_write(tmp_path, "x.xml", "<?xml version='1.0'?><catalog><book/></catalog>"))


def test_xml_without_entries_is_refused(tmp_path: Path):
    with pytest.raises(ListLoadError, match="no entries"):
        load_source(_write(tmp_path, "un.xml", "<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>"))


def test_gzip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    p = tmp_path / "ConList.csv.gz"
    with gzip.open(p, "wb") as fh:
        fh.write(b"Last Updated,10/04/2025\r\n" + b"A" * 5_000_000)  # packs to a few kB
    monkeypatch.setenv("TRADESCREEN_LIST_MAX_BYTES", "1000000")
    assert p.stat().st_size < 1_000_000
    with pytest.raises(ListLoadError, match="unpacks to over"):
        load_source(p)
