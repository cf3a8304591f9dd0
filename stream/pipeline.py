"""One input message → exactly one output record (a decision or a dead letter).

This is the whole per-message contract of the service, kept free of Kafka so it
is tested directly and reused by ``tradescreen check``. The agent only moves
bytes between topics around it. Nothing that goes wrong in here escapes: bad
input becomes a dead letter, a failure inside screening becomes a HOLD with
SCREENING_ERROR (the event was valid, so it deserves a decision, and a failed
screening must never look like a release).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

import orjson

from stream.codec import InputError, dead_letter_record, decode_event, encode_decision
from stream.core import Screener, screening_error
from stream.models import Decision, Outcome


@dataclass(frozen=True, slots=True)
class Output:
    kind: Literal["decision", "dead_letter"]
    key: bytes
    value: bytes
    decision: Decision | None = None
    error_kind: str | None = None
    error: str | None = None
    event_type: str | None = None


MAX_OUTPUT_BYTES = 1_000_000
"""Largest decision or dead-letter record produced: below Apache Kafka's default
``message.max.bytes`` (1 048 588), so no output can be refused by the broker for
its size (a refused output would block its input partition forever)."""

_KEPT_REASONS = 20


@dataclass
class Pipeline:
    screener: Screener
    max_message_bytes: int = 1 << 20
    max_output_bytes: int = MAX_OUTPUT_BYTES

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
        try:
            return self._process(value, key=key, topic=topic, partition=partition, offset=offset, now=now)
        except Exception as exc:  # noqa: BLE001 - last resort: an unforeseen bug still yields one output
            source = {"topic": topic, "partition": partition, "offset": offset}
            return self._dead_letter("core_error", ascii(f"pipeline failed: {type(exc).__name__}: {exc}")[:2000],
                                     value, key, source, None, now)

    def _process(
        self,
        value: bytes | None,
        *,
        key: bytes | None,
        topic: str,
        partition: int,
        offset: int,
        now: datetime | None,
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
        if len(encoded) > self.max_output_bytes:
            decision = self._summarised(decision, len(encoded))
            encoded = encode_decision(decision)
        return Output("decision", out_key, encoded, decision=decision, event_type=event.event_type.value)

    def _summarised(self, decision: Decision, size: int) -> Decision:
        """A decision too large to publish: HOLD with its first reasons and a count of all.

        Fail closed: the full explanation cannot be published, so the event is
        held and the officer re-runs it with ``tradescreen check`` to see it all.
        """
        codes = Counter(r.code.value for r in decision.reasons)
        kept = tuple(r for r in decision.reasons[:_KEPT_REASONS] if len(repr(r.evidence)) < 4096)
        summary = screening_error(
            "core.output_size",
            f"decision is {size} bytes, above the {self.max_output_bytes}-byte output limit: "
            f"{len(decision.reasons)} reasons, first {len(kept)} kept; re-run with 'tradescreen check' for all",
            reason_codes=dict(codes), reasons_total=len(decision.reasons),
        )
        return replace(decision, decision=Outcome.HOLD, reasons=(summary, *kept))

    def _dead_letter(
        self,
        kind: str, error: str, value: bytes | None, key: bytes | None, source: dict[str, object],
        event_id: str | None, now: datetime | None,
    ) -> Output:
        out_key = key if key else f"{source['topic']}:{source['partition']}:{source['offset']}".encode()
        # base64 grows the original by 4/3; the rest of the record is small but
        # the error text and key are bounded too, so the record stays under the limit.
        keep = max(0, (self.max_output_bytes - 16384) * 3 // 4)
        if len(error) > 2000:
            error = error[:2000] + "..."
        if key is not None and len(key) > 4096:
            key = key[:4096]
        record = dead_letter_record(
            kind=kind, error=error, original=value, key=key, topic=str(source["topic"]),
            partition=int(source["partition"]),  # type: ignore[arg-type]
            offset=int(source["offset"]),  # type: ignore[arg-type]
            event_id=event_id, now=now, keep_bytes=keep,
        )
        return Output("dead_letter", out_key, record, error_kind=kind, error=error)


def decision_line(output: Output) -> bytes:
    """The JSON line ``tradescreen check`` prints for an output (decisions only)."""
    return output.value if output.kind == "decision" else orjson.dumps({"error": output.error})
