"""The dateline of a wire story ("AMMAN, Jan 29 (Reuters) –"): where it was filed and when.

The city of a dateline is where the reporter wrote, not where anything happened: its name is
masked from place finding. Its date, when given, is the day the story speaks from: relative
dates ("on Sunday") count back from it, and it is never an event date itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from geo.extract.dates import find_dates

#: At the start of the text (or of its first paragraphs): an upper-case place (a country or
#: state may follow), an optional date, an optional agency in brackets, then a dash or colon.
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.\-/ ]{2,40}?(?:,\s*[A-Z][A-Za-z.\- ]{1,25}?)?"
    # "KHAN YOUNIS, Gaza Strip, and TEL AVIV, Israel —": filed from two places
    r"(?:,?\s+and\s+[A-Z][A-Z'’.\-/ ]{2,40}?(?:,\s*[A-Z][A-Za-z.\- ]{1,25}?)?)?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}"
    r"(?:\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&'-]{0,30})\)\s*)?(?P<dash>[–—-]{1,2}|:)\s")


#: A place in title case is a dateline only with a full date and a dash ("Ouagadougou, lundi
#: 13 juin 2022 —", "Kyiv, Monday 13 June 2022 -"), or a month and day and a colon or an
#: agency ("Sanaa, Sept 7:"): without them it is a sentence's subject.
TITLED_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w'’.\-]{2,30}(?: [A-Z][\w'’.\-]{1,20}){0,2})(?:,\s*"
    r"(?:(?:[A-Za-z]+day|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+)?"
    r"(?P<date>\d{1,2}(?:er)?\s+[^\W\d_]{3,9}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|"
    # "Sanaa, Sept 7:", "New Delhi, Sept 7 (IANS)": a month and day, then a colon or an agency
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?=\s*[:(])))?"  # or no date: "Khartoum (Diplomat.so) -"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&'-]{0,30})\)\s*)?(?P<dash>[–—-]{1,2}|:)\s")


#: The date first, the place in brackets: "June 7, 2024 (KOSTI) –" (Sudan Tribune's style).
DATED_FIRST = re.compile(
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})\s*"
    r"\((?P<place>[A-Z][A-Za-z'’.\- ]{2,30})\)\s*(?P<dash>[–—-]{1,2})\s")


#: A line of its own near the top, the date then the place: "29 August 2022, Sittwe".
DATE_THEN_PLACE = re.compile(
    r"^(?P<date>\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}),\s*"
    r"(?P<place>[A-Z][\w'’.\- ]{2,30}?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Dateline:
    begin: int
    end: int  # offset just after the dash
    place: str
    day: date | None


def find_dateline(text: str, published: date | None) -> Dateline | None:
    """The dateline opening ``text`` (after leading blank lines), if there is one."""
    m = None
    for start in _paragraph_starts(text):
        m = DATELINE.match(text, start)
        if m is not None and (m["dash"] != ":" or m["date"] or m["agency"] or
                              m["place"].strip().isupper()) and \
                any(c.isupper() for c in m["place"].strip().split(",")[0][1:]):
            break  # ("Kyiv –" is a sentence's subject more often than a dateline)
        m = TITLED_DATELINE.match(text, start)
        if m is not None and not (m["date"] or m["agency"]):
            m = None  # ("Kyiv – the city was hit": a sentence's subject)
        m = m or DATED_FIRST.match(text, start)
        if m is not None:
            break
    if m is None:
        m = DATE_THEN_PLACE.search(text, 0, HEAD_CHARS)
    if m is None:
        return None
    place = m["place"].strip()
    day = None
    if m["date"]:
        found = find_dates(m["date"], published)
        day = found[0].start if found and found[0].start is not None else \
            _french_day(m["date"])
    return Dateline(m.start(), m.end(), place, day)


#: French month names as francophone outlets write datelines ("lundi 13 juin 2022").
FRENCH_MONTHS = {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5,
                 "juin": 6, "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10,
                 "novembre": 11, "décembre": 12, "decembre": 12}


def _french_day(text: str) -> date | None:
    """The day of "13 juin 2022" or "1er mars 2024", if it is one."""
    parts = text.lower().replace("er ", " ").split()
    if len(parts) != 3 or parts[1].rstrip(".") not in FRENCH_MONTHS:
        return None
    try:
        return date(int(parts[2]), FRENCH_MONTHS[parts[1].rstrip(".")], int(parts[0]))
    except ValueError:
        return None


#: A pasted story may open with its title, byline and date lines: the dateline opens the first
#: paragraph of prose within this many characters.
HEAD_CHARS = 600
PROSE_LINE = 80  # a line this long is prose, not a title or byline


def _paragraph_starts(text: str):
    """Where the text starts, then where each long line within HEAD_CHARS starts."""
    yield len(text) - len(text.lstrip())
    at = text.find("\n")
    while at != -1 and at < HEAD_CHARS:
        start = at + 1
        end = text.find("\n", start)
        line = text[start:end if end != -1 else len(text)]
        if len(line.strip()) >= PROSE_LINE or (line.strip()[:-1].isupper() and
                                                line.strip()[-1:] in ":–—-"):  # "KIRKUK:"
            yield start + len(line) - len(line.lstrip())
        at = end


def wire_datelines(text: str) -> list[tuple[int, int]]:
    """Spans of every wire dateline opening a paragraph ("ISTANBUL/BEIRUT, Nov 20 -" below a
    ministry's statement): their cities are where copy was filed, wherever they stand."""
    out = []
    start = 0
    while start != -1:
        m = DATELINE.match(text, start)
        if m is not None and (m["date"] or m["agency"]) and \
                any(c.isupper() for c in m["place"].strip().split(",")[0][1:]):
            out.append((m.start(), m.end()))
        start = text.find("\n", start)
        start = start + 1 if start != -1 else -1
    return out
