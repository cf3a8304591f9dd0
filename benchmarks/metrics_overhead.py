"""What do metrics cost per screened event? Prints figures; asserts nothing.

Two measurements, both in-process on real sample traffic (``stream.samples``)
screened by the real pipeline with the real lists and rule bundle:

1. *recording cost*: the ``Metrics`` calls the agent makes per input record
   (``event_consumed`` + ``decision_emitted`` or ``dead_letter``), timed over
   pre-computed pipeline outputs, against the same loop with a no-op observer;
2. *throughput*: ``Pipeline.process`` + the observer calls, with metrics and
   without, interleaved rounds (median), in events/s.

Usage: ``python benchmarks/metrics_overhead.py [--events N] [--rounds R] [--no-parties]``
(loading the party lists takes ~30 s unless a snapshot cache exists).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prometheus_client import CollectorRegistry  # noqa: E402

from stream.metrics import Metrics  # noqa: E402
from stream.pipeline import Output, Pipeline  # noqa: E402
from stream.reference import build_screener  # noqa: E402
from stream.samples import SampleGenerator  # noqa: E402
from stream.settings import Settings  # noqa: E402


class NoMetrics:
    """Same interface, does nothing: the "without metrics" baseline."""

    def event_consumed(self, topic: str, event_type: str | None) -> None:
        pass

    def decision_emitted(self, decision: Any, end_to_end_seconds: float | None = None) -> None:
        pass

    def dead_letter(self, kind: str) -> None:
        pass


TOPIC = {"customs": "tradescreen.customs-declarations", "orders": "tradescreen.orders", "tech": "tradescreen.technology-transfers"}


def record(observer: Any, outputs: Sequence[tuple[str, Output]]) -> None:
    """Exactly the calls the screening agent makes per record."""
    for topic, out in outputs:
        observer.event_consumed(topic, out.event_type or "invalid")
        if out.decision is not None:
            observer.decision_emitted(out.decision, 0.012)
        else:
            observer.dead_letter(out.error_kind or "unknown")


def time_recording(observer: Any, outputs: Sequence[tuple[str, Output]], rounds: int) -> float:
    """Median ns per record."""
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        record(observer, outputs)
        samples.append((time.perf_counter_ns() - t0) / len(outputs))
    return statistics.median(samples)


def time_pipeline(pipeline: Pipeline, observer: Any, samples: Sequence[Any]) -> float:
    """Events per CPU-second of this process for screening + observer calls.

    CPU time rather than wall time: the benchmark machine is shared, and other
    processes' load would otherwise dominate the difference being measured.
    """
    t0 = time.process_time()
    for s in samples:
        out = pipeline.process(s.value, key=s.key, topic=TOPIC[s.topic_kind])
        observer.event_consumed(TOPIC[s.topic_kind], out.event_type or "invalid")
        if out.decision is not None:
            observer.decision_emitted(out.decision, 0.012)
        else:
            observer.dead_letter(out.error_kind or "unknown")
    return len(samples) / (time.process_time() - t0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-parties", action="store_true", help="skip party lists (rules only; fast)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    screener, report = build_screener(Settings.from_env(), with_parties=not args.no_parties)
    print(f"reference data: lists={report.lists_version[:60]} rules={report.rules_version} "
          f"loaded in {time.perf_counter() - t0:.1f}s")
    pipeline = Pipeline(screener)
    samples = SampleGenerator(seed=3, prefix="bench").take(args.events)
    outputs = [(TOPIC[s.topic_kind], pipeline.process(s.value, key=s.key, topic=TOPIC[s.topic_kind])) for s in samples]
    holds = sum(1 for _, o in outputs if o.decision is not None and o.decision.decision.value == "HOLD")
    dead = sum(1 for _, o in outputs if o.decision is None)
    print(f"traffic: {len(outputs)} records, {holds} HOLD, {len(outputs) - holds - dead} RELEASE, {dead} dead letters")

    metrics = Metrics(CollectorRegistry())
    record(metrics, outputs)  # warm up label children
    with_ns = time_recording(metrics, outputs, args.rounds * 4)
    without_ns = time_recording(NoMetrics(), outputs, args.rounds * 4)
    print(f"recording cost: {with_ns:.0f} ns/record with metrics, {without_ns:.0f} ns/record no-op "
          f"-> {with_ns - without_ns:.0f} ns/record for metrics")

    with_eps, without_eps = [], []
    for _ in range(args.rounds):  # interleaved so machine noise hits both alike
        without_eps.append(time_pipeline(pipeline, NoMetrics(), samples))
        with_eps.append(time_pipeline(pipeline, metrics, samples))
    w, wo = statistics.median(with_eps), statistics.median(without_eps)
    core_us = 1e6 / wo
    print(f"pipeline throughput (median of {args.rounds}, per CPU-second): {wo:,.0f} events/s without metrics, "
          f"{w:,.0f} events/s with metrics ({(wo - w) / wo * 100:+.1f} % cost; "
          f"spread without: {min(without_eps):,.0f}-{max(without_eps):,.0f})")
    print(f"metrics = {(with_ns - without_ns) / 1000 / core_us * 100:.2f} % of the {core_us:.0f} us spent per event")
    scrape_t0 = time.perf_counter()
    body = metrics.exposition()
    print(f"one /metrics exposition: {len(body)} bytes in {(time.perf_counter() - scrape_t0) * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
