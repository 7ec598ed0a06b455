"""The real deeptrace-worker binary with real models, against a real API and
SQLite store: crash recovery, graceful drain, and a decode failure."""
import os
import signal
from pathlib import Path

import pytest

from support import paths
from support.media import MediaFactory
from support.processes import Admin, ApiServer, Worker, completed_by, wait_for
from support.validate_json import assert_valid_report

JOB_TIMEOUT_S = 180


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return MediaFactory(tmp_path_factory.mktemp("worker-media"))


@pytest.fixture
def system(tmp_path):
    """An API on a temp state dir; workers are started by each test."""
    state = tmp_path / "state"
    key = Admin(state).add_user("alice")
    api = ApiServer(state, tmp_path / "api.log")
    workers = []

    class System:
        def __init__(self):
            self.state, self.api, self.client = state, api, api.client(key)

        def worker(self, worker_id, *args, env=None):
            w = Worker(state, paths.models_dir(), worker_id, tmp_path / f"{worker_id}.log", args, env=env)
            workers.append(w)
            return w

        def job(self, job_id):
            res = self.client.get(f"/api/v1/jobs/{job_id}")
            assert res.status == 200, res.body
            return res.json()

        def wait_status(self, job_id, *statuses, timeout=JOB_TIMEOUT_S):
            return wait_for(lambda: (j := self.job(job_id))["status"] in statuses and j,
                            timeout, what=f"job {job_id} to reach {statuses}")

    yield System()
    for w in workers:
        w.stop(signal.SIGKILL)
    api.stop()


def environ_of(pid: int) -> dict:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)


def started(worker) -> bool:
    return any(line.get("msg") == "worker started" for line in worker.log_lines())


def test_worker_makes_idle_openmp_threads_wait_passively(system):
    """Spinning OpenMP threads would steal the decoding thread's CPU: the
    worker re-executes itself once with OMP_WAIT_POLICY=PASSIVE."""
    worker = system.worker("w-omp")
    wait_for(lambda: started(worker), 60, what="worker start")
    assert environ_of(worker.proc.pid).get("OMP_WAIT_POLICY") == "PASSIVE"
    assert worker.running


def test_an_operators_openmp_wait_policy_is_kept(system):
    worker = system.worker("w-omp-active", env={"OMP_WAIT_POLICY": "ACTIVE"})
    wait_for(lambda: started(worker), 60, what="worker start")
    assert environ_of(worker.proc.pid).get("OMP_WAIT_POLICY") == "ACTIVE"


@pytest.mark.skipif(Path("/dev/nvidiactl").exists(), reason="an NVIDIA driver is here: CUDA decoding may work")
def test_a_decode_device_the_machine_lacks_stops_the_worker_at_start_up(system):
    """Issue 16: --decode-device cuda (FFmpeg's NVDEC) without an NVIDIA
    driver stops the worker before it claims a job, saying why, as --device
    cuda does on a CPU build."""
    worker = system.worker("w-nvdec", "--decode-device", "cuda")
    wait_for(lambda: not worker.running, 60, what="the worker to stop")
    assert worker.proc.returncode == 1
    refusals = [l for l in worker.log_lines() if l.get("msg") == "worker cannot start"]
    assert refusals, worker.describe()
    assert "hardware decoding is unavailable" in refusals[0]["error"], refusals[0]
    assert not started(worker)


def submit(system, path: Path, frames: int = 32) -> str:
    res = system.client.upload(path.read_bytes(), filename=path.name, fields={"frames": str(frames)})
    assert res.status == 202, res.body
    return res.json()["job_id"]


def wait_mid_job(system, job_id):
    """Until the worker has written progress beyond the claim."""
    return wait_for(lambda: (j := system.job(job_id))["status"] == "PROCESSING"
                    and j["progress"]["done"] >= 1 and j, JOB_TIMEOUT_S, what="job in progress")


def test_a_worker_can_run_the_sections_after_the_visual_one(system, media):
    """Issue 16: DEEPTRACE_SECTIONS_AFTER_VISUAL trades a longer analysis
    for a smaller peak memory; the job still gets every section."""
    worker = system.worker("w-after", env={"DEEPTRACE_SECTIONS_AFTER_VISUAL": "true"})
    job_id = submit(system, media.face_mp4(seconds=4.0), frames=8)
    job = system.wait_status(job_id, "COMPLETED", "FAILED")
    assert job["status"] == "COMPLETED", job
    assert_valid_report(job["result"])
    evidence = job["result"]["evidence"]
    assert evidence["visual"]["frames_analyzed"] == 8
    assert evidence["temporal"]["status"] == "ok", evidence["temporal"]
    loaded = [l for l in worker.log_lines() if l.get("msg") == "models loaded"]
    assert loaded and loaded[0]["sections"] == "after_visual", worker.describe()


def built_with_tcmalloc() -> bool:
    """As the build under test was configured (DEEPTRACE_TCMALLOC, on by
    default; sanitizer builds bring their own allocator)."""
    cache = (paths.build_dir() / "CMakeCache.txt").read_text()
    return "DEEPTRACE_TCMALLOC:BOOL=OFF" not in cache and "DEEPTRACE_SANITIZE:STRING=\n" in cache


def test_the_worker_runs_on_tcmalloc(system):
    """Issue 16: the worker links tcmalloc (cmake/Tcmalloc.cmake), which
    keeps its peak memory lower than glibc's malloc does; a linker that
    dropped the library would leave it on glibc without a word."""
    if not built_with_tcmalloc():
        pytest.skip("this build was configured without tcmalloc")
    worker = system.worker("w-allocator")
    loaded = wait_for(lambda: [l for l in worker.log_lines() if l.get("msg") == "models loaded"],
                      JOB_TIMEOUT_S, what="models loaded")
    assert loaded[0]["allocator"] == "tcmalloc", worker.describe()


def test_sigkilled_workers_job_is_finished_by_another_after_the_lease(system, media):
    # 256 frames of a 10 s clip keep the first worker busy for several seconds.
    job_id = submit(system, media.h264_mp4(seconds=10.0, width=640), frames=256)
    first = system.worker("w-doomed", "--lease-s", "2")
    wait_mid_job(system, job_id)
    first.stop(signal.SIGKILL)

    second = system.worker("w-survivor", "--lease-s", "2")
    job = system.wait_status(job_id, "COMPLETED", "FAILED")
    assert job["status"] == "COMPLETED", job
    assert job["attempts"] == 2
    assert_valid_report(job["result"])
    assert job["result"]["evidence"]["visual"]["frames_analyzed"] > 0
    # The crash is on record although a later attempt succeeded.
    assert [(e["code"], e["attempt"]) for e in job["error_history"]] == [("WORKER_LOST", 1)], job["error_history"]
    assert completed_by(second, count=1) == [job_id], "exactly one result, written by the survivor"


def test_sigterm_releases_the_running_job_without_spending_an_attempt(system, media):
    job_id = submit(system, media.h264_mp4(seconds=10.0, width=640), frames=256)
    worker = system.worker("w-drain", "--grace-s", "0")
    wait_mid_job(system, job_id)
    assert worker.stop(signal.SIGTERM) == 0
    job = system.job(job_id)
    assert job["status"] == "PENDING", job
    assert job["attempts"] == 0
    assert job["lease"] is None


def test_decode_failure_fails_once_with_corrupt_media(system, media):
    job_id = submit(system, media.h264_mp4(seconds=2.0))
    sha = system.job(job_id)["media"]["sha256"]
    stored = system.state / "media" / sha[:2] / sha
    size = stored.stat().st_size
    os.chmod(stored, 0o644)
    stored.write_bytes(b"\x00" * size)  # the stored file rots after the upload was accepted

    system.worker("w-corrupt")
    job = system.wait_status(job_id, "FAILED", "COMPLETED")
    assert job["status"] == "FAILED"
    assert job["error"]["code"] == "CORRUPT_MEDIA"
    assert job["attempts"] == 1, "no pointless retries of undecodable media"


def test_two_workers_complete_a_batch_exactly_once(system, media):
    clips = [media.face_mp4(seconds=1.0 + i / 10) for i in range(4)]
    job_ids = [submit(system, clip, frames=4) for clip in clips]
    workers = [system.worker("w-a"), system.worker("w-b")]
    for job_id in job_ids:
        assert system.wait_status(job_id, "COMPLETED", "FAILED")["status"] == "COMPLETED"
    assert sorted(completed_by(*workers, count=len(job_ids))) == sorted(job_ids)
