"""Content Credentials (issue 15) through the real binaries: `deeptrace
provenance` offline on the C2PA SDK's own test files, and jobs through the
real API and worker whose reports carry the provenance section, the headline
of a signed generative-AI statement beside the detectors' verdict, and the
warning of broken credentials. Signed media is made in set-up with the
test-only tool test_sign_media (a throw-away certificate)."""
import hashlib
import json
import os
import subprocess

import pytest

from support import paths
from support.processes import wait_for
from support.validate_json import _assert_valid, assert_valid_report

FIXTURES = paths.REPO_ROOT.parent / "shared" / "fixtures" / "c2pa"
TRAINED = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
JOB_TIMEOUT_S = 180
USAGE = 2

needs_sdk = pytest.mark.skipif(not paths.binary("test_sign_media").exists(),
                               reason="built without the C2PA SDK (scripts/build-c2pa found no Rust toolchain)")


def provenance_cli(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    return subprocess.run([str(paths.binary("deeptrace")), "provenance", *map(str, args)], capture_output=True,
                          text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)


def signed_picture(media, tmp_path, source_type=TRAINED):
    """astronaut.jpg signed with a new throw-away certificate; returns (file, root PEM)."""
    certs = tmp_path / "certs"
    out = tmp_path / "signed_astronaut.jpg"
    subprocess.run([str(paths.binary("test_sign_media")), str(certs), str(media.jpeg()), str(out), source_type],
                   check=True, timeout=60)
    return out, certs / "root.pem"


def wait_done(client, job_id):
    def done():
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        return job["status"] in {"COMPLETED", "FAILED"} and job
    return wait_for(done, JOB_TIMEOUT_S, what=f"job {job_id} to finish")


def analyse(client, path):
    res = client.upload(path.read_bytes(), filename=path.name)
    assert res.status == 202, res.body
    job = wait_done(client, res.json()["job_id"])
    assert job["status"] == "COMPLETED", job
    assert_valid_report(job["result"])
    return job


@needs_sdk
def test_the_cli_reads_credentials_offline():
    valid = provenance_cli(FIXTURES / "C.jpg")
    assert valid.returncode == 0, valid.stderr
    assert "Content Credentials signed by C2PA Signer" in valid.stdout
    assert "not on a trusted list" in valid.stdout and "Read with: c2pa-rs 0.90.0" in valid.stdout
    altered = provenance_cli(FIXTURES / "XCA.jpg")
    assert altered.returncode == 0 and "present but invalid" in altered.stdout
    assert "Failure: assertion.dataHash.mismatch" in altered.stdout
    none = provenance_cli(FIXTURES / "no_manifest.jpg", FIXTURES / "video1.mp4", "--json")
    assert none.returncode == 0, none.stderr
    first, second = (json.loads(line) for line in none.stdout.splitlines())
    for p in (first, second):
        _assert_valid(p, "Provenance")
    assert first["status"] == "none" and first["reason"] == "NO_MANIFEST"
    assert second["status"] == "valid" and second["manifest"]["signer"]["algorithm"] == "Es256"


def test_the_cli_refuses_missing_files_and_trust_lists():
    missing = provenance_cli("/nonexistent/file.jpg")
    assert missing.returncode == USAGE and "/nonexistent/file.jpg" in missing.stderr
    bad_list = provenance_cli("--c2pa-trust-anchors", "/nonexistent/roots.pem", FIXTURES / "C.jpg")
    assert bad_list.returncode == USAGE and "roots.pem" in bad_list.stderr


@needs_sdk
def test_a_signed_generative_statement_is_the_headline_beside_the_detectors(alice, media, start_worker, tmp_path):
    signed, _ = signed_picture(media, tmp_path)
    start_worker()
    job = analyse(alice, signed)
    report = job["result"]
    p = report["provenance"]
    assert p["status"] == "valid" and p["generative_ai"] is True
    assert p["manifest"]["claim_generator"] == "deeptrace-tests/1"
    assert p["manifest"]["signer"]["trusted"] is False and p["trust_list"] is None
    assert report["headline"] == {"source": "provenance", "code": "SIGNED_GENERATIVE_AI",
                                  "text": "Signed as made with generative AI"}
    # The detectors' verdict stays theirs, shown beside the headline.
    assert report["verdict"] in {"likely_fake", "likely_real", "inconclusive", "not_applicable"}
    assert report["evidence"]["visual"]["detectors"]
    assert report["explanation"].startswith(p["summary"])
    assert "provenance" in report["timings_ms"]
    # The CLI's summary: the headline first, then the detectors' verdict and the provenance line.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    env.update(DEEPTRACE_URL=f"http://{alice.host}:{alice.port}", DEEPTRACE_API_KEY=alice.key)
    cli = subprocess.run([str(paths.binary("deeptrace")), "report", job["job_id"]], capture_output=True, text=True,
                         timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert cli.returncode == 0, cli.stderr
    lines = cli.stdout.splitlines()
    assert lines[1] == "Headline: Signed as made with generative AI" or "Headline: Signed as made with generative AI" in lines
    assert any(line.startswith("Detectors' Verdict: ") for line in lines)
    assert f"Provenance: {p['summary']}" in lines


@needs_sdk
def test_credentials_changed_after_signing_are_a_warning_not_a_verdict(alice, media, start_worker):
    start_worker()
    report = analyse(alice, FIXTURES / "XCA.jpg")["result"]
    assert report["provenance"]["status"] == "invalid"
    assert "assertion.dataHash.mismatch" in {f["code"] for f in report["provenance"]["failures"]}
    assert "headline" not in report
    codes = [w["code"] for w in report["warnings"]]
    assert "CREDENTIALS_INVALID" in codes
    none = analyse(alice, FIXTURES / "no_manifest.jpg")["result"]
    assert none["provenance"]["status"] == "none" and "headline" not in none
    assert "CREDENTIALS_INVALID" not in [w["code"] for w in none["warnings"]]


@needs_sdk
def test_the_workers_trust_list_makes_the_signer_trusted(alice, media, start_worker, tmp_path):
    signed, root = signed_picture(media, tmp_path)
    start_worker(extra_args=("--c2pa-trust-anchors", str(root)))
    p = analyse(alice, signed)["result"]["provenance"]
    assert p["manifest"]["signer"]["trusted"] is True
    assert p["trust_list"] == hashlib.sha256(root.read_bytes()).hexdigest()
    assert "on the configured trusted list" in p["summary"]
