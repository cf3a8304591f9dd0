"""`tradescreen demo` on its embedded broker: terminated, it stops what it started.

The broker and the worker run in sessions of their own (so that Ctrl-C reaches the demo
first and the worker can drain); a demo ended by SIGTERM (`timeout`, a service manager, a
closed terminal) used to leave both running. Real processes: the Tansu broker and a Faust
worker, started by the demo itself.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from stream.settings import REPO_ROOT


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # (the command name may hold spaces)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def test_a_terminated_demo_stops_its_broker_and_worker():
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}  # embedded default
    demo = subprocess.Popen([sys.executable, "-m", "stream.cli", "demo"], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    children: set[int] = set()
    started = threading.Event()
    output: list[str] = []

    def _read() -> None:  # (drained to the end: a full pipe would block the demo)
        assert demo.stdout is not None
        for line in demo.stdout:
            output.append(line)
            if "worker metrics at" in line:
                started.set()

    reader = threading.Thread(target=_read, daemon=True)
    reader.start()
    try:
        assert started.wait(180), "".join(output[-20:])
        children = _children(demo.pid)
        assert len(children) >= 2, (children, "".join(output[-20:]))  # the broker and the worker
        time.sleep(2)  # (well inside the run: the worker is loading lists or joining its group)
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(timeout=90) is not None
        deadline = time.monotonic() + 30
        while any(map(_running, children)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not [pid for pid in children if _running(pid)], "".join(output[-20:])
        reader.join(10)
        # The Kafka clients are closed too, not left to the garbage collector.
        assert "Unclosed" not in "".join(output), "".join(output[-20:])
    finally:
        if demo.poll() is None:
            demo.kill()
        for pid in children:
            if _running(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if demo.poll() is None:
            pytest.fail("demo did not stop")
