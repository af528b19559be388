"""The data layers of a static map: uncertainty areas, places, and incidents by type.

Drawing is vectorized: one collection per layer or event type, never one call per point.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import EllipseCollection

from geo.incidents.areas import IncidentAreas, incident_areas
from geo.incidents.counts import event_counts
from maps.static.coverage import IMAGE_FILL_FROM, fill_image
from maps.static.extent import MapExtent, project_points
from maps.static.filter import located
from maps.style import (
    AREA_SYMBOL_FILL_OPACITY,
    LAYER_SYMBOLS,
    PLACE_SYMBOL,
    REVIEWED_OUTLINE,
    REVIEWED_OUTLINE_WIDTH,
    UNCERTAINTY_COLOR,
    UNCERTAINTY_FILL_OPACITY,
    UNCERTAINTY_MAX_PRECISION,
    UNKNOWN_SYMBOL,
    Symbol,
    layer_types,
    symbol_for,
)

#: Markers that look small at the same area get a larger one.
MARKER_SCALE = {"*": 1.9, "P": 1.3, "^": 1.2, "D": 0.8, "s": 0.9}
Z_UNCERTAINTY, Z_PLACES, Z_INCIDENTS = 3, 4, 5


@dataclass(frozen=True)
class LegendEntry:
    symbol: Symbol
    count: int  # incidents of this type drawn on the map
    events: int  # the events they stand for (an aggregate counts as its number)

    @property
    def text(self) -> str:
        """'Airstrike (3)', or 'Airstrike (1; 3 events)' when aggregates are among them."""
        extra = f"; {self.events:,} events" if self.events != self.count else ""
        return f"{self.symbol.label} ({self.count:,}{extra})"


@dataclass(frozen=True)
class ProjectedIncidents:
    """Located incidents with their projected coordinates, drawn the same way in every panel,
    and the areas of those located only to a region or a country."""

    frame: gpd.GeoDataFrame
    x: np.ndarray
    y: np.ndarray
    areas: IncidentAreas

    @classmethod
    def of(cls, incidents: gpd.GeoDataFrame, extent: MapExtent) -> ProjectedIncidents:
        frame = located(incidents)
        x, y = project_points(frame, extent)
        return cls(frame, x, y, incident_areas(frame, regions=False))

    def subset(self, mask: np.ndarray) -> ProjectedIncidents:
        return ProjectedIncidents(self.frame[mask], self.x[mask], self.y[mask],
                                  self.areas.subset(mask))

    @property
    def reviewed(self) -> np.ndarray:
        return reviewed_mask(self.frame)

    def __len__(self) -> int:
        return len(self.frame)


def reviewed_mask(frame: pd.DataFrame) -> np.ndarray:
    """True where a person confirmed or changed the incident (geo/review)."""
    if "reviewed" not in frame:
        return np.zeros(len(frame), dtype=bool)
    state = frame["reviewed"].fillna("machine").astype(str).to_numpy()
    return (state != "machine") & (state != "")


def legend_entries(frame: pd.DataFrame) -> list[LegendEntry]:
    """One entry per event type present (palette order), unknown types last; each counts the
    incidents of ``frame`` (geo.incidents.counts: incidents, not events)."""
    types = layer_types(frame)
    counts = types.value_counts()
    events = event_counts(frame).groupby(types).sum() if len(frame) else counts
    entries = [
        LegendEntry(LAYER_SYMBOLS[t], int(counts[t]), int(events[t]))
        for t in LAYER_SYMBOLS
        if t in counts.index
    ]
    unknown = [t for t in counts.index if t not in LAYER_SYMBOLS]
    if unknown:
        entries.append(
            LegendEntry(UNKNOWN_SYMBOL, int(counts[unknown].sum()), int(events[unknown].sum()))
        )
    return entries


def marker_area(n_points: int) -> float:
    """Marker area (points²) shrinking with the number of points so dense maps stay readable."""
    return float(np.clip(42.0 * np.sqrt(300.0 / max(n_points, 1)), 5.0, 42.0))


#: Marker layers in drawing (palette) order, unknown types last, and each one's size factor.
MARKER_ORDER: tuple[str, ...] = (*LAYER_SYMBOLS, "")
MARKER_SCALES = np.array([MARKER_SCALE.get(symbol_for(t).marker, 1.0) for t in MARKER_ORDER])


@dataclass(frozen=True)
class MarkerTable:
    """One row per (location, event type): where its marker goes, how big, which type."""

    x: np.ndarray
    y: np.ndarray
    area: np.ndarray
    types: np.ndarray  # event type, "" for unknown
    stacked: bool  # some marker stands for more than one event
    hollow: np.ndarray  # stands for incidents located only to a region or country
    reviewed: np.ndarray  # stands for incidents a person reviewed
    rank: np.ndarray  # the type's place in MARKER_ORDER

    @property
    def scale(self) -> np.ndarray:
        """Each marker's MARKER_SCALE (by its symbol)."""
        return MARKER_SCALES[self.rank]


def marker_table(points: ProjectedIncidents, area: float, units_per_point: float) -> MarkerTable:
    """Merge events of one type at one spot into one marker sized by their number (areas and
    sites, reviewed and not, apart).

    Different types (or kinds) at the same spot are set around it in a small ring (in display
    points) so none hides another. Size: area x (1 + log2 events), capped at 8x.
    """
    rank = pd.Categorical(layer_types(points.frame), categories=MARKER_ORDER).codes
    rank = np.where(rank < 0, len(MARKER_ORDER) - 1, rank)  # a type with no symbol: unknown
    table = pd.DataFrame(
        {
            "x": points.x,
            "y": points.y,
            "type": np.asarray(MARKER_ORDER, dtype=object)[rank],
            "rank": rank,
            "n": event_counts(points.frame).to_numpy(),
            "hollow": points.areas.mask,
            "reviewed": points.reviewed,
        }
    )
    keys = ["x", "y", "rank", "type", "hollow", "reviewed"]
    merged = table.groupby(keys, sort=True, as_index=False)["n"].sum()
    spot = merged.groupby(["x", "y"], sort=False)
    k = spot["type"].transform("size").to_numpy()
    i = spot.cumcount().to_numpy()
    sizes = area * np.minimum(1 + np.log2(merged["n"].to_numpy(float)), 8.0)
    diameter = np.sqrt(area)
    ring = np.where(k > 1, np.maximum(0.6 * diameter, diameter * k / (2 * np.pi)), 0.0)
    angle = np.pi / 2 - 2 * np.pi * i / np.maximum(k, 1)
    return MarkerTable(
        x=merged["x"].to_numpy() + ring * np.cos(angle) * units_per_point,
        y=merged["y"].to_numpy() + ring * np.sin(angle) * units_per_point,
        area=sizes,
        types=merged["type"].to_numpy(),
        stacked=bool((merged["n"] > 1).any()),
        hollow=merged["hollow"].to_numpy(bool),
        reviewed=merged["reviewed"].to_numpy(bool),
        rank=merged["rank"].to_numpy(np.int64),
    )


def draw_incidents(
    ax: Axes, points: ProjectedIncidents, area: float, units_per_point: float
) -> MarkerTable | None:
    """One scatter per event type and kind, in palette order, unknown types last: a site's
    symbol filled, an area's hollow (pale, outlined in the type's colour); a reviewed incident's
    outline bold and black."""
    if not len(points):
        return None
    table = marker_table(points, area, units_per_point)
    dense = len(table.x) > 2000
    # layers in palette order, each a site's then an area's, each unreviewed then reviewed
    layer = table.rank * 4 + table.hollow * 2 + table.reviewed
    for key in np.unique(layer):
        rank, hollow, reviewed = key // 4, bool(key & 2), bool(key & 1)
        _scatter(ax, table, layer == key, symbol_for(MARKER_ORDER[rank]), hollow=hollow,
                 reviewed=reviewed, dense=dense)
    return table


def _scatter(ax: Axes, table: MarkerTable, mask: np.ndarray, symbol: Symbol, *, hollow: bool,
             reviewed: bool, dense: bool) -> None:
    from matplotlib.colors import to_rgba

    face = to_rgba(symbol.color, AREA_SYMBOL_FILL_OPACITY) if hollow else symbol.color
    edge, width = (symbol.color, 1.4) if hollow else ("#333333", 0.5)
    if reviewed:
        edge, width = REVIEWED_OUTLINE, REVIEWED_OUTLINE_WIDTH * 0.6
    elif dense and not hollow:
        edge, width = "none", 0
    ax.scatter(
        table.x[mask],
        table.y[mask],
        s=table.area[mask] * MARKER_SCALE.get(symbol.marker, 1.0),
        marker=symbol.marker,
        c=[face],
        edgecolors=edge,
        linewidths=width,
        alpha=None if hollow else 0.6 if dense else 0.95,
        zorder=Z_INCIDENTS + (0.5 if reviewed else 0),
        rasterized=dense,
        label=symbol.label,
    )


def uncertainty_sizes(
    points: ProjectedIncidents, extent: MapExtent, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct circles (x, y, width, height in map units) for rows with an uncertainty radius
    (``rows``: only those; else the sites known roughly, geo precision up to 2)."""
    radius_km = pd.to_numeric(points.frame["uncertainty_km"], errors="coerce").to_numpy(float)
    precision = pd.to_numeric(points.frame["geo_precision"], errors="coerce").to_numpy(float)
    if rows is None:
        rows = ~(precision > UNCERTAINTY_MAX_PRECISION)
    keep = np.isfinite(radius_km) & (radius_km > 0) & rows
    if not keep.any():
        empty = np.empty(0)
        return empty, empty, empty, empty
    table = np.unique(
        np.round(np.column_stack([points.x[keep], points.y[keep], radius_km[keep]]), 6), axis=0
    )
    x, y, r_m = table[:, 0], table[:, 1], table[:, 2] * 1000.0
    if extent.crs.is_geographic:
        height = 2 * r_m / 111_320.0
        width = height / np.cos(np.radians(y))
    else:
        width = height = 2 * r_m / extent.metres_per_unit()
    return x, y, width, height


def draw_uncertainty(ax: Axes, points: ProjectedIncidents, extent: MapExtent) -> int:
    """Shaded circles of each distinct uncertainty radius; returns how many were drawn."""
    x, y, width, height = uncertainty_sizes(points, extent)
    if not len(x):
        return 0
    fill = _with_alpha(UNCERTAINTY_COLOR, UNCERTAINTY_FILL_OPACITY)
    if len(x) >= IMAGE_FILL_FROM:  # one image of the fills (maps.static.coverage)
        fill_image(ax, x, y, width, height, fill, Z_UNCERTAINTY)
        fill = (0.0, 0.0, 0.0, 0.0)
    circles = EllipseCollection(
        width,
        height,
        np.zeros(len(x)),
        units="xy",
        offsets=np.column_stack([x, y]),
        offset_transform=ax.transData,
        facecolors=fill,
        edgecolors=_with_alpha(UNCERTAINTY_COLOR, 0.55),
        linewidths=0.6,
        linestyles="--",
        zorder=Z_UNCERTAINTY,
    )
    ax.add_collection(circles, autolim=False)
    return len(x)


@dataclass(frozen=True)
class ProjectedPlaces:
    """Places inside the map window, most-used first (so they win label spots)."""

    names: tuple[str, ...]
    x: np.ndarray
    y: np.ndarray

    @classmethod
    def of(cls, places: gpd.GeoDataFrame | None, extent: MapExtent) -> ProjectedPlaces:
        if places is None or not len(places):
            return cls((), np.empty(0), np.empty(0))
        frame = located(places)
        x, y = project_points(frame, extent)
        inside = (x > extent.xmin) & (x < extent.xmax) & (y > extent.ymin) & (y < extent.ymax)
        frame = frame[inside]
        used = pd.to_numeric(frame["incident_count"], errors="coerce").fillna(0).to_numpy()
        names = frame["name"].astype(str).to_numpy()
        order = np.lexsort((names, -used))
        return cls(tuple(str(n) for n in names[order]), x[inside][order], y[inside][order])

    def __len__(self) -> int:
        return len(self.names)


def draw_places(ax: Axes, places: ProjectedPlaces) -> None:
    if not len(places):
        return
    ax.scatter(
        places.x,
        places.y,
        s=22,
        marker=PLACE_SYMBOL.marker,
        facecolors="white",
        edgecolors=PLACE_SYMBOL.color,
        linewidths=1.1,
        zorder=Z_PLACES,
        label=PLACE_SYMBOL.label,
    )


def _with_alpha(color: str, alpha: float) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return to_rgba(color, alpha)
