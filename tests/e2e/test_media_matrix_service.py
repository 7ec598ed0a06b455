"""Real-world media shapes through the real API and worker: each upload ends
COMPLETED, or is refused with a stable code; no process dies. The full
matrix runs in the media and detect GoogleTest suites; these are the cases
that once took the service down or were answered inconsistently."""
import signal

import pytest

from support import paths
from support.media import MediaFactory
from support.processes import Admin, ApiServer, Worker, wait_for
from support.validate_json import assert_valid_report

JOB_TIMEOUT_S = 180


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return MediaFactory(tmp_path_factory.mktemp("matrix-media"))


@pytest.fixture
def system(tmp_path):
    state = tmp_path / "state"
    key = Admin(state).add_user("alice")
    api = ApiServer(state, tmp_path / "api.log")
    worker = Worker(state, paths.models_dir(), "w-matrix", tmp_path / "worker.log")

    class System:
        client = api.client(key)

        def submit(self, path, frames=8):
            res = self.client.upload(path.read_bytes(), filename=path.name, fields={"frames": str(frames)})
            assert res.status == 202, res.body
            return res.json()["job_id"]

        def finished(self, job_id):
            def done():
                job = self.client.get(f"/api/v1/jobs/{job_id}").json()
                return job["status"] in ("COMPLETED", "FAILED", "CANCELLED") and job
            return wait_for(done, JOB_TIMEOUT_S, what=f"job {job_id} to finish")

    yield System()
    assert worker.running, "the worker died:\n" + worker.describe()
    assert api.running, "the API died"
    worker.stop(signal.SIGKILL)
    api.stop()


def test_a_portrait_phone_video_is_analysed_and_the_worker_lives(system, media):
    job = system.finished(system.submit(media.portrait_mp4(1080, 1920), frames=32))
    assert job["status"] == "COMPLETED", job
    assert_valid_report(job["result"])
    assert (job["result"]["media"]["width"], job["result"]["media"]["height"]) == (1080, 1920)
    assert job["result"]["evidence"]["visual"]["frames_analyzed"] == 32
    assert job["result"]["evidence"]["visual"]["faces_found"] > 0


def test_a_one_frame_video_is_analysed(system, media):
    job = system.finished(system.submit(media.one_frame_mp4(), frames=32))
    assert job["status"] == "COMPLETED", job
    assert_valid_report(job["result"])
    assert job["result"]["evidence"]["visual"]["frames_analyzed"] == 1


# Audio-only files are audio jobs (issue 14): accepted in every container,
# with no picture size. What the worker makes of them is the analyzer's part.
@pytest.mark.parametrize("extension", ["m4a", "mp4", "wav"])
def test_audio_only_files_get_the_same_answer_in_every_container(system, media, extension):
    res = system.client.upload(media.audio_only(extension).read_bytes(), filename=f"tone.{extension}")
    assert res.status == 202, res.body
    assert (res.json()["media"]["width"], res.json()["media"]["height"]) == (0, 0)
