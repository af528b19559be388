"""Nominatim through geopy against a real loopback HTTP server, with injected faults."""

from __future__ import annotations

import threading
import time
from itertools import pairwise
from pathlib import Path

import pytest

from geo.resolve.geocoding import GeocodeCache, QueryParams, make_geocoders
from tests.geo.resolve.fake_nominatim import (
    MALFORMED,
    PLACES,
    FakeGeoServer,
    Fault,
    closed_port_url,
    fake_settings,
    http_error,
    slow,
)


@pytest.fixture
def server():
    with FakeGeoServer() as fake:
        yield fake


def nominatim(url: str, tmp_path: Path, **overrides):
    (geocoder,) = make_geocoders(fake_settings(url, tmp_path / "cache.sqlite", **overrides))
    return geocoder


def cached(tmp_path: Path, url: str, query: str, **params) -> bool:
    with GeocodeCache(tmp_path / "cache.sqlite") as db:
        qp = QueryParams.of(params.get("country_codes"), None, False, params.get("limit", 5))
        return db.get("nominatim", url, query, qp) is not None


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in pairwise(times)]


def fixture_place(name: str) -> dict:
    return next(p for p in PLACES if p["name"] == name)


def test_normal_answer_becomes_candidates_and_is_cached(server, tmp_path):
    geo = nominatim(server.url, tmp_path)
    result = geo.geocode("Ain al-Asad")
    assert result.error is None and not result.from_cache and result.requests_sent == 1
    best = result.candidates[0]
    expected = fixture_place("Ain al-Asad Air Base")
    assert best.place.id == f"nominatim:{expected['osm_type']}/{expected['osm_id']}"
    assert (best.place.lat, best.place.lon) == (float(expected["lat"]), float(expected["lon"]))
    assert best.place.country == expected["address"]["country_code"].upper()
    assert best.place.kind == "airbase"
    assert best.matched_name == expected["display_name"]
    assert best.match == "geocoder" and best.tier == "nominatim"
    assert best.place.source.startswith(f"nominatim {server.url} ")
    assert 1 <= best.score <= 100 and best.place.uncertainty_m >= 100
    assert cached(tmp_path, server.url, "Ain al-Asad")


def test_second_run_sends_no_request(server, tmp_path):
    names = ["Erbil", "Al-Tanf", "no such place", "Deir ez-Zor"]
    first = [nominatim(server.url, tmp_path).geocode(n) for n in names]
    sent = len(server.requests)
    assert sent == len(names)
    again = nominatim(server.url, tmp_path)  # a new process would open the same file
    second = [again.geocode("  " + n.upper() + " ") for n in names]
    assert len(server.requests) == sent
    assert all(r.from_cache and r.requests_sent == 0 for r in second)
    assert [[c.place for c in r.candidates] for r in second] == [
        [c.place for c in r.candidates] for r in first
    ]


def test_no_answer_is_cached_as_negative(server, tmp_path):
    geo = nominatim(server.url, tmp_path)
    result = geo.geocode("Nowhere-on-earth")
    assert result.candidates == [] and result.error is None
    with GeocodeCache(tmp_path / "cache.sqlite") as db:
        assert db.stats().negatives == {"nominatim": 1}
    assert geo.geocode("nowhere-on-earth").from_cache
    assert len(server.requests) == 1


def test_429_backs_off_honours_retry_after_and_keeps_the_rate(server, tmp_path):
    min_delay, backoff = 0.2, 0.3
    server.fail("Erbil", http_error(429), http_error(429, retry_after="1"))
    geo = nominatim(server.url, tmp_path, min_delay_s=min_delay, backoff_s=backoff)
    result = geo.geocode("Erbil")
    assert result.error is None and result.candidates and result.requests_sent == 3
    times = [r.time for r in server.requests_to("/search")]
    assert len(times) == 3
    first_gap, second_gap = gaps(times)
    assert first_gap >= backoff  # backoff after a 429 without Retry-After
    assert second_gap >= 1.0  # Retry-After: 1 is longer than the second backoff (0.6 s)
    assert cached(tmp_path, server.url, "Erbil")


def test_rate_limit_holds_across_queries_and_threads(server, tmp_path):
    min_delay = 0.2
    geo = nominatim(server.url, tmp_path, min_delay_s=min_delay)
    server.fail("Erbil", http_error(503))
    names = [["Erbil", "Al-Tanf", "Tower 22"], ["Deir", "Omar", "Asad"]]
    threads = [threading.Thread(target=lambda ns=ns: [geo.geocode(n) for n in ns])
               for ns in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times = sorted(r.time for r in server.requests)
    assert len(times) == 7  # six names, one retried
    assert min(gaps(times)) >= min_delay


def test_500_is_retried_then_reported_and_not_cached(server, tmp_path):
    server.fail("Erbil", *[http_error(500)] * 3)
    geo = nominatim(server.url, tmp_path, max_retries=2)
    result = geo.geocode("Erbil")
    assert result.candidates == [] and result.requests_sent == 3
    assert result.error == "HTTP 500 after 2 retries"
    assert len(server.requests_to("/search")) == 3
    assert not cached(tmp_path, server.url, "Erbil")
    # the fault is over: the next run asks again and gets the answer
    assert geo.geocode("Erbil").candidates


def test_timeout_is_retried_then_reported(server, tmp_path):
    server.fail("Erbil", slow(1.5), slow(1.5))
    geo = nominatim(server.url, tmp_path, timeout=0.3, max_retries=1)
    result = geo.geocode("Erbil")
    assert result.error is not None and result.error.startswith("timed out after 0.3 s")
    assert result.requests_sent == 2 and result.candidates == []
    assert not cached(tmp_path, server.url, "Erbil")


def test_malformed_json_is_reported_not_retried_not_cached(server, tmp_path):
    server.fail("Erbil", MALFORMED)
    geo = nominatim(server.url, tmp_path)
    result = geo.geocode("Erbil")
    assert result.error == "malformed JSON from the server" and result.requests_sent == 1
    assert not cached(tmp_path, server.url, "Erbil")


def test_result_without_coordinates_is_reported_not_cached(server, tmp_path):
    server.fail("Erbil", Fault(200, b'[{"osm_type": "node", "osm_id": 1, "display_name": "x"}]'))
    result = nominatim(server.url, tmp_path).geocode("Erbil")
    assert result.error is not None and "unexpected answer" in result.error
    assert not cached(tmp_path, server.url, "Erbil")


def test_connection_refused(tmp_path):
    url = closed_port_url()
    result = nominatim(url, tmp_path).geocode("Erbil")
    assert result.error == "connection refused" and result.candidates == []
    with GeocodeCache(tmp_path / "cache.sqlite") as db:
        assert db.stats().total == 0


def test_a_batch_with_faults_completes_with_places_or_reasons(server, tmp_path):
    server.fail("Erbil", http_error(500), http_error(500), http_error(500))
    server.fail("Tanf", MALFORMED)
    server.fail("Tower 22", http_error(429), Fault())
    server.fail("Omar", http_error(403))
    names = ["Erbil", "Tanf", "Tower 22", "Omar", "Asad", "Atlantis"]
    geo = nominatim(server.url, tmp_path, max_retries=2)
    results = {n: geo.geocode(n) for n in names}
    for result in results.values():  # a place, a clear reason, or a (cached) "no such place"
        assert result.error is None or (result.candidates == [] and result.error.strip())
    failed = {n for n, r in results.items() if r.error}
    assert failed == {"Erbil", "Tanf", "Omar"}
    assert "403" in results["Omar"].error
    assert results["Atlantis"].candidates == [] and results["Atlantis"].error is None
    for name in names:
        assert cached(tmp_path, server.url, name) == (name not in failed)
    # a second run asks only for what failed before
    before = len(server.requests)
    second = {n: geo.geocode(n) for n in names}
    asked = {r.params["q"] for r in server.requests[before:]}
    assert asked == failed
    assert all(second[n].from_cache for n in set(names) - failed)


def test_user_agent_and_context_parameters_reach_the_server(server, tmp_path):
    geo = nominatim(server.url, tmp_path, user_agent="incident-desk/2.1 (desk@example.org)")
    box = (43.5, 35.9, 44.5, 36.5)  # minlon, minlat, maxlon, maxlat around Erbil
    result = geo.geocode("Erbil", country_codes=["IQ"], viewbox=box, bounded=True, limit=3)
    (req,) = server.requests
    assert req.headers["User-Agent"] == "incident-desk/2.1 (desk@example.org)"
    assert req.params["countrycodes"] == "iq"
    assert [float(v) for v in req.params["viewbox"].split(",")] == list(box)
    assert req.params["bounded"] == "1" and req.params["limit"] == "3"
    assert req.params["format"] == "jsonv2" and req.params["addressdetails"] == "1"
    assert {c.place.country for c in result.candidates} == {"IQ"}


def test_parameters_are_part_of_the_cache_key(server, tmp_path):
    geo = nominatim(server.url, tmp_path)
    in_syria = geo.geocode("Erbil", country_codes=["sy"])
    in_iraq = geo.geocode("Erbil", country_codes=["iq"])
    assert in_syria.candidates == [] and in_iraq.candidates
    assert len(server.requests) == 2
    assert geo.geocode("erbil", country_codes=["IQ"]).from_cache
    geo.geocode("Erbil", country_codes=["iq"], limit=1)
    assert len(server.requests) == 3
    other = nominatim(closed_port_url(), tmp_path)  # another service URL: its own entries
    assert other.geocode("Erbil", country_codes=["iq"]).error == "connection refused"


@pytest.mark.parametrize("headers", [False, True], ids=["body", "status line and headers"])
def test_a_slow_drip_answer_ends_at_the_deadline_and_is_not_cached(server, tmp_path, headers):
    """Each byte comes quickly (0.05 s), the whole answer would take minutes: the request
    still ends at its total deadline, and the half answer is neither used nor cached."""
    from tests.geo.resolve.fake_nominatim import drip

    server.fail("Erbil", drip(0.05, headers=headers))
    geo = nominatim(server.url, tmp_path, timeout=1.0, max_retries=0)
    started = time.monotonic()
    result = geo.geocode("Erbil")
    elapsed = time.monotonic() - started
    assert result.error == "timed out after 1 s", result.error
    assert result.candidates == [] and result.requests_sent == 1
    assert elapsed < 2.5, f"the request took {elapsed:.1f} s against a 1 s deadline"
    assert not cached(tmp_path, server.url, "Erbil")
    assert geo.geocode("Erbil").candidates  # the next (normal) answer is used and cached
    assert cached(tmp_path, server.url, "Erbil")


def test_a_fault_is_remembered_for_the_sources_until_the_name_is_answered(server, tmp_path):
    server.fail("Erbil", http_error(503))
    geo = nominatim(server.url, tmp_path, max_retries=0)
    assert geo.geocode("Erbil").error == "HTTP 503"
    assert geo.fault(" erbil ") == "HTTP 503" and geo.fault("Al-Tanf") is None
    assert geo.geocode("Erbil").candidates
    assert geo.fault("Erbil") is None
