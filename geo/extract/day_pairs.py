"""Two weekdays told as one stretch ("on Tuesday and Wednesday", "from Friday to Sunday"): one
date range, not two days of which the first would pass for the event's."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Protocol, TypeVar


class _Day(Protocol):
    """What is read of a date span (``geo.extract.dates.DateSpan``, a dataclass)."""

    start: date | None
    end: date | None
    begin: int
    stop: int
    kind: str
    speech: bool


Span = TypeVar("Span", bound=_Day)

#: What stands between the two days of one stretch.
_BETWEEN = re.compile(r"\s*(?:and|to|through|till|until|-|–|—)\s*", re.IGNORECASE)
#: At most this many days from the first day to the last.
MAX_DAYS = 3


def joined_days(text: str, found: list[Span]) -> list[Span]:
    """``found`` (in text order) with each pair of weekdays told as one stretch made one span
    of kind "range" running from the first to the second."""
    out: list[Span] = []
    for d in found:
        last = out[-1] if out else None
        if last is not None and last.kind == d.kind == "weekday" and not (
                last.speech or d.speech) and last.start is not None and d.start is not None \
                and 0 < (d.start - last.start).days <= MAX_DAYS and \
                _BETWEEN.fullmatch(text, last.stop, d.begin):
            out[-1] = replace(last, end=d.end, precision=2,  # (as dates.precision_for has it)
                              stop=d.stop, kind="range", text=text[last.begin:d.stop])
            continue
        out.append(d)
    return out
