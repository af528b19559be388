"""Coasts and borders from shared segments: the same lines as the overlay, in linear work."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from gazetteer.borders import country_polygons
from maps.static.basemap import Basemap
from maps.static.edges import country_edges
from maps.static.extent import fit_extent


def test_a_shared_edge_is_a_border_once_and_the_rest_is_coast():
    west, east = box(0, 0, 2, 2), box(2, 0, 4, 2)
    island = box(10, 10, 11, 11)
    window = (-1.0, -1.0, 12.0, 12.0)
    edges = country_edges(np.array([west, east, island]), [window])
    assert edges.borders.length == pytest.approx(2.0)  # x = 2, drawn once (not twice)
    assert shapely.get_num_geometries(edges.borders) == 1
    assert edges.coast.length == pytest.approx(12.0 + 4.0)
    assert edges.borders.covers(shapely.LineString([(2, 0), (2, 2)]))
    assert not edges.coast.intersects(shapely.Point(2, 1))


def test_the_window_cut_is_neither_coast_nor_border():
    land = box(0, 0, 10, 10).difference(box(4, 4, 6, 6))  # a lake inside
    window = (0.0, 0.0, 5.0, 10.0)
    clipped = shapely.clip_by_rect(land, *window)
    edges = country_edges(np.array([clipped]), [window])
    assert edges.borders.is_empty
    assert edges.coast.length == pytest.approx(2 + 1 + 1)  # the lake's shore in the window


def test_a_border_runs_on_as_one_line_for_its_dashes():
    """Segments of one border are joined in ring order, not left as pieces (a dash pattern
    restarting at every vertex draws a solid line)."""
    zigzag = [(0, 0)] + [(1 + (i % 2) * 0.2, i * 0.5) for i in range(1, 20)] + [(1, 10)]
    west = shapely.Polygon([*zigzag, (-5, 10), (-5, 0)][::-1])
    east = shapely.Polygon([*zigzag, (5, 10), (5, 0)])
    edges = country_edges(np.array([west, east]), [(-10.0, -10.0, 10.0, 20.0)])
    assert shapely.get_num_geometries(edges.borders) == 1
    assert shapely.get_num_coordinates(edges.borders) == len(zigzag)


@pytest.mark.parametrize("bounds", [(35.0, 29.0, 49.0, 38.0), (25.0, 10.0, 60.0, 45.0)])
def test_the_same_lines_as_cutting_the_coast_out_of_the_outlines(bounds):
    """Against the overlay the basemap used before (cheap at this size): same coast, same
    borders, to a micro-degree."""
    extent = fit_extent(bounds, 1.6)
    window = box(*extent.lonlat_bounds(pad_deg=1.0))
    countries = country_polygons()
    clipped = countries[countries.intersects(window)].clip(window)
    clipped = clipped[~clipped.is_empty]
    coast = clipped.union_all().boundary.difference(window.boundary)
    outlines = shapely.union_all(clipped.boundary.to_numpy())
    borders = outlines.difference(coast.buffer(1e-6)).difference(window.boundary)
    edges = country_edges(clipped.geometry.to_numpy(), [window.bounds])
    assert edges.coast.length == pytest.approx(coast.length, rel=1e-9)
    assert edges.borders.length == pytest.approx(borders.length, rel=1e-5)
    assert edges.borders.difference(borders.buffer(1e-5)).length < 1e-3
    assert borders.difference(edges.borders.buffer(1e-5)).length == pytest.approx(0, abs=1e-9)


OVERLAYS = ("buffer", "difference", "union", "union_all", "unary_union", "intersection",
            "symmetric_difference", "line_merge", "coverage_union_all")
MERGING = ("union_all", "unary_union", "coverage_union_all")


def test_a_world_basemap_never_overlays_more_than_one_country(monkeypatch):
    """The regression that made a world map take minutes: the merged coastline of every
    country (400k vertices at 10 m detail) buffered and cut out of the merged outlines. Each
    geometry operation while the basemap is built may take one country (and the window's box)
    at a time at most; a larger one fails at once, before GEOS runs it."""
    countries = country_polygons()
    budget = int(shapely.get_num_coordinates(countries.geometry.to_numpy()).max()) + 5
    seen: list[tuple[str, int]] = []
    for name in OVERLAYS:
        original = getattr(shapely, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            counts = [np.atleast_1d(shapely.get_num_coordinates(a)) for a in args[:2]
                      if isinstance(a, (shapely.Geometry, np.ndarray, list))]
            # what one GEOS call takes: all of an array when it merges them, else one item
            merge = _name in MERGING
            vertices = sum(int(c.sum() if merge else c.max(initial=0)) for c in counts)
            seen.append((_name, vertices))
            assert vertices <= budget, f"{_name} over {vertices:,} vertices (> {budget:,})"
            return _original(*args, **kwargs)

        monkeypatch.setattr(shapely, name, counted)
    extent = fit_extent((-120.0, -35.0, 140.0, 65.0), 1.6)
    basemap = Basemap.for_extent(extent)
    assert extent.crs_label == "Equal Earth" and len(basemap.land) > 150
    assert {name for name, _ in seen} >= {"intersection"}, "the counter sees the clip"
    assert len(basemap.borders) and len(basemap.coast)
    names = [label.name for label in basemap.labels]
    assert "Russia" in names and len(names) == len(set(names))


def test_a_country_across_the_projection_seam_is_cut_not_torn():
    """Centred on 10 E, Equal Earth tears the globe at 170 W, through Russia's far east: its
    land is cut there (no part spans the map), and no coast is drawn along the cut."""
    extent = fit_extent((-120.0, -35.0, 140.0, 65.0), 1.6)
    basemap = Basemap.for_extent(extent)
    names = country_polygons()["NAME"]
    russia = basemap.land[names.loc[basemap.land.index].to_numpy() == "Russia"]
    assert len(russia) == 2  # both sides of the seam
    bounds = shapely.bounds(shapely.get_parts(russia.to_numpy()))
    widths = bounds[:, 2] - bounds[:, 0]
    assert widths.max() < 0.6 * extent.width  # no polygon a band from one edge to the other
    for lines in (basemap.coast, basemap.borders):  # no line jumps across the map either
        for part in shapely.get_parts(lines.to_numpy()):
            jumps = np.abs(np.diff(shapely.get_coordinates(part)[:, 0]))
            assert jumps.max(initial=0) < 0.5 * extent.width
    assert extent.lonlat_windows(1.0)[0][2] == pytest.approx(-170.0, abs=1e-3)
