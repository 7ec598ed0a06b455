"""--web-dir: static files, cache headers, SPA fallback; API paths stay JSON."""


def test_static_ui(start_api, users, tmp_path):
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<html>DeepTrace UI</html>")
    (web / "assets" / "app.js").write_text("console.log('x')")
    (tmp_path / "secret.txt").write_text("outside")
    c = start_api(web_dir=web).client()
    index = c.get("/")
    assert index.status == 200 and b"DeepTrace UI" in index.body
    assert index.header("content-type").startswith("text/html") and index.header("cache-control") == "no-cache"
    js = c.get("/assets/app.js")
    assert js.header("content-type").startswith("text/javascript") and "max-age" in js.header("cache-control")
    assert c.get("/assets/app.js", headers={"If-None-Match": js.header("etag")}).status == 304
    spa = c.get("/jobs/123/report")
    assert spa.status == 200 and b"DeepTrace UI" in spa.body
    assert b"outside" not in c.get("/../secret.txt").body
    api = c.get("/api/v1/unknown")
    assert (api.status, api.error_code) == (404, "ROUTE_NOT_FOUND")
