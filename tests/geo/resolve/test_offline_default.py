"""Offline by default: a run that did not opt into a geocoder opens no network connection,
not even to loopback, and looks up no host name."""

from __future__ import annotations

import importlib.util
import socket

import pytest

from geo.resolve.geocoding import load_settings, make_geocoders
from tests.geo.resolve.fake_nominatim import FakeGeoServer, fake_settings

NAMES = ["Al-Tanf garrison", "Ain al-Asad", "Erbil air base", "Tower 22", "Harab Cir"]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for var in ("GEO_GEOCODER", "GEO_GEOCODER_URL", "GEO_USER_AGENT", "GEO_CACHE"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def network_log(monkeypatch):
    """Record every connect, create_connection and name look-up (then let loopback through,
    as the test-wide guard does)."""
    log: list[tuple[str, object]] = []
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    create_connection, getaddrinfo = socket.create_connection, socket.getaddrinfo

    def rec_connect(self, address):
        log.append(("connect", address))
        return connect(self, address)

    def rec_connect_ex(self, address):
        log.append(("connect_ex", address))
        return connect_ex(self, address)

    def rec_create_connection(address, *args, **kwargs):
        log.append(("create_connection", address))
        return create_connection(address, *args, **kwargs)

    def rec_getaddrinfo(host, *args, **kwargs):
        log.append(("getaddrinfo", host))
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", rec_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", rec_connect_ex)
    monkeypatch.setattr(socket, "create_connection", rec_create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", rec_getaddrinfo)
    return log


def resolve_like(settings, names):
    """What a resolve run does after the gazetteer misses: ask each opted-in geocoder."""
    geocoders = make_geocoders(settings)
    return geocoders, [[g.geocode(name, country_codes=["iq", "sy"]) for g in geocoders]
                       for name in names]


def test_default_settings_make_no_geocoders():
    settings = load_settings({})
    assert settings.geocoders == []
    assert make_geocoders(settings) == []


def test_default_run_opens_no_socket(network_log, tmp_path):
    geocoders, results = resolve_like(load_settings({}), NAMES)
    assert geocoders == [] and results == [[] for _ in NAMES]
    if importlib.util.find_spec("geo.resolve.chain") is not None:  # the lead's chain, when present
        from gazetteer.index import Gazetteer
        from geo.cli import main
        from geo.resolve.chain import Resolver

        resolver = Resolver(Gazetteer.load(geonames=False), make_geocoders(load_settings({})))
        answers = [resolver.resolve(name) for name in NAMES]
        assert all(not a.requests for a in answers)
        with pytest.raises(SystemExit):
            main(["resolve", "--no-geonames", *NAMES])
    assert network_log == []
    assert not any((tmp_path / "cache").rglob("*.sqlite"))


def test_the_recorder_sees_an_opted_in_run(network_log, tmp_path):
    """Control: the same recorder does catch a geocoder that was opted into."""
    with FakeGeoServer() as server:
        settings = fake_settings(server.url, tmp_path / "c.sqlite", min_delay_s=0.0)
        geocoders, results = resolve_like(settings, NAMES[:1])
    assert len(geocoders) == 1 and results[0][0].requests_sent == 1
    assert any(kind.startswith("connect") or kind == "create_connection"
               for kind, _ in network_log)
