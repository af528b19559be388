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
    r"(?P<place>[A-Z][A-Z'’.\-/ ]{2,40}?(?:,\s*[A-Z][A-Za-z.\- ]{1,25}?)?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}"
    r"(?:\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&'-]{0,30})\)\s*)?(?P<dash>[–—-]{1,2}|:)\s")


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
        if m is not None and (m["dash"] != ":" or m["date"] or m["agency"]):
            break
        m = None
    if m is None:
        return None
    place = m["place"].strip()
    if not any(c.isupper() for c in place.split(",")[0][1:]):
        return None  # "Kyiv –" is a sentence's subject more often than a dateline
    day = None
    if m["date"]:
        found = find_dates(m["date"], published)
        if found and found[0].start is not None:
            day = found[0].start
    return Dateline(m.start(), m.end(), place, day)


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
        if len(line.strip()) >= PROSE_LINE:
            yield start + len(line) - len(line.lstrip())
        at = end
