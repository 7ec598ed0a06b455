"""Authentication, isolation, routing, health and metrics of deeptrace-api."""
import re
import time

from support.http import ApiClient


def test_no_key_bad_key_good_key(api, users):
    anon = api.client()
    res = anon.get("/api/v1/me")
    assert res.status == 401 and res.error_code == "UNAUTHORIZED"
    assert res.json()["request_id"] == res.header("x-request-id")
    res = api.client("dt_" + "0" * 64).get("/api/v1/me")
    assert res.status == 401 and res.error_code == "UNAUTHORIZED"
    res = api.client(users["alice"]).get("/api/v1/me")
    assert res.status == 200
    assert res.json()["name"] == "alice"
    assert res.header("x-request-id")


def test_me_reports_the_upload_limits(start_api, users):
    # The web upload form validates against these instead of copying them.
    limits = start_api("--max-upload-bytes", "12345").client(users["alice"]).get("/api/v1/me").json()["limits"]
    assert limits == {"max_frames": 256, "default_frames": 32, "max_upload_bytes": 12345}


def test_me_says_whether_this_server_anchors_reports(start_api, users):
    # Issue 18, defect 7: clients show a report's anchor, and ask for it, only
    # when the server says an anchor service runs (--anchoring).
    assert start_api().client(users["alice"]).get("/api/v1/me").json()["features"] == {"anchoring": False}
    anchoring = start_api("--anchoring").client(users["alice"]).get("/api/v1/me").json()
    assert anchoring["features"] == {"anchoring": True}


def test_every_api_route_requires_a_key(api, documented_operations):
    anon = api.client()
    keyed = [op for op in documented_operations if op.needs_key]
    assert {op.path for op in keyed} >= {"/api/v1/jobs", "/api/v1/jobs/{id}", "/api/v1/me"}
    for op in keyed:
        res = op.call(anon)
        assert (res.status, res.error_code) == (401, "UNAUTHORIZED"), (op.method, op.path)


def test_public_routes_answer_without_a_key(api, documented_operations):
    public = [op for op in documented_operations if not op.needs_key]
    shared = {"/api/v1/shared/{token}", "/api/v1/shared/{token}/artifacts/{name}"}
    assert {op.path for op in public} == {"/api/v1/openapi.json", "/healthz", "/readyz", "/metrics"} | shared
    for op in public:
        # A share link's token is its credential: an unknown one opens nothing.
        expected = (404, "SHARE_NOT_FOUND") if op.path in shared else (200, None)
        res = op.call(api.client())
        assert (res.status, res.error_code) == expected, (op.method, op.path)


def test_revoked_key_is_refused(api, admin, users):
    assert api.client(users["bob"]).get("/api/v1/me").status == 200
    admin.run("users", "revoke", "bob")
    assert api.client(users["bob"]).get("/api/v1/me").error_code == "UNAUTHORIZED"


def test_admin_users_and_keys(admin, users, api):
    names = {u["name"] for u in admin.list_users()}
    assert {"alice", "bob"} <= names
    second = admin.run("keys", "add", "alice").stdout.strip()
    assert re.fullmatch(r"dt_[0-9a-f]{64}", second)
    assert api.client(second).get("/api/v1/me").json()["name"] == "alice"
    dup = admin.run("users", "add", "alice", check=False)
    assert dup.returncode != 0 and "USER_EXISTS" in dup.stderr


def test_unknown_route_and_wrong_method(alice):
    res = alice.get("/api/v1/nope")
    assert (res.status, res.error_code) == (404, "ROUTE_NOT_FOUND")
    res = alice.get("/not-api")
    assert (res.status, res.error_code) == (404, "ROUTE_NOT_FOUND")
    res = alice.request("DELETE", "/api/v1/jobs")
    assert (res.status, res.error_code) == (405, "METHOD_NOT_ALLOWED")
    # RFC 9110 section 15.5.6: a 405 lists the methods the path does take.
    assert res.header("Allow") == "GET, POST"
    res = alice.get("/api/v1/jobs/abc/cancel")
    assert (res.status, res.error_code) == (405, "METHOD_NOT_ALLOWED")
    assert res.header("Allow") == "POST"


def test_unknown_job(alice):
    for method, path in [("GET", "/api/v1/jobs/doesnotexist"), ("POST", "/api/v1/jobs/doesnotexist/cancel"),
                         ("GET", "/api/v1/jobs/doesnotexist/events")]:
        res = alice.request(method, path)
        assert (res.status, res.error_code) == (404, "JOB_NOT_FOUND"), path


def test_healthz_readyz(api):
    c = api.client()
    assert c.get("/healthz").status == 200
    res = c.get("/readyz")
    assert res.status == 200 and res.json()["status"] == "ready"


def test_readyz_reports_store_unavailable(api, state_dir):
    assert api.client().get("/readyz").status == 200
    # Overwrite the database (and its shared WAL index, which the server has
    # mapped) in place: the store can no longer read it, so the service is
    # not ready, yet still alive.
    for name in ("deeptrace.db", "deeptrace.db-shm", "deeptrace.db-wal"):
        path = state_dir / name
        if path.exists():
            size = path.stat().st_size
            with open(path, "r+b") as f:
                f.write(b"\xde\xad" * (size // 2))
    res = api.client().get("/readyz")
    assert (res.status, res.error_code) == (503, "STORE_UNAVAILABLE")
    assert res.header("retry-after")
    assert api.client().get("/healthz").status == 200


def test_metrics_exposition(alice, api, media):
    assert alice.upload(media.h264_mp4().read_bytes()).status == 202
    body = api.client().get("/metrics").body.decode()
    for name in ["deeptrace_jobs{status=\"PENDING\"} 1", "deeptrace_queue_depth 1", "deeptrace_stuck_jobs 0",
                 "deeptrace_oldest_pending_age_seconds", "deeptrace_worker_last_heartbeat_age_seconds",
                 "deeptrace_http_request_duration_seconds_bucket{route=\"/api/v1/jobs\",le=\"+Inf\"} 1"]:
        assert name in body, name
    # Every sample line is "name{labels} value" with a numeric value.
    for line in body.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+|.*\+Inf\"\} [0-9]+", line), line


def test_openapi_paths_match_served_routes(alice, openapi_doc, documented_operations):
    assert openapi_doc["openapi"] == "3.1.0"
    # Each documented operation is answered by a real route (not 404/405 routing errors) ...
    for op in documented_operations:
        res = op.call(alice)
        assert res.error_code not in ("ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED"), (op.method, op.path)
    # ... every other method on a documented path is refused ...
    documented = {(op.method, op.path) for op in documented_operations}
    for path in {op.path for op in documented_operations}:
        concrete = next(op for op in documented_operations if op.path == path).concrete_path()
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            if (method, path) not in documented:
                res = alice.request(method, concrete)
                assert (res.status, res.error_code) == (405, "METHOD_NOT_ALLOWED"), (method, path)
    # ... and a path that is not documented is not served.
    for method, path in [("GET", "/api/v1/users"), ("PUT", "/api/v1/jobs/x"), ("GET", "/api/v2/jobs"),
                         ("GET", "/api/v1/jobs/x/y/z")]:
        assert alice.request(method, path).error_code in ("ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED")
    assert "Error" in openapi_doc["components"]["schemas"]


def test_graceful_shutdown_exits_zero(start_api, users):
    server = start_api()
    assert server.client().get("/healthz").status == 200
    assert server.stop() == 0
    assert any(line.get("msg") == "stopped" for line in server.log_lines())


def test_logs_are_json_with_request_id(api, alice):
    res = alice.get("/api/v1/me")
    rid = res.header("x-request-id")
    # The access log line is written after the response is sent: wait for it
    # (another connection's request gives no ordering on a loaded machine).
    deadline = time.monotonic() + 10
    while not (lines := [l for l in api.log_lines() if l.get("request_id") == rid]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lines and lines[0]["route"] == "/api/v1/me" and lines[0]["status"] == 200
