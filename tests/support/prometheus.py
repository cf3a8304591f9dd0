"""Real Prometheus for the tests: make sure it is installed, run it on loopback.

CI runs as root on Debian, so a missing ``prometheus``/``promtool`` is
installed with apt (Debian's ``prometheus`` package ships both). Anywhere
else a missing tool is a hard failure, never a skip: a green run must mean
the rules and the scrape were really checked.

Nothing here uses the system Prometheus service the Debian package may start:
each server is our own process on a free port with a temporary storage dir.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

import pytest

from stream.local_prometheus import LocalPrometheus, launch

_install_lock = threading.Lock()


def ensure_prometheus() -> tuple[str, str]:
    """Paths of ``prometheus`` and ``promtool``; installs Debian's package as root if missing."""
    with _install_lock:
        prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
        if prometheus and promtool:
            return prometheus, promtool
        if os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get"):
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "prometheus"]):
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
                if done.returncode != 0:
                    pytest.fail(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
            prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
        if not (prometheus and promtool):
            pytest.fail(
                "prometheus/promtool not installed and cannot install them (not root or no apt-get): "
                "run 'apt-get install -y prometheus'"
            )
        return prometheus, promtool


def promtool(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run promtool and return the finished process (text output)."""
    _, tool = ensure_prometheus()
    return subprocess.run(
        [tool, *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@contextmanager
def running_prometheus(
    targets: Sequence[str], rules_files: Sequence[Path] = (), *, scrape_interval: str = "1s"
) -> Iterator[LocalPrometheus]:
    """A real Prometheus on 127.0.0.1 scraping ``targets`` every ``scrape_interval``."""
    ensure_prometheus()
    server = launch(targets, rules_files, scrape_interval=scrape_interval)
    try:
        yield server
    finally:
        server.stop()


def wait_until(predicate: Callable[[], object], timeout: float, what: str, poll: float = 0.5) -> object:
    """Poll ``predicate`` until it returns something truthy; fail with ``what`` on timeout.

    Waiting is for an event to happen (a scrape, an evaluation), not a timing
    assertion: the timeout only bounds how long a broken setup hangs.
    """
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(poll)
    pytest.fail(f"timed out after {timeout}s waiting for {what} (last value: {last!r})")
