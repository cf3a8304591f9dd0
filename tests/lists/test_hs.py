"""HS nomenclature lookup over the real shared HS 2022 file."""

from __future__ import annotations

import pytest

from lists.hs import HsNomenclature, NomenclatureError, Unresolved, load_hs, normalise_code
from lists.rules.bundle import shared_data_dir


@pytest.fixture(scope="module")
def hs() -> HsNomenclature:
    return load_hs()


def test_counts_match_the_published_file(hs: HsNomenclature) -> None:
    # PROVENANCE.md: 97 chapters, 1,229 headings, 5,613 subheadings
    assert hs.counts() == {"chapters": 97, "headings": 1229, "subheadings": 5613}
    assert hs.version.startswith("HS 2022+")


@pytest.mark.parametrize("declared", ["8542.31", "854231", "8542 31", "8542.31.00", "854231000", "8542.31.0000",
                                      "８５４２．３１", "HS 8542.31", "hs:854231", " 8542-31 "])
def test_declared_shapes_resolve_to_the_same_subheading(hs: HsNomenclature, declared: str) -> None:
    res = hs.resolve(declared)
    assert res, res
    assert res.code6 == "854231"
    assert res.prefixes == ("85", "8542", "854231")
    assert res.heading.description.startswith("Electronic integrated circuits")
    assert "processors and controllers" in res.subheading.description


def test_national_extension_is_kept_apart(hs: HsNomenclature) -> None:
    res = hs.resolve("8471.50.0100")
    assert res and res.code6 == "847150" and res.national_extension == "0100"


def test_leading_zero_chapters_resolve(hs: HsNomenclature) -> None:
    res = hs.resolve("0101.21")
    assert res and res.chapter.code == "01" and res.chapter.description == "Animals; live"


@pytest.mark.parametrize("declared,why", [
    ("8542", "heading level only"),
    ("85", "chapter level only"),
    ("10121", "5-digit"),
    ("854299", "subheading 854299 does not exist"),
    ("7701.10", "chapter 77 does not exist"),
    ("", "no HS code declared"),
    ("ICs", "characters other than digits"),
    ("8542.31.0000.0001", "at most 10"),
])
def test_unresolvable_codes_explain_why(hs: HsNomenclature, declared: str, why: str) -> None:
    res = hs.resolve(declared)
    assert isinstance(res, Unresolved) and not res
    assert why in res.reason


def test_normalise_code_returns_digits() -> None:
    assert normalise_code("8542.31.00") == "85423100"
    assert isinstance(normalise_code(None), Unresolved)


def test_pinned_hash_mismatch_is_refused() -> None:
    with pytest.raises(NomenclatureError):
        load_hs(shared_data_dir() / "hs" / "harmonized-system.csv", "0" * 64)


def test_every_subheading_has_heading_and_chapter(hs: HsNomenclature) -> None:
    subs = [e for e in hs.entries.values() if e.level == 6]
    assert all(hs.resolve(e.code) for e in subs)
    assert hs.sections["XVI"].startswith("Machinery")
