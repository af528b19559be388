"""Two weekdays told as one stretch make one date range; bombs set on the ground make no air
strike."""

from __future__ import annotations

from datetime import date

from geo.extract.cues import type_cue
from geo.extract.dates import find_dates


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
