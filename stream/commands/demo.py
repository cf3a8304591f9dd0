"""``tradescreen demo``: embedded broker + a real worker + realistic sample traffic, with a live summary.

The worker is the same ``tradescreen worker`` process production runs; the
demo only adds a traffic generator and a consumer of the output topics, so
what a new user sees is the real service.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from typing import Any

import orjson

from stream.settings import REPO_ROOT, Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="run broker + worker + sample traffic and print a live summary",
        description="Start the embedded broker (unless KAFKA_BOOTSTRAP_SERVERS is set), a screening worker and a "
        "generator of sample trade events (clean shipments, embargoed destinations, listed parties, malformed "
        "messages); print decisions, reasons and throughput until Ctrl-C.",
    )
    p.add_argument("--rate", type=float, default=200.0, help="events per second to produce (default 200)")
    p.add_argument("--events", type=int, default=0, help="stop after this many events (default: run until Ctrl-C)")
    p.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds of traffic")
    p.add_argument("--metrics-port", type=int, default=None, help="worker metrics port (default 9464)")
    p.add_argument("--with-prometheus", action="store_true",
                   help="also start a local Prometheus (Debian package) scraping the worker, with the alert rules")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=run)


def _listed_names(settings: Settings, limit: int = 60) -> list[tuple[str, str | None]]:
    """A few real listed names so the demo shows ENTITY_MATCH holds; empty if lists are unavailable."""
    try:
        from lists.sources.registry import load_source

        loaded = load_source(settings.shared_data / "lists" / "ofac" / "sdn.csv")
    except Exception:  # noqa: BLE001 - the demo still runs without them
        return []
    out: list[tuple[str, str | None]] = []
    for ent in loaded.entities:
        if ent.schema in ("Organization", "Company", "LegalEntity") and ent.countries:
            out.append((ent.names[0].value, ent.countries[0]))
        if len(out) >= limit:
            break
    return out


class Summary:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.produced = 0
        self.decisions: collections.Counter[str] = collections.Counter()
        self.reasons: collections.Counter[str] = collections.Counter()
        self.dead: collections.Counter[str] = collections.Counter()
        self.latencies: list[float] = []
        self.last_hold: dict[str, Any] | None = None

    def add(self, topic_is_decision: bool, doc: dict[str, Any]) -> None:
        if topic_is_decision:
            self.decisions[doc["decision"]] += 1
            for r in doc["reasons"]:
                self.reasons[r["code"]] += 1
            self.latencies.append(doc.get("latency_ms", 0.0))
            if doc["decision"] == "HOLD" and doc["reasons"]:
                self.last_hold = doc
        else:
            self.dead[doc.get("error_kind", "?")] += 1

    def render(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        done = sum(self.decisions.values()) + sum(self.dead.values())
        lat = sorted(self.latencies[-5000:])
        p50 = lat[len(lat) // 2] if lat else 0.0
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0
        lines = [
            f"[{elapsed:6.0f}s] produced {self.produced}  screened {done}  ({done / elapsed:.0f}/s)  "
            f"RELEASE {self.decisions['RELEASE']}  HOLD {self.decisions['HOLD']}  dead letters {sum(self.dead.values())}"
            f"  core latency p50 {p50:.2f} ms p99 {p99:.2f} ms",
        ]
        if self.reasons:
            lines.append("   reasons: " + ", ".join(f"{k} {v}" for k, v in self.reasons.most_common()))
        if self.dead:
            lines.append("   dead letters: " + ", ".join(f"{k} {v}" for k, v in self.dead.most_common()))
        if self.last_hold:
            r = self.last_hold["reasons"][0]
            lines.append(f"   latest HOLD {self.last_hold['event_id']}: {r['code']} ({r['rule']}): {r['detail'][:110]}")
        return "\n".join(lines)


async def _traffic(settings: Settings, args: argparse.Namespace, summary: Summary, stop: asyncio.Event,
                   worker: subprocess.Popen[bytes]) -> None:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    assert settings.bootstrap_servers
    topics = settings.topics
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers, linger_ms=5)
    consumer = AIOKafkaConsumer(
        topics.decisions, topics.dead_letters, bootstrap_servers=settings.bootstrap_servers,
        group_id=f"tradescreen-demo-{os.getpid()}", auto_offset_reset="latest",
    )
    # (Closed also on Ctrl-C, which cancels this task wherever it waits: left to the garbage
    # collector, the clients print "Unclosed AIOKafkaConsumer" after the summary.)
    try:
        await producer.start()
        try:
            await consumer.start()
            await _run_traffic(settings, args, summary, stop, worker, producer, consumer)
        finally:
            await consumer.stop()
    finally:
        await producer.stop()


async def _run_traffic(settings: Settings, args: argparse.Namespace, summary: Summary, stop: asyncio.Event,
                       worker: subprocess.Popen[bytes], producer: Any, consumer: Any) -> None:
    from stream.samples import SampleGenerator

    topics = settings.topics
    gen = SampleGenerator(seed=args.seed, listed_names=_listed_names(settings), prefix=f"demo{int(time.time())}")
    topic_of = {"customs": topics.customs, "orders": topics.orders, "tech": topics.tech}

    async def produce() -> None:
        interval = 1.0 / args.rate if args.rate > 0 else 0.0
        next_at = time.monotonic()
        while not stop.is_set():
            if args.events and summary.produced >= args.events:
                return
            sample = gen.next()
            await producer.send(topic_of[sample.topic_kind], sample.value, key=sample.key)
            summary.produced += 1
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)

    async def consume() -> None:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=250)
            for tp, records in batches.items():
                for rec in records:
                    summary.add(tp.topic == topics.decisions, orjson.loads(rec.value))

    async def report() -> None:
        while not stop.is_set():
            await asyncio.sleep(2.0)
            print(summary.render(), flush=True)
            if worker.poll() is not None:
                print(f"tradescreen demo: the worker exited with code {worker.returncode}; see its output above",
                      flush=True)
                stop.set()
            done = sum(summary.decisions.values()) + sum(summary.dead.values())
            if args.events and done >= args.events:
                stop.set()
            if args.duration and time.monotonic() - summary.started > args.duration:
                stop.set()

    tasks = [asyncio.create_task(t) for t in (produce(), consume(), report())]
    try:
        await stop.wait()
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def run(args: argparse.Namespace) -> int:
    from stream.broker import free_port
    from stream.runtime import prepare_topics, start_embedded_broker

    # Terminated (`timeout`, a closed terminal, a service manager), the demo must stop its
    # worker and broker as Ctrl-C does: they run in sessions of their own so that Ctrl-C
    # reaches the demo first, and nothing else would stop them (they outlived it).
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.default_int_handler)
    settings = Settings.from_env()
    port = args.metrics_port or (settings.metrics_port if _port_free(settings.metrics_port) else free_port())
    settings = dataclasses.replace(settings, metrics_port=port)
    with ExitStack() as stack:
        settings = start_embedded_broker(stack, settings)
        prepare_topics(settings)
        env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=settings.bootstrap_servers or "",
                   TRADESCREEN_METRICS_PORT=str(port))
        worker = subprocess.Popen([sys.executable, "-m", "stream.cli", "worker"], cwd=REPO_ROOT, env=env,
                                  start_new_session=True)

        def _stop_worker() -> None:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(30)
                except subprocess.TimeoutExpired:
                    worker.kill()

        stack.callback(_stop_worker)
        print(f"tradescreen demo: worker metrics at http://127.0.0.1:{port}/metrics  "
              f"(health: /healthz, /readyz); first decisions in ~10-25 s (list snapshot, then group join)", flush=True)
        if args.with_prometheus:
            try:
                from stream.local_prometheus import start_local_prometheus

                prom, url = start_local_prometheus([f"127.0.0.1:{port}"])
                stack.callback(prom.terminate)
                print(f"tradescreen demo: Prometheus at {url} (alerts: {url}/alerts, graphs: {url}/graph)", flush=True)
            except Exception as exc:  # noqa: BLE001
                print(f"tradescreen demo: Prometheus not started ({exc}); install Debian's 'prometheus'", flush=True)
        summary = Summary()
        stop = asyncio.Event()
        try:
            asyncio.run(_traffic(settings, args, summary, stop, worker))
        except KeyboardInterrupt:
            pass
        print(summary.render(), flush=True)
        # (A second signal while the worker drains must not skip the broker's stop.)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
    return 0


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("0.0.0.0", port))
            return True
        except OSError:
            return False
