"""Scale-out on MongoDB (FerretDB here): an API and two workers that share
nothing but the database server. Each process gets its own EMPTY state
directory, as separate machines would, so media must travel through GridFS."""
import signal

import pytest

from support.processes import wait_for
from support.scaleout import JOB_TIMEOUT_S, Cluster, completed_by


@pytest.fixture
def cluster(tmp_path, store_url):
    c = Cluster(tmp_path, store_url)
    yield c
    c.stop()


def test_a_batch_completes_with_media_read_from_gridfs(cluster, media):
    clips = [media.face_mp4(seconds=2.0), media.h264_mp4(seconds=2.0), media.h264_mp4(seconds=3.0, width=640)]
    job_ids = [cluster.submit(clip, frames=8) for clip in clips]
    w1, w2 = cluster.worker("w1"), cluster.worker("w2")

    jobs = [cluster.wait_finished(job_id) for job_id in job_ids]
    assert [j["status"] for j in jobs] == ["COMPLETED"] * len(jobs), jobs
    assert all(j["result"]["evidence"]["visual"]["frames_analyzed"] > 0 for j in jobs)
    done = completed_by(w1, w2, count=len(job_ids))
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
    assert completed_by(survivor, count=1) == [job_id], "exactly one result, written by the survivor"
    assert completed_by(doomed) == []
