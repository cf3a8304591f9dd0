"""HTTP endpoints for operators: ``/metrics``, ``/healthz``, ``/readyz``.

Runs on aiohttp inside the worker's own event loop (``start``/``stop``
coroutines), so a blocked loop is visible: the probes stop answering, and a
heartbeat task measures how late the loop wakes up.

* ``/healthz`` (liveness): the process is alive and its loop responsive. It
  fails only for things a restart can fix (loop stuck, fatal error recorded).
* ``/readyz`` (readiness): lists loaded, partitions assigned, broker reachable.
  Not ready is normal during start-up and rebalances; it must not restart the pod.

``serve_in_thread`` runs the same server on its own loop in a daemon thread
for processes without an event loop of their own (bench, tests).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from stream.metrics import Metrics


@dataclass
class Readiness:
    """What ``/readyz`` reports; the worker updates it, the server only reads it.

    Mirrors readiness into the ``tradescreen_worker_ready`` gauge when given
    ``metrics`` so alerts and probes agree.
    """

    metrics: Metrics | None = None
    lists_loaded: bool = False
    rules_loaded: bool = True
    partitions_assigned: int = 0
    broker_reachable: bool = False
    require_partitions: bool = True
    fatal: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def missing(self) -> list[str]:
        """Names of the conditions that keep the worker from being ready."""
        out = []
        if not self.lists_loaded:
            out.append("lists_not_loaded")
        if not self.rules_loaded:
            out.append("rules_not_loaded")
        if self.require_partitions and self.partitions_assigned <= 0:
            out.append("no_partitions_assigned")
        if not self.broker_reachable:
            out.append("broker_unreachable")
        if self.fatal:
            out.append("fatal_error")
        return out

    @property
    def ready(self) -> bool:
        return not self.missing()

    def _changed(self) -> None:
        if self.metrics is not None:
            self.metrics.set_ready(self.ready)

    def set_lists_loaded(self, loaded: bool) -> None:
        with self._lock:
            self.lists_loaded = loaded
            self._changed()

    def set_rules_loaded(self, loaded: bool) -> None:
        with self._lock:
            self.rules_loaded = loaded
            self._changed()

    def set_partitions_assigned(self, n: int) -> None:
        with self._lock:
            self.partitions_assigned = n
            self._changed()

    def set_broker_reachable(self, reachable: bool) -> None:
        with self._lock:
            self.broker_reachable = reachable
            self._changed()

    def set_fatal(self, reason: str | None) -> None:
        """Record an unrecoverable error: liveness fails so the orchestrator restarts us."""
        with self._lock:
            self.fatal = reason
            self._changed()

    def as_json(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "missing": self.missing(),
            "lists_loaded": self.lists_loaded,
            "rules_loaded": self.rules_loaded,
            "partitions_assigned": self.partitions_assigned,
            "broker_reachable": self.broker_reachable,
        }


class HealthServer:
    """aiohttp server for ``/metrics``, ``/healthz`` and ``/readyz``.

    ``port=0`` binds a free port; read the real one from ``.port`` after ``start()``.
    """

    def __init__(
        self,
        metrics: Metrics,
        readiness: Readiness,
        *,
        host: str = "0.0.0.0",
        port: int = 9464,
        heartbeat_interval: float = 0.5,
        max_loop_lag: float = 5.0,
    ) -> None:
        self.metrics = metrics
        self.readiness = readiness
        self.host = host
        self.port = port
        self.heartbeat_interval = heartbeat_interval
        self.max_loop_lag = max_loop_lag
        self.loop_lag = 0.0
        self._runner: web.AppRunner | None = None
        self._heartbeat: asyncio.Task[None] | None = None
        self._started = time.monotonic()

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    @property
    def metrics_url(self) -> str:
        return f"{self.url}/metrics"

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/", self._index)
        return app

    async def start(self) -> None:
        self._runner = web.AppRunner(self.build_app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        if self.port == 0:
            server = site._server  # aiohttp exposes the bound socket only here
            assert server is not None and server.sockets
            self.port = server.sockets[0].getsockname()[1]
        self._heartbeat = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            try:
                await self._heartbeat
            except asyncio.CancelledError:
                pass
            self._heartbeat = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _beat(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.heartbeat_interval)
            self.loop_lag = max(0.0, loop.time() - before - self.heartbeat_interval)
            self.metrics.set_event_loop_lag(self.loop_lag)

    # ------------------------------------------------------------ handlers

    async def _metrics(self, request: web.Request) -> web.Response:
        body = self.metrics.exposition()
        # Content-Type carries a version parameter; set the header directly
        # (aiohttp's content_type= rejects parameters).
        return web.Response(body=body, headers={"Content-Type": self.metrics.content_type})

    async def _healthz(self, request: web.Request) -> web.Response:
        problems = []
        if self.loop_lag > self.max_loop_lag:
            problems.append(f"event loop lag {self.loop_lag:.1f}s > {self.max_loop_lag:.1f}s")
        if self.readiness.fatal:
            problems.append(self.readiness.fatal)
        status = 503 if problems else 200
        payload = {"alive": not problems, "problems": problems, "event_loop_lag_seconds": self.loop_lag,
                   "uptime_seconds": round(time.monotonic() - self._started, 3)}
        return web.Response(status=status, text=json.dumps(payload), content_type="application/json")

    async def _readyz(self, request: web.Request) -> web.Response:
        payload = self.readiness.as_json()
        return web.Response(status=200 if payload["ready"] else 503, text=json.dumps(payload),
                            content_type="application/json")

    async def _index(self, request: web.Request) -> web.Response:
        return web.Response(text="tradescreen worker: /metrics /healthz /readyz\n")


class ThreadedHealthServer:
    """A ``HealthServer`` on its own event loop in a daemon thread."""

    def __init__(self, server: HealthServer) -> None:
        self.server = server
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="health-server", daemon=True)

    def start(self) -> "ThreadedHealthServer":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.server.start(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def __enter__(self) -> "ThreadedHealthServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def metrics_url(self) -> str:
        return self.server.metrics_url


def serve_in_thread(metrics: Metrics, readiness: Readiness, *, host: str = "127.0.0.1",
                    port: int = 0) -> ThreadedHealthServer:
    """Start the endpoints in a background thread; call ``.stop()`` when done."""
    return ThreadedHealthServer(HealthServer(metrics, readiness, host=host, port=port)).start()
