"""Geodesic circles: drawn from half a circle per distinct latitude and radius, yet every vertex
the one a geodesic of its own gives, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from gazetteer.geodesy import CIRCLE_VERTICES, WGS84, geodesic_circles


def _one_geodesic_per_vertex(lon, lat, radius_km) -> np.ndarray:
    """The reference: every vertex's own forward geodesic, azimuths walked backwards."""
    azimuths = np.linspace(360.0, 0.0, CIRCLE_VERTICES, endpoint=False)
    n = len(lon)
    x, y, _ = WGS84.fwd(np.repeat(lon, CIRCLE_VERTICES), np.repeat(lat, CIRCLE_VERTICES),
                        np.tile(azimuths, n), np.repeat(np.asarray(radius_km) * 1000.0,
                                                        CIRCLE_VERTICES))
    ring = np.stack([x, y], axis=1).reshape(n, CIRCLE_VERTICES, 2)
    return np.concatenate([ring, ring[:, :1, :]], axis=1)


def _same_bits(circles: np.ndarray, lon, lat, radius_km) -> None:
    want = _one_geodesic_per_vertex(lon, lat, radius_km)
    got = np.stack([shapely.get_coordinates(c) for c in circles])
    assert got.shape == want.shape
    mismatch = np.flatnonzero((got.view(np.int64) != want.view(np.int64)).any(axis=(1, 2)))
    assert not len(mismatch), (f"{len(mismatch)} circles differ, first at lon {lon[mismatch[0]]}"
                               f" lat {lat[mismatch[0]]} radius {radius_km[mismatch[0]]} km")


def test_random_circles_are_the_per_vertex_geodesics_bit_for_bit():
    rng = np.random.default_rng(18)
    n = 4000
    lon, lat = rng.uniform(-180, 180, n), rng.uniform(-90, 90, n)
    radius = rng.uniform(0.001, 5000, n)
    _same_bits(geodesic_circles(lon, lat, radius), lon, lat, radius)


@pytest.mark.parametrize("lon", [-180.0, 180.0, 0.0, -0.0, 179.9999999, -179.9999999, 44.4])
def test_edges_antimeridian_poles_and_signed_zero(lon):
    lat = np.array([90.0, -90.0, 0.0, -0.0, 89.99999999, -89.9999999, 33.3, 33.3])
    radius = np.array([10.0, 1e-6, 20000.0, 5.0, 1000.0, 0.5, 10.0, 19999.0])
    lons = np.full(len(lat), lon)
    _same_bits(geodesic_circles(lons, lat, radius), lons, lat, radius)


def test_repeated_places_share_a_shape_and_other_longitudes_still_match():
    lon = np.array([44.4, 44.4, -120.0, 44.4, 179.5, 540.0, -200.0])
    lat = np.array([33.3, 33.3, 33.3, 33.3, 33.3, 33.3, 33.3])
    radius = np.array([10.0, 10.0, 10.0, 25.0, 10.0, 10.0, 10.0])
    circles = geodesic_circles(lon, lat, radius)
    _same_bits(circles, lon, lat, radius)  # 540 and -200: a geodesic per vertex, as given
    assert shapely.equals(circles[0], circles[1])
    assert not shapely.equals(circles[0], circles[3])
    assert shapely.is_ccw(shapely.get_exterior_ring(circles[0]))
    # the same shape moved along the parallel: the same latitudes, offsets from the centre
    a, b = shapely.get_coordinates(circles[0]), shapely.get_coordinates(circles[2])
    assert np.array_equal(a[:, 1], b[:, 1])
    assert np.allclose(a[:, 0] - 44.4, b[:, 0] + 120.0, atol=1e-9)


def test_no_circles():
    assert len(geodesic_circles(np.empty(0), np.empty(0), np.empty(0))) == 0
