"""Snapshot files: versioned, checksummed, never half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from lists.parties.index import (
    MAGIC,
    SnapshotError,
    build_from_paths,
    load_lists,
    read_header,
    read_snapshot,
    write_snapshot,
)
from tests.conftest import SHARED_DATA

UN_XML = SHARED_DATA / "lists" / "un" / "consolidated.xml"


@pytest.fixture(scope="module")
def un_snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    snap = build_from_paths([UN_XML])
    return write_snapshot(snap, tmp_path_factory.mktemp("snap") / "un.snapshot")


def test_snapshot_round_trip_keeps_version_counts_and_source_dates(un_snapshot_file: Path):
    snap = read_snapshot(un_snapshot_file)
    header = read_header(un_snapshot_file)
    assert snap.version == header["version"]
    assert snap.entity_count == header["entities"] == 1003
    assert "un_sc=2026-02-27" in snap.version
    assert snap.sources[0]["list_id"] == "un_sc"


def test_version_is_a_content_hash_independent_of_build_time():
    assert build_from_paths([UN_XML]).version == build_from_paths([UN_XML]).version


def test_a_flipped_byte_is_detected(un_snapshot_file: Path, tmp_path: Path):
    data = bytearray(un_snapshot_file.read_bytes())
    data[-100] ^= 0xFF
    bad = tmp_path / "bad.snapshot"
    bad.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match="checksum"):
        read_snapshot(bad)


def test_a_truncated_file_is_detected(un_snapshot_file: Path, tmp_path: Path):
    bad = tmp_path / "short.snapshot"
    bad.write_bytes(un_snapshot_file.read_bytes()[:-10])
    with pytest.raises(SnapshotError, match="truncated"):
        read_snapshot(bad)


def test_a_file_that_is_not_a_snapshot_is_refused(tmp_path: Path):
    other = tmp_path / "x.snapshot"
    other.write_bytes(b"hello\n")
    with pytest.raises(SnapshotError, match="magic"):
        read_snapshot(other)
    with pytest.raises(SnapshotError):
        read_snapshot(tmp_path / "missing.snapshot")


def test_a_snapshot_of_another_format_is_refused(un_snapshot_file: Path, tmp_path: Path):
    raw = un_snapshot_file.read_bytes()
    old = raw.replace(b'"format":', b'"format":0,"x":', 1)
    assert old.startswith(MAGIC)
    path = tmp_path / "old.snapshot"
    path.write_bytes(old)
    with pytest.raises(SnapshotError, match="format"):
        read_snapshot(path)


def test_a_snapshot_normalised_by_another_release_is_refused(un_snapshot_file: Path, tmp_path: Path):
    # Its index holds names normalised differently: queries would miss silently.
    from lists.names.tables import tables_version

    raw = un_snapshot_file.read_bytes()
    current = f'"tables_version":"{tables_version()}"'.encode()
    assert current in raw.split(b"\n", 2)[1]
    path = tmp_path / "older.snapshot"
    path.write_bytes(raw.replace(current, b'"tables_version":"0000000000000000"', 1))
    with pytest.raises(SnapshotError, match="rebuild it with `tradescreen lists build`"):
        read_snapshot(path)


def test_lists_option_accepts_a_snapshot_or_raw_files(un_snapshot_file: Path):
    assert load_lists([un_snapshot_file]).version == load_lists([UN_XML]).version


def test_the_shared_snapshot_holds_every_shared_list(snapshot):
    lists = {s["list_id"] for s in snapshot.sources}
    assert {"us_ofac_sdn", "un_sc", "uk_ofsi", "eu_fsf", "os_ua_war"} <= lists
    assert snapshot.name_count > 80_000
    assert snapshot.published is not None
