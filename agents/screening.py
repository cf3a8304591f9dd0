"""The screening agent: input topics → decisions / dead letters. Thin by design.

Delivery guarantee (at-least-once): events are taken in small batches; every
output record of a batch is sent and *acknowledged by the broker* before the
batch's input offsets are acked to Faust, which commits acked offsets only.
A crash between the send and the commit re-delivers the batch; re-screening
gives the same decision content for the same event (idempotent per event_id),
and decisions are keyed by event_id so consumers upsert.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Protocol

import faust

from stream.app import AppTopics
from stream.pipeline import Output, Pipeline

BATCH_MAX = 256
BATCH_WITHIN_S = 0.005


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


def register(app: faust.App, topics: AppTopics, pipeline: Pipeline, observer: Observer | None = None) -> Any:
    decisions, dead_letters = topics.decisions, topics.dead_letters

    @app.agent(topics.inputs, name="screen")
    async def screen(stream: faust.StreamT) -> None:
        async for batch in stream.take_events(BATCH_MAX, within=BATCH_WITHIN_S):
            pending = []
            produced: list[tuple[Output, float | None]] = []
            for event in batch:
                msg = event.message
                out = pipeline.process(
                    msg.value, key=msg.key, topic=msg.topic, partition=msg.partition, offset=msg.offset,
                )
                target = decisions if out.kind == "decision" else dead_letters
                pending.append(await target.send(key=out.key, value=out.value))
                produced.append((out, msg.timestamp))
                if observer is not None:
                    observer.event_consumed(msg.topic, out.event_type or "invalid")
            # Acks for this batch happen only after this block: wait for the broker first.
            await asyncio.gather(*pending)
            if observer is not None:
                now = time.time()
                for out, ts in produced:
                    if out.decision is not None:
                        observer.decision_emitted(out.decision, _end_to_end_seconds(ts, now))
                    else:
                        observer.dead_letter(out.error_kind or "unknown")

    return screen
