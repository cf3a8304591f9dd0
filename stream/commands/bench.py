"""``tradescreen bench``: end-to-end throughput and latency through real workers on the embedded broker.

Prints figures, asserts nothing. For each variant (screening worker with
metrics, without metrics, and a no-op Faust passthrough) it starts a fresh
worker on its own topics, then:

1. throughput: produces N pre-encoded events as fast as possible and measures
   events/s from the first input to the last output (broker timestamps);
2. latency: produces at half that rate and reports p50/p99 of (output record
   timestamp − input record timestamp), i.e. broker-in → decision-out;
3. peak RSS of the worker process (VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stream.settings import REPO_ROOT, Settings, Topics


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="benchmark events/s, p50/p99 latency and RSS through real workers (embedded broker)",
        description="Throughput and latency of the screening worker vs a no-op Faust passthrough on the same broker.",
    )
    p.add_argument("--events", type=int, default=20000, help="events for the throughput phase (default 20000)")
    p.add_argument("--latency-events", type=int, default=3000, help="events for the latency phase (default 3000)")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--variants", default="screening,screening-no-metrics,passthrough",
                   help="comma-separated: screening, screening-no-metrics, passthrough")
    p.add_argument("--seed", type=int, default=11)
    p.set_defaults(func=run)


@dataclass
class Result:
    variant: str
    events: int
    throughput: float
    p50_ms: float
    p99_ms: float
    p999_ms: float
    latency_rate: float
    peak_rss_mb: float
    outputs: int


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


async def _drive(bootstrap: str, topics: Topics, samples: list[Any], rate: float | None,
                 timeout: float) -> tuple[float, list[float], int]:
    """Produce samples (at ``rate``/s, or flat out), wait for one output per key; returns (events/s, latencies, outputs)."""
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, max_batch_size=1 << 20)
    consumer = AIOKafkaConsumer(topics.decisions, topics.dead_letters, bootstrap_servers=bootstrap,
                                group_id=f"bench-{time.time_ns()}", auto_offset_reset="latest")
    await producer.start()
    await consumer.start()
    await asyncio.sleep(1.0)  # let the consumer settle on the log end before producing
    topic_of = {"customs": topics.customs, "orders": topics.orders, "tech": topics.tech}
    sent_ts: dict[bytes, int] = {}
    keys = {s.key for s in samples}
    out_ts: dict[bytes, int] = {}

    async def consume() -> None:
        while len(out_ts) < len(keys):
            batches = await consumer.getmany(timeout_ms=200, max_records=10000)
            for records in batches.values():
                for rec in records:
                    if rec.key in keys and rec.key not in out_ts:
                        out_ts[rec.key] = rec.timestamp

    consumer_task = asyncio.create_task(consume())
    futures = []
    start = time.monotonic()
    for i, s in enumerate(samples):
        futures.append((s.key, await producer.send(topic_of[s.topic_kind], s.value, key=s.key)))
        if rate:
            delay = start + (i + 1) / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
    for key, fut in futures:
        sent_ts[key] = (await fut).timestamp
    try:
        await asyncio.wait_for(consumer_task, timeout)
    except asyncio.TimeoutError:
        print(f"  warning: only {len(out_ts)}/{len(keys)} outputs within {timeout:.0f}s", file=sys.stderr)
    await producer.stop()
    await consumer.stop()
    latencies = [float(out_ts[k] - sent_ts[k]) for k in out_ts if k in sent_ts]
    if not out_ts:
        return 0.0, latencies, 0
    span_s = max((max(out_ts.values()) - min(sent_ts.values())) / 1000.0, 1e-3)
    return len(out_ts) / span_s, latencies, len(out_ts)


def _start_variant(settings: Settings, variant: str, prefix: str, log_dir: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=settings.bootstrap_servers or "",
               TRADESCREEN_TOPIC_PREFIX=prefix, TRADESCREEN_APP_ID=f"bench-{variant}",
               TRADESCREEN_METRICS_PORT="0", TRADESCREEN_METRICS="0" if variant == "screening-no-metrics" else "1",
               TRADESCREEN_PARTITIONS=str(settings.partitions), TRADESCREEN_DATA_DIR=str(log_dir / variant))
    if variant == "passthrough":
        argv = [sys.executable, "-m", "stream.passthrough"]
    else:
        argv = [sys.executable, "-m", "stream.cli", "worker"]
    log = open(log_dir / f"{variant}.log", "ab")
    return subprocess.Popen(argv, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from stream.broker import ensure_topics
    from stream.commands.demo import _listed_names
    from stream.runtime import start_embedded_broker
    from stream.samples import SampleGenerator

    settings = dataclasses.replace(Settings.from_env(), partitions=args.partitions)
    log_dir = REPO_ROOT / "var" / "bench"
    log_dir.mkdir(parents=True, exist_ok=True)
    listed = _listed_names(settings)
    results: list[Result] = []
    with ExitStack() as stack:
        settings = start_embedded_broker(stack, settings)
        assert settings.bootstrap_servers
        for variant in [v.strip() for v in args.variants.split(",") if v.strip()]:
            prefix = f"bench-{variant}-{int(time.time())}."
            topics = Topics.with_prefix(prefix)
            asyncio.run(ensure_topics(settings.bootstrap_servers, topics.all, partitions=args.partitions))
            proc = _start_variant(settings, variant, prefix, log_dir)
            try:
                gen = SampleGenerator(seed=args.seed, listed_names=listed, prefix=f"{variant}-warm")
                print(f"[{variant}] waiting for the worker (list loading + group join)...", flush=True)
                asyncio.run(_drive(settings.bootstrap_servers, topics, gen.take(1), None, 300))
                gen = SampleGenerator(seed=args.seed, listed_names=listed, prefix=f"{variant}-tp")
                samples = gen.take(args.events)
                tput, _lat, outs = asyncio.run(_drive(settings.bootstrap_servers, topics, samples, None, 600))
                rate = max(tput * 0.5, 10.0)
                gen = SampleGenerator(seed=args.seed + 1, listed_names=listed, prefix=f"{variant}-lat")
                _t, lat, _o = asyncio.run(
                    _drive(settings.bootstrap_servers, topics, gen.take(args.latency_events), rate, 600))
                res = Result(variant, args.events, tput, _percentile(lat, 0.5), _percentile(lat, 0.99),
                             _percentile(lat, 0.999), rate, _peak_rss_mb(proc.pid), outs)
                results.append(res)
                print(f"[{variant}] {res.throughput:,.0f} events/s over {outs} events; latency at "
                      f"{rate:,.0f}/s: p50 {res.p50_ms:.0f} ms, p99 {res.p99_ms:.0f} ms, p99.9 {res.p999_ms:.0f} ms; "
                      f"peak RSS {res.peak_rss_mb:.0f} MB", flush=True)
            finally:
                proc.terminate()
                try:
                    proc.wait(30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    by = {r.variant: r for r in results}
    print("\nvariant                 events/s   p50 ms   p99 ms  p99.9 ms  peak RSS MB")
    for r in results:
        print(f"{r.variant:22s} {r.throughput:9,.0f} {r.p50_ms:8.0f} {r.p99_ms:8.0f} {r.p999_ms:9.0f} {r.peak_rss_mb:12.0f}")
    if "screening" in by and "passthrough" in by:
        print(f"screening / passthrough throughput ratio: {by['screening'].throughput / by['passthrough'].throughput:.2f}")
    if "screening" in by and "screening-no-metrics" in by:
        a, b = by["screening"].throughput, by["screening-no-metrics"].throughput
        print(f"metrics overhead on throughput: {(b - a) / b * 100:+.1f}% (with {a:,.0f}/s, without {b:,.0f}/s)")
    return 0
