"""``merge_table_rows`` for an incident frame of one table's rows, column by column.

Rows of one table merge only when one repeats another (geo.incidents.table_rows), so the frame
is grouped by each row's repeat key (each column's distinct values read once, as
``repeat_key`` reads them): a row alone in its key comes out as it went in, and only the rows
of a key held by several go through ``merge_repeats`` as dicts. The incidents are placed in
``merge_rows``' order (each where its first row falls) and their ids hashed column by column
(geo.store.column_ids): the same incidents, ids and order as ``merge_table_rows``. A frame
that is not one table's rows alone (or holds what these columns cannot read as the rows do)
gives None, and the caller merges row by row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.incidents.frame_rows import rows_of
from geo.incidents.schema import IDENTITY_FIELDS, incidents_frame
from geo.incidents.table_merge import merge_repeats
from geo.incidents.table_rows import merged_rows_notes
from geo.store.column_ids import incident_ids
from geo.store.filing import NotColumnar, text_column

_ROW = re.compile(r"^(.+):(\d+)$")  # a table row's file (geo.incidents.table_rows.table_row)
_DAY_MAX = np.iinfo(np.int64).max  # date.max sorts after every day


def _sources(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(sources per row, first source's file, first source's quote), or None unless every row
    has sources that all name rows of one table."""
    lists = frame["sources"].tolist()
    if not all(isinstance(s, list) and s and all(isinstance(one, dict) for one in s)
               for s in lists):
        return None
    counts = np.fromiter((len(s) for s in lists), dtype=np.int64, count=len(lists))
    files = [one.get("file", "") or "" for s in lists for one in s]
    match = _ROW.match
    tables = {found[1] if (found := match(f)) else None for f in files}
    if None in tables or len(tables) != 1:
        return None
    first = np.cumsum(counts) - counts
    quotes = [s[0].get("quote", "") or "" for s in lists]
    return counts, np.array(files, dtype=object)[first], np.array(quotes, dtype=object)


def _order_codes(values: np.ndarray) -> np.ndarray:
    """Codes that sort as the values do (Python's comparison of str)."""
    return pd.factorize(values, sort=True)[0]


def _number_or(frame: pd.DataFrame, name: str, default: float) -> np.ndarray:
    """``row.get(name) or default`` for a numeric column."""
    values = pd.to_numeric(frame[name], errors="raise").to_numpy(dtype="float64",
                                                                 na_value=np.nan)
    return np.where(np.isnan(values) | (values == 0), default, values)


def _days(frame: pd.DataFrame, name: str) -> np.ndarray:
    column = frame[name]
    if not pd.api.types.is_datetime64_any_dtype(column.dtype) or \
            isinstance(column.dtype, pd.DatetimeTZDtype):
        raise NotColumnar(f"column '{name}' holds values that are not dates")
    days = column.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")
    return np.where(np.isnat(days), _DAY_MAX, days.astype(np.int64))


def merge_order(frame: pd.DataFrame, file: np.ndarray, quote: np.ndarray) -> np.ndarray:
    """Positions of the rows in ``merge_order`` (ties keep the frame's order)."""
    keys = (_number_or(frame, "event_count", 1), _number_or(frame, "geo_precision", 9),
            _number_or(frame, "time_precision", 9), _days(frame, "event_date"),
            _order_codes(text_column(frame, "place_id")), _order_codes(file),
            _order_codes(quote))
    return np.lexsort(keys[::-1])


def _plain_codes(values: np.ndarray) -> np.ndarray:
    """Codes equal where ``str(value).strip().casefold()`` is (each distinct value once)."""
    codes, uniques = pd.factorize(values)
    return pd.factorize(np.array([v.strip().casefold() for v in uniques], dtype=object)
                        )[0][codes] if len(uniques) else codes


def _rounded_codes(values: np.ndarray) -> np.ndarray:
    """Codes equal where ``round(value, 5)`` is (None/NaN its own code)."""
    codes, uniques = pd.factorize(values)  # NaN is -1
    rounded = np.array([round(float(v), 5) for v in uniques], dtype="float64")
    return np.where(codes < 0, -1, pd.factorize(rounded)[0][np.maximum(codes, 0)]
                    if len(uniques) else codes)


def repeat_codes(frame: pd.DataFrame) -> np.ndarray:
    """One code per row, equal where ``repeat_key`` is."""
    import shapely

    parts = [pd.factorize(_days(frame, name))[0] for name in ("event_date", "date_end")]
    parts += [_plain_codes(text_column(frame, name)) for name in IDENTITY_FIELDS
              if name not in ("place_id", "place_name", "event_date", "date_end")]
    place_id = text_column(frame, "place_id")
    by_id = place_id != ""
    geoms = np.asarray(frame.geometry.values, dtype=object)
    located = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    lat = np.where(located, shapely.get_y(geoms), np.nan)
    lon = np.where(located, shapely.get_x(geoms), np.nan)
    name = _plain_codes(text_column(frame, "place_name"))
    parts += [by_id, np.where(by_id, _plain_codes(place_id), name),
              np.where(by_id, -2, _rounded_codes(lat)), np.where(by_id, -2, _rounded_codes(lon)),
              _plain_codes(text_column(frame, "event_id_cnty"))]
    return pd.DataFrame(dict(enumerate(parts))).groupby(list(range(len(parts))),
                                                        sort=False).ngroup().to_numpy()


def merge_table_frame(frame: pd.DataFrame, *, ids_given: bool = True) -> pd.DataFrame | None:
    """``incidents_frame(merge_table_rows(rows_of(frame)))`` for one table's rows alone, or
    None when the frame is not that (several tables, stored or aggregate rows, ids given twice,
    values these columns cannot read). ``ids_given=False``: the frame's ids were filled by
    ``incidents_frame`` or the caller, not given by the rows (so they are not asked to be
    distinct, and the rows are merged without them, as ``merge_table_rows`` merges rows with
    no id)."""
    if not len(frame) or {"_stored", "_apart"} & set(frame.columns):
        return None
    try:
        return _merged(frame, ids_given)
    except (NotColumnar, ValueError, TypeError):
        return None


def _merged(frame: pd.DataFrame, ids_given: bool) -> pd.DataFrame | None:
    found = _sources(frame)
    counts = pd.to_numeric(frame["event_count"]).fillna(1).to_numpy()
    if found is None or (counts > 1).any():
        return None
    if ids_given:
        ids = text_column(frame, "incident_id")
        ids = ids[ids != ""]
        if len(set(ids.tolist())) != len(ids):
            return None
    _, file, quote = found
    order = merge_order(frame, file, quote)
    ordered = frame.iloc[order].reset_index(drop=True)
    key = repeat_codes(ordered)
    sizes = np.bincount(key)
    shared = sizes[key] > 1
    parts = [ordered[~shared]]
    at = [np.flatnonzero(~shared)]
    if shared.any():
        positions = np.flatnonzero(shared)
        rows = rows_of(ordered.iloc[positions])
        if not ids_given:  # placeholders, no incident's own: the merge must not read them
            for row in rows:  # as one incident read again (geo.incidents.merge.same_incident)
                row["incident_id"] = ""
        groups = pd.Series(np.arange(len(positions))).groupby(key[positions], sort=False)
        made = [(int(positions[k]), row) for members in groups.indices.values()
                for k, row in merge_repeats(rows, members.tolist())]
        at.append(np.array([k for k, _ in made], dtype=np.int64))
        parts.append(incidents_frame([row for _, row in made]))
    merged = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    merged = merged.iloc[np.argsort(np.concatenate(at), kind="stable")]
    merged = incidents_frame(merged.reset_index(drop=True))
    ids = incident_ids(merged)
    if len(set(ids.tolist())) != len(ids):
        return None  # ids to tell apart: merge_rows' salted ids, row by row
    merged["incident_id"] = ids
    return merged


def frame_notes(merged: pd.DataFrame) -> list[str]:
    """``merged_rows_notes`` of a merged frame (only incidents of several sources can hold
    several rows: only those become dicts)."""
    several = np.fromiter((len(s) > 1 for s in merged["sources"].tolist()), dtype=bool,
                          count=len(merged))
    return merged_rows_notes(rows_of(merged[several])) if several.any() else []
