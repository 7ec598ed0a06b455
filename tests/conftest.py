"""Shared pytest fixtures for DeepTrace's process-level tests.

Binaries come from $DEEPTRACE_BUILD_DIR/bin (default <repo>/build/bin).
Fixtures: build_dir, media (ffmpeg-generated, cached per session), state_dir,
admin (deeptrace-admin on that state dir), start_api (factory), api (a running
server), alice/bob (ApiClients with their own keys), start_worker (factory for
deeptrace-worker processes, for worker and end-to-end tests).
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import paths  # noqa: E402
from support.media import MediaFactory  # noqa: E402
from support.processes import Admin, ApiServer, Worker  # noqa: E402


@pytest.fixture(scope="session")
def build_dir() -> Path:
    return paths.build_dir()


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> MediaFactory:
    return MediaFactory(tmp_path_factory.mktemp("media"))


@pytest.fixture
def state_dir(tmp_path) -> Path:
    d = tmp_path / "state"
    d.mkdir()
    return d


@pytest.fixture
def admin(state_dir) -> Admin:
    return Admin(state_dir)


@pytest.fixture
def start_api(state_dir, tmp_path):
    """Factory: start_api(*extra_flags, state_dir=..., web_dir=...) -> ApiServer.
    Every server started is stopped (SIGTERM) at teardown."""
    servers = []

    def start(*extra_args, state=None, web_dir=None, store_url=""):
        log = tmp_path / f"api-{len(servers)}.log"
        server = ApiServer(state or state_dir, log, extra_args, store_url=store_url, web_dir=web_dir)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def users(admin):
    """API keys of two ordinary users, created before the server starts."""
    return {"alice": admin.add_user("alice"), "bob": admin.add_user("bob")}


@pytest.fixture
def api(start_api, users) -> ApiServer:
    return start_api()


@pytest.fixture
def alice(api, users):
    return api.client(users["alice"])


@pytest.fixture
def bob(api, users):
    return api.client(users["bob"])


@pytest.fixture
def start_worker(state_dir, tmp_path):
    """Factory: start_worker(worker_id=None, models_dir=..., extra_args=()) ->
    Worker; start N with a loop. All are stopped (SIGTERM) at teardown."""
    workers = []

    def start(worker_id=None, models_dir=None, extra_args=(), state=None, store_url=""):
        worker_id = worker_id or f"w{len(workers) + 1}"
        log = tmp_path / f"worker-{worker_id}.log"
        w = Worker(state or state_dir, models_dir or paths.models_dir(), worker_id, log, extra_args, store_url=store_url)
        workers.append(w)
        return w

    yield start
    for w in workers:
        w.stop()
