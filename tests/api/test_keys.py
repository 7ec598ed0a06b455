"""API keys a user manages through the API: create (named, optionally
expiring; the secret shown once), list (no secrets; last use), revoke."""
import json
import time

from support.processes import wait_for


def create(client, body):
    return client.post("/api/v1/keys", json.dumps(body).encode(), headers={"Content-Type": "application/json"})


def test_a_user_creates_lists_and_revokes_keys(alice, bob, api):
    listed = alice.get("/api/v1/keys").json()["keys"]
    assert len(listed) == 1 and listed[0]["current"] is True and listed[0]["name"] == ""
    assert listed[0]["last_used_at"] is not None, "this very request used it"

    res = create(alice, {"name": "CI pipeline"})
    assert res.status == 201, res.body
    assert res.header("cache-control") == "no-store"
    made = res.json()
    assert made["key"].startswith("dt_") and made["name"] == "CI pipeline" and made["expires_at"] is None
    assert made["current"] is False

    ci = api.client(made["key"])
    assert ci.get("/api/v1/me").json()["name"] == "alice"
    keys = alice.get("/api/v1/keys").json()["keys"]
    assert [k["name"] for k in keys] == ["", "CI pipeline"]
    assert all("key" not in k for k in keys), "secrets are never listed"
    assert bob.get("/api/v1/keys").json()["keys"][0]["id"] != made["id"]

    assert bob.request("DELETE", f"/api/v1/keys/{made['id']}").error_code == "KEY_NOT_FOUND"
    assert ci.get("/api/v1/me").status == 200
    revoked = alice.request("DELETE", f"/api/v1/keys/{made['id']}")
    assert (revoked.status, revoked.body) == (204, b"")
    assert ci.get("/api/v1/me").error_code == "UNAUTHORIZED"
    assert alice.request("DELETE", f"/api/v1/keys/{made['id']}").error_code == "KEY_NOT_FOUND"
    assert [k["name"] for k in alice.get("/api/v1/keys").json()["keys"]] == [""]


def test_an_expiring_key_stops_working_at_its_time(alice, api):
    soon = time.time() + 2
    expires = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(soon)) + f".{int(soon * 1000) % 1000:03d}Z"
    made = create(alice, {"name": "demo", "expires_at": expires}).json()
    assert made["expires_at"] == expires
    demo = api.client(made["key"])
    assert demo.get("/api/v1/me").status == 200
    wait_for(lambda: demo.get("/api/v1/me").status == 401, 10, what="the key to expire")
    assert [k["name"] for k in alice.get("/api/v1/keys").json()["keys"]] == ["", "demo"], "listed until revoked"


def test_bad_key_requests_are_refused(alice):
    for body in ({}, {"name": ""}, {"name": "x" * 65}, {"name": "tab\there"}, {"name": 5},
                 {"name": "k", "expires_at": "2000-01-01T00:00:00Z"}, {"name": "k", "expires_at": "tomorrow"},
                 {"name": "k", "expires_at": "2099-01-01"}, {"name": "k", "scope": "all"}):
        res = create(alice, body)
        assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), body
    assert alice.request("DELETE", "/api/v1/keys/not-a-key-id").error_code == "KEY_NOT_FOUND"
    assert alice.with_key(None).get("/api/v1/keys").error_code == "UNAUTHORIZED"


def test_revoking_the_key_in_use_signs_that_client_out(alice):
    own = alice.get("/api/v1/keys").json()["keys"][0]
    assert alice.request("DELETE", f"/api/v1/keys/{own['id']}").status == 204
    assert alice.get("/api/v1/me").error_code == "UNAUTHORIZED"
