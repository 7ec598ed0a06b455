"""A FerretDB server (scripts/ferretdb, SQLite handler) on a free loopback
port for the scale-out tests, one per test module. If FerretDB is not
installed the tests fail with the install command: scripts/setup installs it."""
import os
import secrets
import signal
import socket
import subprocess

import pytest

from support import paths
from support.processes import free_port, wait_for

FERRETDB = paths.REPO_ROOT / "build" / "tools" / "bin" / "ferretdb"


def accepts(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def ferretdb(tmp_path_factory):
    binary = os.environ.get("DEEPTRACE_FERRETDB", str(FERRETDB))
    if not os.path.exists(binary):
        pytest.fail(f"FerretDB is not installed at {binary}: run scripts/install-ferretdb (scripts/setup does)")
    port = free_port()
    data = tmp_path_factory.mktemp("ferretdb")
    log = open(data / "ferretdb.log", "wb")
    proc = subprocess.Popen([str(paths.REPO_ROOT / "scripts" / "ferretdb"), str(data), str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "FERRETDB_LOG_LEVEL": "ERROR"})
    try:
        wait_for(lambda: proc.poll() is not None or accepts(port), 30, what="FerretDB to listen")
        assert proc.poll() is None, (data / "ferretdb.log").read_text()
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()


@pytest.fixture
def store_url(ferretdb):
    """A fresh database per test on the module's server."""
    return f"mongodb://127.0.0.1:{ferretdb}/dt_scaleout_{secrets.token_hex(6)}"
