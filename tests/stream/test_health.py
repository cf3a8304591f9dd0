"""/metrics, /healthz and /readyz over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import aiohttp
from prometheus_client import CollectorRegistry

from stream.health import HealthServer, Readiness, readiness_report, serve_in_thread
from stream.metrics import Metrics


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_readyz_only_when_lists_loaded_partitions_assigned_and_broker_reachable() -> None:
    metrics = Metrics(CollectorRegistry())
    readiness = Readiness(metrics=metrics)
    with serve_in_thread(metrics, readiness) as server:
        status, _, body = get(f"{server.url}/readyz")
        assert status == 503
        assert set(json.loads(body)["missing"]) >= {"not_lists_loaded", "no_partitions_assigned", "not_broker_reachable"}

        readiness.set_lists_loaded(True)
        readiness.set_broker_reachable(True)
        assert get(f"{server.url}/readyz")[0] == 503  # still no partitions
        readiness.set_assigned_partitions(3)
        status, _, body = get(f"{server.url}/readyz")
        assert status == 200 and json.loads(body)["ready"] is True

        # The gauge the alerts use agrees with the probe.
        assert b"tradescreen_worker_ready 1.0" in get(server.metrics_url)[2]
        readiness.set_broker_reachable(False)
        assert get(f"{server.url}/readyz")[0] == 503
        assert b"tradescreen_worker_ready 0.0" in get(server.metrics_url)[2]


def test_metrics_endpoint_serves_prometheus_text_format() -> None:
    metrics = Metrics(CollectorRegistry())
    metrics.dead_letter("schema")
    with serve_in_thread(metrics, Readiness()) as server:
        status, headers, body = get(server.metrics_url)
    assert status == 200
    assert headers["Content-Type"].startswith("text/plain") and "version=" in headers["Content-Type"]
    assert b'tradescreen_dead_letters_total{kind="schema"} 1.0' in body
    assert b"# TYPE tradescreen_screening_latency_seconds histogram" in body


def test_healthz_alive_until_a_fatal_error_is_recorded() -> None:
    metrics = Metrics(CollectorRegistry())
    readiness = Readiness(metrics=metrics)
    with serve_in_thread(metrics, readiness) as server:
        status, _, body = get(f"{server.url}/healthz")
        assert status == 200 and json.loads(body)["alive"] is True
        readiness.set_fatal("consumer crashed")
        status, _, body = get(f"{server.url}/healthz")
        assert status == 503 and "consumer crashed" in json.loads(body)["problems"]
        assert get(f"{server.url}/readyz")[0] == 503


@dataclass
class PlainState:
    """The shape of the worker's own state object (no setters, no broker flag)."""

    lists_loaded: bool = False
    rules_loaded: bool = False
    assigned_partitions: int = 0
    started: bool = False

    @property
    def ready(self) -> bool:
        return self.started and self.lists_loaded and self.rules_loaded and self.assigned_partitions > 0


def test_plain_state_object_and_registry_are_accepted() -> None:
    metrics = Metrics(CollectorRegistry())
    state = PlainState()
    report = readiness_report(state)
    assert report["ready"] is False and "not_started" in report["missing"]
    state.started = state.lists_loaded = state.rules_loaded = True
    state.assigned_partitions = 2
    assert readiness_report(state)["ready"] is True
    state.broker_reachable = False  # type: ignore[attr-defined]  # set by the lag sensor
    assert readiness_report(state)["ready"] is False

    async def scenario() -> tuple[int, int, bytes]:
        server = HealthServer(host="127.0.0.1", port=0, state=PlainState(True, True, 1, True),
                              registry=metrics.registry)
        await server.start()
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{server.url}/readyz") as r1:
                    ready = r1.status
                async with session.get(server.metrics_url) as r2:
                    return ready, r2.status, await r2.read()
        finally:
            await server.stop()

    ready, status, body = asyncio.run(scenario())
    assert ready == 200 and status == 200
    assert b"tradescreen_decisions_total" in body


def test_heartbeat_reports_a_blocked_event_loop() -> None:
    """Liveness sees a loop that was blocked: the heartbeat measures how late it woke up."""

    async def scenario() -> tuple[float, int, dict[str, object]]:
        metrics = Metrics(CollectorRegistry())
        server = HealthServer(metrics, Readiness(metrics=metrics), host="127.0.0.1", port=0,
                              heartbeat_interval=0.05, max_loop_lag=0.2)
        await server.start()
        try:
            await asyncio.sleep(0.1)
            time.sleep(0.6)  # block the loop, as a CPU-bound bug would
            for _ in range(200):  # wait for the heartbeat that was due during the block
                await asyncio.sleep(0.01)
                if server.recent_loop_lag > 0.2:
                    break
            lag = server.recent_loop_lag
            async with aiohttp.ClientSession() as session:
                async with session.get(f"{server.url}/healthz") as resp:
                    return lag, resp.status, await resp.json()
        finally:
            await server.stop()

    lag, status, payload = asyncio.run(scenario())
    assert lag > 0.2
    assert status == 503 and "event loop lag" in payload["problems"][0]
