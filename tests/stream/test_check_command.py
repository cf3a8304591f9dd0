"""`tradescreen check`: JSON Lines in, decisions out, errors on stderr, exit 0 unless fatal."""

from __future__ import annotations

import copy
import subprocess
import sys

import orjson

from stream.settings import REPO_ROOT

from tests.support.events import BASE_EVENT


def test_check_prints_one_decision_per_valid_line_and_an_error_per_invalid_one(tmp_path) -> None:
    clean = copy.deepcopy(BASE_EVENT) | {"event_id": "chk-clean"}
    kp = copy.deepcopy(BASE_EVENT) | {"event_id": "chk-kp", "destination_country": "KP"}
    lines = [orjson.dumps(clean), b"{broken", b"", orjson.dumps(kp), b'{"event_id": "chk-bad"}']
    proc = subprocess.run(
        [sys.executable, "-m", "stream.cli", "check", "--no-lists"],
        input=b"\n".join(lines) + b"\n", capture_output=True, cwd=REPO_ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    decisions = [orjson.loads(line) for line in proc.stdout.splitlines()]
    assert [d["event_id"] for d in decisions] == ["chk-clean", "chk-kp"]
    assert decisions[0]["decision"] == "RELEASE"
    assert decisions[1]["decision"] == "HOLD"
    assert "EMBARGOED_DESTINATION" in {r["code"] for r in decisions[1]["reasons"]}
    errors = [line for line in proc.stderr.decode().splitlines() if line.startswith("stdin:")]
    assert len(errors) == 2
    assert errors[0].startswith("stdin:2: not_json") and errors[1].startswith("stdin:5: schema")
