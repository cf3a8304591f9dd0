"""Every Prometheus metric the service exports, declared in one place.

Why one module: dashboards, alert rules and the docs all refer to these names;
keeping the declarations together makes the exported surface reviewable and
lets the tests check every dashboard query and alert against the real thing.

Naming follows prometheus.io conventions: prefix ``tradescreen_``, base units
(seconds, not milliseconds), ``_total`` on counters, and only low-cardinality
labels. Event ids, party names, list entry ids never become labels; labels that
come from the outside (event type, topic, dead-letter kind) are clamped to a
bounded set so a malformed stream cannot explode the series count.

The agent calls the methods of ``Metrics`` on its hot path, so label children
are resolved once at construction and the per-decision cost is a few dict
lookups and atomic increments (measured by ``benchmarks/metrics_overhead.py``).
All metrics live on an injectable ``CollectorRegistry`` so tests and benchmarks
get an isolated instance; ``default_metrics()`` is the process-wide one.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    PlatformCollector,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)

from stream import __version__
from stream.models import Decision, EventType, Outcome, ReasonCode

PREFIX = "tradescreen"

# ``*_created`` series double the series count and no query here uses them;
# the flag is process-wide in prometheus_client, and this process is ours.
disable_created_metrics()

#: Core screening latency. SLO: p99 <= 50 ms, so the buckets are dense around
#: 10-100 ms and still resolve the sub-millisecond typical case (100 us .. 1 s).
SCREENING_LATENCY_BUCKETS: tuple[float, ...] = (
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0,
)

#: Event time (``occurred_at`` or broker timestamp) to decision produced.
#: SLO: p99 <= 1 s; the tail goes to 60 s so a backlog is measured, not clipped.
END_TO_END_LATENCY_BUCKETS: tuple[float, ...] = (
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
)

#: Entity-match scores are in [0, 1]; matches are only reported above the
#: matcher's threshold, so resolution is spent at the top of the range.
MATCH_SCORE_BUCKETS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.96, 0.99, 1.0)

#: Dead-letter kinds the service produces; pre-created so rates start at 0.
DEAD_LETTER_KINDS: tuple[str, ...] = (
    "not_json", "schema", "too_large", "core_error", "encode_error", "unknown_topic",
)

DEFAULT_LISTS_MAX_AGE_SECONDS = 24 * 3600.0

OTHER = "other"
_LABEL_VALUE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class BoundedLabel:
    """Maps outside-supplied label values onto a bounded set.

    Known values pass; unknown but well-formed values are admitted until
    ``limit`` distinct values have been seen; anything else becomes ``other``.
    This is what keeps an attacker-controlled ``event_type`` from creating a
    time series per request.
    """

    __slots__ = ("_seen", "_limit", "_lock")

    def __init__(self, known: Iterable[str], limit: int) -> None:
        self._seen: set[str] = set(known)
        self._limit = limit
        self._lock = threading.Lock()

    def __call__(self, value: object) -> str:
        text = value if isinstance(value, str) else ("" if value is None else str(value))
        if text in self._seen:
            return text
        if not _LABEL_VALUE.match(text):
            return OTHER
        with self._lock:
            if len(self._seen) >= self._limit:
                return OTHER
            self._seen.add(text)
        return text


class Metrics:
    """The service's metrics on one registry, with cheap hot-path methods."""

    def __init__(
        self,
        registry: CollectorRegistry | None = None,
        *,
        lists_max_age_seconds: float = DEFAULT_LISTS_MAX_AGE_SECONDS,
        process_collectors: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.registry = registry if registry is not None else CollectorRegistry(auto_describe=True)
        r = self.registry
        self._clock = clock
        if process_collectors:
            # process_* (CPU, RSS, fds, start time) and python_info: standard
            # liveness and resource signals every exporter is expected to have.
            ProcessCollector(registry=r)
            PlatformCollector(registry=r)

        p = PREFIX
        self.build_info = Info(f"{p}_build", "Service build.", registry=r)
        self.build_info.info({"version": __version__})

        # --- throughput -----------------------------------------------------
        self.events_consumed = Counter(
            f"{p}_events_consumed", "Events read from input topics, by topic and event type.",
            ["topic", "event_type"], registry=r,
        )
        self.decisions = Counter(
            f"{p}_decisions", "Decisions produced, by outcome.", ["outcome"], registry=r,
        )
        self.decision_reasons = Counter(
            f"{p}_decision_reasons",
            "Decisions carrying at least one reason of this code (a decision counts once per distinct code).",
            ["reason_code"], registry=r,
        )
        self.dead_letters = Counter(
            f"{p}_dead_letters", "Input records sent to the dead-letter topic, by error kind.",
            ["kind"], registry=r,
        )

        # --- latency and scores ---------------------------------------------
        self.screening_latency = Histogram(
            f"{p}_screening_latency_seconds",
            "Time spent in the pure screening core per event (decision.latency_ms).",
            buckets=SCREENING_LATENCY_BUCKETS, registry=r,
        )
        self.end_to_end_latency = Histogram(
            f"{p}_end_to_end_latency_seconds",
            "Event time (occurred_at, else broker timestamp) to decision produced.",
            buckets=END_TO_END_LATENCY_BUCKETS, registry=r,
        )
        self.match_score = Histogram(
            f"{p}_entity_match_score",
            "Scores of ENTITY_MATCH reasons in decisions (0..1, unitless).",
            buckets=MATCH_SCORE_BUCKETS, registry=r,
        )

        # --- reference data -------------------------------------------------
        self.lists_info = Info(f"{p}_lists", "Loaded list snapshot.", registry=r)
        self.lists_loaded = Gauge(
            f"{p}_lists_loaded", "1 if a list snapshot is loaded and in use, 0 if loading failed.", registry=r,
        )
        self.lists_published = Gauge(
            f"{p}_lists_published_timestamp_seconds",
            "Publication time of the loaded list snapshot (Unix seconds; 0 if unknown).", registry=r,
        )
        self.lists_loaded_at = Gauge(
            f"{p}_lists_loaded_timestamp_seconds",
            "When the current list snapshot was loaded (Unix seconds).", registry=r,
        )
        self.lists_age = Gauge(
            f"{p}_lists_age_seconds",
            "Age of the loaded list snapshot at scrape time: now minus publication (else load) time.",
            registry=r,
        )
        self.lists_age.set_function(self._lists_age)
        self.lists_max_age = Gauge(
            f"{p}_lists_max_age_seconds",
            "Configured maximum list age before the snapshot counts as stale (alert threshold).", registry=r,
        )
        self.lists_max_age.set(lists_max_age_seconds)
        self.rules_info = Info(f"{p}_rules", "Loaded rule bundle.", registry=r)
        self.rules_loaded = Gauge(
            f"{p}_rules_loaded", "1 if a rule bundle is loaded and in use, 0 if loading failed.", registry=r,
        )

        # --- consumer ---------------------------------------------------------
        self.assigned_partitions = Gauge(
            f"{p}_assigned_partitions", "Input partitions currently assigned to this worker.", registry=r,
        )
        self.consumer_lag = Gauge(
            f"{p}_consumer_lag_messages",
            "Records in the partition not yet committed by this worker (log end offset - committed offset).",
            ["topic", "partition"], registry=r,
        )

        # --- liveness ---------------------------------------------------------
        self.worker_ready = Gauge(
            f"{p}_worker_ready", "1 when lists are loaded, partitions assigned and the broker reachable.", registry=r,
        )
        self.event_loop_lag = Gauge(
            f"{p}_event_loop_lag_seconds", "Most recent delay of the event loop heartbeat.", registry=r,
        )

        # --- pre-resolved children (hot path) -------------------------------
        self._topic_label = BoundedLabel((), limit=32)
        self._event_type_label = BoundedLabel((t.value for t in EventType), limit=len(EventType) + 8)
        self._kind_label = BoundedLabel(DEAD_LETTER_KINDS, limit=len(DEAD_LETTER_KINDS) + 16)
        self._consumed_children: dict[tuple[str, str], Counter] = {}
        self._outcome_children = {o: self.decisions.labels(outcome=o.value) for o in Outcome}
        self._reason_children = {c: self.decision_reasons.labels(reason_code=c.value) for c in ReasonCode}
        self._dead_letter_children = {k: self.dead_letters.labels(kind=k) for k in DEAD_LETTER_KINDS}
        self._lag_children: dict[tuple[str, int], Gauge] = {}
        self._observe_screening = self.screening_latency.observe
        self._observe_e2e = self.end_to_end_latency.observe
        self._observe_score = self.match_score.observe
        self._lists_published_unix: float | None = None
        self._lists_loaded_unix: float | None = None
        self.lists_loaded.set(0)
        self.rules_loaded.set(0)
        self.worker_ready.set(0)

    # ------------------------------------------------------------------ hot path

    def event_consumed(self, topic: str, event_type: str | None) -> None:
        """Count one input record; ``event_type`` may be None/garbage for undecodable input."""
        key = (topic, event_type or "unknown")
        child = self._consumed_children.get(key)
        if child is None:
            child = self.events_consumed.labels(
                topic=self._topic_label(topic), event_type=self._event_type_label(key[1])
            )
            if len(self._consumed_children) < 1024:
                self._consumed_children[key] = child
        child.inc()

    def decision_emitted(self, decision: Decision, end_to_end_seconds: float | None = None) -> None:
        """Count a produced decision: outcome, reason codes, latencies, match scores."""
        self._outcome_children[decision.decision].inc()
        reasons = decision.reasons
        if reasons:
            seen: set[ReasonCode] = set()
            for reason in reasons:
                code = reason.code
                if code not in seen:
                    seen.add(code)
                    self._reason_children[code].inc()
                if code is ReasonCode.ENTITY_MATCH:
                    score = reason.evidence.get("score")
                    if isinstance(score, (int, float)):
                        self._observe_score(score)
        self._observe_screening(decision.latency_ms / 1000.0)
        if end_to_end_seconds is not None and end_to_end_seconds >= 0.0:
            self._observe_e2e(end_to_end_seconds)

    def dead_letter(self, kind: str) -> None:
        child = self._dead_letter_children.get(kind)
        if child is None:
            child = self.dead_letters.labels(kind=self._kind_label(kind))
            if len(self._dead_letter_children) < 64:
                self._dead_letter_children[kind] = child
        child.inc()

    # ------------------------------------------------------------- slow path

    def set_lists_info(self, version: str, published_unix: float | None, loaded: bool) -> None:
        """Record the list snapshot in use (``loaded=False``: the last load failed)."""
        self.lists_info.info({"version": str(version)})
        self.lists_loaded.set(1 if loaded else 0)
        if loaded:
            self._lists_loaded_unix = self._clock()
            self.lists_loaded_at.set(self._lists_loaded_unix)
            self._lists_published_unix = published_unix
            self.lists_published.set(published_unix or 0.0)

    def set_lists_max_age(self, seconds: float) -> None:
        self.lists_max_age.set(seconds)

    def set_rules_info(self, version: str, loaded: bool) -> None:
        self.rules_info.info({"version": str(version)})
        self.rules_loaded.set(1 if loaded else 0)

    def set_ready(self, ready: bool) -> None:
        self.worker_ready.set(1 if ready else 0)

    def set_assigned_partitions(self, n: int) -> None:
        self.assigned_partitions.set(n)

    def set_consumer_lag(self, topic: str, partition: int, lag: int | float) -> None:
        key = (topic, int(partition))
        child = self._lag_children.get(key)
        if child is None:
            child = self.consumer_lag.labels(topic=self._topic_label(topic), partition=str(key[1]))
            self._lag_children[key] = child
        child.set(max(0, lag))

    def forget_partitions(self, keep: Iterable[tuple[str, int]]) -> None:
        """Drop lag series of partitions no longer assigned (after a rebalance)."""
        keep_set = {(t, int(p)) for t, p in keep}
        for key in list(self._lag_children):
            if key not in keep_set:
                del self._lag_children[key]
                try:
                    self.consumer_lag.remove(self._topic_label(key[0]), str(key[1]))
                except KeyError:
                    pass

    def set_event_loop_lag(self, seconds: float) -> None:
        self.event_loop_lag.set(seconds)

    # ------------------------------------------------------------- exposition

    def _lists_age(self) -> float:
        ref = self._lists_published_unix or self._lists_loaded_unix
        if ref is None:
            return 0.0
        return max(0.0, self._clock() - ref)

    def exposition(self) -> bytes:
        """The registry in Prometheus text format (what ``/metrics`` serves)."""
        return generate_latest(self.registry)

    content_type = CONTENT_TYPE_LATEST


_default: Metrics | None = None
_default_lock = threading.Lock()


def default_metrics() -> Metrics:
    """The process-wide instance (own registry, not prometheus_client's global one)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Metrics()
        return _default
