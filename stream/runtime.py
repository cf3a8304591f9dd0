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
from typing import TYPE_CHECKING, Any

import faust

from agents import screening
from stream.app import create_app, execute_worker
from stream.broker import EmbeddedBroker, ensure_topics
from stream.pipeline import Pipeline
from stream.reference import build_screener
from stream.settings import Settings

if TYPE_CHECKING:
    from stream.health import Readiness

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


def build_worker_app(settings: Settings) -> tuple[faust.App, "Readiness"]:
    """Load reference data, then build the app with its agent, metrics sensor and health server."""
    from stream.health import HealthServer, Readiness
    from stream.metrics import default_metrics
    from stream.metrics_sensor import MetricsSensor

    screener, report = build_screener(settings)
    metrics = default_metrics()
    metrics.set_rules_info(report.rules_version, report.rules_loaded)
    published = report.lists_published.timestamp() if report.lists_published else None
    metrics.set_lists_info(report.lists_version, published, report.lists_loaded)
    if report.lists_fallback:  # last good snapshot in service, but the update was rejected: flag it
        metrics.set_lists_info(report.lists_version, published, False)
    if settings.lists_max_age_hours > 0:  # the staleness alert uses the same threshold as the hold
        metrics.set_lists_max_age(settings.lists_max_age_hours * 3600.0)
    readiness = Readiness(metrics=metrics)
    readiness.set_rules_loaded(report.rules_loaded)
    readiness.set_lists_loaded(report.lists_loaded)
    app, topics = create_app(settings)
    observer = metrics if settings.metrics_enabled else None
    screening.register(app, topics, Pipeline(screener, settings.max_message_bytes), observer,
                       send_retry_backoff_s=settings.send_retry_backoff_s)
    app.sensors.add(MetricsSensor(app, metrics, readiness, topics=settings.topics.inputs))
    server = HealthServer(metrics, readiness, host=settings.metrics_host, port=settings.metrics_port)

    @app.task
    async def _serve_health() -> None:
        await server.start()
        print(f"tradescreen: metrics on {server.url}/metrics (health: /healthz, /readyz)", file=sys.stderr, flush=True)

    return app, readiness


def run_worker(settings: Settings) -> int:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with ExitStack() as stack:
        settings = start_embedded_broker(stack, settings)
        prepare_topics(settings)
        app, _readiness = build_worker_app(settings)
        return execute_worker(app, settings.log_level)
