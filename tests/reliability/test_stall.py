"""A broker frozen (SIGSTOP) for longer than the session timeout: the worker recovers by itself.

While the broker is stalled the worker reports not ready on ``/readyz`` and
``tradescreen_worker_ready`` is 0 (the TradescreenWorkerNotReady alert
condition); after SIGCONT it rejoins the group and every event produced
before, during and after the stall gets its decision or dead letter.
"""

from __future__ import annotations

import json
import time
from typing import Iterator

import pytest

from tests.reliability.support import FAST_GROUP_ENV, SteadyProducer, fault_stack, metric_samples, wait_accounted
from tests.support.kafka import StreamingStack

pytestmark = pytest.mark.kafka

SESSION_TIMEOUT_S = float(FAST_GROUP_ENV["TRADESCREEN_SESSION_TIMEOUT_S"])
STALL_S = 3.5 * SESSION_TIMEOUT_S
"""Long enough for the lag probe (every 5 s, request timeout 10 s) to notice the stall."""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamingStack]:
    s = fault_stack(tmp_path_factory.mktemp("stall"))
    try:
        yield s
    finally:
        try:
            s.broker.resume()  # never leave a stopped process behind
        finally:
            s.close()


def _ready(stack: StreamingStack) -> tuple[bool | None, dict]:
    try:
        status, body = stack.worker.get("/readyz", timeout=2.0)
    except OSError:
        return None, {}
    return status == 200, json.loads(body)


def _outputs(stack: StreamingStack) -> int:
    with stack.collector.cond:
        return sum(map(len, stack.collector.decisions.values())) + sum(map(len, stack.collector.dead_letters.values()))


def test_worker_recovers_from_a_broker_stall_longer_than_the_session_timeout(stack: StreamingStack) -> None:
    deadline = time.monotonic() + 60
    while _ready(stack)[0] is not True:
        assert time.monotonic() < deadline, f"worker not ready before the stall: {_ready(stack)[1]}"
        time.sleep(0.5)
    producer = SteadyProducer(stack, rate_per_s=200, prefix="stall").start()
    time.sleep(2.0)
    seen_not_ready: dict = {}
    not_ready_after_s = float("nan")
    ready_gauge_during_stall: list[float] = []
    stack.broker.pause()
    paused_at = time.monotonic()
    try:
        while time.monotonic() - paused_at < STALL_S:
            ready, report = _ready(stack)
            if ready is False and not seen_not_ready:
                seen_not_ready = report
                not_ready_after_s = time.monotonic() - paused_at
            if ready is False:
                samples = metric_samples(stack.worker.metrics_url)
                ready_gauge_during_stall.append(samples.get("tradescreen_worker_ready", -1.0))
            time.sleep(0.5)
    finally:
        stack.broker.resume()
    resumed_at = time.monotonic()
    before = _outputs(stack)
    while _outputs(stack) <= before:
        assert time.monotonic() - resumed_at < 120, "no output within 120 s after the broker resumed"
        time.sleep(0.2)
    first_output_s = time.monotonic() - resumed_at
    time.sleep(3.0)
    coords = producer.stop()
    acc = wait_accounted(stack, coords, timeout=120)
    recovered_s = time.monotonic() - resumed_at
    deadline = time.monotonic() + 60
    while _ready(stack)[0] is not True:
        assert time.monotonic() < deadline, f"worker never ready again: {_ready(stack)[1]}"
        time.sleep(0.5)
    ready_again_s = time.monotonic() - resumed_at
    print(f"\nstall run ({STALL_S:.0f} s SIGSTOP, session timeout {SESSION_TIMEOUT_S:.0f} s): {acc.line()}; "
          f"first output {first_output_s:.1f} s after resume, all accounted {recovered_s:.1f} s, "
          f"ready again {ready_again_s:.1f} s; not ready {not_ready_after_s:.1f} s into the stall: {seen_not_ready}")

    assert seen_not_ready, "readiness never reported not-ready while the broker was stopped"
    assert seen_not_ready["missing"], seen_not_ready
    assert ready_gauge_during_stall and all(v == 0.0 for v in ready_gauge_during_stall), ready_gauge_during_stall
    assert stack.worker.alive(), "the worker must survive a broker stall, not exit"
    assert not acc.missing, f"{len(acc.missing)} events without an outcome after the stall, e.g. {acc.missing[:5]}"
    assert not acc.duplicates_differing
