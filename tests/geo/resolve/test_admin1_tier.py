"""Provinces, states, oblasts and governorates named as such resolve to the division (the
offline tier's, gazetteer/admin1_places.py, or a curated one), never to a town of that name;
bare names still resolve to the town."""

from __future__ import annotations

import pytest

from gazetteer.geodesy import distance_km
from geo.resolve.chain import ResolveContext, Resolver


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


# (name, country, a point inside the division that is not the package's: its capital)
DIVISIONS = [
    ("Rakhine State", "MM", (20.1462, 92.8983)),  # Sittwe
    ("Kachin State", "MM", (25.3833, 97.3964)),  # Myitkyina
    ("Shan State", "MM", (20.7833, 97.0333)),  # Taunggyi
    ("Sagaing Region", "MM", (22.1086, 95.1358)),  # Monywa
    ("North Darfur", "SD", (13.6279, 25.3494)),  # El Fasher
    ("Kharkiv Oblast", "UA", (49.9808, 36.2527)),  # Kharkiv
    ("Donetsk region", "UA", (48.7389, 37.5844)),  # Kramatorsk
    ("Marib governorate", "YE", (15.4627, 45.3253)),  # Marib
    ("Deir ez-Zor province", "SY", (35.3359, 40.1408)),  # Deir ez-Zor
    ("Tillabéri region", "NE", (14.2117, 1.4531)),  # Tillabéri
    ("Chin State", "MM", (22.6500, 93.6100)),  # Hakha
    ("Mopti region", "ML", (14.4843, -4.1827)),  # Mopti
]


@pytest.mark.parametrize(("name", "country", "inside"), DIVISIONS)
def test_a_division_named_as_such_is_the_division(resolver, name, country, inside):
    res = resolver.resolve(name)
    assert res.resolved, res.reason
    place = res.place
    assert place.kind == "admin1" and place.country == country
    assert res.geo_precision == 3
    assert not place.id.endswith("-region")  # not a town standing for its region
    assert distance_km(place.lat, place.lon, *inside) <= place.uncertainty_m / 1000
    assert res.uncertainty_km == pytest.approx(place.uncertainty_m / 1000)


@pytest.mark.parametrize(("name", "country"), [
    ("Kharkiv", "UA"), ("Marib", "YE"), ("Mopti", "ML"), ("Sennar", "SD"), ("Donetsk", "UA"),
])
def test_a_bare_name_is_still_the_town(resolver, name, country):
    res = resolver.resolve(name)
    assert res.resolved and res.place.country == country
    assert res.place.kind in ("city", "town", "village") and res.geo_precision == 1
    inside = resolver.resolve(name, ResolveContext(focus=(country,)))
    assert inside.resolved and inside.place.id == res.place.id


def test_the_curated_province_wins_and_is_listed_once(resolver):
    res = resolver.resolve("Deir ez-Zor province")
    assert res.resolved and res.place.id == "sy-deir-ez-zor-governorate"
    assert not any(c.place.id == "admin1-SY-DY" for c in res.candidates)
    kossi = resolver.resolve("Kossi province", ResolveContext(focus=("BF",)))
    assert kossi.resolved and kossi.place.id == "bf-kossi-province"
    assert not any(c.place.id.startswith("admin1-BF-") for c in kossi.candidates)


def test_an_oblast_named_after_a_capital_city_is_the_oblast(resolver):
    res = resolver.resolve("Kyiv Oblast")
    assert res.resolved and res.place.id == "admin1-UA-32"
    assert resolver.resolve("Kyiv").place.kind == "city"


def test_a_province_is_no_rival_to_a_country_or_a_direction(resolver):
    georgia = resolver.resolve("Georgia")
    assert georgia.resolved and georgia.place.kind == "country"
    northern = resolver.resolve("Northern", ResolveContext(focus=("SD",)))
    assert not (northern.resolved and northern.place.id == "admin1-SD-NO")
    state = resolver.resolve("Northern State", ResolveContext(focus=("SD",)))
    assert state.resolved and state.place.id == "admin1-SD-NO"


def test_the_type_word_as_written_tells_provinces_of_one_name_apart(resolver):
    # Sudan's Red Sea is a state, Egypt's a governorate
    assert resolver.resolve("Red Sea state").place.id == "admin1-SD-RS"
    assert resolver.resolve("Red Sea governorate").place.id == "admin1-EG-BA"
    punjab = resolver.resolve("Punjab province")  # Pakistan's and India's: the report decides
    assert not punjab.resolved
    assert resolver.resolve("Punjab province", ResolveContext(focus=("PK",))).place.country == "PK"


def test_one_bare_word_is_a_province_only_inside_the_report(resolver):
    gulf = resolver.resolve("Gulf")  # Papua New Guinea's Gulf Province: before the focus is
    assert not gulf.resolved and "one bare word" in gulf.reason  # known, never a sure answer
    inside = resolver.resolve("Gulf", ResolveContext(focus=("YE",)))
    assert not (inside.resolved and inside.place.id.startswith("admin1-"))
    rakhine = resolver.resolve("Rakhine", ResolveContext(focus=("MM",)))
    assert rakhine.resolved and rakhine.place.id == "admin1-MM-16"
