"""From article text to incident drafts."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.incidents import Extractor
from geo.extract.scope import make_scope
from geo.resolve.chain import Resolver
from geo.sources.articles import Article

PUBLISHED = date(2024, 1, 8)  # a Monday


@pytest.fixture(scope="module")
def extractor(gazetteer):
    return Extractor(Resolver(gazetteer))


def drafts(extractor, text, published=PUBLISHED):
    return extractor.extract(Article("t.txt", text, published)).drafts


def places(found):
    return sorted(d.resolution.place.id if d.resolution and d.resolution.place
                  else d.place_name for d in found)


def test_descriptor_and_container_places_are_dropped(extractor):
    found = drafts(extractor, "Militias attacked the US base at Al-Shaddadi, south of the city "
                              "of Al-Hasakah, northeast Syria, on Sunday.")
    assert places(found) == ["sy-al-shaddadi"]
    assert found[0].event_date == date(2024, 1, 7)


def test_province_containing_the_site_is_dropped(extractor):
    found = drafts(extractor, "Rockets were fired on Tuesday at the US base at the Conoco gas "
                              "field in Deir Ezzor province.")
    assert places(found) == ["sy-conoco-gas-field"]
    assert found[0].event_type == "rocket attack"


def test_part_of_country_describing_a_site_is_dropped(extractor):
    found = drafts(extractor, "A drone struck Tower 22, a small outpost in northeastern Jordan, "
                              "on Sunday, US officials said.")
    assert places(found) == ["jo-tower-22"]
    assert found[0].status == "confirmed"


def test_place_set_by_distance_from_another_is_a_reference(extractor):
    found = drafts(extractor, "US forces struck a Kataib Hezbollah site near Hillah, about "
                              "100 km south of Baghdad, on Monday.")
    assert places(found) == ["iq-hillah"]
    assert found[0].event_type == "airstrike" and found[0].relation == "near"


def test_scope_by_country_drops_places_elsewhere(extractor):
    text = "US forces in Iraq and militias claimed a drone attack on Tel Aviv on Sunday."
    assert "il-tel-aviv" in places(drafts(extractor, text))  # the default takes every event
    narrow = Extractor(extractor.resolver, scope=make_scope("us-forces-iraq-syria"))
    assert "il-tel-aviv" not in places(drafts(narrow, text))


def test_scope_by_party(extractor):
    text = "Israel killed a senior Hamas official in Beirut on Tuesday."
    [found] = drafts(extractor, text)
    assert found.place_name == "Beirut"
    narrow = Extractor(extractor.resolver, scope=make_scope("us-forces-iraq-syria"))
    assert drafts(narrow, text) == []


def test_speaker_out_of_scope_does_not_hide_the_event(extractor):
    found = drafts(extractor, "Militants fired rockets at Ain al-Asad on Friday.\n\nLast week, "
                              "a rocket attack on the Rumalyn base caused no casualties, the "
                              "Syrian Democratic Forces said.")
    assert places(found) == ["iq-ain-al-asad-air-base", "sy-rumalyn-landing-zone"]


def test_aggregate_is_one_record_without_a_point(extractor):
    [agg] = drafts(extractor, "US forces in Iraq and Syria were targeted 20 times between "
                              "October 17 and 27, the Pentagon said.", date(2023, 10, 29))
    assert agg.event_count == 20 and agg.resolution is None
    assert (agg.event_date, agg.date_end) == (date(2023, 10, 17), date(2023, 10, 27))


def test_history_is_skipped(extractor):
    text = ("Ain al-Asad was hit by Iranian ballistic missiles in January 2020, days after a US "
            "drone strike killed Qasem Soleimani near Baghdad airport.")
    assert drafts(extractor, text) == []


def test_hypotheticals_are_skipped(extractor):
    assert drafts(extractor, "Militias threatened to attack Ain al-Asad if the US would stay; "
                             "Biden said the US will respond to attacks in Syria.") == []


def test_us_drone_strike_is_an_airstrike(extractor):
    [d] = drafts(extractor, "A US drone strike killed a Harakat al-Nujaba commander in eastern "
                            "Baghdad on Thursday, the Pentagon said.")
    assert (d.event_type, d.actor, d.target) == ("airstrike", "US forces", "Harakat al-Nujaba")
    assert d.event_date == date(2024, 1, 4)


def test_the_strikes_after_us_strikes_are_airstrikes(extractor):
    found = drafts(extractor, "US bombers struck seven sites in Iraq and Syria on Friday night."
                              "\n\nIraqi officials said the strikes hit positions of Kataib "
                              "Hezbollah in Qaim.", date(2024, 2, 3))
    qaim = [d for d in found if d.place_name == "Qaim"]
    assert [d.event_type for d in qaim] == ["airstrike"]


def test_claim_and_denial_make_a_disputed_incident(extractor):
    found = drafts(extractor, "The Islamic Resistance in Iraq claimed a drone attack on Harir "
                              "airbase today. Officials said no attack has been reported.",
                   date(2024, 2, 3))
    assert [d.status for d in found] == ["disputed"]


def test_unknown_publication_date_leaves_relative_dates_unset(extractor):
    [d] = drafts(extractor, "Militias claimed a drone attack on Harir airbase on Friday.", None)
    assert d.event_date is None and "without a publication date" in d.notes


def test_name_missing_from_the_gazetteer_stays_a_named_place(extractor):
    found = drafts(extractor, "US strikes hit positions in Qaim and Akashat on Friday.",
                   date(2024, 2, 3))
    akashat = [d for d in found if d.place_name == "Akashat"]
    assert len(akashat) == 1 and not akashat[0].resolution.resolved


def test_mentions_carry_offsets_into_the_article_text(extractor):
    text = ("Drones struck Harir airbase on Sunday. Separately, a rocket hit the Ain al-Asad "
            "base, 10 km north of Hit. A US strike hit a car near Baghdad.")
    found = extractor.extract(Article("t.txt", text, PUBLISHED))
    assert len(found.mentions) >= 4
    for loc in found.mentions:
        assert text[loc.mention.begin:loc.mention.end] == loc.mention.text
    [near] = [d for d in found.drafts if d.relation == "near"]
    assert "located as written: “near Baghdad”" in near.notes


def test_background_clause_is_not_an_event(extractor):
    text = ("Drones struck Harir airbase on Sunday, days after a US strike near Baghdad. "
            "The attacks come amid the war in Gaza, with Israeli strikes on Rafah on Saturday.")
    assert places(drafts(extractor, text)) == ["iq-harir-air-base"]


def test_dateline_city_is_where_the_report_was_filed(extractor):
    text = ("AMMAN, Jan 29, 2024 (Wire) – A drone struck Tower 22 in northeastern Jordan "
            "on Sunday, killing three US soldiers.")
    [found] = drafts(extractor, text, date(2024, 1, 30))
    assert found.place_name.startswith("Tower 22")
    assert found.event_date == date(2024, 1, 28)  # Sunday before the dateline's Monday
    assert found.fatalities == 3


def test_two_events_in_one_sentence(extractor):
    text = ("Militants fired a rocket at Ain al-Asad on Friday and US forces struck back at "
            "Jurf al-Sakhar hours later.")
    found = drafts(extractor, text)
    assert [(d.event_type, d.actor) for d in found] == [
        ("rocket attack", "Iran-backed militias"), ("airstrike", "US forces")] or \
        sorted(d.event_type for d in found) == ["airstrike", "rocket attack"]
    assert all(d.event_date == date(2024, 1, 5) for d in found)


def test_an_attack_on_a_name_that_is_a_town_and_a_base_is_on_the_base(extractor):
    [found] = drafts(extractor, "Drones struck Harir on Sunday, the militia said.")
    assert found.resolution.place.kind == "airbase"
    assert extractor.resolver.resolve("Harir").place.kind == "town"  # alone: the town
