"""Which events a run keeps: every violent event by default, narrowed by countries, a bounding
box or the parties involved. Scope is configuration (options, presets in geo/data/scopes.json),
never code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from geo.errors import UserError

#: Why a source gave no incident (shown per source in the CLI summary and report.md).
NO_EVENT = "no violent event found"
OUT_OF_SCOPE = "events found, all outside the chosen scope"
NO_PLACE = "events found, none with a place the gazetteer could locate"
NO_DATE = "events found, none with a usable date"


@dataclass(frozen=True)
class Scope:
    """Countries (ISO alpha-2), a box (min lon, min lat, max lon, max lat), and party sides or
    actor names; an empty field does not narrow."""

    countries: frozenset[str] = frozenset()
    bbox: tuple[float, float, float, float] | None = None
    sides: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    name: str = ""

    @property
    def narrows_parties(self) -> bool:
        return bool(self.sides or self.actors)

    def place_ok(self, lat: float | None, lon: float | None, country: str) -> bool:
        """Whether a located place lies in scope (an unlocated one is not judged here)."""
        if self.countries and country and country.upper() not in self.countries:
            return False
        if self.bbox is not None and lat is not None and lon is not None:
            x0, y0, x1, y1 = self.bbox
            return x0 <= lon <= x1 and y0 <= lat <= y1
        return True

    def parties_ok(self, sides: set[str], names: set[str]) -> bool:
        if not self.narrows_parties:
            return True
        return bool(sides & self.sides) or bool(names & self.actors)

    def describe(self) -> str:
        parts = []
        if self.countries:
            parts.append("countries " + ",".join(sorted(self.countries)))
        if self.bbox is not None:
            parts.append("box " + ",".join(f"{v:g}" for v in self.bbox))
        if self.sides:
            parts.append("sides " + ",".join(sorted(self.sides)))
        if self.actors:
            parts.append(f"{len(self.actors)} actors")
        return (self.name + ": " if self.name else "") + ("; ".join(parts) or "everything")


EVERYTHING = Scope()


@lru_cache(maxsize=1)
def presets() -> dict[str, dict]:
    path = resources.files("geo") / "data" / "scopes.json"
    return json.loads(path.read_text(encoding="utf-8"))["scopes"]


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError:
        raise UserError(f"--bbox {text!r}: give min_lon,min_lat,max_lon,max_lat "
                        "(e.g. 38,29,49,38)") from None
    if not (-180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90):
        raise UserError(f"--bbox {text!r}: not a box in degrees (min before max, lon within "
                        "-180..180, lat within -90..90)")
    return x0, y0, x1, y1


def make_scope(preset: str = "", countries: str = "", bbox: str = "",
               actor_names: frozenset[str] = frozenset()) -> Scope:
    """A scope from a preset name and options; options given narrow the preset's fields."""
    base: dict = {}
    if preset:
        known = presets()
        if preset not in known:
            raise UserError(f"--scope {preset!r}: no such preset; known: {', '.join(known)}")
        base = known[preset]
    codes = [c.strip().upper() for c in countries.split(",") if c.strip()] or \
        list(base.get("countries", []))
    bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
    if bad:
        raise UserError(f"--countries: {', '.join(bad)} not ISO 3166 alpha-2 codes (e.g. IQ,SY)")
    box = parse_bbox(bbox) if bbox else (tuple(base["bbox"]) if base.get("bbox") else None)
    return Scope(frozenset(codes), box, frozenset(base.get("sides", [])), actor_names, preset)
