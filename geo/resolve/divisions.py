"""First-level divisions in the resolution chain.

A province named as such ("Rakhine State", "Kharkiv Oblast", "Marib governorate") is the
province, wherever the gazetteer holds it (curated, or the offline tier's divisions:
gazetteer/admin1_places.py), before the town it is named after; a bare name ("Kharkiv",
"Mopti") is the town before the province named after it, and a province is never a rival that
makes a town or a country ambiguous.
"""

from __future__ import annotations

from gazetteer.geodesy import distance_km
from gazetteer.normalize import name_key, tokens
from gazetteer.place import AREA_KINDS, Candidate, Place

#: the kinds of place a province named as such can be
DIVISION_KINDS = frozenset({"admin1", "region"})
SETTLEMENTS = frozenset({"city", "town", "village"})


def precision_of(place: Place) -> tuple[int, float]:
    """ACLED geo precision and uncertainty (km) of a place taken as it is."""
    km = place.uncertainty_m / 1000.0
    if place.kind == "country":
        return 4, km
    if place.kind in AREA_KINDS:
        return 3, km
    return 1, km


def named_divisions(found: list[Candidate], hint: str | None, accept: float
                    ) -> list[Candidate]:
    """The divisions among ``found`` when the text names a division and one of them is at
    least ``accept`` (all tiers together: the one that fits the name best is meant); else
    none."""
    if hint != "admin1":
        return []
    areas = [c for c in found if c.place.kind in DIVISION_KINDS]
    # one that bears the name as written, type word and all, before one that bears it bare:
    # "Kyiv Oblast" is Kyivska, not the city of Kyiv; "Red Sea state" is Sudan's, Egypt's is
    # a governorate
    typed = [c for c in areas if c.match == "exact" and name_key(c.matched_name).kind_hint]
    if any(c.score >= accept for c in typed):
        areas = typed
    return areas if any(c.score >= accept for c in areas) else []


def no_rival(best: Candidate, other: Candidate) -> bool:
    """Whether ``other`` cannot make ``best`` ambiguous: an area is no rival to a place in it
    (the bare name means the place), nor a province to a country ("Georgia")."""
    kind = other.place.kind
    return (kind in AREA_KINDS and best.place.kind not in AREA_KINDS) or (
        kind == "admin1" and best.place.kind == "country")


def town_before_division(best: Candidate, strong: list[Candidate], hint: str | None,
                         margin: float) -> Candidate:
    """A bare name that a division and a town in it both bear is the town ("Mopti"), even
    where the context ranked the division a little higher."""
    if hint or best.place.kind != "admin1":
        return best
    area = best.place
    towns = [c for c in strong if c.place.kind in SETTLEMENTS and c.score >= best.score - margin
             and c.place.country == area.country and distance_km(
                 c.place.lat, c.place.lon, area.lat, area.lon) <= area.uncertainty_m / 1000.0]
    return max(towns, key=lambda c: c.score) if towns else best


def lone_division(place: Place | None, query: str, hint: str | None,
                  focus: tuple[str, ...]) -> str:
    """Why a division of the offline tier named by one bare word outside the report's countries
    is not taken ("Gulf" in a report on Yemen is no province of Papua New Guinea), or ""."""
    if place is None or hint or not place.id.startswith("admin1-") or \
            len(tokens(query)) > 1 or place.country in focus:
        return ""
    where = "outside the report's countries" if focus else "with no report around it"
    return f"{place.name} ({place.country}) is a province named by one bare word, {where}"
