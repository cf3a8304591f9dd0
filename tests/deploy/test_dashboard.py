"""The Grafana dashboard parses and only queries metrics the service really exports."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from tests.support.promql import exported_sample_names, metric_names

REPO = Path(__file__).resolve().parents[2]
DASHBOARD = REPO / "deploy" / "grafana" / "tradescreen.json"
RULES = REPO / "deploy" / "prometheus" / "rules.yml"

#: Series Prometheus itself provides.
PROMETHEUS_BUILTIN = {"up", "ALERTS", "ALERTS_FOR_STATE"}


def panels(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in items:
        yield panel
        yield from panels(panel.get("panels", []))


def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def panel_queries() -> list[tuple[str, str]]:
    return [
        (panel["title"], target["expr"])
        for panel in panels(dashboard()["panels"])
        for target in panel.get("targets", [])
        if target.get("expr")
    ]


def known_names() -> set[str]:
    rules = yaml.safe_load(RULES.read_text())
    recorded = {r["record"] for g in rules["groups"] for r in g["rules"] if "record" in r}
    return exported_sample_names() | recorded | PROMETHEUS_BUILTIN


def test_every_panel_query_names_an_exported_metric() -> None:
    known = known_names()
    queries = panel_queries()
    assert len(queries) >= 15
    for title, expr in queries:
        names = metric_names(expr)
        assert names, f"{title}: no metric in {expr!r}"
        unknown = names - known
        assert not unknown, f"panel {title!r} queries metrics the service does not export: {unknown}"


def test_template_variables_query_exported_metrics() -> None:
    known = known_names()
    for var in dashboard()["templating"]["list"]:
        if var["type"] != "query":
            continue
        query = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
        selector = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", query)
        assert selector, query
        assert metric_names(selector.group(1)) <= known, query


def test_dashboard_covers_throughput_outcomes_latency_dead_letters_lag_and_list_age() -> None:
    used = set().union(*(metric_names(expr) for _, expr in panel_queries()))
    required = {
        "tradescreen_events_consumed_total",
        "tradescreen_decisions_total",
        "tradescreen_decision_reasons_total",
        "tradescreen_screening_latency_seconds_bucket",
        "tradescreen_end_to_end_latency_seconds_bucket",
        "tradescreen_dead_letters_total",
        "tradescreen_consumer_lag_messages",
        "tradescreen_lists_age_seconds",
    }
    assert required <= used, required - used


def test_panels_are_laid_out_and_use_the_datasource_variable() -> None:
    dash = dashboard()
    assert dash["uid"] and dash["title"] and isinstance(dash["schemaVersion"], int)
    ids = [p["id"] for p in panels(dash["panels"])]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in panels(dash["panels"]):
        pos = panel["gridPos"]
        assert 0 <= pos["x"] and pos["x"] + pos["w"] <= 24, panel["title"]
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
