"""One input message → exactly one output record (a decision or a dead letter).

This is the whole per-message contract of the service, kept free of Kafka so it
is tested directly and reused by ``tradescreen check``. The agent only moves
bytes between topics around it. Nothing that goes wrong in here escapes: bad
input becomes a dead letter, a failure inside screening becomes a HOLD with
SCREENING_ERROR (the event was valid, so it deserves a decision, and a failed
screening must never look like a release).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import orjson

from stream.codec import InputError, dead_letter_record, decode_event, encode_decision
from stream.core import Screener
from stream.models import Decision


@dataclass(frozen=True, slots=True)
class Output:
    kind: Literal["decision", "dead_letter"]
    key: bytes
    value: bytes
    decision: Decision | None = None
    error_kind: str | None = None
    error: str | None = None
    event_type: str | None = None


@dataclass
class Pipeline:
    screener: Screener
    max_message_bytes: int = 1 << 20

    def process(
        self,
        value: bytes | None,
        *,
        key: bytes | None = None,
        topic: str = "",
        partition: int = -1,
        offset: int = -1,
        now: datetime | None = None,
    ) -> Output:
        source = {"topic": topic, "partition": partition, "offset": offset}
        try:
            event = decode_event(value, max_bytes=self.max_message_bytes)
        except InputError as exc:
            return self._dead_letter(exc.kind, str(exc), value, key, source, exc.event_id, now)
        except Exception as exc:  # noqa: BLE001 - a decoder bug must not kill the worker
            return self._dead_letter("not_json", f"decoder failed: {type(exc).__name__}: {exc}", value, key, source, None, now)
        out_key = event.event_id.encode()
        try:
            decision = self.screener.screen(event, now=now, source=source)
        except Exception as exc:  # noqa: BLE001 - fail closed: HOLD, never crash, never release
            decision = self.screener.error_decision(
                event.event_id, event.event_type.value, f"screening failed: {type(exc).__name__}: {exc}",
                now=now, source=source,
            )
        try:
            encoded = encode_decision(decision)
        except Exception as exc:  # noqa: BLE001 - e.g. an unserialisable evidence value
            decision = self.screener.error_decision(
                event.event_id, event.event_type.value, f"decision encoding failed: {type(exc).__name__}: {exc}",
                now=now, source=source,
            )
            encoded = encode_decision(decision)
        return Output("decision", out_key, encoded, decision=decision, event_type=event.event_type.value)

    @staticmethod
    def _dead_letter(
        kind: str, error: str, value: bytes | None, key: bytes | None, source: dict[str, object],
        event_id: str | None, now: datetime | None,
    ) -> Output:
        out_key = key if key else f"{source['topic']}:{source['partition']}:{source['offset']}".encode()
        record = dead_letter_record(
            kind=kind, error=error, original=value, key=key, topic=str(source["topic"]),
            partition=int(source["partition"]),  # type: ignore[arg-type]
            offset=int(source["offset"]),  # type: ignore[arg-type]
            event_id=event_id, now=now,
        )
        return Output("dead_letter", out_key, record, error_kind=kind, error=error)


def decision_line(output: Output) -> bytes:
    """The JSON line ``tradescreen check`` prints for an output (decisions only)."""
    return output.value if output.kind == "decision" else orjson.dumps({"error": output.error})
