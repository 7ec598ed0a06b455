"""Scale-out on MongoDB (FerretDB here): an API and two workers that share
nothing but the database server. Each process gets its own EMPTY state
directory, as separate machines would, so media must travel through GridFS."""
import signal
from pathlib import Path

import pytest

from support import paths
from support.media import MediaFactory
from support.processes import Admin, ApiServer, Worker, wait_for

JOB_TIMEOUT_S = 240


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return MediaFactory(tmp_path_factory.mktemp("scaleout-media"))


class Cluster:
    def __init__(self, tmp_path: Path, store_url: str):
        self.tmp, self.url, self.workers = tmp_path, store_url, []
        key = Admin(tmp_path / "admin-machine", store_url).add_user("alice")
        self.api = ApiServer(tmp_path / "api-machine", tmp_path / "api.log", store_url=store_url)
        self.client = self.api.client(key)

    def worker(self, name: str, *args: str) -> Worker:
        w = Worker(self.machine(name), paths.models_dir(), name, self.tmp / f"{name}.log", args, store_url=self.url)
        self.workers.append(w)
        return w

    def machine(self, name: str) -> Path:
        return self.tmp / f"{name}-machine"

    def submit(self, path: Path, frames: int) -> str:
        res = self.client.upload(path.read_bytes(), filename=path.name, fields={"frames": str(frames)})
        assert res.status == 202, res.body
        return res.json()["job_id"]

    def job(self, job_id: str) -> dict:
        res = self.client.get(f"/api/v1/jobs/{job_id}")
        assert res.status == 200, res.body
        return res.json()

    def wait_finished(self, job_id: str) -> dict:
        return wait_for(lambda: (j := self.job(job_id))["status"] in ("COMPLETED", "FAILED") and j,
                        JOB_TIMEOUT_S, what=f"job {job_id} to finish")

    def stop(self):
        for w in self.workers:
            w.stop(signal.SIGKILL)
        self.api.stop()


@pytest.fixture
def cluster(tmp_path, store_url):
    c = Cluster(tmp_path, store_url)
    yield c
    c.stop()


def completed_by(worker: Worker) -> list:
    return [l["job_id"] for l in worker.log_lines() if l.get("msg") == "job completed"]


def test_a_batch_completes_with_media_read_from_gridfs(cluster, media):
    clips = [media.face_mp4(seconds=2.0), media.h264_mp4(seconds=2.0), media.h264_mp4(seconds=3.0, width=640)]
    job_ids = [cluster.submit(clip, frames=8) for clip in clips]
    w1, w2 = cluster.worker("w1"), cluster.worker("w2")

    jobs = [cluster.wait_finished(job_id) for job_id in job_ids]
    assert [j["status"] for j in jobs] == ["COMPLETED"] * len(jobs), jobs
    assert all(j["result"]["frames_analyzed"] > 0 for j in jobs)
    done = completed_by(w1) + completed_by(w2)
    assert sorted(done) == sorted(job_ids), "every job completed exactly once"
    # The API machine kept no media; each worker decoded copies it fetched from GridFS.
    assert not (cluster.machine("api") / "media").exists()
    cached = [p.name for name in ("w1", "w2") for p in (cluster.machine(name) / "media-cache").glob("*")]
    assert sorted(set(cached)) == sorted({j["media"]["sha256"] for j in jobs})


def test_sigkilled_workers_job_is_finished_by_the_other_machine(cluster, media):
    # 256 frames of a 10 s clip keep the first worker busy for several seconds.
    job_id = cluster.submit(media.h264_mp4(seconds=10.0, width=640), frames=256)
    doomed = cluster.worker("w-doomed", "--lease-s", "2")
    wait_for(lambda: (j := cluster.job(job_id))["status"] == "PROCESSING" and j["progress"]["done"] >= 1,
             JOB_TIMEOUT_S, what="the first worker to be mid-job")
    doomed.stop(signal.SIGKILL)

    survivor = cluster.worker("w-survivor", "--lease-s", "2")
    job = cluster.wait_finished(job_id)
    assert job["status"] == "COMPLETED", job
    assert job["attempts"] == 2
    assert completed_by(survivor) == [job_id], "exactly one result, written by the survivor"
    assert completed_by(doomed) == []
