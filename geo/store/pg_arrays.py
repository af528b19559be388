"""A set of ids as one query parameter: ``= ANY(...)`` over a text the server splits.

psycopg dumps a Python list into an array value by value in Python (about 1 µs each: a tenth
of a second for a batch's 100,000 place ids); joined into one text with a separator no id
holds, the same array is made by the server's ``string_to_array``, a constant the planner
folds as it folds a literal array (so an index on the column is used alike). Ids that hold the
separator, and the empty id (an empty text splits into no element), go as a list.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

#: The separator: ASCII's unit separator, which no id of ours holds.
_UNIT = "\x1f"


def any_of(column: str, values: Collection[str]) -> tuple[str, tuple[Any]]:
    """``column = ANY(<these values>)`` as SQL (one ``%s`` placeholder) and its parameters."""
    texts = [str(v) for v in values]
    if "" in texts or any(_UNIT in v for v in texts):
        return f"{column} = ANY(%s)", (texts,)
    return f"{column} = ANY(string_to_array(%s, chr(31)))", (_UNIT.join(texts),)
