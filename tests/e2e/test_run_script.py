"""End to end, as a newcomer would: scripts/run in the background, upload a
clip made from Debian test media, follow the job over SSE, read the report."""
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from support import paths
from support.http import ApiClient
from support.media import MediaFactory
from support.processes import free_port, wait_for


@pytest.fixture
def running_system(tmp_path):
    port = free_port()
    state = tmp_path / "var"
    log = open(tmp_path / "run.log", "wb")
    proc = subprocess.Popen([str(paths.REPO_ROOT / "scripts" / "run"), "--port", str(port),
                             "--state", str(state), "--workers", "1"],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "DEEPTRACE_BUILD_DIR": str(paths.build_dir())})
    try:
        key_file = state / "admin.key"
        wait_for(lambda: proc.poll() is None and b"Press Ctrl-C" in (tmp_path / "run.log").read_bytes(),
                 60, what="scripts/run to start")
        yield proc, ApiClient("127.0.0.1", port, key_file.read_text().strip()), state
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_upload_follow_and_report(running_system, tmp_path):
    proc, client, state = running_system
    assert oct((state / "admin.key").stat().st_mode & 0o777) == "0o600"
    clip = MediaFactory(tmp_path / "media").face_mp4(seconds=3.0)

    res = client.upload(clip.read_bytes(), filename="clip.mp4")
    assert res.status == 202, res.body
    job = res.json()
    assert job["status"] == "PENDING"

    statuses = []
    stream = client.events(job["job_id"])
    for event in stream:
        statuses.append(event.json()["status"])
    stream.close()
    assert statuses[-1] == "COMPLETED", statuses

    report = client.get(f"/api/v1/jobs/{job['job_id']}").json()["result"]
    assert report["verdict"] in {"likely_fake", "likely_real", "inconclusive"}
    assert report["faces_found"] > 0, "the astronaut's face is found in real decoded frames"
    assert 0.0 <= report["fake_score"] <= 1.0
    assert report["frames_analyzed"] == len(report["per_frame"]) > 0
    assert report["detector"]["name"] == "Meso4_DF"
    assert len(report["detector"]["weights_sha256"]) == 64
    assert set(report["timings_ms"]) >= {"decode", "faces", "classify", "total"}


def test_ctrl_c_stops_everything(running_system):
    proc, client, _ = running_system
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert len(children) >= 2, "the API and one worker run under scripts/run"
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
