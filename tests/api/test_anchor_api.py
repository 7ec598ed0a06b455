"""The anchoring routes' guards on the real server (docs/anchoring.md §4):
admin only, bad bodies get 4xx with stable codes, digests are the server's
own, and nothing is stored by a refused request. The happy path, with a real
chain and the anchor service, is tests/e2e/test_anchoring.py."""
import json

import pytest

from support.processes import wait_for

JSON = {"Content-Type": "application/json"}
ROOT = "0x" + "ab" * 32
CONTRACT = "0x" + "12" * 20


@pytest.fixture
def admin_client(api, admin):
    return api.client(admin.add_user("operator", admin=True))


def post_json(client, path, body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(path, raw, headers=JSON)


def batch(job_id, digest, root=ROOT, proof=()):
    return {"root": root, "chain_id": 31337, "contract": CONTRACT,
            "entries": [{"job_id": job_id, "digest": digest, "proof": list(proof)}]}


@pytest.fixture
def completed_job(alice, media, start_worker):
    job_id = alice.upload(media.jpeg().read_bytes(), filename="astronaut.jpg").json()["job_id"]
    start_worker()
    wait_for(lambda: alice.get(f"/api/v1/jobs/{job_id}").json()["status"] == "COMPLETED", timeout=240,
             interval=0.5, what="completed job")
    return job_id


def test_admin_routes_need_an_admin_key(alice, documented_operations):
    admin_only = [op for op in documented_operations if op.admin_only]
    assert len(admin_only) >= 6 and all(op.path.startswith("/api/v1/admin/") for op in admin_only)
    for op in admin_only:
        res = op.call(alice)
        assert (res.status, res.error_code) == (403, "FORBIDDEN"), (op.method, op.path)
    # Not admin-only: an owner reads their own job's anchor.
    assert not any(op.admin_only for op in documented_operations if op.path == "/api/v1/jobs/{id}/anchor")


@pytest.mark.parametrize("body,code", [
    (b"not json", "INVALID_REQUEST"),
    (b"[1,2]", "INVALID_REQUEST"),
    ({"root": "0x12", "chain_id": 1, "contract": CONTRACT, "entries": []}, "INVALID_REQUEST"),
    ({"root": ROOT, "chain_id": -1, "contract": CONTRACT, "entries": []}, "INVALID_REQUEST"),
    ({"root": ROOT, "chain_id": 1, "contract": "0x1234", "entries": []}, "INVALID_REQUEST"),
    ({"root": ROOT, "chain_id": 1, "contract": CONTRACT, "entries": []}, "INVALID_REQUEST"),
    ({"root": ROOT, "chain_id": 1, "contract": CONTRACT, "entries": ["x"]}, "INVALID_REQUEST"),
    (batch("no-such-job", ROOT), "JOB_NOT_FOUND"),
])
def test_malformed_batches_are_refused(admin_client, body, code):
    res = post_json(admin_client, "/api/v1/admin/anchor/batches", body)
    assert res.status in (400, 404) and res.error_code == code, res.body


def test_only_completed_jobs_with_the_servers_digest_can_be_batched(admin_client, alice, media, completed_job):
    pending = admin_client.get("/api/v1/admin/anchor/pending").json()["reports"]
    assert [r["job_id"] for r in pending] == [completed_job]
    digest = pending[0]["digest"]
    assert pending[0]["report"] == alice.get(f"/api/v1/jobs/{completed_job}").json()["result"]

    wrong_digest = "0x" + ("0" if digest[2] != "0" else "1") + digest[3:]
    res = post_json(admin_client, "/api/v1/admin/anchor/batches", batch(completed_job, wrong_digest))
    assert (res.status, res.error_code) == (400, "ANCHOR_PROOF_INVALID")
    res = post_json(admin_client, "/api/v1/admin/anchor/batches", batch(completed_job, digest))  # leaf != ROOT
    assert (res.status, res.error_code) == (400, "ANCHOR_PROOF_INVALID")

    # A job that is not COMPLETED (or, if the worker was quick, has another digest).
    queued = alice.upload(media.h264_mp4().read_bytes()).json()["job_id"]
    res = post_json(admin_client, "/api/v1/admin/anchor/batches", batch(queued, digest))
    assert res.status == 400 and res.error_code in ("INVALID_REQUEST", "ANCHOR_PROOF_INVALID")

    # Nothing was stored by the refused requests.
    assert [r["job_id"] for r in admin_client.get("/api/v1/admin/anchor/pending").json()["reports"]][0] == completed_job
    assert admin_client.get("/api/v1/admin/anchor/batches?state=prepared").json()["batches"] == []
    assert alice.get(f"/api/v1/jobs/{completed_job}/anchor").error_code == "NOT_ANCHORED"


def test_batch_routes_check_ids_states_and_hashes(admin_client):
    assert admin_client.get("/api/v1/admin/anchor/batches/nope").error_code == "ANCHOR_BATCH_NOT_FOUND"
    res = post_json(admin_client, "/api/v1/admin/anchor/batches/nope/submitted", {"tx_hash": ROOT})
    assert (res.status, res.error_code) == (404, "ANCHOR_BATCH_NOT_FOUND")
    res = post_json(admin_client, "/api/v1/admin/anchor/batches/nope/confirmed",
                    {"tx_hash": ROOT, "block_number": 1, "block_time": 2})
    assert res.status == 404
    assert admin_client.get("/api/v1/admin/anchor/batches?state=mined").error_code == "INVALID_REQUEST"
    assert admin_client.get("/api/v1/admin/anchor/batches").error_code == "INVALID_REQUEST"
    assert admin_client.get("/api/v1/admin/anchor/pending?limit=0").error_code == "INVALID_REQUEST"


def test_a_job_of_another_owner_has_no_anchor_to_read(alice, bob, media):
    job_id = alice.upload(media.h264_mp4().read_bytes()).json()["job_id"]
    assert alice.get(f"/api/v1/jobs/{job_id}/anchor").error_code == "NOT_ANCHORED"
    assert bob.get(f"/api/v1/jobs/{job_id}/anchor").error_code == "JOB_NOT_FOUND"
