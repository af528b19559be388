"""Fixtures shared by the store, pipeline and export tests: a throwaway PostGIS cluster."""

from __future__ import annotations

import pytest

from tests.helpers import require
from tests.postgres import Cluster, postgis_installed, server_binary


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL + PostGIS server in a temporary folder, removed after the session."""
    initdb = server_binary("initdb")
    require(initdb is not None, "PostgreSQL (initdb) is not installed (see .ci/run)")
    require(postgis_installed(initdb), "PostGIS for this PostgreSQL is not installed "
                                       "(see .ci/run)")
    cluster = Cluster.start(initdb)
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """A URL to a fresh, empty database with PostGIS (a Unix socket, trusted login)."""
    return pg_cluster.url(pg_cluster.new_database())
