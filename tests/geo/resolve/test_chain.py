"""The resolution chain: tiers in order, context, ambiguity, precision, provenance."""

import pytest

from gazetteer.index import Gazetteer
from gazetteer.place import Place
from geo.resolve.chain import ResolveContext, Resolver


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


def test_seed_place_resolves_from_the_curated_tier(resolver):
    res = resolver.resolve("Harab Cir")
    assert res.status == "resolved" and res.place.id == "sy-rumalyn-landing-zone"
    assert res.resolver == "curated" and res.match == "exact" and res.score == 100
    assert res.geo_precision == 1
    assert res.uncertainty_km == pytest.approx(res.place.uncertainty_m / 1000)
    assert res.candidates[0].place.id == res.place.id  # the chosen place is listed first


def test_province_gets_region_precision(resolver):
    res = resolver.resolve("Deir ez-Zor province")
    assert res.place.kind == "admin1" and res.geo_precision == 3
    assert res.uncertainty_km >= 50


def test_country_only_precision(resolver):
    res = resolver.resolve("Syria")
    assert res.place.kind == "country" and res.geo_precision == 4


def _twins() -> Gazetteer:
    far_a = Place("iq-qaryat-zaytun", "Qaryat Zaytun", "village", "IQ", 33.0, 44.0, 1500, "t")
    far_b = Place("sy-qaryat-zaytun", "Qaryat Zaytun", "village", "SY", 35.0, 38.0, 1500, "t")
    return Gazetteer([far_a, far_b])


def test_two_strong_candidates_far_apart_are_ambiguous():
    res = Resolver(_twins()).resolve("Qaryat Zaytun")
    assert res.status == "ambiguous" and res.place is None
    assert {c.place.id for c in res.candidates} == {"iq-qaryat-zaytun", "sy-qaryat-zaytun"}
    assert "match equally well" in res.reason


def test_context_settles_an_ambiguity():
    by_country = Resolver(_twins()).resolve("Qaryat Zaytun", ResolveContext(countries=("SY",)))
    assert by_country.status == "resolved" and by_country.place.id == "sy-qaryat-zaytun"
    near = Resolver(_twins()).resolve(
        "Qaryat Zaytun", ResolveContext(near=((33.3, 44.4),))  # next to Baghdad
    )
    assert near.status == "resolved" and near.place.id == "iq-qaryat-zaytun"
    assert "far from the other places" in " ".join(near.candidates[1].notes)


def test_unknown_name_is_unresolved_with_a_reason(resolver):
    res = resolver.resolve("Xqzvwrt Camp")
    assert res.status == "unresolved" and res.place is None
    assert "geocoding is off" in res.reason


def test_kind_from_context(resolver):
    assert resolver.resolve("Harir").place.kind == "town"
    assert resolver.resolve("Harir", ResolveContext(kind="military_base")).place.kind == "airbase"


def test_a_city_named_exactly_is_not_pushed_down_by_a_hamlet_near_the_report(resolver):
    # a Yemeni report naming Sanaa and Aden: "Saada" is the city of Sa'dah (far north of
    # both), not a hamlet near Sanaa whose name only folds to the same key
    near = ((15.35, 44.2), (12.78, 45.03))
    res = resolver.resolve("Saada", ResolveContext(focus=("YE",), near=near))
    assert res.resolved and res.place.id == "geonames-71334", res.place
