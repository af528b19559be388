"""A set of ids as one query parameter: ``= ANY(...)`` over a text the server splits.

psycopg dumps a Python list into an array value by value in Python (about 1 µs each: a tenth
of a second for a batch's 100,000 place ids); joined into one text with a separator no id
holds, the same array is made by the server's ``string_to_array``, a constant the planner
folds as it folds a literal array (so an index on the column is used alike). Ids that hold the
separator, and the empty id (an empty text splits into no element), go as a list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

#: The separator: ASCII's unit separator, which no id of ours holds.
_UNIT = "\x1f"


def distinct_ids(parts: Iterable[Any]) -> pa.Array:
    """The distinct ids of several columns or lists of text, without missing or empty ones
    (as Arrow strings: no Python string per id of a column Arrow holds)."""
    arrays = [pa.array(part, type=pa.large_string(), from_pandas=True) for part in parts]
    ids = pc.unique(pa.chunked_array(arrays, type=pa.large_string())).drop_null()
    return ids.filter(pc.not_equal(ids, ""))


def any_of(column: str, values: Collection[str] | pa.Array) -> tuple[str, tuple[Any]]:
    """``column = ANY(<these values>)`` as SQL (one ``%s`` placeholder) and its parameters."""
    texts = values.cast(pa.large_string()) if isinstance(values, pa.Array) else \
        pa.array([str(v) for v in values], type=pa.large_string())
    if len(texts) and (pc.any(pc.equal(texts, "")).as_py() or
                       pc.any(pc.match_substring(texts, _UNIT)).as_py()):
        return f"{column} = ANY(%s)", (texts.to_pylist(),)
    return f"{column} = ANY(string_to_array(%s, chr(31)))", \
        (pc.binary_join(pa.LargeListArray.from_arrays([0, len(texts)], texts),
                        pa.scalar(_UNIT, pa.large_string()))[0]
         .as_py(),)
