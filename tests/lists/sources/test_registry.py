"""Format detection, discovery of the shared lists, loading everything once."""

from __future__ import annotations

from pathlib import Path

import pytest

from lists.sources.registry import detect_kind, discover_shared_lists, load_source
from lists.sources.common import ListLoadError

from .conftest import LISTS, loaded, shared_data_dir


def test_discovery_skips_history_and_ofac_set_parts():
    paths = discover_shared_lists(shared_data_dir())
    rel = {p.relative_to(LISTS).as_posix() for p in paths}
    assert not any("history" in r for r in rel)
    assert "ofac/sdn.csv" in rel and "ofac/alt.csv" not in rel and "ofac/add.csv" not in rel
    assert "un/consolidated.xml" in rel
    # one edition per list by default: no entry loads twice
    assert "ofac/cons_prim.csv" not in rel and "uk/ConList.csv.gz" not in rel
    assert "us_csl/csl-sample-2019.csv" not in rel and "us_csl/consolidated-sample-2025.csv" in rel


def test_discovered_lists_load_with_unique_ids():
    ids: set[str] = set()
    list_ids: list[str] = []
    for p in discover_shared_lists(shared_data_dir()):
        lst = loaded(p.relative_to(LISTS).as_posix())
        list_ids.append(lst.source.list_id)
        new = {e.id for e in lst.entities}
        assert len(new) == len(lst.entities), f"duplicate ids inside {p}"
        assert not ids & new, f"{p} repeats ids of another list"
        ids |= new
    assert len(list_ids) == len(set(list_ids))
    assert {"us_ofac_sdn", "us_ofac_cons", "un_sc", "uk_ofsi", "eu_fsf", "us_bis_dpl", "us_csl", "os_ua_war", "os_ftm"} <= set(list_ids)


def test_discovery_can_list_alternate_editions():
    rel = {p.relative_to(LISTS).as_posix() for p in discover_shared_lists(shared_data_dir(), alternate_editions=True)}
    assert {"ofac/cons_prim.csv", "ofac/consolidated.xml", "uk/ConList.csv.gz", "uk/ConList.xlsx",
            "us_csl/csl-sample-2019.csv"} <= rel


@pytest.mark.parametrize(
    "rel, kind",
    [
        ("ofac/sdn.csv", "ofac_csv"),
        ("ofac/cons_prim.csv", "ofac_csv"),
        ("ofac/history/sdn-2023-11-02.csv", "ofac_csv"),
        ("ofac/consolidated.xml", "ofac_xml"),
        ("un/consolidated.xml", "un_xml"),
        ("uk/ConList.csv.gz", "uk_conlist"),
        ("uk/ConList.xlsx", "uk_conlist"),
        ("eu/eu_un_ofac_merged.json", "eu_merged_json"),
        ("us_bis/dpl.txt", "bis_dpl"),
        ("us_csl/consolidated-sample-2025.csv", "csl"),
        ("us_csl/csl-sample-2019.csv", "csl"),
        ("opensanctions/ua_war_sanctions.targets.simple.csv", "os_targets"),
        ("opensanctions/sample.entities.ftm.json", "ftm_json"),
    ],
)
def test_format_is_detected_from_name_and_content(rel: str, kind: str):
    assert detect_kind(LISTS / rel) == kind


def test_set_part_loaded_alone_is_refused_with_reason():
    with pytest.raises(ListLoadError, match="part of an OFAC CSV set"):
        load_source(LISTS / "ofac" / "alt.csv")


def test_unknown_format_is_refused(tmp_path: Path):
    p = tmp_path / "mystery.csv"
    p.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(ListLoadError, match="unrecognised"):
        load_source(p)


def test_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(ListLoadError, match="cannot read"):
        load_source(tmp_path / "nope.xml")
