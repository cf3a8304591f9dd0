"""Process wiring for ``tradescreen worker``: broker, reference data, app, agent, health.

Order matters: reference data is loaded *before* the consumer joins the group,
so a worker never owns partitions it cannot screen; the embedded broker (when
no broker is configured) lives exactly as long as the worker process.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import ExitStack
from typing import Any

import faust

from agents import screening
from stream.app import WorkerState, create_app
from stream.broker import EmbeddedBroker, ensure_topics
from stream.pipeline import Pipeline
from stream.reference import build_screener
from stream.settings import Settings

log = logging.getLogger("tradescreen")


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """aiokafka connection arguments for admin/producer clients outside Faust."""
    kwargs: dict[str, Any] = {"security_protocol": settings.security_protocol}
    if settings.sasl_mechanism:
        kwargs.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password,
        )
    if settings.security_protocol.upper() in {"SSL", "SASL_SSL"}:
        from stream.app import broker_credentials

        creds = broker_credentials(settings)
        kwargs["ssl_context"] = getattr(creds, "ssl_context", creds)
    return kwargs


def start_embedded_broker(stack: ExitStack, settings: Settings) -> Settings:
    """Start Tansu when no broker is configured; returns settings pointing at the live broker."""
    if not settings.embedded:
        return settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(log_path=settings.data_dir / "tansu.log").start()
    stack.callback(broker.stop)
    print(f"tradescreen: embedded Tansu broker on {broker.bootstrap_servers}", file=sys.stderr, flush=True)
    return settings.with_broker(broker.bootstrap_servers)


def prepare_topics(settings: Settings) -> None:
    assert settings.bootstrap_servers
    asyncio.run(
        ensure_topics(
            settings.bootstrap_servers, settings.topics.all, partitions=settings.partitions,
            replication_factor=settings.replication_factor, client_kwargs=client_kwargs(settings),
        )
    )


def build_worker_app(settings: Settings) -> tuple[faust.App, WorkerState]:
    screener, report = build_screener(settings)
    state = WorkerState(lists_loaded=report.lists_loaded, rules_loaded=report.rules_loaded)
    state.extra["report"] = report
    app, topics = create_app(settings)
    observer = None
    if settings.metrics_enabled:
        observer = _attach_observability(app, settings, state, report)
    screening.register(app, topics, Pipeline(screener, settings.max_message_bytes), observer)

    @app.on_rebalance_complete.connect
    async def _on_assigned(sender: Any, **kwargs: Any) -> None:
        state.assigned_partitions = len(app.consumer.assignment()) if app.consumer else 0
        if observer is not None and hasattr(observer, "set_assigned_partitions"):
            observer.set_assigned_partitions(state.assigned_partitions)

    @app.on_after_configured.connect
    def _configured(sender: Any, **kwargs: Any) -> None:
        state.started = True

    state.started = True
    return app, state


def _attach_observability(app: faust.App, settings: Settings, state: WorkerState, report: Any) -> Any:
    """Metrics + /healthz /readyz, when the observability modules are present."""
    try:
        from stream import health, metrics
    except ImportError:
        log.warning("metrics module not available; running without /metrics")
        return None
    observer = metrics.default_metrics()
    observer.set_rules_info(report.rules_version, report.rules_loaded)
    published = report.lists_published.timestamp() if report.lists_published else None
    observer.set_lists_info(report.lists_version, published, report.lists_loaded)
    server = health.HealthServer(
        host=settings.metrics_host, port=settings.metrics_port, state=state, registry=observer.registry,
    )

    @app.task
    async def _serve_health() -> None:
        await server.start()
        print(f"tradescreen: metrics on http://127.0.0.1:{server.port}/metrics", file=sys.stderr, flush=True)

    return observer


def run_worker(settings: Settings) -> int:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with ExitStack() as stack:
        settings = start_embedded_broker(stack, settings)
        prepare_topics(settings)
        app, _state = build_worker_app(settings)
        worker = faust.Worker(app, loglevel=settings.log_level, override_logging=False)
        try:
            worker.execute_from_commandline()
        except SystemExit as exc:
            return int(exc.code or 0)
    return 0
