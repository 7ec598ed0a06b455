"""Starting and stopping DeepTrace processes: deeptrace-api, deeptrace-worker,
and running deeptrace-admin."""
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from . import paths
from .http import ApiClient

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 15.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def require_binary(name: str) -> Path:
    exe = paths.binary(name)
    if not exe.exists():
        raise FileNotFoundError(f"{exe} not built (set DEEPTRACE_BUILD_DIR)")
    return exe


class Admin:
    """Runs deeptrace-admin against one state directory."""

    def __init__(self, state_dir: Path, store_url: str = ""):
        self.state_dir = Path(state_dir)
        self.store_url = store_url

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(require_binary("deeptrace-admin")), "--state", str(self.state_dir)]
        if self.store_url:
            cmd += ["--store", self.store_url]
        proc = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=60)
        if check and proc.returncode != 0:
            raise RuntimeError(f"deeptrace-admin {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        return proc

    def add_user(self, name: str, admin: bool = False) -> str:
        """Creates a user and returns its API key."""
        out = self.run("users", "add", name, *(["--admin"] if admin else [])).stdout
        lines = out.strip().splitlines()
        assert len(lines) == 1, f"expected only the key on stdout, got {out!r}"
        return lines[0]

    def list_users(self) -> List[dict]:
        return [json.loads(line) for line in self.run("users", "list").stdout.splitlines() if line.strip()]

    def stats(self) -> dict:
        return json.loads(self.run("stats").stdout)


class ManagedProcess:
    """A child process whose stderr (JSON logs) goes to a file."""

    def __init__(self, name: str, cmd: Sequence[str], log_path: Path, env: Optional[Dict[str, str]] = None,
                 cwd: Optional[Path] = None):
        self.name = name
        self.cmd = list(cmd)
        self.log_path = Path(log_path)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})}, cwd=cwd)

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def log_lines(self) -> List[dict]:
        """The process's JSON log lines (non-JSON lines are skipped)."""
        out = []
        for line in self.log_path.read_text(errors="replace").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def send_signal(self, sig: int = signal.SIGTERM):
        if self.running:
            self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT_S) -> int:
        """Signals the process and waits; kills it if it does not exit."""
        self.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._log.close()
        return code

    def describe(self) -> str:
        return f"{self.name} ({' '.join(self.cmd)})\n--- log tail ---\n{tail(self.log_path)}"


class ApiServer(ManagedProcess):
    """A running deeptrace-api on a free loopback port."""

    def __init__(self, state_dir: Path, log_path: Path, extra_args: Sequence[str] = (),
                 store_url: str = "", web_dir: Optional[Path] = None, log_level: str = "debug"):
        self.host = "127.0.0.1"
        self.port = free_port()
        self.state_dir = Path(state_dir)
        cmd = [str(require_binary("deeptrace-api")), "--host", self.host, "--port", str(self.port),
               "--state", str(self.state_dir), "--io-threads", "4", "--log-level", log_level,
               "--models", str(paths.models_dir())]
        if store_url:
            cmd += ["--store", store_url]
        if web_dir:
            cmd += ["--web-dir", str(web_dir)]
        super().__init__("deeptrace-api", cmd + list(extra_args), log_path)
        self.wait_ready()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def client(self, key: Optional[str] = None) -> ApiClient:
        return ApiClient(self.host, self.port, key)

    def wait_ready(self, timeout: float = START_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"API exited with {self.proc.returncode}\n{self.describe()}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as res:
                    if res.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"API not healthy after {timeout}s\n{self.describe()}")


class Worker(ManagedProcess):
    """A deeptrace-worker process (the binary is the worker component's)."""

    def __init__(self, state_dir: Path, models_dir: Path, worker_id: str, log_path: Path,
                 extra_args: Sequence[str] = (), store_url: str = "", env: Optional[Dict[str, str]] = None):
        self.worker_id = worker_id
        cmd = [str(require_binary("deeptrace-worker")), "--state", str(state_dir), "--models", str(models_dir),
               "--worker-id", worker_id]
        if store_url:
            cmd += ["--store", store_url]
        super().__init__(f"deeptrace-worker[{worker_id}]", cmd + list(extra_args), log_path, env)


def wait_for(predicate, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Polls predicate() until it returns a truthy value (returned) or raises
    TimeoutError. Used to wait for asynchronous outcomes, never to assert
    on how long they took."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(interval)


def completed_by(*workers, count: int = 0, timeout: float = 30) -> list:
    """The ids of the jobs these workers logged as completed, in log order.
    With `count`, first waits until they have logged that many: a worker logs
    "job completed" just after its store write, so a client can see the job
    COMPLETED a moment before the line is there."""
    def ids():
        return [l["job_id"] for w in workers for l in w.log_lines() if l.get("msg") == "job completed"]
    if count:
        wait_for(lambda: len(ids()) >= count, timeout, what=f"{count} 'job completed' log lines")
    return ids()
