"""A checker for the RFC 7946 rules our GeoJSON promises; returns the broken rules as text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
MAX_DECIMALS = 7
GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def _positions(coords: Any) -> Iterator[list]:
    if coords and isinstance(coords[0], int | float):
        yield coords
    else:
        for part in coords:
            yield from _positions(part)


def _decimals(number: float, text: str | None) -> int:
    raw = text if text is not None else repr(number)
    return len(raw.split(".")[1]) if "." in raw and "e" not in raw.lower() else 0


def feature_problems(
    feature: dict, where: str, date_fields: tuple[str, ...], array_fields: tuple[str, ...]
) -> list[str]:
    problems = []
    if feature.get("type") != "Feature":
        problems.append(f"{where}: type is not 'Feature'")
    if "crs" in feature:
        problems.append(f"{where}: has a 'crs' member")
    props = feature.get("properties")
    if not isinstance(props, dict):
        return problems + [f"{where}: properties is not an object"]
    geometry = feature.get("geometry", "absent")
    if geometry == "absent":
        problems.append(f"{where}: no geometry member (null is allowed, absence is not)")
    elif geometry is not None:
        if geometry.get("type") not in GEOMETRY_TYPES:
            problems.append(f"{where}: geometry type {geometry.get('type')!r}")
        for lon, lat, *_ in _positions(geometry.get("coordinates") or []):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                problems.append(f"{where}: position {lon}, {lat} is not lon/lat in range")
            if max(_decimals(lon, None), _decimals(lat, None)) > MAX_DECIMALS:
                problems.append(f"{where}: more than {MAX_DECIMALS} decimals in {lon}, {lat}")
    for name in date_fields:
        value = props.get(name)
        if value is not None and not (isinstance(value, str) and ISO_DATE.match(value)):
            problems.append(f"{where}: {name}={value!r} is not ISO 8601")
    for name in array_fields:
        if not isinstance(props.get(name), list):
            problems.append(f"{where}: {name} is not a JSON array")
    return problems


def collection_problems(
    doc: dict,
    date_fields: tuple[str, ...] = ("event_date", "date_end"),
    array_fields: tuple[str, ...] = ("sources",),
) -> list[str]:
    """Broken rules in a parsed FeatureCollection: no crs, lon/lat, <= 7 decimals, ISO dates,
    the array fields as arrays, and a bbox (if any) of 4 numbers that holds every position."""
    problems = []
    if doc.get("type") != "FeatureCollection":
        problems.append("top level: type is not 'FeatureCollection'")
    if "crs" in doc:
        problems.append("top level: has a 'crs' member (RFC 7946 section 4)")
    features = doc.get("features")
    if not isinstance(features, list):
        return problems + ["top level: features is not an array"]
    for i, feature in enumerate(features):
        problems += feature_problems(feature, f"feature {i}", date_fields, array_fields)
    bbox = doc.get("bbox")
    if bbox is not None:
        if len(bbox) != 4:
            problems.append("top level: bbox does not have 4 numbers")
        else:
            west, south, east, north = bbox
            for f in features:
                for lon, lat, *_ in _positions((f.get("geometry") or {}).get("coordinates") or []):
                    if not (west <= lon <= east and south <= lat <= north):
                        problems.append(f"top level: bbox {bbox} misses {lon}, {lat}")
    return problems
