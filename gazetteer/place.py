"""The place record and the candidate answer a look-up returns."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace

KINDS: tuple[str, ...] = (
    "airbase",
    "military_base",
    "oil_field",
    "gas_field",
    "airport",
    "border_crossing",
    "city",
    "town",
    "village",
    "admin1",
    "country",
    "region",
)

#: Kinds that are facilities (sites) rather than settlements or areas.
SITE_KINDS = frozenset(
    {"airbase", "military_base", "oil_field", "gas_field", "airport", "border_crossing"}
)
#: Kinds that are areas: a point for them is a centroid, not a location.
AREA_KINDS = frozenset({"admin1", "country", "region"})
#: The name of a body of water ("Red Sea", "Gulf of Aden", "Bab el-Mandeb"): a region at sea.
WATER = re.compile(r"\b(?:sea|gulf|strait|straits|bay|ocean|channel|bab[- ]el[- ]mandeb)\b",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry (DESIGN.md, Records)."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    uncertainty_m: float
    source: str
    alt_names: tuple[str, ...] = ()
    admin1: str = ""
    geonames_id: int | None = None
    notes: str = ""
    tier: str = "curated"  # "curated", "geonames", or a geocoder's name
    population: int = 0  # known for GeoNames places; breaks ties between equal matches

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.alt_names)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["alt_names"] = list(self.alt_names)
        return d


@dataclass(frozen=True)
class Candidate:
    """A place proposed for a query, with how it was found."""

    place: Place
    score: float  # 0..100
    match: str  # "exact", "key", "fuzzy", "geocoder"
    matched_name: str  # the name (as stored) that matched
    tier: str
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        p = self.place
        return {
            "id": p.id,
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "kind": p.kind,
            "country": p.country,
            "admin1": p.admin1,
            "uncertainty_m": p.uncertainty_m,
            "score": round(self.score, 1),
            "match": self.match,
            "matched_name": self.matched_name,
            "tier": self.tier,
            "source": p.source,
            "geonames_id": p.geonames_id,
        }


#: A region known only by its capital ("Kharkiv oblast" where the gazetteer lacks the oblast) is
#: placed at the capital with this radius, at region precision.
REGION_KM = 75.0
REGION_SUFFIX = "-region"


def as_region(place: Place) -> Place:
    """``place`` (a city) standing for the region named after it."""
    return replace(place, id=f"{place.id}{REGION_SUFFIX}", name=f"{place.name} region",
                   kind="admin1", uncertainty_m=max(place.uncertainty_m, REGION_KM * 1000.0),
                   notes="the region named after this city, located at the city")
