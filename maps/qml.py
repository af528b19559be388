"""QGIS layer styles (QML) built from the shared palette in :mod:`maps.style`.

Each function returns one QML document as text, ready for a GeoPackage ``layer_styles`` row or a
``.qml`` file beside a layer. The incidents and uncertainty styles carry temporal properties so
QGIS's Temporal Controller animates them with no set-up.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from maps.style import (
    AREA_COLOR,
    AREA_SYMBOL_FILL_OPACITY,
    LAYER_EXPRESSION,
    LAYER_SYMBOLS,
    PLACE_SYMBOL,
    REVIEWED_OUTLINE,
    REVIEWED_OUTLINE_WIDTH,
    UNCERTAINTY_COLOR,
    UNCERTAINTY_MAX_PRECISION,
    UNKNOWN_SYMBOL,
    Symbol,
)

QGIS_VERSION = "3.22.0"
MARKER_SIZE_MM = 3.0
OUTLINE = "#232323"
OUTLINE_MM = 0.3
#: A reviewed incident's outline (maps.style's width is in screen points; 1 pt = 0.35 mm).
REVIEWED_MM = round(REVIEWED_OUTLINE_WIDTH * 0.35, 2)
#: An incident located only to a region or a country: hollow (a pale fill) in its colour.
AREA_OUTLINE_MM = 0.6
#: The uncertainty layer is drawn as one image at this opacity, its fills opaque: a thousand
#: overlapping circles are no darker than one (fills translucent one by one would stack into
#: black discs at 10k incidents).
UNCERTAINTY_LAYER_OPACITY = 0.3
AREA_HATCH_SPACING_MM = 1.6
#: The circles' fill: opaque, pale (the layer's opacity does the rest).
UNCERTAINTY_FILL = "#b4b4b4"
REVIEWED_EXPRESSION = """coalesce("reviewed", 'machine') NOT IN ('machine', '')"""
AREA_EXPRESSION = f'coalesce("geo_precision", 1) > {UNCERTAINTY_MAX_PRECISION}'

#: QgsVectorLayerTemporalProperties mode: start and end from expressions.
TEMPORAL_START_END_FROM_EXPRESSIONS = 4
#: Qgis.VectorTemporalLimitMode: a feature ending at the frame's start is still shown.
TEMPORAL_INCLUDE_BEGIN_INCLUDE_END = 1


@dataclass(frozen=True)
class Temporal:
    """How QGIS places features in time: from ``start_field`` to ``end_field`` (or the start).

    QGIS 3.22 compares a Date field with the Temporal Controller's date-times as text, so the
    field modes never match a Date; expressions wrapping the fields in to_datetime() do. A
    missing end falls back to the start (a NULL end would mean "lasts for ever" to QGIS).
    """

    start_field: str = "event_date"
    end_field: str = "date_end"
    mode: int = TEMPORAL_START_END_FROM_EXPRESSIONS
    limit_mode: int = TEMPORAL_INCLUDE_BEGIN_INCLUDE_END

    @property
    def start_expression(self) -> str:
        return f'to_datetime("{self.start_field}")'

    @property
    def end_expression(self) -> str:
        return f'to_datetime(coalesce("{self.end_field}", "{self.start_field}"))'


def rgba(hex_color: str, opacity: float = 1.0) -> str:
    """'#rrggbb' -> QGIS 'r,g,b,a' with alpha 0-255."""
    value = hex_color.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(opacity * 255)}"


def _options(parent: ET.Element, values: dict[str, str]) -> None:
    box = ET.SubElement(parent, "Option", type="Map")
    for name, value in values.items():
        ET.SubElement(box, "Option", type="QString", name=name, value=value)


def _marker(name: str, symbol: Symbol, styled: bool = False) -> ET.Element:
    """A simple marker; ``styled`` adds the per-incident look: hollow for an area, a bold
    black outline once reviewed."""
    elem = ET.Element(
        "symbol", type="marker", name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    attrs = {"class": "SimpleMarker", "pass": "0", "locked": "0", "enabled": "1"}
    layer = ET.SubElement(elem, "layer", attrs)
    _options(
        layer,
        {
            "name": symbol.qgis_shape,
            "color": rgba(symbol.color),
            "outline_color": rgba(OUTLINE),
            "outline_style": "solid",
            "outline_width": str(OUTLINE_MM),
            "outline_width_unit": "MM",
            "size": str(MARKER_SIZE_MM),
            "size_unit": "MM",
            "angle": "0",
            "joinstyle": "bevel",
            "scale_method": "diameter",
            "vertical_anchor_point": "1",
            "horizontal_anchor_point": "1",
        },
    )
    if styled:
        _data_defined(layer, {
            "fillColor": f"CASE WHEN {AREA_EXPRESSION} THEN set_color_part(@symbol_color,"
                         f" 'alpha', {round(AREA_SYMBOL_FILL_OPACITY * 255)})"
                         " ELSE @symbol_color END",
            "outlineColor": f"CASE WHEN {REVIEWED_EXPRESSION} THEN '{rgba(REVIEWED_OUTLINE)}'"
                            f" WHEN {AREA_EXPRESSION} THEN set_color_part(@symbol_color,"
                            f" 'alpha', 255) ELSE '{rgba(OUTLINE)}' END",
            "outlineWidth": f"CASE WHEN {REVIEWED_EXPRESSION} THEN {REVIEWED_MM}"
                            f" WHEN {AREA_EXPRESSION} THEN {AREA_OUTLINE_MM}"
                            f" ELSE {OUTLINE_MM} END",
        })
    return elem


def _data_defined(layer: ET.Element, properties: dict[str, str]) -> None:
    """Symbol-layer properties computed per feature from QGIS expressions."""
    box = ET.SubElement(ET.SubElement(layer, "data_defined_properties"), "Option", type="Map")
    ET.SubElement(box, "Option", type="QString", name="name", value="")
    props = ET.SubElement(box, "Option", type="Map", name="properties")
    for name, expression in properties.items():
        prop = ET.SubElement(props, "Option", type="Map", name=name)
        ET.SubElement(prop, "Option", type="bool", name="active", value="true")
        ET.SubElement(prop, "Option", type="QString", name="expression", value=expression)
        ET.SubElement(prop, "Option", type="int", name="type", value="3")
    ET.SubElement(box, "Option", type="QString", name="type", value="collection")


def _fill(name: str, color: str, fill: str, outline: str) -> ET.Element:
    """A simple fill (``fill``: "solid" or "no") with an outline ("dash", "solid")."""
    elem = ET.Element(
        "symbol", type="fill", name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    attrs = {"class": "SimpleFill", "pass": "0", "locked": "0", "enabled": "1"}
    layer = ET.SubElement(elem, "layer", attrs)
    _options(
        layer,
        {
            "color": rgba(UNCERTAINTY_FILL),
            "style": fill,
            "outline_color": rgba(color),
            "outline_style": outline,
            "outline_width": "0.4",
            "outline_width_unit": "MM",
            "joinstyle": "bevel",
        },
    )
    return elem


def _hatch(elem: ET.Element, color: str) -> None:
    """Add diagonal lines (a line pattern fill) to a fill symbol."""
    attrs = {"class": "LinePatternFill", "pass": "0", "locked": "0", "enabled": "1"}
    layer = ET.SubElement(elem, "layer", attrs)
    _options(layer, {"angle": "45", "color": rgba(color), "distance": str(AREA_HATCH_SPACING_MM),
                     "distance_unit": "MM", "line_width": "0.3", "line_width_unit": "MM",
                     "offset": "0", "offset_unit": "MM"})
    line = ET.SubElement(layer, "symbol", type="line", name="@0@1", alpha="1",
                         clip_to_extent="1", force_rhr="0")
    simple = ET.SubElement(line, "layer", {"class": "SimpleLine", "pass": "0", "locked": "0",
                                           "enabled": "1"})
    _options(simple, {"line_color": rgba(color), "line_style": "solid", "line_width": "0.3",
                      "line_width_unit": "MM", "capstyle": "square", "joinstyle": "bevel"})


def _root(labels: bool = False) -> ET.Element:
    return ET.Element(
        "qgis",
        version=QGIS_VERSION,
        styleCategories="AllStyleCategories",
        labelsEnabled="1" if labels else "0",
        hasScaleBasedVisibilityFlag="0",
    )


def _temporal(parent: ET.Element, temporal: Temporal) -> None:
    elem = ET.SubElement(
        parent,
        "temporal",
        enabled="1",
        mode=str(temporal.mode),
        startField=temporal.start_field,
        endField=temporal.end_field,
        startExpression=temporal.start_expression,
        endExpression=temporal.end_expression,
        durationField="",
        durationUnit="min",
        fixedDuration="0",
        accumulate="0",
        limitMode=str(temporal.limit_mode),
    )
    fixed = ET.SubElement(elem, "fixedRange")
    ET.SubElement(fixed, "start")
    ET.SubElement(fixed, "end")


def _text(root: ET.Element) -> str:
    ET.indent(root)
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n" + ET.tostring(
        root, encoding="unicode"
    )


def _renderer(root: ET.Element, kind: str, **attrs: str) -> ET.Element:
    """The layer's ``renderer-v2`` element of the given type, with QGIS's usual defaults."""
    return ET.SubElement(root, "renderer-v2", type=kind, symbollevels="0", enableorderby="0",
                         forceraster="0", referencescale="-1", **attrs)


def incidents_qml(temporal: Temporal | None = None) -> str:
    """Incidents categorized by their layer (``event_type``, else ACLED's event type: shared
    colours and shapes, plus a fallback); hollow when located only to a region or country,
    outlined bold in black once a person reviewed them (as on the static and HTML maps)."""
    root = _root()
    _temporal(root, temporal or Temporal())
    renderer = _renderer(root, "categorizedSymbol", attr=LAYER_EXPRESSION)
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    entries = [*LAYER_SYMBOLS.items(), ("", UNKNOWN_SYMBOL)]  # "" = all other values
    for index, (value, symbol) in enumerate(entries):
        ET.SubElement(
            categories,
            "category",
            render="true",
            symbol=str(index),
            value=value,
            label=symbol.label,
        )
        symbols.append(_marker(str(index), symbol, styled=True))
    return _text(root)


def places_qml() -> str:
    """Places as the shared place symbol, labelled with their ``name``."""
    root = _root(labels=True)
    renderer = _renderer(root, "singleSymbol")
    symbols = ET.SubElement(renderer, "symbols")
    symbols.append(_marker("0", PLACE_SYMBOL))
    labeling = ET.SubElement(root, "labeling", type="simple")
    settings = ET.SubElement(labeling, "settings", calloutType="simple")
    style = ET.SubElement(
        settings,
        "text-style",
        fieldName="name",
        isExpression="0",
        fontSize="8",
        fontSizeUnit="Point",
        textColor=rgba(PLACE_SYMBOL.color),
        textOpacity="1",
        fontWeight="50",
        fontItalic="0",
    )
    ET.SubElement(
        style,
        "text-buffer",
        bufferDraw="1",
        bufferSize="0.7",
        bufferSizeUnits="MM",
        bufferColor="255,255,255,255",
        bufferOpacity="0.9",
    )
    ET.SubElement(
        settings,
        "placement",
        placement="6",
        dist="1.2",
        distUnits="MM",
        predefinedPositionOrder="TR,TL,BR,BL,R,L,TSR,BSR",
    )
    ET.SubElement(settings, "rendering", scaleVisibility="0", obstacle="1", drawLabels="1")
    return _text(root)


def uncertainty_qml(temporal: Temporal | None = None) -> str:
    """Uncertainty circles (geo precision 1-2) as light fills with a dashed outline; regions
    and countries an incident stands for (precision 3-4) hatched. The layer is drawn as one
    image at ``UNCERTAINTY_LAYER_OPACITY``, so overlaps never stack into dark discs."""
    root = _root()
    _temporal(root, temporal or Temporal())
    renderer = _renderer(root, "RuleRenderer")
    rules = ET.SubElement(renderer, "rules", key="{rules}")
    ET.SubElement(rules, "rule", key="{circle}", symbol="0", label="Location uncertainty",
                  filter=f"NOT ({AREA_EXPRESSION})")
    ET.SubElement(rules, "rule", key="{area}", symbol="1",
                  label="Region or country only (the area stands for the incident)",
                  filter=AREA_EXPRESSION)
    symbols = ET.SubElement(renderer, "symbols")
    symbols.append(_fill("0", UNCERTAINTY_COLOR, "solid", "dash"))
    area = _fill("1", AREA_COLOR, "no", "solid")
    _hatch(area, AREA_COLOR)
    symbols.append(area)
    ET.SubElement(root, "layerOpacity").text = str(UNCERTAINTY_LAYER_OPACITY)
    return _text(root)


def unresolved_qml() -> str:
    """The unresolved-mention table: shows the mention as each row's display name."""
    root = _root()
    ET.SubElement(root, "previewExpression").text = '"mention"'
    return _text(root)
