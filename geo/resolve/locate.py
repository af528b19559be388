"""Where a draft's event lies: its resolved place, moved and widened by the words around it.

"Several kilometers from the Al-Asad Air Base" keeps the base's point but widens the radius
and lowers the geo precision to 2; "10 km south of X" moves the point 10 km south; "eastern
Syria" is the eastern third of Syria's Natural Earth polygon, precision 3. Nothing here pretends
to a pin the text does not give.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gazetteer.borders import SOURCE as BORDERS_SOURCE
from gazetteer.borders import country_part_shape
from gazetteer.geodesy import destination, distance_km
from gazetteer.place import AREA_KINDS, Place
from geo.incidents.draft import Draft

NEAR_KM = 10.0  # "near X", "outside X"
OFF_KM = 60.0  # "off Hodeidah": at sea, no distance given (a working radius, not a datum)
DIRECTION_KM = 30.0  # "south of X" without a distance
BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315,
            "northnortheast": 22.5, "eastnortheast": 67.5, "eastsoutheast": 112.5,
            "southsoutheast": 157.5, "southsouthwest": 202.5, "westsouthwest": 247.5,
            "westnorthwest": 292.5, "northnorthwest": 337.5}


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float
    note: str = ""


def _base_precision(place: Place) -> int:
    if place.kind == "country":
        return 4
    return 3 if place.kind in AREA_KINDS else 1


def locate(draft: Draft, place: Place) -> Location:
    """The event's location from the place it was resolved to and the draft's relation."""
    radius = place.uncertainty_m / 1000.0
    precision = _base_precision(place)
    area = place.kind in AREA_KINDS
    if draft.relation == "distance" and draft.relation_km:
        km = draft.relation_km
        if draft.direction in BEARINGS:
            lat, lon = destination(place.lat, place.lon, BEARINGS[draft.direction], km)
            return Location(lat, lon, max(precision, 2), radius + km * 0.5,
                            f"{km:g} km {draft.direction} of {place.name}")
        return Location(place.lat, place.lon, max(precision, 2), radius + km,
                        f"within {km:g} km of {place.name}")
    if draft.relation == "direction":
        return Location(place.lat, place.lon, max(precision, 3 if area else 2),
                        radius + DIRECTION_KM, f"{draft.direction} of {place.name}")
    if draft.relation == "off":
        return Location(place.lat, place.lon, max(precision, 2), radius + OFF_KM,
                        f"at sea off {place.name}")
    if draft.relation == "near":
        return Location(place.lat, place.lon, max(precision, 3 if area else 2),
                        radius + NEAR_KM, f"near {place.name}")
    if draft.relation == "part" and place.kind == "country" and draft.direction:
        part = country_part(place.country, draft.direction)
        if part is not None:
            lat, lon, km = part
            return Location(lat, lon, 3, km,
                            f"{draft.direction} part of {place.name} ({BORDERS_SOURCE})")
    if draft.relation == "part":
        return Location(place.lat, place.lon, max(precision, 3), radius,
                        f"{draft.direction} part of {place.name}")
    return Location(place.lat, place.lon, precision, radius)


@lru_cache(maxsize=256)
def country_part(iso: str, direction: str) -> tuple[float, float, float] | None:
    """(lat, lon, radius_km) of a third of a country's polygon: "east", "northeast", "central".

    The part is ``gazetteer.borders.country_part_shape`` (thirds of the bounding box); its
    representative point is the location and its extent the radius.
    """
    part = country_part_shape(iso, direction)
    if part is None:
        return None
    point = part.representative_point()
    pminx, pminy, pmaxx, pmaxy = part.bounds
    corners = [(pminx, pminy), (pminx, pmaxy), (pmaxx, pminy), (pmaxx, pmaxy)]
    radius = max(distance_km(point.y, point.x, y, x) for x, y in corners)
    return point.y, point.x, radius
