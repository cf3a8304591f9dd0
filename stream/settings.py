"""All configuration in one place, read from the environment (12-factor) with safe defaults.

No broker configured means "run on the embedded Tansu broker", so a fresh clone
works with zero configuration; production sets ``KAFKA_BOOTSTRAP_SERVERS`` and
the TLS/SASL variables, which are passed through to aiokafka unchanged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED_DATA = (REPO_ROOT / ".." / "shared" / "data").resolve()
DEFAULT_RULES_BUNDLE = REPO_ROOT / "lists" / "regimes" / "jp_fefta"


@dataclass(frozen=True, slots=True)
class Topics:
    customs: str
    orders: str
    tech: str
    decisions: str
    dead_letters: str

    @classmethod
    def with_prefix(cls, prefix: str) -> "Topics":
        return cls(
            customs=f"{prefix}customs-declarations",
            orders=f"{prefix}orders",
            tech=f"{prefix}technology-transfers",
            decisions=f"{prefix}decisions",
            dead_letters=f"{prefix}dead-letters",
        )

    @property
    def inputs(self) -> tuple[str, str, str]:
        return (self.customs, self.orders, self.tech)

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.inputs, self.decisions, self.dead_letters)


def _env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_opt(env: Mapping[str, str], name: str) -> str | None:
    raw = env.get(name)
    return raw if raw not in (None, "") else None


def _env_float(env: Mapping[str, str], name: str) -> float | None:
    raw = _env_opt(env, name)
    return float(raw) if raw is not None else None


@dataclass(frozen=True, slots=True)
class Settings:
    bootstrap_servers: str | None = None
    """None = start the embedded Tansu broker."""
    app_id: str = "tradescreen"
    topic_prefix: str = "tradescreen."
    partitions: int = 4
    """Partitions per input topic when this service creates topics (embedded broker, dev)."""
    replication_factor: int = 1
    metrics_host: str = "0.0.0.0"
    metrics_port: int = 9464
    data_dir: Path = REPO_ROOT / "var" / "worker"
    shared_data: Path = DEFAULT_SHARED_DATA
    rules_bundle: Path = DEFAULT_RULES_BUNDLE
    lists_snapshot: Path | None = None
    """A snapshot built by ``tradescreen lists build``; None = build from the shared lists at start."""
    lists_cache: Path | None = REPO_ROOT / "var" / "lists.snapshot"
    lists_max_age_hours: float = 0.0
    """Lists older than this (by source publication date) hold everything; 0 disables the check."""
    match_threshold: float | None = None
    fail_mode: str = "hold"
    """On list/rules load failure: ``hold`` (run, HOLD everything with SCREENING_ERROR) or ``refuse`` (exit)."""
    max_message_bytes: int = 1 << 20
    processing_guarantee: str = "at_least_once"
    """``exactly_once`` uses Kafka transactions: Apache Kafka only (Tansu has none)."""
    enable_idempotence: bool = False
    session_timeout_s: float | None = 10.0
    """Consumer group session timeout; a crashed worker's partitions move after this. Kafka's classic
    client default (10 s) instead of Faust's 60 s: failover in seconds, and a fresh group forms in
    ~5 s on brokers that wait half a session for members to join (Tansu: 30 s with Faust's 60 s).
    Heartbeats run in Faust's consumer thread, so long screening batches do not starve them.
    None = Faust default (60 s)."""
    heartbeat_interval_s: float | None = 3.0
    """Consumer heartbeat interval (keep it below a third of the session timeout). None = Faust default (3 s)."""
    request_timeout_s: float | None = None
    """Kafka client request timeout (must not be below the session timeout). None = Faust default (90 s)."""
    rebalance_timeout_s: float | None = None
    producer_request_timeout_s: float | None = None
    """How long a decision send may wait for the broker before it is retried. None = Faust default (1200 s)."""
    send_retry_backoff_s: float = 1.0
    """Pause between attempts when a decision or dead letter could not be sent (broker stall)."""
    security_protocol: str = "PLAINTEXT"
    sasl_mechanism: str | None = None
    sasl_username: str | None = None
    sasl_password: str | None = None
    ssl_cafile: str | None = None
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    fetch_max_wait_ms: int = 100
    """Consumer fetch long-poll bound (Faust hard-codes 1500); see ``stream.transport``."""
    metrics_enabled: bool = True
    log_level: str = "WARNING"
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def topics(self) -> Topics:
        return Topics.with_prefix(self.topic_prefix)

    @property
    def embedded(self) -> bool:
        return self.bootstrap_servers is None

    def with_broker(self, bootstrap_servers: str) -> "Settings":
        return replace(self, bootstrap_servers=bootstrap_servers)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        snapshot = _env_opt(env, "TRADESCREEN_LISTS_SNAPSHOT")
        cache = env.get("TRADESCREEN_LISTS_CACHE", str(REPO_ROOT / "var" / "lists.snapshot"))
        threshold = _env_opt(env, "TRADESCREEN_MATCH_THRESHOLD")
        fail_mode = env.get("TRADESCREEN_FAIL_MODE", "hold")
        if fail_mode not in {"hold", "refuse"}:
            raise ValueError(f"TRADESCREEN_FAIL_MODE must be hold or refuse, not {fail_mode!r}")
        guarantee = env.get("TRADESCREEN_PROCESSING_GUARANTEE", "at_least_once")
        if guarantee not in {"at_least_once", "exactly_once"}:
            raise ValueError(f"TRADESCREEN_PROCESSING_GUARANTEE must be at_least_once or exactly_once, not {guarantee!r}")
        return cls(
            bootstrap_servers=_env_opt(env, "KAFKA_BOOTSTRAP_SERVERS"),
            app_id=env.get("TRADESCREEN_APP_ID", "tradescreen"),
            topic_prefix=env.get("TRADESCREEN_TOPIC_PREFIX", "tradescreen."),
            partitions=int(env.get("TRADESCREEN_PARTITIONS", "4")),
            replication_factor=int(env.get("TRADESCREEN_REPLICATION_FACTOR", "1")),
            metrics_host=env.get("TRADESCREEN_METRICS_HOST", "0.0.0.0"),
            metrics_port=int(env.get("TRADESCREEN_METRICS_PORT", "9464")),
            data_dir=Path(env.get("TRADESCREEN_DATA_DIR", str(REPO_ROOT / "var" / "worker"))),
            shared_data=Path(env.get("TRADESCREEN_SHARED_DATA", str(DEFAULT_SHARED_DATA))),
            rules_bundle=Path(env.get("TRADESCREEN_RULES_BUNDLE", str(DEFAULT_RULES_BUNDLE))),
            lists_snapshot=Path(snapshot) if snapshot else None,
            lists_cache=Path(cache) if cache else None,
            lists_max_age_hours=float(env.get("TRADESCREEN_LISTS_MAX_AGE_HOURS", "0")),
            match_threshold=float(threshold) if threshold else None,
            fail_mode=fail_mode,
            max_message_bytes=int(env.get("TRADESCREEN_MAX_MESSAGE_BYTES", str(1 << 20))),
            processing_guarantee=guarantee,
            enable_idempotence=_env_bool(env, "TRADESCREEN_ENABLE_IDEMPOTENCE", guarantee == "exactly_once"),
            session_timeout_s=_env_float(env, "TRADESCREEN_SESSION_TIMEOUT_S") or 10.0,
            heartbeat_interval_s=_env_float(env, "TRADESCREEN_HEARTBEAT_INTERVAL_S") or 3.0,
            request_timeout_s=_env_float(env, "TRADESCREEN_REQUEST_TIMEOUT_S"),
            rebalance_timeout_s=_env_float(env, "TRADESCREEN_REBALANCE_TIMEOUT_S"),
            producer_request_timeout_s=_env_float(env, "TRADESCREEN_PRODUCER_REQUEST_TIMEOUT_S"),
            send_retry_backoff_s=float(env.get("TRADESCREEN_SEND_RETRY_BACKOFF_S") or 1.0),
            security_protocol=env.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
            sasl_mechanism=_env_opt(env, "KAFKA_SASL_MECHANISM"),
            sasl_username=_env_opt(env, "KAFKA_SASL_USERNAME"),
            sasl_password=_env_opt(env, "KAFKA_SASL_PASSWORD"),
            ssl_cafile=_env_opt(env, "KAFKA_SSL_CAFILE"),
            ssl_certfile=_env_opt(env, "KAFKA_SSL_CERTFILE"),
            ssl_keyfile=_env_opt(env, "KAFKA_SSL_KEYFILE"),
            fetch_max_wait_ms=int(env.get("TRADESCREEN_FETCH_MAX_WAIT_MS", "100")),
            metrics_enabled=_env_bool(env, "TRADESCREEN_METRICS", True),
            log_level=env.get("TRADESCREEN_LOG_LEVEL", "WARNING"),
        )
