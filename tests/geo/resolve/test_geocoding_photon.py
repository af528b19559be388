"""Photon (GeoJSON at /api) and the GeoNames web service (/searchJSON) against the loopback
server."""

from __future__ import annotations

import pytest

from geo.resolve.geocoding import GeocodeCache, make_geocoders
from tests.geo.resolve.fake_nominatim import PLACES, FakeGeoServer, fake_settings, http_error


@pytest.fixture
def server():
    with FakeGeoServer() as fake:
        yield fake


def one(server, tmp_path, name: str, **overrides):
    settings = fake_settings(server.url, tmp_path / "cache.sqlite", geocoders=(name,), **overrides)
    (geocoder,) = make_geocoders(settings)
    return geocoder


def test_photon_normal_answer(server, tmp_path):
    photon = one(server, tmp_path, "photon")
    result = photon.geocode("Erbil", limit=2)
    (req,) = server.requests_to("/api")
    assert req.params["q"] == "Erbil" and req.params["limit"] == "2"
    assert req.headers["User-Agent"].startswith("geo-incidents-tests/")
    expected = [p for p in PLACES if "erbil" in p["display_name"].casefold()]
    expected.sort(key=lambda p: -p["importance"])
    assert [c.place.id for c in result.candidates] == [
        f"photon:{p['osm_type']}/{p['osm_id']}" for p in expected[:2]
    ]
    city, airport = result.candidates
    assert (city.place.lat, city.place.lon) == (float(expected[0]["lat"]),
                                                  float(expected[0]["lon"]))
    assert (city.place.kind, airport.place.kind) == ("city", "airport")
    assert city.place.country == "IQ" and city.tier == "photon" and city.match == "geocoder"
    assert city.score > airport.score
    assert photon.geocode("erbil", limit=2).from_cache and len(server.requests) == 1


def test_photon_bounded_viewbox_is_sent_as_bbox_and_countries_filter(server, tmp_path):
    photon = one(server, tmp_path, "photon")
    box = (38.0, 33.0, 39.0, 34.0)
    photon.geocode("Tanf", viewbox=box, bounded=True)
    req = server.requests_to("/api")[-1]
    assert [float(v) for v in req.params["bbox"].split(",")] == list(box)
    assert photon.geocode("Erbil", country_codes=["sy"]).candidates == []
    assert {c.place.country for c in photon.geocode("Erbil", country_codes=["iq"]).candidates} \
        == {"IQ"}


def test_photon_error_is_reported_and_not_cached(server, tmp_path):
    server.fail("Erbil", http_error(502), http_error(502), http_error(502))
    photon = one(server, tmp_path, "photon", max_retries=2)
    result = photon.geocode("Erbil")
    assert result.error == "HTTP 502 after 2 retries" and result.requests_sent == 3
    with GeocodeCache(tmp_path / "cache.sqlite") as db:
        assert db.stats().total == 0


def test_geonames_normal_answer_and_username(server, tmp_path):
    geonames = one(server, tmp_path, "geonames", username="analyst42")
    result = geonames.geocode("Tanf", country_codes=["sy"])
    (req,) = server.requests_to("/searchJSON")
    assert req.params["username"] == "analyst42" and req.params["country"] == "SY"
    (cand,) = result.candidates
    expected = next(p for p in PLACES if p["name"] == "Al-Tanf Garrison")
    assert cand.place.geonames_id == expected["place_id"]
    assert cand.place.kind == "military_base" and cand.place.country == "SY"


def test_each_geocoder_has_its_own_cache_entries(server, tmp_path):
    settings = fake_settings(server.url, tmp_path / "cache.sqlite",
                             geocoders=("nominatim", "photon"), min_delay_s=0.0)
    for geocoder in make_geocoders(settings):
        assert not geocoder.geocode("Erbil").from_cache
    with GeocodeCache(tmp_path / "cache.sqlite") as db:
        assert db.stats().entries == {"nominatim": 1, "photon": 1}
