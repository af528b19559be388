"""The ``sources`` cell of an incident frame: a list of source dicts that writes itself as
JSON text wherever a value is turned into text or handed to a database driver.

So ``incidents.to_postgis(...)`` (its COPY writes each value's ``str``), ``to_sql`` on SQLite
(``__conform__``) and ``to_csv`` store the sources as a JSON array, the same text the files
hold (:func:`geo.incidents.schema.sources_to_json`), instead of failing or writing Python's
repr. In Python it is a plain list.

:func:`source_lists` builds a whole ``sources`` column from JSON text (files) or lists: one C
scan per cell, each checked to be exactly one JSON array of objects.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Iterable
from typing import Any


class SourceList(list):
    """A list of source dicts whose text form is its JSON array."""

    __slots__ = ()

    def as_json(self) -> str:
        return json.dumps([dict(s) for s in self], ensure_ascii=False, sort_keys=True)

    def __str__(self) -> str:
        return self.as_json()

    def __conform__(self, protocol: Any) -> str:  # sqlite3's adaptation protocol
        return self.as_json()

    def __reduce__(self):  # pickled (Dask) as itself, from its items
        return (SourceList, (list(self),))


class SourcesError(ValueError):
    """A ``sources`` cell that is not a JSON array of source objects; ``row`` counts from 0."""

    def __init__(self, row: int, why: object) -> None:
        super().__init__(f"row {row + 1}: sources {why}")
        self.row = row


def parse_sources(text: Any) -> list[dict[str, Any]]:
    """One ``sources`` cell as a list of dicts: JSON text (an array of objects) or a list;
    None, NaN and "" are no sources. Raises ValueError (or TypeError) for anything else."""
    if text is None or (isinstance(text, float) and text != text) or text == "":
        return []
    if isinstance(text, list):
        return [dict(s) for s in text]
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError("sources must be a JSON array")
    return [dict(s) for s in value]


_SCAN = json.scanner.make_scanner(json.JSONDecoder())


def _cell(value: Any) -> SourceList:
    if type(value) is str and value[:1] == "[":
        try:
            parsed, end = _SCAN(value, 0)
        except StopIteration:
            parsed, end = None, -1
        if end == len(value) and type(parsed) is list:  # exactly one array, nothing after it
            if all(type(s) is dict for s in parsed):
                return SourceList(parsed)
            return SourceList(dict(s) for s in parsed)
    if isinstance(value, list):
        return SourceList(value)
    return SourceList(parse_sources(value))  # whitespace around it, errors worded by json


def source_lists(values: Iterable[Any]) -> list[SourceList]:
    """A ``sources`` column's cells as SourceLists (lists kept, JSON text parsed); raises
    SourcesError naming the first bad row."""
    out = []
    for row, value in enumerate(values):
        try:
            out.append(_cell(value))
        except (ValueError, TypeError) as exc:
            raise SourcesError(row, exc) from None
    return out
