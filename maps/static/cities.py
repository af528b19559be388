"""Context cities on a static map: capitals and the largest cities in view, labelled where
they hide no incident, place or label (GeoNames, through ``gazetteer.cities``)."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from gazetteer.cities import SOURCE, cities_in
from maps.static.extent import MapExtent, transformer
from maps.static.labels import LabelPlacer, LabelStyle

ATTRIBUTION = f"Cities: {SOURCE}"
CITY_COLOR = "#4a4a4a"
#: Cities labelled at most, the largest first (capitals before all others).
MAX_CITIES = 12
MAX_CITIES_SMALL = 5
#: Display pixels kept clear around a city's dot.
DOT_RADIUS_PX = 4.0
Z_CITIES = 6


def draw_cities(ax: Axes, placer: LabelPlacer, extent: MapExtent, *, small: bool) -> int:
    """Dot and name each city that fits; returns how many were drawn."""
    x0, y0, x1, y1 = extent.lonlat_bounds()
    frame = cities_in((x0, y0, x1, y1))
    if frame.empty:
        return 0
    frame = frame.sort_values(["capital", "population"], ascending=[False, False])
    xs, ys = transformer(extent.crs, to_lonlat=False).transform(
        frame["lon"].to_numpy(), frame["lat"].to_numpy()
    )
    inside = (xs > extent.xmin) & (xs < extent.xmax) & (ys > extent.ymin) & (ys < extent.ymax)
    frame, xs, ys = frame[inside], xs[inside], ys[inside]
    limit = MAX_CITIES_SMALL if small else MAX_CITIES
    style = LabelStyle(fontsize=6 if small else 7.5, color=CITY_COLOR)
    capital_style = LabelStyle(fontsize=style.fontsize, color=CITY_COLOR, weight="bold")
    shown: list[tuple[float, float, bool]] = []
    for name, x, y, capital in zip(frame["name"], xs, ys, frame["capital"], strict=True):
        if len(shown) >= limit:
            break
        if not placer.is_free(float(x), float(y), DOT_RADIUS_PX):
            continue
        placer.block_points([x], [y], radius_px=DOT_RADIUS_PX)
        label = placer.place(str(name), float(x), float(y), capital_style if capital else style)
        if label is None:
            placer.release_last()  # no name, no dot: free its spot again
            continue
        shown.append((float(x), float(y), bool(capital)))
    if shown:
        points = np.array(shown, dtype=float)
        ax.scatter(points[:, 0], points[:, 1], s=np.where(points[:, 2] > 0, 16, 9), marker="o",
                   c="white", edgecolors=CITY_COLOR, linewidths=1.0, zorder=Z_CITIES)
    return len(shown)
