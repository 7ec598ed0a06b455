"""Browser sessions: POST /api/v1/session exchanges a key for an HttpOnly,
SameSite=Strict cookie; requests with the cookie are the key's user; a
state-changing one also needs the session's CSRF token; sessions end on
sign-out, with their key, and keys keep working as before."""
import json

from support.http import ApiClient


def sign_in(api, key):
    res = api.client(key).post("/api/v1/session")
    assert res.status == 201, res.body
    cookie = res.header("set-cookie")
    token = cookie.split(";")[0].split("=", 1)[1]
    return res, cookie, token


def browser(api, token, csrf=None):
    """A client that sends only the session cookie (and the CSRF token, if given)."""
    headers = {"Cookie": f"dt_session={token}"}
    if csrf:
        headers["X-CSRF-Token"] = csrf
    client = ApiClient(api.host, api.port, None)

    def request(method, path, body=None, extra=None):
        return client.request(method, path, body, headers={**headers, **(extra or {})})
    return request


def test_a_key_becomes_an_http_only_strict_session_cookie(api, users):
    res, cookie, token = sign_in(api, users["alice"])
    attributes = [a.strip() for a in cookie.split(";")]
    assert attributes[0].startswith("dt_session=dts_")
    assert {"Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=43200"} <= set(attributes)
    assert "Secure" not in attributes, "only with --secure-cookies"
    assert res.header("cache-control") == "no-store"
    session = res.json()
    assert session["user"] == {"name": "alice", "admin": False} and len(session["csrf_token"]) == 64
    assert users["alice"] not in res.body.decode(), "the key is not echoed"

    as_browser = browser(api, token)
    assert as_browser("GET", "/api/v1/me").json()["name"] == "alice"
    again = as_browser("GET", "/api/v1/session").json()
    assert again["csrf_token"] == session["csrf_token"], "a new tab gets the CSRF token from its cookie"
    assert api.client(users["alice"]).get("/api/v1/session").error_code == "UNAUTHORIZED", "a key has no session"


def test_writes_with_the_cookie_need_the_csrf_token(api, users, media):
    _, _, token = sign_in(api, users["alice"])
    csrf = browser(api, token)("GET", "/api/v1/session").json()["csrf_token"]
    body = json.dumps({"name": "from the browser"}).encode()
    json_type = {"Content-Type": "application/json"}
    for headers in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": csrf[:-1]}):
        refused = browser(api, token)("POST", "/api/v1/keys", body, {**json_type, **headers})
        assert (refused.status, refused.error_code) == (403, "FORBIDDEN"), headers
    made = browser(api, token, csrf)("POST", "/api/v1/keys", body, json_type)
    assert made.status == 201, made.body
    assert browser(api, token)("GET", "/api/v1/keys").status == 200, "reads need no CSRF token"


def test_sessions_end_on_sign_out_and_with_their_key(api, users):
    alice = api.client(users["alice"])
    _, _, token = sign_in(api, users["alice"])
    csrf = browser(api, token)("GET", "/api/v1/session").json()["csrf_token"]
    out = browser(api, token, csrf)("DELETE", "/api/v1/session")
    assert out.status == 204
    assert "Max-Age=0" in out.header("set-cookie")
    assert browser(api, token)("GET", "/api/v1/me").error_code == "UNAUTHORIZED"
    assert alice.get("/api/v1/me").status == 200, "signing out does not revoke the key"

    _, _, token = sign_in(api, users["alice"])
    key_id = next(k["id"] for k in alice.get("/api/v1/keys").json()["keys"] if k["current"])
    assert alice.request("DELETE", f"/api/v1/keys/{key_id}").status == 204
    assert browser(api, token)("GET", "/api/v1/me").error_code == "UNAUTHORIZED", "revoking the key ends it"


def test_bad_sign_ins_are_refused(api, users):
    anonymous = api.client(None)
    assert anonymous.post("/api/v1/session").error_code == "UNAUTHORIZED"
    assert api.client("dt_" + "0" * 64).post("/api/v1/session").error_code == "UNAUTHORIZED"
    assert browser(api, "dts_" + "0" * 64)("GET", "/api/v1/me").error_code == "UNAUTHORIZED"
    _, _, token = sign_in(api, users["bob"])
    assert browser(api, token)("POST", "/api/v1/session").error_code == "FORBIDDEN", "no CSRF token"


def test_secure_cookies_when_asked(start_api, users):
    api = start_api("--secure-cookies", "--session-hours", "1")
    _, cookie, _ = sign_in(api, users["alice"])
    attributes = [a.strip() for a in cookie.split(";")]
    assert "Secure" in attributes and "Max-Age=3600" in attributes
