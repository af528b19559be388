"""Turn a geocoder's raw results (Nominatim jsonv2, Photon GeoJSON, GeoNames JSON) into
gazetteer candidates: kind, country, uncertainty from the bounding box, and a 0-100 score.

Scores: Nominatim: 60 + 40 x importance (its 0-1 relevance; 0.5 when absent); Photon (no
relevance in its answer): 85; GeoNames: 75. Every service lists its best result first, so each
further position costs 5 points. Scores are clamped to 1-100.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gazetteer.geodesy import distance_km
from gazetteer.place import Candidate, Place

MIN_UNCERTAINTY_M = 100.0

#: Uncertainty when the service gives no bounding box (a point feature).
DEFAULT_UNCERTAINTY_M: dict[str, float] = {
    "country": 300_000.0, "admin1": 100_000.0, "region": 20_000.0, "city": 8_000.0,
    "town": 3_000.0, "village": 1_500.0, "airport": 2_000.0, "airbase": 2_000.0,
    "military_base": 1_000.0, "oil_field": 5_000.0, "gas_field": 5_000.0,
    "border_crossing": 500.0,
}

_PLACE_KINDS = {
    "city": "city", "town": "town", "village": "village", "hamlet": "village",
    "suburb": "town", "country": "country", "state": "admin1", "province": "admin1",
}
_OSM_TYPES = {"N": "node", "W": "way", "R": "relation"}


class BadAnswer(ValueError):
    """A result lacks what we need (coordinates, an id): the answer is not usable."""


def half_diagonal_m(minlat: float, maxlat: float, minlon: float, maxlon: float) -> float:
    """Half the geodesic diagonal of a bounding box, at least MIN_UNCERTAINTY_M."""
    return max(MIN_UNCERTAINTY_M, distance_km(minlat, minlon, maxlat, maxlon) * 1000.0 / 2)


def clamp_score(value: float) -> float:
    return max(1.0, min(100.0, value))


def osm_kind(category: str, osm_type: str, name: str, admin_level: Any = None,
             addresstype: str = "", place_rank: Any = None) -> str:
    """Our place kind from OSM's key/value (Nominatim's category/type, Photon's osm_key/value)."""
    category, osm_type = category.casefold(), osm_type.casefold()
    lowered = name.casefold()
    if "oil field" in lowered or "oilfield" in lowered:
        return "oil_field"
    if "gas field" in lowered or "gasfield" in lowered:
        return "gas_field"
    if category == "military":
        return "airbase" if osm_type in ("airfield", "airbase") else "military_base"
    if category == "landuse" and osm_type == "military":
        return "military_base"
    if category == "aeroway" and osm_type in ("aerodrome", "airport", "airstrip"):
        return "airbase" if "air base" in lowered or "airbase" in lowered else "airport"
    if category == "barrier" and osm_type == "border_control":
        return "border_crossing"
    if (category, osm_type) in (("man_made", "petroleum_well"), ("industrial", "oil")):
        return "oil_field"
    if category == "boundary" and osm_type == "administrative":
        level = _int_or_none(admin_level)
        rank = _int_or_none(place_rank)
        if level == 2 or addresstype == "country" or rank == 4:
            return "country"
        if level == 4 or addresstype in ("state", "province") or rank == 8:
            return "admin1"
        return "region"
    if category == "place":
        return _PLACE_KINDS.get(osm_type, "region")
    return "region"


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(item: Mapping[str, Any], key: str) -> float:
    try:
        value = float(item[key])
    except (KeyError, TypeError, ValueError):
        raise BadAnswer(f"a result has no usable {key!r}") from None
    if value != value:  # NaN
        raise BadAnswer(f"a result has no usable {key!r}")
    return value


def _check_coords(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadAnswer(f"a result lies off the globe (lat {lat}, lon {lon})")


def _uncertainty(bbox: list[float] | None, kind: str) -> float:
    if bbox is None:
        return DEFAULT_UNCERTAINTY_M.get(kind, 10_000.0)
    return half_diagonal_m(*bbox)


def nominatim_candidate(item: Mapping[str, Any], position: int, tier: str,
                        source: str) -> Candidate:
    lat, lon = _float(item, "lat"), _float(item, "lon")
    _check_coords(lat, lon)
    if "osm_type" not in item or "osm_id" not in item:
        raise BadAnswer("a result has no osm_type/osm_id")
    address = item.get("address") or {}
    display = str(item.get("display_name") or item.get("name") or "")
    name = str(item.get("name") or display.split(",")[0]).strip()
    extratags = item.get("extratags") or {}
    kind = osm_kind(
        str(item.get("category") or item.get("class") or ""), str(item.get("type") or ""),
        name, extratags.get("admin_level"), str(item.get("addresstype") or ""),
        item.get("place_rank"),
    )
    bbox = None
    box = item.get("boundingbox")
    if isinstance(box, list) and len(box) == 4:
        try:
            bbox = [float(v) for v in box]  # minlat, maxlat, minlon, maxlon
        except (TypeError, ValueError):
            bbox = None
    importance = item.get("importance")
    try:
        importance = float(importance)
    except (TypeError, ValueError):
        importance = 0.5
    place = Place(
        id=f"{tier}:{item['osm_type']}/{item['osm_id']}",
        name=name,
        kind=kind,
        country=str(address.get("country_code") or "").upper(),
        lat=lat,
        lon=lon,
        uncertainty_m=_uncertainty(bbox, kind),
        source=source,
        admin1=str(address.get("state") or address.get("province") or ""),
        notes=display,
        tier=tier,
    )
    score = clamp_score(60 + 40 * max(0.0, min(1.0, importance)) - 5 * position)
    return Candidate(place, score, "geocoder", display, tier)


def photon_candidate(feature: Mapping[str, Any], position: int, tier: str,
                     source: str) -> Candidate:
    props = feature.get("properties") or {}
    coords = (feature.get("geometry") or {}).get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2:
        raise BadAnswer("a feature has no point coordinates")
    lon, lat = _float({"lon": coords[0]}, "lon"), _float({"lat": coords[1]}, "lat")
    _check_coords(lat, lon)
    if "osm_id" not in props:
        raise BadAnswer("a feature has no osm_id")
    name = str(props.get("name") or "").strip()
    kind = osm_kind(str(props.get("osm_key") or ""), str(props.get("osm_value") or ""), name)
    if kind == "region" and props.get("type") in ("city", "country", "state"):
        kind = {"city": "city", "country": "country", "state": "admin1"}[props["type"]]
    bbox = None
    extent = props.get("extent")
    if isinstance(extent, list) and len(extent) == 4:  # minlon, maxlat, maxlon, minlat
        try:
            minlon, maxlat, maxlon, minlat = (float(v) for v in extent)
            bbox = [minlat, maxlat, minlon, maxlon]
        except (TypeError, ValueError):
            bbox = None
    parts = [name, props.get("city"), props.get("state"), props.get("country")]
    display = ", ".join(dict.fromkeys(str(p) for p in parts if p))
    osm_type = _OSM_TYPES.get(str(props.get("osm_type") or ""), str(props.get("osm_type")))
    place = Place(
        id=f"{tier}:{osm_type}/{props['osm_id']}",
        name=name or display,
        kind=kind,
        country=str(props.get("countrycode") or "").upper(),
        lat=lat,
        lon=lon,
        uncertainty_m=_uncertainty(bbox, kind),
        source=source,
        admin1=str(props.get("state") or ""),
        notes=display,
        tier=tier,
    )
    return Candidate(place, clamp_score(85 - 5 * position), "geocoder", display, tier)


_GEONAMES_KINDS = {
    "PCLI": "country", "PCL": "country", "ADM1": "admin1", "AIRP": "airport", "AIRB": "airbase",
    "AIRF": "airbase", "MILB": "military_base", "INSM": "military_base", "OILF": "oil_field",
    "GASF": "gas_field", "PSTB": "border_crossing", "PPLC": "city", "PPLA": "city",
}


def geonames_kind(fcl: str, fcode: str, population: Any) -> str:
    if fcode in _GEONAMES_KINDS:
        return _GEONAMES_KINDS[fcode]
    if fcl == "P":
        people = _int_or_none(population) or 0
        return "city" if people >= 100_000 else "town" if people >= 10_000 else "village"
    return "region"


def geonames_candidate(item: Mapping[str, Any], position: int, tier: str,
                       source: str) -> Candidate:
    lat, lon = _float(item, "lat"), _float(item, "lng")
    _check_coords(lat, lon)
    if "geonameId" not in item:
        raise BadAnswer("a result has no geonameId")
    kind = geonames_kind(str(item.get("fcl") or ""), str(item.get("fcode") or ""),
                         item.get("population"))
    bbox = None
    box = item.get("bbox")
    if isinstance(box, dict):
        try:
            bbox = [float(box["south"]), float(box["north"]), float(box["west"]),
                    float(box["east"])]
        except (KeyError, TypeError, ValueError):
            bbox = None
    name = str(item.get("name") or item.get("toponymName") or "")
    display = ", ".join(str(p) for p in (name, item.get("adminName1"), item.get("countryName"))
                        if p)
    place = Place(
        id=f"{tier}:{item['geonameId']}",
        name=name,
        kind=kind,
        country=str(item.get("countryCode") or "").upper(),
        lat=lat,
        lon=lon,
        uncertainty_m=_uncertainty(bbox, kind),
        source=source,
        admin1=str(item.get("adminName1") or ""),
        geonames_id=_int_or_none(item.get("geonameId")),
        notes=display,
        tier=tier,
    )
    return Candidate(place, clamp_score(75 - 5 * position), "geocoder", display, tier)


CandidateMaker = Callable[[Mapping[str, Any], int, str, str], Candidate]


def to_candidates(raw: list[Any], make: CandidateMaker, tier: str, source: str) -> list[Candidate]:
    """Candidates from a stored raw answer, best first; BadAnswer if any result is unusable."""
    if not isinstance(raw, list):
        raise BadAnswer("the answer is not a list of results")
    out = []
    for position, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise BadAnswer("a result is not a JSON object")
        out.append(make(item, position, tier, source))
    return out
