"""Load and soak benchmark: sustained traffic at 80 % of measured capacity, with all lists loaded.

    .venv/bin/python benchmarks/soak.py                 # 10-minute soak (the issue's figure)
    .venv/bin/python benchmarks/soak.py --minutes 2     # shorter run

Starts an embedded Tansu broker and one `tradescreen worker` (all shared lists,
from the snapshot cache), then:

1. capacity: a burst of ``--capacity-events`` realistic events (sample
   traffic with listed names, embargo cases and a share of malformed
   messages) gives an estimate; then events are produced at 1.3x that rate
   for ``--capacity-seconds`` and the outputs/s over the second half of that
   phase is the capacity (measured while the driver itself is producing, as
   during the soak: on a 2-core machine they share the CPU);
2. soak: produces at ``--load`` x capacity for ``--minutes`` and records, per
   event, broker-in → decision-out latency (input and output record
   timestamps), the worker's RSS and consumer lag (from its /metrics) every
   ``--sample-every`` seconds.

Prints throughput, p50/p99/p99.9 latency, RSS at start and end with the
least-squares RSS slope over the second half of the run (no growth trend =
slope near 0), consumer lag (max and at the end), and checks that every
produced event got exactly one output. A benchmark: it prints figures and
asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from stream.broker import EmbeddedBroker, ensure_topics, free_port  # noqa: E402
from stream.samples import SampleGenerator  # noqa: E402
from stream.settings import Settings, Topics  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, value) points, per minute."""
    if len(points) < 2:
        return 0.0
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    den = sum((t - mx) ** 2 for t, _ in points)
    return 60.0 * sum((t - mx) * (v - my) for t, v in points) / den if den else 0.0


def scrape(url: str) -> dict[str, float]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            text = resp.read().decode()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            try:
                out[name] = float(value)
            except ValueError:
                pass
    return out


class Driver:
    """One producer and one consumer; latency = output record timestamp - input record timestamp."""

    def __init__(self, bootstrap: str, topics: Topics) -> None:
        self.bootstrap = bootstrap
        self.topics = topics
        self.topic_of = {"customs": topics.customs, "orders": topics.orders, "tech": topics.tech}
        self.sent_ts: dict[tuple[str, int, int], int] = {}
        self.latencies: list[float] = []
        self.outputs = 0
        self.duplicates = 0
        self.seen: set[tuple[str, int, int]] = set()
        self.last_output_ts = 0
        self.keep_output_ts = True
        self.output_ts: dict[tuple[str, int, int], int] = {}

    async def start(self) -> None:
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

        self.producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, linger_ms=5, acks="all")
        self.consumer = AIOKafkaConsumer(self.topics.decisions, self.topics.dead_letters,
                                         bootstrap_servers=self.bootstrap, group_id=f"soak-{time.time_ns()}",
                                         auto_offset_reset="earliest", enable_auto_commit=False)
        await self.producer.start()
        await self.consumer.start()
        self._consume_task = asyncio.create_task(self._consume())

    async def stop(self) -> None:
        self._consume_task.cancel()
        try:
            await self._consume_task
        except asyncio.CancelledError:
            pass
        await self.producer.stop()
        await self.consumer.stop()

    async def _consume(self) -> None:
        import orjson

        while True:
            batches = await self.consumer.getmany(timeout_ms=200, max_records=10000)
            for tp, records in batches.items():
                for rec in records:
                    doc = orjson.loads(rec.value)
                    if tp.topic == self.topics.decisions:
                        src = doc.get("source") or {}
                        coord = (src.get("topic"), src.get("partition"), src.get("offset"))
                    else:
                        coord = (doc["topic"], doc["partition"], doc["offset"])
                    if coord in self.seen:
                        self.duplicates += 1
                        continue
                    self.seen.add(coord)
                    if self.keep_output_ts:
                        self.output_ts[coord] = rec.timestamp
                    self.outputs += 1
                    self.last_output_ts = max(self.last_output_ts, rec.timestamp)
                    sent = self.sent_ts.get(coord)
                    if sent is not None:
                        self.latencies.append(float(rec.timestamp - sent))

    async def produce(self, samples: list, rate: float | None) -> list[tuple[str, int, int]]:
        """Send samples at ``rate``/s (or flat out); returns their coordinates."""
        pending = []
        coords: list[tuple[str, int, int]] = []
        start = time.monotonic()
        tick = 0.02  # paced in 20 ms steps: one sleep per step, not per event (the driver shares the CPU)
        for i, s in enumerate(samples):
            pending.append(await self.producer.send(self.topic_of[s.topic_kind], s.value, key=s.key))
            if len(pending) >= 500:
                coords.extend(self._record(await asyncio.gather(*pending)))
                pending = []
            if rate and (i + 1) % max(1, int(rate * tick)) == 0:
                delay = start + (i + 1) / rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
        coords.extend(self._record(await asyncio.gather(*pending)))
        return coords

    def _record(self, metas: list) -> list[tuple[str, int, int]]:
        out = []
        for m in metas:
            coord = (m.topic, m.partition, m.offset)
            self.sent_ts[coord] = m.timestamp
            out.append(coord)
        return out

    async def wait_for(self, coords: list[tuple[str, int, int]], timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            missing = sum(1 for c in coords if c not in self.seen)
            if not missing:
                return 0
            await asyncio.sleep(0.5)
        return sum(1 for c in coords if c not in self.seen)


async def soak(args: argparse.Namespace, bootstrap: str, topics: Topics, metrics_url: str, listed: list) -> dict:
    driver = Driver(bootstrap, topics)
    await driver.start()
    try:
        warm = SampleGenerator(seed=1, listed_names=listed, prefix="soak-warm", malformed_share=0).take(1)
        print("waiting for the worker to join its group and answer...", flush=True)
        if await driver.wait_for(await driver.produce(warm, None), 600):
            raise SystemExit("worker did not answer within 600 s; see var/soak/worker.log")

        if args.capacity:
            capacity = args.capacity
            print(f"capacity given: {capacity:,.0f} events/s")
        else:
            gen = SampleGenerator(seed=args.seed, listed_names=listed, prefix="soak-cap",
                                  malformed_share=args.malformed_share)
            # (a) a burst gives a first estimate; (b) the capacity is then measured under the
            # same conditions as the soak: the driver producing paced traffic *while* the worker
            # screens (on a small machine they share the CPU), at 1.3x the estimate so the worker
            # is saturated; outputs/s over the second half of the paced phase is the capacity.
            samples = gen.take(args.capacity_events)
            coords = await driver.produce(samples, None)
            await driver.wait_for(coords, 600)
            stamps = sorted(driver.output_ts[c] for c in coords if c in driver.output_ts)
            lo = len(stamps) // 5
            burst = (len(stamps) - 1 - lo) / max((stamps[-1] - stamps[lo]) / 1000.0, 1e-3)
            paced_rate = 1.3 * burst
            samples = gen.take(int(paced_rate * args.capacity_seconds))
            t0 = time.time()
            coords = await driver.produce(samples, paced_rate)
            t1 = time.time()
            mid = (t0 + t1) / 2 * 1000.0
            done = sum(1 for c in coords if driver.output_ts.get(c, 0) >= mid and driver.output_ts[c] <= t1 * 1000.0)
            capacity = done / max(t1 - mid / 1000.0, 1e-3)
            await driver.wait_for(coords, 600)
            print(f"capacity: {capacity:,.0f} events/s sustained with the driver producing "
                  f"(burst estimate {burst:,.0f}/s, paced phase {paced_rate:,.0f}/s for {t1 - t0:.0f} s)", flush=True)
            await asyncio.sleep(5)

        driver.keep_output_ts = False
        driver.output_ts.clear()
        rate = capacity * args.load
        n = int(rate * args.minutes * 60)
        gen = SampleGenerator(seed=args.seed + 1, listed_names=listed, prefix="soak-run",
                              malformed_share=args.malformed_share)
        samples = gen.take(n)
        driver.latencies.clear()
        samples_rss: list[tuple[float, float]] = []
        samples_lag: list[tuple[float, float]] = []
        start = time.monotonic()
        print(f"soak: {rate:,.0f} events/s ({args.load:.0%} of capacity) for {args.minutes:g} min = {n} events",
              flush=True)

        async def sample_loop() -> None:
            while True:
                m = scrape(metrics_url)
                t = time.monotonic() - start
                if "process_resident_memory_bytes" in m:
                    samples_rss.append((t, m["process_resident_memory_bytes"] / 2**20))
                lag = sum(v for k, v in m.items() if k.startswith("tradescreen_consumer_lag_messages"))
                samples_lag.append((t, lag))
                await asyncio.sleep(args.sample_every)

        sampler = asyncio.create_task(sample_loop())
        produced_before = driver.outputs
        coords = await driver.produce(samples, rate)
        produce_s = time.monotonic() - start
        missing = await driver.wait_for(coords, 300)
        sampler.cancel()
        elapsed = time.monotonic() - start
        run_outputs = driver.outputs - produced_before
        half = [p for p in samples_rss if p[0] >= produce_s / 2]
        return {
            "capacity_events_per_s": round(capacity, 1),
            "target_rate_events_per_s": round(rate, 1),
            "minutes": args.minutes,
            "produced": len(coords),
            "outputs": run_outputs,
            "missing": missing,
            "duplicates": driver.duplicates,
            "throughput_events_per_s": round(len(coords) / produce_s, 1),
            "latency_ms": {"p50": percentile(driver.latencies, 0.5), "p99": percentile(driver.latencies, 0.99),
                           "p99.9": percentile(driver.latencies, 0.999), "max": max(driver.latencies, default=0)},
            "rss_mib": {"start": round(samples_rss[0][1], 1) if samples_rss else None,
                        "end": round(samples_rss[-1][1], 1) if samples_rss else None,
                        "max": round(max(v for _, v in samples_rss), 1) if samples_rss else None,
                        "slope_second_half_mib_per_min": round(slope_per_minute(half), 2)},
            "consumer_lag": {"max": max((v for _, v in samples_lag), default=0),
                             "end": samples_lag[-1][1] if samples_lag else None,
                             "mean": round(sum(v for _, v in samples_lag) / max(len(samples_lag), 1), 1)},
            "drain_s_after_last_produce": round(elapsed - produce_s, 1),
        }
    finally:
        await driver.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=10.0, help="soak duration (default 10)")
    p.add_argument("--load", type=float, default=0.8, help="fraction of measured capacity (default 0.8)")
    p.add_argument("--capacity", type=float, help="skip the capacity phase and use this many events/s")
    p.add_argument("--capacity-events", type=int, default=10000, help="burst size for the first estimate")
    p.add_argument("--capacity-seconds", type=float, default=40.0, help="length of the paced capacity phase")
    p.add_argument("--malformed-share", type=float, default=0.02)
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--sample-every", type=float, default=5.0, help="seconds between RSS/lag samples")
    p.add_argument("--seed", type=int, default=31)
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = p.parse_args(argv)

    from stream.commands.demo import _listed_names

    log_dir = REPO_ROOT / "var" / "soak"
    log_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env()
    listed = _listed_names(settings)
    prefix = f"soak-{int(time.time())}."
    topics = Topics.with_prefix(prefix)
    broker = EmbeddedBroker(log_path=log_dir / "tansu.log").start()
    port = free_port()
    env = dict(os.environ, KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers, TRADESCREEN_TOPIC_PREFIX=prefix,
               TRADESCREEN_APP_ID="soak", TRADESCREEN_METRICS_PORT=str(port), TRADESCREEN_METRICS_HOST="127.0.0.1",
               TRADESCREEN_PARTITIONS=str(args.partitions), TRADESCREEN_DATA_DIR=str(log_dir / "data"))
    worker = None
    try:
        asyncio.run(ensure_topics(broker.bootstrap_servers, topics.all, partitions=args.partitions))
        worker = subprocess.Popen([sys.executable, "-m", "stream.cli", "worker"], cwd=REPO_ROOT, env=env,
                                  stdout=open(log_dir / "worker.log", "ab"), stderr=subprocess.STDOUT)
        result = asyncio.run(soak(args, broker.bootstrap_servers, topics, f"http://127.0.0.1:{port}/metrics", listed))
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
        broker.stop()
    lat, rss, lag = result["latency_ms"], result["rss_mib"], result["consumer_lag"]
    print(f"\nsoak {result['minutes']:g} min at {result['target_rate_events_per_s']:,.0f} events/s "
          f"({args.load:.0%} of {result['capacity_events_per_s']:,.0f}/s capacity)")
    print(f"  events        produced {result['produced']}, outputs {result['outputs']}, missing {result['missing']}, "
          f"duplicates {result['duplicates']}")
    print(f"  throughput    {result['throughput_events_per_s']:,.0f} events/s sustained")
    print(f"  latency       p50 {lat['p50']:.0f} ms, p99 {lat['p99']:.0f} ms, p99.9 {lat['p99.9']:.0f} ms, "
          f"max {lat['max']:.0f} ms (broker-in → decision-out)")
    print(f"  worker RSS    start {rss['start']} MiB, end {rss['end']} MiB, max {rss['max']} MiB, "
          f"slope over the 2nd half {rss['slope_second_half_mib_per_min']:+.2f} MiB/min")
    print(f"  consumer lag  max {lag['max']:.0f}, mean {lag['mean']:.0f}, end {lag['end']:.0f} messages; "
          f"drained {result['drain_s_after_last_produce']} s after the last event")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
