"""One palette and symbol set for every output: HTML map, static map and QGIS styles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.incidents.schema import EVENT_TYPES

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Symbol:
    color: str  # hex "#rrggbb"
    marker: str  # matplotlib marker code
    qgis_shape: str  # QGIS simple-marker shape name
    label: str  # legend label


#: Event type -> symbol. Colours from a colour-blind-safe qualitative set (Okabe-Ito order).
EVENT_SYMBOLS: dict[str, Symbol] = {
    "drone attack": Symbol("#d55e00", "^", "triangle", "Drone attack"),
    "rocket attack": Symbol("#cc79a7", "o", "circle", "Rocket attack"),
    "missile attack": Symbol("#e69f00", "D", "diamond", "Missile attack"),
    "indirect fire": Symbol("#f0e442", "s", "square", "Indirect fire"),
    "airstrike": Symbol("#0072b2", "*", "star", "Airstrike"),
    "interception": Symbol("#009e73", "P", "cross_fill", "Interception / shoot-down"),
    "shelling": Symbol("#b8860b", "s", "square", "Shelling / artillery"),
    "IED": Symbol("#8b4513", "X", "cross_fill", "IED / landmine"),
    "suicide bombing": Symbol("#800000", "X", "cross_fill", "Suicide bombing"),
    "grenade attack": Symbol("#a0522d", "p", "pentagon", "Grenade attack"),
    "armed clash": Symbol("#56b4e9", "h", "hexagon", "Armed clash"),
    "attack on civilians": Symbol("#000000", "v", "triangle", "Attack on civilians"),
    "abduction": Symbol("#6a3d9a", "v", "triangle", "Abduction"),
    "other attack": Symbol("#7f7f7f", "o", "circle", "Other attack"),
}
assert set(EVENT_SYMBOLS) == set(EVENT_TYPES), "every event type needs a symbol"

#: ACLED events that none of our types fits (read from an ACLED export: protests, riots,
#: strategic developments...), drawn as their ACLED event type.
ACLED_SYMBOLS: dict[str, Symbol] = {
    "Battles": Symbol("#1f78b4", "h", "hexagon", "Battles (ACLED)"),
    "Explosions/Remote violence": Symbol("#a6761d", "o", "circle",
                                         "Explosions/remote violence (ACLED)"),
    "Violence against civilians": Symbol("#4d4d4d", "v", "triangle",
                                         "Violence against civilians (ACLED)"),
    "Protests": Symbol("#66a61e", "o", "circle", "Protests"),
    "Riots": Symbol("#e7298a", "s", "square", "Riots"),
    "Strategic developments": Symbol("#7570b3", "d", "diamond", "Strategic developments"),
}
#: Every layer a map draws: our event types, then ACLED's for rows none of ours fits.
LAYER_SYMBOLS: dict[str, Symbol] = {**EVENT_SYMBOLS, **ACLED_SYMBOLS}
#: The same choice as :func:`layer_types`, as a QGIS expression.
LAYER_EXPRESSION = """coalesce(nullif("event_type", ''), "acled_event_type")"""

#: For rows whose type is empty or unknown.
UNKNOWN_SYMBOL = Symbol("#555555", "x", "cross2", "Unknown type")

#: Places (bases, sites) are drawn the same way everywhere.
PLACE_SYMBOL = Symbol("#222222", "s", "square", "Bases and sites")

#: Uncertainty areas: outline colour and fill opacity.
UNCERTAINTY_COLOR = "#444444"
UNCERTAINTY_FILL_OPACITY = 0.08
#: Circles are drawn up to this ACLED geo precision; above it (3 region, 4 country) an incident
#: stands for an area (geo.incidents.areas), drawn as that area, never as a circle or a pin.
UNCERTAINTY_MAX_PRECISION = 2

#: Incidents located only to a region or a country: their area hatched, their symbol hollow
#: (a pale fill inside the type's colour) at the area's label point.
AREA_COLOR = "#6a5a8c"
AREA_FILL_OPACITY = 0.07
AREA_HATCH = "///"
AREA_SYMBOL_FILL_OPACITY = 0.3
AREA_LEGEND = "Region or country only: hatched area, hollow symbol"


#: Review states (geo/review) as every output words them; a reviewed incident's marker has a
#: bold outline, so an analyst's incidents stand apart from the machine's.
REVIEW_LABELS: dict[str, str] = {"machine": "Not reviewed", "confirmed": "Confirmed by an analyst",
                                 "changed": "Changed by an analyst"}
REVIEWED_OUTLINE = "#000000"
REVIEWED_OUTLINE_WIDTH = 2.5
REVIEWED_LEGEND = "Bold outline: reviewed by an analyst"


def symbol_for(event_type: str) -> Symbol:
    return LAYER_SYMBOLS.get(event_type, UNKNOWN_SYMBOL)


def layer_types(frame) -> pd.Series:
    """Each incident's map layer: its event type, else (an ACLED event none of our types fits)
    its ACLED event type, else "" (unknown)."""
    ours = frame["event_type"].fillna("").astype(str)
    if "acled_event_type" not in frame:
        return ours
    acled = frame["acled_event_type"].fillna("").astype(str)
    return ours.where(ours != "", acled.where(acled.isin(list(ACLED_SYMBOLS)), ""))
