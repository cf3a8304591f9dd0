"""Helpers for the fault tests: own stacks with short group timeouts, a steady producer, accounting.

Every fault test builds its own broker and workers (the session's shared worker
is never killed or stalled). Accounting is by input coordinates
(topic, partition, offset): each produced record must come back as a decision
or a dead letter carrying the same coordinates, whatever its key or content.
"""

from __future__ import annotations

import asyncio
import random
import time
import urllib.request
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from stream.samples import SampleGenerator
from stream.settings import REPO_ROOT
from tests.support.kafka import StreamingStack, start_stack, warm_up

LISTS_CACHE = REPO_ROOT / "var" / "test-lists.snapshot"

#: Short consumer-group timeouts: a killed worker's partitions move within seconds,
#: and a stalled broker is noticed within seconds (production keeps Faust's defaults).
FAST_GROUP_ENV: dict[str, str] = {
    "TRADESCREEN_SESSION_TIMEOUT_S": "6",
    "TRADESCREEN_HEARTBEAT_INTERVAL_S": "1",
    "TRADESCREEN_REQUEST_TIMEOUT_S": "10",
    "TRADESCREEN_REBALANCE_TIMEOUT_S": "10",
    "TRADESCREEN_PRODUCER_REQUEST_TIMEOUT_S": "10",
    "TRADESCREEN_SEND_RETRY_BACKOFF_S": "0.5",
    "TRADESCREEN_LISTS_CACHE": str(LISTS_CACHE),
}

Coord = tuple[str, int, int]


def fault_stack(log_dir: Path, *, workers: int = 1, partitions: int = 4, env: dict[str, str] | None = None,
                warm: bool = True) -> StreamingStack:
    stack = start_stack(log_dir, partitions=partitions, workers=workers, env_extra={**FAST_GROUP_ENV, **(env or {})})
    if warm:
        try:
            warm_up(stack)
        except BaseException:
            stack.close()
            raise
    return stack


def produce_records(stack: StreamingStack, records: Iterable[tuple[str, bytes | None, bytes]],
                    timeout: float = 300.0) -> list[Coord]:
    """Produce and return the broker-assigned coordinates of every record (acks=all)."""
    collector = stack.collector

    async def send_all() -> list[Coord]:
        assert collector.producer is not None
        futs = [await collector.producer.send(topic, value, key=key) for topic, key, value in records]
        metas = await asyncio.gather(*futs)
        return [(m.topic, m.partition, m.offset) for m in metas]

    return asyncio.run_coroutine_threadsafe(send_all(), collector.loop).result(timeout)


@dataclass
class SteadyProducer:
    """Produces sample events at a fixed rate from the collector's loop, recording coordinates."""

    stack: StreamingStack
    rate_per_s: float = 200.0
    prefix: str = "steady"
    malformed_share: float = 0.05
    coords: list[Coord] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    _stop: bool = False
    _future: Future | None = None

    def start(self) -> "SteadyProducer":
        gen = SampleGenerator(seed=7, prefix=self.prefix, malformed_share=self.malformed_share, embargo_share=0.1)

        async def run() -> None:
            producer = self.stack.collector.producer
            assert producer is not None
            tick = 0.05
            per_tick = max(1, int(self.rate_per_s * tick))
            next_at = time.monotonic()
            while not self._stop:
                futs = []
                for _ in range(per_tick):
                    s = gen.next()
                    self.keys.append(s.key.decode())
                    futs.append(await producer.send(self.stack.topic_for(s.topic_kind), s.value, key=s.key))
                for m in await asyncio.gather(*futs):
                    self.coords.append((m.topic, m.partition, m.offset))
                next_at += tick
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))

        self._future = asyncio.run_coroutine_threadsafe(run(), self.stack.collector.loop)
        return self

    def stop(self) -> list[Coord]:
        self._stop = True
        assert self._future is not None
        self._future.result(60)
        return list(self.coords)


@dataclass
class Accounting:
    produced: int
    decided: int
    dead_lettered: int
    missing: list[Coord]
    duplicates: int
    """Extra outputs beyond the first, over all produced records."""
    duplicates_differing: list[Coord]
    """Records whose duplicate decisions differ in content (decision_id)."""

    def line(self) -> str:
        return (f"produced={self.produced} decided={self.decided} dead_lettered={self.dead_lettered} "
                f"missing={len(self.missing)} duplicates={self.duplicates} "
                f"differing_duplicates={len(self.duplicates_differing)}")


def outputs_by_coord(stack: StreamingStack) -> dict[Coord, list[dict[str, Any]]]:
    """Every collected decision and dead letter, grouped by the input coordinates they name."""
    out: dict[Coord, list[dict[str, Any]]] = {}
    with stack.collector.cond:
        for docs in stack.collector.decisions.values():
            for d in docs:
                src = d.get("source") or {}
                out.setdefault((src.get("topic"), src.get("partition"), src.get("offset")), []).append(d)
        for docs in stack.collector.dead_letters.values():
            for d in docs:
                out.setdefault((d["topic"], d["partition"], d["offset"]), []).append(d)
    return out


def account(stack: StreamingStack, coords: list[Coord]) -> Accounting:
    by_coord = outputs_by_coord(stack)
    decided = dead = dups = 0
    missing: list[Coord] = []
    differing: list[Coord] = []
    for c in coords:
        docs = by_coord.get(c)
        if not docs:
            missing.append(c)
            continue
        if "decision" in docs[0]:
            decided += 1
        else:
            dead += 1
        dups += len(docs) - 1
        if len(docs) > 1:
            ids = {d.get("decision_id") or (d.get("error_kind"), d.get("original_b64")) for d in docs}
            if len(ids) > 1:
                differing.append(c)
    return Accounting(len(coords), decided, dead, missing, dups, differing)


def wait_accounted(stack: StreamingStack, coords: list[Coord], timeout: float = 180.0) -> Accounting:
    """Wait until every coordinate has an output (or the timeout), then account."""
    deadline = time.monotonic() + timeout
    while True:
        acc = account(stack, coords)
        if not acc.missing or time.monotonic() > deadline:
            return acc
        time.sleep(1.0)


def metric_samples(url: str, timeout: float = 5.0) -> dict[str, float]:
    """``name{labels}`` → value from a Prometheus text exposition (for the fault tests' alert checks)."""
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        text = resp.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, _, value = line.rpartition(" ")
        try:
            out[name] = float(value)
        except ValueError:
            continue
    return out


def random_moments(seed: int, n: int, low: float, high: float) -> Iterator[float]:
    rng = random.Random(seed)
    for _ in range(n):
        yield rng.uniform(low, high)


def summary(counter: Counter) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(counter.items()))
