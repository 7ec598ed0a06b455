"""The bad-input corpus: each upload is refused with its stable code, and no
temp file is left behind in <state>/tmp."""
import os
import subprocess

import pytest

from support import paths
from support.http import encode_multipart

SMALL_LIMIT = 200_000


def assert_refused(res, status, code, state_dir):
    assert (res.status, res.error_code) == (status, code), res.body[:300]
    assert res.json()["error"]["message"]
    assert list((state_dir / "tmp").iterdir()) == [], "temp file left behind"


def head(path, headers):
    lines = [f"POST {path} HTTP/1.1", "Host: test"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_empty_body(alice, state_dir):
    assert_refused(alice.upload_raw(b""), 400, "EMPTY_BODY", state_dir)
    body, ctype = encode_multipart({}, [("file", "empty.mp4", b"", "video/mp4")])
    assert_refused(alice.post("/api/v1/jobs", body, headers={"Content-Type": ctype}), 400, "EMPTY_BODY", state_dir)


def subtitles_only_mkv(tmp_path):
    """A Matroska file holding one subtitle track: neither pictures nor sound."""
    srt = tmp_path / "subtitles.srt"
    srt.write_text("1\n00:00:00,000 --> 00:00:01,000\nHello\n")
    out = tmp_path / "subtitles.mkv"
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", str(srt), str(out)], check=True, timeout=60)
    return out


# Audio-only files are jobs (tests/api/test_audio_uploads.py).
@pytest.mark.parametrize("kind,status,code", [
    ("text", 415, "UNSUPPORTED_MEDIA"),
    ("gif", 415, "UNSUPPORTED_MEDIA"),  # JPEG/PNG/WebP images are accepted; GIF is not
    ("truncated", 422, "CORRUPT_MEDIA"),
    ("no_streams", 422, "NO_VIDEO_STREAM"),
])
def test_not_a_usable_video(alice, media, state_dir, tmp_path, kind, status, code):
    if kind == "gif":
        data = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    elif kind == "no_streams":
        data = subtitles_only_mkv(tmp_path).read_bytes()
    else:
        data = {"text": media.text_file, "truncated": media.truncated_mp4}[kind]().read_bytes()
    assert_refused(alice.upload(data, filename="video.mp4"), status, code, state_dir)
    assert alice.get("/api/v1/jobs").json()["jobs"] == []


def test_video_too_long(start_api, users, media, state_dir):
    server = start_api("--max-duration-s", "1")
    res = server.client(users["alice"]).upload(media.h264_mp4(seconds=2.0).read_bytes())
    assert_refused(res, 422, "MEDIA_TOO_LONG", state_dir)


def test_wrong_content_type(alice, state_dir):
    res = alice.post("/api/v1/jobs", b"{}", headers={"Content-Type": "application/json"})
    assert_refused(res, 415, "UNSUPPORTED_MEDIA", state_dir)


def test_content_length_larger_than_body(alice, media, state_dir, users):
    data = media.h264_mp4().read_bytes()
    request = head("/api/v1/jobs", {"Authorization": f"Bearer {users['alice']}", "Content-Type": "video/mp4",
                                    "Content-Length": str(len(data))})
    res = alice.raw_exchange(request, [data[: len(data) // 2]], shutdown_write=True)
    assert_refused(res, 400, "INCOMPLETE_BODY", state_dir)


def test_slow_client_times_out(start_api, users, media, state_dir):
    server = start_api("--request-timeout-s", "1")
    data = media.h264_mp4().read_bytes()
    request = head("/api/v1/jobs", {"Authorization": f"Bearer {users['alice']}", "Content-Type": "video/mp4",
                                    "Content-Length": str(len(data))})
    # Half the body, then silence (the socket stays open): the server gives up.
    res = server.client().raw_exchange(request, [data[:1000]])
    assert_refused(res, 408, "REQUEST_TIMEOUT", state_dir)


def test_oversize_announced_is_rejected_before_reading(start_api, users, state_dir):
    server = start_api("--max-upload-bytes", str(SMALL_LIMIT))
    request = head("/api/v1/jobs", {"Authorization": f"Bearer {users['alice']}", "Content-Type": "video/mp4",
                                    "Content-Length": str(SMALL_LIMIT * 10)})
    res = server.client().raw_exchange(request, [], shutdown_write=False)
    assert_refused(res, 413, "MEDIA_TOO_LARGE", state_dir)


def test_oversize_stream_is_cut_off(start_api, users, state_dir):
    server = start_api("--max-upload-bytes", str(SMALL_LIMIT))
    request = head("/api/v1/jobs", {"Authorization": f"Bearer {users['alice']}", "Content-Type": "video/mp4",
                                    "Transfer-Encoding": "chunked"})
    chunk = os.urandom(64 * 1024)
    chunks = [b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(SMALL_LIMIT * 3 // len(chunk))]
    res = server.client().raw_exchange(request, chunks + [b"0\r\n\r\n"])
    assert_refused(res, 413, "MEDIA_TOO_LARGE", state_dir)
    # Multipart bodies are limited the same way.
    body, ctype = encode_multipart({}, [("file", "big.mp4", os.urandom(SMALL_LIMIT * 2), "video/mp4")])
    res = server.client(users["alice"]).post("/api/v1/jobs", body, headers={"Content-Type": ctype})
    assert_refused(res, 413, "MEDIA_TOO_LARGE", state_dir)


@pytest.mark.parametrize("raw_name,expected", [
    ("../../../../etc/evil.mp4", "evil.mp4"),
    ("..\\..\\windows\\evil.mp4", "evil.mp4"),
    ("bad\x01\x1b[31mname\x7f.mp4", "bad[31mname.mp4"),
    ("/", "upload"),
])
def test_hostile_filenames_are_sanitised(alice, media, state_dir, tmp_path, raw_name, expected):
    before = set(os.listdir(tmp_path))
    res = alice.upload(media.h264_mp4().read_bytes(), filename=raw_name)
    assert res.status == 202, res.body
    assert res.json()["media"]["filename"] == expected
    assert set(os.listdir(tmp_path)) == before  # nothing written beside the state dir
    for root, _dirs, files in os.walk(state_dir):
        for f in files:
            assert "evil" not in f and "\x01" not in f
    assert list((state_dir / "tmp").iterdir()) == []


def test_hostile_raw_filename_header(alice, media):
    res = alice.upload_raw(media.h264_mp4().read_bytes(), headers={"X-Filename": "..%2F..%2Fx%0A.mp4"})
    assert res.status == 202 and res.json()["media"]["filename"] == "x.mp4"


@pytest.mark.parametrize("body", [
    b"this is not multipart at all",
    b"--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunterminated",
    b"--B\r\nNo-Colon-Header\r\n\r\nx\r\n--B--\r\n",
    b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\nx\r\n--B\r\n"
    b"Content-Disposition: form-data; name=\"file\"; filename=\"b.mp4\"\r\n\r\ny\r\n--B--\r\n",
])
def test_malformed_multipart(alice, state_dir, body):
    res = alice.post("/api/v1/jobs", body, headers={"Content-Type": "multipart/form-data; boundary=B"})
    assert_refused(res, 400, "MALFORMED_MULTIPART", state_dir)


def test_multipart_without_boundary(alice, state_dir):
    res = alice.post("/api/v1/jobs", b"x", headers={"Content-Type": "multipart/form-data"})
    assert_refused(res, 400, "MALFORMED_MULTIPART", state_dir)


def test_missing_file_field(alice, state_dir):
    body, ctype = encode_multipart({"frames": "8"}, [])
    assert_refused(alice.post("/api/v1/jobs", body, headers={"Content-Type": ctype}), 400, "MISSING_FILE", state_dir)


def test_server_survives_the_corpus(alice, media):
    alice.post("/api/v1/jobs", b"garbage", headers={"Content-Type": "multipart/form-data; boundary=B"})
    assert alice.upload(media.h264_mp4().read_bytes()).status == 202


# Ill-formed UTF-8 (RFC 3629 section 4) in a file name: an overlong C1 B2
# (a fuzz finding), a UTF-16 surrogate, a code point above U+10FFFF. It was
# kept, the job document could not be serialised (nlohmann type_error 316) and
# the upload answered 500 after the media was stored. The bytes are dropped.
ILL_FORMED_NAMES = [
    (b"a\xc1\xb2.mp4", "a.mp4"),
    (b"b\xed\xa0\x80.mp4", "b.mp4"),
    (b"c\xf4\x90\x80\x80.mp4", "c.mp4"),
    (b"d\xe0\x80\x80e.mp4", "de.mp4"),
]


def assert_job_serves(alice, res, expected_name):
    assert res.status == 202, res.body[:300]
    job = res.json()
    assert job["media"]["filename"] == expected_name
    fetched = alice.get(f"/api/v1/jobs/{job['job_id']}")
    assert fetched.status == 200 and fetched.json()["media"]["filename"] == expected_name
    listed = alice.get("/api/v1/jobs")
    assert listed.status == 200 and expected_name in [j["media"]["filename"] for j in listed.json()["jobs"]]


@pytest.mark.parametrize("raw_name,expected", ILL_FORMED_NAMES)
def test_ill_formed_utf8_multipart_filename(alice, media, state_dir, raw_name, expected):
    # encode_multipart writes the name's bytes verbatim (surrogateescape).
    res = alice.upload(media.h264_mp4().read_bytes(), filename=raw_name.decode("utf-8", "surrogateescape"))
    assert_job_serves(alice, res, expected)
    assert list((state_dir / "tmp").iterdir()) == []


@pytest.mark.parametrize("raw_name,expected", ILL_FORMED_NAMES)
def test_ill_formed_utf8_x_filename(alice, media, raw_name, expected):
    encoded = "".join(chr(b) if 0x21 <= b < 0x7F and b != 0x25 else f"%{b:02X}" for b in raw_name)
    res = alice.upload_raw(media.h264_mp4().read_bytes(), headers={"X-Filename": encoded})
    assert_job_serves(alice, res, expected)


def test_well_formed_utf8_filename_is_kept(alice, media):
    name = "caf\u00e9 \u20ac \U0001F600 \U0010FFFF.mp4"
    assert_job_serves(alice, alice.upload(media.h264_mp4().read_bytes(), filename=name), name)
    encoded = "".join(f"%{b:02X}" for b in name.encode())
    assert_job_serves(alice, alice.upload_raw(media.h264_mp4().read_bytes(), headers={"X-Filename": encoded}), name)


# Detector names are the other client string stored in the job document. With
# a model catalogue they are checked by name; without one (no models
# directory) nothing else stopped ill-formed UTF-8 reaching the store.
@pytest.mark.parametrize("with_catalogue", [True, False])
def test_ill_formed_utf8_detector_name_is_refused(start_api, users, media, state_dir, tmp_path, monkeypatch,
                                                  with_catalogue):
    if not with_catalogue:
        monkeypatch.setattr(paths, "models_dir", lambda: tmp_path / "no-models")
    client = start_api().client(users["alice"])
    data = media.h264_mp4().read_bytes()
    body, ctype = encode_multipart({}, [("file", "clip.mp4", data, "video/mp4")])
    boundary = ctype.split("boundary=")[1].encode()
    field = b"--" + boundary + b'\r\nContent-Disposition: form-data; name="detectors"\r\n\r\nx\xc1\xb2\r\n'
    res = client.post("/api/v1/jobs", field + body, headers={"Content-Type": ctype})
    assert_refused(res, 400, "INVALID_REQUEST", state_dir)
    res = client.upload_raw(data, query="detectors=x%C1%B2")
    assert_refused(res, 400, "INVALID_REQUEST", state_dir)
    assert client.get("/api/v1/jobs").json()["jobs"] == []
