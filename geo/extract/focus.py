"""What countries a report is about, and which of its place answers to ask again with them."""

from __future__ import annotations

from collections import Counter

from geo.extract.event_places import Located
from geo.resolve.chain import Resolution, area_by_near_spelling

#: A resolution this sure of itself says which countries a report is about.
_SURE_MATCH = ("exact", "key")


def report_focus(places: list[Located], dateline_country: str = "",
                 adjectives: set[str] | frozenset[str] = frozenset()) -> frozenset[str]:
    """The countries a report is about: those most of its surely named places lie in (curated
    sites, provinces, large cities named as written), its dateline's, the countries it sets a
    place in by adjective ("the Iranian city of Kerman"), and every country it names as a
    country."""
    counts: Counter = Counter()
    weak: Counter = Counter()
    named: set[str] = set()
    for loc in places:
        res = loc.resolution
        place = res.place
        if not res.resolved or res.match not in _SURE_MATCH or not place.country or \
                area_by_near_spelling(res):
            continue  # ("Kachin State" read as the region around Kachyn, Ukraine, says nothing)
        if place.kind == "country":
            named.add(place.country)
        if res.resolver == "curated" or place.kind in ("country", "admin1"):
            counts[place.country] += 2
        elif res.match == "exact" and place.population >= 100_000:
            counts[place.country] += 1
        elif res.match == "exact":
            weak[place.country] += 1  # small towns: they decide only when nothing else does
    if dateline_country:
        counts[dateline_country] += 2
    for country in adjectives:
        counts[country] += 2
    if not counts and len(weak) == 1:
        counts = weak  # "Niono, Molodo, Nioro du Sahel and Kayes": all the towns are in Mali
    if not counts:
        return frozenset(named)
    top = counts.most_common(1)[0][1]
    return frozenset(c for c, n in counts.items() if n * 2 >= top)


def doubtful(res: Resolution, around: frozenset[str], focus: frozenset[str] = frozenset()
             ) -> bool:
    """An answer worth asking again with the report's focus: not settled, only fuzzy, a place
    outside the report's countries and their neighbours, or one across a border not named
    exactly ("Nasser" of a Gaza report is not Nasr City in Cairo)."""
    if not res.resolved:
        return res.status == "ambiguous" or bool(res.candidates)
    country = res.place.country
    return res.match == "fuzzy" or bool(around and country not in around) or bool(
        focus and country not in focus and res.match != "exact")


