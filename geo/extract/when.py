"""When a clause's event happened: its own date, one counted from the event told before, or
the surrounding text's; and which dates are history or only name an earlier event."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from geo.extract.dates import DAY_KINDS, WEEKDAYS, DateSpan
from geo.extract.parties import ATTACK_VERB
from geo.incidents.draft import HEADING_DATE_NOTE

#: An event dated vaguely (a week, a month) this long before publication is history, not news;
#: one dated to the day is history only past HISTORY_DAYS_EXACT (coding logs list months).
HISTORY_DAYS = 60
HISTORY_DAYS_EXACT = 400

#: A date that names an earlier event ("the October 7 attack", "the 2 February strikes").
_BEFORE_NAMED = re.compile(r"\bthe\s+$", re.IGNORECASE)
_AFTER_NAMED = re.compile(r"(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:attacks?|strikes?|massacre|assault|"
                          r"raids?|offensive|incursion|invasion|bombings?|rampage)\b",
                          re.IGNORECASE)


#: "During the Jan. 20 attack, militants launched ...": the clause tells that event itself.
_TELLS_NAMED = re.compile(r"\b(?:during|in)\s+the\s+$", re.IGNORECASE)


def names_an_event(text: str, d: DateSpan) -> bool:
    return bool(_BEFORE_NAMED.search(text, max(0, d.begin - 6), d.begin)
                and _AFTER_NAMED.match(text, d.stop)
                and not _TELLS_NAMED.search(text, max(0, d.begin - 12), d.begin))


#: Dates written out in full, which outrank weekdays and relative words in the same clause.
EXPLICIT = DAY_KINDS | {"range", "dmy_range"}


def best(dates: list[DateSpan]) -> DateSpan:
    """The clause's event date: a range if given, else the first dated non-speech date ("on
    the evening of January 20" before "eight days before"), the finest first, else any."""
    for d in dates:
        if d.kind == "range":
            return d
    explicit = [d for d in dates if d.kind in EXPLICIT and not d.speech]
    if explicit:  # "Sunday, 14 July 2024": the date, not the weekday counted back
        return explicit[0]
    dated = [d for d in dates if not d.speech and d.start is not None]
    if dated:  # "its third attack this week on Kyiv on Saturday": the day, not the week
        return min(dated, key=lambda d: d.precision or 3)
    return next((d for d in dates if not d.speech), dates[0])


def historical(d: DateSpan, published: date | None) -> bool:
    if published is None or d.end is None:
        return False
    days = HISTORY_DAYS_EXACT if d.precision == 1 and d.kind in DAY_KINDS \
        else HISTORY_DAYS
    return d.end < published - timedelta(days=days)


def date_fields(when) -> dict:
    if when is None:
        return {}
    if isinstance(when, DateSpan):
        precision = max(2, when.precision) if when.speech else when.precision
        end = when.end if when.end != when.start else None
        return {"event_date": when.start, "date_end": end, "time_precision": precision}
    how, value = when
    if how == "inherited":
        end = value.end if value.end != value.start else None
        return {"event_date": value.start, "date_end": end,
                "time_precision": max(2, value.precision)}
    return {"event_date": value, "time_precision": 2}


def event_when(current: list[DateSpan], told_before: DateSpan | None, headed: bool = False,
               heading: bool = False) -> tuple[DateSpan | tuple | None, str]:
    """The event's date and how it was found. ``headed``: ``told_before`` heads the event's
    own paragraph ("30 December 2023 — Kharkiv. Missiles hit ..."), so a day it gives is the
    event's own; ``heading``: it opens its line, and a clause dated that day is under it."""
    own = best(current) if current else None
    if own is not None and own.kind == "chained" and told_before is not None and \
            told_before.precision > 1:  # "a day after", after "in early December": no day
        return None, f"{own.text!r} counted from no day"
    if own is not None and own.kind == "chained" and told_before is not None:
        base = told_before
        day = base.start + timedelta(days=own.offset)
        counted = f"{own.text!r} counted from {base.text!r}"
        return DateSpan(day, day, max(1, base.precision or 1), own.begin, own.stop,
                        own.kind, own.text), \
            f"{HEADING_DATE_NOTE}; {counted}" if heading and headed else counted
    if own is not None and own.start is not None:
        under = heading and headed and told_before is not None and own.precision == 1 and \
            own.start == told_before.start
        return own, HEADING_DATE_NOTE if under else ""
    if own is not None and own.kind != "chained":
        return None, f"relative date {own.text!r} without a publication date"
    if told_before is not None and headed and told_before.precision == 1 and \
            not told_before.speech:  # (a statement's day dates what it tells only loosely)
        return told_before, HEADING_DATE_NOTE
    if told_before is not None:
        return ("inherited", told_before), "date from the surrounding text"
    return None, "date unknown"



def under_heading(current: list[DateSpan], heading: DateSpan) -> list[DateSpan]:
    """Weekdays told under a dated heading ("9 November 2023 | Harir" then "Late on Thursday,
    two drones struck ..."): counted back from the heading's day, not from publication."""
    if heading.start is None or heading.precision != 1:
        return current
    out = []
    for d in current:
        wd = next((i for name, i in WEEKDAYS.items() if name in d.text.lower()), None)
        if d.kind == "weekday" and wd is not None and d.start is not None and \
                d.start > heading.start:
            day = heading.start - timedelta(days=(heading.start.weekday() - wd) % 7)
            d = replace(d, start=day, end=day)
        out.append(d)
    return out


#: A sentence that dates the event just told: "the operation took place on Thursday night".
DATES_THE_EVENT = re.compile(
    r"\b(?:operation|attack|strike|raid|assault|bombing|ambush|incident|explosion|blast)s?\s+"
    r"(?:took\s+place|happened|occurred|was\s+carried\s+out|were\s+carried\s+out)\b",
    re.IGNORECASE)
PUBLICATION_NOTE = "date of publication"


def redate(drafts: list, when: DateSpan) -> None:
    """Give ``when`` to the drafts dated only by the report's publication."""
    if when.start is None or when.speech:
        return
    for d in drafts:
        if PUBLICATION_NOTE in d.notes:
            for name, value in date_fields(when).items():
                setattr(d, name, value)
            d.notes = d.notes.replace(PUBLICATION_NOTE, f"date from {when.text!r}")


#: The event told before, said to come after this clause's: "The attack came two days after".
_CAME = re.compile(r"^(?:the|this|that|these|those|it|its|saturday's|sunday's|monday's|"
                   r"tuesday's|wednesday's|thursday's|friday's)?\s*(?:[\w'’-]+\s+){0,4}?"
                   r"(?:comes?|came|follow(?:s|ed)?|took\s+place|happened)\s+(?:just\s+|only\s+|"
                   r"about\s+|some\s+|nearly\s+|almost\s+)?(?:an?\s+|one\s+)?$", re.IGNORECASE)


def after_the_fact(text: str, dates: list[DateSpan]) -> list[DateSpan]:
    """A clause that opens with an aftermath and counts back to its event ("Rescuers were
    still digging on Saturday, a day after an air strike brought the prison down"): the day
    counted back is the event's."""
    chained = _counted(dates)
    if chained is not None and _CAME.search(text, 0, chained.begin):
        # "The strikes come a day after a Houthi drone struck Tel Aviv": the drone is the
        # day before the strikes told before
        return [replace(d, offset=-d.offset) if d is chained else d for d in dates]
    if chained is None or ATTACK_VERB.search(text, 0, chained.begin):
        return dates
    day = next((d for d in dates if d.begin < chained.begin and d.precision == 1 and
                d.start is not None and not d.speech), None)
    if day is None:
        return dates
    moved = day.start + timedelta(days=chained.offset)
    return [replace(d, start=moved, end=moved) if d is day else d for d in dates
            if d is not chained]


#: "came a day after" read as one chained date: the verb inside it.
_CAME_WORD = re.compile(r"(?:comes?|came|follow(?:s|ed)?)\b", re.IGNORECASE)


def _counted(dates: list[DateSpan]) -> DateSpan | None:
    """The clause's date counted from another event's ("a day after"), if any."""
    return next((d for d in dates if d.kind == "chained" and d.offset), None)


def told_before_came(text: str, dates: list[DateSpan]) -> int:
    """Where the subject of "X came a day after Y" ends (0 without one): X is the event told
    before ("The Baghdad attack came a day after ... in Kerman"), no new one."""
    chained = _counted(dates)
    if chained is None:
        return 0
    came = _CAME_WORD.match(chained.text) or _CAME.search(text, 0, chained.begin)
    return chained.begin if came else 0
