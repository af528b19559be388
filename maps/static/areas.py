"""Region- and country-level incidents on a static map: their areas, hatched, under the symbols.

Each distinct area (a country, a part of one, a region) is drawn once, however many incidents
stand for it; the incidents themselves get hollow symbols (``maps.static.layers``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba

from geo.incidents.areas import IncidentAreas
from maps.static.basemap import polygon_paths
from maps.static.extent import MapExtent
from maps.style import AREA_COLOR, AREA_FILL_OPACITY, AREA_HATCH

Z_AREAS = 3


def distinct_areas(areas: IncidentAreas) -> tuple[np.ndarray, np.ndarray]:
    """(keys, geometries) of the distinct areas, in first-seen order."""
    keys = areas.key[areas.mask]
    geoms = areas.geometry[areas.mask]
    if not len(keys):
        return np.empty(0, dtype=str), np.empty(0, dtype=object)
    _, first = np.unique(keys, return_index=True)
    first = np.sort(first)
    return keys[first], geoms[first]


def draw_areas(ax: Axes, areas: IncidentAreas, extent: MapExtent) -> int:
    """Hatch each distinct area once; returns how many were drawn."""
    keys, geoms = distinct_areas(areas)
    if not len(keys):
        return 0
    projected = gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs(extent.crs)
    paths = polygon_paths(projected)
    ax.add_collection(
        PathCollection(
            paths,
            facecolors=to_rgba(AREA_COLOR, AREA_FILL_OPACITY),
            edgecolors=to_rgba(AREA_COLOR, 0.55),
            hatchcolor=to_rgba(AREA_COLOR, 0.28),
            hatch=AREA_HATCH,
            linewidths=0.9,
            zorder=Z_AREAS,
        ),
        autolim=False,
    )
    return len(keys)
