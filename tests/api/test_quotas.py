"""Per-user quotas: uploads a minute, jobs queued or running at once, bytes a
day; an exceeded one answers 429 with a stable code and Retry-After. Admins
set a user's own quotas (and add users, revoke keys) through the API, and the
quotas in force are on /metrics."""
import datetime
import json

JSON = {"Content-Type": "application/json"}


def patch(client, path, body):
    return client.request("PATCH", path, json.dumps(body).encode(), headers=JSON)


def retry_after(res) -> int:
    value = res.header("retry-after")
    assert value is not None and value.isdigit(), res.headers
    return int(value)


def metric_lines(api, name):
    text = api.client(None).get("/metrics").body.decode()
    return [line for line in text.splitlines() if line.startswith(name + "{")]


def test_uploads_past_the_per_minute_limit_get_429_with_retry_after(start_api, users, media):
    api = start_api("--limit-uploads-per-minute", "2")
    alice, bob = api.client(users["alice"]), api.client(users["bob"])
    data = media.h264_mp4().read_bytes()
    assert [alice.upload(data).status for _ in range(2)] == [202, 202]
    refused = alice.upload(data)
    assert refused.status == 429 and refused.error_code == "RATE_LIMITED", refused.body
    assert 1 <= retry_after(refused) <= 60
    assert "2 uploads a minute" in refused.json()["error"]["message"]
    assert bob.upload(data).status == 202, "quotas are per user"
    assert len(alice.get("/api/v1/jobs").json()["jobs"]) == 2, "the refused upload made no job"
    alice_id = alice.get("/api/v1/me").json()["id"]
    assert f'deeptrace_quota_refusals_total{{user_id="{alice_id}",limit="uploads_per_minute"}} 1' in \
        metric_lines(api, "deeptrace_quota_refusals_total")


def test_jobs_queued_at_once_are_capped_until_one_ends(start_api, users, media):
    api = start_api("--limit-concurrent-jobs", "1")  # no worker: jobs stay queued
    alice = api.client(users["alice"])
    data = media.h264_mp4().read_bytes()
    first = alice.upload(data).json()
    refused = alice.upload(data)
    assert refused.status == 429 and refused.error_code == "TOO_MANY_ACTIVE_JOBS", refused.body
    assert retry_after(refused) > 0
    assert alice.post(f"/api/v1/jobs/{first['job_id']}/cancel").status in (200, 202)
    assert alice.upload(data).status == 202
    usage = alice.get("/api/v1/usage").json()
    assert usage["quotas"]["concurrent_jobs"] == 1
    assert usage["usage"] == {"uploads_last_minute": 2, "bytes_last_24h": 2 * len(data), "active_jobs": 1}


def test_the_daily_byte_quota_counts_deleted_jobs_and_refuses_before_the_body(start_api, users, media):
    data = media.h264_mp4().read_bytes()
    api = start_api("--limit-bytes-per-day", str(len(data) * 3 // 2))
    alice = api.client(users["alice"])
    first = alice.upload_raw(data).json()
    assert alice.post(f"/api/v1/jobs/{first['job_id']}/cancel").status in (200, 202)
    assert alice.request("DELETE", f"/api/v1/jobs/{first['job_id']}").status == 204
    refused = alice.upload_raw(data)
    assert refused.status == 429 and refused.error_code == "QUOTA_EXCEEDED", "deleting a job gives no bytes back"
    assert 86000 <= retry_after(refused) <= 86400, "the earliest upload leaves the 24 h window"
    assert alice.get("/api/v1/usage").json()["usage"]["bytes_last_24h"] == len(data)

    # An announced body past the quota is refused from its headers: the
    # client is told before it sends a byte of the file.
    too_big = alice.request("POST", "/api/v1/jobs", body=b"", headers={
        "Content-Type": "video/mp4", "Content-Length": str(len(data) * 10), "Expect": "100-continue"})
    assert too_big.error_code == "QUOTA_EXCEEDED"


def test_a_rerun_counts_against_the_quotas(start_api, users, media):
    api = start_api("--limit-uploads-per-minute", "1")
    alice = api.client(users["alice"])
    job = alice.upload(media.jpeg().read_bytes(), filename="still.jpg", content_type="image/jpeg").json()
    assert alice.post(f"/api/v1/jobs/{job['job_id']}/cancel").status in (200, 202)
    rerun = alice.post(f"/api/v1/jobs/{job['job_id']}/rerun", b"{}", headers=JSON)
    assert rerun.error_code == "RATE_LIMITED", rerun.body


def test_admins_set_a_users_own_quotas_and_clear_them(start_api, admin, users, media):
    admin_key = admin.add_user("root", admin=True)
    api = start_api("--limit-uploads-per-minute", "5")
    root, alice, bob = api.client(admin_key), api.client(users["alice"]), api.client(users["bob"])
    data = media.h264_mp4().read_bytes()

    listed = {u["name"]: u for u in root.get("/api/v1/admin/users").json()["users"]}
    assert listed["alice"]["quotas"]["uploads_per_minute"] == 5
    assert listed["alice"]["quota_overrides"] == {"uploads_per_minute": None, "concurrent_jobs": None,
                                                  "bytes_per_day": None}
    set_one = patch(root, "/api/v1/admin/users/alice", {"quota_overrides": {"uploads_per_minute": 1}})
    assert set_one.status == 200, set_one.body
    assert set_one.json()["quotas"]["uploads_per_minute"] == 1
    assert alice.get("/api/v1/me").json()["quotas"]["uploads_per_minute"] == 1, "in force on the next request"
    assert alice.upload(data).status == 202
    assert alice.upload(data).error_code == "RATE_LIMITED"
    assert bob.upload(data).status == 202 and bob.upload(data).status == 202, "bob keeps the default"

    alice_id = listed["alice"]["id"]
    limits = metric_lines(api, "deeptrace_quota_limit")
    assert f'deeptrace_quota_limit{{user_id="{alice_id}",limit="uploads_per_minute"}} 1' in limits
    assert f'deeptrace_quota_limit{{user_id="{listed["bob"]["id"]}",limit="uploads_per_minute"}} 5' in limits
    assert 'deeptrace_quota_default{limit="uploads_per_minute"} 5' in api.client(None).get("/metrics").body.decode()
    assert "alice" not in "\n".join(limits), "user names stay off the public page"

    detail = root.get("/api/v1/admin/users/alice").json()
    assert detail["usage"]["uploads_last_minute"] == 1 and detail["usage"]["active_jobs"] == 1
    cleared = patch(root, "/api/v1/admin/users/alice", {"quota_overrides": {"uploads_per_minute": None}})
    assert cleared.json()["quotas"]["uploads_per_minute"] == 5
    assert alice.upload(data).status == 202

    for body in ({"quota_overrides": {"uploads_per_minute": -1}}, {"quota_overrides": {"per_hour": 3}},
                 {"quota_overrides": {"bytes_per_day": "lots"}}, {"admin": True}):
        assert patch(root, "/api/v1/admin/users/alice", body).error_code == "INVALID_REQUEST", body
    assert patch(root, "/api/v1/admin/users/nobody", {}).error_code == "USER_NOT_FOUND"


def test_admins_add_users_and_revoke_their_keys_through_the_api(api, admin, alice):
    root = api.client(admin.add_user("root", admin=True))
    assert alice.get("/api/v1/admin/users").error_code == "FORBIDDEN"
    assert alice.post("/api/v1/admin/users", json.dumps({"name": "x"}).encode(), headers=JSON).error_code == "FORBIDDEN"

    made = root.post("/api/v1/admin/users", json.dumps({"name": "carol"}).encode(), headers=JSON)
    assert made.status == 201, made.body
    assert "no-store" in made.header("cache-control")
    carol = api.client(made.json()["key"])
    assert carol.get("/api/v1/me").json()["name"] == "carol" and made.json()["admin"] is False
    taken = root.post("/api/v1/admin/users", json.dumps({"name": "carol"}).encode(), headers=JSON)
    assert (taken.status, taken.error_code) == (409, "USER_EXISTS"), "names are unique"
    assert root.post("/api/v1/admin/users", json.dumps({"name": "bad name"}).encode(),
                     headers=JSON).error_code == "INVALID_REQUEST"
    assert [u["name"] for u in root.get("/api/v1/admin/users").json()["users"]] == ["alice", "bob", "carol", "root"]

    revoked = root.post("/api/v1/admin/users/carol/revoke-keys")
    assert revoked.json() == {"revoked_keys": 1}
    assert carol.get("/api/v1/me").error_code == "UNAUTHORIZED"
    assert root.get("/api/v1/admin/users/nobody").error_code == "USER_NOT_FOUND"
    assert root.post("/api/v1/admin/users/nobody/revoke-keys").error_code == "USER_NOT_FOUND"

    # After the revocation, the admin gives carol a new key, shown once; she sees it in her list.
    issued = root.post("/api/v1/admin/users/carol/keys")
    assert issued.status == 201 and "no-store" in issued.header("cache-control"), issued.body
    assert issued.json()["name"] == "issued by root" and issued.json()["current"] is False
    carol = api.client(issued.json()["key"])
    assert carol.get("/api/v1/me").json()["name"] == "carol"
    [listed] = carol.get("/api/v1/keys").json()["keys"]
    assert (listed["id"], listed["name"], listed["current"]) == (issued.json()["id"], "issued by root", True)
    assert "key" not in listed
    next_year = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()
    named = root.post("/api/v1/admin/users/carol/keys", json.dumps({"name": "laptop", "expires_at": next_year}).encode(),
                      headers=JSON).json()
    assert named["name"] == "laptop" and named["expires_at"].startswith(next_year)
    assert [k["name"] for k in carol.get("/api/v1/keys").json()["keys"]] == ["issued by root", "laptop"]
    assert alice.post("/api/v1/admin/users/carol/keys").error_code == "FORBIDDEN"
    assert root.post("/api/v1/admin/users/nobody/keys").error_code == "USER_NOT_FOUND"
    for body in ({"name": ""}, {"name": 5}, {"expires_at": "yesterday"}, {"admin": True}):
        assert root.post("/api/v1/admin/users/carol/keys", json.dumps(body).encode(),
                         headers=JSON).error_code == "INVALID_REQUEST", body


def test_deeptrace_admin_sets_quotas_on_the_servers_disk(start_api, admin, users, media):
    api = start_api()
    alice = api.client(users["alice"])
    out = json.loads(admin.run("users", "quota", "alice", "--uploads-per-minute", "1", "--bytes-per-day", "0").stdout)
    assert out == {"name": "alice", "quota_overrides": {"uploads_per_minute": 1, "concurrent_jobs": None,
                                                         "bytes_per_day": 0}}
    listed = {u["name"]: u for u in admin.list_users()}
    assert listed["alice"]["quota_overrides"]["uploads_per_minute"] == 1
    assert listed["bob"]["quota_overrides"] == {"uploads_per_minute": None, "concurrent_jobs": None,
                                                "bytes_per_day": None}
    data = media.h264_mp4().read_bytes()
    assert alice.upload(data).status == 202
    assert alice.upload(data).error_code == "RATE_LIMITED", "the API reads the quota the admin tool stored"
    out = json.loads(admin.run("users", "quota", "alice", "--uploads-per-minute", "default").stdout)
    assert out["quota_overrides"] == {"uploads_per_minute": None, "concurrent_jobs": None, "bytes_per_day": 0}
    assert alice.upload(data).status == 202
    bad = admin.run("users", "quota", "alice", "--concurrent-jobs", "-3", check=False)
    assert bad.returncode != 0 and "'default'" in bad.stderr
    missing = admin.run("users", "quota", "nobody", "--concurrent-jobs", "3", check=False)
    assert missing.returncode == 1 and "USER_NOT_FOUND" in missing.stderr
