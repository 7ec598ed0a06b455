"""--web-dir: static files, cache headers, SPA fallback; API paths stay JSON;
the build's precompressed copies to browsers that accept them."""
import gzip


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
    assert js.header("content-type").startswith("text/javascript")
    # Issue 18: hashed assets went out cached for an hour only.
    assert js.header("cache-control") == "public, max-age=31536000, immutable"
    assert c.get("/assets/app.js", headers={"If-None-Match": js.header("etag")}).status == 304
    spa = c.get("/jobs/123/report")
    assert spa.status == 200 and b"DeepTrace UI" in spa.body
    assert b"outside" not in c.get("/../secret.txt").body
    api = c.get("/api/v1/unknown")
    assert (api.status, api.error_code) == (404, "ROUTE_NOT_FOUND")


# Issue 18: static files went out uncompressed. The build writes .gz and .br
# copies (web/scripts/compress.mjs); the server picks the one the client takes.
def test_precompressed_copies_go_to_clients_that_accept_them(start_api, users, tmp_path):
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text("<html>DeepTrace UI</html>")
    script = "console.log('DeepTrace');\n" * 200
    (web / "assets" / "app-1a2b.js").write_text(script)
    (web / "assets" / "app-1a2b.js.gz").write_bytes(gzip.compress(script.encode()))
    (web / "assets" / "app-1a2b.js.br").write_bytes(b"brotli bytes")  # served as is: only its choice is tested
    c = start_api(web_dir=web).client()

    plain = c.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "identity"})
    assert plain.body == script.encode() and plain.header("content-encoding") is None
    assert plain.header("vary") == "Accept-Encoding"
    gz = c.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "gzip, deflate"})
    assert gz.header("content-encoding") == "gzip" and gzip.decompress(gz.body) == script.encode()
    assert gz.header("content-type").startswith("text/javascript")
    br = c.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "gzip;q=0.5, br"})
    assert br.header("content-encoding") == "br" and br.body == b"brotli bytes"
    refused = c.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.header("content-encoding") == "gzip"
    # Each encoding has its own tag, and revalidates against it.
    assert len({plain.header("etag"), gz.header("etag"), br.header("etag")}) == 3
    assert c.get("/assets/app-1a2b.js", headers={"Accept-Encoding": "gzip", "If-None-Match": gz.header("etag")}).status == 304
    index = c.get("/", headers={"Accept-Encoding": "gzip, br"})
    assert index.body == b"<html>DeepTrace UI</html>" and index.header("cache-control") == "no-cache"
