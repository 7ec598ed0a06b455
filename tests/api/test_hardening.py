"""Protocol hardening: the auth scheme's case, oversized headers, security
headers on every response, and detector names checked at upload."""
import pytest

from support.http import ApiClient

MESONETS = ["Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"]


def request_head(path, headers, method="GET"):
    lines = [f"{method} {path} HTTP/1.1", "Host: test"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_bearer_scheme_is_case_insensitive(api, users, scheme):
    # RFC 9110 section 11.1: the authentication scheme is case-insensitive.
    res = api.client().get("/api/v1/me", headers={"Authorization": f"{scheme} {users['alice']}"})
    assert res.status == 200, res.body
    assert res.json()["name"] == "alice"


@pytest.mark.parametrize("value", ["Basic abc", "Bearer", "Bearer ", "Bearerdt_x", "Token dt_x", "bearer  "])
def test_other_schemes_and_empty_credentials_are_refused(api, value):
    res = api.client().get("/api/v1/me", headers={"Authorization": value})
    assert (res.status, res.error_code) == (401, "UNAUTHORIZED"), value
    assert res.header("www-authenticate") == "Bearer"


def test_oversized_headers_get_431(api, users):
    head = request_head("/api/v1/me", {"Authorization": f"Bearer {users['alice']}", "X-Padding": "x" * 20000})
    res = api.client().raw_exchange(head, [])
    assert (res.status, res.error_code) == (431, "HEADERS_TOO_LARGE"), res.body[:300]
    # Many small headers add up the same way.
    many = {f"X-Pad-{i}": "y" * 100 for i in range(200)}
    res = api.client().raw_exchange(request_head("/healthz", many), [])
    assert (res.status, res.error_code) == (431, "HEADERS_TOO_LARGE")
    assert api.client().get("/healthz").status == 200


def assert_security_headers(res, what):
    assert res.header("x-content-type-options") == "nosniff", what
    assert res.header("referrer-policy") == "no-referrer", what
    csp = res.header("content-security-policy") or ""
    assert "frame-ancestors 'none'" in csp, (what, csp)
    assert "default-src" in csp, (what, csp)
    assert res.header("x-frame-options") == "DENY", what


def test_security_headers_on_every_kind_of_response(start_api, users, tmp_path, media):
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<html>DeepTrace UI</html>")
    server = start_api(web_dir=web)
    alice = server.client(users["alice"])
    anon = server.client()
    responses = {
        "index": anon.get("/"),
        "spa fallback": anon.get("/jobs/abc"),
        "healthz": anon.get("/healthz"),
        "metrics": anon.get("/metrics"),
        "json": alice.get("/api/v1/me"),
        "error 401": anon.get("/api/v1/me"),
        "error 404": alice.get("/api/v1/jobs/nope"),
        "not modified": anon.get("/", headers={"If-None-Match": anon.get("/").header("etag")}),
        "upload": alice.upload(media.h264_mp4().read_bytes()),
    }
    for what, res in responses.items():
        assert_security_headers(res, what)
    assert responses["not modified"].status == 304
    # The web UI may load its own scripts, styles and images (and blob: image
    # URLs of artifacts, data: favicon), and nothing else.
    csp = responses["index"].header("content-security-policy")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    # JSON answers are never rendered as documents: no source at all.
    assert responses["json"].header("content-security-policy").startswith("default-src 'none'")


def test_security_headers_on_early_refusals_and_event_streams(api, users, alice, media):
    bad = api.client().raw_exchange(b"NOT HTTP AT ALL\r\n\r\n", [])
    assert bad.status == 400
    assert_security_headers(bad, "unparseable request")
    big = api.client().raw_exchange(request_head("/healthz", {"X-Padding": "x" * 20000}), [])
    assert_security_headers(big, "431")
    job = alice.upload(media.h264_mp4().read_bytes()).json()
    alice.post(f"/api/v1/jobs/{job['job_id']}/cancel")
    stream = alice.events(job["job_id"])
    try:
        assert stream.status == 200
        assert stream.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in stream.headers["content-security-policy"]
    finally:
        stream.close()


def test_unknown_detector_is_refused_at_upload(alice, media, state_dir):
    data = media.h264_mp4().read_bytes()
    res = alice.upload(data, fields={"detectors": "Meso4_DF, NoSuchDetector"})
    assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), res.body
    assert "NoSuchDetector" in res.json()["error"]["message"]
    res = alice.upload_raw(data, query="detectors=nope")
    assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), res.body
    assert alice.get("/api/v1/jobs").json()["jobs"] == []
    assert list((state_dir / "tmp").iterdir()) == []


def test_detector_without_installed_weights_is_refused_at_upload(alice, media, state_dir):
    # Listed in the catalogue (torchscript_detectors.json) but its TorchScript
    # file is not installed: no worker could run it.
    catalog = alice.get("/api/v1/models").json()
    unavailable = [d["name"] for d in catalog["detectors"] if not d["available"]]
    if not unavailable:
        pytest.skip("every catalogued detector is installed here")
    res = alice.upload(media.h264_mp4().read_bytes(), fields={"detectors": unavailable[0]})
    assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), res.body
    assert "not installed" in res.json()["error"]["message"]
    assert alice.get("/api/v1/jobs").json()["jobs"] == []


def test_known_detectors_are_accepted(alice, media):
    res = alice.upload(media.h264_mp4().read_bytes(), fields={"detectors": ", ".join(MESONETS)})
    assert res.status == 202, res.body
    assert res.json()["options"]["detectors"] == MESONETS
