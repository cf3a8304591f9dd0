"""The screening agent: input topics → decisions / dead letters. Thin by design.

Per batch: decode and screen every message (``Pipeline.process``), send the
outputs, count. When offsets may be committed is decided in one place,
``stream.delivery``: a batch is acked (in order) only after the broker
acknowledged all its outputs, so a crash re-delivers instead of losing
(at-least-once). Re-screening gives the same decision content and
``decision_id`` for the same event, and decisions are keyed by event_id so
consumers upsert. See docs/reliability.md.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Protocol, Sequence

import faust

from stream.app import AppTopics
from stream.delivery import OrderedAcker, OutputRecord, send_acknowledged
from stream.pipeline import Pipeline

BATCH_MAX = 256
BATCH_WITHIN_S = 0.005
IN_FLIGHT_BATCHES = 8
"""Batches whose outputs may await broker acks while the next ones are screened."""

log = logging.getLogger(__name__)


class Observer(Protocol):
    """The metrics seam (``stream.metrics.Metrics`` implements it); None = not counted."""

    def event_consumed(self, topic: str, event_type: str) -> None: ...

    def decision_emitted(self, decision: Any, end_to_end_seconds: float | None) -> None: ...

    def dead_letter(self, kind: str) -> None: ...


def _end_to_end_seconds(broker_ts: float | None, now: float) -> float | None:
    """Broker (producer) timestamp → decision acknowledged.

    ``occurred_at`` is business time (a declaration may be filed hours before it is
    streamed), so it would measure the producer's backlog, not this service.
    """
    return max(0.0, now - broker_ts) if broker_ts else None


def register(app: faust.App, topics: AppTopics, pipeline: Pipeline, observer: Observer | None = None,
             *, send_retry_backoff_s: float = 1.0) -> Any:
    decisions, dead_letters = topics.decisions, topics.dead_letters

    def count_outputs(batch: Sequence[Any], outputs: list[OutputRecord]) -> None:
        """Called once a batch's outputs are acknowledged: decisions count only when durable."""
        if observer is None:
            return
        now = time.time()
        for event, (_, out) in zip(batch, outputs):
            if out.decision is not None:
                observer.decision_emitted(out.decision, _end_to_end_seconds(event.message.timestamp, now))
            else:
                observer.dead_letter(out.error_kind or "unknown")

    @app.agent(topics.inputs, name="screen")
    async def screen(stream: faust.StreamT) -> None:
        acker = OrderedAcker(IN_FLIGHT_BATCHES, on_done=count_outputs).start()
        try:
            async for batch in stream.take_events(BATCH_MAX, within=BATCH_WITHIN_S):
                acker.take(batch)
                outputs: list[OutputRecord] = []
                for event in batch:
                    msg = event.message
                    out = pipeline.process(
                        msg.value, key=msg.key, topic=msg.topic, partition=msg.partition, offset=msg.offset,
                    )
                    outputs.append((decisions if out.kind == "decision" else dead_letters, out))
                    if observer is not None:
                        try:
                            observer.event_consumed(msg.topic, out.event_type or "invalid")
                        except Exception:  # noqa: BLE001 - counting must never stop screening
                            log.exception("metrics observer failed")
                await acker.submit(batch, send_acknowledged(outputs, backoff_s=send_retry_backoff_s), outputs)
        finally:
            acker.close()

    return screen
