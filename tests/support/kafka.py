"""Test harness around real processes: an embedded Tansu broker and `tradescreen worker` subprocesses.

A background thread owns an asyncio loop with one producer and one consumer of
the decision and dead-letter topics, collecting every output record, so tests
can produce events and wait for their outcomes synchronously. Nothing is
mocked: the worker is the real CLI entry point talking to a real broker.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from stream.broker import EmbeddedBroker, ensure_topics, free_port
from stream.settings import REPO_ROOT, Topics


class Collector:
    """Consumes decisions and dead letters in a background loop; thread-safe lookups."""

    def __init__(self, bootstrap: str, topics: Topics) -> None:
        self.bootstrap = bootstrap
        self.topics = topics
        self.loop = asyncio.new_event_loop()
        self.decisions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.dead_letters: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.cond = threading.Condition()
        self.producer: AIOKafkaProducer | None = None
        self._stop = asyncio.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._ready = threading.Event()

    def start(self) -> "Collector":
        self._thread.start()
        if not self._ready.wait(60):
            raise RuntimeError("collector did not start")
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self.producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all", linger_ms=2,
                                         max_request_size=4 << 20)
        await self.producer.start()
        consumer = AIOKafkaConsumer(
            self.topics.decisions, self.topics.dead_letters, bootstrap_servers=self.bootstrap,
            group_id=f"test-collector-{os.getpid()}-{id(self)}", auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        await consumer.start()
        self._ready.set()
        try:
            while not self._stop.is_set():
                batches = await consumer.getmany(timeout_ms=200, max_records=5000)
                if not batches:
                    continue
                with self.cond:
                    for tp, records in batches.items():
                        for rec in records:
                            doc = orjson.loads(rec.value)
                            if tp.topic == self.topics.decisions:
                                self.decisions[doc["event_id"]].append(doc)
                            else:
                                key = rec.key.decode(errors="replace") if rec.key else ""
                                self.dead_letters[key].append(doc)
                    self.cond.notify_all()
        finally:
            await consumer.stop()
            await self.producer.stop()

    def produce_many(self, records: Iterable[tuple[str, bytes | None, bytes]]) -> None:
        async def send_all() -> None:
            assert self.producer is not None
            futs = [await self.producer.send(topic, value, key=key) for topic, key, value in records]
            await asyncio.gather(*futs)

        asyncio.run_coroutine_threadsafe(send_all(), self.loop).result(120)

    def outcome_count(self, keys: Iterable[str]) -> int:
        with self.cond:
            return sum(1 for k in keys if k in self.decisions or k in self.dead_letters)

    def wait_for(self, keys: Iterable[str], timeout: float) -> dict[str, dict[str, Any]]:
        """Wait until every key has a decision or a dead letter; returns key → latest record."""
        keys = list(keys)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                missing = [k for k in keys if k not in self.decisions and k not in self.dead_letters]
                if not missing:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(missing)} of {len(keys)} events without outcome, e.g. {missing[:5]}")
                self.cond.wait(min(remaining, 0.5))
            out: dict[str, dict[str, Any]] = {}
            for k in keys:
                if k in self.decisions:
                    out[k] = {"kind": "decision", **self.decisions[k][-1]}
                else:
                    out[k] = {"kind": "dead_letter", **self.dead_letters[k][-1]}
            return out

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(15)


@dataclass
class WorkerProcess:
    """One `tradescreen worker` subprocess against a given broker."""

    bootstrap: str
    env_extra: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    metrics_port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> "WorkerProcess":
        self.metrics_port = self.metrics_port or free_port()
        env = dict(os.environ)
        env.update(
            KAFKA_BOOTSTRAP_SERVERS=self.bootstrap,
            TRADESCREEN_METRICS_PORT=str(self.metrics_port),
            TRADESCREEN_METRICS_HOST="127.0.0.1",
            TRADESCREEN_LOG_LEVEL="INFO",
        )
        env.update(self.env_extra)
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "stream.cli", "worker"], cwd=REPO_ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        return self

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.metrics_port}/metrics"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.metrics_port}"

    def get(self, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=timeout) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill9(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(30)

    def stop(self, timeout: float = 30.0) -> None:
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@dataclass
class StreamingStack:
    """Broker + collector + workers, shared across the tests of a session."""

    broker: EmbeddedBroker
    topics: Topics
    collector: Collector
    workers: list[WorkerProcess]
    log_dir: Path

    @property
    def worker(self) -> WorkerProcess:
        return self.workers[0]

    @property
    def metrics_url(self) -> str:
        return self.worker.metrics_url

    def topic_for(self, event_type_or_kind: str) -> str:
        return {
            "customs": self.topics.customs, "customs_declaration": self.topics.customs,
            "orders": self.topics.orders, "order": self.topics.orders,
            "tech": self.topics.tech, "technology_transfer": self.topics.tech,
        }.get(event_type_or_kind, self.topics.customs)

    def produce(self, topic: str, key: bytes | None, value: bytes) -> None:
        self.collector.produce_many([(topic, key, value)])

    def produce_events(self, events: Iterable[dict[str, Any]]) -> list[str]:
        records = []
        ids = []
        for ev in events:
            ids.append(ev["event_id"])
            records.append((self.topic_for(ev.get("event_type", "")), ev["event_id"].encode(), orjson.dumps(ev)))
        self.collector.produce_many(records)
        return ids

    def wait_for_decisions(self, keys: Iterable[str], timeout: float = 120.0) -> dict[str, dict[str, Any]]:
        return self.collector.wait_for(keys, timeout)

    def add_worker(self, env_extra: dict[str, str] | None = None, name: str = "worker") -> WorkerProcess:
        w = WorkerProcess(self.broker.bootstrap_servers, env_extra=dict(env_extra or {}),
                          log_path=self.log_dir / f"{name}-{len(self.workers)}.log").start()
        self.workers.append(w)
        return w

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        self.collector.stop()
        self.broker.stop()


def start_stack(log_dir: Path, *, partitions: int = 4, env_extra: dict[str, str] | None = None,
                workers: int = 1, prefix: str = "tradescreen.") -> StreamingStack:
    log_dir.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(log_path=log_dir / "tansu.log").start()
    topics = Topics.with_prefix(prefix)
    asyncio.run(ensure_topics(broker.bootstrap_servers, topics.all, partitions=partitions))
    collector = Collector(broker.bootstrap_servers, topics).start()
    stack = StreamingStack(broker, topics, collector, [], log_dir)
    env = {"TRADESCREEN_PARTITIONS": str(partitions), "TRADESCREEN_TOPIC_PREFIX": prefix,
           "TRADESCREEN_DATA_DIR": str(log_dir / "data")}
    env.update(env_extra or {})
    for _ in range(workers):
        stack.add_worker(env)
    return stack


def warm_up(stack: StreamingStack, timeout: float = 180.0) -> None:
    """Block until the workers have joined the group and answer (list loading + consumer-group join)."""
    from stream.samples import SampleGenerator

    gen = SampleGenerator(seed=1, malformed_share=0, embargo_share=0, prefix="warmup")
    sample = gen.next()
    stack.produce(stack.topic_for(sample.topic_kind), sample.key, sample.value)
    try:
        stack.wait_for_decisions([sample.key.decode()], timeout)
    except TimeoutError:
        logs = "\n".join(
            (w.log_path.read_text(errors="replace")[-3000:] if w.log_path and w.log_path.exists() else "")
            for w in stack.workers
        )
        raise TimeoutError(f"worker did not answer within {timeout}s; log tail:\n{logs}") from None
