"""The pieces of a static map: selection, projection and extent, furniture, labels, facets."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from gazetteer.borders import country_polygons
from geo.incidents.schema import incidents_frame
from maps.static.basemap import Basemap
from maps.static.extent import fit_extent, fitted_crs
from maps.static.facets import grid_shape, periods_between
from maps.static.filter import MapOptionError, Selection
from maps.static.furniture import add_north_arrow, nice_length_km
from maps.static.labels import LabelPlacer, LabelStyle
from maps.static.layers import ProjectedIncidents, legend_entries, marker_table
from maps.static.text import sources_summary


def frame():
    return incidents_frame(
        [
            {
                "event_date": date(2024, 1, 1),
                "event_type": "drone attack",
                "lat": 36.2,
                "lon": 44.0,
            },
            {
                "event_date": date(2024, 1, 5),
                "date_end": date(2024, 1, 9),
                "event_type": "airstrike",
                "lat": 34.4,
                "lon": 41.1,
                "event_count": 3,
            },
            {"event_date": None, "event_type": "rocket attack", "lat": 33.8, "lon": 42.4},
            {"event_date": date(2024, 2, 1), "event_type": "", "place_name": "unknown"},
        ]
    )


def test_selection_by_type_date_overlap_and_bbox():
    incidents = frame()
    assert list(Selection.checked(types=["Drone Attack"]).apply(incidents)["event_type"]) == [
        "drone attack"
    ]
    # the airstrike's range 5-9 Jan overlaps 8-20 Jan; undated rows fail a date test
    picked = Selection.checked(date_from="2024-01-08", date_to="2024-01-20").apply(incidents)
    assert list(picked["event_type"]) == ["airstrike"]
    boxed = Selection.checked(bbox=(40, 33, 43, 35)).apply(incidents)
    assert sorted(boxed["event_type"]) == ["airstrike", "rocket attack"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"types": ["drone", "airstrike"]}, "unknown event type.*'drone'.*valid types are"),
        ({"date_from": "2024-02-01", "date_to": "2024-01-01"}, "inverted"),
        ({"date_from": "01/02/2024"}, "not an ISO date"),
        ({"bbox": (45, 30, 40, 35)}, "min < max"),
    ],
)
def test_selection_rejects_bad_options(kwargs, message):
    with pytest.raises(MapOptionError, match=message):
        Selection.checked(**kwargs)


def test_projection_fits_extent():
    narrow, label = fitted_crs((43.5, 35.8, 44.6, 36.7))  # around Erbil
    assert narrow.to_epsg() == 32638 and label == "UTM zone 38N"
    wide, label = fitted_crs((35.0, 29.0, 49.0, 38.0))  # Iraq and Syria
    assert "Lambert" in label
    assert wide.coordinate_operation.method_name.startswith("Lambert Conic Conformal")
    assert fitted_crs((10, -10, 30, 10))[1] == "Mercator"


def test_extent_contains_data_with_margin_and_matches_aspect():
    bounds = (38.6, 33.3, 44.0, 36.3)
    extent = fit_extent(bounds, 1.5)
    assert math.isclose(extent.width / extent.height, 1.5, rel_tol=1e-9)
    x0, y0, x1, y1 = extent.lonlat_bounds()
    assert x0 < 38.6 and y0 < 33.3 and x1 > 44.0 and y1 > 36.3
    exact = fit_extent(bounds, 1.0, crs="EPSG:4326", exact=True)
    # the box is kept (its long side exactly), only the short side grows to fill the panel
    assert (exact.xmin, exact.xmax) == (38.6, 44.0) and exact.ymin < 33.3 < 36.3 < exact.ymax
    single = fit_extent((44.0, 36.2, 44.0, 36.2), 1.0)
    assert single.width >= 60_000


def test_scale_bar_length_and_units():
    assert [nice_length_km(v) for v in (0.7, 1, 3.9, 74, 230)] == [0.5, 1, 2, 50, 200]
    extent = fit_extent((43.5, 35.8, 44.6, 36.7), 1.0)
    # UTM: one map metre is about one ground metre near the zone's centre
    assert 0.999 < extent.metres_per_unit() < 1.001
    geographic = fit_extent((43.5, 35.8, 44.6, 36.7), 1.0, crs="EPSG:4326")
    lat = (geographic.ymin + geographic.ymax) / 2
    assert geographic.metres_per_unit() == pytest.approx(111_320 * math.cos(math.radians(lat)))


def test_north_arrow_follows_meridian_convergence():
    fig = Figure()
    ax = fig.add_subplot()
    # UTM 38N's central meridian is 45E: east of it, north leans left (negative angle)
    east = fit_extent((47.0, 35.0, 48.0, 36.0), 1.0, crs="EPSG:32638")
    west = fit_extent((41.0, 35.0, 42.0, 36.0), 1.0, crs="EPSG:32638")
    centred = fit_extent((44.5, 35.0, 45.5, 36.0), 1.0, crs="EPSG:32638")
    assert add_north_arrow(ax, east) < -1 < 1 < add_north_arrow(ax, west)
    assert abs(add_north_arrow(ax, centred)) < 0.5


def test_basemap_is_cached_and_clipped():
    assert country_polygons() is country_polygons()
    extent = fit_extent((38.6, 33.3, 44.0, 36.3), 1.3)
    basemap = Basemap.for_extent(extent)
    names = {label.name for label in basemap.labels}
    assert {"Iraq", "Syria"} <= names and "France" not in names
    assert len(basemap.borders) and basemap.land.crs == extent.crs


def test_labels_do_not_overlap():
    fig = Figure(figsize=(4, 4), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    placer = LabelPlacer(ax, fig.canvas.get_renderer())
    placed = [placer.place(f"Base {i}", 50 + i * 0.5, 50, LabelStyle()) for i in range(12)]
    kept = [p for p in placed if p is not None]
    assert 2 <= len(kept) < 12  # crowded: some fit around the cluster, the rest are dropped
    boxes = [p.get_window_extent(fig.canvas.get_renderer()) for p in kept]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_same_spot_markers_merge_and_ring():
    incidents = incidents_frame(
        [
            {"event_date": date(2024, 1, d), "event_type": t, "lat": 36.2, "lon": 44.0}
            for d, t in [
                (1, "drone attack"),
                (2, "drone attack"),
                (3, "drone attack"),
                (3, "rocket attack"),
            ]
        ]
    )
    extent = fit_extent((44.0, 36.2, 44.0, 36.2), 1.0)
    table = marker_table(ProjectedIncidents.of(incidents, extent), 40.0, 100.0)
    assert sorted(table.types) == ["drone attack", "rocket attack"]
    assert table.stacked
    drone = list(table.types).index("drone attack")
    assert table.area[drone] == pytest.approx(40 * (1 + math.log2(3)))
    assert len({(round(x), round(y)) for x, y in zip(table.x, table.y, strict=True)}) == 2


def test_legend_counts_incidents_and_says_events_beside_them_in_palette_order():
    entries = legend_entries(frame())
    assert [(e.symbol.label, e.count, e.events) for e in entries] == [
        ("Drone attack", 1, 1),
        ("Rocket attack", 1, 1),
        ("Airstrike", 1, 3),
        ("Unknown type", 1, 1),
    ]
    assert entries[2].text == "Airstrike (1; 3 events)" and entries[0].text == "Drone attack (1)"


def test_periods_and_grid():
    weeks = periods_between(date(2023, 10, 18), date(2023, 11, 6), "week")
    assert [p.start for p in weeks] == [
        date(2023, 10, 16),
        date(2023, 10, 23),
        date(2023, 10, 30),
        date(2023, 11, 6),
    ]
    assert weeks[0].end == date(2023, 10, 22) and weeks[0].title == "Week of 16 Oct 2023"
    months = periods_between(date(2023, 10, 18), date(2024, 2, 1), "month")
    assert [p.title for p in months][::4] == ["October 2023", "February 2024"]
    with pytest.raises(MapOptionError, match="panels"):
        periods_between(date(2010, 1, 1), date(2024, 1, 1), "week")
    assert grid_shape(4, 3.0, 1.0) == (1, 4)
    assert grid_shape(4, 1.0, 1.0) == (2, 2)
    rows, cols = grid_shape(7, 1.3, 1.3)
    assert rows * cols >= 7


def test_sources_summary_names_top_publishers():
    rows = frame()
    rows["sources"] = [
        [{"publisher": "Reuters"}],
        [{"url": "https://www.ap.org/x"}],
        [{"publisher": "Reuters"}],
        "[]",
    ]
    assert sources_summary(rows) == "Sources: Reuters, ap.org"
    rows["sources"] = [[] for _ in range(len(rows))]
    assert "not recorded" in sources_summary(rows)
    assert np.all(rows.index == frame().index)


def test_furniture_takes_a_corner_without_markers():
    from maps.static.furniture import NORTH_ARROW_BOXES, SCALE_BAR_BOXES, free_corner

    assert free_corner(SCALE_BAR_BOXES, [0.5], [0.5]) == "left"
    assert free_corner(SCALE_BAR_BOXES, [0.1, 0.9], [0.05, 0.5]) == "right"
    assert free_corner(NORTH_ARROW_BOXES, [0.95], [0.9]) == "left"
    assert free_corner(NORTH_ARROW_BOXES, [0.95, 0.05, 0.06], [0.9, 0.9, 0.95]) == "right"
