"""An API and workers that share nothing but a MongoDB server (FerretDB in
the tests): each process gets its own EMPTY state directory, as separate
machines would, so media must travel through GridFS."""
import os
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from . import paths
from .processes import Admin, ApiServer, Worker, completed_by, free_port, wait_for  # noqa: F401 (completed_by: for the tests)

JOB_TIMEOUT_S = 240
FERRETDB = paths.REPO_ROOT / "build" / "tools" / "bin" / "ferretdb"


def accepts(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class FerretDB:
    """One FerretDB server on a fixed port and data directory, which a test
    may stop, pause and start again (the same port and data, like a restarted
    MongoDB)."""

    def __init__(self, data: Path):
        binary = os.environ.get("DEEPTRACE_FERRETDB", str(FERRETDB))
        if not os.path.exists(binary):
            pytest.fail(f"FerretDB is not installed at {binary}: run scripts/install-ferretdb (scripts/setup does)")
        self.data, self.port, self.proc = Path(data), free_port(), None

    @property
    def url_base(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}"

    def start(self):
        self.log = open(self.data / "ferretdb.log", "ab")
        self.proc = subprocess.Popen([str(paths.REPO_ROOT / "scripts" / "ferretdb"), str(self.data), str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "FERRETDB_LOG_LEVEL": "ERROR"})
        wait_for(lambda: self.proc.poll() is not None or accepts(self.port), 30, what="FerretDB to listen")
        assert self.proc.poll() is None, (self.data / "ferretdb.log").read_text()

    def stop(self, sig: int = signal.SIGTERM):
        self.proc.send_signal(signal.SIGCONT)  # a paused server cannot act on SIGTERM
        self.proc.send_signal(sig)
        self.proc.wait(timeout=30)
        self.log.close()

    def pause(self):
        """SIGSTOP: the port still accepts connections but nothing answers, like a
        hung server. Returns once every thread of the server is stopped, so the
        first request after it meets the hang."""
        self.proc.send_signal(signal.SIGSTOP)
        wait_for(lambda: all(state == "T" for state in self._thread_states()), 10, what="FerretDB to stop")

    def _thread_states(self):
        states = []
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                states.append((task / "stat").read_text().rsplit(")", 1)[1].split()[0])
            except FileNotFoundError:  # a thread that just exited
                pass
        return states

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)


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

