"""Region- and country-level incidents drawn as their area (hatched, hollow symbol), context
cities labelled where they hide nothing, reviewed incidents outlined: on the static map."""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely
from matplotlib.collections import EllipseCollection
from matplotlib.colors import to_rgba
from matplotlib.text import Annotation
from PIL import Image

from gazetteer.borders import country_shape
from geo.incidents.areas import incident_areas
from geo.incidents.schema import incidents_frame
from geo.resolve.locate import country_part
from maps.static.extent import fit_extent, transformer
from maps.static.render import render_static, static_figure
from maps.style import AREA_COLOR, AREA_FILL_OPACITY, AREA_LEGEND, REVIEWED_LEGEND

SYRIA_LABEL = (38.27778, 35.00664)
BBOX = (34.0, 29.0, 47.0, 38.0)


def _row(name, lon, lat, gp, km, country, place_id, event_type="airstrike", reviewed="machine"):
    return {"event_date": date(2024, 1, 5), "time_precision": 1, "event_type": event_type,
            "status": "reported", "place_name": name, "place_id": place_id, "lat": lat,
            "lon": lon, "geo_precision": gp, "uncertainty_km": km, "country": country,
            "reviewed": reviewed, "sources": [{"quote": name, "file": "a"}]}


def _frame():
    lat, lon, km = country_part("SY", "east")
    return incidents_frame([
        _row("Syria", *SYRIA_LABEL, 4, 300.0, "SY", "sy"),
        _row("eastern Syria", lon, lat, 3, km, "SY", "sy"),
        _row("Dead Sea region", 35.5, 31.5, 3, 30.0, "JO", "jo-dead-sea"),
        _row("Al-Asad", 42.4412, 33.7856, 1, 3.0, "IQ", "iq-al-asad", "drone attack"),
        _row("Harir", 44.3399, 36.5337, 1, 2.5, "IQ", "iq-harir", "drone attack", "confirmed"),
    ])


def test_each_area_incident_stands_for_its_area():
    areas = incident_areas(_frame())
    assert list(areas.kind) == ["country", "country part", "region", "", ""]
    syria = country_shape("SY")
    country, part, region = areas.geometry[:3]
    assert abs(country.area - syria.area) / syria.area < 0.01  # the polygon, not a circle
    # the eastern third: nothing west of two thirds of Syria's width, all inside Syria
    minx, _, maxx, _ = syria.bounds
    assert part.bounds[0] >= minx + 2 * (maxx - minx) / 3 - 0.02
    assert syria.buffer(0.02).contains(part)
    jordan = country_shape("JO")
    assert jordan.buffer(0.02).contains(region) and region.area < shapely.Point(35.5, 31.5) \
        .buffer(0.3).area  # the 30 km circle cut to Jordan
    assert areas.geometry[3] is None and areas.geometry[4] is None
    assert all(shapely.is_ccw(g.exterior) for g in areas.geometry[:3])


def test_static_map_hatches_areas_hollows_their_symbols_and_names_cities(tmp_path):
    frame = _frame()
    fig = static_figure(frame, bbox=BBOX)
    ax = fig.axes[0]
    # 3 areas, once each: Syria and its east (polygons), the Dead Sea (a circle cut to Jordan:
    # its fill and outline, and one hatched path over the circles of its country)
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert sum(len(c.get_paths()) for c in hatched) == 2
    area_fill = to_rgba(AREA_COLOR, AREA_FILL_OPACITY)
    circles = [c for c in ax.collections if isinstance(c, EllipseCollection)
               and np.allclose(c.get_facecolor()[0], area_fill)]
    assert [len(c.get_offsets()) for c in circles] == [1]
    hatching = [p for p in ax.patches if p.get_hatch()]
    assert len(hatching) == 1 and len(list(hatching[0].get_path().iter_bezier())) > 3
    jordan = circles[0].get_clip_path(), hatching[0].get_clip_path()
    assert all(clip is not None and clip is not ax.patch for clip in jordan)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"{AREA_LEGEND} (3)" in legend and f"{REVIEWED_LEGEND} (1)" in legend
    labels = [a for a in ax.texts if isinstance(a, Annotation)]
    names = {a.get_text() for a in labels}
    assert {"Damascus", "Baghdad"} <= names  # capitals in view
    renderer = fig.canvas.get_renderer()
    boxes = [a.get_window_extent(renderer) for a in labels]
    for i, box in enumerate(boxes):  # no label on another
        assert not any(box.overlaps(other) for other in boxes[i + 1:]), labels[i].get_text()
    # pixels: hatch lines inside Syria's desert, none in Saudi Arabia's
    out = render_static(frame, tmp_path / "areas.png", bbox=BBOX)
    image = np.asarray(Image.open(out).convert("RGB")).astype(int)
    crs = fit_extent(BBOX, 1.0, exact=True).crs  # the map's projection (from the box alone)
    (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
    x0, y0, x1, y1 = ax.get_window_extent(renderer).extents

    def box_at(lon, lat, half=12):
        x, y = transformer(crs, to_lonlat=False).transform(lon, lat)
        col = int(x0 + (x - xmin) / (xmax - xmin) * (x1 - x0))
        row = image.shape[0] - int(y0 + (y - ymin) / (ymax - ymin) * (y1 - y0))
        return image[row - half:row + half, col - half:col + half]

    def hatched_pixels(box):  # the area colour is bluish purple: blue well above green
        return int(((box[..., 2] - box[..., 1]) >= 8).sum())

    assert hatched_pixels(box_at(39.5, 34.2)) > 30
    assert hatched_pixels(box_at(42.0, 30.0)) == 0
    # the Dead Sea region: hatched in Jordan, not across the border
    assert hatched_pixels(box_at(35.72, 31.5, half=6)) > 10
    assert hatched_pixels(box_at(35.28, 31.5, half=6)) == 0
