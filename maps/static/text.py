"""Text drawn from the data: the source line naming where the incidents were reported."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pandas as pd

from geo.incidents.schema import sources_from_json

MAX_NAMED = 3


def publisher_counts(frame: pd.DataFrame) -> Counter[str]:
    """How many incident sources each publisher (or web host, when unnamed) accounts for."""
    counts: Counter[str] = Counter()
    if "sources" not in frame.columns:
        return counts
    for value in frame["sources"]:
        for source in _as_list(value):
            name = str(source.get("publisher") or "").strip() or _host(source.get("url"))
            if name:
                counts[name] += 1
    return counts


def sources_summary(frame: pd.DataFrame) -> str:
    """'Sources: A, B, C and 4 more' by number of reports, or a generic line when unknown."""
    counts = publisher_counts(frame)
    if not counts:
        return "Sources: incident reports (publishers not recorded)"
    ranked = sorted(counts, key=lambda name: (-counts[name], name.casefold()))
    named = ", ".join(ranked[:MAX_NAMED])
    rest = len(ranked) - MAX_NAMED
    return f"Sources: {named}" + (f" and {rest} more" if rest > 0 else "")


def _as_list(value: object) -> list[dict]:
    if isinstance(value, list):
        return [s for s in value if isinstance(s, dict)]
    if isinstance(value, str):
        try:
            return sources_from_json(value)
        except ValueError:
            return []
    return []


def _host(url: object) -> str:
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
