"""Static maps (PNG, SVG, PDF) for briefs and print, drawn offline with geopandas and matplotlib.

``render_static`` is the entry point; the pieces live in ``maps.static_*``: choosing incidents
(filter), projection and window (extent), Natural Earth basemap, data layers, label placement,
furniture (scale bar, north arrow, legend, titles) and small multiples (facets).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pyproj
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from gazetteer.atomic import atomic_path
from geo.incidents.areas import area_mask
from geo.incidents.counts import Counts, date_span, dates_text, default_title, summary
from maps.static.areas import draw_areas
from maps.static.basemap import ATTRIBUTION, COUNTRY_LABEL, Basemap, add_web_tiles
from maps.static.cities import ATTRIBUTION as CITIES_ATTRIBUTION
from maps.static.cities import draw_cities
from maps.static.extent import MapExtent, data_bounds, fit_extent
from maps.static.facets import check_facet, grid_shape, period_masks, periods_between
from maps.static.filter import MapOptionError, Selection, located
from maps.static.furniture import (
    NORTH_ARROW_BOXES,
    SCALE_BAR_BOXES,
    add_legend,
    add_north_arrow,
    add_note,
    add_scale_bar,
    add_source_line,
    add_title_block,
    free_corner,
    legend_handles,
)
from maps.static.labels import COUNTRY_SPOTS, LabelPlacer, LabelStyle
from maps.static.layers import (
    ProjectedIncidents,
    ProjectedPlaces,
    draw_incidents,
    draw_places,
    draw_uncertainty,
    legend_entries,
    marker_area,
    reviewed_mask,
)
from maps.static.text import sources_summary

__all__ = ["FORMATS", "MapOptionError", "render_static", "static_figure"]

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
REQUIRED_COLUMNS = ("event_date", "date_end", "event_type", "uncertainty_km", "event_count")
MAX_PLACE_LABELS = 40

#: Settings that make the same input give the same bytes (SVG ids, no timestamps).
_RC = {"svg.hashsalt": "geo-incidents", "svg.fonttype": "path", "pdf.fonttype": 42}
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def render_static(
    incidents: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    places: gpd.GeoDataFrame | None = None,
    *,
    title: str | None = None,
    dpi: int = 150,
    size: tuple[float, float] = (10.0, 8.0),
    types: Iterable[str] | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    facet: str | None = None,
    bbox: Sequence[float] | None = None,
    tiles: bool = False,
    crs: str | pyproj.CRS | None = None,
) -> Path:
    """Draw ``incidents`` (incident schema) and ``places`` to ``path``; format from its suffix.

    Raises MapOptionError (a ValueError) for options the user can fix.
    """
    out = Path(path)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise MapOptionError(
            f"{out}: unknown map format {out.suffix!r}; use one of {', '.join(FORMATS)}"
        )
    with matplotlib.rc_context(_RC):
        fig = static_figure(
            incidents, places, title=title, dpi=dpi, size=size, types=types,
            date_from=date_from, date_to=date_to, facet=facet, bbox=bbox, tiles=tiles, crs=crs,
        )
        _save_atomically(fig, out, fmt, int(dpi))
    return out


def static_figure(
    incidents: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame | None = None,
    *,
    title: str | None = None,
    dpi: int = 150,
    size: tuple[float, float] = (10.0, 8.0),
    types: Iterable[str] | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    facet: str | None = None,
    bbox: Sequence[float] | None = None,
    tiles: bool = False,
    crs: str | pyproj.CRS | None = None,
) -> Figure:
    """The map as a matplotlib Figure (Agg canvas), e.g. to add to it before saving.

    The first axes is the (first) map panel; its data coordinates are in the map's CRS.
    """
    _check_frame(incidents)
    _check_figure(dpi, size)
    selection = Selection.checked(types, date_from, date_to, bbox)
    if crs is not None:
        try:
            crs = pyproj.CRS.from_user_input(crs)
        except pyproj.exceptions.CRSError:
            raise MapOptionError(f"crs {crs!r} is not a known CRS; try EPSG:4326") from None
    shown = selection.apply(incidents)
    plan = MapPlan(
        shown=shown,
        places=places,
        selection=selection,
        title=title or default_title(shown),
        size=(float(size[0]), float(size[1])),
        dpi=int(dpi),
        facet=check_facet(facet),
        tiles=tiles,
        crs=crs,
    )
    return plan.figure()


@dataclass
class MapPlan:
    """Everything one render needs; ``figure()`` draws it."""

    shown: gpd.GeoDataFrame
    places: gpd.GeoDataFrame | None
    selection: Selection
    title: str
    size: tuple[float, float]
    dpi: int
    facet: str | None
    tiles: bool
    crs: str | pyproj.CRS | None

    def figure(self) -> Figure:
        fig = Figure(figsize=self.size, dpi=self.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        shown = located(self.shown)
        entries = legend_entries(shown)
        bounds = self.selection.bbox or data_bounds(shown, self.places)
        extras = 3 + int(area_mask(shown).any()) + int(reviewed_mask(shown).any())
        layout = _Layout(fig, n_legend=len(entries) + extras)
        dated = self.shown[pd.to_datetime(self.shown["event_date"]).notna()]
        if self.facet and len(dated):
            first, last = date_span(dated)
            periods = periods_between(first, last, self.facet)
            probe = fit_extent(bounds, 1.0, crs=self.crs, exact=self.selection.bbox is not None)
            rows, cols = grid_shape(len(periods), layout.area_aspect, probe.width / probe.height)
            axes = layout.grid(rows, cols, len(periods))
        else:
            periods, axes = [], [layout.single()]
        extent = fit_extent(
            bounds, _aspect(axes[0]), crs=self.crs, exact=self.selection.bbox is not None
        )
        panel = _PanelPainter(self, extent, n_points=len(shown), small=bool(periods))
        points = ProjectedIncidents.of(shown, extent)
        if periods:
            masks = period_masks(points.frame["event_date"], periods)
            for ax, period, mask in zip(axes, periods, masks, strict=True):
                subset = points.subset(mask)
                panel.draw(ax, subset, furniture=ax is axes[0])
                ax.set_title(f"{period.title} ({len(subset):,})", fontsize=8, loc="left", pad=3)
        else:
            panel.draw(axes[0], points, furniture=True)
            if not len(points):
                add_note(axes[0], self._empty_note())
        handles, labels = legend_handles(
            entries, len(panel.places), panel.circles > 0, panel.stacked,
            areas=int(points.areas.mask.sum()), reviewed=int(points.reviewed.sum()),
        )
        add_legend(fig, handles, labels, layout.legend_anchor, layout.legend_cols)
        subtitle = self._subtitle(entries)
        add_title_block(fig, self.title, subtitle, layout.title_top)
        fig.set_label(subtitle)  # the file's description metadata (_save_atomically)
        add_source_line(fig, self._source_line(extent, panel.tiles_credit, len(dated),
                                                 panel.cities))
        return fig

    def _subtitle(self, entries: list) -> str:
        counts = Counts.of(self.shown)
        first = self.selection.date_from or counts.first
        last = self.selection.date_to or counts.last
        parts = [dates_text(first, last), summary(counts)]
        if self.selection.types:
            parts.append("types: " + ", ".join(self.selection.types))
        if self.facet:
            parts.append(f"one panel per {self.facet}")
        return "  ·  ".join(parts)

    def _empty_note(self) -> str:
        if self.selection != Selection():
            return "No incidents match these types, dates and area"
        return "No incidents to show"

    def _source_line(self, extent: MapExtent, tiles_credit: str | None, n_dated: int,
                     cities: int = 0) -> str:
        parts = [sources_summary(self.shown), ATTRIBUTION]
        if cities:
            parts.append(CITIES_ATTRIBUTION)
        if tiles_credit:
            parts.append(tiles_credit)
        parts.append(f"Projection: {extent.crs_label}")
        if self.facet and len(self.shown) - n_dated:
            parts.append(f"{len(self.shown) - n_dated:,} undated incident(s) not in any panel")
        return ".  ".join(parts) + "."


class _PanelPainter:
    """Draws one map panel: basemap, uncertainty, places, incidents, labels, furniture."""

    def __init__(self, plan: MapPlan, extent: MapExtent, n_points: int, small: bool) -> None:
        self.plan = plan
        self.extent = extent
        self.basemap = Basemap.for_extent(extent)
        self.places = ProjectedPlaces.of(plan.places, extent)
        self.area = marker_area(n_points) * (0.6 if small else 1.0)
        self.small = small
        self.circles = 0
        self.areas = 0
        self.cities = 0
        self.stacked = False
        self.tiles_credit: str | None = None

    def draw(self, ax: Axes, points: ProjectedIncidents, *, furniture: bool) -> None:
        ext = self.extent
        ax.set_xlim(ext.xmin, ext.xmax)
        ax.set_ylim(ext.ymin, ext.ymax)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_edgecolor("#777777")
            spine.set_linewidth(0.6)
        if self.plan.tiles and self.tiles_credit != "":
            self.tiles_credit = add_web_tiles(ax, ext) or ""
        self.basemap.draw(ax, tiled=bool(self.tiles_credit))
        ax.set_xlabel("")
        ax.set_ylabel("")
        self.areas += draw_areas(ax, points, ext)
        self.circles += draw_uncertainty(ax, points, ext)
        draw_places(ax, self.places)
        markers = draw_incidents(ax, points, self.area, _units_per_point(ax, ext))
        self.stacked = self.stacked or bool(markers and markers.stacked)
        ax.set_xlim(ext.xmin, ext.xmax)
        ax.set_ylim(ext.ymin, ext.ymax)
        placer = LabelPlacer(ax, ax.figure.canvas.get_renderer())
        fx = (np.concatenate([points.x, self.places.x]) - ext.xmin) / ext.width
        fy = (np.concatenate([points.y, self.places.y]) - ext.ymin) / ext.height
        if furniture:  # in a corner no marker is in, and kept free of labels
            bar = free_corner(SCALE_BAR_BOXES, fx, fy)
            arrow = free_corner(NORTH_ARROW_BOXES, fx, fy)
            add_scale_bar(ax, ext, fontsize=6 if self.small else 7, compact=self.small,
                          corner=bar)
            add_north_arrow(ax, ext, fontsize=7 if self.small else 9, corner=arrow)
            placer.block_axes_fraction(*SCALE_BAR_BOXES[bar])
            placer.block_axes_fraction(*NORTH_ARROW_BOXES[arrow])
        if markers is not None:  # no label on a marker
            radius = np.sqrt(markers.area * markers.scale) / 2 * ax.figure.dpi / 72
            placer.block_points(markers.x, markers.y, radius_px=radius)
        self._labels(placer)

    def _labels(self, placer: LabelPlacer) -> None:
        places = self.places
        placer.block_points(places.x, places.y, radius_px=3.0)
        style = LabelStyle(fontsize=5.5 if self.small else 7.5)
        for name, x, y in list(zip(places.names, places.x, places.y, strict=True))[
            :MAX_PLACE_LABELS
        ]:
            placer.place(name, float(x), float(y), style)
        country = LabelStyle(
            fontsize=7 if self.small else 10, color=COUNTRY_LABEL, weight="bold", halo=False
        )
        for label in self.basemap.labels:  # moved off a marker rather than over it
            placer.place(label.name.upper(), label.x, label.y, country, offsets=COUNTRY_SPOTS)
        self.cities += draw_cities(placer.ax, placer, self.extent, small=self.small)


class _Layout:
    """Where the title, map panels, legend and source line go on the figure (inches -> fraction)."""

    SIDE, TITLE, SOURCE, ROW, GAP, HEADING = 0.3, 0.85, 0.35, 0.2, 0.15, 0.22

    def __init__(self, fig: Figure, n_legend: int) -> None:
        self.fig = fig
        self.w, self.h = fig.get_figwidth(), fig.get_figheight()
        self.legend_cols = max(1, min(n_legend, int(self.w // 2.4)))
        rows = -(-n_legend // self.legend_cols)
        self.legend_h = rows * self.ROW + 0.2
        self.bottom = self.SOURCE + self.legend_h
        self.top = self.h - self.TITLE
        self.title_top = 1 - 0.25 / self.h
        self.legend_anchor = (0.5, self.bottom / self.h - 0.08 / self.h)

    @property
    def area_aspect(self) -> float:
        return (self.w - 2 * self.SIDE) / max(self.top - self.bottom, 0.5)

    def single(self) -> Axes:
        return self._axes(self.SIDE, self.bottom, self.w - 2 * self.SIDE, self.top - self.bottom)

    def grid(self, rows: int, cols: int, n: int) -> list[Axes]:
        cell_w = (self.w - 2 * self.SIDE + self.GAP) / cols
        cell_h = (self.top - self.bottom) / rows
        axes = []
        for i in range(n):
            r, c = divmod(i, cols)
            x = self.SIDE + c * cell_w
            y = self.top - (r + 1) * cell_h
            axes.append(self._axes(x, y, cell_w - self.GAP, cell_h - self.HEADING))
        return axes

    def _axes(self, x: float, y: float, w: float, h: float) -> Axes:
        if w <= 0.2 or h <= 0.2:
            raise MapOptionError(
                f"the figure size {self.w:g}x{self.h:g} in is too small for this map;"
                " give a larger --size"
            )
        return self.fig.add_axes((x / self.w, y / self.h, w / self.w, h / self.h))


def _units_per_point(ax: Axes, extent: MapExtent) -> float:
    """Map units per typographic point across the panel (the panel's aspect matches the map)."""
    return extent.width / (ax.get_position().width * ax.figure.get_figwidth() * 72)


def _aspect(ax: Axes) -> float:
    box = ax.get_position()
    fig = ax.figure
    return (box.width * fig.get_figwidth()) / (box.height * fig.get_figheight())


def _check_frame(incidents: gpd.GeoDataFrame) -> None:
    if not isinstance(incidents, gpd.GeoDataFrame):
        raise MapOptionError("incidents must be a GeoDataFrame in the incident schema")
    missing = [c for c in REQUIRED_COLUMNS if c not in incidents.columns]
    if missing:
        raise MapOptionError(
            f"incident frame lacks column(s) {', '.join(missing)};"
            " build it with geo.incidents.schema.incidents_frame"
        )


def _check_figure(dpi: int, size: tuple[float, float]) -> None:
    if not 10 <= int(dpi) <= 1200:
        raise MapOptionError(f"dpi {dpi} is out of range; use 10 to 1200")
    if len(size) != 2 or not all(np.isfinite(v) and 2 <= v <= 60 for v in size):
        raise MapOptionError(f"size {size} is not WxH inches with each side from 2 to 60")


def _save_atomically(fig: Figure, out: Path, fmt: str, dpi: int) -> None:
    """Draw into a temporary file beside ``out`` and move it into place."""
    with atomic_path(out) as tmp:
        described = {"png": "Description", "svg": "Description", "pdf": "Subject"}[fmt]
        metadata = {**_METADATA[fmt], described: fig.get_label() or None}
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)
