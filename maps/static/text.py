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
    named: Counter = Counter()  # publisher as given -> sources; words trimmed once per name
    unnamed: Counter = Counter()  # url -> sources without a publisher
    for value in frame["sources"].to_numpy(dtype=object):
        for source in value if isinstance(value, list) else _as_list(value):
            if not isinstance(source, dict):
                continue
            publisher = source.get("publisher")
            if publisher and str(publisher).strip():
                named[publisher] += 1
            else:
                unnamed[source.get("url")] += 1
    for publisher, n in named.items():
        counts[str(publisher).strip()] += n
    for url, n in unnamed.items():
        if host := _host(url):
            counts[host] += n
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
