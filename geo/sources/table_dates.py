"""Dates as tables write them, with ACLED time precision (1 day, 2 week, 3 month).

``parse_date`` reads one cell: ISO days, day/month/year numbers, written-out months, months,
ISO weeks and ranges. It never raises on bad text; it returns ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.incidents.schema import DATE_RANGE

MIN_YEAR, MAX_YEAR = DATE_RANGE[0].year, DATE_RANGE[1].year
MAX_TEXT = 100  # longer cells are not dates

DAY, WEEK, MONTH = 1, 2, 3

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_WEEKDAY = re.compile(
    r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
_ISO_DAY = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T ][\d:.+\-Z]*)?$")
_NUMERIC_DAY = re.compile(r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})$")
_DAY_MONTH_YEAR = re.compile(
    rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]+{_MONTH}[\s,\-]+(?P<y>\d{{4}})$"
)
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})$")
_ISO_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}[\s,]+(?P<y>\d{{4}})$")
_ISO_WEEK = re.compile(r"^(?P<y>\d{4})-?W(?P<w>\d{1,2})$", re.IGNORECASE)
_RANGE_SEPARATORS = re.compile(r"\s*/\s*|\s+(?:to|until|through|-|–|—)\s+|\s*[–—]\s*")


@dataclass(frozen=True)
class ParsedDate:
    """A day (or the first day of a week or month), an optional last day, and the precision."""

    start: date
    end: date | None
    precision: int  # 1 day, 2 week, 3 month


def precision_of_span(start: date, end: date) -> int:
    """ACLED precision for a range: up to 1 day apart -> 1, up to 7 -> 2, longer -> 3."""
    days = (end - start).days
    if days <= 1:
        return DAY
    return WEEK if days <= 7 else MONTH


def numeric_order(text: str) -> str | None:
    """For "a/b/yyyy" text: "dmy" if a > 12, "mdy" if b > 12, "either" if both fit; else None."""
    match = _NUMERIC_DAY.match(text.strip())
    if not match:
        return None
    a, b = int(match["a"]), int(match["b"])
    if a > 12 >= b:
        return "dmy"
    if b > 12 >= a:
        return "mdy"
    return "either" if a <= 12 and b <= 12 else None


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _day(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _one(text: str, day_first: bool) -> ParsedDate | None:
    """One date (no range)."""
    text = _WEEKDAY.sub("", text.strip()).strip()
    if match := _ISO_DAY.match(text):
        day = _day(int(match["y"]), int(match["m"]), int(match["d"]))
        return ParsedDate(day, None, DAY) if day else None
    if match := _NUMERIC_DAY.match(text):
        a, b, year = int(match["a"]), int(match["b"]), _year(match["y"])
        order = numeric_order(text)
        month_first = order == "mdy" or (order == "either" and not day_first)
        day = _day(year, a, b) if month_first else _day(year, b, a)
        return ParsedDate(day, None, DAY) if day else None
    lower = text.casefold()
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if (match := pattern.match(lower)) and match["month"] in _MONTHS:
            day = _day(int(match["y"]), _MONTHS[match["month"]], int(match["d"]))
            return ParsedDate(day, None, DAY) if day else None
    if match := _ISO_MONTH.match(text):
        first = _day(int(match["y"]), int(match["m"]), 1)
        return ParsedDate(first, None, MONTH) if first else None
    if (match := _MONTH_YEAR.match(lower)) and match["month"] in _MONTHS:
        first = _day(int(match["y"]), _MONTHS[match["month"]], 1)
        return ParsedDate(first, None, MONTH) if first else None
    if match := _ISO_WEEK.match(text):
        year, week = int(match["y"]), int(match["w"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        try:
            return ParsedDate(date.fromisocalendar(year, week, 1), None, WEEK)
        except ValueError:
            return None
    return None


def _last_day(parsed: ParsedDate) -> date:
    """The last day a parsed date covers (its week or month for coarse precision)."""
    if parsed.precision == WEEK:
        return parsed.start + timedelta(days=6)
    if parsed.precision == MONTH:
        following = (parsed.start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return parsed.start


def parse_range(start: ParsedDate, end: ParsedDate) -> ParsedDate | None:
    """Join a first and a last date into one range; ``None`` when the end comes first."""
    last = _last_day(end)
    if last < start.start:
        return None
    if last == start.start:
        return ParsedDate(start.start, None, start.precision)
    return ParsedDate(start.start, last, precision_of_span(start.start, last))


def parse_date(text: str, *, day_first: bool = True) -> ParsedDate | None:
    """Read one date cell; ``None`` when it is not a date this reader knows.

    ``day_first`` decides numbers like 03/04/2023 that could be either order; a value with a
    part above 12 decides itself.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        return None
    single = _one(text, day_first)
    if single is not None:
        return single
    for match in _RANGE_SEPARATORS.finditer(text):
        left, right = text[: match.start()], text[match.end() :]
        first, last = _one(left, day_first), _one(right, day_first)
        if first is not None and last is not None:
            return parse_range(first, last)
    return None
