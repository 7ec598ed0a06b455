"""A MongoDB outage (FerretDB here) while the API and a worker run, in the two
ways a server fails: it hangs (SIGSTOP: connections open, nothing answers)
or it dies and is started again on the same port and data.

During the outage every store-backed endpoint answers 503 STORE_UNAVAILABLE
instead of hanging or failing with 500; both processes stay up; when the
server is back they carry on without a restart: the job the worker held
through the outage (it finished analysing during it and had to wait to write)
completes exactly once, in its first attempt (its lease outlasts the outage),
and a job submitted afterwards completes too."""
import signal

import pytest

from support.http import ApiClient
from support.processes import wait_for
from support.scaleout import Cluster, FerretDB, completed_by

# A reply must come well within the API's own request timeout (60 s): a
# request stuck on a dead store trips this client timeout and fails the test.
REPLY_TIMEOUT_S = 60
RECOVERY_TIMEOUT_S = 120
# Longer than any outage below, so the worker may keep its job through it.
LEASE_S = "120"


@pytest.fixture
def server(tmp_path):
    s = FerretDB(tmp_path / "ferretdb")
    s.data.mkdir()
    s.start()
    yield s
    s.stop(signal.SIGKILL)


@pytest.fixture
def cluster(tmp_path, server):
    c = Cluster(tmp_path, f"{server.url_base}/dt_outage")
    yield c
    c.stop()


def store_endpoint_answers(client: ApiClient, job_id: str, clip: bytes) -> dict:
    """(status, error code) of each endpoint that needs the store."""
    answers = {
        "GET /readyz": client.get("/readyz"),
        "GET job": client.get(f"/api/v1/jobs/{job_id}"),
        "GET jobs": client.get("/api/v1/jobs"),
        "POST job": client.upload(clip, filename="during.mp4", fields={"frames": "8"}),
    }
    return {name: (res.status, res.error_code) for name, res in answers.items()}


def break_store(server: FerretDB, failure: str):
    if failure == "hang":
        server.pause()
    else:
        server.stop(signal.SIGKILL)


def mend_store(server: FerretDB, failure: str):
    if failure == "hang":
        server.resume()
    else:
        server.start()


@pytest.mark.parametrize("failure", ["hang", "restart"])
def test_api_answers_503_during_a_store_outage_and_everything_recovers(cluster, server, media, failure):
    bounded = ApiClient(cluster.api.host, cluster.api.port, cluster.client.key, timeout=REPLY_TIMEOUT_S)
    small_clip = media.h264_mp4(seconds=2.0).read_bytes()
    # 48 frames of a 4 s clip keep the worker busy for a while after its first frame.
    held = cluster.submit(media.h264_mp4(seconds=4.0, width=640), frames=48)
    worker = cluster.worker("w1", "--lease-s", LEASE_S)
    wait_for(lambda: (j := cluster.job(held))["status"] == "PROCESSING" and j["progress"]["done"] >= 1,
             RECOVERY_TIMEOUT_S, what="the worker to be mid-job")

    break_store(server, failure)
    answers = store_endpoint_answers(bounded, held, small_clip)
    assert answers == {name: (503, "STORE_UNAVAILABLE") for name in answers}
    assert bounded.get("/healthz").status == 200, "liveness does not depend on the store"
    # The outage lasts until the worker, done analysing, has to write (evidence
    # or the result) and backs off instead of giving the job up.
    wait_for(lambda: any(l.get("msg") == "store unavailable; retrying while the lease holds"
                         for l in worker.log_lines()), RECOVERY_TIMEOUT_S, what="the worker to retry a write")
    assert cluster.api.running and worker.running

    mend_store(server, failure)
    wait_for(lambda: bounded.get("/readyz").status == 200, RECOVERY_TIMEOUT_S, what="the API to reconnect")
    job = cluster.wait_finished(held)
    assert (job["status"], job["attempts"]) == ("COMPLETED", 1), job
    after = cluster.submit(media.h264_mp4(seconds=2.0), frames=8)
    assert cluster.wait_finished(after)["status"] == "COMPLETED"
    assert completed_by(worker, count=2) == [held, after], "each job completed exactly once"
    assert cluster.api.running and worker.running
