"""A province or region named after a town: the town's region only when the name is the
town's as written, and never a village's."""

from __future__ import annotations

import pytest

from geo.resolve.chain import ResolveContext, Resolver


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


def test_a_region_named_as_its_town_is_written_wins_over_a_bigger_near_spelling(resolver):
    res = resolver.resolve("Sagaing region")
    # Shanghai's key folds like Sagaing's; the name as written is Myanmar's
    assert not (res.resolved and res.place.country == "CN")
    inside = resolver.resolve("Sagaing region", ResolveContext(focus=("MM",)))
    assert inside.resolved and inside.place.country == "MM"


def test_a_village_is_no_region(resolver):
    res = resolver.resolve("Kachin State")  # Kachyn, a Ukrainian village of 749, bears "Kachin"
    assert not (res.resolved and res.place.country == "UA")


def test_a_province_named_by_a_near_spelling_of_a_far_town_is_not_resolved(resolver):
    res = resolver.resolve("Kossi province", ResolveContext(kind="admin1", focus=("BF",)))
    assert not (res.resolved and res.place.country == "IN")


@pytest.mark.parametrize(("name", "country"), [
    ("Donetsk region", "UA"), ("Sumy Oblast", "UA"), ("Hodeidah governorate", "YE"),
    ("Kidal region", "ML"), ("Anbar province", "IQ"),
])
def test_provinces_named_after_their_capitals_still_resolve(resolver, name, country):
    res = resolver.resolve(name)
    assert res.resolved and res.place.country == country
