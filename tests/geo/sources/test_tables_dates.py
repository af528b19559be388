"""Table date cells -> day, optional last day and ACLED time precision."""

from __future__ import annotations

from datetime import date

import pytest

from geo.sources.table_dates import numeric_order, parse_date, precision_of_span


@pytest.mark.parametrize(
    "text",
    [
        "2023-10-29",
        "2023/10/29",
        "2023-10-29T18:30:00Z",
        "29/10/2023",
        "29.10.2023",
        "29-10-23",
        "10/29/2023",
        "29 October 2023",
        "29th Oct 2023",
        "29-Oct-2023",
        "Sunday, 29 October 2023",
        "Oct 29, 2023",
        "October 29 2023",
        "Oct. 29, 2023",
    ],
)
def test_one_day_in_many_forms(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None, text
    assert (parsed.start, parsed.end, parsed.precision) == (date(2023, 10, 29), None, 1)


def test_ambiguous_numbers_follow_day_first() -> None:
    assert parse_date("03/04/2024").start == date(2024, 4, 3)
    assert parse_date("03/04/2024", day_first=False).start == date(2024, 3, 4)
    # a part above 12 decides on its own, whatever the default
    assert parse_date("04/13/2024").start == date(2024, 4, 13)
    assert parse_date("13/04/2024", day_first=False).start == date(2024, 4, 13)
    assert [numeric_order(t) for t in ("13/04/2024", "04/13/2024", "03/04/2024", "x")] == [
        "dmy",
        "mdy",
        "either",
        None,
    ]


def test_months_and_weeks() -> None:
    month = parse_date("2023-10")
    assert (month.start, month.precision) == (date(2023, 10, 1), 3)
    assert parse_date("November 2023").start == date(2023, 11, 1)
    week = parse_date("2023-W44")
    assert (week.start, week.precision) == (date(2023, 10, 30), 2)
    assert week.start.isoweekday() == 1
    assert parse_date("2024W05").start == date(2024, 1, 29)


@pytest.mark.parametrize(
    ("text", "end", "precision"),
    [
        ("2023-10-17/2023-10-27", date(2023, 10, 27), 3),
        ("2023-10-17 to 2023-10-18", date(2023, 10, 18), 1),
        ("17 October 2023 - 23 October 2023", date(2023, 10, 23), 2),
        ("2023-10-17 – 2023-10-24", date(2023, 10, 24), 2),
        ("2023-10-17/2023-10-17", None, 1),
    ],
)
def test_ranges_take_precision_from_their_span(text: str, end, precision: int) -> None:
    parsed = parse_date(text)
    assert (parsed.start, parsed.end, parsed.precision) == (date(2023, 10, 17), end, precision)


def test_range_ending_with_a_month_covers_the_month() -> None:
    parsed = parse_date("2023-10-17/2023-11")
    assert (parsed.end, parsed.precision) == (date(2023, 11, 30), 3)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "yesterday",
        "31/02/2023",
        "2023-13-01",
        "2023-W60",
        "0000-01-01",
        "29 Octember 2023",
        "2023-10-27/2023-10-17",
        "1" * 500,
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_precision_of_span_boundaries() -> None:
    start = date(2023, 10, 1)
    spans = [precision_of_span(start, date(2023, 10, d)) for d in (1, 2, 3, 8, 9, 31)]
    assert spans == [1, 1, 2, 2, 3, 3]
