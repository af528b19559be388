"""The first-level divisions of the offline tier (gazetteer/admin1_places.py): read from the
countrystatecity-countries package's own files, their radius from their cities, their names."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from gazetteer import admin1_places as ap
from gazetteer.geodesy import destination, distance_km


def _package_state(country: str, code: str) -> dict:
    path = resources.files(ap.PACKAGE) / "data" / "by-country" / country / "states.json"
    return next(s for s in json.loads(path.read_text("utf-8")) if s["state_code"] == code)


def test_radius_holds_nine_in_ten_of_the_cities():
    state = ap.State("XX", "1", "Testland", "state", 10.0, 20.0)
    state.cities = [destination(10.0, 20.0, 45.0 * i, 10.0 * (i + 1)) for i in range(10)]
    ap.set_radius(state)
    assert state.radius_km == pytest.approx(90.0, abs=0.5)  # 9 of 10 lie within 90 km
    assert state.within == 9


def test_radius_is_at_least_ten_km_and_unknown_without_cities():
    near = ap.State("XX", "1", "Small", "state", 0.0, 0.0, cities=[(0.0, 0.01)])
    ap.set_radius(near)
    assert near.radius_km == ap.MIN_RADIUS_KM
    bare = ap.State("XX", "2", "Bare", "state", 0.0, 0.0)
    ap.set_radius(bare)
    assert bare.radius_km == ap.NO_CITY_RADIUS_KM
    assert "no city of it" in ap.source_text(bare, "1.0")


def test_geonames_code_is_the_vote_of_the_cities_at_a_geonames_city():
    state = ap.State("UA", "63", "Kharkivska", "region", 49.9, 36.3,
                     cities=[(49.98, 36.25), (49.70, 37.61), (50.10, 36.10)])
    cities = [("UA", "07", 49.98081, 36.25272, 1_400_000, ("Kharkiv",)),
              ("UA", "07", 49.70, 37.61, 30_000, ("Kupiansk",)),
              ("UA", "05", 50.10, 36.10, 900, ("Elsewhere",))]
    ap.match_codes([state], cities)
    assert state.geonames_code == "07"
    state.radius_km = 100.0
    ap.set_capitals([state], cities, {("UA", "07"): "Kharkiv"})
    assert state.capital == "Kharkiv"  # the largest city named as its division is


def test_no_capital_when_no_city_bears_the_division_name():
    state = ap.State("MM", "11", "Kachin", "state", 26.0, 97.5, geonames_code="04")
    ap.set_capitals([state], [("MM", "04", 25.38, 97.40, 150_000, ("Myitkyina",))], {})
    assert state.capital == ""


def test_names_typed_the_way_reports_write_them():
    state = ap.State("UA", "63", "Kharkivska", "region", 49.9, 36.3, native="Харківська область",
                     capital="Kharkiv")
    names = ap.names_of(state, "Kharkivs’ka Oblast’")
    assert names[0] == "Kharkivska"
    assert {"Kharkiv Oblast", "Kharkiv Region", "Харківська область"} <= set(names)
    assert "Kharkiv" not in names  # the bare name is the city's


def test_qualifier_names_only_with_their_type_and_mistranslations_dropped():
    northern = ap.names_of(ap.State("SD", "NO", "Northern", "state", 19.0, 30.0), "")
    assert northern[0] == "Northern State" and "Northern" not in northern
    diffa = ap.names_of(ap.State("NE", "2", "Diffa", "region", 13.3, 12.6,
                                 native="Distraction"), "")
    assert "Distraction" not in diffa and diffa[0] == "Diffa"
    city = ap.names_of(ap.State("UA", "30", "Kyiv", "city", 50.45, 30.52), "Kyiv City")
    assert not any(n.endswith(("Oblast", "Region", "Province")) for n in city)


def test_every_division_of_myanmar_is_read_with_its_point():
    states = {s.place_id: s for s in ap.read_states() if s.country == "MM"}
    assert len(states) == 15
    rakhine = states["admin1-MM-16"]
    raw = _package_state("MM", "16")
    assert (rakhine.lat, rakhine.lon) == (float(raw["latitude"]), float(raw["longitude"]))
    assert rakhine.name == "Rakhine" and rakhine.cities


def test_divisions_in_the_loaded_tier_keep_the_package_point(gazetteer):
    for pid, country, code in [("admin1-MM-16", "MM", "16"), ("admin1-SD-DN", "SD", "DN"),
                               ("admin1-UA-63", "UA", "63")]:
        place = gazetteer.get(pid)
        raw = _package_state(country, code)
        assert place is not None and place.kind == "admin1" and place.country == country
        assert (place.lat, place.lon) == (float(raw["latitude"]), float(raw["longitude"]))
        assert place.geonames_id is None and "ODbL" in place.source
        assert "cities in the package" in place.source
        assert 10_000 <= place.uncertainty_m <= 600_000
    kharkiv_city = gazetteer.search("Kharkiv", fuzzy=False)[0].place
    oblast = gazetteer.get("admin1-UA-63")
    # the oblast carries the admin1 name its GeoNames cities carry: the extractor compares them
    assert oblast.admin1 == kharkiv_city.admin1
    assert distance_km(oblast.lat, oblast.lon, kharkiv_city.lat, kharkiv_city.lon) \
        <= oblast.uncertainty_m / 1000
