"""Dates in report text, against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from geo.extract.dates import find_dates

SUNDAY = date(2023, 10, 29)


def only(text: str, published: date | None = SUNDAY):
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0]


def test_explicit_day_takes_the_year_of_publication():
    d = only("attacked on October 17", SUNDAY)
    assert (d.start, d.end, d.precision) == (date(2023, 10, 17), date(2023, 10, 17), 1)


def test_explicit_day_after_publication_is_last_year():
    d = only("on December 20", date(2024, 1, 3))
    assert d.start == date(2023, 12, 20)


def test_range_between_two_days():
    d = only("targeted 20 times between October 17 and 27")
    assert (d.start, d.end, d.kind) == (date(2023, 10, 17), date(2023, 10, 27), "range")
    assert d.precision == 3  # eleven days


def test_range_across_the_new_year():
    d = only("from December 28 to January 2", date(2024, 1, 5))
    assert (d.start, d.end) == (date(2023, 12, 28), date(2024, 1, 2))


@pytest.mark.parametrize("weekday, expected", [
    ("Friday", date(2023, 10, 27)),
    ("Thursday", date(2023, 10, 26)),
    ("Monday", date(2023, 10, 23)),
    ("Sunday", SUNDAY),  # the publication weekday itself is that day
])
def test_weekday_is_the_latest_such_day(weekday, expected):
    d = only(f"the attack on {weekday}")
    assert (d.start, d.precision) == (expected, 1)


def test_last_weekday_is_strictly_before():
    assert only("last Sunday").start == date(2023, 10, 22)


def test_last_week_is_the_previous_monday_to_sunday():
    d = only("Last week, the US military said")
    assert (d.start, d.end, d.precision) == (date(2023, 10, 16), date(2023, 10, 22), 2)


def test_overnight_spans_the_night_before():
    d = only("rockets were fired overnight", date(2024, 1, 21))
    assert (d.start, d.end) == (date(2024, 1, 20), date(2024, 1, 21))


def test_since_weekday_runs_to_publication():
    d = only("since Wednesday, there have been attacks", date(2023, 11, 5))
    assert (d.start, d.end) == (date(2023, 11, 1), date(2023, 11, 5))


def test_since_a_day_runs_to_publication():
    d = only("since October 17", date(2023, 11, 13))
    assert (d.start, d.end) == (date(2023, 10, 17), date(2023, 11, 13))


def test_last_weekend_read_on_a_saturday_is_the_one_before():
    d = only("the attack last weekend", date(2024, 2, 3))
    assert (d.start, d.end) == (date(2024, 1, 27), date(2024, 1, 28))


def test_month_and_year_is_a_month():
    d = only("the January 2020 assassination")
    assert (d.start, d.end, d.precision) == (date(2020, 1, 1), date(2020, 1, 31), 3)


def test_unknown_publication_leaves_relative_dates_unresolved():
    found = find_dates("on Friday, and since Wednesday, and last week", None)
    assert [d.kind for d in found] == ["weekday", "since_weekday", "relative"]
    assert all(d.start is None and d.precision is None for d in found)


def test_unknown_publication_still_reads_explicit_dates():
    d = only("on 2023-10-19", None)
    assert d.start == date(2023, 10, 19)


def test_speech_date_is_marked():
    d = only("A US defense official told Sputnik Friday that")
    assert d.speech and d.start == date(2023, 10, 27)


def test_counts_and_distances_are_not_dates():
    assert find_dates("some 900 troops and 2,500 in Iraq, 10 km away", SUNDAY) == []


def test_invalid_day_is_skipped():
    assert find_dates("on February 30", date(2024, 3, 1)) == []


@pytest.mark.parametrize("lead", ["In Baghdad", "In İzmir"])  # "İ" lowers to two characters
def test_offsets_and_values_hold_whatever_lower_casing_does(lead):
    text = f"{lead} on OCTOBER 17 and LAST Friday, officials said"
    found = find_dates(text, SUNDAY)
    assert [(d.kind, d.start, text[d.begin:d.stop], d.text) for d in found] == [
        ("mdy", date(2023, 10, 17), "OCTOBER 17", "OCTOBER 17"),
        ("weekday", date(2023, 10, 27), "LAST Friday", "LAST Friday")]


def test_so_many_days_weeks_or_months_ago():
    from geo.extract.dates import find_dates

    pub = date(2023, 10, 31)

    def span(text):
        [d] = find_dates(text, pub)
        return d.start, d.end, d.precision

    assert span("the blast three days ago") == (date(2023, 10, 28), date(2023, 10, 28), 1)
    assert span("the blast two weeks ago") == (date(2023, 10, 14), date(2023, 10, 20), 2)
    assert span("a raid two months ago")[2] == 3
    assert find_dates("long ago", pub) == []


def test_a_weekday_to_come_is_no_date():
    published = date(2024, 8, 1)  # a Thursday
    assert find_dates("operations would resume on Friday.", published) == []
    assert find_dates("Hezbollah said it will hit back on Friday.", published) == []
    [past] = find_dates("The strike on Friday killed two.", published)
    assert past.start == date(2024, 7, 26)
