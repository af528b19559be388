"""First-level divisions (states, provinces, oblasts, governorates) as places of the offline tier.

Read from the data files of the ``countrystatecity-countries`` package (the
countries-states-cities database, ODbL): each country's ``states.json`` (name, type, point,
ISO 3166-2 code, native name) and each state's ``cities.json`` (its cities' points). A state is
one place, kind "admin1", id ``admin1-<CC>-<code>``, at the package's own point. Its radius is
how far its own cities reach: the distance from the point within which RADIUS_SHARE of them lie
(at least MIN_RADIUS_KM). No coordinate is made up: a state without a point is left out.

A state is matched to its GeoNames admin1 code by the vote of its cities that lie where a
GeoNames city lies (same country, same point to 0.01°), so it carries the admin1 name that
GeoNames cities carry, and takes the names reports use: GeoNames' name of the division and,
with a generic word ("Kharkiv Oblast", "Marib governorate"), its capital's (the largest
GeoNames city of the division, or of the country within its radius, whose name is the
division's, as Kharkiv is of Kharkivska). A name made of qualifier words alone ("Northern",
"Centre") is no name a look-up can tell from a direction: it is left out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata, resources

from rapidfuzz import fuzz

from gazetteer.geodesy import distance_km
from gazetteer.normalize import generic_only, key_of, name_key
from gazetteer.qualifiers import QUALIFIERS

PACKAGE = "countrystatecity_countries"
DISTRIBUTION = "countrystatecity-countries"
RADIUS_SHARE = 0.9  # the radius holds this share of a state's cities
MIN_RADIUS_KM = 10.0
NO_CITY_RADIUS_KM = 50.0  # a state none of whose cities the package lists
CAPITAL_POOL = 25  # a division's largest cities looked at for its capital
CAPITAL_ELSEWHERE = 50_000  # a city this big within its radius, outside its code ("Kyiv")
CITY_NAMES = 8  # a city's names looked at
SIMILAR = 85.0  # a city's key this like a division's (rapidfuzz ratio) names it
#: words that a state's type is written with after its name ("Rakhine State")
TYPE_WORDS = {"state": "State", "region": "Region", "province": "Province",
              "governorate": "Governorate", "oblast": "Oblast", "division": "Division"}
#: types of division that reports also call a region or a province (a city is not)
PROVINCE_TYPES = frozenset({"state", "region", "province", "governorate", "oblast",
                            "division", "department", "prefecture", "republic", "territory",
                            "autonomous region", "administrative region", "autonomous republic",
                            "autonomous province", "county"})
#: countries whose regions are oblasts; Myanmar's regions were divisions until 2008
OBLAST_COUNTRIES = frozenset({"UA", "RU", "BY", "KZ", "KG", "BG"})
LOCAL_GENERIC = ("Iqlim ", "Muhafazat ", "Wilayat ", "Provincia de ", "Province de ",
                 "Région de ", "Region de ", "Departamento de ", "Estado de ")


@dataclass
class State:
    """One division as the package gives it, with what is worked out for it."""

    country: str
    code: str
    name: str
    kind: str  # the package's type: "state", "region", "province", ...
    lat: float
    lon: float
    native: str = ""
    cities: list[tuple[float, float]] = field(default_factory=list)
    geonames_code: str = ""  # its GeoNames admin1 code, where its cities tell it
    radius_km: float = NO_CITY_RADIUS_KM
    within: int = 0  # how many of its cities lie within the radius
    capital: str = ""

    @property
    def place_id(self) -> str:
        return f"admin1-{self.country}-{self.code}"


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return ""


def _read(resource) -> list[dict]:
    with resource.open("rb") as fh:
        return json.load(fh)


def read_states() -> Iterator[State]:
    """Every state with a point, its cities' points attached (none if the package is absent)."""
    try:
        root = resources.files(PACKAGE) / "data" / "by-country"
        countries = sorted(p.name for p in root.iterdir())
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return
    for cc in countries:
        try:
            states = _read(root / cc / "states.json")
        except (FileNotFoundError, ValueError):
            continue
        for rec in states:
            try:
                lat, lon = float(rec["latitude"]), float(rec["longitude"])
            except (TypeError, ValueError, KeyError):
                continue  # no point: left out, never guessed
            state = State(cc, str(rec["state_code"]), rec["name"].strip(), rec.get("type") or "",
                          lat, lon, (rec.get("native") or "").strip())
            try:
                cities = _read(root / cc / "states" / state.code / "cities.json")
            except (FileNotFoundError, ValueError):
                cities = []
            state.cities = [(float(c["latitude"]), float(c["longitude"])) for c in cities
                            if c.get("latitude") and c.get("longitude")]
            yield state


def set_radius(state: State) -> None:
    """The distance from the point within which RADIUS_SHARE of its cities lie."""
    if not state.cities:
        return
    far = sorted(distance_km(state.lat, state.lon, lat, lon) for lat, lon in state.cities)
    reach = far[min(len(far) - 1, max(0, int(round(RADIUS_SHARE * len(far))) - 1))]
    state.radius_km = max(MIN_RADIUS_KM, reach)
    state.within = sum(d <= state.radius_km for d in far)


def _spot(country: str, lat: float, lon: float) -> tuple[str, int, int]:
    return country, round(lat * 100), round(lon * 100)


GeoCity = tuple[str, str, float, float, int, Sequence[str]]  # country, code, lat, lon, pop, names


def match_codes(states: Sequence[State], cities: Sequence[GeoCity]) -> None:
    """Each state's GeoNames admin1 code: the code most of its cities at a GeoNames city's
    point carry."""
    at = {_spot(c[0], c[2], c[3]): c[1] for c in cities if c[1]}
    for state in states:
        votes = Counter(code for lat, lon in state.cities
                        if (code := at.get(_spot(state.country, lat, lon))))
        if votes:
            state.geonames_code = votes.most_common(1)[0][0]


def _base(name: str) -> str:
    """A name without a local generic word before it ("Iqlim Kurdistan": Kurdistan)."""
    for prefix in LOCAL_GENERIC:
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            return name[len(prefix):]
    return name


@lru_cache(maxsize=1 << 16)
def _name_like(a: str, b: str) -> bool:
    """Whether two keys are one name ("harkiv" and "harkivska", "odesa" and "odeska")."""
    if not a or not b:
        return False
    if a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a))):
        return True
    return fuzz.ratio(a, b) >= SIMILAR


def _city_keys(names: Sequence[str]) -> set[str]:
    """The keys of a city's name and of its first alternate names in Latin script."""
    return {key_of(n) for n in (names[0], *(n for n in names[1:CITY_NAMES] if n.isascii()))}


def set_capitals(states: Sequence[State], cities: Sequence[GeoCity],
                 geonames_names: dict[tuple[str, str], str]) -> None:
    """The largest GeoNames city named as its division is (by any of its names), in the
    division's code, or in the country within the division's radius."""
    by_code: dict[tuple[str, str], list[GeoCity]] = {}
    by_country: dict[str, list[GeoCity]] = {}
    for c in sorted(cities, key=lambda c: -c[4]):  # largest first
        by_code.setdefault((c[0], c[1]), []).append(c)
        if c[4] >= CAPITAL_ELSEWHERE:
            by_country.setdefault(c[0], []).append(c)
    keyed: dict[int, set[str]] = {}
    for state in states:
        own = {key_of(_base(n)) for n in (state.name, geonames_names.get(
            (state.country, state.geonames_code), "")) if n}
        own.discard("")
        pool = [*by_code.get((state.country, state.geonames_code), ())[:CAPITAL_POOL],
                *(c for c in by_country.get(state.country, ())
                  if distance_km(state.lat, state.lon, c[2], c[3]) <= state.radius_km)]
        for city in sorted(pool, key=lambda c: -c[4]):
            keys = keyed.get(id(city))
            if keys is None:
                keys = keyed[id(city)] = _city_keys(city[5])
            if any(_name_like(key, k) for key in keys for k in own):
                state.capital = city[5][0]
                break


def _plain(name: str) -> bool:
    """A name a look-up can take: not generic words alone, nor a bare code, nor qualifier
    words alone unless a type word follows them ("Northern State", not "Northern")."""
    nk = name_key(name)
    words = nk.key.split()
    return bool(words) and len("".join(words)) >= 3 and not generic_only(name) and \
        (bool(nk.kind_hint) or not all(w in _qualifier_keys() for w in words))


@lru_cache(maxsize=1)
def _qualifier_keys() -> frozenset[str]:
    """The qualifier words and their keys ("centre" is keyed "centra")."""
    return QUALIFIERS | {key_of(q) for q in QUALIFIERS}


def _latin(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in _script(ch) for ch in text)


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    import unicodedata

    return unicodedata.name(ch, "")


def names_of(state: State, geonames_name: str) -> tuple[str, ...]:
    """The state's names, the one to show first: its own, GeoNames', a native one in its own
    script, and each with the word for its type; its capital's only with such a word (the
    bare name is the city's), as is a name made of qualifier words alone ("Northern State")."""
    bases = [_base(state.name)]
    if geonames_name and not geonames_name.isdigit():
        bases.append(geonames_name)
    native = state.native
    if native and not _latin(native):
        # the package sometimes puts a language tag or a stray word in Latin before it
        native = " ".join(w for w in native.split() if not _latin(w))
    elif native and key_of(native) != key_of(state.name):
        native = ""  # a Latin "native" name unlike the name is often a mistranslation
    words = [TYPE_WORDS.get(state.kind.lower(), "")]
    if state.kind.lower() in PROVINCE_TYPES:  # not a city's ("Kyiv Oblast" is not Kyiv's)
        words += ["Region", "Province"]
    if state.country in OBLAST_COUNTRIES and state.kind.lower() in PROVINCE_TYPES:
        words.append("Oblast")
    if state.country == "MM" and state.kind == "region":
        words.append("Division")
    capital = key_of(state.capital) if state.capital else ""
    bare = [state.name] + [b for b in bases if b == state.name or key_of(b) != capital]
    out: list[str] = [*bare, native]
    for base in [*bases, state.capital]:
        if base and not name_key(base).kind_hint:  # "Kachin State" is not typed again
            out += [f"{base} {w}" for w in words if w]
    seen: dict[str, None] = {}
    for name in out:
        name = " ".join(name.split())
        if name and name not in seen and (_plain(name) or (name == native and native)):
            seen[name] = None
    return tuple(seen)


def source_text(state: State, version: str) -> str:
    where = (f"radius: {state.within} of its {len(state.cities)} cities in the package "
             f"({RADIUS_SHARE:.0%}) lie within {state.radius_km:.0f} km of the point "
             f"(at least {MIN_RADIUS_KM:.0f} km)") if state.cities else (
        f"radius: no city of it in the package, {NO_CITY_RADIUS_KM:.0f} km assumed")
    return (f"countries-states-cities database (countrystatecity-countries {version}, ODbL): "
            f"{state.country}-{state.code} {state.name} ({state.kind}), point as given; {where}")


def build_states(cities: Iterable[GeoCity], geonames_names: dict[tuple[str, str], str]
                 ) -> list[State]:
    """Every state with its radius, GeoNames code and capital worked out."""
    cities = list(cities)
    states = list(read_states())
    for state in states:
        set_radius(state)
    match_codes(states, cities)
    set_capitals(states, cities, geonames_names)
    return states

