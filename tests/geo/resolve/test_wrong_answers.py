"""Wrong answers found on real reports (issue 14), each by its general cause: a generic word
alone, a folded key before the name as written, an alternate name of a village, a country
for its capital, a large city's own name, a hamlet's own name beside a city's alias."""

from __future__ import annotations

import pytest

from geo.resolve.chain import ResolveContext, Resolver


@pytest.fixture(scope="module")
def resolver(gazetteer):
    return Resolver(gazetteer)


@pytest.mark.parametrize("word", ["Zone", "Base", "Camp", "Airport", "Province", "Region",
                                  "City", "the Zone", "air base", "the capital"])
def test_a_generic_word_alone_is_no_place(resolver, word):
    res = resolver.resolve(word)
    assert res.status == "unresolved" and "generic word" in res.reason, (res.status, res.place)
    assert resolver.gazetteer.search(word) == []


def test_a_generic_word_does_not_match_a_name_it_ends(gazetteer, resolver):
    """"International Zone" is a name of the Green Zone; "Zone" is not."""
    assert resolver.resolve("International Zone").place.id == "iq-green-zone"
    assert resolver.resolve("International Zone Baghdad").place.id == "iq-green-zone"
    assert resolver.resolve("Green Zone").place.id == "iq-green-zone"
    found = gazetteer.search("Kokang Self-Administered Zone", limit=10)
    assert all(c.place.id != "iq-green-zone" for c in found)


def test_a_name_as_written_ranks_before_a_folded_key(resolver):
    res = resolver.resolve("Hajjah")
    firsts = [c for c in res.candidates if c.score == res.candidates[0].score]
    assert res.candidates[0].match == "exact" and res.candidates[0].place.country == "YE"
    assert all(c.match == "exact" for c in firsts[:2]), [(c.place.name, c.match) for c in firsts]


@pytest.mark.parametrize(("name", "kind", "place_name"), [
    ("Hajjah", None, "Ḩajjah"), ("Saada", None, "Sa'dah"),
    # named as provinces, they are the governorates (the offline tier's divisions)
    ("Hajjah", "admin1", "Hajjah"), ("Saada", "admin1", "Saada"),
])
def test_a_yemen_report_keeps_its_places(resolver, name, kind, place_name):
    res = resolver.resolve(name, ResolveContext(kind=kind, focus=("YE",)))
    assert res.resolved and res.place.country == "YE" and res.place.name == place_name
    assert (res.place.kind == "admin1") == (kind == "admin1")


def test_an_alternate_name_of_a_far_village_is_not_taken_alone(resolver):
    res = resolver.resolve("Maysalun")  # Syria; GeoNames lists it for Maythalun, Palestine
    assert not res.resolved and "alternate name" in res.reason
    assert not resolver.resolve("Maysalun", ResolveContext(focus=("SY",))).resolved


@pytest.mark.parametrize(("name", "place_id"), [
    ("Kuwait Cty", "kw-kuwait-city"),  # a typo of the city's name, not of the country's
    ("Al-Kuwayt", "kw-kuwait-city"),  # the city's very name, hyphen for space
    ("Kuwait", "kw"),
    ("Odessa", "geonames-698740"),  # Odesa: a million people; Odessa, Texas: 114,000
    ("Segu", "geonames-2451478"),  # Ségou's own name; only an alias of Séguéla
    # the own name of Sagaing (Myanmar) as written; Shanghai and Sagay only share its key
    ("Sagaing", "geonames-1298482"),
    # Horlivka's alias as asked, not a tie of curated near spellings (Karlivka, Grodovka)
    ("Gorlovka", "geonames-707753"),
])
def test_the_place_meant(resolver, name, place_id):
    res = resolver.resolve(name)
    assert res.resolved and res.place.id == place_id, (res.status, res.place, res.reason)


def test_a_hamlets_own_name_does_not_beat_a_citys_alias(resolver):
    """"Nikolaev" is the own name of a Russian village of 630 and an alias of Mykolaiv
    (470,000): never the village."""
    res = resolver.resolve("Nikolaev")
    assert not (res.resolved and res.place.country == "RU")
    ukraine = resolver.resolve("Nikolaev", ResolveContext(focus=("UA",)))
    assert ukraine.resolved and ukraine.place.id == "geonames-700569", ukraine.reason


@pytest.mark.parametrize(("name", "focus", "place_id"), [
    ("Tinzaouatine", "ML", "ml-tinzaouaten"),  # "Tin Zaouatine" written as one word
    ("Laukkaing", "MM", "geonames-13494766"),  # Burmese -aing; GeoNames "Laukkai"
    ("Sandaré", "ML", "ml-sandare"),  # Kayes region; not in cities500
])
def test_spellings_seen_in_reports(resolver, name, focus, place_id):
    for ctx in (None, ResolveContext(focus=(focus,))):
        res = resolver.resolve(name, ctx)
        assert res.resolved and res.place.id == place_id, (name, res.status, res.reason)
        assert res.match != "fuzzy"


def test_a_report_finds_names_written_as_one_word(resolver):
    from datetime import date

    from geo.extract.incidents import Extractor
    from geo.sources.articles import Article

    def places(text: str) -> dict:
        found = Extractor(resolver).extract(Article("t.txt", text, date(2024, 3, 1)))
        return {loc.mention.text: loc.resolution for loc in found.mentions}

    seen = places("Fighting raged around Laukkaing, the capital of the Kokang Self-Administered "
                  "Zone, Myanmar's junta said on Friday.")
    assert "Zone" not in seen
    assert seen["Laukkaing"].resolved and seen["Laukkaing"].place.country == "MM"
    seen = places("BAMAKO, July 2 - JNIM fighters attacked army posts near Tinzaouatine on "
                  "Friday, the army said. Positions in Niono and Sandaré were also attacked.")
    assert seen["Tinzaouatine"].resolved and seen["Tinzaouatine"].place.id == "ml-tinzaouaten"
    assert seen["Sandaré"].resolved and seen["Sandaré"].place.id == "ml-sandare"


def test_a_far_city_is_kept_by_its_key_only_for_a_full_name(resolver):
    """Inside a report on Israel, "Hodeidah" is still Al Hudaydah in Yemen (its folded key),
    but inside a report on Iraq a fragment "Ain" is not Al Ain in the Emirates."""
    assert resolver.resolve("Hodeidah", ResolveContext(focus=("IL",))).place.country == "YE"
    res = resolver.resolve("Ain", ResolveContext(focus=("IQ",)))
    assert res.place is None or res.place.country != "AE"


@pytest.mark.parametrize(("name", "country"), [("Rafah", "PS"), ("Odesa", "UA"),
                                               ("Kherson", "UA"), ("Sana'a", "YE")])
def test_a_city_by_its_own_name_beats_a_near_spelling_of_a_curated_place(resolver, name,
                                                                          country):
    """"Rafah" is the city of that name, not Raqqa by a near spelling made ambiguous."""
    res = resolver.resolve(name)
    assert res.resolved and res.place.country == country, (res.status, res.reason)


def test_a_far_city_by_an_alias_spelled_otherwise_is_no_answer(resolver):
    """In a report on Lebanon, "Toulin" (a village) is not Turin, whose alias "Tulin" only
    shares its folded key; "Hodeidah" written as GeoNames' "El-Hodeidah" still counts."""
    res = resolver.resolve("Toulin", ResolveContext(focus=("LB",)))
    assert res.place is None or res.place.country != "IT"
    assert resolver.resolve("Hodeidah", ResolveContext(focus=("IL",))).place.country == "YE"
