"""Datelines as wire services and francophone outlets write them."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.dateline import find_dateline


@pytest.mark.parametrize(("text", "place", "day"), [
    ("Ouagadougou, lundi 13 juin 2022 — The government said", "Ouagadougou", date(2022, 6, 13)),
    ("Bamako, 1er mars 2024 - Des hommes armés ont attaqué", "Bamako", date(2024, 3, 1)),
    ("Kyiv, Monday 13 June 2022 — Officials said", "Kyiv", date(2022, 6, 13)),
    ("AMMAN, Jan 29 (Reuters) - Three U.S. service members", "AMMAN", date(2024, 1, 29)),
])
def test_a_dateline_names_where_the_report_was_filed(text, place, day):
    found = find_dateline(text, date(2024, 1, 30))
    assert found is not None and found.place == place and found.day == day


@pytest.mark.parametrize("text", [
    "Kyiv – Russian missiles hit the capital overnight.",  # a subject, not a dateline
    "Kharkiv, the second city, was hit - officials said.",
    "Niamey, 31 février 2024 - no such day.",
])
def test_a_title_case_name_without_a_full_date_is_no_dateline(text):
    found = find_dateline(text, date(2024, 1, 30))
    assert found is None or found.day is None


def test_a_wire_dateline_below_a_statement_is_found_too():
    from geo.extract.dateline import wire_datelines

    text = ("Press statement, 20 November 2022\n\nThe operation began.\n\n"
            "ISTANBUL/BEIRUT, Nov 20 - Turkish warplanes pounded positions.\n"
            "Kyiv - a subject, not a dateline")
    assert [text[a:b] for a, b in wire_datelines(text)] == ["ISTANBUL/BEIRUT, Nov 20 - "]
    assert wire_datelines("\n\n") == []
