"""Case-insensitive patterns run as case-sensitive ones over lower-cased text.

Python's ``re`` matches a lower-case pattern against ``text.lower()`` about twice as fast as it
matches the same pattern with ``re.IGNORECASE`` against ``text``. Offsets agree with ``text``
whenever lower-casing keeps its length, which it does but for a few letters ("İ" becomes two
characters): callers that need offsets check :func:`same_offsets` and fall back otherwise.
"""

from __future__ import annotations

import re

_UPPER_ESCAPE = re.compile(r"\\[A-Z]")


def lowered(source: str) -> re.Pattern[str]:
    """Compile ``source`` (a case-insensitive pattern) for matching lower-cased text."""
    if _UPPER_ESCAPE.search(source):  # \S, \W, \B... would change meaning when lowered
        raise ValueError(f"pattern uses an upper-case escape: {source!r}")
    return re.compile(source.lower().replace("(?p", "(?P"))  # keep named groups working


def same_offsets(text: str, low: str) -> bool:
    """Offsets in ``low`` (``text.lower()``) are offsets in ``text``."""
    return len(low) == len(text)


def lower_keeping_offsets(text: str) -> str:
    """``text.lower()``, but with any letter whose lower case is longer ("İ") left as it is, so
    that offsets in the result are offsets in ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
