"""kill -9 of workers mid-stream loses nothing: every produced record gets a decision or a dead letter.

Real processes only: a Tansu broker, `tradescreen worker` subprocesses killed with
SIGKILL at random moments while a producer keeps sending, then restarted. The
figures (produced / decided / dead-lettered / duplicated) are printed for the
Reliability section of the docs; duplicates are allowed (at-least-once) but
must carry the same decision content (``decision_id``).
"""

from __future__ import annotations

import json
import random
import time
from typing import Iterator

import pytest

from tests.reliability.support import SteadyProducer, fault_stack, wait_accounted
from tests.support.kafka import StreamingStack, WorkerProcess

pytestmark = pytest.mark.kafka

KILLS = 3


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamingStack]:
    s = fault_stack(tmp_path_factory.mktemp("crash"))
    try:
        yield s
    finally:
        s.close()


def _outputs(stack: StreamingStack) -> int:
    with stack.collector.cond:
        return sum(map(len, stack.collector.decisions.values())) + sum(map(len, stack.collector.dead_letters.values()))


def _wait_progress(stack: StreamingStack, timeout: float = 120.0) -> None:
    """Block until the stack emits new outputs (the restarted worker has joined and screens)."""
    before = _outputs(stack)
    deadline = time.monotonic() + timeout
    while _outputs(stack) < before + 20:
        if time.monotonic() > deadline:
            raise TimeoutError("no progress after restart")
        time.sleep(0.2)


def _restart_like(stack: StreamingStack, dead: WorkerProcess) -> WorkerProcess:
    return stack.add_worker(dead.env_extra, name="restarted")


def _assigned(worker: WorkerProcess) -> int:
    try:
        _, body = worker.get("/readyz")
    except OSError:  # the health server is not up yet
        return 0
    return int(json.loads(body).get("assigned_partitions") or 0)


def test_kill9_at_random_moments_loses_no_event(stack: StreamingStack) -> None:
    rng = random.Random(20261123)
    producer = SteadyProducer(stack, rate_per_s=300, prefix="crash-single").start()
    worker = stack.workers[-1]
    try:
        for _ in range(KILLS):
            _wait_progress(stack)
            time.sleep(rng.uniform(0.2, 3.0))  # a random moment while batches are in flight
            worker.kill9()
            worker = _restart_like(stack, worker)
        _wait_progress(stack)
        time.sleep(1.0)
    finally:
        coords = producer.stop()
    acc = wait_accounted(stack, coords, timeout=120)
    print(f"\ncrash run (1 worker, {KILLS} x kill -9): {acc.line()}")
    assert acc.produced > 1000
    assert not acc.missing, f"{len(acc.missing)} events without an outcome, e.g. {acc.missing[:5]}"
    assert not acc.duplicates_differing, f"duplicates with different content: {acc.duplicates_differing[:5]}"
    assert acc.decided > 0 and acc.dead_lettered > 0


def test_survivor_takes_over_the_partitions_of_a_killed_worker(stack: StreamingStack) -> None:
    first = stack.workers[-1]
    second = stack.add_worker(first.env_extra, name="second")
    producer = SteadyProducer(stack, rate_per_s=300, prefix="crash-pair").start()
    try:
        deadline = time.monotonic() + 120
        while not (_assigned(first) > 0 and _assigned(second) > 0):  # both own partitions: a real split
            assert time.monotonic() < deadline, "the second worker never got partitions"
            time.sleep(0.5)
        _wait_progress(stack)
        time.sleep(random.Random(7).uniform(0.2, 2.0))
        first.kill9()
        deadline = time.monotonic() + 120
        while _assigned(second) < 12:  # 3 input topics x 4 partitions
            assert time.monotonic() < deadline, "the survivor did not take over every partition"
            time.sleep(0.5)
        _wait_progress(stack)
        time.sleep(1.0)
    finally:
        coords = producer.stop()
    acc = wait_accounted(stack, coords, timeout=120)
    print(f"\ncrash run (2 workers, 1 x kill -9, survivor takes over): {acc.line()}")
    assert acc.produced > 500
    assert not acc.missing, f"{len(acc.missing)} events without an outcome, e.g. {acc.missing[:5]}"
    assert not acc.duplicates_differing, f"duplicates with different content: {acc.duplicates_differing[:5]}"
