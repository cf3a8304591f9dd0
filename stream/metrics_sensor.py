"""Faust sensor that feeds consumer-side metrics: assignment, lag, broker reachability.

Why a sensor and not counters in the agent: partition assignment and offsets
are the consumer's business, and Faust already calls sensors at exactly those
points (``on_message_in``, ``on_rebalance_end``). The agent stays thin.

Lag is *log end offset - committed offset* per assigned input partition. The
end offsets Faust tracks on its own are only refreshed when records are
fetched, so a stalled worker would show a frozen lag; this sensor instead asks
the broker for end offsets every ``lag_interval`` seconds. That same request
doubles as the "broker reachable" signal for ``/readyz``.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, Mapping, Optional

from faust import Sensor
from faust.types import TP, AppT, Message
from mode import Service

from stream.metrics import Metrics

log = logging.getLogger(__name__)


def compute_lag(
    end_offsets: Mapping[Any, Optional[int]],
    committed: Mapping[Any, Optional[int]],
    last_read: Mapping[Any, int],
    earliest: Mapping[Any, Optional[int]] | None = None,
) -> dict[Any, int]:
    """Per-partition lag from end offsets and committed (next-to-read) offsets.

    Pure so it can be tested without a broker. When nothing was committed yet
    but records were read, the read position stands in for the committed one;
    with neither, the group starts from the log start (``earliest``, Faust's
    default offset reset), so everything from there is lag. A partition with no
    known position at all is left out: its lag is unknown, not zero.
    """
    out: dict[Any, int] = {}
    earliest = earliest or {}
    for tp, end in end_offsets.items():
        if end is None:
            continue
        position = committed.get(tp)
        if position is None:
            read = last_read.get(tp)
            position = read + 1 if read is not None else earliest.get(tp)
            if position is None:
                continue
        out[tp] = max(0, int(end) - int(position))
    return out


def unknown_positions(
    partitions: Iterable[Any], committed: Mapping[Any, Optional[int]], last_read: Mapping[Any, int]
) -> list[Any]:
    """Partitions with neither a committed nor a read offset (need the log start offset)."""
    return [tp for tp in partitions if committed.get(tp) is None and tp not in last_read]


def _update(state: Any, name: str, value: object) -> None:
    """Set a readiness condition on ``stream.health.Readiness`` or any plain state object."""
    setter = getattr(state, f"set_{name}", None)
    if callable(setter):
        setter(value)
    else:
        setattr(state, name, value)


class MetricsSensor(Sensor):
    """Add with ``app.sensors.add(MetricsSensor(app, metrics, readiness, topics=...))`` before start.

    ``readiness`` is any object with ``assigned_partitions`` / ``broker_reachable``
    attributes (or ``set_...`` methods), e.g. ``stream.health.Readiness``.
    """

    def __init__(
        self,
        app: AppT,
        metrics: Metrics,
        readiness: Any = None,
        *,
        topics: Iterable[str] | None = None,
        lag_interval: float = 5.0,
        **kwargs: Any,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.readiness = readiness
        self.topics = frozenset(topics) if topics is not None else None
        self.lag_interval = lag_interval
        self._last_read: Dict[TP, int] = {}
        super().__init__(**kwargs)

    def _ours(self, tp: TP) -> bool:
        return self.topics is None or tp.topic in self.topics

    def on_message_in(self, tp: TP, offset: int, message: Message) -> None:
        self._last_read[tp] = offset

    def on_rebalance_end(self, app: AppT, state: Dict) -> None:
        self._update_assignment()

    def _update_assignment(self) -> set[TP]:
        try:
            assigned = {tp for tp in self.app.consumer.assignment() if self._ours(tp)}
        except Exception:  # consumer not started yet
            return set()
        self.metrics.set_assigned_partitions(len(assigned))
        self.metrics.forget_partitions((tp.topic, tp.partition) for tp in assigned)
        for tp in list(self._last_read):
            if tp not in assigned:
                del self._last_read[tp]
        if self.readiness is not None:
            _update(self.readiness, "assigned_partitions", len(assigned))
        return assigned

    async def refresh_lag(self) -> None:
        """Ask the broker for end offsets of assigned partitions and publish lag."""
        assigned = self._update_assignment()
        if not assigned:
            return
        consumer = self.app.consumer
        try:
            ends = await consumer.highwaters(*assigned)
        except Exception as exc:
            log.warning("could not fetch end offsets for lag: %r", exc)
            if self.readiness is not None:
                _update(self.readiness, "broker_reachable", False)
            return
        if self.readiness is not None:
            _update(self.readiness, "broker_reachable", True)
        committed = getattr(consumer, "_committed_offset", {}) or {}
        earliest: Mapping[TP, Optional[int]] = {}
        unknown = unknown_positions(assigned, committed, self._last_read)
        if unknown:
            try:
                earliest = await consumer.earliest_offsets(*unknown)
            except Exception as exc:
                log.debug("could not fetch log start offsets: %r", exc)
        for tp, lag in compute_lag(ends, committed, self._last_read, earliest).items():
            self.metrics.set_consumer_lag(tp.topic, tp.partition, lag)

    @Service.task
    async def _lag_loop(self) -> None:
        while not self.should_stop:
            await self.sleep(self.lag_interval)
            if self.should_stop:
                break
            try:
                await self.refresh_lag()
            except Exception as exc:  # never let metrics kill the worker
                log.warning("lag refresh failed: %r", exc)
