"""The demo's private Prometheus: scrapes the given target, loads the alert rules, stops cleanly."""

from __future__ import annotations

import time

import pytest
import yaml
from prometheus_client import CollectorRegistry

from stream.health import Readiness, serve_in_thread
from stream.local_prometheus import RULES_FILE, PrometheusAPI, render_config, start_local_prometheus
from stream.metrics import Metrics
from tests.support.prometheus import ensure_prometheus, wait_until

pytestmark = pytest.mark.prometheus


def test_config_groups_targets_by_metrics_path_and_loads_rules() -> None:
    config = render_config(["http://127.0.0.1:9464/metrics", "127.0.0.1:9465", "http://h:1/custom"], [RULES_FILE])
    jobs = {tuple(job["static_configs"][0]["targets"]): job["metrics_path"] for job in config["scrape_configs"]}
    assert jobs == {("127.0.0.1:9464", "127.0.0.1:9465"): "/metrics", ("h:1",): "/custom"}
    assert all(job["job_name"] == "tradescreen" for job in config["scrape_configs"])
    assert config["rule_files"] == [str(RULES_FILE.resolve())]
    yaml.safe_dump(config)  # serialisable as prometheus.yml


def test_local_prometheus_scrapes_a_worker_endpoint_and_evaluates_alerts() -> None:
    ensure_prometheus()
    metrics = Metrics(CollectorRegistry())
    metrics.set_lists_info("old-lists", time.time() - 3 * 86400, True)  # three days old: stale
    metrics.set_rules_info("rules-1", True)
    readiness = Readiness(metrics=metrics, lists_loaded=True, assigned_partitions=1, broker_reachable=True)
    with serve_in_thread(metrics, readiness) as server:
        process, url = start_local_prometheus([server.metrics_url], RULES_FILE)
        try:
            prom = PrometheusAPI(url)
            assert url.startswith("http://127.0.0.1:") and not url.endswith(":9090")
            wait_until(lambda: prom.scalar('up{job="tradescreen"}') == 1, 60, "first scrape")
            age = prom.scalar("tradescreen_lists_age_seconds")
            assert age is not None and age > 2 * 86400
            # The stale-lists alert is evaluated from the real series (pending: it has a 10 min `for`).
            alerts = wait_until(
                lambda: [a for a in prom.api("/api/v1/alerts")["alerts"]
                         if a["labels"]["alertname"] == "TradescreenListsStale"],
                60, "TradescreenListsStale to become pending",
            )
            assert alerts[0]["state"] in {"pending", "firing"}
            groups = prom.api("/api/v1/rules")["groups"]
            assert sum(1 for g in groups for r in g["rules"] if r["type"] == "alerting") >= 10
        finally:
            process.terminate()
            process.wait(timeout=15)
    assert process.returncode is not None
