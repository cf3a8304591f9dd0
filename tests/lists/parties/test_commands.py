"""``tradescreen lists build/info`` and the ``tradescreen match`` JSON Lines contract, run as processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stream.settings import REPO_ROOT
from tests.conftest import SHARED_DATA

UN_XML = SHARED_DATA / "lists" / "un" / "consolidated.xml"
QUERIES = [
    {"id": "q1", "name": "Badege Eric", "schema": "Person", "country": "CD"},
    {"id": "q2", "name": "Apple Inc."},
    {"id": "q3", "name": "김정종"},
    {"id": "q4"},
]


def tradescreen(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stream.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=REPO_ROOT, timeout=300)


@pytest.fixture(scope="module")
def un_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "un.snapshot"
    done = tradescreen("lists", "build", str(UN_XML), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "un_sc=2026-02-27" in done.stdout
    return out


def _check_contract(stdout: str) -> list[dict]:
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", "q2", "q3", "q4"]
    for line in lines:
        scores = [m["score"] for m in line["matches"]]
        assert scores == sorted(scores, reverse=True)
        for m in line["matches"]:
            assert set(m) == {"entity_id", "list", "name", "score", "explanation"}
            assert 0.0 <= m["score"] <= 1.0
    return lines


def test_match_from_a_snapshot_follows_the_contract(un_snapshot: Path):
    done = tradescreen("match", "--lists", str(un_snapshot), "--top", "3",
                       stdin="\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES))
    assert done.returncode == 0, done.stderr
    lines = _check_contract(done.stdout)
    assert lines[0]["matches"][0]["list"] == "un_sc"
    assert lines[0]["matches"][0]["name"] == "ERIC BADEGE"
    assert lines[0]["matches"][0]["explanation"]["token_order_changed"] is True
    assert lines[1]["matches"] == []
    assert lines[2]["matches"], "Hangul spelling of a listed name must match"
    assert lines[3]["error"]


def test_match_from_raw_list_files_gives_the_same_answers(un_snapshot: Path):
    stdin = "\n".join(json.dumps(q, ensure_ascii=False) for q in QUERIES)
    raw = tradescreen("match", "--lists", str(UN_XML), "--top", "3", stdin=stdin)
    snap = tradescreen("match", "--lists", str(un_snapshot), "--top", "3", stdin=stdin)
    assert raw.returncode == 0, raw.stderr
    assert _check_contract(raw.stdout) == _check_contract(snap.stdout)


def test_threshold_and_top_are_honoured(un_snapshot: Path):
    done = tradescreen("match", "--lists", str(un_snapshot), "--threshold", "0.99", "--top", "1",
                       stdin=json.dumps({"id": "x", "name": "Kim Jong"}))
    line = json.loads(done.stdout)
    assert len(line["matches"]) <= 1 and all(m["score"] >= 0.99 for m in line["matches"])


def test_lists_info_shows_version_sources_and_counts(un_snapshot: Path):
    done = tradescreen("lists", "info", str(un_snapshot))
    assert done.returncode == 0, done.stderr
    assert "un_sc" in done.stdout and "2026-02-27" in done.stdout and "entities" in done.stdout
    header = json.loads(tradescreen("lists", "info", str(un_snapshot), "--json").stdout)
    assert header["entities"] == 1003 and header["version"].endswith("un_sc=2026-02-27")


def test_a_corrupted_snapshot_is_refused_with_a_clear_error(un_snapshot: Path, tmp_path: Path):
    bad = tmp_path / "bad.snapshot"
    data = bytearray(un_snapshot.read_bytes())
    data[-50] ^= 0x55
    bad.write_bytes(bytes(data))
    done = tradescreen("match", "--lists", str(bad), stdin=json.dumps({"id": "x", "name": "y"}))
    assert done.returncode == 2 and "checksum" in done.stderr


def test_oddly_typed_optional_fields_still_screen_the_name_under_its_own_id(un_snapshot: Path):
    """Identifier types as numbers, a list for a country, a number for a date: the name is
    still screened, and every line answers under its own id (never a bare error line)."""
    odd = [
        {"id": "i1", "name": "Eric Badege", "identifiers": [7, {"type": 1, "value": 2}, {"type": None, "value": "X"}]},
        {"id": "i2", "name": "Eric Badege", "country": ["CD"], "dob": 1971, "schema": 5},
        {"id": "i3", "name": "Eric Badege", "identifiers": {"type": {"a": 1}, "value": ["x"]}},
    ]
    done = tradescreen("match", "--lists", str(un_snapshot), "--no-explanation",
                       stdin="\n".join(json.dumps(q) for q in odd))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["i1", "i2", "i3"]
    for line in lines:
        assert "error" not in line, line
        assert line["matches"] and line["matches"][0]["name"] == "ERIC BADEGE"


def test_an_overlong_name_gets_an_error_line_and_a_2000_letter_word_still_screens(un_snapshot: Path):
    """A name beyond the command's limit is refused on its own line (never reported clean);
    one just under it, a single 2,000-letter word, is screened like any other name."""
    queries = [{"id": "long", "name": "Eric Badege " * 200},
               {"id": "word", "name": "A" * 2000},
               {"id": "after", "name": "Eric Badege"}]
    done = tradescreen("match", "--lists", str(un_snapshot), "--no-explanation",
                       stdin="\n".join(json.dumps(q) for q in queries))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["long", "word", "after"]
    assert lines[0]["matches"] == [] and "longer than 2048" in lines[0]["error"]
    assert lines[1] == {"id": "word", "matches": []}
    assert lines[2]["matches"][0]["name"] == "ERIC BADEGE"
