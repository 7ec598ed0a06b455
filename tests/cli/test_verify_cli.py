"""`deeptrace verify` failures that need no chain: unreadable or foreign
files, no way to get the proof, a batch not mined yet, an unreachable node.
Each has its documented exit code (src/cli/exit_codes.hpp); the successful
and the tampered cases run against a real chain in tests/e2e/test_anchoring.py."""
import json
import os
import subprocess

from support import paths
from support.processes import free_port

USAGE, NETWORK, NOT_FINISHED = 2, 5, 6
REPORT = {"job_id": "j1", "media": {"sha256": "ab" * 32}, "result": {"verdict": "likely_real", "fake_score": 0.1}}
ANCHOR = {"job_id": "j1", "digest": "0x" + "11" * 32, "proof": [], "root": "0x" + "22" * 32, "state": "confirmed",
          "chain_id": 31337, "contract": "0x" + "33" * 20, "block_number": 3}


def verify(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    return subprocess.run([str(paths.binary("deeptrace")), "verify", *map(str, args)], capture_output=True, text=True,
                          timeout=60, env=env, stdin=subprocess.DEVNULL)


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


def test_unreadable_or_foreign_files_are_usage_errors(tmp_path):
    rpc = f"http://127.0.0.1:{free_port()}"
    assert verify(tmp_path / "missing.json", "--rpc-url", rpc).returncode == USAGE
    not_json = write(tmp_path, "x.json", "not json")
    assert verify(not_json, "--rpc-url", rpc).returncode == USAGE
    foreign = write(tmp_path, "foreign.json", {"hello": "world"})
    res = verify(foreign, "--rpc-url", rpc)
    assert res.returncode == USAGE and "deeptrace report JOB_ID --json" in res.stderr


def test_without_an_anchor_file_a_key_is_needed(tmp_path):
    res = verify(write(tmp_path, "r.json", REPORT), "--rpc-url", "http://127.0.0.1:1")
    assert res.returncode == USAGE and "--anchor" in res.stderr


def test_an_rpc_url_is_required_and_must_be_http(tmp_path):
    report, anchor = write(tmp_path, "r.json", REPORT), write(tmp_path, "a.json", ANCHOR)
    assert verify(report, "--anchor", anchor).returncode == USAGE
    assert verify(report, "--anchor", anchor, "--rpc-url", "ftp://node").returncode == USAGE


def test_a_batch_not_mined_yet_is_not_finished(tmp_path):
    anchor = write(tmp_path, "a.json", dict(ANCHOR, state="submitted"))
    res = verify(write(tmp_path, "r.json", REPORT), "--anchor", anchor, "--rpc-url", "http://127.0.0.1:1")
    assert res.returncode == NOT_FINISHED and "NOT_ANCHORED" in res.stderr


def test_an_unreachable_node_is_a_network_error(tmp_path):
    anchor = write(tmp_path, "a.json", ANCHOR)
    res = verify(write(tmp_path, "r.json", REPORT), "--anchor", anchor, "--rpc-url", f"http://127.0.0.1:{free_port()}")
    assert res.returncode == NETWORK and "chain node" in res.stderr
