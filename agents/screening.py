"""The screening agent: input topics → decisions / dead letters. Thin by design.

Delivery guarantee (at-least-once): events are taken in small batches; every
output record of a batch is sent and *acknowledged by the broker* before the
batch's input offsets are acked to Faust, which commits acked offsets only.
Batches are acked strictly in the order they were read, while the next
batches are already being screened (a bounded window).
A send that fails (broker stalled or restarting, leader moved) is re-sent
until the broker acknowledges it, so a stall delays the batch instead of
skipping events. A crash between the send and the commit re-delivers the
batch; re-screening gives the same decision content for the same event
(idempotent per event_id, same ``decision_id``), and decisions are keyed by
event_id so consumers upsert. See docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Awaitable, Protocol, Sequence

import faust

from stream.app import AppTopics
from stream.pipeline import Output, Pipeline

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


async def _failed(exc: BaseException) -> None:
    raise exc


async def send_acknowledged(
    records: Sequence[tuple[faust.TopicT, Output]],
    *,
    backoff_s: float = 1.0,
    max_backoff_s: float = 10.0,
) -> int:
    """Send every record and return once the broker acknowledged all of them.

    Failed sends are re-sent (after a growing pause) until they succeed: the
    caller acks the input offsets only after this returns, so giving up on a
    record would mean losing a decision. Outputs are bounded in size by the
    pipeline, so no record is refused for being too large forever. Returns
    the number of re-sends (a stall shows up in the log, never as a gap).
    """
    pending = list(records)
    resent = 0
    pause = backoff_s
    while True:
        futures: list[Awaitable[Any]] = []
        for target, out in pending:
            try:
                futures.append(await target.send(key=out.key, value=out.value))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. metadata timeout while the broker is down
                futures.append(_failed(exc))
        results = await asyncio.gather(*futures, return_exceptions=True)
        failed = [rec for rec, res in zip(pending, results) if isinstance(res, BaseException)]
        if not failed:
            return resent
        errors = {type(res).__name__ for res in results if isinstance(res, BaseException)}
        log.warning("%d of %d output records not acknowledged by the broker (%s); re-sending in %.1fs",
                    len(failed), len(pending), ", ".join(sorted(errors)), pause)
        resent += len(failed)
        await asyncio.sleep(pause)
        pause = min(max_backoff_s, pause * 2)
        pending = failed


def register(app: faust.App, topics: AppTopics, pipeline: Pipeline, observer: Observer | None = None,
             *, send_retry_backoff_s: float = 1.0) -> Any:
    decisions, dead_letters = topics.decisions, topics.dead_letters

    def count(outputs: list[tuple[faust.TopicT, Output]], timestamps: list[float | None]) -> None:
        if observer is None:
            return
        try:
            now = time.time()
            for (_, out), ts in zip(outputs, timestamps):
                if out.decision is not None:
                    observer.decision_emitted(out.decision, _end_to_end_seconds(ts, now))
                else:
                    observer.dead_letter(out.error_kind or "unknown")
        except Exception:  # noqa: BLE001 - counting must never stop screening
            log.exception("metrics observer failed")

    async def complete(window: asyncio.Queue) -> None:
        """Ack batches strictly in the order they were taken, each once its outputs are acknowledged.

        In order, so the acked offsets of every partition are always a prefix of
        what was read: the committed offset can never jump over an event whose
        decision is still unconfirmed.
        """
        while True:
            batch, outputs, timestamps, sending = await window.get()
            await sending
            for event in batch:
                event.ack()  # the last reference (take_events dropped its own): offset becomes committable
            count(outputs, timestamps)

    @app.agent(topics.inputs, name="screen")
    async def screen(stream: faust.StreamT) -> None:
        # Screening of the next batch overlaps with waiting for the broker's acks of
        # the previous ones (up to IN_FLIGHT_BATCHES), so a paced stream is not
        # limited to one broker round trip per small batch.
        window: asyncio.Queue = asyncio.Queue(maxsize=IN_FLIGHT_BATCHES)
        completer = asyncio.ensure_future(complete(window))
        in_flight: list[asyncio.Future] = []
        try:
            async for batch in stream.take_events(BATCH_MAX, within=BATCH_WITHIN_S):
                if completer.done():  # never expected: it only waits and acks
                    completer.result()
                # take_events acks (drops a reference to) the batch when the loop moves on,
                # and also when this coroutine is torn down mid-batch (shutdown,
                # cancellation). The extra reference taken here is dropped only by the
                # completer, after the broker acknowledged every output of the batch:
                # an interrupted batch is never acked, so never committed: re-delivered.
                for event in batch:
                    event.message.incref()
                outputs: list[tuple[faust.TopicT, Output]] = []
                timestamps: list[float | None] = []
                for event in batch:
                    msg = event.message
                    out = pipeline.process(
                        msg.value, key=msg.key, topic=msg.topic, partition=msg.partition, offset=msg.offset,
                    )
                    outputs.append((decisions if out.kind == "decision" else dead_letters, out))
                    timestamps.append(msg.timestamp)
                    if observer is not None:
                        try:
                            observer.event_consumed(msg.topic, out.event_type or "invalid")
                        except Exception:  # noqa: BLE001
                            log.exception("metrics observer failed")
                sending = asyncio.ensure_future(send_acknowledged(outputs, backoff_s=send_retry_backoff_s))
                in_flight = [f for f in in_flight if not f.done()] + [sending]
                await window.put((list(batch), outputs, timestamps, sending))
        finally:
            completer.cancel()
            for f in in_flight:
                f.cancel()

    return screen
