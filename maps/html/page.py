"""The interactive HTML map (folium): one shareable file, layered, filterable in time, sourced.

>>> from maps.html.page import render_html
>>> render_html(incidents, "map.html", places=places, title="Attacks on US forces")

The page is self-contained: Leaflet, our layers and an offline basemap (Natural Earth land,
borders, country and city names) are inside it, so it opens with no network; online tiles are
optional base layers. ``cdn=True`` links Leaflet from a CDN with integrity hashes instead.

The incident data is embedded once as compact arrays; clusters, per-type overlays, the heat map,
uncertainty circles, the time control and popups are built in the browser (maps/html/assets), so a
map of 100k incidents stays small and quick. All text from the data is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path

import folium
import geopandas as gpd

from gazetteer.atomic import write_text
from geo.errors import UserError
from geo.incidents.counts import default_title
from maps.html.basemap import basemap_payload
from maps.html.data import MissingColumns, incident_payload, place_payload
from maps.html.layers import IncidentLayers, LeanMap, add_base_layers
from maps.style import (
    PLACE_SYMBOL,
    UNCERTAINTY_COLOR,
    UNCERTAINTY_FILL_OPACITY,
    UNCERTAINTY_MAX_PRECISION,
)

#: Where an empty map opens: Iraq and Syria.
DEFAULT_CENTER = (34.0, 41.0)


def _overlay_label(label: str, count: int, color: str | None = None) -> str:
    """Layer-control label (Leaflet shows it as HTML; every part here is our own vocabulary)."""
    swatch = (
        f'<span style="display:inline-block;width:10px;height:10px;border-radius:2px;'
        f'background:{color};border:1px solid #333;margin-right:4px"></span>'
        if color
        else ""
    )
    return f"{swatch}{html.escape(label)} ({count:,})"


def _bounds(data: dict, places: list[dict]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the mapped incidents and places, or None."""
    lats = list(data["lat"]) + [p["lat"] for p in places]
    lons = list(data["lon"]) + [p["lon"] for p in places]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def build_map(
    incidents: gpd.GeoDataFrame,
    places: gpd.GeoDataFrame | None = None,
    title: str | None = None,
    cdn: bool = False,
) -> folium.Map:
    """A folium Map of incidents (incident schema) and optionally places (place schema).

    Rows without a usable geometry are left off the map and counted as "not located".
    ``cdn`` links Leaflet from a CDN (with integrity hashes) instead of carrying it inline.
    Raises UserError when a frame lacks schema columns.
    """
    try:
        data = incident_payload(incidents)
        place_data = place_payload(places)
    except MissingColumns as exc:
        raise UserError(str(exc)) from None
    data["places"] = place_data
    meta = data["meta"]
    title = (title or "").strip() or default_title(incidents)

    bounds = _bounds(data, place_data)
    fmap = LeanMap(location=DEFAULT_CENTER, zoom_start=5, tiles=None, control_scale=True, cdn=cdn)
    fmap.get_root().title = html.escape(_page_title(title, data))
    offline = add_base_layers(fmap)
    lonlat = (bounds[0][1], bounds[0][0], bounds[1][1], bounds[1][0]) if bounds else None
    type_layers = {
        t["key"]: folium.FeatureGroup(
            name=_overlay_label(t["label"], t["count"], t["color"]), show=True
        ).add_to(fmap)
        for t in meta["types"]
        if t["count"]
    }
    n_circles = meta["uncertain"]
    circles = (
        folium.FeatureGroup(name=_overlay_label("Uncertainty areas", n_circles)).add_to(fmap)
        if n_circles
        else None
    )
    place_layer = (
        folium.FeatureGroup(name=_overlay_label(PLACE_SYMBOL.label, len(place_data))).add_to(fmap)
        if place_data
        else None
    )
    heat = (
        folium.FeatureGroup(name="Heat map", show=False).add_to(fmap) if meta["located"] else None
    )
    IncidentLayers(
        data,
        basemap_payload(lonlat),
        offline,
        type_layers,
        place_layer,
        circles,
        heat,
        title,
        {"color": PLACE_SYMBOL.color, "marker": PLACE_SYMBOL.marker, "label": PLACE_SYMBOL.label},
        {"color": UNCERTAINTY_COLOR, "fillOpacity": UNCERTAINTY_FILL_OPACITY,
         "maxPrecision": UNCERTAINTY_MAX_PRECISION},
    ).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    if bounds:
        # Room for the title (top), the time control (bottom left), layers and legend (right).
        fmap.fit_bounds(
            bounds, padding_top_left=(30, 90), padding_bottom_right=(240, 150), max_zoom=11
        )
    return fmap


def _page_title(title: str, data: dict) -> str:
    counts = data["meta"]["counts"]
    if not counts["first"]:
        return title
    return f"{title} ({counts['first']} to {counts['last']})"


def render_html(
    incidents: gpd.GeoDataFrame,
    path: str | Path,
    places: gpd.GeoDataFrame | None = None,
    title: str | None = None,
    cdn: bool = False,
) -> Path:
    """Write the interactive map of incidents (and places) to path as one HTML file.

    The file works offline; ``cdn=True`` makes it smaller by linking Leaflet from a CDN.
    """
    fmap = build_map(incidents, places=places, title=title, cdn=cdn)
    return write_text(path, fmap.get_root().render())
