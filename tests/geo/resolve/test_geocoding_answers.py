"""From raw service results to candidates: kinds, uncertainty, scores."""

from __future__ import annotations

import math

import pytest

from geo.resolve.geocoding.answers import (
    MIN_UNCERTAINTY_M,
    BadAnswer,
    half_diagonal_m,
    nominatim_candidate,
    osm_kind,
    to_candidates,
)


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (("aeroway", "aerodrome", "Erbil International Airport"), "airport"),
        (("aeroway", "aerodrome", "Al-Harir Air Base"), "airbase"),
        (("military", "airfield", "Ain al-Asad"), "airbase"),
        (("military", "base", "Al-Tanf Garrison"), "military_base"),
        (("landuse", "military", "Camp"), "military_base"),
        (("landuse", "industrial", "Al-Omar Oil Field"), "oil_field"),
        (("landuse", "industrial", "Conoco Gas Field"), "gas_field"),
        (("barrier", "border_control", "Al-Qaim crossing"), "border_crossing"),
        (("boundary", "administrative", "Syria", "2"), "country"),
        (("boundary", "administrative", "Deir ez-Zor", "4"), "admin1"),
        (("boundary", "administrative", "Deir ez-Zor", None, "state"), "admin1"),
        (("boundary", "administrative", "Abu Kamal District", "6"), "region"),
        (("place", "city", "Erbil"), "city"),
        (("place", "town", "Al-Qaim"), "town"),
        (("place", "hamlet", "Tal"), "village"),
        (("highway", "residential", "Main St"), "region"),
    ],
)
def test_osm_kinds(args, kind):
    assert osm_kind(*args) == kind


def test_half_diagonal_is_geodesic_with_a_floor():
    # 1 x 1 degree at the equator: sides ~111.3 km (lon) and ~110.6 km (lat) on WGS84
    expected = math.hypot(111.32, 110.57) / 2 * 1000
    assert half_diagonal_m(0, 1, 0, 1) == pytest.approx(expected, rel=0.01)
    # the same box near 60 N is narrower east-west
    assert half_diagonal_m(60, 61, 0, 1) < half_diagonal_m(0, 1, 0, 1)
    assert half_diagonal_m(33.5, 33.5, 38.6, 38.6) == MIN_UNCERTAINTY_M


def item(**kw):
    base = {"osm_type": "node", "osm_id": 7, "lat": "33.5", "lon": "38.6", "importance": 0.4,
            "category": "military", "type": "base", "name": "Tanf", "display_name": "Tanf, SY",
            "address": {"country_code": "sy", "state": "Homs"},
            "boundingbox": ["33.49", "33.51", "38.59", "38.61"]}
    base.update(kw)
    return base


def test_scores_follow_importance_and_position_within_bounds():
    scores = [nominatim_candidate(item(importance=i), p, "nominatim", "s").score
              for i, p in ((1.0, 0), (0.5, 0), (0.5, 1), (0.0, 30))]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4
    assert all(1 <= s <= 100 for s in scores)


def test_unusable_results_are_bad_answers():
    with pytest.raises(BadAnswer):
        to_candidates([item(lat="north")], nominatim_candidate, "nominatim", "s")
    with pytest.raises(BadAnswer):
        to_candidates([item(lat="95")], nominatim_candidate, "nominatim", "s")
    with pytest.raises(BadAnswer):
        to_candidates({"not": "a list"}, nominatim_candidate, "nominatim", "s")
    bad_box = nominatim_candidate(item(boundingbox=["a", "b", "c", "d"]), 0, "nominatim", "s")
    assert bad_box.place.uncertainty_m >= MIN_UNCERTAINTY_M
