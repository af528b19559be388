"""A chunk of a plain incident table read column by column into the Drafts ``read_row`` makes.

Rows this cannot vouch for are marked, not read: the caller gives them to ``read_row``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.incidents.draft import Draft
from geo.incidents.schema import Source
from geo.sources import fast_cells as cells
from geo.sources.table_columns import ColumnMap
from geo.sources.table_rows import RowContext, add_note, row_sources
from geo.sources.table_values import country_code, event_type_for, event_type_from_words, status_for


def plain_drafts(ctx: RowContext, found: ColumnMap, chunk: pd.DataFrame
                 ) -> tuple[list[Draft | None], np.ndarray]:
    """(a Draft for each vouched row, None for the others; the vouched mask)."""
    col = {name: cells.text(chunk, found.index.get(name)) for name in (
        "place_name", "actor", "target", "admin1", "event_date", "date_end", "time_precision",
        "lat", "lon", "geo_precision", "event_type", "sub_event_type", "notes", "quote",
        "status", "country", "publisher", "published", "url")}
    place = col["place_name"]
    day, ok = cells.days(col["event_date"])
    ok &= (col["date_end"] == "").to_numpy()
    time_code, time_given, time_ok = cells.precision(col["time_precision"], 3)
    lat, lon, placed, where_ok = cells.coordinates(col["lat"], col["lon"], (place != "").to_numpy())
    geo_code, _, geo_ok = cells.precision(col["geo_precision"], 4)
    country = cells.per_value(col["country"], lambda t: country_code(t) if t else "")
    published = col["published"]
    published_day, published_ok = cells.days(published)
    urls = [col["url"], *(cells.text(chunk, i) for i in found.extra_urls)]
    linked = np.zeros(len(chunk), dtype=bool)
    for texts in urls:
        linked |= (texts != "").to_numpy()
    publisher = col["publisher"].to_numpy(dtype=object)
    quote = col["quote"].where(col["quote"] != "", col["notes"]).to_numpy(dtype=object)
    ok &= time_ok & where_ok & geo_ok & country.notna().to_numpy()
    ok &= (published == "").to_numpy() | published_ok
    for texts in urls:
        ok &= ~texts.str.startswith("[{").to_numpy()
    type_text = col["event_type"].where(col["event_type"] != "", col["sub_event_type"])
    words = col["notes"].where(col["notes"] != "", col["quote"])
    kinds: dict[tuple[str, str], object] = {}
    from_words = cells.per_value(words, event_type_from_words).to_numpy(dtype=object)
    statuses = cells.per_value(col["status"], status_for).to_numpy(dtype=object)
    country = country.to_numpy(dtype=object)
    type_text = type_text.to_numpy(dtype=object)
    width = chunk.shape[1]
    rows = chunk.to_numpy(dtype=object) if found.extra_urls else None
    columns = {name: values.to_numpy(dtype=object) for name, values in col.items()}
    drafts: list[Draft | None] = []
    for k, line in enumerate(chunk.index):
        if not ok[k]:
            drafts.append(None)
            continue
        actor, kind_text = columns["actor"][k], type_text[k]
        draft = Draft(place_name=columns["place_name"][k], actor=actor,
                      target=columns["target"][k])
        draft.admin1 = columns["admin1"][k]
        draft.event_date, draft.time_precision = day[k], 1
        if time_given[k]:
            draft.time_precision = time_code[k]
        draft.geo_precision = geo_code[k]
        if placed[k]:
            draft.lat, draft.lon = float(lat[k]), float(lon[k])
            draft.geo_precision = draft.geo_precision or 1
        noted = None if kind_text else from_words[k]
        kind = kinds.get((kind_text, actor))
        if kind is None:
            kind = kinds[(kind_text, actor)] = event_type_for(kind_text, actor)
        draft.event_type = noted or kind.value
        status = statuses[k]
        draft.status = status.value
        draft.country = country[k] or ctx.default_country
        draft.notes = columns["notes"][k]
        add_note(draft, "" if noted else kind.note)
        add_note(draft, status.note)
        if linked[k]:
            row = rows[k] if rows is not None else [""] * width
            draft.sources = row_sources(ctx, found, int(line), row,
                                        lambda name, k=k: _get(columns, name, k))
        else:  # what row_sources gives a row without a URL
            when = published_day[k].isoformat() if published_day[k] else ""
            draft.sources = [Source("", publisher[k], when, quote[k], ctx.where(int(line)))]
        drafts.append(draft)
    return drafts, ok


def _get(columns: dict, name: str, k: int) -> str:
    values = columns.get(name)
    return values[k] if values is not None else ""
