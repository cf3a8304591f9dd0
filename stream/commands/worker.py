"""``tradescreen worker``: the production entry point (one Faust worker process)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from stream.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "worker",
        help="run a screening worker (embedded broker when KAFKA_BOOTSTRAP_SERVERS is unset)",
        description="Consume trade events, publish HOLD/RELEASE decisions and dead letters. "
        "Configuration comes from the environment (see README); flags override it.",
    )
    p.add_argument("--bootstrap-servers", help="Kafka bootstrap servers (overrides KAFKA_BOOTSTRAP_SERVERS)")
    p.add_argument("--metrics-port", type=int, help="port of /metrics, /healthz, /readyz (default 9464)")
    p.add_argument("--lists-snapshot", type=Path, help="party list snapshot built by 'tradescreen lists build'")
    p.add_argument("--rules-bundle", type=Path, help="rule bundle directory (default: lists/regimes/jp_fefta)")
    p.add_argument("--data-dir", type=Path, help="working directory for the worker (default: var/worker)")
    p.set_defaults(func=run)


def settings_from_args(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    overrides = {
        "bootstrap_servers": getattr(args, "bootstrap_servers", None),
        "metrics_port": getattr(args, "metrics_port", None),
        "lists_snapshot": getattr(args, "lists_snapshot", None),
        "rules_bundle": getattr(args, "rules_bundle", None),
        "data_dir": getattr(args, "data_dir", None),
    }
    return dataclasses.replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def run(args: argparse.Namespace) -> int:
    from stream.runtime import run_worker

    return run_worker(settings_from_args(args))
