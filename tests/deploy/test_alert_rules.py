"""Alert rules: promtool accepts them, unit tests pass, every alert is tested both ways and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.support.prometheus import promtool
from tests.support.promql import exported_sample_names, metric_names

REPO = Path(__file__).resolve().parents[2]
PROM_DIR = REPO / "deploy" / "prometheus"
RULES = PROM_DIR / "rules.yml"
RULES_TEST = PROM_DIR / "rules_test.yml"
OPERATIONS_DOC = REPO / "docs" / "operations.md"

pytestmark = pytest.mark.prometheus


def alerts() -> list[dict]:
    doc = yaml.safe_load(RULES.read_text())
    return [rule for group in doc["groups"] for rule in group["rules"] if "alert" in rule]


def test_promtool_check_rules_accepts_the_rules_file() -> None:
    done = promtool("check", "rules", str(RULES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_promtool_unit_tests_pass() -> None:
    done = promtool("test", "rules", RULES_TEST.name, cwd=PROM_DIR)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_every_alert_has_a_firing_and_a_non_firing_case() -> None:
    doc = yaml.safe_load(RULES_TEST.read_text())
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in doc["tests"]:
        for check in case.get("alert_rule_test", []):
            (firing if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {a["alert"] for a in alerts()}
    assert len(names) >= 10
    assert names - firing == set(), "alerts without a firing test"
    assert names - quiet == set(), "alerts without a non-firing test"
    assert (firing | quiet) - names == set(), "tests name alerts that do not exist"


def test_every_alert_has_summary_description_runbook_and_severity() -> None:
    doc_text = OPERATIONS_DOC.read_text()
    headings = {
        re.sub(r"[^a-z0-9-]", "", m.group(1).strip().lower().replace(" ", "-"))
        for m in re.finditer(r"^#{2,4}\s+(.+)$", doc_text, re.MULTILINE)
    }
    for alert in alerts():
        name = alert["alert"]
        annotations = alert.get("annotations", {})
        assert annotations.get("summary"), name
        assert len(annotations.get("description", "")) > 40, name
        assert alert.get("labels", {}).get("severity") in {"critical", "warning"}, name
        anchor = annotations.get("runbook_url", "").rsplit("#", 1)[-1]
        assert anchor == name.lower(), name
        assert anchor in headings, f"docs/operations.md has no runbook section for {name}"
        section = doc_text.split(f"### {name}", 1)[1].split("\n### ", 1)[0]
        assert "Runbook" in section or "runbook" in section, name


def test_alerts_use_only_exported_or_recorded_metrics() -> None:
    doc = yaml.safe_load(RULES.read_text())
    recorded = {r["record"] for g in doc["groups"] for r in g["rules"] if "record" in r}
    exported = exported_sample_names() | recorded | {"up"}
    for group in doc["groups"]:
        for rule in group["rules"]:
            for name in metric_names(rule["expr"]):
                assert name in exported, f"{rule.get('alert') or rule.get('record')}: unknown metric {name}"
