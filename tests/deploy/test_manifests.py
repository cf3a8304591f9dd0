"""Deployment files: parse, validate what can be validated here, and agree with each other.

Kubernetes built-in objects are checked against the official OpenAPI schemas
shipped by ``kubernetes-validate`` (strict: unknown fields are errors). The
Prometheus Operator objects have no schema there, so they are checked for what
matters: the PrometheusRule carries exactly ``rules.yml`` (and promtool accepts
it), the ServiceMonitor selects the Service and names its port.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.support.prometheus import promtool

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
K8S_VERSION = "1.31"
SETTINGS_SOURCE = (REPO / "stream" / "settings.py").read_text()


def k8s_objects() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted(K8S.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                out[doc["kind"]] = doc
    return out


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_builtin_kubernetes_objects_match_the_official_schemas() -> None:
    objects = k8s_objects()
    assert {"ConfigMap", "Deployment", "Service", "ServiceMonitor", "PrometheusRule"} <= set(objects)
    for kind, obj in objects.items():
        if obj["apiVersion"].startswith("monitoring.coreos.com/"):
            continue
        kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


def test_schema_check_really_rejects_a_broken_deployment() -> None:
    broken = copy.deepcopy(k8s_objects()["Deployment"])
    broken["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["prot"] = 9464
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSION, strict=True)


def test_deployment_has_probes_limits_and_runs_as_non_root() -> None:
    objects = k8s_objects()
    deployment, service, config = objects["Deployment"], objects["Service"], objects["ConfigMap"]
    pod = deployment["spec"]["template"]
    container = pod["spec"]["containers"][0]
    assert deployment["spec"]["replicas"] >= 2
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert {"cpu", "memory"} <= set(container["resources"]["limits"])
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["metrics"] == int(config["data"]["TRADESCREEN_METRICS_PORT"])
    # The Service selects the pods and exposes the named metrics port.
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert any(p["targetPort"] == "metrics" for p in service["spec"]["ports"])
    assert deployment["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()


def test_configmap_and_compose_only_set_variables_the_service_reads() -> None:
    config = k8s_objects()["ConfigMap"]["data"]
    worker_env = compose()["services"]["worker"]["environment"]
    deployment_env = [e["name"] for e in k8s_objects()["Deployment"]["spec"]["template"]["spec"]["containers"][0]["env"]]
    for name in [*config, *worker_env, *deployment_env]:
        assert f'"{name}"' in SETTINGS_SOURCE, f"{name} is not a setting read by stream/settings.py"


def test_service_monitor_scrapes_the_service_port() -> None:
    objects = k8s_objects()
    monitor, service = objects["ServiceMonitor"], objects["Service"]
    assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
    port_names = {p["name"] for p in service["spec"]["ports"]}
    for endpoint in monitor["spec"]["endpoints"]:
        assert endpoint["port"] in port_names and endpoint["path"] == "/metrics"
    # Alert rules select job="tradescreen": with the Operator, job is the Service name.
    assert service["metadata"]["name"] == "tradescreen"


def test_prometheus_rule_carries_exactly_the_rules_file(tmp_path: Path) -> None:
    rule = k8s_objects()["PrometheusRule"]
    rules_file = yaml.safe_load((DEPLOY / "prometheus" / "rules.yml").read_text())
    assert rule["spec"]["groups"] == rules_file["groups"]
    extracted = tmp_path / "operator-rules.yml"
    extracted.write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}))
    done = promtool("check", "rules", str(extracted))
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_prometheus_config_is_valid(tmp_path: Path) -> None:
    config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
    assert config["rule_files"] == ["/etc/prometheus/rules.yml"]
    shutil.copy(DEPLOY / "prometheus" / "rules.yml", tmp_path / "rules.yml")
    config["rule_files"] = [str(tmp_path / "rules.yml")]
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    done = promtool("check", "config", str(tmp_path / "prometheus.yml"))
    assert done.returncode == 0, done.stdout + done.stderr
    jobs = {job["job_name"] for job in config["scrape_configs"]}
    assert "tradescreen" in jobs


def test_compose_runs_kraft_kafka_several_workers_prometheus_and_grafana() -> None:
    services = compose()["services"]
    assert {"kafka", "worker", "prometheus", "grafana"} <= set(services)
    kafka_env = services["kafka"]["environment"]
    assert "controller" in kafka_env["KAFKA_PROCESS_ROLES"] and "zookeeper" not in str(services).lower()
    assert ":" in services["kafka"]["image"] and not services["kafka"]["image"].endswith(":latest")
    worker = services["worker"]
    replicas = worker["deploy"]["replicas"]
    assert replicas >= 2
    partitions = int(services["kafka-topics"]["environment"]["PARTITIONS"])
    assert partitions >= replicas, "replicas beyond the partition count would sit idle"
    assert worker["environment"]["KAFKA_BOOTSTRAP_SERVERS"].startswith("kafka:")
    assert {"limits"} <= set(worker["deploy"]["resources"])
    # Every file the stack mounts from this repository exists.
    for name in ("prometheus", "grafana"):
        for volume in services[name]["volumes"]:
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (DEPLOY / source).exists(), source
    for image_service in ("prometheus", "grafana"):
        image = services[image_service]["image"]
        assert re.search(r":v?\d+\.\d+\.\d+$", image), image


def test_dockerfile_pins_the_base_image_and_runs_as_non_root() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", text, re.MULTILINE)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base.group(1))
    users = re.findall(r"^USER\s+(\S+)$", text, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert "EXPOSE 9464" in text
    # Everything copied from the build context (the repository root) exists.
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, re.MULTILINE):
        *sources, _dest = line.split()
        for source in sources:
            assert (REPO / source).exists(), f"Dockerfile copies missing {source}"


def test_grafana_provisioning_points_at_the_dashboard() -> None:
    datasources = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml").read_text())
    assert datasources["datasources"][0]["type"] == "prometheus"
    providers = yaml.safe_load((DEPLOY / "grafana" / "provisioning" / "dashboards" / "tradescreen.yml").read_text())
    mounted = compose()["services"]["grafana"]["volumes"]
    assert any(v.endswith(providers["providers"][0]["options"]["path"] + "/tradescreen.json:ro") for v in mounted)
