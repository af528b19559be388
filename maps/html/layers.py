"""Folium pieces of the HTML map: base layers, the lean map, and the in-browser incident layers."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import folium
import xyzservices.providers as xyz
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from maps.html.data import script_json

#: Plugin assets at the exact versions tests/assets/package.json pins.
SUPERCLUSTER = "https://cdn.jsdelivr.net/npm/supercluster@8.0.1/dist/supercluster.min.js"
LEAFLET_HEAT = "https://cdn.jsdelivr.net/npm/leaflet.heat@0.2.0/dist/leaflet-heat.js"
LEAFLET = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist"


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


def add_base_layers(fmap: folium.Map) -> None:
    """All base layers, the first shown; each carries its provider's attribution."""
    for i, base in enumerate(BASE_LAYERS):
        extra = {"subdomains": base.subdomains} if base.subdomains else {}
        folium.TileLayer(
            tiles=base.url,
            attr=base.attribution,
            name=base.name,
            max_zoom=base.max_zoom,
            show=i == 0,
            **extra,
        ).add_to(fmap)


class LeanMap(folium.Map):
    """A folium Map that links only Leaflet itself.

    The incident layers use no jQuery, Bootstrap or icon fonts, so the page loads (and works)
    with one CDN fewer to reach per library. Add folium's own ``Marker``/``Icon`` objects to a
    plain ``folium.Map`` instead if you need them.
    """

    default_js = [("leaflet", f"{LEAFLET}/leaflet.js")]
    default_css = [("leaflet_css", f"{LEAFLET}/leaflet.css")]


#: Our scripts, in load order (each only defines functions on window.GeoIncidents).
SCRIPTS = ("symbols.js", "canvas_layers.js", "controls.js", "incidents.js")


def _asset(name: str) -> str:
    text = files("maps.html").joinpath("assets", name).read_text(encoding="utf-8")
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RuntimeError(f"maps/html/assets/{name} must not contain a closing tag or a "
                           "comment opener")
    return text


class IncidentLayers(JSCSSMixin, MacroElement):
    """Embeds the data once and builds every incident layer in the browser (maps/html/assets)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.get_name() }}_data">{{ this.data }}</script>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = GeoIncidents.init(
            {{ this._parent.get_name() }},
            document.getElementById("{{ this.get_name() }}_data"),
            {
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

    default_js = [("supercluster", SUPERCLUSTER), ("leaflet.heat", LEAFLET_HEAT)]

    def __init__(
        self,
        data: dict,
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
        self.type_layers = type_layers
        self.places = places
        self.circles = circles
        self.heat = heat
        self.title_json = script_json(title)
        self.place_symbol_json = script_json(place_symbol)
        self.uncertainty_json = script_json(uncertainty)
        self.js = "\n".join(_asset(name) for name in SCRIPTS)
        self.css = _asset("incidents.css")
