"""Numbers of dead as reports write them."""

from __future__ import annotations

import pytest

from geo.extract.fatalities import fatalities_in, number_of


@pytest.mark.parametrize(("text", "dead"), [
    ("an air strike killed around two dozen people", 24),
    ("Ouagadougou, 5 October 2022 - Twenty-seven soldiers were killed", 27),  # no year
    ("The strike, on September 6, killed 16 civilians", 16),  # not the 6 of the date
    ("Three U.S. service members were killed and dozens injured", 3),
    ("fifteen people were killed", 15),
    ("twenty-one people were killed in the strike", 21),
    ("Thirty two soldiers were killed", 32),
    ("Seven people lost their lives in the attack", 7),
    ("The strike killed 1,200 people", 1200),
    ("a strike that killed 3 and wounded 12", 3),
])
def test_a_stated_toll_is_read(text, dead):
    assert fatalities_in(text) == dead


@pytest.mark.parametrize("text", [
    "a 2024 attack killed",  # a year is not a toll
    "the drone was shot down",
    "killing a 7-year-old",  # an age, not a count
])
def test_no_toll_is_read_where_none_is_stated(text):
    assert fatalities_in(text) is None


def test_number_words_compose():
    assert number_of("ninety-nine") == 99
    assert number_of("twenty") == 20
    assert number_of("1,005") == 1005
    assert number_of("umpteen") is None
