"""The metrics module: names, types, units, bounded labels, and a clean exposition."""

from __future__ import annotations

import re

from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from stream.metrics import (
    END_TO_END_LATENCY_BUCKETS,
    OTHER,
    SCREENING_LATENCY_BUCKETS,
    Metrics,
)
from stream.metrics_sensor import compute_lag, unknown_positions
from stream.models import Decision, Outcome, Reason, ReasonCode, Severity
from tests.support.prometheus import promtool


def make_decision(
    event_id: str = "evt-1",
    outcome: Outcome = Outcome.HOLD,
    reasons: tuple[Reason, ...] = (),
    latency_ms: float = 2.0,
) -> Decision:
    return Decision(
        event_id=event_id,
        event_type="order",
        decision=outcome,
        reasons=reasons,
        checks_run=("entity_match", "embargo"),
        lists_version="lists-2026-01-28",
        rules_version="jp_fefta@1",
        screened_at="2026-11-23T10:00:00.000Z",
        latency_ms=latency_ms,
        service_version="0.1.0",
    )


def entity_match(score: float, party: str = "ACME TRADING LLC") -> Reason:
    return Reason(
        ReasonCode.ENTITY_MATCH, "entity_match.sdn", Severity.CRITICAL, f"{party} matched",
        {"score": score, "party": party, "entity_id": "ofac-12345"},
    )


def exercised_metrics() -> Metrics:
    """A Metrics instance on which every public method has been called."""
    m = Metrics(CollectorRegistry(), clock=lambda: 1_800_000_000.0)
    m.event_consumed("tradescreen.orders", "order")
    m.event_consumed("tradescreen.customs-declarations", "customs_declaration")
    m.event_consumed("tradescreen.orders", None)
    m.decision_emitted(make_decision("a", Outcome.HOLD, (entity_match(0.97), entity_match(0.91))), 0.12)
    m.decision_emitted(make_decision("b", Outcome.RELEASE, (), latency_ms=0.4), None)
    m.dead_letter("schema")
    m.dead_letter("not_json")
    m.set_lists_info("lists-2026-01-28", 1_799_900_000.0, True)
    m.set_lists_max_age(86400)
    m.set_rules_info("jp_fefta@1", True)
    m.set_ready(True)
    m.set_assigned_partitions(4)
    m.set_consumer_lag("tradescreen.orders", 0, 17)
    m.set_consumer_lag("tradescreen.orders", 1, 0)
    m.set_event_loop_lag(0.002)
    return m


def families(m: Metrics) -> dict[str, object]:
    return {f.name: f for f in text_string_to_metric_families(m.exposition().decode())}


def sample_value(m: Metrics, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(m.exposition().decode()):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    raise AssertionError(f"no sample {name}{labels}")


def test_exposition_passes_promtool_check_metrics() -> None:
    body = exercised_metrics().exposition()
    done = promtool("check", "metrics", stdin=body)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "" and done.stderr.strip() == "", done.stdout + done.stderr


def test_metric_types_and_units_follow_conventions() -> None:
    fams = families(exercised_metrics())
    expected = {
        "tradescreen_events_consumed": "counter",
        "tradescreen_decisions": "counter",
        "tradescreen_decision_reasons": "counter",
        "tradescreen_dead_letters": "counter",
        "tradescreen_screening_latency_seconds": "histogram",
        "tradescreen_end_to_end_latency_seconds": "histogram",
        "tradescreen_entity_match_score": "histogram",
        # Info metrics are gauges named *_info with value 1 in the text format.
        "tradescreen_lists_info": "gauge",
        "tradescreen_rules_info": "gauge",
        "tradescreen_build_info": "gauge",
        "tradescreen_lists_loaded": "gauge",
        "tradescreen_lists_age_seconds": "gauge",
        "tradescreen_lists_max_age_seconds": "gauge",
        "tradescreen_lists_published_timestamp_seconds": "gauge",
        "tradescreen_rules_loaded": "gauge",
        "tradescreen_assigned_partitions": "gauge",
        "tradescreen_consumer_lag_messages": "gauge",
        "tradescreen_worker_ready": "gauge",
        "tradescreen_event_loop_lag_seconds": "gauge",
    }
    for name, kind in expected.items():
        assert name in fams, name
        assert fams[name].type == kind, (name, fams[name].type)
    for name, fam in fams.items():
        if not name.startswith("tradescreen_"):
            continue
        assert not re.search(r"_(ms|milliseconds|minutes|hours)$", name), name
        if fam.type == "counter":
            assert all(s.name.endswith(("_total", "_created")) for s in fam.samples), name


def test_latency_buckets_fit_the_slo() -> None:
    assert SCREENING_LATENCY_BUCKETS[0] <= 0.0001 and SCREENING_LATENCY_BUCKETS[-1] >= 1.0
    assert 0.05 in SCREENING_LATENCY_BUCKETS  # the 50 ms SLO is a bucket boundary
    assert END_TO_END_LATENCY_BUCKETS[0] <= 0.005 and END_TO_END_LATENCY_BUCKETS[-1] >= 60.0
    assert 1.0 in END_TO_END_LATENCY_BUCKETS  # the 1 s SLO is a bucket boundary


def test_decision_counts_outcome_reason_codes_latency_and_scores() -> None:
    m = Metrics(CollectorRegistry())
    reasons = (entity_match(0.97), entity_match(0.88),
               Reason(ReasonCode.EMBARGOED_DESTINATION, "embargo", Severity.CRITICAL, "KP", {"country": "KP"}))
    m.decision_emitted(make_decision("x", Outcome.HOLD, reasons, latency_ms=3.0), 0.25)
    m.decision_emitted(make_decision("y", Outcome.RELEASE, (), latency_ms=1.0), None)

    assert sample_value(m, "tradescreen_decisions_total", outcome="HOLD") == 1
    assert sample_value(m, "tradescreen_decisions_total", outcome="RELEASE") == 1
    # Two ENTITY_MATCH reasons in one decision count the decision once for that code.
    assert sample_value(m, "tradescreen_decision_reasons_total", reason_code="ENTITY_MATCH") == 1
    assert sample_value(m, "tradescreen_decision_reasons_total", reason_code="EMBARGOED_DESTINATION") == 1
    assert sample_value(m, "tradescreen_decision_reasons_total", reason_code="SCREENING_ERROR") == 0
    # latency_ms is converted to seconds.
    assert sample_value(m, "tradescreen_screening_latency_seconds_count") == 2
    assert abs(sample_value(m, "tradescreen_screening_latency_seconds_sum") - 0.004) < 1e-9
    assert sample_value(m, "tradescreen_end_to_end_latency_seconds_count") == 1
    assert sample_value(m, "tradescreen_end_to_end_latency_seconds_sum") == 0.25
    # Every ENTITY_MATCH score is observed.
    assert sample_value(m, "tradescreen_entity_match_score_count") == 2
    assert sample_value(m, "tradescreen_entity_match_score_bucket", le="0.9") == 1


def test_series_exist_at_zero_before_first_event() -> None:
    """Rate-based alerts need the series before the first increment (e.g. the first SCREENING_ERROR)."""
    m = Metrics(CollectorRegistry())
    for code in ReasonCode:
        assert sample_value(m, "tradescreen_decision_reasons_total", reason_code=code.value) == 0
    for outcome in Outcome:
        assert sample_value(m, "tradescreen_decisions_total", outcome=outcome.value) == 0
    assert sample_value(m, "tradescreen_dead_letters_total", kind="schema") == 0
    assert sample_value(m, "tradescreen_lists_loaded") == 0
    assert sample_value(m, "tradescreen_worker_ready") == 0


def test_no_identifiers_or_untrusted_values_become_labels() -> None:
    m = Metrics(CollectorRegistry())
    for i in range(500):
        event_id = f"evt-{i:05d}"
        m.event_consumed("tradescreen.orders", f"forged-type-{i}")
        m.decision_emitted(make_decision(event_id, Outcome.HOLD, (entity_match(0.95, party=f"PARTY {i} LTD"),)), 0.1)
        m.dead_letter(f"weird kind {i} \n")
    body = m.exposition().decode()
    assert "evt-0" not in body and "PARTY" not in body and "ofac-12345" not in body
    event_types = {s.labels["event_type"] for f in text_string_to_metric_families(body)
                   if f.name == "tradescreen_events_consumed" for s in f.samples}
    assert OTHER in event_types
    assert len(event_types) <= 16  # bounded, whatever the stream sends
    kinds = {s.labels["kind"] for f in text_string_to_metric_families(body)
             if f.name == "tradescreen_dead_letters" for s in f.samples}
    assert OTHER in kinds and not any(" " in k for k in kinds)


def test_lists_age_is_computed_at_scrape_time_from_publication() -> None:
    now = [1_800_000_000.0]
    m = Metrics(CollectorRegistry(), clock=lambda: now[0], lists_max_age_seconds=3600)
    assert sample_value(m, "tradescreen_lists_age_seconds") == 0  # nothing loaded yet
    m.set_lists_info("v1", now[0] - 7200, True)
    assert sample_value(m, "tradescreen_lists_age_seconds") == 7200
    now[0] += 100
    assert sample_value(m, "tradescreen_lists_age_seconds") == 7300
    assert sample_value(m, "tradescreen_lists_max_age_seconds") == 3600
    assert sample_value(m, "tradescreen_lists_info", version="v1") == 1
    # Without a publication date the load time stands in.
    m.set_lists_info("v2", None, True)
    assert sample_value(m, "tradescreen_lists_age_seconds") == 0
    assert sample_value(m, "tradescreen_lists_info", version="v2") == 1
    # A failed reload keeps the previous snapshot's age but flags the failure.
    m.set_lists_info("v2", None, False)
    assert sample_value(m, "tradescreen_lists_loaded") == 0


def test_consumer_lag_series_follow_the_assignment() -> None:
    m = Metrics(CollectorRegistry())
    m.set_consumer_lag("tradescreen.orders", 0, 5)
    m.set_consumer_lag("tradescreen.orders", 1, -3)  # never negative
    assert sample_value(m, "tradescreen_consumer_lag_messages", topic="tradescreen.orders", partition="0") == 5
    assert sample_value(m, "tradescreen_consumer_lag_messages", topic="tradescreen.orders", partition="1") == 0
    m.forget_partitions([("tradescreen.orders", 1)])
    body = m.exposition().decode()
    assert 'partition="0"' not in body and 'partition="1"' in body


def test_compute_lag_uses_committed_then_read_then_log_start_offsets() -> None:
    ends = {"p0": 100, "p1": 50, "p2": 10, "p3": None, "p4": 0}
    committed = {"p0": 90, "p1": None}
    last_read = {"p1": 44}
    # p2 has no known position: unknown, not zero.
    assert compute_lag(ends, committed, last_read) == {"p0": 10, "p1": 5}
    assert unknown_positions(ends, committed, last_read) == ["p2", "p3", "p4"]
    # Never consumed: the group starts at the log start, so all retained records are lag.
    assert compute_lag(ends, committed, last_read, {"p2": 4, "p4": 0}) == {"p0": 10, "p1": 5, "p2": 6, "p4": 0}
    assert compute_lag({"p0": 5}, {"p0": 9}, {}) == {"p0": 0}
