"""Phrasings met in wire copy from other hands than the corpus writers': a country's
possessive before a city, an actor named by the adjective of its strike, fighting that only
frames a strike, a generic alias of another war, and ", a day after ..."."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.actors import ActorLexicon
from geo.extract.dates import find_dates
from geo.extract.parties import parties
from geo.resolve.chain import Resolver
from tests.geo.extract.phrasing import drafts_of as _drafts


def test_a_country_possessive_does_not_swallow_the_city_after_it(extractor):
    found = _drafts(extractor, "A vessel 60 nautical miles southeast of Yemen's Aden reported "
                               "a missile splashing into the sea on Monday.")
    assert [(d.event_type, d.place_name, d.event_date) for d in found] == \
        [("missile attack", "Aden", date(2024, 11, 18))]


@pytest.mark.parametrize(("text", "agent"), [
    ("Two civilians were killed in an Israeli strike on their home.", "Israel Defense Forces"),
    ("Two civilians were killed in their home.", None),
])
def test_the_adjective_of_a_strike_names_its_agent(text, agent):
    lexicon = ActorLexicon.load()
    who = parties(text, lexicon.find(text))
    assert (who.agent.actor.name if who.agent else None) == agent


def test_fighting_around_a_strike_does_not_make_it_a_clash(extractor):
    found = _drafts(extractor, "Two civilians were killed in an Israeli strike on their home in "
                               "Nabatieh on Sunday, as fighting between Israel and Hezbollah "
                               "intensified.", date(2024, 6, 2))
    assert [(d.event_type, d.place_name) for d in found] == [("airstrike", "Nabatieh")]


def test_a_generic_alias_of_another_war_is_recorded_as_written(extractor):
    found = _drafts(extractor, "Early Thursday, the resistance fighters targeted a US base at "
                               "al-Shaddadi in Syria with drones.", date(2023, 12, 14))
    assert [d.actor for d in found] == ["resistance fighters"]
    found = _drafts(extractor, "Resistance fighters attacked a junta outpost near Monywa in "
                               "Myanmar's Sagaing region on Thursday.", date(2023, 12, 14))
    assert [d.actor for d in found] == ["People's Defence Force"]


def test_a_day_after_after_a_comma_counts_back():
    spans = find_dates("Hezbollah said on Friday it fired drones, a day after it attacked Metula.",
                       date(2024, 5, 17))
    chained = [d for d in spans if d.kind == "chained"]
    assert [d.offset for d in chained] == [-1]


@pytest.mark.parametrize("text", [
    "Rocket fire on the U.S. embassy in Baghdad has become routine.",
    "Security forces later found seven launch platforms in the Abu Azam area north of Baghdad.",
    "There was no fighting in the area, residents of Hpakant said.",
    "The town had largely been spared the fighting since the army retook Sinja last year.",
    "The junta has promised to put the fight against the armed groups around Djibo first.",
    "The army seldom names the groups it fights near Tera.",
])
def test_habits_and_found_launchers_are_no_events(extractor, text):
    assert _drafts(extractor, text, date(2021, 4, 15)) == []


def test_a_colon_turns_to_the_event_it_introduces(extractor):
    found = _drafts(extractor, "Rockets hit Ain al-Asad on Wednesday. It was the second attack "
                               "on Ain al-Asad this week: three rockets struck the base on "
                               "Monday.", date(2021, 7, 7))
    assert sorted(d.event_date for d in found) == [date(2021, 7, 5), date(2021, 7, 7)]


@pytest.mark.parametrize("text", [
    "The SDF on Saturday confirmed that a drone struck near the airport on Friday.",
    "A spokesperson told Rudaw by email early on Saturday that a convoy was struck on Friday.",
])
def test_the_day_of_a_statement_is_not_the_event_day(text):
    spans = find_dates(text, date(2023, 4, 8))
    assert [(d.speech, d.start) for d in spans] == \
        [(True, date(2023, 4, 8)), (False, date(2023, 4, 7))]


def test_a_month_in_a_date_is_no_place(extractor):
    found = _drafts(extractor, "Coalition aircraft struck positions in Hasakah between Jan. 20 "
                               "and Jan. 26.", date(2022, 1, 27))
    assert {d.place_name for d in found} == {"Hasakah"}


def test_funerals_tell_no_event_but_name_the_place_of_the_one_told_next(extractor):
    found = _drafts(extractor, "Officials held funerals for victims of the Russian strike on the "
                               "Kostiantynivka market in Donetsk Oblast. The strike, on "
                               "September 6, killed 16 civilians.", date(2023, 9, 8))
    assert [(d.place_name, d.event_date, d.fatalities) for d in found] == \
        [("Kostiantynivka", date(2023, 9, 6), 16)]


def test_the_strike_after_an_aftermath_is_the_event_and_a_family_name_no_place(extractor):
    found = _drafts(extractor, "Rescuers pulled bodies from the ruins of a building in Beit "
                               "Lahiya on Tuesday after an Israeli strike flattened it, killing "
                               "at least 93 people. Umm Malik Abu Nasr said the Abu Nasr "
                               "building was hit at 4 a.m.", date(2024, 10, 30))
    assert [(d.event_type, d.place_name, d.fatalities) for d in found][:1] == \
        [("airstrike", "Beit Lahiya", 93)]
    assert "Nasr" not in {d.place_name for d in found}


def test_how_a_war_began_is_no_event(extractor):
    assert _drafts(extractor, "The war began with Hamas's attack on southern Israel, which "
                              "killed about 1,200 people.", date(2024, 10, 30)) == []


def test_a_ships_name_is_no_place_where_it_stands_again(extractor):
    found = _drafts(extractor, "The Houthis fired four missiles at M/V HUANG PU, a tanker, west "
                               "of Mokha on Saturday. HUANG PU was hit and issued a distress "
                               "call.", date(2024, 3, 24))
    assert {d.place_name for d in found} == {"Mokha"}


def _tolls(gazetteer, tmp_path, day: str, text: str) -> list[int]:
    """The tolls of the incidents one report gives, merged as `geo ingest` merges them."""
    from geo.pipeline.ingest import ingest_paths

    report = tmp_path / "r.txt"
    report.write_text(f"date {day}\n\n{text}\n", encoding="utf-8")
    return sorted(ingest_paths([report], resolver=Resolver(gazetteer)).layers.incidents[
        "fatalities"])


def test_another_strike_stays_its_own_incident(gazetteer, tmp_path):
    assert _tolls(gazetteer, tmp_path, "2024-10-30",
                  "An Israeli strike on Beit Lahiya killed at least 93 people on Tuesday. Later "
                  "on Tuesday another Israeli strike on Beit Lahiya killed at least 19 "
                  "people.") == [19, 93]


def test_people_who_report_a_strike_are_not_its_agent():
    text = "Residents also report an Israeli strike on the Hezyaz power plant."
    who = parties(text, ActorLexicon.load().find(text))
    assert who.agent is not None and who.agent.actor.name == "Israel Defense Forces"


def test_people_who_fled_fighting_tell_of_no_fight(extractor):
    assert _drafts(extractor, "Tawila, North Darfur, hosts hundreds of thousands of people who "
                              "fled fighting in and around El Fasher.", date(2025, 7, 24)) == []


def test_two_shellings_on_days_next_to_each_other_with_far_apart_tolls_stay_apart(gazetteer,
                                                                                   tmp_path):
    assert _tolls(gazetteer, tmp_path, "2025-04-24",
                  "The RSF shelled El Fasher on Tuesday, killing at least eight civilians. The "
                  "army said RSF artillery killed 47 civilians in El Fasher on Monday.") == [8, 47]


def test_those_who_chase_the_bombers_are_not_the_agent():
    text = "The two men blew themselves up while being chased by security forces."
    assert parties(text, ActorLexicon.load().find(text)).agent is None


def test_an_aftermath_counted_back_dates_its_event(extractor):
    found = _drafts(extractor, "SANAA, Jan 22 (Wire) - Rescuers were still digging through the "
                               "collapsed prison in Saada on Saturday, a day after an air strike "
                               "by the Saudi-led coalition brought it down.", date(2022, 1, 22))
    assert [(d.place_name, d.event_date) for d in found] == [("Saada", date(2022, 1, 21))]


def test_a_drone_brought_down_by_a_missile_is_an_interception():
    from geo.extract.cues import type_cue

    assert type_cue("Hezbollah said it had brought down a Hermes 450 drone with a "
                    "surface-to-air missile").event_type == "interception"


def test_a_quoted_cause_does_not_place_the_strike_told_before(extractor):
    found = _drafts(extractor, "U.S. Central Command announced new strikes on militants in Syria "
                               "on Tuesday. The strikes targeted a weapons storage facility, "
                               "CENTCOM said, \"in response to a rocket attack on U.S. personnel "
                               "at Patrol Base Shaddadi.\"", date(2024, 11, 13))
    assert not any(d.event_type == "airstrike" and "Shaddadi" in d.place_name for d in found)


def test_what_a_strike_was_in_response_to_places_nothing(extractor):
    found = _drafts(extractor, "The U.S. strike was in response to a spate of rocket attacks "
                               "that targeted the American presence, including one that killed "
                               "a contractor outside the airport in the city of Irbil.",
                    date(2021, 3, 3))
    assert not any("Irbil" in d.place_name for d in found)


def test_a_count_of_regions_targeted_is_no_list_of_events(extractor):
    assert _drafts(extractor, "Russia targeted a total of 10 Ukrainian oblasts — Chernihiv, Sumy, "
                              "Mykolaiv, Luhansk, Odesa, Dnipropetrovsk, Kherson, Zaporizhzhia, "
                              "Kharkiv, and Donetsk.", date(2024, 4, 15)) == []


def test_a_dateline_of_two_places_is_no_event_place(extractor):
    found = _drafts(extractor, "KHAN YOUNIS, Gaza Strip, and TEL AVIV, Israel — An Israeli "
                               "airstrike early Tuesday on al-Muwasi, west of Khan Younis, killed "
                               "19 Palestinians.", date(2024, 9, 10))
    assert "TEL AVIV" not in {d.place_name for d in found} and found


def test_repeated_attacks_are_a_habit(extractor):
    assert _drafts(extractor, "There have been repeated attacks on Khan Younis, Rafah and "
                              "al-Mawasi in the south of the enclave.", date(2024, 7, 4)) == []


@pytest.mark.parametrize("text", [
    "Satellite imagery revealed that the RSF had deployed at least 43 drones at Nyala airport.",
    "A drone hit the RSF-controlled airbase on Friday.",
])
def test_imagery_and_whose_base_it_is_place_no_event(extractor, text):
    assert _drafts(extractor, text, date(2025, 10, 9)) == []


@pytest.mark.parametrize("text", [
    "More than a dozen soldiers died on Monday as armed groups attacked northern Burkina Faso.",
    "The military detachment of the Koutougou department in Soum province was the target of an "
    "attack.",
])
def test_those_who_died_or_were_targeted_are_no_agents(text):
    who = parties(text, ActorLexicon.load().find(text))
    assert who.agent is None or who.agent.actor.name not in ("soldiers", "the military")


def test_where_the_victims_came_from_is_not_where_it_happened(extractor):
    found = _drafts(extractor, "Shells hit a resort in Zakho district on Wednesday, killing nine "
                               "tourists. Most of those killed were reported to be from Baghdad, "
                               "Babil and Karbala.", date(2022, 7, 21))
    assert {d.place_name for d in found} == {"Zakho district"}


def test_a_far_village_of_another_war_does_not_take_a_neighbourhoods_name(extractor):
    found = _drafts(extractor, "KOSTI, Sudan - Army air defences downed drones over Kosti and "
                               "Khartoum on Friday. RSF shelling on Thursday struck the "
                               "residential neighbourhoods of Al-Thawra and Al-Manara in northern "
                               "Omdurman.",
                    date(2024, 6, 8))
    assert {d.country for d in found} == {"SD"}


def test_a_dateline_with_the_date_first_is_no_event_place(extractor):
    found = _drafts(extractor, "June 7, 2024 (KOSTI) – Army air defences shot down two drones over "
                               "the Kenana air base on Friday.", date(2024, 6, 8))
    assert "KOSTI" not in {d.place_name for d in found}


@pytest.mark.parametrize("text", [
    "The strikes came a day after the army commander arrived in Kosti on a tour that also "
    "includes Al-Managil.",
    "RSF shelling from Bahri on Thursday struck the Al-Thawra neighbourhood of Omdurman.",
])
def test_visits_and_launch_sites_place_no_event(extractor, text):
    found = _drafts(extractor, text, date(2024, 6, 8))
    assert not {d.place_name for d in found} & {"Kosti", "Al-Managil", "Bahri"}


#: Place phrasings and the event places they give (with the publication day).
EVENT_PLACES = [
    pytest.param(
        "2 April, 22:20 | HOMS: Israeli jets struck the T4 military "
        "airport in the eastern countryside.",
        date(2025, 4, 3), ["T4 military airport"],
        id="a_heading_province_gives_way_to_the_site_in_its_line"),
    pytest.param(
        "Israeli artillery shelled the outskirts of Tal al-Jumu'a, between "
        "Nawa and the village of Tasil, on Wednesday.",
        date(2025, 4, 3), ["Nawa"],
        id="the_far_end_of_a_stretch_between_two_places_is_not_an_event_place"),
    pytest.param(
        "The Khotin, Yunakivka, Bilopillia and Esman hromadas came under "
        "Russian fire in Sumy Oblast on Sunday.",
        date(2024, 4, 14), ["Khotin", "Yunakivka", "Bilopillia", "Esman"],
        id="names_listed_before_their_kind_are_places"),
    pytest.param(
        "Three drones attacked At-Tanf Garrison on Friday, launched by "
        "groups operating in Syria or Iraq, SOHR said.",
        date(2023, 1, 21), ["At-Tanf Garrison"],
        id="where_groups_operate_is_not_where_the_event_was"),
    pytest.param(
        "Four fighters were killed on Monday in a coalition air strike on "
        "a facility in the Al Mayadeen area of eastern Syria.",
        date(2024, 11, 12), ["Al Mayadeen area"],
        id="a_broadcasters_name_followed_by_area_is_a_place"),
    pytest.param(
        "The attack targeted the base at Al-Harir, 70 kilometers (45 "
        "miles) northeast of Arbil, on Friday.",
        date(2021, 7, 24), ["Al-Harir"],
        id="a_distance_given_twice_still_only_situates"),
    pytest.param(
        "Russian troops dropped an aerial bomb on a building in Donetsk "
        "Oblast's village of Ocheretyne on Monday.",
        date(2024, 4, 15), ["Ocheretyne"],
        id="an_oblasts_village_is_the_village"),
    pytest.param(
        "Al-Harir airbase, which hosts US and international forces near Erbil, was "
        "targeted by an armed drone on Saturday.",
        date(2023, 11, 11), ["Al-Harir airbase"],
        id="where_a_base_that_hosts_troops_lies_only_situates_it"),
    pytest.param(
        "On Dec. 25, armed groups targeted the coalition's base in Al-Shaddadi area in "
        "the southern countryside of Al-Hasakah.",
        date(2023, 1, 4), ["Al-Shaddadi area"],
        id="the_countryside_of_a_city_only_situates"),
    pytest.param(
        "SOHR said cells were to blame for the rockets that targeted the Koniko gas field "
        "base in Deir ez-Zor this morning.",
        date(2023, 1, 4), ["Koniko gas field"],
        id="a_sites_base_in_a_province_is_the_site"),
    pytest.param(
        "Militias launched two drones at the Harir airbase on Wednesday, shortly after the "
        "airstrike.",
        date(2023, 11, 9), ["Harir airbase"],
        id="the_airstrike_a_clause_looks_back_to_is_no_new_event"),
    pytest.param(
        "Militants claimed a booby-trapped drone attack on al-Shaddadi base on Monday.",
        date(2024, 1, 1), ["al-Shaddadi base"],
        id="a_booby_trapped_drone_is_a_drone"),
]


@pytest.mark.parametrize("text", [
    "Balad base, north of Baghdad, hosts U.S. contractors and Iraqi fighter jets.",
    "Al-Harir airbase hit by another drone attack",
])
def test_aircraft_at_a_base_are_no_event_and_a_headlines_another_is_this_one(extractor, text):
    drafts = _drafts(extractor, text, date(2023, 11, 11))
    assert all("further" not in d.notes for d in drafts) and len(drafts) <= 1
    assert [d.event_type for d in drafts] in ([], ["drone attack"])


@pytest.mark.parametrize(("text", "day", "places"), EVENT_PLACES)
def test_event_places_of_a_phrasing(extractor, text, day, places):
    assert [d.place_name for d in _drafts(extractor, text, day)] == places
