"""The offline basemap (Natural Earth countries: land, water, borders, names) and opt-in tiles."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path
from shapely.geometry import box

from gazetteer.borders import country_polygons
from maps.static.edges import country_edges
from maps.static.extent import MapExtent

ATTRIBUTION = "Borders: Natural Earth"
TILES_ATTRIBUTION = "Tiles: © OpenStreetMap contributors"

WATER = "#dce9f2"
LAND = "#f4f1ea"
COAST = "#9bb3c4"
BORDER = "#8c8c8c"
COUNTRY_LABEL = "#8a8a8a"
#: A country is named only when at least this share of the map shows it.
MIN_LABEL_SHARE = 0.03


@dataclass(frozen=True)
class CountryLabel:
    name: str
    x: float
    y: float
    rank: int


@dataclass(frozen=True)
class Basemap:
    """Country shapes clipped to a map window and projected into it, ready to draw."""

    land: gpd.GeoSeries
    coast: gpd.GeoSeries
    borders: gpd.GeoSeries
    labels: tuple[CountryLabel, ...]

    @classmethod
    def for_extent(cls, extent: MapExtent) -> Basemap:
        windows = extent.lonlat_windows(pad_deg=1.0)
        countries = country_polygons()
        pieces = [countries[countries.intersects(box(*w))].clip(box(*w)) for w in windows]
        clipped = pd.concat(pieces) if len(pieces) > 1 else pieces[0]
        clipped = clipped[~clipped.is_empty]
        # each border once (the edge two countries share), so its dashes line up
        edges = country_edges(clipped.geometry.to_numpy(), windows)
        land = clipped.to_crs(extent.crs)
        return cls(
            land=land.geometry,
            coast=_non_empty(gpd.GeoSeries([edges.coast], crs=clipped.crs).to_crs(extent.crs)),
            borders=_non_empty(gpd.GeoSeries([edges.borders], crs=clipped.crs)
                               .to_crs(extent.crs)),
            labels=_country_labels(land, extent),
        )

    def draw(self, ax: Axes, *, tiled: bool = False) -> None:
        """Water as the background, then land, coasts and borders (under everything else)."""
        if not tiled:
            ax.set_facecolor(WATER)
            ax.add_collection(
                PathCollection(polygon_paths(self.land), facecolors=LAND, edgecolors="none",
                               zorder=1),
                autolim=False,
            )
            ax.add_collection(
                LineCollection(line_parts(self.coast), colors=COAST, linewidths=0.6, zorder=2),
                autolim=False,
            )
        ax.add_collection(
            LineCollection(
                line_parts(self.borders), colors=BORDER, linewidths=0.8,
                linestyles=[(0, (4, 1.5))], zorder=2,
            ),
            autolim=False,
        )


def polygon_paths(geoms: gpd.GeoSeries) -> list[Path]:
    """One matplotlib path per polygon part, holes included (drawn with the even-odd rule)."""
    paths = []
    for polygon in shapely.get_parts(geoms.to_numpy()):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        rings = [polygon.exterior, *polygon.interiors]
        paths.append(
            Path.make_compound_path(*(Path(np.asarray(r.coords), closed=True) for r in rings))
        )
    return paths


def line_parts(geoms: gpd.GeoSeries) -> list[np.ndarray]:
    """Coordinate arrays of every line part (for a LineCollection)."""
    parts = shapely.get_parts(geoms.to_numpy())
    return [np.asarray(p.coords) for p in parts if not p.is_empty and p.geom_type != "Point"]


def _non_empty(series: gpd.GeoSeries) -> gpd.GeoSeries:
    return series[[g is not None and not g.is_empty for g in series]]


def _country_labels(land: gpd.GeoDataFrame, extent: MapExtent) -> tuple[CountryLabel, ...]:
    """Country names at their Natural Earth label point, or inside their visible part.

    ``land`` holds the countries already projected into the map's CRS.
    """
    frame = box(extent.xmin, extent.ymin, extent.xmax, extent.ymax)
    points = gpd.GeoSeries(
        gpd.points_from_xy(land["LABEL_X"], land["LABEL_Y"]), crs="EPSG:4326"
    ).to_crs(extent.crs)
    labels: dict[str, tuple[float, CountryLabel]] = {}  # a country cut at a seam: its larger part
    for (_, row), point in zip(land.iterrows(), points, strict=True):
        visible = shapely.clip_by_rect(row.geometry, *frame.bounds)
        name = str(row["NAME"])
        if visible.is_empty or visible.area < MIN_LABEL_SHARE * frame.area or \
                visible.area <= labels.get(name, (0.0, None))[0]:
            continue
        if not frame.contains(point):
            point = visible.representative_point()
        rank = int(row["LABELRANK"]) if pd.notna(row["LABELRANK"]) else 9
        labels[name] = (visible.area, CountryLabel(name, float(point.x), float(point.y), rank))
    return tuple(sorted((lab for _, lab in labels.values()), key=lambda lab: (lab.rank, lab.name)))


def add_web_tiles(ax: Axes, extent: MapExtent) -> str | None:
    """Draw web tiles under the map; on any failure warn and return None (offline basemap)."""
    try:
        import contextily
    except ImportError:
        warnings.warn(
            "web tiles need the contextily package (pip install contextily);"
            " drawing the offline basemap instead",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    try:
        contextily.add_basemap(
            ax,
            crs=extent.crs.to_wkt(),
            source=contextily.providers.OpenStreetMap.Mapnik,
            attribution=False,
            zorder=0,
        )
    except Exception as exc:  # noqa: BLE001  any tile failure falls back to the offline basemap
        warnings.warn(
            f"web tiles could not be fetched ({type(exc).__name__}: {exc});"
            " drawing the offline basemap instead",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return TILES_ATTRIBUTION
