"""Start a throw-away Prometheus server on loopback that scrapes given targets.

Used by ``tradescreen demo --with-prometheus`` and by the tests. It never
touches a system Prometheus (Debian's package also installs a service on
:9090): it runs the ``prometheus`` binary with its own config, its own free
port and a temporary storage directory, and loads the repository's alert rules
so a new user can watch alerts and graphs locally.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
RULES_FILE = REPO_ROOT / "deploy" / "prometheus" / "rules.yml"
JOB_NAME = "tradescreen"


class PrometheusNotInstalled(RuntimeError):
    pass


def prometheus_binary() -> str:
    path = os.environ.get("TRADESCREEN_PROMETHEUS_BIN") or shutil.which("prometheus")
    if not path:
        raise PrometheusNotInstalled(
            "the 'prometheus' binary is not on PATH; on Debian/Ubuntu: apt-get install -y prometheus"
        )
    return path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _target_host_port(target: str) -> tuple[str, str]:
    """``http://127.0.0.1:9464/metrics`` or ``127.0.0.1:9464`` -> (``127.0.0.1:9464``, ``/metrics``)."""
    if "://" in target:
        parsed = urllib.parse.urlsplit(target)
        return parsed.netloc, parsed.path or "/metrics"
    return target, "/metrics"


def render_config(
    targets: Sequence[str],
    rules_files: Sequence[Path],
    *,
    scrape_interval: str = "1s",
    evaluation_interval: str = "1s",
) -> dict[str, Any]:
    """The prometheus.yml for the given scrape targets (grouped by metrics path)."""
    by_path: dict[str, list[str]] = {}
    for target in targets:
        host_port, path = _target_host_port(target)
        by_path.setdefault(path, []).append(host_port)
    scrape_configs = [
        {
            "job_name": JOB_NAME,
            "metrics_path": path,
            "scrape_interval": scrape_interval,
            "scrape_timeout": scrape_interval,
            "static_configs": [{"targets": hosts}],
        }
        for path, hosts in by_path.items()
    ]
    return {
        "global": {"scrape_interval": scrape_interval, "evaluation_interval": evaluation_interval},
        "rule_files": [str(Path(p).resolve()) for p in rules_files],
        "scrape_configs": scrape_configs,
    }


@dataclass
class PrometheusAPI:
    """The few calls of Prometheus' HTTP API the demo and the tests need."""

    url: str

    def api(self, path: str, **params: str) -> Any:
        query = urllib.parse.urlencode(params)
        with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=10) as resp:
            payload = json.loads(resp.read())
        if payload.get("status") != "success":
            raise RuntimeError(f"Prometheus API error for {path}: {payload}")
        return payload["data"]

    def query(self, promql: str) -> list[dict[str, Any]]:
        """Instant query; returns the result vector (list of {metric, value})."""
        data = self.api("/api/v1/query", query=promql)
        result = data["result"]
        return result if isinstance(result, list) else [{"metric": {}, "value": result}]

    def scalar(self, promql: str) -> float | None:
        """First sample's value of an instant query, or None when the result is empty."""
        result = self.query(promql)
        if not result:
            return None
        return float(result[0]["value"][1])


@dataclass
class LocalPrometheus(PrometheusAPI):
    """A running Prometheus process with its HTTP API at ``url``."""

    process: subprocess.Popen[bytes] = field(default=None)  # type: ignore[assignment]
    workdir: Path = field(default=Path("."))
    _own_workdir: bool = field(default=True, repr=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> "LocalPrometheus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def launch(
    targets: Sequence[str],
    rules_files: Sequence[Path] = (),
    *,
    port: int | None = None,
    scrape_interval: str = "1s",
    workdir: Path | None = None,
    ready_timeout: float = 60.0,
) -> LocalPrometheus:
    """Start Prometheus on 127.0.0.1 and wait until ``/-/ready`` answers."""
    binary = prometheus_binary()
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="tradescreen-prometheus-")) if workdir is None else Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    config_path = work / "prometheus.yml"
    config_path.write_text(yaml.safe_dump(render_config(targets, rules_files, scrape_interval=scrape_interval)))
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(work / "prometheus.log", "wb")
    process = subprocess.Popen(
        [
            binary,
            f"--config.file={config_path}",
            f"--storage.tsdb.path={work / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1d",
            "--log.level=warn",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=work,
    )
    log.close()
    running = LocalPrometheus(url, process, work, own)
    deadline = time.monotonic() + ready_timeout
    while True:
        if process.poll() is not None:
            output = (work / "prometheus.log").read_text(errors="replace")[-4000:]
            running.stop()
            raise RuntimeError(f"prometheus exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=2) as resp:
                if resp.status == 200:
                    return running
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            running.stop()
            raise TimeoutError(f"prometheus at {url} not ready after {ready_timeout}s")
        time.sleep(0.2)


def start_local_prometheus(
    targets: list[str], rules_file: Path = RULES_FILE, *, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """For the demo: start Prometheus scraping ``targets`` with ``rules_file``; returns (process, url).

    The caller owns the process (terminate it on exit); its working directory
    is a temporary folder left for the OS to clean, so the demo's data can be
    inspected after it stops.
    """
    running = launch(targets, [rules_file], port=port)
    return running.process, running.url
