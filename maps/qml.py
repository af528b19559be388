"""QGIS layer styles (QML) built from the shared palette in :mod:`maps.style`.

Each function returns one QML document as text, ready for a GeoPackage ``layer_styles`` row or a
``.qml`` file beside a layer. The incidents and uncertainty styles carry temporal properties so
QGIS's Temporal Controller animates them with no set-up.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from maps.style import (
    LAYER_EXPRESSION,
    LAYER_SYMBOLS,
    PLACE_SYMBOL,
    UNCERTAINTY_COLOR,
    UNCERTAINTY_FILL_OPACITY,
    UNKNOWN_SYMBOL,
    Symbol,
)

QGIS_VERSION = "3.22.0"
MARKER_SIZE_MM = 3.0
OUTLINE = "#232323"

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


def _marker(name: str, symbol: Symbol) -> ET.Element:
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
            "outline_width": "0.3",
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
    return elem


def _fill(name: str) -> ET.Element:
    elem = ET.Element(
        "symbol", type="fill", name=name, alpha="1", clip_to_extent="1", force_rhr="0"
    )
    attrs = {"class": "SimpleFill", "pass": "0", "locked": "0", "enabled": "1"}
    layer = ET.SubElement(elem, "layer", attrs)
    _options(
        layer,
        {
            "color": rgba(UNCERTAINTY_COLOR, UNCERTAINTY_FILL_OPACITY),
            "style": "solid",
            "outline_color": rgba(UNCERTAINTY_COLOR, 0.8),
            "outline_style": "dash",
            "outline_width": "0.4",
            "outline_width_unit": "MM",
            "joinstyle": "bevel",
        },
    )
    return elem


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
    colours and shapes, plus a fallback)."""
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
        symbols.append(_marker(str(index), symbol))
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
    """Uncertainty areas as translucent fills with a dashed outline."""
    root = _root()
    _temporal(root, temporal or Temporal())
    renderer = _renderer(root, "singleSymbol")
    symbols = ET.SubElement(renderer, "symbols")
    symbols.append(_fill("0"))
    return _text(root)


def unresolved_qml() -> str:
    """The unresolved-mention table: shows the mention as each row's display name."""
    root = _root()
    ET.SubElement(root, "previewExpression").text = '"mention"'
    return _text(root)
