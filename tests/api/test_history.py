"""History tools through the real API: filtered lists, deleting a job with
its upload and artifacts, and retention."""
import time
from urllib.parse import quote

from support.processes import wait_for
from test_detection_api import wait_done


def stored_blobs(state_dir):
    """Every blob in the embedded media store (uploads and artifacts)."""
    return sorted(p.name for p in (state_dir / "media").rglob("*") if p.is_file())


def upload(client, data, filename, **kw):
    res = client.upload(data, filename=filename, **kw)
    assert res.status == 202, res.body
    return res.json()


def cancel(client, job):
    res = client.post(f"/api/v1/jobs/{job['job_id']}/cancel")
    assert res.status == 200, res.body


def listed(client, query=""):
    res = client.get("/api/v1/jobs?" + query)
    assert res.status == 200, res.body
    return [j["job_id"] for j in res.json()["jobs"]]


def test_deleting_a_finished_job_removes_it_and_its_upload(alice, bob, media, state_dir):
    data = media.h264_mp4().read_bytes()
    job = upload(alice, data, "talk.mp4")
    job_path = f"/api/v1/jobs/{job['job_id']}"
    assert alice.get(job_path).json()["links"]["delete"] == job_path
    running = alice.request("DELETE", job_path)
    assert (running.status, running.error_code) == (409, "JOB_STILL_RUNNING")

    cancel(alice, job)
    assert bob.request("DELETE", job_path).error_code == "JOB_NOT_FOUND"
    assert stored_blobs(state_dir) == [job["media"]["sha256"]]
    deleted = alice.request("DELETE", job_path)
    assert (deleted.status, deleted.body) == (204, b"")
    assert stored_blobs(state_dir) == []
    assert alice.get(job_path).error_code == "JOB_NOT_FOUND"
    assert alice.request("DELETE", job_path).error_code == "JOB_NOT_FOUND"
    assert listed(alice) == []


def test_an_upload_two_jobs_share_stays_until_both_are_deleted(alice, media, state_dir):
    data = media.h264_mp4().read_bytes()
    first, second = upload(alice, data, "a.mp4"), upload(alice, data, "b.mp4")
    for job in (first, second):
        cancel(alice, job)
    assert alice.request("DELETE", f"/api/v1/jobs/{first['job_id']}").status == 204
    assert stored_blobs(state_dir) == [second["media"]["sha256"]]
    assert alice.request("DELETE", f"/api/v1/jobs/{second['job_id']}").status == 204
    assert stored_blobs(state_dir) == []


def test_deleting_an_analysed_job_leaves_nothing_in_the_media_store(alice, media, start_worker, state_dir):
    job = upload(alice, media.jpeg().read_bytes(), "astronaut.jpg")
    start_worker()
    done = wait_done(alice, job["job_id"])
    assert done["status"] == "COMPLETED", done
    artifacts = {a["sha256"] for a in done["result"]["artifacts"]}
    assert len(artifacts) >= 2
    assert set(stored_blobs(state_dir)) == artifacts | {job["media"]["sha256"]}

    assert listed(alice, "verdict=" + done["result"]["verdict"]) == [job["job_id"]]
    assert listed(alice, "status=COMPLETED&q=ASTRO") == [job["job_id"]]
    other = next(v for v in ("likely_fake", "likely_real", "inconclusive") if v != done["result"]["verdict"])
    assert listed(alice, "verdict=" + other) == []

    assert alice.request("DELETE", f"/api/v1/jobs/{job['job_id']}").status == 204
    assert stored_blobs(state_dir) == []
    for ref in done["result"]["artifacts"]:
        gone = alice.get(f"/api/v1/jobs/{job['job_id']}/artifacts/{ref['name']}")
        assert gone.error_code == "JOB_NOT_FOUND"


def test_the_list_filters_by_name_status_time_and_orders(alice, bob, media):
    data = media.h264_mp4().read_bytes()
    interview = upload(alice, data, "Interview (final).mp4")
    time.sleep(0.01)
    holiday = upload(alice, data, "holiday.mp4")
    upload(bob, data, "interview.mp4")
    cancel(alice, holiday)

    assert listed(alice, "q=" + quote("INTERVIEW (F")) == [interview["job_id"]]
    assert listed(alice, "q=" + quote("%")) == []
    assert listed(alice, "status=CANCELLED") == [holiday["job_id"]]
    assert listed(alice, "status=PENDING&q=holiday") == []
    assert listed(alice, "order=oldest") == [interview["job_id"], holiday["job_id"]]
    assert listed(alice, "order=newest") == [holiday["job_id"], interview["job_id"]]
    assert listed(alice, "created_after=" + quote(holiday["created_at"])) == [holiday["job_id"]]
    assert listed(alice, "created_before=" + quote(holiday["created_at"])) == [interview["job_id"]]
    assert listed(alice, "created_after=2000-01-01&created_before=2000-01-02") == []
    # Empty parameters filter nothing (a form submitted with blank fields).
    assert listed(alice, "q=&status=&verdict=&order=") == [holiday["job_id"], interview["job_id"]]

    first = alice.get("/api/v1/jobs?limit=1&order=oldest").json()
    second = alice.get(f"/api/v1/jobs?limit=1&order=oldest&cursor={first['next_cursor']}").json()
    assert [j["job_id"] for j in first["jobs"] + second["jobs"]] == [interview["job_id"], holiday["job_id"]]
    assert second["next_cursor"] is None


def test_bad_filters_are_refused_with_the_parameter_named(alice):
    for query, named in [("status=DONE", "status"), ("verdict=fake", "verdict"), ("order=random", "order"),
                         ("created_after=yesterday", "created_after"), ("created_before=2026-02-30", "created_before"),
                         ("q=" + "x" * 201, "q"), ("q=%FF%FE", "q")]:
        res = alice.get("/api/v1/jobs?" + query)
        assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), query
        assert f"'{named}'" in res.json()["error"]["message"], res.json()


def test_retention_deletes_expired_finished_jobs_with_their_uploads(start_api, users, media, state_dir):
    # About 2 s of retention, looked at every second.
    api = start_api("--retention-days", "0.00002", "--temp-sweep-interval-s", "1")
    alice = api.client(users["alice"])
    data = media.h264_mp4().read_bytes()
    finished = upload(alice, data, "old.mp4")
    cancel(alice, finished)
    pending = upload(alice, media.webm().read_bytes(), "queued.webm")

    wait_for(lambda: alice.get(f"/api/v1/jobs/{finished['job_id']}").status == 404, 20, what="retention to delete the job")
    assert stored_blobs(state_dir) == [pending["media"]["sha256"]]
    time.sleep(3)  # a pending job is never expired, however old
    assert alice.get(f"/api/v1/jobs/{pending['job_id']}").json()["status"] == "PENDING"


def test_a_rerun_analyses_the_same_upload_with_other_settings(alice, bob, media, start_worker, state_dir):
    job = upload(alice, media.jpeg().read_bytes(), "astronaut.jpg", fields={"frames": "8"})
    rerun_path = f"/api/v1/jobs/{job['job_id']}/rerun"
    assert job["links"]["rerun"] == rerun_path
    running = alice.post(rerun_path, b"{}", headers={"Content-Type": "application/json"})
    assert (running.status, running.error_code) == (409, "JOB_STILL_RUNNING")
    start_worker()
    assert wait_done(alice, job["job_id"])["status"] == "COMPLETED"

    def rerun(client, body):
        return client.post(rerun_path, body.encode(), headers={"Content-Type": "application/json"})

    for body in ('{"frames": 0}', '{"frames": "4"}', '{"detectors": "Meso4_DF"}', '{"detectors": ["NoSuchModel"]}',
                 '{"colour": "blue"}', '[]'):
        res = rerun(alice, body)
        assert (res.status, res.error_code) == (400, "INVALID_REQUEST"), body
    assert rerun(bob, "{}").error_code == "JOB_NOT_FOUND"

    res = rerun(alice, '{"frames": 4, "detectors": ["Meso4_DF"]}')
    assert res.status == 202, res.body
    again = res.json()
    assert res.header("location") == f"/api/v1/jobs/{again['job_id']}"
    assert again["job_id"] != job["job_id"] and again["status"] == "PENDING"
    assert again["options"] == {"frames": 4, "detectors": ["Meso4_DF"]}
    assert again["media"] == job["media"]
    done = wait_done(alice, again["job_id"])
    assert done["status"] == "COMPLETED", done
    assert [d["name"] for d in done["result"]["evidence"]["visual"]["detectors"]] == ["Meso4_DF"]
    same = rerun(alice, "{}").json()
    assert same["options"] == job["options"]
    assert stored_blobs(state_dir).count(job["media"]["sha256"]) == 1


def test_queued_jobs_say_how_many_are_ahead(alice, bob, media):
    data = media.h264_mp4().read_bytes()
    first = upload(alice, data, "a.mp4")
    second = upload(bob, data, "b.mp4")
    urgent = upload(alice, data, "c.mp4", fields={"priority": "10"})
    assert (first["queue_position"], second["queue_position"], urgent["queue_position"]) == (0, 1, 0)
    assert alice.get(f"/api/v1/jobs/{first['job_id']}").json()["queue_position"] == 1
    assert bob.get(f"/api/v1/jobs/{second['job_id']}").json()["queue_position"] == 2
    listed_jobs = {j["job_id"]: j for j in alice.get("/api/v1/jobs").json()["jobs"]}
    assert listed_jobs[urgent["job_id"]]["queue_position"] == 0
    stream = alice.events(first["job_id"])
    try:
        assert next(iter(stream)).json()["queue_position"] == 1
    finally:
        stream.close()
    cancel(alice, urgent)
    cancelled = alice.get(f"/api/v1/jobs/{urgent['job_id']}").json()
    assert "queue_position" not in cancelled
    assert alice.get(f"/api/v1/jobs/{first['job_id']}").json()["queue_position"] == 0


def test_the_upload_is_served_back_with_byte_ranges(alice, bob, media):
    data = media.h264_mp4().read_bytes()
    job = upload(alice, data, "my clip (1).mp4")
    path = f"/api/v1/jobs/{job['job_id']}/media"

    whole = alice.get(path)
    assert whole.status == 200 and whole.body == data
    assert whole.header("content-type") == "video/mp4" and whole.header("accept-ranges") == "bytes"
    assert whole.header("content-disposition") == "inline; filename*=UTF-8''my%20clip%20%281%29.mp4"
    assert whole.header("etag") == f"\"{job['media']['sha256']}\""

    part = alice.get(path, headers={"Range": "bytes=100-199"})
    assert (part.status, part.body) == (206, data[100:200])
    assert part.header("content-range") == f"bytes 100-199/{len(data)}"
    tail = alice.get(path, headers={"Range": "bytes=-10"})
    assert (tail.status, tail.body) == (206, data[-10:])
    seek = alice.get(path, headers={"Range": f"bytes={len(data) - 5}-"})
    assert (seek.status, seek.body) == (206, data[-5:])
    several = alice.get(path, headers={"Range": "bytes=0-1,5-6"})
    assert (several.status, several.body) == (200, data)
    past = alice.get(path, headers={"Range": f"bytes={len(data)}-"})
    assert (past.status, past.error_code) == (416, "RANGE_NOT_SATISFIABLE")

    assert bob.get(path).error_code == "JOB_NOT_FOUND"
    assert alice.with_key(None).get(path).error_code == "UNAUTHORIZED"
    cancel(alice, job)
    assert alice.request("DELETE", f"/api/v1/jobs/{job['job_id']}").status == 204
    assert alice.get(path).error_code == "JOB_NOT_FOUND"
