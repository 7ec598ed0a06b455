"""Uploading, reading, listing, cancelling and watching jobs."""
import threading
from concurrent.futures import ThreadPoolExecutor

from support.processes import wait_for


def upload_ok(client, media, **kw):
    res = client.upload(media.h264_mp4().read_bytes(), **kw)
    assert res.status == 202, res.body
    return res.json()


def test_upload_valid_mp4_creates_pending_job(alice, media, state_dir):
    data = media.h264_mp4().read_bytes()
    res = alice.upload(data, filename="megamind.mp4", fields={"frames": "16", "detectors": "Meso4_DF, MesoInception_F2F"})
    assert res.status == 202, res.body
    job = res.json()
    assert job["status"] == "PENDING"
    assert res.header("location") == f"/api/v1/jobs/{job['job_id']}"
    assert job["links"] == {"self": f"/api/v1/jobs/{job['job_id']}",
                            "events": f"/api/v1/jobs/{job['job_id']}/events",
                            "cancel": f"/api/v1/jobs/{job['job_id']}/cancel",
                            "delete": f"/api/v1/jobs/{job['job_id']}",
                            "rerun": f"/api/v1/jobs/{job['job_id']}/rerun"}
    assert job["queue_position"] == 0
    m = job["media"]
    assert m["codec"] == "h264" and m["content_type"] == "video/mp4"
    assert m["width"] == 320 and m["height"] > 0
    assert 1.5 < m["duration_s"] < 2.5 and m["fps"] > 0
    assert m["size"] == len(data) and m["filename"] == "megamind.mp4"
    assert job["options"] == {"frames": 16, "detectors": ["Meso4_DF", "MesoInception_F2F"]}
    stored = state_dir / "media" / m["sha256"][:2] / m["sha256"]
    assert stored.read_bytes() == data
    assert list((state_dir / "tmp").iterdir()) == []
    assert alice.get(f"/api/v1/jobs/{job['job_id']}").json()["media"] == m


def test_raw_body_upload_with_query_options(alice, media):
    res = alice.upload_raw(media.webm().read_bytes(), content_type="video/webm", query="frames=4&priority=5",
                           headers={"X-Filename": "clip.webm"})
    assert res.status == 202, res.body
    job = res.json()
    assert job["options"]["frames"] == 4 and job["priority"] == 5
    assert job["media"]["filename"] == "clip.webm" and job["media"]["codec"] == "vp8"


def test_invalid_options_are_rejected(alice, media, state_dir):
    for fields in ({"frames": "0"}, {"frames": "many"}, {"frames": "100000"}, {"priority": "x"}):
        res = alice.upload(media.h264_mp4().read_bytes(), fields=fields)
        assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), fields
    assert list((state_dir / "tmp").iterdir()) == []


def test_isolation_between_users(alice, bob, media):
    job = upload_ok(alice, media)
    for method, path in [("GET", f"/api/v1/jobs/{job['job_id']}"), ("POST", f"/api/v1/jobs/{job['job_id']}/cancel"),
                         ("GET", f"/api/v1/jobs/{job['job_id']}/events")]:
        res = bob.request(method, path)
        assert (res.status, res.error_code) == (404, "JOB_NOT_FOUND"), path
    assert bob.get("/api/v1/jobs").json()["jobs"] == []
    assert [j["job_id"] for j in alice.get("/api/v1/jobs").json()["jobs"]] == [job["job_id"]]
    assert alice.get(f"/api/v1/jobs/{job['job_id']}").json()["status"] == "PENDING"


def test_list_pagination(alice, bob, media):
    data = media.h264_mp4().read_bytes()
    created = [alice.upload(data).json()["job_id"] for _ in range(5)]
    bob.upload(data)
    seen, cursor, pages = [], None, 0
    while True:
        path = "/api/v1/jobs?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = alice.get(path).json()
        assert len(page["jobs"]) <= 2
        seen += [j["job_id"] for j in page["jobs"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert seen == list(reversed(created))  # newest first, each exactly once
    bad = alice.get("/api/v1/jobs?cursor=%21%21garbage")
    assert (bad.status, bad.error_code) == (400, "INVALID_CURSOR")
    for limit in ("0", "abc", "1000"):
        assert alice.get(f"/api/v1/jobs?limit={limit}").error_code == "INVALID_REQUEST"


def test_cancel_pending_then_not_cancellable(alice, media):
    job = upload_ok(alice, media)
    res = alice.post(f"/api/v1/jobs/{job['job_id']}/cancel")
    assert res.status == 200 and res.json()["status"] == "CANCELLED"
    again = alice.post(f"/api/v1/jobs/{job['job_id']}/cancel")
    assert (again.status, again.error_code) == (409, "JOB_NOT_CANCELLABLE")
    assert alice.get(f"/api/v1/jobs/{job['job_id']}").json()["status"] == "CANCELLED"


def test_sse_first_event_then_cancelled_ends_stream(alice, media):
    job = upload_ok(alice, media)
    stream = alice.events(job["job_id"])
    assert stream.status == 200 and stream.headers["content-type"].startswith("text/event-stream")
    events = iter(stream)
    first = next(events)
    assert first.event == "status" and first.json()["status"] == "PENDING"
    assert first.json()["job_id"] == job["job_id"]
    assert alice.post(f"/api/v1/jobs/{job['job_id']}/cancel").status == 200
    rest = list(events)  # the server ends the stream after the terminal state
    assert rest, "no event after cancel"
    assert rest[-1].event == "status" and rest[-1].json()["status"] == "CANCELLED"
    stream.close()


def test_sse_of_finished_job_sends_one_event_and_ends(alice, media):
    job = upload_ok(alice, media)
    alice.post(f"/api/v1/jobs/{job['job_id']}/cancel")
    stream = alice.events(job["job_id"])
    events = list(stream)
    assert [e.json()["status"] for e in events] == ["CANCELLED"]


def test_many_watchers_do_not_block_the_server(alice, media):
    jobs = [upload_ok(alice, media)["job_id"] for _ in range(3)]
    streams = [alice.events(jobs[i % 3]) for i in range(30)]
    firsts = [next(iter(s)) for s in streams]
    assert all(e.json()["status"] == "PENDING" for e in firsts)
    # The server still answers other requests while 30 streams are open.
    assert alice.get("/api/v1/me").status == 200
    for job_id in jobs:
        assert alice.post(f"/api/v1/jobs/{job_id}/cancel").status == 200
    results = []

    def drain(s):
        results.append([e.json()["status"] for e in s][-1])

    threads = [threading.Thread(target=drain, args=(s,)) for s in streams]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == ["CANCELLED"] * 30


def test_idempotency_key_returns_same_job(alice, media):
    data = media.h264_mp4().read_bytes()
    first = alice.upload(data, headers={"Idempotency-Key": "abc-1"})
    second = alice.upload(data, headers={"Idempotency-Key": "abc-1"})
    assert first.status == 202 and second.status == 200
    assert first.json()["job_id"] == second.json()["job_id"]
    other = alice.upload(data, headers={"Idempotency-Key": "abc-2"})
    assert other.json()["job_id"] != first.json()["job_id"]


def test_concurrent_uploads_with_one_key_make_one_job(alice, media, state_dir):
    data = media.h264_mp4().read_bytes()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: alice.upload(data, headers={"Idempotency-Key": "same"}), range(20)))
    assert all(r.status in (200, 202) for r in results), [r.body for r in results if r.status not in (200, 202)]
    assert len({r.json()["job_id"] for r in results}) == 1
    assert sum(r.status == 202 for r in results) == 1
    assert len(alice.get("/api/v1/jobs").json()["jobs"]) == 1
    assert list((state_dir / "tmp").iterdir()) == []


def test_admin_stats_and_purge(admin, alice, media, state_dir):
    job = upload_ok(alice, media)
    alice.post(f"/api/v1/jobs/{job['job_id']}/cancel")
    stats = admin.stats()
    assert stats["jobs"]["CANCELLED"] == 1
    sha = job["media"]["sha256"]
    assert (state_dir / "media" / sha[:2] / sha).exists()
    out = admin.run("purge", "--older-than-days", "0").stdout
    assert '"media_removed":1' in out
    assert not (state_dir / "media" / sha[:2] / sha).exists()
    assert alice.get(f"/api/v1/jobs/{job['job_id']}").error_code == "JOB_NOT_FOUND"
