"""The name-matching quality bench must not regress below its frozen baseline.

Runs the committed cases of ``benchmarks/data/name_cases.csv`` through the session
snapshot (every shared list), except the held-out real names (they need a snapshot
built without them: the full bench covers those) and a fixed sample of the clean
negatives, and compares per-kind recall and FPR with
``benchmarks/baselines/names_quality.json``. Full run: ``python benchmarks/names_quality.py``.
"""

from __future__ import annotations

import json
import random
import sys

import pytest

from stream.settings import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
import names_quality as bench  # noqa: E402

TOLERANCE = 0.02


@pytest.fixture(scope="module")
def bench_report(matcher):
    cases = [c for c in bench.read_cases() if c["kind"] not in bench.HELD_OUT_KINDS]
    clean = [c for c in cases if c["kind"] == "clean"]
    others = [c for c in cases if c["kind"] != "clean"]
    sample = random.Random(1).sample(clean, 4000)
    results = bench.run_cases(matcher, others + sample, floor=matcher.threshold)
    return bench.metrics(results, matcher.threshold)


def test_every_perturbation_kind_keeps_its_recall(bench_report):
    baseline = json.loads(bench.BASELINE.read_text())["report"]["at_configured_threshold"]["per_kind"]
    for kind, now in bench_report["per_kind"].items():
        if "recall" in now:
            assert now["recall"] >= baseline[kind]["recall"] - TOLERANCE, (kind, now, baseline[kind])


def test_false_positive_rates_do_not_grow(bench_report):
    baseline = json.loads(bench.BASELINE.read_text())["report"]["at_configured_threshold"]["per_kind"]
    for kind in ("clean", "hard_negative"):
        assert bench_report["per_kind"][kind]["fpr"] <= baseline[kind]["fpr"] + 0.01, (kind, bench_report["per_kind"][kind])
