"""The Faust application: broker connection, topics, and the agents registered on it.

Built by a factory (not at import time) because the broker address is only
known after the embedded broker has started, and tests run several apps.
Everything here is Kafka-standard configuration that Apache Kafka serves the
same way as the embedded Tansu broker.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

import faust

from stream import transport
from stream.settings import Settings


@dataclass
class AppTopics:
    inputs: faust.TopicT
    """One Faust topic object subscribed to all three input topics."""
    decisions: faust.TopicT
    dead_letters: faust.TopicT


def broker_credentials(settings: Settings) -> Any:
    """TLS/SASL for production Kafka, passed through to aiokafka via Faust's credentials types."""
    protocol = settings.security_protocol.upper()
    if protocol == "PLAINTEXT":
        return None
    context = None
    if protocol in {"SSL", "SASL_SSL"}:
        context = ssl.create_default_context(cafile=settings.ssl_cafile)
        if settings.ssl_certfile:
            context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile)
    if protocol == "SSL":
        return context
    return faust.SASLCredentials(
        username=settings.sasl_username,
        password=settings.sasl_password,
        mechanism=settings.sasl_mechanism or "PLAIN",
        ssl_context=context,
    )


def consumer_timeouts(settings: Settings) -> dict[str, float]:
    """Group-membership and request timeouts that were set explicitly (else Faust's defaults).

    They decide how fast a crashed worker's partitions move to a survivor and
    how fast a worker notices a stalled broker; the fault tests shorten them.
    """
    options = {
        "broker_session_timeout": settings.session_timeout_s,
        "broker_heartbeat_interval": settings.heartbeat_interval_s,
        "broker_request_timeout": settings.request_timeout_s,
        "broker_rebalance_timeout": settings.rebalance_timeout_s,
        "producer_request_timeout": settings.producer_request_timeout_s,
    }
    return {k: v for k, v in options.items() if v is not None}


def create_app(settings: Settings) -> tuple[faust.App, AppTopics]:
    assert settings.bootstrap_servers, "resolve the broker (embedded or configured) before creating the app"
    scheme = transport.register()
    transport.FETCH_MAX_WAIT_MS[settings.app_id] = settings.fetch_max_wait_ms
    servers = ";".join(f"{scheme}://{s.strip()}" for s in settings.bootstrap_servers.split(","))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    app = faust.App(
        settings.app_id,
        broker=servers,
        broker_credentials=broker_credentials(settings),
        value_serializer="raw",
        key_serializer="raw",
        store="memory://",
        datadir=str(settings.data_dir),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        processing_guarantee=settings.processing_guarantee,
        producer_acks=-1,  # a decision counts as sent only when all in-sync replicas have it
        producer_max_request_size=max(2 * settings.max_message_bytes, 1 << 20) + 65536,
        consumer_max_fetch_size=max(2 * settings.max_message_bytes, 4 << 20),
        broker_commit_interval=1.0,
        web_enabled=False,  # /metrics, /healthz and /readyz are served by stream.health
        autodiscover=False,
        **consumer_timeouts(settings),
    )
    topics = settings.topics

    def topic(*names: str) -> faust.TopicT:
        return app.topic(*names, key_serializer="raw", value_serializer="raw", partitions=settings.partitions)

    return app, AppTopics(
        inputs=topic(*topics.inputs),
        decisions=topic(topics.decisions),
        dead_letters=topic(topics.dead_letters),
    )


def execute_worker(app: faust.App, log_level: str) -> int:
    """Run a Faust worker for ``app`` until it stops; its exit code (Faust exits via SystemExit)."""
    worker = faust.Worker(app, loglevel=log_level, override_logging=False)
    try:
        worker.execute_from_commandline()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
