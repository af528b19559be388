"""Place mentions found with the full gazetteer."""

from __future__ import annotations

import pytest

from geo.extract.mentions import (
    _UNKNOWN_WORDS,
    BEFORE_HINT,
    CONNECTORS,
    TOKEN,
    UNKNOWN_PATTERNS,
    MentionFinder,
    _before_hint,
    _finditer_in,
    _stretches,
    _tokens,
)
from geo.extract.name_words import is_name_word
from geo.extract.relations import RELATIONS, _may_relate


@pytest.fixture(scope="module")
def finder(gazetteer):
    return MentionFinder(gazetteer)


def names(finder, text):
    return [m.lookup for m in finder.find(text)]


@pytest.mark.parametrize("spelling", ["Harab Cir", "Al-Shaddadi", "al-Omar", "al-Tanf",
                                      "Ain Al Asad", "Ayn al-Asad", "Deir Ezzor", "Qaim"])
def test_seed_and_variant_spellings(finder, spelling):
    assert names(finder, f"an attack on {spelling} today") == [spelling]


def test_generic_word_after_is_kept_as_kind(finder):
    [m] = finder.find("drones hit Harir airbase in the north")
    assert m.text == "Harir airbase" and m.lookup == "Harir" and m.kind_hint == "airbase"


def test_generic_word_before_gives_the_kind(finder):
    [m] = finder.find("a military base near the city of Erbil")
    assert m.kind_hint == "city"


def test_relation_distance(finder):
    [m] = finder.find("shot down a drone several kilometers from the Al-Asad Air Base")
    assert (m.relation, m.relation_km) == ("distance", 10.0)


def test_relation_distance_with_direction(finder):
    [m] = finder.find("a drone was intercepted 10 km north of al-Tanf")
    assert (m.relation, m.relation_km, m.direction) == ("distance", 10.0, "north")


def test_relation_direction_of_the_city_of(finder):
    found = finder.find("a US base in Al-Shaddadi, south of the city of Al-Hasakah")
    assert [(m.lookup, m.relation, m.direction) for m in found] == [
        ("Al-Shaddadi", "", ""), ("Al-Hasakah", "direction", "south")]


@pytest.mark.parametrize("phrase", ["near", "on the outskirts of", "close to"])
def test_relation_near(finder, phrase):
    [m] = finder.find(f"a drone was shot down {phrase} Erbil")
    assert m.relation == "near"


def test_part_of_country(finder):
    [m] = finder.find("two facilities in eastern Syria")
    assert (m.lookup, m.relation, m.direction) == ("Syria", "part", "east")


def test_possessive_is_marked_in_the_text(finder):
    found = finder.find("Iran's Revolutionary Guard and Syria's largest oil field")
    assert all(m.text.endswith("'s") for m in found)


def test_geonames_only_name_needs_a_locative_word(finder):
    # "Nasser" and "Kanani" are villages somewhere in GeoNames; as a name they are a person
    assert names(finder, "spokesperson Nasser Kanani said") == []


def test_name_running_on_is_not_a_geonames_place(finder):
    found = finder.find("the US base at Tal Baydar in Hasakah province")
    assert sorted((m.lookup, m.tier) for m in found) == [
        ("Hasakah", "curated"), ("Tal Baydar", "pattern")]


def test_name_listed_with_a_place_surfaces(finder):
    found = finder.find("the strikes hit positions in Qaim and Akashat near the border")
    assert ("Akashat", "pattern") in [(m.lookup, m.tier) for m in found]


def test_hyphenated_adjective_is_not_listed(finder):
    found = finder.find("support to Syria and Iraq-based militias")
    assert [m.lookup for m in found] == ["Syria"]


def test_arabic_script(finder):
    assert names(finder, "استهدفت قاعدة عين الأسد") != []


def test_masked_spans_are_not_places(finder):
    text = "Harir airbase"
    assert finder.find(text, masked=[(0, len(text))]) == []


@pytest.mark.parametrize("text", [
    "Ain al-Asad, Ain aL Asad and Ain AL-asad", "x-Ray --Harir 'Ain ’Ain Iran’s al-asad Al-asad",
    "Iraq-based north-Harir bin Laden's Umm Qasr ibn-Saud as at an and",
    "Émile école ıraq 12th ٣ _x",
    "al- -al al--Asad a-l-Asad", "",
])
def test_only_tokens_that_cannot_be_name_parts_are_skipped(text):
    every = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    kept = _tokens(text)
    assert [t for t in every if t in kept] == kept
    for word, _, _ in set(every) - set(kept):
        assert not (is_name_word(word) or word.lower() in CONNECTORS or word[0].isupper())


@pytest.mark.parametrize("text, expected", [
    ("an attack on Ain al Asad today", ["Ain al Asad"]),
    ("an attack on Ain aL Asad today", ["Ain aL Asad"]),
    ("an attack on Ain the Asad today", ["Ain", "Asad"]),  # a skipped word still parts them
    ("in Deir ez Zor", ["Deir ez Zor"]),
    ("in Deir the Zor", ["Deir"]),
])
def test_lowercase_words_join_or_part_names(finder, text, expected):
    assert names(finder, text) == expected


@pytest.mark.parametrize("text", [
    "the base in Kharab Jir, and Tal Baydar province", "was Raqqa province; the Zed US base.",
    "(Foo Bar airfield) the air  base at Qux Zed-Yy and the Tell, Baydar base",
    "Ain al Foo oil field, al-Bar gas\nfield, camp near Al Waleed”", "Tanf garrison",
    "airbase in Foo Bar Baz Qux Quux base", "the Foo military base. Bar airport/Baz base", "",
])
def test_unknown_patterns_searched_in_stretches_find_what_a_whole_scan_finds(text):
    stretches = _stretches(text, _UNKNOWN_WORDS)
    for pattern in UNKNOWN_PATTERNS:
        assert ([m.span("name") for m in _finditer_in(pattern, text, stretches)]
                == [m.span("name") for m in pattern.finditer(text)])


def test_unknown_names_stop_at_punctuation(finder):
    found = finder.find("the base in Kharab Jir, then Zorba, Baydar base")
    assert [(m.lookup, m.tier) for m in found] == [("Kharab Jir", "curated"),
                                                   ("Baydar", "pattern")]


@pytest.mark.parametrize("window", [
    "a drone 10 km north of the ", "several kilometers away from ", "3 miles outside of ",
    "south of the city of the ", "on the outskirts of Iran's ", "in the vicinity of ",
    "close to the ", "NORTHEASTERN ", "the south-west ", "outſide ", "nearby\n", "around the ",
])
def test_relative_phrases_pass_the_quick_test(window):
    assert any(pattern.search(window) for _, pattern in RELATIONS)
    assert _may_relate(window)


@pytest.mark.parametrize("window", ["in ", "attacks in the ", "north of", "and the old ", ""])
def test_other_words_before_a_name_fail_it(window):
    assert not _may_relate(window)
    assert not any(pattern.search(window) for _, pattern in RELATIONS)


@pytest.mark.parametrize("window", [
    "a base near the city of ", "the Base OF the ", "Airport of\n", "village of the  ", "city of",
    "the city of Erbil ", "of the old ", "",
])
def test_generic_word_before_is_looked_for_only_where_it_can_be(window):
    found, expected = _before_hint(window), BEFORE_HINT.search(window)
    assert (found and found.span()) == (expected and expected.span())
