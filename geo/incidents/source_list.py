"""The ``sources`` cell of an incident frame: a list of source dicts that writes itself as
JSON text wherever a value is turned into text or handed to a database driver.

So ``incidents.to_postgis(...)`` (its COPY writes each value's ``str``), ``to_sql`` on SQLite
(``__conform__``) and ``to_csv`` store the sources as a JSON array, the same text the files
hold (:func:`geo.incidents.schema.sources_to_json`), instead of failing or writing Python's
repr. In Python it is a plain list.
"""

from __future__ import annotations

import json
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
