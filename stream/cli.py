"""``tradescreen`` command line: one sub-command per module in ``stream.commands``.

Each command module exposes ``register(subparsers)`` which adds its parser and
sets ``func`` (called with the parsed args, returns an exit code). Keeping one
module per command keeps imports lazy-ish and lets each area own its CLI.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from stream import __version__

COMMAND_MODULES = (
    "stream.commands.worker",
    "stream.commands.demo",
    "stream.commands.check",
    "stream.commands.bench",
    "stream.commands.lists",
    "stream.commands.match",
    "stream.commands.rules",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tradescreen",
        description="Streaming export-control screening: HOLD/RELEASE decisions for trade events.",
    )
    parser.add_argument("--version", action="version", version=f"tradescreen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # command not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
