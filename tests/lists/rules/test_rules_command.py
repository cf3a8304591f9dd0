"""``tradescreen rules``: show, explain an HS code, validate — through the real CLI entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lists.rules.bundle import DEFAULT_BUNDLE
from stream.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    rc = main(["rules", *argv])
    return rc, capsys.readouterr().out


def test_show_lists_version_sources_dates_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = run(capsys, "--json", "show")
    info = json.loads(out)
    assert rc == 0 and info["version"].startswith("jp_fefta@")
    tables = {t["table"]: t for t in info["tables"]}
    assert tables["chpl"]["rows"] == 50 and tables["chpl"]["reflects"] == "2024-02-23"
    assert all(t["source"] for t in tables.values())
    assert info["nomenclature_loaded"]["subheadings"] == 5613


def test_hs_explains_description_and_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = run(capsys, "--json", "hs", "8542.31")
    info = json.loads(out)
    assert rc == 0 and info["hs6"] == "854231"
    assert info["heading"]["description"] == "Electronic integrated circuits"
    rows = {(r["code"], r["row"]) for r in info["rules"]}
    assert {("ITEM_BAN", "measure_2"), ("CATCH_ALL_WMD", "item_16_scope"),
            ("DIVERSION_RISK", "chpl_854231")} <= rows


def test_hs_text_output_and_unresolved_code(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out = run(capsys, "hs", "0902.10")
    assert rc == 0 and "Tea, green" in out and "no HS-based rule" in out
    rc, out = run(capsys, "hs", "8542")
    assert rc == 1 and "UNRESOLVED" in out


def test_validate_good_and_broken_bundle(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rc, out = run(capsys, "validate", str(DEFAULT_BUNDLE))
    assert rc == 0 and out.startswith("OK jp_fefta@")
    copy = tmp_path / "b"
    shutil.copytree(DEFAULT_BUNDLE, copy)
    (copy / "chpl.yaml").write_text("table: chpl\nrows: []\n", encoding="utf-8")
    rc, out = run(capsys, "validate", str(copy))
    assert rc == 1 and "INVALID" in out and "chpl.yaml" in out


def test_options_work_after_the_action_and_for_another_bundle(capsys: pytest.CaptureFixture[str]) -> None:
    demo = Path(__file__).parent / "bundles" / "eu_dual_use_demo"
    rc, out = run(capsys, "show", "--json", "--bundle", str(demo))
    assert rc == 0 and json.loads(out)["bundle"] == "eu_dual_use_demo"
