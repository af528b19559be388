"""How one report tells its events apart, or tells one event twice: by the lines of its list,
by the days and tolls it gives each, by naming each at a place of its own; or by naming one
strike with two weapons. Used by :mod:`geo.incidents.merge` on rows from one source file."""

from __future__ import annotations

import re
from typing import Any

from geo.incidents.draft import FURTHER_NOTE, INHERITED_PLACE, headed_apart
from geo.incidents.schema import STRIKE_TYPES
from geo.incidents.tellings import facts

Row = dict[str, Any]


def files(row: Row) -> set[str]:
    return facts(row).files


def quotes(row: Row) -> set[tuple[str, str]]:
    return facts(row).quotes


#: A list line led by its own place: "- Hanouiyeh (Tyre district): a strike killed five".
LIST_LEAD = re.compile(r"^\s*[-•*–—]\s*([^\W\d_][^:(—–]{1,59}?)\s*[:(—–]")


def listed_apart(a: Row, b: Row) -> bool:
    """Two lines of one report's list, each led by a place of its own: two events, though
    both be located at the one district the report gives for unknown villages."""
    leads = []
    for row in (a, b):
        found = {m[1].strip().casefold() for _, quote in quotes(row)
                 if (m := LIST_LEAD.match(quote or ""))}
        if not found:
            return False
        leads.append(found)
    return not leads[0] & leads[1]


def one_strike(a: Row, b: Row) -> bool:
    """One report's strikes on one place, named by two weapons: one strike, told loosely (not
    shells and an aircraft's or drone's strike, nor two strikes on two targets it names)."""
    kinds = {a["event_type"], b["event_type"]}
    return bool(kinds <= STRIKE_TYPES and not (
        "shelling" in kinds and kinds & {"airstrike", "drone attack"}) and not (
        a.get("target") and b.get("target") and a["target"] != b["target"]) and
        a.get("place_id") and a.get("place_id") == b.get("place_id") and files(a) & files(b))


def two_named_places(a: Row, b: Row) -> bool:
    """One report names each at its own town or site, in its own sentence: two events (not
    when one is a headline's, which tells the body's event in a word)."""
    if not (a.get("place_id") and b.get("place_id") and a["place_id"] != b["place_id"]):
        return False
    return a.get("geo_precision") == 1 == b.get("geo_precision") and bool(files(a) & files(b)) \
        and INHERITED_PLACE not in (a.get("notes") or "") + (
            b.get("notes") or "") and not any(_heading(q) for _, q in quotes(a) | quotes(b))


def _heading(quote: str) -> bool:
    """A headline's quote: it ends without a full stop ("Rockets target US base in Erbil")."""
    return not quote.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ")"))


def tolls_apart(a: Row, b: Row) -> bool:
    """Both state a toll, and one is at least twice the other."""
    fa, fb = a.get("fatalities"), b.get("fatalities")
    told = isinstance(fa, int | float) and isinstance(fb, int | float) and fa == fa and fb == fb
    return told and max(fa, fb) >= 2 * max(1, min(fa, fb))


def _levels_apart(a: Row, b: Row) -> bool:
    """One at a town or site, the other at a province or region (not a country, which a
    statement in another time zone may name a day off: "across Iraq", says Washington)."""
    levels = {a.get("geo_precision") or 4, b.get("geo_precision") or 4}
    return min(levels) <= 2 and max(levels) == 3


def _day_outside_span(day: Row, span: Row) -> bool:
    """A day one report gives, outside the span (a week, a month) it gives another event."""
    end = span.get("date_end")
    if INHERITED_PLACE in (day.get("notes") or "") + (span.get("notes") or ""):
        return False  # (a place only carried over from the sentence before is no witness)
    return day.get("time_precision") == 1 and (span.get("time_precision") or 1) > 1 and \
        end is not None and day.get("event_date") is not None and \
        not span["event_date"] <= day["event_date"] <= end


def apart_in_one_report(a: Row, b: Row) -> bool:
    """One report heads each with its own, different day, or dates each to a day two or more
    days from the other's: it tells them apart. (Days next to each other may be one event's
    told by two sides: "today", says the claim; "yesterday", say the locals.)"""
    if not files(a) & files(b):
        return False
    if listed_apart(a, b) or FURTHER_NOTE in (a.get("notes") or "") + (b.get("notes") or ""):
        return True  # (told apart by their list lines, or as one more event)
    if a.get("time_precision") == 1 and b.get("time_precision") == 1:
        first, second = sorted((a, b), key=lambda r: r["event_date"])
        gap = (second["event_date"] - (first.get("date_end") or first["event_date"])).days
        if gap >= 2 or (gap == 1 and (tolls_apart(a, b) or _levels_apart(a, b))):
            return True  # (on days next to each other, tolls far apart: 8 killed, 47 killed;
            # or a town's on Monday, a region's on Tuesday: the region's is another place)
    if _day_outside_span(a, b) or _day_outside_span(b, a):
        return True  # "on Thursday" and "last week": the week before is another event
    return headed_apart(
        (a.get("notes"), a.get("event_date"), a.get("date_end")),
        (b.get("notes"), b.get("event_date"), b.get("date_end")))
