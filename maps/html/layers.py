"""Folium pieces of the HTML map: base layers, the lean map, and the in-browser incident layers.

Every script the page runs is in the page: Leaflet (maps/html/libraries.py, from the installed
XStatic-Leaflet package, or linked from a CDN with integrity hashes when asked) and our own
layers (maps/html/assets: clustering, heat map, offline basemap, controls, popups).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import folium
import xyzservices.providers as xyz
from branca.element import Element, MacroElement
from folium.template import Template

from maps.html.data import script_json
from maps.html.libraries import Leaflet, inline_safe

#: The base layer drawn from data in the page; the tile layers below need the network.
OFFLINE_BASEMAP = "Offline basemap (Natural Earth)"


@dataclass(frozen=True)
class BaseLayer:
    name: str
    url: str
    attribution: str
    subdomains: str = "abc"
    max_zoom: int = 19


BASE_LAYERS: tuple[BaseLayer, ...] = (
    BaseLayer(
        "CartoDB light",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        xyz.CartoDB.Positron.html_attribution,
        "abcd",
        20,
    ),
    BaseLayer(
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        xyz.OpenStreetMap.Mapnik.html_attribution,
    ),
    BaseLayer(
        "CartoDB dark",
        "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}{r}.png",
        xyz.CartoDB.DarkMatter.html_attribution,
        "abcd",
        20,
    ),
    BaseLayer(
        "Esri World Imagery",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/"
        "{z}/{y}/{x}",
        xyz.Esri.WorldImagery.html_attribution,
        "",
        18,
    ),
)


def add_base_layers(fmap: folium.Map) -> folium.FeatureGroup:
    """The offline basemap (shown, filled in the browser) and the optional online tile layers
    (off until chosen; each carries its provider's attribution). Returns the offline one."""
    offline = folium.FeatureGroup(name=OFFLINE_BASEMAP, overlay=False, show=True).add_to(fmap)
    for base in BASE_LAYERS:
        extra = {"subdomains": base.subdomains} if base.subdomains else {}
        folium.TileLayer(
            tiles=base.url,
            attr=base.attribution,
            name=base.name + " (online)",
            max_zoom=base.max_zoom,
            show=False,
            **extra,
        ).add_to(fmap)
    return offline


class LeanMap(folium.Map):
    """A folium Map that brings in only Leaflet itself, inline or from a CDN with integrity.

    The incident layers use no jQuery, Bootstrap or icon fonts. Add folium's own
    ``Marker``/``Icon`` objects to a plain ``folium.Map`` instead if you need them.
    """

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def __init__(self, *args, cdn: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        leaflet = Leaflet.installed()
        self.get_root().header.add_child(Element(leaflet.head(cdn=cdn)), name="leaflet", index=0)


#: Our scripts, in load order (each only defines functions on window.GeoIncidents).
SCRIPTS = ("symbols.js", "cluster_index.js", "heat.js", "canvas_layers.js", "basemap.js",
           "areas.js", "controls.js", "incidents.js")


def _asset(name: str) -> str:
    text = files("maps.html").joinpath("assets", name).read_text(encoding="utf-8")
    return inline_safe(text, "style" if name.endswith(".css") else "script")


class IncidentLayers(MacroElement):
    """Embeds the data once and builds every incident layer in the browser (maps/html/assets)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_data">{{ this.data }}</script>
        <script type="application/json" id="{{ this.get_name() }}_base">{{ this.basemap }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = GeoIncidents.init(
            {{ this._parent.get_name() }},
            document.getElementById("{{ this.get_name() }}_data"),
            {
                basemap: {{ this.base_layer.get_name() }},
                basemapData: document.getElementById("{{ this.get_name() }}_base"),
                types: { {%- for key, layer in this.type_layers.items() %}
                    {{ key|tojson }}: {{ layer.get_name() }},{% endfor %} },
                places: {{ this.places.get_name() if this.places else "null" }},
                circles: {{ this.circles.get_name() if this.circles else "null" }},
                heat: {{ this.heat.get_name() if this.heat else "null" }},
                title: {{ this.title_json }},
                placeSymbol: {{ this.place_symbol_json }},
                uncertainty: {{ this.uncertainty_json }}
            }
        );
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict,
        basemap: dict,
        base_layer: folium.FeatureGroup,
        type_layers: dict[str, folium.FeatureGroup],
        places: folium.FeatureGroup | None,
        circles: folium.FeatureGroup | None,
        heat: folium.FeatureGroup | None,
        title: str,
        place_symbol: dict,
        uncertainty: dict,
    ) -> None:
        super().__init__()
        self._name = "IncidentLayers"
        self.data = script_json(data)
        self.basemap = script_json(basemap)
        self.base_layer = base_layer
        self.type_layers = type_layers
        self.places = places
        self.circles = circles
        self.heat = heat
        self.title_json = script_json(title)
        self.place_symbol_json = script_json(place_symbol)
        self.uncertainty_json = script_json(uncertainty)
        self.js = "\n".join(_asset(name) for name in SCRIPTS)
        self.css = _asset("incidents.css")
