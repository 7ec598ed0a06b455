"""A FerretDB server (scripts/ferretdb, SQLite handler) on a free loopback
port for the scale-out tests, one per test module. If FerretDB is not
installed the tests fail with the install command: scripts/setup installs it."""
import secrets

import pytest

from support.media import MediaFactory
from support.scaleout import FerretDB


@pytest.fixture(scope="module")
def ferretdb(tmp_path_factory):
    server = FerretDB(tmp_path_factory.mktemp("ferretdb"))
    server.start()
    try:
        yield server.port
    finally:
        server.stop()


@pytest.fixture
def store_url(ferretdb):
    """A fresh database per test on the module's server."""
    return f"mongodb://127.0.0.1:{ferretdb}/dt_scaleout_{secrets.token_hex(6)}"


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return MediaFactory(tmp_path_factory.mktemp("scaleout-media"))
