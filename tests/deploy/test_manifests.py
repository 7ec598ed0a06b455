"""The deployment files cannot run here (no container engine, no cluster), so
this checks what can be checked: they parse, and every command and DEEPTRACE_*
variable they use is one the real binaries accept (read from their --help)."""
import re
import subprocess

import pytest
import yaml

from support import paths

DEPLOY = paths.REPO_ROOT / "deploy"


def accepted_env(binary: str) -> set:
    out = subprocess.run([str(paths.binary(binary)), "--help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"Env:(DEEPTRACE_[A-Z_]+)", out))


def documents(name: str):
    return [d for d in yaml.safe_load_all((DEPLOY / name).read_text()) if d]


def env_names(env) -> set:
    if isinstance(env, dict):
        return set(env)
    return {e["name"] for e in env or []}


def containers():
    """(binary, env names, pod spec) of every container in the manifests."""
    out = []
    for name in ("k8s/api.yaml", "k8s/worker.yaml"):
        for doc in documents(name):
            if doc["kind"] == "Deployment":
                spec = doc["spec"]["template"]["spec"]
                out += [(c["command"][0], env_names(c["env"]), spec) for c in spec["containers"]]
    for service in documents("compose.yaml")[0]["services"].values():
        if "command" in service and service["command"][0].startswith("deeptrace-"):
            out.append((service["command"][0], env_names(service.get("environment")), service))
    return out


@pytest.mark.parametrize("binary, env, spec", containers())
def test_commands_and_variables_are_real(binary, env, spec):
    assert paths.binary(binary).exists(), f"{binary} is not an executable this project builds"
    deeptrace_env = {e for e in env if e.startswith("DEEPTRACE_")}
    assert deeptrace_env, "each container is configured through DEEPTRACE_* variables"
    assert deeptrace_env <= accepted_env(binary), deeptrace_env - accepted_env(binary)


def grace_seconds(env) -> float:
    if isinstance(env, dict):
        return float(env["DEEPTRACE_GRACE_S"])
    return float(next(e["value"] for e in env if e["name"] == "DEEPTRACE_GRACE_S"))


def test_workers_get_longer_to_stop_than_their_drain_grace():
    worker = next(d for d in documents("k8s/worker.yaml") if d["kind"] == "Deployment")
    pod = worker["spec"]["template"]["spec"]
    assert pod["terminationGracePeriodSeconds"] > grace_seconds(pod["containers"][0]["env"])
    compose = documents("compose.yaml")[0]["services"]["worker"]
    assert int(compose["stop_grace_period"].rstrip("s")) > grace_seconds(compose["environment"])


def test_keda_scales_workers_on_pending_jobs():
    kinds = {d["kind"]: d for d in documents("k8s/keda.yaml")}
    scaled = kinds["ScaledObject"]
    assert scaled["spec"]["scaleTargetRef"]["name"] == "deeptrace-worker"
    trigger = scaled["spec"]["triggers"][0]
    assert trigger["type"] == "mongodb"
    assert trigger["metadata"]["collection"] == "jobs"
    assert yaml.safe_load(trigger["metadata"]["query"]) == {"status": "PENDING"}
    assert trigger["authenticationRef"]["name"] == kinds["TriggerAuthentication"]["metadata"]["name"]


def test_api_probes_use_the_health_routes():
    api = next(d for d in documents("k8s/api.yaml") if d["kind"] == "Deployment")
    container = api["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
