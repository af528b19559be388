"""Real places that keep a doubtful curated answer from being taken, and which of equally
strong far-apart candidates a reader means (``settle``).

The curated tier is tried first, and its near spellings are always looked at, so a name that a
real place elsewhere bears is easily read as a misspelling of a conflict place: "Samaria" as
Samarra, "Balas" (a town in the Philippines) as Balad, "Palmira" (a city in Colombia that
Palmyra also has among its aliases) as Palmyra. Such an answer is only taken when no real place
is as plausible a reading of the query; otherwise the query is ambiguous, with both shown.

A GeoNames place rivals a curated answer found by a near spelling when the query is its own
name (any size), or one of its aliases and it is comparable in size; or when it bears, as its
own name, the curated name the query was near ("Samaria" is near Samarra, and Samara, Russia,
bears that key) and is comparable in size to the curated settlement. It rivals a curated
answer found by an alias when it bears the query as its own name and is no hamlet ("Gama":
Gama, Brazil, and Hama), unless that alias is a country's and it is no area ("Siria" is
Syria, not Şiria, Romania).
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz

from gazetteer.geodesy import distance_km
from gazetteer.index import NAMESAKE_POPULATION
from gazetteer.normalize import key_of, name_key, spelled_alike
from gazetteer.place import AREA_KINDS, Candidate, Place
from gazetteer.typos import HALF, slip

#: rivals closer than this are the same place under two entries (as in the chain)
SAME_PLACE_KM = 30.0
#: a rival within this many points of the curated answer is as strong
MARGIN = 6.0
#: a rival this much closer to the query by its own name is the one meant
OWN_NAME_LEAD = 30.0
#: A city this big, CITY_LEAD times bigger than every namesake, is the one meant
BIG_CITY = 100_000
CITY_LEAD = 5
#: a town this big named exactly as asked beats a tie of curated near spellings (fuzzy_tie)
EXACT_TOWN = 10_000
#: a namesake at least this fraction of the curated place's size is comparable to it
COMPARABLE = 0.2
#: among curated places found only by near spellings, one this few slips from the query
#: (gazetteer/typos.py), half a slip nearer than every other, is the one meant
MAX_SLIP = 1.5


def _own_key(cand: Candidate) -> str:
    return key_of(cand.place.name)


def _by_alias(cand: Candidate) -> bool:
    """Whether a curated place was found only by one of its aliases, not by its own name."""
    return key_of(cand.matched_name) != key_of(cand.place.name)


def real_rivals(query: str, best: Candidate, shown: list[Candidate],
                population: Callable[[Place], int]) -> list[Candidate]:
    """GeoNames places among ``shown`` that rival the curated answer ``best`` (see the module
    docstring); empty when ``best`` was found by its own name. ``population`` gives a place's
    size (a curated place's from its GeoNames twin)."""
    if best.tier != "curated" or (best.match != "fuzzy" and not _by_alias(best)):
        return []
    query_key = name_key(query).key
    size = population(best.place)

    def comparable(cand: Candidate) -> bool:
        pop = cand.place.population
        return pop >= NAMESAKE_POPULATION and pop >= COMPARABLE * size

    def rivals_it(cand: Candidate) -> bool:
        own = _own_key(cand)
        if best.match == "fuzzy":
            if cand.match == "exact":
                return own == query_key or comparable(cand)
            # only a settlement's size tells whether its namesake is comparable: a base or
            # field near a query's spelling keeps it
            return cand.match == "fuzzy" and size > 0 and own == key_of(best.matched_name) \
                and comparable(cand)
        # a country's name in any tongue means the country, not a town that bears it
        # ("Siria": Syria, not Şiria, Romania)
        return cand.match == "exact" and own == query_key and \
            cand.place.population >= NAMESAKE_POPULATION and \
            (best.place.kind != "country" or cand.place.kind in AREA_KINDS)

    return [
        c for c in shown
        if c.tier == "geonames" and c.score >= best.score - MARGIN
        # a country is no rival to a place in it ("Kuwait Cty": Kuwait City, not Kuwait)
        and not (c.place.kind == "country" and c.place.country == best.place.country)
        and distance_km(c.place.lat, c.place.lon, best.place.lat, best.place.lon) > SAME_PLACE_KM
        and rivals_it(c)
    ]


def _likeness(query: str, cand: Candidate) -> float:
    """How close the query is to the candidate's own name (0-100), not to the alias matched."""
    return fuzz.ratio(name_key(query).key, name_key(cand.place.name).key)


def settle(name: str, best: Candidate, rivals: list[Candidate]
            ) -> tuple[Candidate, list[Candidate]]:
    """Among equally strong candidates far apart, the one a reader means when the text says
    no more: a large city far bigger than every namesake, named by its own name or where no
    namesake bears the name as its own ("Odessa": Odesa, not Odessa, Texas); else the one
    the query spells the own name of, when the others only list it among their aliases
    ("Sloviansk": Slovyansk, not Nikopol; "Segu": Ségou, not Séguéla), unless that is a
    hamlet beside a large city that has the name as an alias ("Nikolaev": a Russian village,
    or Mykolaiv; ambiguous). Before all that, the one place whose own name is the query as
    written beats places found only by a folded key of other spellings ("Sagaing": not
    Shanghai by its alias "Sagha'i", nor Sagay). Curated places found only by near spellings
    are told apart by the likelier slip ("Iraw": Iraq, not Iran; see ``nearest_slip``)."""
    field = [best, *rivals]
    written = [c for c in field if c.match == "exact" and spelled_alike(c.matched_name, name)]
    if len(written) == 1 and not _by_alias(written[0]):
        return written[0], []
    query_key = name_key(name).key
    own = [c for c in field if key_of(c.place.name) == query_key]
    big = max(field, key=lambda c: c.place.population)
    if (big in own or not own) and big.place.population >= BIG_CITY and all(
            big.place.population >= CITY_LEAD * max(1, c.place.population)
            for c in field if c is not big):
        return big, []
    alike = sorted(field, key=lambda c: -_likeness(name, c))
    if _likeness(name, alike[0]) - _likeness(name, alike[1]) >= OWN_NAME_LEAD and not (
            big.place.population >= BIG_CITY
            and alike[0].place.population * CITY_LEAD < big.place.population):
        return alike[0], []
    if len(own) == 1 and own[0].place.population and all(
            own[0].place.population >= c.place.population for c in field):
        return own[0], []
    if (nearest := nearest_slip(name, field)) is not None:
        return nearest, []
    return best, rivals


def nearest_slip(name: str, field: list[Candidate]) -> Candidate | None:
    """The one of ``field``, all curated places found by near spellings, whose names ``name``
    misspells by the likeliest slip (gazetteer/typos.py), when it is at most MAX_SLIP and half
    a slip nearer than every other's; else None."""
    if len(field) < 2 or any(c.tier != "curated" or c.match != "fuzzy" for c in field):
        return None
    slips = sorted((slip(name, c.place.names()), i) for i, c in enumerate(field))
    if slips[0][0] <= MAX_SLIP and slips[0][0] + HALF <= slips[1][0]:
        return field[slips[0][1]]
    return None


def fuzzy_tie(status: str, resolver: str, found: list[Candidate], accept: float) -> bool:
    """Whether a tier's answer is a tie of near spellings only ("Gorlovka" near Karlivka and
    Grodovka, curated) while the next tier names a place exactly as asked (Horlivka, whose
    alias it is): then the exact name is tried first."""
    return status == "ambiguous" and resolver == "curated" and not any(
        c.tier == "curated" and c.match != "fuzzy" for c in found) and any(
        c.tier != "curated" and c.match == "exact" and c.score >= accept and
        c.place.population >= EXACT_TOWN for c in found)
