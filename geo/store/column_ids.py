"""Incident ids (:func:`geo.incidents.schema.incident_id`) of a whole frame, column by column.

The id text is built per column (dates as ``YYYY-MM-DD``, text stripped and casefolded, as
``incident_id`` reads each value) and only the hashing is done per row. A column that holds
what these columns would read otherwise raises :class:`geo.store.alone.NotColumnar`.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from geo.incidents.schema import IDENTITY_FIELDS
from geo.store.filing import NotColumnar, text_column

#: The years a date's ``%Y`` writes with four digits, as numpy writes them too.
_YEARS = (1000, 9999)


def _id_text(frame: pd.DataFrame, name: str) -> list[str]:
    """One identity field's text per row, as ``incident_id`` writes it (each distinct value
    once)."""
    column = frame[name]
    if pd.api.types.is_datetime64_any_dtype(column.dtype) and \
            not isinstance(column.dtype, pd.DatetimeTZDtype):
        days = column.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
        present = ~np.isnat(days)
        years = days[present].astype("datetime64[Y]").astype(np.int64) + 1970
        if len(years) and (years.min() < _YEARS[0] or years.max() > _YEARS[1]):
            raise NotColumnar(f"column '{name}' holds a date before 1000 or after 9999")
        codes, uniques = pd.factorize(days.astype(np.int64))
        text = np.datetime_as_string(uniques.astype("datetime64[D]"), unit="D").astype(object)
        text[np.isnat(uniques.astype("datetime64[D]"))] = ""
        return text[codes].tolist()
    if column.isna().all() and not pd.api.types.is_string_dtype(column.dtype):
        return [""] * len(column)
    codes, uniques = pd.factorize(text_column(frame, name))
    return np.array([v.strip().casefold() for v in uniques], dtype=object)[codes].tolist()


def incident_ids(frame: pd.DataFrame) -> np.ndarray:
    """Each row's ``incident_id`` (an object array of str), as the rows would hash it."""
    if not len(frame):
        return np.empty(0, dtype=object)
    fields = zip(*(_id_text(frame, name) for name in IDENTITY_FIELDS), strict=True)
    acled = text_column(frame, "event_id_cnty").tolist()
    texts = ("\x1f".join(parts) + ("\x1facled:" + tag.strip() if tag else "")
             for parts, tag in zip(fields, acled, strict=True))
    return np.array([hashlib.sha256(t.encode("utf-8")).hexdigest()[:16] for t in texts],
                    dtype=object)
