"""Data shown on a terminal: one line, nothing the terminal would act on."""

from __future__ import annotations

import re

#: control characters (C0, DEL, C1: newlines, escapes that move the cursor or retitle the
#: window) and the Unicode line and paragraph separators
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: object, width: int = 0) -> str:
    """``text`` on one terminal line, control characters shown as spaces (shortened to
    ``width`` when given)."""
    shown = " ".join(_UNPRINTABLE.sub(" ", str(text)).split())
    return shown if not width or len(shown) <= width else shown[:width - 3] + "..."


#: the private folder the atomic writer (gazetteer/atomic.py) writes in before renaming
_PART = re.compile(r"^(?P<folder>(?:.*/)?)\.(?P<name>[^/]+)\.[^./]+\.part(?:/.*)?$")


def os_error_line(exc: OSError) -> str:
    """What the system refused, naming the file the user asked for (not the private folder
    the atomic writer made beside it)."""
    why = exc.strerror or str(exc)
    if not exc.filename:
        return one_line(why)
    name = str(exc.filename)
    part = _PART.match(name)
    if part:
        return one_line(f"{part['folder']}{part['name']}: cannot write it there ({why})")
    return one_line(f"{name}: {why}")
