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
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from stream.metrics import Metrics


class ReadinessLike(Protocol):
    """What the server needs from a readiness object: a ``ready`` flag.

    Optional attributes are reported when present: ``lists_loaded``,
    ``rules_loaded``, ``assigned_partitions``, ``broker_reachable``,
    ``started``, ``fatal`` (a message: liveness fails too). The worker's own
    state object and ``Readiness`` below both fit.
    """

    @property
    def ready(self) -> bool: ...


_REPORTED = ("started", "lists_loaded", "rules_loaded", "assigned_partitions", "broker_reachable")


def readiness_report(state: Any) -> dict[str, Any]:
    """JSON for ``/readyz``: overall flag plus every known condition and what is missing."""
    report: dict[str, Any] = {}
    missing: list[str] = []
    for name in _REPORTED:
        if hasattr(state, name):
            value = getattr(state, name)
            report[name] = value
            if name == "assigned_partitions":
                if not value or value <= 0:
                    missing.append("no_partitions_assigned")
            elif value is False:
                missing.append(f"not_{name}")
    fatal = getattr(state, "fatal", None)
    if fatal:
        missing.append("fatal_error")
    # A broker known to be unreachable makes the worker unready even if the
    # state's own ``ready`` does not look at it.
    ready = bool(state.ready) and getattr(state, "broker_reachable", True) is not False and not fatal
    if not ready and not missing:
        missing.append("not_ready")
    report["ready"] = ready
    report["missing"] = missing
    return report


@dataclass
class Readiness:
    """A ready-made readiness object (the worker may use its own, see ``ReadinessLike``).

    Mirrors readiness into the ``tradescreen_worker_ready`` gauge when given
    ``metrics`` so alerts and probes agree.
    """

    metrics: Metrics | None = None
    lists_loaded: bool = False
    rules_loaded: bool = True
    assigned_partitions: int = 0
    broker_reachable: bool = False
    require_partitions: bool = True
    fatal: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def ready(self) -> bool:
        return (
            self.lists_loaded
            and self.rules_loaded
            and (self.assigned_partitions > 0 or not self.require_partitions)
            and self.broker_reachable
            and not self.fatal
        )

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

    def set_assigned_partitions(self, n: int) -> None:
        with self._lock:
            self.assigned_partitions = n
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


class HealthServer:
    """aiohttp server for ``/metrics``, ``/healthz`` and ``/readyz``.

    Give it a ``Metrics`` (preferred: the worker_ready and event-loop-lag
    gauges are then kept current) or just a ``registry`` to expose. ``state``
    is accepted as another name for ``readiness``. ``port=0`` binds a free
    port; read the real one from ``.port`` after ``start()``.
    """

    def __init__(
        self,
        metrics: Metrics | None = None,
        readiness: ReadinessLike | None = None,
        *,
        host: str = "0.0.0.0",
        port: int = 9464,
        state: ReadinessLike | None = None,
        registry: CollectorRegistry | None = None,
        heartbeat_interval: float = 0.5,
        max_loop_lag: float = 5.0,
        lag_window: float = 15.0,
    ) -> None:
        if readiness is None:
            readiness = state
        if readiness is None:
            raise TypeError("HealthServer needs a readiness object (readiness= or state=)")
        if metrics is None and registry is None:
            raise TypeError("HealthServer needs metrics= or registry=")
        self.metrics = metrics
        self.registry = registry if registry is not None else metrics.registry  # type: ignore[union-attr]
        self.readiness = readiness
        self.host = host
        self.port = port
        self.heartbeat_interval = heartbeat_interval
        self.max_loop_lag = max_loop_lag
        self.lag_window = lag_window
        self.loop_lag = 0.0
        self._lag_history: deque[tuple[float, float]] = deque()
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
            now = loop.time()
            self.loop_lag = max(0.0, now - before - self.heartbeat_interval)
            self._lag_history.append((now, self.loop_lag))
            while self._lag_history and self._lag_history[0][0] < now - self.lag_window:
                self._lag_history.popleft()
            if self.metrics is not None:
                self.metrics.set_event_loop_lag(self.loop_lag)

    @property
    def recent_loop_lag(self) -> float:
        """Worst heartbeat delay within ``lag_window`` seconds (a probe may land just after a stall)."""
        return max((lag for _, lag in self._lag_history), default=self.loop_lag)

    # ------------------------------------------------------------ handlers

    async def _metrics(self, request: web.Request) -> web.Response:
        if self.metrics is not None:
            self.metrics.set_ready(readiness_report(self.readiness)["ready"])
        body = generate_latest(self.registry)
        # The content type carries a version parameter; set the header directly
        # (aiohttp's content_type= rejects parameters).
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _healthz(self, request: web.Request) -> web.Response:
        problems = []
        lag = self.recent_loop_lag
        if lag > self.max_loop_lag:
            problems.append(f"event loop lag {lag:.1f}s > {self.max_loop_lag:.1f}s")
        fatal = getattr(self.readiness, "fatal", None)
        if fatal:
            problems.append(str(fatal))
        status = 503 if problems else 200
        payload = {"alive": not problems, "problems": problems, "event_loop_lag_seconds": lag,
                   "uptime_seconds": round(time.monotonic() - self._started, 3)}
        return web.Response(status=status, text=json.dumps(payload), content_type="application/json")

    async def _readyz(self, request: web.Request) -> web.Response:
        payload = readiness_report(self.readiness)
        if self.metrics is not None:
            self.metrics.set_ready(payload["ready"])
        return web.Response(status=200 if payload["ready"] else 503, text=json.dumps(payload, default=str),
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
        return self if self._thread.is_alive() else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def metrics_url(self) -> str:
        return self.server.metrics_url


def serve_in_thread(metrics: Metrics, readiness: ReadinessLike, *, host: str = "127.0.0.1",
                    port: int = 0) -> ThreadedHealthServer:
    """Start the endpoints in a background thread; call ``.stop()`` when done."""
    return ThreadedHealthServer(HealthServer(metrics, readiness, host=host, port=port)).start()
