"""Two weekdays told as one stretch make one date range; bombs set on the ground make no air
strike."""

from __future__ import annotations

from datetime import date

from geo.extract.cues import type_cue
from geo.extract.dates import find_dates
from geo.extract.talk import talk_not_event
from tests.geo.extract.phrasing import drafts_of


def test_two_weekdays_of_one_stretch_are_one_range():
    text = "Soldiers swept the area on Tuesday and Wednesday, the ministry said late Thursday."
    found = find_dates(text, date(2024, 3, 23))
    assert [(d.kind, d.start, d.end) for d in found if not d.speech] == \
        [("range", date(2024, 3, 19), date(2024, 3, 20))]


def test_two_weekdays_told_apart_stay_two_days():
    found = find_dates("Strikes hit Gaza on Monday. On Tuesday, more strikes.",
                       date(2024, 3, 23))
    assert [d.kind for d in found] == ["weekday", "weekday"]


def test_home_made_bombs_are_no_aircraft():
    assert not type_cue("Gunmen attacked the army unit using home-made bombs and suicide "
                        "vehicles.").air
    assert type_cue("Warplanes dropped bombs on the town.").air


def test_what_a_people_fights_for_and_what_a_region_has_seen_are_no_events():
    for text in ("The Tuareg inhabit parts of northern Mali and are fighting for an independent "
                 "homeland.",
                 "The region has seen some of the worst violence over the past year.",
                 "These clashes are an extension of the war that has engulfed the city.",
                 "Fighting to isolate junta troops in the township is intensifying."):
        assert talk_not_event(text, False), text
    assert not talk_not_event("Rebels fought the army in Kidal on Sunday.", False)


def test_a_headline_for_part_of_a_country_repeats_the_body_event_in_part_of_a_province(
        extractor):
    text = ("Drone attack in northern Mali kills at least 8\n\nAt least eight people were "
            "killed in a drone strike at a fair in Mali's northern Timbuktu region, rebels said "
            "on Tuesday.")
    assert [d.place_name for d in drafts_of(extractor, text, date(2024, 10, 23))] == \
        ["Timbuktu region"]


def test_a_capital_that_describes_an_attack_is_no_place_of_it(extractor):
    text = ("The strikes on Sumy came after a day in which Russia targeted the power grid in "
            "what Kyiv described as a massive attack involving 120 missiles.")
    assert "Kyiv" not in {d.place_name for d in drafts_of(extractor, text, date(2024, 11, 18))}


def test_interceptions_on_several_occasions_are_a_habit():
    assert talk_not_event("Israel has also announced that it has intercepted drones outside its "
                          "airspace on several occasions.", False)


def test_the_start_or_end_of_a_month_is_its_first_or_last_days():
    found = find_dates("Around 40 died in an attack at the start of July and over 20 in "
                       "another at the end of May.", date(2024, 7, 22))
    assert [(d.start, d.end) for d in found] == [
        (date(2024, 7, 1), date(2024, 7, 10)), (date(2024, 5, 21), date(2024, 5, 31))]
    assert find_dates("until the end of the war", date(2024, 7, 22)) == []
