"""Where a draft's event lies, from its place and the words around it."""

from __future__ import annotations

import math

import pytest
from pyproj import Geod

from gazetteer.borders import country_shape
from gazetteer.place import Place
from geo.incidents.draft import Draft
from geo.resolve.locate import DIRECTION_KM, NEAR_KM, country_part, locate

BASE = Place("x-base", "Base", "airbase", "IQ", 33.0, 42.0, 2000.0, "test")
SYRIA = Place("sy", "Syria", "country", "SY", 35.0, 38.3, 300000.0, "test")


def km(lat1, lon1, lat2, lon2):
    return Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000


def test_plain_site_is_its_point():
    spot = locate(Draft("Base"), BASE)
    assert (spot.lat, spot.lon, spot.geo_precision, spot.uncertainty_km) == (33.0, 42.0, 1, 2.0)


def test_distance_with_direction_moves_the_point():
    spot = locate(Draft("Base", relation="distance", relation_km=10, direction="north"), BASE)
    assert km(33.0, 42.0, spot.lat, spot.lon) == pytest.approx(10, abs=0.01)
    assert spot.lat > 33.0 and spot.lon == pytest.approx(42.0)
    assert spot.geo_precision == 2


def test_distance_without_direction_widens_the_radius():
    spot = locate(Draft("Base", relation="distance", relation_km=10), BASE)
    assert (spot.lat, spot.lon) == (33.0, 42.0)
    assert spot.uncertainty_km == pytest.approx(12.0) and spot.geo_precision == 2


def test_near_and_direction_widen_by_their_constants():
    near = locate(Draft("Base", relation="near"), BASE)
    south = locate(Draft("Base", relation="direction", direction="south"), BASE)
    assert near.uncertainty_km == pytest.approx(2 + NEAR_KM)
    assert south.uncertainty_km == pytest.approx(2 + DIRECTION_KM)
    assert near.geo_precision == south.geo_precision == 2


def test_part_of_a_country_from_natural_earth():
    shape = country_shape("SY")
    assert shape is not None  # Natural Earth polygons ship with a pip dependency
    spot = locate(Draft("Syria", relation="part", direction="east"), SYRIA)
    minx, _, maxx, _ = shape.bounds
    assert spot.geo_precision == 3
    assert spot.lon > minx + 2 * (maxx - minx) / 3  # in the eastern third
    from shapely.geometry import Point
    assert shape.contains(Point(spot.lon, spot.lat))
    assert 0 < spot.uncertainty_km < 300


def test_central_part_is_inside_the_middle_cell():
    part = country_part("IQ", "central")
    assert part is not None
    lat, lon, radius = part
    assert math.isfinite(radius) and 30 < lat < 37 and 40 < lon < 47


def test_unknown_country_has_no_part():
    assert country_part("XX", "east") is None
