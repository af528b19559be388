"""The gazetteer: curated tier first, then GeoNames; exact key, then fuzzy; ranked with context."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from gazetteer.curated import load_curated
from gazetteer.curated_cache import cached_curated_tier
from gazetteer.curated_tier import FUZZY_CUTOFF, FUZZY_WEIGHT, CuratedTier
from gazetteer.geodesy import distance_km
from gazetteer.geonames import GeoNamesTier, load_tier
from gazetteer.normalize import fold_text, generic_key, generic_only, key_of, name_key
from gazetteer.place import AREA_KINDS, REGION_SUFFIX, Candidate, Place, as_region
from gazetteer.qualifiers import reductions
from gazetteer.spacing import joined_key, split_key

#: a curated place found only approximately yields to a GeoNames place with the very name
#: ("Aleppi" may be a misspelled Aleppo; "Mosel" is not a misspelled Mosul)
NAMESAKE_PENALTY = 10.0
NAMESAKE_POPULATION = 5000
REDUCED_SCORE = 90.0  # the name read without qualifier words or a container named beside it
CONTAINER_KM = 30.0  # a town named beside a place holds what lies this near it
SITE_KM = 40.0  # "Bassora airport": the airport named after the town lies this near it
SITE_NAMES = 200  # a town's names looked at for the sites named after it
SITE_HINTS = frozenset({"airbase", "military_base", "airport", "oil_field", "gas_field",
                        "border_crossing"})
TIER_RANK = {"curated": 0, "geonames": 1}
NEAR_MEMO = 50_000  # GeoNames fuzzy answers remembered per key
#: at one score, a name matched as written outranks one matched by its folded key, which
#: outranks a near spelling ("Hajjah": Hajjah before Al Hayy, an alias of which folds alike)
MATCH_RANK = {"exact": 0, "key": 1, "fuzzy": 2}

#: A kind hinted by the text ("air base") -> the kinds of place it fits.
HINT_FITS: dict[str, frozenset[str]] = {
    "airbase": frozenset({"airbase", "airport", "military_base"}),
    "military_base": frozenset({"military_base", "airbase", "oil_field", "gas_field", "airport"}),
    "airport": frozenset({"airport", "airbase"}),
    "oil_field": frozenset({"oil_field", "gas_field"}),
    "gas_field": frozenset({"gas_field", "oil_field"}),
    "border_crossing": frozenset({"border_crossing"}),
    "admin1": frozenset({"admin1", "region"}),  # a province a division below the first
    "city": frozenset({"city", "town", "village"}),
    "town": frozenset({"city", "town", "village"}),
    "village": frozenset({"city", "town", "village"}),
}
KIND_MISMATCH = 15.0
NAME_ADDS_KIND = 8.0  # more than the ambiguity margin: "al-Tanf" is not "al-Tanf crossing"
AREA_WITHOUT_HINT = 3.0
OUTSIDE_COUNTRY = 20.0
OUTSIDE_BBOX = 20.0

BBox = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def as_written(text: str) -> str:
    """``text`` folded for case and diacritics, hyphens read as spaces ("Al-Kuwayt" is
    written as "Al Kuwayt" is): what an exact match compares."""
    folded = fold_text(text)
    return " ".join((folded.replace("-", " ") if "-" in folded else folded).split())


def _matched_name(place: Place, key: str, folded_query: str) -> str:
    """The name of ``place`` that best explains the match: the query itself, else a name with
    the same key and no generic word, else any name with the key."""
    for name in place.names():  # cheap first: the query as written is one of the names
        if len(name) == len(folded_query) and as_written(name) == folded_query:
            return name
    first_same = None  # a name with the key, kept in case none comes without a generic word
    for name in place.names():
        nk = name_key(name)
        if nk.key == key:
            if not nk.kind_hint:
                return name
            first_same = first_same or name
    return first_same or place.name


TWIN_KM = 5.0
_SETTLEMENTS = frozenset({"city", "town", "village"})


_DIVISIONS = frozenset({"admin1", "region"})


def _same_place(a: Place, b: Place) -> bool:
    """Two entries of one place: the same kind (or both settlements), within TWIN_KM; or two
    divisions of one country found by one name, one point within the other's radius ("Kossi
    province": the curated province and the package's)."""
    if a.country != b.country:
        return False
    km = distance_km(a.lat, a.lon, b.lat, b.lon)
    if a.kind in _DIVISIONS and b.kind in _DIVISIONS:
        return km <= max(a.uncertainty_m, b.uncertainty_m) / 1000.0 or km <= TWIN_KM
    same_kind = a.kind == b.kind or (a.kind in _SETTLEMENTS and b.kind in _SETTLEMENTS)
    return same_kind and km <= TWIN_KM


def _contains(container: Place, place: Place) -> bool:
    """Whether ``container`` (a country, region or town named beside a place) holds it."""
    if container.kind == "country":
        return container.country == place.country
    reach = max(container.uncertainty_m / 1000.0, CONTAINER_KM)
    return distance_km(container.lat, container.lon, place.lat, place.lon) <= reach


def _in_bbox(place: Place, bbox: BBox) -> bool:
    return bbox[0] <= place.lon <= bbox[2] and bbox[1] <= place.lat <= bbox[3]


def context_adjustment(
    score: float, place: Place, hint: str, countries: set[str], bbox: BBox | None
) -> tuple[float, list[str]]:
    """Lower a match score where the place does not fit the hinted kind, country or box."""
    notes = []
    if hint:
        if place.kind not in HINT_FITS.get(hint, frozenset({hint})):
            score -= KIND_MISMATCH
            notes.append(f"kind {place.kind} does not fit hint {hint}")
    elif place.kind in AREA_KINDS and place.kind != "country":
        score -= AREA_WITHOUT_HINT  # "Deir ez-Zor" is the city; "Ukraine" is the country
    if countries and place.country not in countries:
        score -= OUTSIDE_COUNTRY
        notes.append(f"outside {','.join(sorted(countries))}")
    if bbox is not None and not _in_bbox(place, bbox):
        score -= OUTSIDE_BBOX
        notes.append("outside the bounding box")
    return max(score, 0.0), notes


def _fits(place: Place, hint: str) -> bool:
    return not hint or place.kind in HINT_FITS.get(hint, frozenset({hint}))


def _known_as(place: Place, key: str, hint: str) -> bool:
    """Whether a name of ``place`` with ``key`` says it is of the hinted kind, though its kind
    is another ("Borisoglebsk air base": the town is known by its air base as well)."""
    fits = HINT_FITS.get(hint, frozenset({hint}))
    return any((nk := name_key(n)).key == key and nk.kind_hint in fits for n in place.names())


def _yield_to_namesakes(found: dict[str, Candidate], key: str, hint: str) -> None:
    """Curated places found only approximately yield to a GeoNames place that bears the very
    name as its own (not as one of its aliases), is no hamlet, and is of the kind the name
    says ("Tias air base" is Tiyas Air Base, not the town of Tías)."""
    if not any(c.tier == "curated" and c.match == "fuzzy" for c in found.values()):
        return
    namesakes = [c for c in found.values() if c.tier == "geonames" and c.match != "fuzzy"
                 and key_of(c.place.name) == key and (c.place.population >= NAMESAKE_POPULATION
                      or c.place.kind in AREA_KINDS) and _fits(c.place, hint)]
    if not namesakes:
        return
    why = f"GeoNames has a place of this very name: {namesakes[0].place.name} " \
          f"({namesakes[0].place.country})"
    for pid, cand in list(found.items()):
        if cand.tier == "curated" and cand.match == "fuzzy":
            found[pid] = replace(cand, score=max(0.0, cand.score - NAMESAKE_PENALTY),
                                 notes=(*cand.notes, why))


class Gazetteer:
    """Look places up by name across the curated and GeoNames tiers."""

    def __init__(self, curated: Sequence[Place], geonames: GeoNamesTier | None = None,
                 curated_tier: CuratedTier | None = None):
        self.curated = curated_tier or CuratedTier.build(curated)
        self.geonames = geonames
        self._by_id = {p.id: p for p in curated}
        #: GeoNames id -> the curated place that stands for it (one place, listed once)
        self._twins = {p.geonames_id: p for p in curated if p.geonames_id}

    @classmethod
    def load(
        cls,
        curated_files: Iterable[Path] | None = None,
        geonames: bool = True,
        data_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Gazetteer:
        tier = load_tier(data_dir, progress) if geonames else None
        curated = load_curated(curated_files)
        return cls(curated, tier, cached_curated_tier(curated))

    def _once(self, found: dict[str, Candidate]) -> dict[str, Candidate]:
        """Each real place once: a GeoNames row that a curated place stands for (by GeoNames
        id, or the same kind of place within TWIN_KM) counts as that curated place."""
        curated = [c for c in found.values() if c.tier == "curated"]
        out: dict[str, Candidate] = {c.place.id: c for c in curated}
        for cand in found.values():
            if cand.tier == "curated":
                continue
            twin = self._twins.get(cand.place.geonames_id)
            if twin is None:
                twin = next((c.place for c in curated if _same_place(c.place, cand.place)), None)
            if twin is None:
                out[cand.place.id] = cand
                continue
            as_curated = replace(cand, place=twin, tier="curated",
                                 notes=(*cand.notes, f"GeoNames {cand.place.geonames_id} is "
                                        "this place"))
            old = out.get(twin.id)
            if old is None or as_curated.score > old.score:
                out[twin.id] = as_curated
        return out

    @staticmethod
    def _add(found: dict[str, Candidate], place: Place, tier_name: str, base: float, how: str,
             key: str, folded: str, context: tuple, generic_named: set[str] | None = None,
             note: str = "") -> None:
        """Score ``place`` matched under ``key`` and keep it if it is the place's best."""
        hint, countries, bbox = context
        name = _matched_name(place, key, folded)
        match = "exact" if how == "key" and as_written(name) == folded else how
        known = tier_name == "curated" and not _fits(place, hint) and _known_as(place, key, hint)
        score, notes = context_adjustment(base, place, "" if known else hint, countries, bbox)
        if generic_named is not None and not hint and name_key(name).kind_hint:
            generic_named.add(place.id)
        cand = Candidate(place, score, match, name, tier_name,
                         (note, *notes) if note else tuple(notes))
        old = found.get(place.id)
        if old is None or cand.score > old.score:
            found[place.id] = cand

    def _add_namesakes(self, found: dict[str, Candidate], near: list[tuple[str, float]],
                       folded: str, context: tuple) -> None:
        """A curated key found near the query may be the very name of a real place elsewhere
        ("Samaria" is near Samarra's key, which Samara, Russia bears): such places are shown
        beside the curated one, at the same score, so that the chain can weigh them."""
        tier = self.geonames
        assert tier is not None
        for key, base in near:
            for row in tier.index.exact(key):
                if tier.population[row] >= NAMESAKE_POPULATION and key_of(tier.names[row]) == key:
                    self._add(found, tier.place(row), "geonames", base, "fuzzy", key, folded,
                              context)

    def _exact_places(self, key: str) -> list[tuple[str, Place]]:
        return [(name, tier.place(row)) for name, tier in self.tiers()
                for row in tier.index.exact(key)]

    def _add_reduced(self, found: dict[str, Candidate], key: str, folded: str,
                     context: tuple) -> None:
        """The name without qualifier words ("western Anbar"), or without a container named
        before or after it ("Tower 22 Jordan", "Green Zone Baghdad")."""
        for shorter, dropped, how in reductions(key):
            if generic_key(shorter):
                continue  # "Zone" of "Kokang Self-Administered Zone" is no place
            places = self._exact_places(shorter)
            if not places:
                continue
            if how == "container":
                containers = [p for _, p in self._exact_places(dropped)]
                places = [(t, p) for t, p in places if any(_contains(c, p) for c in containers)]
                note = f"read as {shorter!r} in {dropped!r}"
            else:
                note = f"read as {shorter!r} (without {dropped!r})"
            for tier_name, place in places:
                self._add(found, place, tier_name, REDUCED_SCORE, "fuzzy", shorter, folded,
                          context, note=note)
            if places:
                return

    def _add_sites(self, found: dict[str, Candidate], hint: str, context: tuple) -> None:
        """"Bassora airport", "Halab airport": the site named after the town the name found
        (by another of the town's names) is the answer, not the town."""
        fits = HINT_FITS[hint]
        towns = [c for c in found.values() if c.place.kind in _SETTLEMENTS
                 and c.score + KIND_MISMATCH >= REDUCED_SCORE]
        best_site = max((c.score for c in found.values() if c.place.kind in fits), default=0.0)
        for town in towns:
            if best_site >= town.score + KIND_MISMATCH:
                continue
            for name in town.place.names()[:SITE_NAMES]:
                for tier_name, place in self._exact_places(key_of(name)):
                    if place.kind in fits and distance_km(
                            place.lat, place.lon, town.place.lat, town.place.lon) <= SITE_KM:
                        self._add(found, place, tier_name, town.score + KIND_MISMATCH - 1.0,
                                  town.match, key_of(name), "", context,
                                  note=f"the {place.kind} of {town.place.name}")

    def _near_keys(self, tier: GeoNamesTier, key: str, limit: int) -> list[tuple[str, float]]:
        """The GeoNames keys near ``key``, remembered: names a run cannot place come back
        again and again, in every case and with every hint."""
        memo = self.__dict__.setdefault("_near_memo", {})
        found = memo.get((key, limit))
        if found is None:
            if len(memo) >= NEAR_MEMO:
                memo.clear()
            found = memo[(key, limit)] = tier.index.fuzzy(key, FUZZY_CUTOFF, limit=limit)
        return found

    def get(self, place_id: str) -> Place | None:
        if place_id.endswith(REGION_SUFFIX):  # a region known by its capital
            capital = self.get(place_id.removesuffix(REGION_SUFFIX))
            return None if capital is None else as_region(capital)
        place = self._by_id.get(place_id)
        if place is None and place_id.startswith("geonames-") and self.geonames is not None:
            row = self.geonames.row_of(int(place_id.removeprefix("geonames-")))
            return None if row is None else self.geonames.place(row)
        if place is None and place_id.startswith("admin1-") and self.geonames is not None:
            row = self.geonames.row_of_id(place_id)  # a division (gazetteer/admin1_places.py)
            return None if row is None else self.geonames.place(row)
        return place

    def knows_key(self, key: str) -> bool:
        """Whether a tier holds a place under exactly this key."""
        return any(tier.index.exact(key) for _, tier in self.tiers())

    def tiers(self) -> list[tuple[str, CuratedTier | GeoNamesTier]]:
        out: list[tuple[str, CuratedTier | GeoNamesTier]] = [("curated", self.curated)]
        if self.geonames is not None:
            out.append(("geonames", self.geonames))
        return out

    def search(
        self,
        query: str,
        *,
        country: str | Sequence[str] | None = None,
        bbox: BBox | None = None,
        kind: str | None = None,
        limit: int = 10,
        fuzzy: bool | None = True,
    ) -> list[Candidate]:
        """Ranked candidates for ``query``; each says its tier, how it matched and its score.

        ``fuzzy=None`` searches fuzzily only when no tier holds the query's exact key (the fast
        path for bulk resolution). A query that is only a generic word ("Zone", "Airport")
        names no place: it has no candidates.
        """
        nk = name_key(query)
        if not nk.key:
            raise ValueError("empty place name")
        if generic_only(query):
            return []
        hint = kind or nk.kind_hint
        countries = {country.upper()} if isinstance(country, str) else {
            c.upper() for c in country or ()
        }
        folded = as_written(query)
        context = (hint, countries, bbox)
        found: dict[str, Candidate] = {}
        generic_named: set[str] = set()  # matched by a name with a generic word the query lacks
        key = nk.key
        exact = {name: bool(tier.index.exact(key)) for name, tier in self.tiers()}
        if not any(exact.values()):
            # "Myit Kyi Na", "Sit-twe": syllables written apart are the one word they spell;
            # "Banibangou", "Alqaim": words run together are the name written apart
            spaced = joined_key(key) if " " in key else split_key(key, self.knows_key)
            if spaced and self.knows_key(spaced):
                key = spaced
                exact = {name: bool(tier.index.exact(key)) for name, tier in self.tiers()}
        near: list[tuple[str, float]] = []  # the curated keys found near the query's
        for tier_name, tier in self.tiers():
            # (key, score, how, the rows it stands for: None for all the key's places)
            matches: list[tuple[str, float, str, frozenset[int] | None]] = [
                (key, 100.0, "key", None)]
            if isinstance(tier, CuratedTier):
                # the curated tier is small: its near names are always looked at when it
                # lacks the key (a misspelled conflict place before a far namesake's alias)
                if fuzzy or (fuzzy is None and not exact[tier_name]):
                    matches += [(k, s, "fuzzy", rows)
                                for k, s, rows in tier.approximate_rows(key, limit, query)]
            elif fuzzy or (fuzzy is None and not any(exact.values())):
                matches += [(k, s * FUZZY_WEIGHT, "fuzzy", None)
                            for k, s in self._near_keys(tier, key, limit) if k != key]
            for matched, base, how, only in matches:
                for row in tier.index.exact(matched):
                    if only is None or row in only:
                        self._add(found, tier.place(row), tier_name, base, how, matched,
                                  folded, context, generic_named)
            if isinstance(tier, CuratedTier):
                near = [(k, s) for k, s, how, _ in matches if how == "fuzzy"]
        if near and self.geonames is not None:
            self._add_namesakes(found, near, folded, context)
        if not any(exact.values()) and max((c.score for c in found.values()),
                                           default=0.0) < REDUCED_SCORE:
            self._add_reduced(found, key, folded, context)
        if hint in SITE_HINTS:
            self._add_sites(found, hint, context)
        if exact.get("geonames") and not exact["curated"]:
            _yield_to_namesakes(found, key, hint)
        if len(generic_named) < len(found):  # "Erbil" is the city before the airport
            for pid in generic_named:
                if name_key(found[pid].matched_name).kind_hint:
                    found[pid] = replace(found[pid], score=found[pid].score - NAME_ADDS_KIND)
        ranked = sorted(
            self._once(found).values(),
            key=lambda c: (
                -c.score,
                MATCH_RANK.get(c.match, 3),
                TIER_RANK.get(c.tier, 9),
                -c.place.population,
                c.place.id,
            ),
        )
        return ranked[:limit]
