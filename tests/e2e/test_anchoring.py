"""Chain anchoring end to end (docs/anchoring.md): a Hardhat node on loopback,
the ReportRegistry deployed to it, the real API and worker, jobs completed on
real media, the real anchor service (chain/anchor) landing one Merkle batch,
then `deeptrace verify` passing for an untouched report and failing for one
with a changed score. Also the admin routes' guards on the real server."""
import json
import os
import subprocess
from pathlib import Path

import pytest

from support import paths
from support.processes import ManagedProcess, free_port, wait_for
from support.validate_json import assert_valid_report

REPO = Path(__file__).resolve().parents[2]
CHAIN = REPO / "chain"
ANCHOR = CHAIN / "anchor"
# Hardhat's published development account #1 (a test key, funded only on
# local Hardhat chains): the anchor service signs with it.
ANCHORER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
ANCHORER_ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
HARDHAT_CHAIN_ID = 31337
OK, REJECTED, NOT_FINISHED, INVALID = 0, 3, 6, 8

pytestmark = pytest.mark.skipif(not (CHAIN / "node_modules").is_dir() or not (ANCHOR / "node_modules").is_dir(),
                                reason="chain/ and chain/anchor npm packages are not installed (scripts/setup does it)")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    env.update({k: str(v) for k, v in extra.items()})
    return env


@pytest.fixture
def chain_node(tmp_path):
    """A Hardhat JSON-RPC node on a free loopback port with ReportRegistry
    deployed; yields (rpc_url, contract address)."""
    port = free_port()
    rpc_url = f"http://127.0.0.1:{port}"
    node = ManagedProcess("hardhat-node", [str(CHAIN / "node_modules/.bin/hardhat"), "node", "--hostname", "127.0.0.1",
                                           "--port", str(port)], tmp_path / "hardhat.log", cwd=CHAIN)
    wait_for(lambda: "Started HTTP" in (tmp_path / "hardhat.log").read_text(errors="replace") or not node.running,
             timeout=120, what="hardhat node")
    assert node.running, node.describe()
    deploy = subprocess.run(["npm", "run", "-s", "deploy:local"], cwd=CHAIN, capture_output=True, text=True, timeout=300,
                            env=clean_env(DEEPTRACE_CHAIN_RPC_URL=rpc_url, DEEPTRACE_ANCHORER_ADDRESS=ANCHORER_ADDRESS))
    assert deploy.returncode == 0, deploy.stderr
    deployed = json.loads(deploy.stdout.strip().splitlines()[-1])
    assert deployed["chain_id"] == HARDHAT_CHAIN_ID
    yield rpc_url, deployed["address"]
    node.stop()


def run_anchor_service_once(api, admin_key, rpc_url, contract):
    env = clean_env(DEEPTRACE_API_URL=api.base_url, DEEPTRACE_API_KEY=admin_key, DEEPTRACE_CHAIN_RPC_URL=rpc_url,
                    DEEPTRACE_CHAIN_ID=HARDHAT_CHAIN_ID, DEEPTRACE_REGISTRY_ADDRESS=contract,
                    DEEPTRACE_ANCHOR_PRIVATE_KEY=ANCHORER_KEY, DEEPTRACE_ANCHOR_BATCH_SIZE=16)
    return subprocess.run(["npm", "start", "-s", "--", "--once"], cwd=ANCHOR, capture_output=True, text=True,
                          timeout=300, env=env)


def deeptrace(*args, env):
    return subprocess.run([str(paths.binary("deeptrace")), *map(str, args)], capture_output=True, text=True,
                          timeout=120, env=env, stdin=subprocess.DEVNULL)


def complete_jobs(client, files):
    ids = []
    for f in files:
        res = client.upload(f.read_bytes(), filename=f.name)
        assert res.status == 202, res.body
        ids.append(res.json()["job_id"])
    for job_id in ids:
        wait_for(lambda: client.get(f"/api/v1/jobs/{job_id}").json()["status"] in ("COMPLETED", "FAILED"),
                 timeout=300, interval=0.5, what=f"job {job_id}")
        assert client.get(f"/api/v1/jobs/{job_id}").json()["status"] == "COMPLETED"
    return ids


@pytest.fixture
def anchored_system(chain_node, admin, start_api, start_worker, media, tmp_path):
    rpc_url, contract = chain_node
    admin_key = admin.add_user("anchorer", admin=True)
    alice_key = admin.add_user("alice")
    web_dist = REPO / "web/dist"
    api = start_api("--anchoring", web_dir=web_dist if (web_dist / "index.html").exists() else None)
    start_worker()
    alice = api.client(alice_key)
    ids = complete_jobs(alice, [media.face_mp4(seconds=1.0), media.h264_mp4(seconds=1.0), media.jpeg()])
    assert alice.get(f"/api/v1/jobs/{ids[0]}/anchor").error_code == "NOT_ANCHORED"
    ran = run_anchor_service_once(api, admin_key, rpc_url, contract)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return api, alice, alice_key, admin_key, ids, rpc_url, contract


def test_batch_lands_and_verify_tells_untouched_from_altered(anchored_system, tmp_path):
    api, alice, alice_key, _, ids, rpc_url, contract = anchored_system
    anchors = [alice.get(f"/api/v1/jobs/{job_id}/anchor").json() for job_id in ids]
    assert {a["state"] for a in anchors} == {"confirmed"}
    assert len({a["root"] for a in anchors}) == 1, "one batch, one root"
    assert anchors[0]["contract"].lower() == contract.lower() and anchors[0]["block_number"] > 0

    env = clean_env(DEEPTRACE_URL=api.base_url, DEEPTRACE_API_KEY=alice_key, DEEPTRACE_CHAIN_RPC_URL=rpc_url)
    report = tmp_path / "report.json"
    report.write_text(deeptrace("report", ids[0], "--json", env=env).stdout)
    good = deeptrace("verify", report, env=env)
    assert good.returncode == OK, good.stdout + good.stderr
    assert good.stdout.startswith("valid:") and f"block {anchors[0]['block_number']}" in good.stdout

    doc = json.loads(report.read_text())
    assert_valid_report(doc["result"])
    first_detector = doc["result"]["evidence"]["visual"]["detectors"][0]
    first_detector["fake_score"] = 0.5 if first_detector["fake_score"] != 0.5 else 0.25
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(doc))
    bad = deeptrace("verify", altered, env=env)
    assert bad.returncode == INVALID, bad.stdout + bad.stderr
    assert bad.stdout.startswith("invalid:") and "altered" in bad.stdout


def test_report_page_shows_the_block_and_proof(anchored_system):
    api, alice, alice_key, _, ids, _, _ = anchored_system
    if not (REPO / "web/dist/index.html").exists():
        pytest.skip("web UI not built (scripts/setup builds it)")
    block = alice.get(f"/api/v1/jobs/{ids[0]}/anchor").json()["block_number"]
    res = subprocess.run(["node", str(REPO / "tests/web/check_anchored_report.mjs"), api.base_url, alice_key, ids[0],
                          str(block)], capture_output=True, text=True, timeout=180)
    assert res.returncode == 0, res.stdout + res.stderr


def test_verify_needs_no_server_given_the_anchor_file(anchored_system, tmp_path):
    api, alice, alice_key, _, ids, rpc_url, _ = anchored_system
    env = clean_env(DEEPTRACE_URL=api.base_url, DEEPTRACE_API_KEY=alice_key)
    report, anchor = tmp_path / "report.json", tmp_path / "anchor.json"
    report.write_text(deeptrace("report", ids[2], "--json", env=env).stdout)
    anchor.write_text(json.dumps(alice.get(f"/api/v1/jobs/{ids[2]}/anchor").json()))
    api.stop()
    offline = clean_env()  # no server URL, no key: only the files and the chain
    res = deeptrace("verify", report, "--anchor", anchor, "--rpc-url", rpc_url, "--json", env=offline)
    assert res.returncode == OK, res.stdout + res.stderr
    outcome = json.loads(res.stdout)
    assert outcome["valid"] is True and outcome["digest"] == outcome["anchored_digest"]


def test_admin_routes_guard_the_batches(anchored_system):
    api, alice, _, admin_key, ids, _, contract = anchored_system
    admin = api.client(admin_key)
    assert alice.get("/api/v1/admin/anchor/pending").error_code == "FORBIDDEN"
    assert admin.get("/api/v1/admin/anchor/pending").json()["reports"] == []
    anchor = alice.get(f"/api/v1/jobs/{ids[0]}/anchor").json()
    entry = {"job_id": ids[0], "digest": anchor["digest"], "proof": anchor["proof"]}
    body = {"root": anchor["root"], "chain_id": HARDHAT_CHAIN_ID, "contract": contract, "entries": [entry]}
    again = admin.post("/api/v1/admin/anchor/batches", json.dumps(body).encode(),
                       headers={"Content-Type": "application/json"})
    assert again.status == 409 and again.error_code == "ANCHOR_CONFLICT"
    wrong_root = dict(body, root="0x" + "11" * 32)
    res = admin.post("/api/v1/admin/anchor/batches", json.dumps(wrong_root).encode(),
                     headers={"Content-Type": "application/json"})
    assert res.status == 400 and res.error_code == "ANCHOR_PROOF_INVALID"
    batches = admin.get("/api/v1/admin/anchor/batches?state=confirmed").json()["batches"]
    assert len(batches) == 1 and batches[0]["count"] == 3 and batches[0]["root"] == anchor["root"]
