"""Date expressions in report text, resolved against the publication date.

Each found expression becomes a :class:`DateSpan`: first and last day, ACLED time precision
(1 day, 2 week, 3 month) and where it stands in the text. Relative expressions ("on Sunday",
"last week", "overnight") need the publication date; without it they resolve to nothing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.extract.date_starts import with_start
from geo.extract.day_pairs import joined_days
from geo.extract.lowercase import lowered, same_offsets
from geo.incidents.schema import DATE_RANGE

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH = r"(?P<{g}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"


def _p(template: str, **groups: str) -> str:
    return template.format(**{k: v.format(g=k) for k, v in groups.items()})


PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    # 20/1/2024, 20.01.2024, 1/20/2024: day first unless the first number cannot be a day
    ("numeric", re.compile(r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d)\b")),
    # between October 17 and 27 / from October 17 to November 2 / October 17-27
    ("range", re.compile(_p(
        r"\b(?:between|from)?\s*{m1}\s+{d1}(?:,?\s*{y1})?\s*(?:and|to|until|through|-|–)\s*"
        r"(?:{m2}\s+)?{d2}(?:,?\s*{y2})?\b",
        m1=_MONTH, d1=_DAY, y1=_YEAR, m2=_MONTH, d2=_DAY, y2=_YEAR), re.IGNORECASE)),
    # 20-21 March 2024 / between 20 and 21 March / 30 June to 2 July
    ("dmy_range", re.compile(_p(
        r"\b(?:between\s+|from\s+)?{d1}(?:\s+{m1})?\s*(?:and|to|until|through|-|–)\s*{d2}\s+"
        r"(?:of\s+)?{m2}(?:,?\s*{y2})?\b",
        d1=_DAY, m1=_MONTH, d2=_DAY, m2=_MONTH, y2=_YEAR), re.IGNORECASE)),
    ("mdy", re.compile(_p(r"\b{m}\s+{d}(?:,?\s*{y})?\b(?!\s*(?:%|km|kilomet|mile|people|troops))",
                          m=_MONTH, d=_DAY, y=_YEAR), re.IGNORECASE)),
    ("dmy", re.compile(_p(r"\b{d}\s+(?:of\s+)?{m}(?:,?\s*{y})?\b", d=_DAY, m=_MONTH, y=_YEAR),
                       re.IGNORECASE)),
    ("month_year", re.compile(_p(r"\b(?:in\s+|early\s+|late\s+|mid-?)?{m}\s+{y}\b",
                                 m=_MONTH, y=_YEAR), re.IGNORECASE)),
    # "in March", "since early October": the month nearest before publication
    ("month", re.compile(_p(r"\b(?:in|since|during|early|late|mid-?|until|through|(?:at|by|"
                            r"towards?)\s+the\s+(?:start|beginning|end|middle)\s+of)\s+"
                            r"(?:(?:early|late|mid-?)\s*)?{m}\b(?!\s+\d)", m=_MONTH),
                         re.IGNORECASE)),
    ("since_weekday", re.compile(
        r"\bsince\s+(?:last\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        re.IGNORECASE)),
    ("weekday", re.compile(
        r"\b(?:(?P<last>last|this\s+past)\s+|(?:on|late|early|overnight\s+into)\s+)?"
        r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
        r"(?:\s+(?:night|morning|evening|afternoon))?\b", re.IGNORECASE)),
    ("relative", re.compile(
        r"\b(?P<rel>today|tonight|this morning|this evening|yesterday|last night|overnight|"
        r"last\s+weekend|over\s+the\s+weekend|at\s+the\s+weekend|last week|this week|"
        r"earlier this week|earlier this month|this month|last month|"
        r"recently|in recent days|past few days)\b|"
        r"\b(?P<ago_n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
        r"(?P<ago_unit>days?|weeks?|months?)\s+ago\b", re.IGNORECASE)),
    ("year", re.compile(r"\b(?:in|since|of|during)\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)),
    # counted from the event told just before: "the day before", "two days later"
    ("chained", re.compile(
        r"\b(?:(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|the|\d{1,2})\s+)?"
        r"(?P<unit>days?|hours?|weeks?)\s+"
        r"(?P<dir>before|earlier|later)\b|"
        # "The killing came ten days after a drone attack on Tower 22": that attack, N earlier
        # (", a day after the group attacked ...": the same, after a comma or dash)
        r"(?:\b(?:came|comes|was|happened|occurred|took\s+place)|[,;–—])\s+"
        r"(?:(?:just|only|barely|nearly|almost|some|about)\s+)?(?P<n2>a|one|two|three|four|five|"
        r"six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(?P<unit2>days?|weeks?)\s+after\b|\b(?:the\s+)?(?P<rel2>next\s+day|following\s+day|"
        r"previous\s+day|same\s+day|day\s+after|later\s+that\s+day|that\s+night)\b",
        re.IGNORECASE)),
]

#: The kinds whose text holds a month's name ("Jan. 20", "between Jan. 20 and Jan. 26").
NAMES_A_MONTH = frozenset({"mdy", "dmy", "range", "dmy_range", "month_year", "month"})

#: The kinds that write out one day in full ("2024-01-28", "28/1/2024", "Jan. 28, 2024").
DAY_KINDS = frozenset({"iso", "numeric", "mdy", "dmy"})

#: The same patterns, for lower-cased text (faster; see geo.extract.lowercase).
LOWERED: list[tuple[str, re.Pattern[str]]] = [(kind, lowered(with_start(kind, p.pattern)))
                                               for kind, p in PATTERNS]

#: What each pattern cannot match without: one scan finds which of these a text has.
TRIGGER_OF = {"iso": "digits", "numeric": "digits", "year": "digits", "range": "month",
              "dmy_range": "month", "mdy": "month", "dmy": "month", "month_year": "month",
              "month": "month", "since_weekday": "weekday", "weekday": "weekday",
              "relative": "relative", "chained": "chained"}
_TRIGGER_WORDS = {
    # (a month's name starts with its abbreviation: the abbreviations find every spot)
    "month": tuple(m for m in MONTHS if not any(m.startswith(a) for a in MONTHS if a != m)),
    "weekday": tuple(WEEKDAYS),
    "relative": ("today", "tonight", "this", "yesterday", "last", "overnight", "earlier",
                 "recent", "past", "over", "weekend", "ago"),
    "chained": ("before", "earlier", "later", "after", "next day", "following day", "previous day",
                "same day", "day after", "that night"),
}
_CHAIN_N = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")


def _anchors(text: str) -> dict[str, list[int]]:
    """Where each kind of date word stands in ``text`` (plain substring finds, C speed; a
    superset of the real matches is fine: the patterns decide)."""
    low = text.lower()
    found: dict[str, list[int]] = {}
    for kind, words in _TRIGGER_WORDS.items():
        spots = []
        for word in words:
            at = low.find(word)
            while at != -1:
                spots.append(at)
                at = low.find(word, at + 1)
        if spots:
            found[kind] = sorted(set(spots))
    digits = [m.start() for m in _YEAR_DIGITS.finditer(text)]
    if digits:
        found["digits"] = digits
    return found


def _matches(pattern: re.Pattern[str], text: str, spots: list[int]) -> list[re.Match[str]]:
    """The pattern's matches near the spots, as a scan of the whole text would find them: each
    search covers a window around a spot (to the end of a word, so no word is cut)."""
    out: list[re.Match[str]] = []
    cursor = 0  # like finditer: the next match starts after the last one
    for spot in spots:
        if spot < cursor:
            continue
        end = text.find(" ", spot + WINDOW_AFTER)
        m = pattern.search(text, max(cursor, spot - WINDOW_BEFORE),
                           len(text) if end == -1 else end)
        while m is not None and m.start() <= spot:  # every match up to this spot, in order
            out.append(m)
            cursor = max(m.end(), m.start() + 1)
            m = pattern.search(text, cursor, len(text) if end == -1 else end)
        # a match starting after this spot holds a later spot, which will find it
    return out


WINDOW_BEFORE, WINDOW_AFTER = 45, 70


#: A weekday that follows a word of the future in its clause names a day to come.
FUTURE_BEFORE = re.compile(r"\b(?:will|would|shall|due\s+to|plans?\s+to|expected\s+to|"
                           r"scheduled\s+to)\b[^.;,:!?]{0,40}$", re.IGNORECASE)
SPEECH_BEFORE = re.compile(
    r"(?=[strawcd])\b(?:said|says|told|reported|announced|stated|claimed|warned|confirmed|denied|added)"
    r"(?:\s+[A-Z][\w-]*){0,2}(?:\s+(?:by\s+(?:e-?mail|phone|telephone)|in\s+a\s+statement|"
    r"early|late))*\s*$",
    re.IGNORECASE,
)
#: "The SDF on Saturday confirmed that ...": a statement's day before its verb.
SPEECH_AFTER = re.compile(r"\s+(?:said|told|reported|announced|stated|claimed|warned|"
                          r"confirmed|denied|acknowledged|admitted)\b")


@dataclass(frozen=True)
class DateSpan:
    """A date expression; start/end/precision are None for a relative one ("on Friday") in a
    text whose publication date is unknown."""

    start: date | None
    end: date | None
    precision: int | None  # ACLED time precision
    begin: int  # character offsets in the text
    stop: int
    kind: str
    text: str
    speech: bool = False  # the date of a statement ("told Sputnik Friday"), not of an event
    #: for kind "chained": days from the date of the event told before ("the day before": -1)
    offset: int = 0


def precision_for(start: date, end: date) -> int:
    """ACLED's time precision of a span: a day, within a week or so ("late April", ten days),
    or longer."""
    days = (end - start).days
    return 1 if days == 0 else 2 if days <= 9 else 3  # (up to ten days, both counted)


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date | None) -> int | None:
    """A month and day without year: the latest such date not after publication (+7 days)."""
    if published is None:
        return None
    guess = _make(published.year, month, day)
    if guess is not None and guess > published + timedelta(days=7):
        return published.year - 1
    return published.year


def _weekday_before(published: date, weekday: int, strictly: bool = False) -> date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return published - timedelta(days=back)


def _explicit(kind: str, m: re.Match[str], published: date | None) -> tuple[date, date] | None:
    g = m.groupdict()
    if kind == "iso":
        day = _make(int(g["y"]), int(g["m"]), int(g["d"]))
        return (day, day) if day else None
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        day = _make(y, a, b) if a <= 12 < b else _make(y, b, a)  # 1/20/2024 is month first
        return (day, day) if day else None
    if kind in ("range", "dmy_range"):
        if kind == "dmy_range" and not g.get("m1"):
            g["m1"] = g["m2"]
        m1 = MONTHS[g["m1"].lower()]
        m2 = MONTHS[g["m2"].lower()] if g.get("m2") else m1
        y2 = int(g["y2"]) if g.get("y2") else int(g["y1"]) if g.get("y1") else _year_for(
            m2, int(g["d2"]), published)
        if y2 is None:
            return None
        y1 = int(g["y1"]) if g.get("y1") else (y2 - 1 if m1 > m2 else y2)
        a, b = _make(y1, m1, int(g["d1"])), _make(y2, m2, int(g["d2"]))
        return (a, b) if a and b and a <= b else None
    if kind in ("mdy", "dmy"):
        month, day = MONTHS[g["m"].lower()], int(g["d"])
        year = int(g["y"]) if g.get("y") else _year_for(month, day, published)
        found = _make(year, month, day) if year else None
        return (found, found) if found else None
    if kind == "month":
        month = MONTHS[g["m"].lower()]
        year = _year_for(month, 1, published)
        if year is None:
            return None
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if kind == "month_year":
        month, year = MONTHS[g["m"].lower()], int(g["y"])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if kind == "year":
        year = int(g["y"])
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _relative(kind: str, m: re.Match[str], published: date) -> tuple[date, date]:
    g = m.groupdict()
    if kind == "weekday":
        day = _weekday_before(published, WEEKDAYS[g["wd"].lower()], strictly=bool(g.get("last")))
        return day, day
    if kind == "since_weekday":
        return _weekday_before(published, WEEKDAYS[g["wd"].lower()], strictly=True), published
    if g.get("ago_n"):  # "two weeks ago": that day, give or take what the unit blurs
        word, unit = g["ago_n"].lower(), g["ago_unit"].lower()
        n = int(word) if word.isdigit() else _CHAIN_N.get(word, 1)
        days, blur = (n, 0) if unit.startswith("day") else (
            (7 * n, 3) if unit.startswith("week") else (30 * n, 15))
        day = published - timedelta(days=days)
        return day - timedelta(days=blur), min(day + timedelta(days=blur), published)
    rel = " ".join(g["rel"].lower().split())
    monday = published - timedelta(days=published.weekday())
    month_start = published.replace(day=1)
    table = {
        "today": (published, published),
        "tonight": (published, published),
        "this morning": (published, published),
        "this evening": (published, published),
        "yesterday": (published - timedelta(days=1),) * 2,
        "last night": (published - timedelta(days=1),) * 2,
        "overnight": (published - timedelta(days=1), published),
        "last week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this week": (monday, published),
        "earlier this week": (monday, published),
        "earlier this month": (month_start, published),
        "this month": (month_start, published),
        "in recent days": (published - timedelta(days=6), published),
        "past few days": (published - timedelta(days=6), published),
        "recently": (published - timedelta(days=27), published),
    }
    if rel.endswith("weekend"):
        # the latest Saturday-Sunday before the publication day ("last weekend" read on a
        # Saturday or Sunday is the one before; "over the weekend" may be the current one)
        saturday = monday - timedelta(days=2)
        if rel != "last weekend" and published.weekday() >= 5:
            saturday = monday + timedelta(days=5)
        return saturday, min(saturday + timedelta(days=1), published)
    if rel == "last month":
        end = month_start - timedelta(days=1)
        return end.replace(day=1), end
    return table[rel]


def _chain_offset(m: re.Match[str]) -> int:
    g = m.groupdict()
    if g.get("rel2"):
        rel = " ".join(g["rel2"].lower().split())
        return {"next day": 1, "following day": 1, "day after": 1, "previous day": -1}.get(rel, 0)
    if g.get("unit2"):
        word = g["n2"].lower()
        n = int(word) if word.isdigit() else _CHAIN_N.get(word, 1)
        return -n * (7 if g["unit2"].lower().startswith("week") else 1)
    if g["unit"].lower().startswith("hour"):
        return 0
    word = (g.get("n") or "a").lower()
    n = int(word) if word.isdigit() else _CHAIN_N.get(word, 1)
    n *= 7 if g["unit"].lower().startswith("week") else 1
    return -n if g["dir"].lower() in ("before", "earlier") else n


#: What a date names when it stands before it: an outlet, a street, a square ...
NAMED_BY_DATE = re.compile(r"\s+(?:news(?:paper)?|outlet|website|channel|tv|television|street|"
                           r"square|bridge|hospital|stadium|revolution|university|elections?|"
                           r"polls|vote|referendum|agreement|accord)\b", re.I)


#: Month names that are also verbs; written in lower case they are the verb ("Tower 22 may
#: have been", "to mar the talks").
_VERB_MONTHS = frozenset({"may", "mar", "march"})


def _verb_not_month(text: str, m: re.Match[str]) -> bool:
    """Whether the month of ``m`` (matched in ``text`` or its lower-cased copy) is such a verb."""
    group = next((g for g in ("m", "m1", "m2") if m.groupdict().get(g)), None)
    if group is None:
        return False
    word = text[m.start(group):m.end(group)].rstrip(".")
    return word in _VERB_MONTHS  # (lower case as written: "May 22" and "MAY 22" are months)


def _part_of_month(words: str, start: date, end: date) -> tuple[date, date]:
    """"early April" is its first ten days, "mid-April" the next ten, "late in April" the rest."""
    if re.search(r"\b(?:late|end)\b", words):
        return start.replace(day=21), end
    if re.search(r"\b(?:early|start|beginning)\b", words):
        return start, start.replace(day=10)
    if re.search(r"\b(?:mid|middle)\b", words):
        return start.replace(day=11), start.replace(day=20)
    return start, end


def find_dates(text: str, published: date | None) -> list[DateSpan]:
    """Date expressions in ``text``, left to right, longest first where they overlap."""
    if published is not None and not DATE_RANGE[0] <= published <= DATE_RANGE[1]:
        published = None  # no publication date to count back from
    found: list[DateSpan] = []
    taken = bytearray(len(text))  # characters already part of a date
    anchors = _anchors(text)
    low = text.lower()  # groups are read case-blind below; spans and quotes come from text
    haystack, patterns = (low, LOWERED) if same_offsets(text, low) else (text, PATTERNS)
    for kind, pattern in patterns:
        spots = anchors.get(TRIGGER_OF[kind])
        if not spots:
            continue  # no month name, no weekday... in this text: nothing to find
        for m in _matches(pattern, haystack, spots):
            b, e = m.span()
            while b < e and text[b].isspace():
                b += 1
            if 1 in taken[b:e]:
                continue
            speech = bool(SPEECH_BEFORE.search(text[max(0, b - 60):b]) or
                          SPEECH_AFTER.match(text, e))
            if kind == "chained":
                found.append(DateSpan(None, None, None, b, e, kind, text[b:e], speech,
                                      _chain_offset(m)))
                taken[b:e] = b"\x01" * (e - b)
                continue
            if kind == "weekday" and FUTURE_BEFORE.search(text, max(0, b - 50), b):
                taken[b:e] = b"\x01" * (e - b)
                continue  # "operations would resume on Friday": a day to come, not a past one
            if kind in ("weekday", "since_weekday", "relative"):
                if published is None:
                    found.append(DateSpan(None, None, None, b, e, kind, text[b:e], speech))
                    taken[b:e] = b"\x01" * (e - b)
                    continue
                start, end = _relative(kind, m, published)
            else:
                span = _explicit(kind, m, published)
                if span is None or NAMED_BY_DATE.match(text, e) or _verb_not_month(text, m):
                    continue  # ("the September 26 news outlet", "26 September Street": names)
                start, end = _part_of_month(text[max(0, b - 9):e].lower(), *span) \
                    if kind in ("month", "month_year") else span
            since = re.search(r"\bsince\s+$", text[max(0, b - 8):b], re.IGNORECASE) or (
                kind == "month" and text[b:b + 5].lower() == "since")
            if (kind in DAY_KINDS or kind == "month") and published is not None \
                    and start < published and since:
                end = published  # "since October 7": from then until the report
            precision = precision_for(start, end)
            if kind == "relative" and (m["rel"] or "").lower() == "recently":
                precision = 3
            found.append(DateSpan(start, end, precision, b, e, kind, text[b:e], speech))
            taken[b:e] = b"\x01" * (e - b)
    return joined_days(text, sorted(found, key=lambda d: d.begin))
