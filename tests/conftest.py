"""Test-wide guard: no test reaches any address but loopback."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[1]
# The built GeoNames index is cached across test runs here (CI builds it once per run); the
# user's own imports and caches never leak into the tests.
os.environ.setdefault("GEO_CACHE_DIR", str(_ROOT / ".pytest_cache" / "geo-cache"))
os.environ["GEO_DATA_DIR"] = str(_ROOT / ".pytest_cache" / "geo-data-empty")

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class OffLoopbackConnection(OSError):
    """Raised when code under test tries to reach a non-loopback address."""


def _check(sock: socket.socket, address) -> None:
    if sock.family == socket.AF_UNIX:
        return
    host = address[0] if isinstance(address, tuple) else address
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        if host == "localhost":
            return
    raise OffLoopbackConnection(f"test tried to connect to {address!r}; only loopback is allowed")


def _guarded_connect(self, address):
    _check(self, address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    _check(self, address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    yield


@pytest.fixture(scope="session")
def gazetteer():
    """The full gazetteer: curated tier plus the GeoNames tier (built once, then cached)."""
    from gazetteer.index import Gazetteer

    return Gazetteer.load()
