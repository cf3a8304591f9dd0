"""Where offsets are committed relative to output sends: the at-least-once mechanics.

Kept out of the agent so the agent reads as decode → screen → send → count, and
so the one piece of code that decides when an input may be forgotten is in one
place:

* ``send_acknowledged`` sends a batch's outputs and returns only when the broker
  acknowledged every one of them, re-sending failures (stalled broker, moved
  leader) with growing pauses instead of skipping them;
* ``OrderedAcker`` acks input batches strictly in the order they were taken,
  each only after its outputs were acknowledged, while later batches are
  already being screened (a bounded window). In order, so the acked offsets of
  every partition are always a prefix of what was read: the committed offset can
  never jump over an event whose decision is unconfirmed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Sequence

import faust

from stream.pipeline import Output

log = logging.getLogger(__name__)

OutputRecord = tuple[faust.TopicT, Output]


async def _failed(exc: BaseException) -> None:
    raise exc


async def send_acknowledged(
    records: Sequence[OutputRecord],
    *,
    backoff_s: float = 1.0,
    max_backoff_s: float = 10.0,
) -> int:
    """Send every record and return once the broker acknowledged all of them.

    Giving up on a record would lose a decision (the caller acks the inputs after
    this returns), so failures are retried until they succeed; outputs are bounded
    in size by the pipeline, so none is refused forever. Returns the number of
    re-sends (a stall shows up in the log, never as a gap).
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


class OrderedAcker:
    """Acks taken batches in order once their sends completed; at most ``window`` in flight.

    ``take(batch)`` must be called as soon as a batch is taken: Faust's
    ``take_events`` drops its own reference to the events when the loop moves on
    (or is torn down mid-batch at shutdown), and the extra reference taken here is
    released only after the broker acknowledged the batch's outputs. An
    interrupted batch is therefore never acked, never committed, and re-delivered.
    """

    def __init__(self, window: int, on_done: Callable[[Sequence[Any], Any], None] | None = None) -> None:
        self._queue: asyncio.Queue[tuple[list[Any], asyncio.Future[Any], Any]] = asyncio.Queue(maxsize=window)
        self._on_done = on_done
        self._task: asyncio.Future[None] | None = None
        self._in_flight: list[asyncio.Future[Any]] = []

    def start(self) -> "OrderedAcker":
        self._task = asyncio.ensure_future(self._complete())
        return self

    @staticmethod
    def take(batch: Sequence[Any]) -> None:
        for event in batch:
            event.message.incref()

    async def submit(self, batch: Sequence[Any], sending: Awaitable[Any], context: Any = None) -> None:
        """Queue a batch whose outputs are being sent; waits while the window is full."""
        if self._task is not None and self._task.done():
            self._task.result()  # never expected: the completer only waits and acks
        future = asyncio.ensure_future(sending)
        self._in_flight = [f for f in self._in_flight if not f.done()] + [future]
        await self._queue.put((list(batch), future, context))

    async def _complete(self) -> None:
        while True:
            batch, sending, context = await self._queue.get()
            await sending
            for event in batch:
                event.ack()  # the last reference: the offset becomes committable
            if self._on_done is not None:
                try:
                    self._on_done(batch, context)
                except Exception:  # noqa: BLE001 - counting must never stop acking
                    log.exception("delivery callback failed")

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        for future in self._in_flight:
            future.cancel()
