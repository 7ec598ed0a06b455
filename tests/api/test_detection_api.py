"""Detection through the real API and worker: an image goes end to end, and
the report carries the ensemble, tracks, settings and stored evidence."""
import hashlib

from support.processes import wait_for
from support.validate_json import assert_valid_report, assert_valid_timeline

JOB_TIMEOUT_S = 180


def wait_done(client, job_id):
    def done():
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        return job["status"] in {"COMPLETED", "FAILED"} and job
    return wait_for(done, JOB_TIMEOUT_S, what=f"job {job_id} to finish")


def test_an_image_goes_end_to_end(alice, bob, media, start_worker, state_dir):
    data = media.jpeg().read_bytes()
    res = alice.upload(data, filename="astronaut.jpg")
    assert res.status == 202, res.body
    job = res.json()
    assert job["media"]["content_type"] == "image/jpeg"
    assert job["media"]["width"] == 512 and job["media"]["height"] == 512
    start_worker()
    done = wait_done(alice, job["job_id"])
    assert done["status"] == "COMPLETED", done
    report = done["result"]
    assert_valid_report(report)
    assert report["report_version"] == 2
    visual = report["evidence"]["visual"]
    assert report["media"]["kind"] == "image"
    assert visual["frames_analyzed"] == 1 and report["settings"]["frames_used"] == 1
    assert visual["face_detector"]["name"] == "blazeface"
    assert report["verdict"] in {"likely_fake", "likely_real", "inconclusive"}
    assert visual["status"] == "ok" and visual["verdict"] == report["verdict"]
    assert {d["name"] for d in visual["detectors"]} == MESONETS
    assert report["fusion"]["version"]
    assert set(report["thresholds"]) == {"likely_fake", "likely_real"}
    assert report["media"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(visual["tracks"]) == 1
    thumb = visual["tracks"][0]["thumbnail"]
    stored = state_dir / "media" / thumb["sha256"][:2] / thumb["sha256"]
    assert stored.read_bytes()[:3] == b"\xff\xd8\xff", "the thumbnail is a JPEG in the media store"
    assert {a["name"] for a in report["artifacts"]} == {"track-0.jpg", "track-0-saliency.jpg", "timeline.json"}
    check_saliency(alice, done, MESONETS)

    check_artifacts_are_served(alice, bob, done)


MESONETS = {"Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"}


def jpeg_size(data):
    """(width, height) from a baseline or progressive JPEG's SOF marker."""
    assert data[:3] == b"\xff\xd8\xff", "not a JPEG"
    i = 2
    while i + 9 < len(data):
        assert data[i] == 0xFF, f"no marker at {i}"
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + length
    raise AssertionError("no SOF marker")


def check_saliency(client, job, detectors):
    """Issue 18: each face track's saliency heatmap is a stored artifact,
    served as image/jpeg, the size of its thumbnail, and says what made it."""
    report = job["result"]
    base = f"/api/v1/jobs/{job['job_id']}/artifacts"
    artifacts = {a["name"]: a for a in report["artifacts"]}
    assert report["timings_ms"]["saliency"] >= 0
    tracks = report["evidence"]["visual"]["tracks"]
    assert tracks
    for track in tracks:
        saliency = track["saliency"]
        assert saliency is not None, track
        assert saliency["method"] == "input_gradient"
        # Those whose score responds to the pixels: a saturated one gives no map.
        assert saliency["detectors"] and set(saliency["detectors"]) <= detectors
        ref = saliency["artifact"]
        assert ref["name"] == f"track-{track['id']}-saliency.jpg"
        assert artifacts[ref["name"]] == ref
        heatmap = client.get(f"{base}/{ref['name']}")
        assert heatmap.status == 200, heatmap.body
        assert heatmap.header("content-type") == "image/jpeg"
        assert hashlib.sha256(heatmap.body).hexdigest() == ref["sha256"]
        thumbnail = client.get(f"{base}/{track['thumbnail']['name']}")
        assert jpeg_size(heatmap.body) == jpeg_size(thumbnail.body)
        assert heatmap.body != thumbnail.body
    print(f"timings_ms.saliency: {report['timings_ms']['saliency']:.1f} ms for {len(tracks)} track(s); "
          f"classify: {report['timings_ms']['classify']:.1f} ms; total: {report['timings_ms']['total']:.1f} ms")


def test_a_face_clip_has_a_saliency_heatmap_per_track(alice, media, start_worker):
    """A completed face-clip job lists track-N-saliency.jpg under artifacts."""
    res = alice.upload(media.face_mp4(seconds=2.0).read_bytes(), filename="face.mp4", fields={"frames": "4"})
    assert res.status == 202, res.body
    start_worker()
    done = wait_done(alice, res.json()["job_id"])
    assert done["status"] == "COMPLETED", done
    report = done["result"]
    assert_valid_report(report)
    assert report["media"]["kind"] == "video"
    names = {a["name"] for a in report["artifacts"]}
    ids = [t["id"] for t in report["evidence"]["visual"]["tracks"]]
    assert ids and {f"track-{i}-saliency.jpg" for i in ids} <= names
    check_saliency(alice, done, MESONETS)


def check_same_face_as_shown(alice, start_worker, upright, stored_turned, kind):
    """Uploads a picture or clip stored upright and the same stored turned
    with orientation metadata: both are analysed as a viewer shows them, so
    their media size and face box match (and the web's boxes sit on the face)."""
    jobs = {}
    for name, path in (("upright", upright), ("turned", stored_turned)):
        res = alice.upload(path.read_bytes(), filename=f"{name}-{path.name}", fields={"frames": "4"})
        assert res.status == 202, res.body
        jobs[name] = res.json()["job_id"]
    start_worker()
    reports = {name: wait_done(alice, job_id)["result"] for name, job_id in jobs.items()}
    for name, report in reports.items():
        assert report["media"]["kind"] == kind
        assert (report["media"]["width"], report["media"]["height"]) == (640, 512), (name, report["media"])
    upright_tracks, turned_tracks = (reports[n]["evidence"]["visual"]["tracks"] for n in ("upright", "turned"))
    assert len(upright_tracks) == len(turned_tracks) == 1
    a, b = upright_tracks[0]["thumbnail_box"], turned_tracks[0]["thumbnail_box"]  # [x, y, width, height]
    assert all(abs(p - q) <= 0.03 * 640 for p, q in zip(a, b)), (a, b)
    return reports


def test_a_phone_clip_stored_sideways_is_analysed_as_a_player_shows_it(alice, media, start_worker):
    reports = check_same_face_as_shown(alice, start_worker, media.padded_face_mp4(), media.rotated_face_mp4(), "video")
    assert reports["turned"]["media"]["rotation"] in (90, 270)


def test_a_photo_with_exif_orientation_is_analysed_as_a_viewer_shows_it(alice, media, start_worker):
    check_same_face_as_shown(alice, start_worker, media.padded_face_jpeg(), media.exif_rotated_face_jpeg(), "image")


def check_artifacts_are_served(alice, bob, job):
    """Every artifact of the report is served to its owner, and only to them."""
    base = f"/api/v1/jobs/{job['job_id']}/artifacts"
    for ref in job["result"]["artifacts"]:
        res = alice.get(f"{base}/{ref['name']}")
        assert res.status == 200, res.body
        assert res.header("content-type") == ref["content_type"]
        assert hashlib.sha256(res.body).hexdigest() == ref["sha256"]
        assert bob.get(f"{base}/{ref['name']}").error_code == "JOB_NOT_FOUND"
        assert alice.with_key(None).get(f"{base}/{ref['name']}").error_code == "UNAUTHORIZED"
    timeline = alice.get(f"{base}/timeline.json").json()
    assert_valid_timeline(timeline)
    missing = alice.get(f"{base}/nothing.jpg")
    assert (missing.status, missing.error_code) == (404, "ARTIFACT_NOT_FOUND")


def test_models_lists_every_detector_with_its_card(alice):
    res = alice.get("/api/v1/models")
    assert res.status == 200, res.body
    catalog = res.json()
    detectors = {d["name"]: d for d in catalog["detectors"]}
    mesonets = {"Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"}
    assert set(detectors) >= mesonets
    for d in (detectors[name] for name in mesonets):
        assert d["available"] is True
        assert len(d["weights_sha256"]) == 64
        limits = " ".join(d["card"]["known_limits"]).lower()
        assert "2018" in limits and "generalises poorly" in limits
        assert "not certainty" in limits or "not proof" in limits
    # Named by the catalogue with its upstream URL and sha256, but with no
    # TorchScript file installed: listed, unavailable, never faked.
    efficientnet = detectors["EfficientNetAutoAttB4_DFDC"]
    assert efficientnet["available"] is False
    assert len(efficientnet["upstream"]["sha256"]) == 64 and efficientnet["upstream"]["url"].startswith("https://")
    assert "not certainty" in " ".join(efficientnet["card"]["known_limits"])
    assert {f["name"] for f in catalog["face_detectors"]} >= {"blazeface_front", "blazeface_back"}
    # The temporal and audio sections' models, each with its card and limits.
    temporal = {m["name"]: m for m in catalog["temporal_detectors"]}
    assert {"lrnet_ffpp_g1", "lrnet_ffpp_g2", "lrnet_dfo_g1", "lrnet_dfo_g2"} <= set(temporal)
    audio = {m["name"]: m for m in catalog["audio_detectors"]}
    assert {"aasist", "aasist_l"} <= set(audio)
    for model in [*temporal.values(), *audio.values()]:
        assert model["available"] is True, model
        assert model["card"]["known_limits"], model
    assert catalog["ensemble"]["version"]
    assert alice.with_key(None).get("/api/v1/models").error_code == "UNAUTHORIZED"


def test_heic_and_avif_pictures_go_end_to_end(alice, media, start_worker, tmp_path):
    """Phones write HEIC (issue 15): decoded with libheif, analysed as one frame."""
    import subprocess
    from support import paths
    avif = tmp_path / "astronaut.avif"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(paths.ASTRONAUT_PNG), "-c:v", "libaom-av1",
                    "-still-picture", "1", "-cpu-used", "8", str(avif)], check=True, timeout=120)
    heic = paths.REPO_ROOT.parent / "shared" / "fixtures" / "c2pa" / "sample1.heic"
    jobs = {}
    for path, content_type, codec in ((heic, "image/heic", "hevc"), (avif, "image/avif", "av1")):
        res = alice.upload(path.read_bytes(), filename=path.name)
        assert res.status == 202, res.body
        job = res.json()
        assert job["media"]["content_type"] == content_type and job["media"]["width"] > 0
        jobs[job["job_id"]] = codec
    start_worker()
    for job_id, codec in jobs.items():
        done = wait_done(alice, job_id)
        assert done["status"] == "COMPLETED", done
        report = done["result"]
        assert_valid_report(report)
        assert report["media"]["kind"] == "image" and report["media"]["codec"] == codec
        assert report["evidence"]["visual"]["frames_analyzed"] == 1
        assert report["provenance"]["status"] in {"none", "unavailable"}
    assert report["media"]["width"] == 512 and report["media"]["height"] == 512
