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
    assert {d["name"] for d in visual["detectors"]} == {"Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"}
    assert report["fusion"]["version"]
    assert set(report["thresholds"]) == {"likely_fake", "likely_real"}
    assert report["media"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(visual["tracks"]) == 1
    thumb = visual["tracks"][0]["thumbnail"]
    stored = state_dir / "media" / thumb["sha256"][:2] / thumb["sha256"]
    assert stored.read_bytes()[:3] == b"\xff\xd8\xff", "the thumbnail is a JPEG in the media store"
    assert {a["name"] for a in report["artifacts"]} == {"track-0.jpg", "timeline.json"}

    check_artifacts_are_served(alice, bob, done)


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
