"""Resolution that keeps to the report's geography: its focus countries, namesakes elsewhere,
fuzzy matches alone, fragments of longer names, one place once."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.incidents import Extractor
from geo.resolve.chain import ResolveContext, Resolver
from geo.sources.articles import Article


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


def places_of(resolver, text: str) -> dict[str, tuple[str, str]]:
    found = Extractor(resolver).extract(Article("t.txt", text, date(2024, 3, 1)))
    return {loc.mention.text: (loc.resolution.status,
                               loc.resolution.place.country if loc.resolution.place else "")
            for loc in found.mentions}


def test_a_namesake_in_the_reports_countries_wins(resolver):
    seen = places_of(resolver, "Russian drones struck Kharkiv and Kyiv overnight; a missile "
                               "also hit the port of Odesa, Ukraine's air force said.")
    assert seen["Odesa"] == ("resolved", "UA")
    alone = resolver.resolve("Odesa")  # alone: the city of a million, not Odessa, Texas
    assert alone.resolved and alone.place.country == "UA"


def test_far_namesakes_are_never_resolved_inside_a_report(resolver):
    seen = places_of(resolver, "Fighting raged in Khartoum and Omdurman, and drones hit Laiza "
                               "on Friday, the Sudanese army said.")
    assert seen["Khartoum"] == ("resolved", "SD")
    assert seen.get("Laiza", ("", ""))[1] != "FR"  # Laizé in Burgundy is not an answer


def test_a_far_city_by_its_name_only_within_reach_of_the_reports_places(resolver):
    iraq = ResolveContext(focus=("IQ",), near=((33.31, 44.36),))  # a report on Baghdad
    assert not resolver.resolve("Toyota", iraq).resolved  # Toyota, Japan: 7,500 km away
    eilat = resolver.resolve("Eilat", iraq)  # 900 km: a city of the region, by its name
    assert eilat.resolved and eilat.place.country == "IL"


def test_a_fuzzy_match_alone_is_not_resolved(resolver):
    res = resolver.resolve("Mashtal")
    assert res.status != "resolved" or res.place.country in ("SY", "JO")
    near = resolver.resolve("Mashtal", ResolveContext(focus=("JO",)))
    assert not (near.resolved and near.place.country == "SE")


def test_a_word_of_a_longer_name_is_not_a_place(resolver):
    seen = places_of(resolver, "A projectile struck Misgav Am on Friday, the army said.")
    assert "Am" not in seen


def test_a_curated_place_and_its_geonames_row_are_one_candidate(gazetteer):
    found = gazetteer.search("Kirkuk", limit=10)
    near_kirkuk = [c for c in found if abs(c.place.lat - 35.47) < 0.1 and
                   abs(c.place.lon - 44.39) < 0.1 and c.place.kind in ("city", "town")]
    assert len(near_kirkuk) == 1 and near_kirkuk[0].tier == "curated"


def test_every_country_is_a_place(resolver):
    for name, iso in [("Ukraine", "UA"), ("Sudan", "SD"), ("Yemen", "YE"), ("Mali", "ML"),
                      ("Myanmar", "MM"), ("Russia", "RU")]:
        res = resolver.resolve(name)
        assert res.resolved and res.place.kind == "country" and res.place.country == iso


def test_a_region_named_after_its_capital_is_the_region(resolver):
    res = resolver.resolve("Kharkiv oblast")
    assert res.resolved and res.geo_precision == 3 and res.uncertainty_km >= 75
    assert resolver.gazetteer.get(res.place.id) == res.place


@pytest.mark.parametrize(("text", "resolved"), [
    # the report is on Taiz: As Sudah (a village near Amran, 265 km away) is a namesake
    ("Houthi fighters shelled government positions in Taiz city and near Mocha on Saturday, "
     "and clashed with troops near the Sawda hills.", False),
    # the report is on Amran: the same village is the one meant
    ("Houthi fighters shelled government positions in Amran and Raydah on Saturday, and "
     "clashed with troops near Sawda.", True),
])
def test_a_village_far_from_every_other_place_of_the_report_is_no_answer(
        resolver, text, resolved):
    status, country = places_of(resolver, text)["Sawda"]
    assert (status == "resolved") == resolved and country in ("YE", "")
