"""Which column of a table holds which of our fields: detection by name, or the caller's choice."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

#: The fields a table column can fill; the first two are required.
REQUIRED_FIELDS: tuple[str, ...] = ("event_date", "place_name")

#: Columns that mark an ACLED export (normalized names).
ACLED_MARKERS: frozenset[str] = frozenset(
    {"event id cnty", "event date", "sub event type", "actor1", "location", "latitude", "longitude"}
)

_SEPARATORS = re.compile(r"[\s_\-./]+")
_NUMBERED = re.compile(r"^(?P<base>.*?)\s*(?P<n>\d+)$")


def normalize_header(name: str) -> str:
    """Fold case, spaces, underscores, hyphens and dots: "Date_of-Attack " -> "date of attack"."""
    return _SEPARATORS.sub(" ", name.replace("\ufeff", "")).strip().casefold()


@cache
def _data() -> dict[str, Any]:
    text = resources.files("geo").joinpath("data", "table_columns.json").read_text("utf-8")
    return json.loads(text)


def synonyms() -> dict[str, list[str]]:
    """Our field name -> the normalized column names that mean it, most specific first."""
    return {name: [normalize_header(s) for s in names] for name, names in _data()["fields"].items()}


def country_aliases() -> dict[str, str]:
    """Extra country spellings (casefolded) -> ISO 3166-1 alpha-2."""
    return dict(_data()["country_aliases"])


FIELDS: tuple[str, ...] = tuple(_data()["fields"])


@dataclass
class ColumnMap:
    """Our field -> column index; ``extra_urls`` holds further source/URL columns."""

    index: dict[str, int] = field(default_factory=dict)
    extra_urls: list[int] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # overrides naming absent columns

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_FIELDS if name not in self.index]


def is_acled(header: list[str]) -> bool:
    """True when the header carries ACLED's own column names."""
    return {normalize_header(h) for h in header} >= ACLED_MARKERS


def _find_column(header: list[str], wanted: str) -> int | None:
    if wanted in header:
        return header.index(wanted)
    key = normalize_header(wanted)
    for i, name in enumerate(header):
        if normalize_header(name) == key:
            return i
    return None


def detect_columns(header: list[str], overrides: dict[str, str] | None = None) -> ColumnMap:
    """Map our fields to the header's columns; ``overrides`` (field -> column name) win.

    Raises ValueError for an override key that is not one of our fields (a caller's mistake).
    """
    result = ColumnMap()
    for name, column in (overrides or {}).items():
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r} in columns; known: {', '.join(FIELDS)}")
        found = _find_column(header, column)
        if found is None:
            result.unknown.append(f"{name}={column!r}")
        else:
            result.index[name] = found
    normalized = [normalize_header(h) for h in header]
    taken = set(result.index.values())
    chosen = set(overrides or {})
    for name, names in synonyms().items():
        if name in chosen:
            continue
        for synonym in names:
            hits = [i for i, h in enumerate(normalized) if h == synonym and i not in taken]
            if hits:
                result.index[name] = hits[0]
                taken.add(hits[0])
                break
    url_names = set(synonyms()["url"])
    for i, h in enumerate(normalized):
        numbered = _NUMBERED.match(h)
        is_url = h in url_names or (numbered is not None and numbered["base"] in url_names)
        if i not in taken and is_url:
            if "url" not in result.index:
                result.index["url"] = i
            else:
                result.extra_urls.append(i)
            taken.add(i)
    return result


def looked_for() -> str:
    """A short list of the names recognised for the required fields, for messages."""
    names = synonyms()
    return "; ".join(f"{f}: {', '.join(names[f][:6])}" for f in REQUIRED_FIELDS)
