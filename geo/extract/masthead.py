"""The day a report speaks from, when no header, sidecar or option gave it: read off the text.

Pasted reports often carry their date near the top: a line of its own ("January 29, 2024"),
a "Published"/"Updated" line, or an agency dateline with a year. Relative dates ("on Sunday")
need that day; without it they resolve to nothing and the events go undated.
"""

from __future__ import annotations

import re
from datetime import date

from geo.extract.dates import DAY_KINDS, find_dates

#: How far into the text a masthead date may stand.
MASTHEAD_CHARS = 800
#: A line this short that holds a full date is a date line, not a sentence about the past.
SHORT_LINE_WORDS = 14
_STAMP = re.compile(r"^\W*(?:published|updated|last\s+updated|posted|first\s+published|date|"
                    r"issued|as\s+of)\b", re.IGNORECASE)


def masthead_date(text: str) -> date | None:
    """The first full date (with its year) on a date line near the top of ``text``."""
    for line in text[:MASTHEAD_CHARS].splitlines(keepends=True):
        words = line.split()
        if words and (len(words) <= SHORT_LINE_WORDS or _STAMP.match(line)):
            for found in find_dates(line, None):
                if found.kind in DAY_KINDS and found.start is not None and \
                        re.search(r"(?:19|20)\d\d", found.text):
                    return found.start
    return None
