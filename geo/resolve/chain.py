"""The resolution chain: a place mention and its context -> a located, scored, explained answer.

Tiers are tried in order: curated, GeoNames, then (only when the user opted in for this run)
the online geocoders. A tier's strong candidate settles the question; two strong candidates far
apart in the same tier make the answer ambiguous, reported with its candidates, never a silent
pick. Context (countries, bounding box, the kind the text hints, the other places of the same
article) re-ranks candidates before the choice."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from gazetteer.countries import with_neighbours
from gazetteer.geodesy import distance_km as great_circle_km
from gazetteer.geodesy import surely_farther
from gazetteer.index import MATCH_RANK, BBox, Gazetteer, context_adjustment
from gazetteer.normalize import generic_only, key_of, name_key, spelled_alike, strip_generic, tokens
from gazetteer.place import AREA_KINDS, REGION_SUFFIX, Candidate, Place, as_region
from geo.resolve import divisions
from geo.resolve.rivals import fuzzy_tie, real_rivals, settle

if TYPE_CHECKING:  # the online half lives in geo.resolve.geocoding
    from geo.resolve.geocoding import OnlineGeocoder

ACCEPT = 85.0  # a gazetteer candidate at least this good settles its tier
# An online answer already went through the service's own matching (with the country and box
# we sent); its score is the service's confidence (e.g. Nominatim importance), on a lower scale.
ONLINE_ACCEPT = 60.0
MARGIN = 6.0  # a rival within this many points of the best is "as strong"
SAME_PLACE_KM = 30.0  # rivals closer than this are the same place under two entries
NEAR_KM = 150.0  # "near the other places of the article"
FAR_PENALTY = NEIGHBOUR_PENALTY = 8.0  # more than the ambiguity margin
DOMINANT_POPULATION = 50  # a settlement this many times bigger than its rival wins
OUTSIDE_FOCUS = 25.0  # a namesake outside the report's countries, when one lies inside
#: Across the border of the report's countries only a town this big, named exactly, is taken:
#: a hamlet there that shares a name is likelier a namesake of a place the gazetteer lacks.
NEIGHBOUR_TOWN = 10_000
#: Farther afield, a city this big named exactly is taken within FAR_CITY_KM of the report's
#: places (a smaller town or village within FAR_REACH_KM: not kibbutz Manara in a report on
#: Omdurman; not Toyota, Japan, in one on Iraq).
FAR_CITY, FAR_REACH_KM, FAR_CITY_KM = 40_000, 1_200.0, 3_000.0
MIN_FAR_KEY = 5  # a far city by its folded key ("Hodeidah") only from a name this long ("Ain": no)


def distance_km(a: Place, b: Place | tuple[float, float]) -> float:
    lat2, lon2 = (b.lat, b.lon) if isinstance(b, Place) else b
    return great_circle_km(a.lat, a.lon, lat2, lon2)


@dataclass(frozen=True)
class ResolveContext:
    """What the surrounding text or the user tells about where a mention may be."""

    countries: tuple[str, ...] = ()
    bbox: BBox | None = None
    kind: str | None = None
    near: tuple[tuple[float, float], ...] = ()  # (lat, lon) of places of the same article
    #: the countries the report is about (its focus): a namesake elsewhere is pushed down, and
    #: a mere fuzzy match outside them is never taken
    focus: tuple[str, ...] = ()


@dataclass
class Resolution:
    """The answer for one mention, with its provenance."""

    query: str
    status: str  # "resolved", "ambiguous", "unresolved"
    place: Place | None = None
    candidates: list[Candidate] = field(default_factory=list)
    resolver: str = ""  # tier or geocoder that decided
    match: str = ""
    matched_name: str = ""
    score: float = 0.0
    geo_precision: int | None = None
    uncertainty_km: float | None = None
    reason: str = ""
    requests: list[str] = field(default_factory=list)  # what was sent to online geocoders

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "status": self.status,
            "place_id": self.place.id if self.place else None,
            "name": self.place.name if self.place else None,
            "lat": self.place.lat if self.place else None,
            "lon": self.place.lon if self.place else None,
            "resolver": self.resolver,
            "match": self.match,
            "matched_name": self.matched_name,
            "score": round(self.score, 1),
            "geo_precision": self.geo_precision,
            "uncertainty_km": self.uncertainty_km,
            "reason": self.reason,
            "requests": self.requests,
            "candidates": [c.as_dict() for c in self.candidates],
        }


def _city_as_written(found: list[Candidate]) -> bool:
    """Whether GeoNames has a city of at least FAR_CITY people by its own name as asked (not
    an alias: "Adena" is an old name of Aden, and a US village's); curated has near spellings."""
    curated_sure = any(c.tier == "curated" and c.match != "fuzzy" and c.score >= ACCEPT
                       for c in found)
    return not curated_sure and any(
        c.tier == "geonames" and c.match == "exact" and c.score >= ACCEPT and
        (c.place.population or 0) >= FAR_CITY and c.matched_name == c.place.name
        for c in found)


def _ranked(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates best first: by score, then a name matched as written before a folded key
    or a near spelling."""
    return sorted(candidates, key=lambda c: (-c.score, MATCH_RANK.get(c.match, 3)))


def area_by_near_spelling(res: Resolution) -> bool:
    """A town taken as the region around it (see as_region) by a name not the town's as
    written ("Kossi province" of a report on Burkina Faso is not around Kosi, India)."""
    return res.place.id.endswith(REGION_SUFFIX) and \
        strip_generic(tokens(res.query))[0] != tokens(res.matched_name)


def _by_alias(res: Resolution) -> bool:
    """Whether the place was found only by one of its alternate names, not its own."""
    return key_of(res.matched_name) != key_of(res.place.name) if res.place else False


class Resolver:
    """Resolve place mentions: gazetteer tiers first, then opted-in geocoders."""

    MEMO_SIZE = 100_000

    def __init__(self, gazetteer: Gazetteer, geocoders: Sequence[OnlineGeocoder] = ()):
        self.gazetteer = gazetteer
        self.geocoders = list(geocoders)
        self._memo: dict[tuple, Resolution] = {}
        self._searched: dict[tuple, list[Candidate]] = {}

    def resolve(self, name: str, context: ResolveContext | None = None, *,
                limit: int = 10) -> Resolution:
        """The answer for ``name`` in ``context``. The same question gets the same answer
        object from memory for the life of this resolver (treat it as read-only)."""
        key = (name, context or ResolveContext(), limit)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self._resolve(name, key[1], limit)
        return found

    def _resolve(self, name: str, ctx: ResolveContext, limit: int) -> Resolution:
        if not name_key(name).key:
            return Resolution(name, "unresolved", reason="empty place name")
        if generic_only(name):
            return Resolution(name, "unresolved",
                              reason=f"{name!r} is only a generic word, not a place name")
        # the search does not depend on the focus or the nearby places (they re-rank its
        # answer): one search serves every context that differs only in them
        key = (name, ctx.countries, ctx.bbox, ctx.kind, limit)
        found = self._searched.get(key)
        if found is None:
            if len(self._searched) >= self.MEMO_SIZE:
                self._searched.clear()
            found = self._searched[key] = self.gazetteer.search(
                name, country=ctx.countries or None, bbox=ctx.bbox, kind=ctx.kind, limit=limit,
                fuzzy=None)
        hint = ctx.kind or name_key(name).kind_hint
        found = self._focused(found, ctx)
        if hint != "admin1":  # a province is wide: the places around do not pick its capital
            found = self._near(found, ctx)
        named = divisions.named_divisions(found, hint, ACCEPT)  # "Kharkiv Oblast": the oblast
        decided = self._decide(name, named, found, hint=hint) if named else None
        if decided is not None:
            return self._fuzzy_far(self._rivalled(decided), ctx)
        tiers = ["curated", "geonames"]
        if _city_as_written(found):
            tiers.reverse()  # "Rafah" is the city of that name, not a near spelling of Raqqa
        for tier in tiers:
            decided = self._decide(name, [c for c in found if c.tier == tier], found,
                                   hint=hint)
            if decided is not None and not fuzzy_tie(decided.status, tier, found, ACCEPT):
                decided = self._fuzzy_far(self._rivalled(decided), ctx)
                if why := divisions.lone_division(decided.place, name, hint, ctx.focus):  # "Gulf"
                    return Resolution(name, "unresolved", candidates=decided.candidates, reason=why)
                return decided
        resolution = Resolution(name, "unresolved", candidates=found[:limit])
        if not self.geocoders:
            best = found[0] if found else None
            resolution.reason = (
                f"no gazetteer match above {ACCEPT:.0f}"
                + (f" (best: {best.place.name}, {best.score:.0f})" if best else "")
                + "; online geocoding is off (opt in with --geocoder)"
            )
            return resolution
        return self._ask_geocoders(name, ctx, found, resolution, limit)

    def _ask_geocoders(self, name: str, ctx: ResolveContext, found: list[Candidate],
                       resolution: Resolution, limit: int) -> Resolution:
        errors = []
        hint = ctx.kind or name_key(name).kind_hint
        for geocoder in self.geocoders:
            result = geocoder.geocode(
                name, country_codes=[c.lower() for c in ctx.countries] or None,
                viewbox=ctx.bbox, bounded=ctx.bbox is not None,
            )
            resolution.requests.append(
                f"{geocoder.name}: {name!r}" + (" (cached)" if result.from_cache else "")
            )
            if result.error:
                errors.append(f"{geocoder.name}: {result.error}")
                continue
            online = []
            for cand in result.candidates:
                score, notes = context_adjustment(
                    cand.score, cand.place, hint, set(ctx.countries), ctx.bbox
                )
                online.append(replace(cand, score=score, notes=(*cand.notes, *notes)))
            online = self._near(online, ctx)
            decided = self._decide(name, online, online + found, accept=ONLINE_ACCEPT)
            if decided is not None:
                decided.requests = resolution.requests
                return decided
            found = online + found
        resolution.candidates = sorted(found, key=lambda c: -c.score)[:limit]
        resolution.reason = "; ".join(errors) or "no geocoder answer above the threshold"
        return resolution

    @staticmethod
    def _focused(candidates: list[Candidate], ctx: ResolveContext) -> list[Candidate]:
        """When a candidate lies in (or next to) the report's countries, push down those that
        do not: the report means its own Odesa, not Odessa, Texas."""
        if not ctx.focus:
            return candidates
        around = with_neighbours(ctx.focus)
        if not any(c.place.country in around for c in candidates):
            return candidates
        inside = any(c.place.country in ctx.focus for c in candidates)
        out = []
        for c in candidates:
            if c.place.country in ctx.focus:
                out.append(c)
            elif c.place.country in around:  # a neighbour's namesake yields to the report's own
                out.append(c if not inside else replace(
                    c, score=max(0.0, c.score - NEIGHBOUR_PENALTY),
                    notes=(*c.notes, "in a neighbour of the report's countries")))
            else:
                out.append(replace(
                    c, score=max(0.0, c.score - OUTSIDE_FOCUS),
                    notes=(*c.notes, f"outside the report's countries ({', '.join(ctx.focus)})")))
        return sorted(out, key=lambda c: -c.score)

    def _rivalled(self, decided: Resolution) -> Resolution:
        """A curated answer found only by a near spelling or an alias, when a real place
        elsewhere bears the name as well (geo/resolve/rivals.py), is ambiguous."""
        if not decided.resolved:
            return decided
        best = decided.candidates[0]
        named = real_rivals(decided.query, best, decided.candidates, self._population)
        if not named:
            return decided
        other = named[0].place
        how = "an exact" if best.match == "exact" else f"a {best.match}"
        return Resolution(
            decided.query, "ambiguous", candidates=_ranked(decided.candidates),
            resolver=best.tier,
            score=best.score,
            reason=f"{best.place.name} ({best.place.country}) by {how} match to "
                   f"{best.matched_name!r}, and {other.name} ({other.country}, "
                   f"{distance_km(best.place, other):.0f} km away) bears this name too")

    def _population(self, place: Place) -> int:
        """A place's population, a curated place's read from its GeoNames twin."""
        if place.population or not place.geonames_id:
            return place.population
        return getattr(self.gazetteer.get(f"geonames-{place.geonames_id}"), "population", 0)

    @staticmethod
    def _fuzzy_far(decided: Resolution, ctx: ResolveContext) -> Resolution:
        """Inside a report, a place outside its countries and their neighbours is a namesake,
        never the answer (Laiza in Kachin is not Laizé in Burgundy); alone, a GeoNames place
        found only by a fuzzy match is not taken either (Mashtal is not Märsta)."""
        place = decided.place
        if not decided.resolved or (ctx.focus and place.country in ctx.focus):
            return decided
        if ctx.focus:
            if place.country in with_neighbours(ctx.focus):
                # a curated place, a town named exactly, or an area by its name (never a near
                # spelling of one: "and" binds before "or", which once let fuzzy areas through)
                if decided.resolver == "curated" or (
                        decided.match == "exact" and (place.population or 0) >= NEIGHBOUR_TOWN
                ) or (decided.match != "fuzzy" and place.kind in AREA_KINDS and
                      not area_by_near_spelling(decided)):
                    return decided  # ("Sagaing region" is not the region around Shanghai)
                why = (f"across the border of the report's countries ({', '.join(ctx.focus)}),"
                       f" and only a {decided.match} match to a place of "
                       f"{place.population or 'unknown'} people")
            elif (decided.match == "exact" or (
                    decided.match == "key" and len(decided.query.strip()) >= MIN_FAR_KEY
                    and not area_by_near_spelling(decided) and not (
                        decided.resolver == "geonames" and _by_alias(decided) and  # "Toulin"
                        not spelled_alike(decided.matched_name, decided.query)))
            ) and (
                    decided.resolver == "curated" or (place.population or 0) >= FAR_CITY) and (
                    place.kind not in ("village", "town") or (place.population or 0) >= FAR_CITY
                    or any(distance_km(place, p) <= FAR_REACH_KM for p in ctx.near)) and (
                    not ctx.near or any(distance_km(place, p) <= FAR_CITY_KM for p in ctx.near)):
                return decided  # "a drone at Eilat" in a report on Iraq: a city by its name
            else:
                why = (f"outside the report's countries ({', '.join(ctx.focus)}) and their "
                       "neighbours")
        elif decided.match == "fuzzy" and decided.resolver == "geonames":
            why = "only a fuzzy match, with no report around it to confirm it"
        elif decided.resolver == "geonames" and not ctx.countries and _by_alias(decided) and \
                place.kind not in AREA_KINDS and (place.population or 0) < NEIGHBOUR_TOWN:
            # "Maysalun" (Syria) is an alternate spelling of Maythalun, a Palestinian village
            why = (f"{decided.matched_name!r} is only an alternate name of a place of "
                   f"{place.population or 'unknown'} people, with no report around it to "
                   "confirm it")
        else:
            return decided
        return Resolution(decided.query, "unresolved", candidates=decided.candidates,
                          reason=f"{place.name} ({place.country}): {why}")

    @staticmethod
    def _near(candidates: list[Candidate], ctx: ResolveContext) -> list[Candidate]:
        """When some candidates lie near the other places of the source, push the rest down."""
        if not ctx.near:
            return candidates
        near = {c.place.id for c in candidates
                if any(not surely_farther(c.place.lat, p[0], NEAR_KM) and
                       distance_km(c.place, p) <= NEAR_KM for p in ctx.near)}
        if not near:
            return candidates
        if not any(c.match == "exact" for c in candidates if c.place.id in near):
            # "Saada" is the city of that name, not a hamlet near Sanaa with a similar key
            near |= {c.place.id for c in candidates
                     if c.match == "exact" and (c.place.population or 0) >= FAR_CITY}
        out = [
            c if c.place.id in near else replace(
                c, score=max(0.0, c.score - FAR_PENALTY),
                notes=(*c.notes, "far from the other places of the same source"))
            for c in candidates
        ]
        return sorted(out, key=lambda c: -c.score)

    @staticmethod
    def _decide(name: str, tier: list[Candidate], shown: list[Candidate],
                accept: float = ACCEPT, hint: str = "") -> Resolution | None:
        """A resolution from this tier's candidates, or None to try the next tier."""
        strong = [c for c in tier if c.score >= accept]
        if not strong:
            return None
        best = strong[0]
        if hint == "admin1":  # "Saada province": a province, or the largest town of that name
            asked = strip_generic(tokens(name))[0]  # ...as written ("Sagaing", not Shanghai)
            best = max((c for c in strong if c.score >= best.score - MARGIN), key=lambda c: (
                c.place.kind in AREA_KINDS, tokens(c.matched_name) == asked, c.place.population))
        best = divisions.town_before_division(best, strong, hint, MARGIN)  # "Mopti": the town
        rivals = [
            c for c in strong
            if c is not best and c.score >= best.score - MARGIN
            and distance_km(best.place, c.place) > SAME_PLACE_KM
            and not divisions.no_rival(best, c)
        ]
        if rivals:
            best, rivals = settle(name, best, rivals)
        if rivals and best.place.kind == "country" and all(
                r.place.country == best.place.country for r in rivals):
            rivals = []  # "Kuwait" is the country, not Kuwait City
        elif rivals and any(r.place.kind == "country" and r.place.country == best.place.country
                            for r in rivals) and all(r.place.country == best.place.country
                                                     for r in rivals):
            # "Kuwait" is the country; "Al-Kuwayt", the very name of Kuwait City, the city
            country = next(r for r in rivals if r.place.kind == "country")
            if MATCH_RANK.get(country.match, 3) <= MATCH_RANK.get(best.match, 3):
                best = country
            rivals = []
        if rivals and best.place.population and all(
            best.place.population >= DOMINANT_POPULATION * max(1, r.place.population)
            for r in rivals
        ):
            rivals = []
        if rivals:
            far = ", ".join(
                f"{c.place.name} ({c.place.country}, {distance_km(best.place, c.place):.0f} km"
                " away)" for c in rivals[:3]
            )
            return Resolution(
                name, "ambiguous", candidates=shown, resolver=best.tier, score=best.score,
                reason=f"{best.place.name} ({best.place.country}) and {far} match equally well",
            )
        place = best.place
        if hint == "admin1" and place.kind not in AREA_KINDS:  # "Donetsk region": its capital's
            if best.tier != "curated" and place.population < NEIGHBOUR_TOWN:
                return None  # ...but "Kachin State" is no region around Kachyn, Ukraine (749)
            place = as_region(place)
        precision, km = divisions.precision_of(place)
        shown = [best, *(c for c in shown if c.place.id != best.place.id)]
        return Resolution(
            name, "resolved", place=place, candidates=shown, resolver=best.tier,
            match=best.match, matched_name=best.matched_name, score=best.score,
            geo_precision=precision, uncertainty_km=km,
        )
