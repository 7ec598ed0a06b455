"""Read-only share links: the owner creates, lists and revokes them; the token
alone opens the report, its digest and artifacts, and nothing else."""
import json

from support.processes import wait_for


def test_a_share_link_opens_the_report_without_a_key_until_revoked(alice, bob, api, media, start_worker):
    job = alice.upload(media.jpeg().read_bytes(), filename="still.jpg", content_type="image/jpeg").json()
    assert alice.post(f"/api/v1/jobs/{job['job_id']}/shares", b"{}",
                      headers={"Content-Type": "application/json"}).error_code == "INVALID_REQUEST", "not done yet"
    start_worker()
    wait_for(lambda: alice.get(f"/api/v1/jobs/{job['job_id']}").json()["status"] == "COMPLETED", 120,
             what="the job to complete")

    made = alice.post(f"/api/v1/jobs/{job['job_id']}/shares", b"{}", headers={"Content-Type": "application/json"})
    assert made.status == 201, made.body
    share = made.json()
    assert share["token"].startswith("dtshr_") and len(share["token"]) == 70
    assert share["url"] == "/shared/" + share["token"]
    assert bob.get(f"/api/v1/jobs/{job['job_id']}/shares").error_code == "JOB_NOT_FOUND"
    listed = alice.get(f"/api/v1/jobs/{job['job_id']}/shares").json()["shares"]
    assert [s["id"] for s in listed] == [share["id"]] and "token" not in listed[0]

    anonymous = api.client(None)
    opened = anonymous.get(share["api_url"])
    assert opened.status == 200, opened.body
    body = opened.json()
    assert body["shared"] is True and body["job"]["job_id"] == job["job_id"]
    assert body["job"]["result"]["verdict"] and body["report_digest"].startswith("0x")
    assert "owner" not in body["job"] and "error_history" not in body["job"]
    assert "no-store" in opened.header("cache-control")
    for ref in body["job"]["result"]["artifacts"]:
        assert anonymous.get(f"{share['api_url']}/artifacts/{ref['name']}").status == 200
    assert anonymous.get(f"/api/v1/jobs/{job['job_id']}").error_code == "UNAUTHORIZED", "the token opens only this"

    assert bob.request("DELETE", f"/api/v1/jobs/{job['job_id']}/shares/{share['id']}").error_code == "JOB_NOT_FOUND"
    assert alice.request("DELETE", f"/api/v1/jobs/{job['job_id']}/shares/{share['id']}").status == 204
    assert anonymous.get(share["api_url"]).error_code == "SHARE_NOT_FOUND"
    assert anonymous.get(f"{share['api_url']}/artifacts/timeline.json").error_code == "SHARE_NOT_FOUND"
    assert alice.request("DELETE", f"/api/v1/jobs/{job['job_id']}/shares/{share['id']}").error_code == "SHARE_NOT_FOUND"


def test_bad_share_requests_are_refused(alice, api):
    assert api.client(None).get("/api/v1/shared/dtshr_" + "0" * 64).error_code == "SHARE_NOT_FOUND"
    assert alice.post("/api/v1/jobs/nope/shares", b"{}",
                      headers={"Content-Type": "application/json"}).error_code == "JOB_NOT_FOUND"
