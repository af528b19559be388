"""Region- and country-level incidents on a static map: their areas, hatched, under the symbols.

Each distinct country or part of one is drawn once, however many incidents stand for it; a
region is its uncertainty circle clipped to its country (one collection per country, so ten
thousand regions cost no polygon work). The circles' fills and outlines are one collection and
their hatching one path over all of them: Agg hatches each path of a collection apart, about
half a millisecond a circle. Past ``IMAGE_FILL_FROM`` circles their fills are one image and
their hatching follows its outline (``maps.static.coverage``). The incidents themselves get
hollow symbols (``maps.static.layers``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import EllipseCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from gazetteer.borders import map_shape
from geo.incidents.areas import IncidentAreas
from maps.static.basemap import polygon_paths
from maps.static.coverage import IMAGE_FILL_FROM, fill_image
from maps.static.extent import MapExtent
from maps.style import AREA_COLOR, AREA_FILL_OPACITY, AREA_HATCH

if TYPE_CHECKING:
    from maps.static.layers import ProjectedIncidents

Z_AREAS = 3
_STYLE = {"facecolors": to_rgba(AREA_COLOR, AREA_FILL_OPACITY),
          "edgecolors": to_rgba(AREA_COLOR, 0.55), "hatchcolor": to_rgba(AREA_COLOR, 0.28),
          "hatch": AREA_HATCH, "linewidths": 0.9, "zorder": Z_AREAS}
_CIRCLE_STYLE = {k: v for k, v in _STYLE.items() if k not in ("hatch", "hatchcolor")}


def distinct_areas(areas: IncidentAreas) -> tuple[np.ndarray, np.ndarray]:
    """(keys, geometries) of the distinct countries and country parts, in first-seen order."""
    keep = areas.mask & (areas.kind != "region")
    keys, geoms = areas.key[keep], areas.geometry[keep]
    if not len(keys):
        return np.empty(0, dtype=str), np.empty(0, dtype=object)
    _, first = np.unique(keys, return_index=True)
    first = np.sort(first)
    return keys[first], geoms[first]


def _projected(geoms, extent: MapExtent) -> list[Path]:
    windows = extent.lonlat_windows(pad_deg=1.0)
    if len(windows) > 1:  # cut at the projection's seam, or a country there tears across
        geoms = [part for geom in geoms for w in windows
                 for part in shapely.get_parts(shapely.clip_by_rect(geom, *w))]
    return polygon_paths(gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs(extent.crs))


def draw_areas(ax: Axes, points: ProjectedIncidents, extent: MapExtent) -> int:
    """Hatch each distinct area once; returns how many were drawn (regions counted each)."""
    from maps.static.layers import uncertainty_sizes

    areas = points.areas
    keys, geoms = distinct_areas(areas)
    if len(keys):
        ax.add_collection(PathCollection(_projected(geoms, extent), **_STYLE), autolim=False)
    regions = areas.kind == "region"
    countries = np.array([k.partition(":")[0] for k in areas.key[regions]], dtype=object)
    drawn = len(keys)
    for iso in sorted(set(countries)):
        rows = np.zeros(len(areas), dtype=bool)
        rows[np.flatnonzero(regions)[countries == iso]] = True
        x, y, width, height = uncertainty_sizes(points, extent, rows)
        many = len(x) >= IMAGE_FILL_FROM
        style = {**_CIRCLE_STYLE, "facecolors": "none"} if many else _CIRCLE_STYLE
        circles = EllipseCollection(width, height, np.zeros(len(x)), units="xy",
                                    offsets=np.column_stack([x, y]),
                                    offset_transform=ax.transData, **style)
        if many:  # fills and hatching in one image under the outlines (maps.static.coverage)
            hatched = fill_image(ax, x, y, width, height, _STYLE["facecolors"], Z_AREAS,
                                 hatch=_STYLE["hatch"], hatch_color=_STYLE["hatchcolor"])
            ax.add_collection(circles, autolim=False)
        else:  # the circles, then one hatched path over them
            ax.add_collection(circles, autolim=False)
            hatched = PathPatch(circles_path(x, y, width, height), facecolor="none",
                                edgecolor="none", linewidth=0, hatch=_STYLE["hatch"],
                                hatchcolor=_STYLE["hatchcolor"], zorder=Z_AREAS)
            ax.add_artist(hatched)  # no data limits to update: the extent is set
        shape = map_shape(iso) if iso else None
        if shape is not None:  # cut to the country
            cut = Path.make_compound_path(*_projected([shape], extent))
            for artist in (hatched, circles):
                artist.set_clip_path(cut, ax.transData)
        drawn += len(x)
    return drawn


def circles_path(x: np.ndarray, y: np.ndarray, width: np.ndarray, height: np.ndarray) -> Path:
    """One path of all the ellipses (centres x, y; full width and height in map units): filled
    by the non-zero rule, as their union."""
    unit = Path.unit_circle()
    vertices = unit.vertices[None, :, :] * np.column_stack([width, height])[:, None, :] / 2
    vertices = vertices + np.column_stack([x, y])[:, None, :]
    return Path(vertices.reshape(-1, 2), np.tile(unit.codes, len(x)))
