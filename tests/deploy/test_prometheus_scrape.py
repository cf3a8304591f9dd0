"""A real Prometheus scrapes a real worker (embedded broker, sample traffic).

The worker is the session's shared ``tradescreen worker`` subprocess; other
tests also send it traffic, so counters are compared as "moved by at least
what we sent", never as exact totals.
"""

from __future__ import annotations

import math
import urllib.request
import uuid
from pathlib import Path

import pytest

from stream.samples import SampleGenerator
from tests.support.prometheus import ensure_prometheus, promtool, running_prometheus, wait_until

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "deploy" / "prometheus" / "rules.yml"

pytestmark = [pytest.mark.prometheus, pytest.mark.kafka]


def scrape(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.status == 200
        return resp.read()


def test_worker_metrics_output_passes_promtool_check_metrics(worker) -> None:
    body = scrape(worker.metrics_url)
    for name in (
        b"tradescreen_events_consumed_total", b"tradescreen_decisions_total",
        b"tradescreen_screening_latency_seconds_bucket", b"tradescreen_end_to_end_latency_seconds_bucket",
        b"tradescreen_lists_info", b"tradescreen_lists_age_seconds", b"tradescreen_rules_info",
        b"tradescreen_worker_ready", b"tradescreen_assigned_partitions",
    ):
        assert name in body, name
    done = promtool("check", "metrics", stdin=body)
    assert done.returncode == 0 and not (done.stdout + done.stderr).strip(), done.stdout + done.stderr


def test_real_prometheus_sees_decisions_and_latency_move(worker) -> None:
    ensure_prometheus()
    with running_prometheus([worker.metrics_url], [RULES], scrape_interval="1s") as prom:
        wait_until(lambda: prom.scalar('up{job="tradescreen"}') == 1, 90, "Prometheus to scrape the worker")
        wait_until(lambda: prom.scalar("sum(tradescreen_decisions_total)") is not None, 60, "decision counters")
        decisions_before = prom.scalar("sum(tradescreen_decisions_total)") or 0.0
        latency_before = prom.scalar("sum(tradescreen_screening_latency_seconds_count)") or 0.0
        dead_before = prom.scalar("sum(tradescreen_dead_letters_total)") or 0.0

        gen = SampleGenerator(seed=11, malformed_share=0.2, embargo_share=0.3, prefix=f"prom-{uuid.uuid4().hex[:8]}")
        samples = gen.take(40)
        for s in samples:
            worker.produce(worker.topic_for(s.topic_kind), s.key, s.value)
        outcomes = worker.wait_for_decisions([s.key.decode() for s in samples], timeout=120)
        decided = sum(1 for o in outcomes.values() if o["kind"] == "decision")
        dead = len(outcomes) - decided
        assert decided > 0 and dead > 0

        wait_until(
            lambda: (prom.scalar("sum(tradescreen_decisions_total)") or 0) >= decisions_before + decided,
            60, "the decision counter to move in Prometheus",
        )
        wait_until(
            lambda: (prom.scalar("sum(tradescreen_screening_latency_seconds_count)") or 0) >= latency_before + decided,
            60, "the screening latency histogram to move",
        )
        wait_until(
            lambda: (prom.scalar("sum(tradescreen_dead_letters_total)") or 0) >= dead_before + dead,
            60, "the dead-letter counter to move",
        )
        holds = sum(1 for o in outcomes.values() if o.get("decision") == "HOLD")
        if holds:
            assert (prom.scalar('sum(tradescreen_decisions_total{outcome="HOLD"})') or 0) >= holds

        p99 = prom.scalar(
            "histogram_quantile(0.99, sum by (le) (increase(tradescreen_screening_latency_seconds_bucket[5m])))"
        )
        assert p99 is not None and math.isfinite(p99) and 0 < p99 <= 1.0
        e2e = prom.scalar("sum(tradescreen_end_to_end_latency_seconds_count)")
        assert e2e is not None and e2e >= decided
        assert prom.query('tradescreen_lists_info{job="tradescreen"}'), "list snapshot version exported"
        assigned = prom.scalar("max(tradescreen_assigned_partitions)") or 0
        assert assigned > 0
        # The lag sensor reports every assigned input partition, and the backlog drains.
        wait_until(
            lambda: (prom.scalar("count(tradescreen_consumer_lag_messages)") or 0) >= assigned,
            60, "a consumer-lag series per assigned partition",
        )
        wait_until(lambda: prom.scalar("sum(tradescreen_consumer_lag_messages)") == 0, 90, "lag to drain to 0")

        # The alert rules load and evaluate without errors against real series.
        def rules_evaluated() -> list[dict] | None:
            groups = prom.api("/api/v1/rules")["groups"]
            rules = [r for g in groups for r in g["rules"]]
            return rules if rules and all(r.get("lastEvaluation", "").startswith("20") for r in rules) else None

        rules = wait_until(rules_evaluated, 60, "rule evaluation")
        assert {r["name"] for r in rules if r["type"] == "alerting"} >= {
            "TradescreenWorkerDown", "TradescreenNoDecisions", "TradescreenScreeningErrors",
        }
        errors = {r["name"]: r.get("lastError") for r in rules if r.get("health") == "err"}
        assert not errors, errors
        firing = {a["labels"]["alertname"] for a in prom.api("/api/v1/alerts")["alerts"] if a["state"] == "firing"}
        assert "TradescreenWorkerDown" not in firing and "TradescreenNoWorkers" not in firing
