"""Bundle loading and validation: every file names source/date/version; bad data is refused with reasons."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lists.rules import BundleError, load_bundle, validate_bundle
from lists.rules.bundle import DEFAULT_BUNDLE


def test_default_bundle_is_valid_and_every_file_has_provenance() -> None:
    assert validate_bundle(DEFAULT_BUNDLE) == []
    bundle = load_bundle(DEFAULT_BUNDLE)
    for table in bundle.tables.values():
        assert table.source and table.reflects and table.version, table.file
        assert all(row.legal_basis for row in table.rows), table.file


def test_version_is_bundle_version_plus_content_hash(tmp_path: Path) -> None:
    copy = tmp_path / "jp"
    shutil.copytree(DEFAULT_BUNDLE, copy)
    original = load_bundle(copy).version
    assert original.startswith("jp_fefta@2026.11.0+") and len(original.split("+")[1]) == 12
    path = copy / "transshipment.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("[HK]", "[HK, MO]"), encoding="utf-8")
    assert load_bundle(copy).version != original


def _broken(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    copy = tmp_path / "b"
    shutil.copytree(DEFAULT_BUNDLE, copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate_bundle(copy)


@pytest.mark.parametrize("file,old,new,expect", [
    ("transshipment.yaml", "source: >-", "sauce: >-", "missing source"),
    ("destination_groups.yaml", 'reflects: "2023-07-21"', "", "missing reflects"),
    ("destination_groups.yaml", "[AR, AT,", "[ARG, AT,", "not ISO 3166-1"),
    ("item_bans.yaml", '"8485", "8486"', '"8485", "8499"', "8499 does not exist"),
    ("embargoes.yaml", "regions: [UA-14, RU-DPR]", "regions: [Donetsk]", "not ISO 3166-2"),
    ("bundle.yaml", "type: diversion", "type: clairvoyance", "unknown rule family"),
    ("bundle.yaml", "code: DIVERSION_RISK", "code: VIBES", "unknown reason code"),
    ("bundle.yaml", "sha256: e77ee9e1", "sha256: 00000000", "pins"),
    ("bundle.yaml", "exempt_group: group_a", "exempt_group: group_z", "no row 'group_z'"),
])
def test_broken_bundles_are_refused_with_a_readable_problem(tmp_path: Path, file: str, old: str, new: str,
                                                            expect: str) -> None:
    problems = _broken(tmp_path, file, old, new)
    assert any(expect in p for p in problems), problems
    with pytest.raises(BundleError):
        load_bundle(tmp_path / "b")


def test_norway_is_a_country_not_a_boolean() -> None:
    group_a = load_bundle().table("destination_groups").row("group_a").get("countries")
    assert "NO" in group_a and False not in group_a


def test_missing_directory_is_refused(tmp_path: Path) -> None:
    assert validate_bundle(tmp_path / "nope")
    with pytest.raises(BundleError):
        load_bundle(tmp_path / "nope")
