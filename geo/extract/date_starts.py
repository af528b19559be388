"""The characters a match of each date pattern (geo.extract.dates) can start with, in lower-cased
text. Put as a look-ahead before the pattern, they let the engine pass over every other
character at once instead of trying the whole pattern there: the windows around each month
name or weekday are scanned in about half the time, with the same matches."""

from __future__ import annotations

#: september, february, november, december, january, october, august, march, april, may...
_MONTH = "sfndjoam"

FIRST: dict[str, str] = {
    "iso": "12",
    "numeric": r"\d",
    "range": rf"bf{_MONTH}\s",  # ("between", "from" or only white space before the month)
    "dmy_range": r"bf\d",
    "mdy": _MONTH,
    "dmy": r"\d",
    "month_year": f"iel{_MONTH}",  # "in", "early", "late", "mid"
    "month": "isdelmutab",  # "in", "since", "during", "early", "late", "mid", "until",
    # "through", "at the start of", "by the end of"
    "since_weekday": "s",
    "weekday": "ltoemwfs",  # "last", "this", "on", "late", "early", "overnight", the days
    "relative": r"tyloaeripfsn\d",
    "year": "isod",
    "chained": r"aotfsendhwcpl\d,;–—",
}


def with_start(kind: str, source: str) -> str:
    """``source`` behind the look-ahead of the characters its matches start with."""
    first = FIRST.get(kind)
    return f"(?=[{first}])(?:{source})" if first else source
