"""Where a sentence turns to a second event, and where it only goes on with the first."""

from __future__ import annotations

from geo.extract.sentences import Span
from geo.extract.turns import split_turns


def cuts(text):
    return [s.text for s in split_turns([Span(text, 0, 0)])]


def test_a_toll_after_and_is_the_same_event():
    assert len(cuts("Gunmen stormed a wedding in a village on Monday and killed 21 people.")) == 1


def test_a_new_subject_that_strikes_is_a_second_event():
    parts = cuts("Militants fired a missile at Erbil and US forces struck back at Qaim.")
    assert len(parts) == 2 and parts[1].startswith("and US forces")


def test_an_event_after_which_the_sentence_came_is_cut_off_as_background():
    parts = cuts("U.S. jets hit Kataib Hezbollah in Iraq and Syria after contractor killed near "
                 "Kirkuk")
    assert parts[-1].startswith("after contractor killed")


def test_an_event_dated_from_the_sentence_stays_with_it():
    assert len(cuts("The killing came ten days after a drone attack on Tower 22 killed three "
                    "soldiers.")) == 1
