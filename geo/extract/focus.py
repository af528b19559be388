"""What countries a report is about, and which of its place answers to ask again with them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from gazetteer.countries import with_neighbours
from gazetteer.geodesy import distance_km
from geo.extract.event_places import Located, rank
from geo.extract.mentions import Mention
from geo.resolve.chain import Resolution, area_by_near_spelling

#: How far after a name a province may stand and still say where it is ("Dobropillia, a
#: mining town in Ukraine's eastern Donetsk region").
REGION_GAP = 90

#: A GeoNames village this far from every other town or site a report names is a namesake of
#: a place the gazetteer lacks ("the Sawda hills" of a report on Taiz: no village near Amran).
STRAY_KM, STRAY_POPULATION = 250.0, 10_000
#: A report naming more places than this is a list, not a story about one area: not checked.
STRAY_MAX_PLACES = 400

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




def ask_again(places: list[Located], focus: frozenset[str],
              resolve: Callable[[Mention, tuple, tuple], Resolution]) -> list[Located]:
    """The report's places with doubtful answers (ambiguous, fuzzy, far) asked again with its
    focus and its plainly named places as "near"; a name still ambiguous is asked with the
    province named right after it alone ("Dobropillia, a town in Donetsk region": not the
    Dobropillia of Kherson oblast, though Odesa, named elsewhere, is near that one)."""
    near = tuple(sorted({
        (loc.resolution.place.lat, loc.resolution.place.lon) for loc in places
        if loc.resolution.resolved and rank(loc.resolution) <= 3
        and (not focus or loc.resolution.place.country in focus)}))
    if not (focus or near):
        return places
    around, ordered = with_neighbours(focus), tuple(sorted(focus))
    out = [Located(loc.mention, resolve(loc.mention, near, ordered))
           if doubtful(loc.resolution, around, focus) else loc for loc in places]
    out = _without_strays(out)
    settled: dict[str, Located] = {}
    for i, loc in enumerate(out):
        if loc.resolution.status != "ambiguous":
            continue
        region = _region_after(out, i)
        if region is not None:
            point = ((region.resolution.place.lat, region.resolution.place.lon),)
            again = resolve(loc.mention, point, ordered)
            if again.resolved:
                out[i] = settled[loc.mention.lookup] = Located(loc.mention, again)
    # the name told once with its province is that place wherever the report names it
    return [Located(loc.mention, settled[loc.mention.lookup].resolution)
            if loc.resolution.status == "ambiguous" and loc.mention.lookup in settled else loc
            for loc in out]


def _region_after(places: list[Located], i: int) -> Located | None:
    """The province named within REGION_GAP after place ``i`` (places are in text order: the
    look stops at the first one beyond the gap, so a report of many names stays linear)."""
    end = places[i].mention.end
    for other in places[i + 1:]:
        if other.mention.begin - end > REGION_GAP:
            return None
        if other.resolution.resolved and other.resolution.place.kind in ("admin1", "region"):
            return other
    return None


def _without_strays(places: list[Located]) -> list[Located]:
    """The places, with a small GeoNames village or town unresolved when it lies more than
    STRAY_KM from every other town or site of the report (at least two of them, and no more
    than STRAY_MAX_PLACES in all)."""
    points = {loc.resolution.place.id: loc.resolution.place for loc in places
              if loc.resolution.resolved and rank(loc.resolution) <= 2}
    if not 3 <= len(points) <= STRAY_MAX_PLACES:
        return places
    out = []
    for loc in places:
        res, place = loc.resolution, loc.resolution.place
        if res.resolved and res.resolver == "geonames" and place.kind in ("village", "town") \
                and (place.population or 0) < STRAY_POPULATION:
            nearest = min(distance_km(place.lat, place.lon, other.lat, other.lon)
                          for other in points.values() if other.id != place.id)
            if nearest > STRAY_KM:  # (at most STRAY_MAX_PLACES² distances per report)
                loc = Located(loc.mention, Resolution(
                    res.query, "unresolved", candidates=res.candidates,
                    reason=f"{place.name} ({place.country}) lies {nearest:.0f} km from every "
                           "other place of the report"))
        out.append(loc)
    return out
