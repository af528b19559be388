"""A chunk of an ACLED export read column by column into the Drafts ``AcledReader.read`` makes.

Rows this cannot vouch for (a neutralised formula cell, an unknown actor category, a date or
count in another form...) are marked, not read: the caller gives them to ``AcledReader``.
"""

from __future__ import annotations

from json.encoder import encode_basestring as quoted  # json.dumps(str, ensure_ascii=False)

import numpy as np
import pandas as pd

from geo.incidents import acled
from geo.incidents.draft import Draft
from geo.incidents.schema import Source
from geo.sources import fast_cells as cells
from geo.sources.acled import _KEPT, AcledReader, our_event_type
from geo.sources.table_columns import normalize_header
from geo.sources.table_values import country_code

_NEUTRALISED = r"'+[=+\-@\t\r]"  # geo.incidents.cells: a cell ``restore`` would change


def _country(pair: tuple[str, str]) -> str | None:
    given = [t for t in pair if t]
    for text in given:
        if code := country_code(text):
            return code
    return None if given else ""


def _inter(text: str) -> object:
    code = acled.inter_code(text) if text else None
    return False if text and code is None else (code or None)


def acled_drafts(reader: AcledReader, chunk: pd.DataFrame) -> tuple[list[Draft | None],
                                                                   np.ndarray]:
    """(a Draft for each vouched row, None for the others; the vouched mask)."""
    def get(name: str) -> pd.Series:
        return cells.text(chunk, reader._index.get(normalize_header(name)))

    ok = np.ones(len(chunk), dtype=bool)
    for i in chunk.columns:
        quoted = chunk[i].str.startswith("'").to_numpy()
        if quoted.any():
            ok &= ~(quoted & chunk[i].str.match(_NEUTRALISED).to_numpy())
    place = get("location")
    day, day_ok = cells.days(get("event_date"))
    time_code, time_given, time_ok = cells.precision(get("time_precision"), 3)
    lat, lon, placed, where_ok = cells.coordinates(get("latitude"), get("longitude"),
                                                   (place != "").to_numpy())
    geo_code, _, geo_ok = cells.precision(get("geo_precision"), 4)
    pairs = pd.Series(list(zip(get("country"), get("iso"), strict=True)), index=chunk.index,
                      dtype=object)
    country = cells.per_value(pairs, _country)
    inters = [cells.per_value(get(name), _inter) for name in ("inter1", "inter2")]
    fatalities = get("fatalities")
    counted = fatalities.str.fullmatch(r"\d+").to_numpy(dtype=bool)
    ok &= day_ok & time_ok & where_ok & geo_ok & country.notna().to_numpy()
    ok &= counted | (fatalities == "").to_numpy()
    for codes in inters:
        ok &= (codes.to_numpy(dtype=object) != False)  # noqa: E712 - elementwise
    col = {name: get(name).to_numpy(dtype=object) for name in (
        "location", "actor1", "actor2", "admin1", "sub_event_type", "event_type",
        "disorder_type", "notes", "source", *_KEPT)}
    rows = _acled_rows(reader.header, chunk)
    inter1, inter2 = (c.to_numpy(dtype=object) for c in inters)
    country_of = country.to_numpy(dtype=object)
    deaths = fatalities.to_numpy(dtype=object)
    known = acled.sub_event_types()
    drafts: list[Draft | None] = []
    for k, line in enumerate(chunk.index):
        if not ok[k]:
            drafts.append(None)
            continue
        draft = Draft(place_name=col["location"][k], actor=col["actor1"][k],
                      target=col["actor2"][k])
        draft.admin1 = col["admin1"][k]
        draft.event_date = day[k]
        draft.time_precision = time_code[k] if time_given[k] else 1
        draft.geo_precision = geo_code[k]
        if placed[k]:
            draft.lat, draft.lon = float(lat[k]), float(lon[k])
            draft.geo_precision = draft.geo_precision or 1
        draft.country = country_of[k] or reader.ctx.default_country
        sub = col["sub_event_type"][k]
        pair = known.get(sub)
        if sub and pair is None:
            draft.notes = f"ACLED sub-event type {sub[:60]!r} is not in the codebook read"
        given = {"acled_event_type": col["event_type"][k] or (pair[0] if pair else ""),
                 "sub_event_type": sub,
                 "disorder_type": col["disorder_type"][k] or (pair[1] if pair else ""),
                 **{name: col[name][k] for name in _KEPT},
                 "inter1": inter1[k], "inter2": inter2[k]}
        draft.inter1, draft.inter2 = inter1[k], inter2[k]
        draft.event_type = our_event_type(given["acled_event_type"], sub, draft.actor,
                                          draft.inter1, col["notes"][k])
        draft.status = "reported"
        draft.fatalities = int(deaths[k]) if counted[k] else None
        given["acled_row"] = rows[k]
        draft.given = given
        draft.sources = [Source("", col["source"][k], draft.event_date.isoformat(),
                                col["notes"][k], reader.ctx.where(int(line)))]
        drafts.append(draft)
    return drafts, ok


def _acled_rows(header: list[str], chunk: pd.DataFrame) -> list[str]:
    """Each row as the JSON object ``AcledReader`` keeps in ``acled_row`` (header -> cell)."""
    parts = np.empty((len(chunk), len(header)), dtype=object)
    for i, name in enumerate(header):
        key = quoted(name) + ": "
        codes, uniques = pd.factorize(chunk[i], sort=False)
        if len(uniques) * 2 > len(chunk):  # mostly distinct (ids, notes): no table to keep
            parts[:, i] = [key + quoted(v) for v in chunk[i].to_numpy(dtype=object).tolist()]
        else:
            texts = np.asarray(uniques, dtype=object).tolist()
            parts[:, i] = np.array([key + quoted(v) for v in texts], dtype=object)[codes]
    return ["{" + ", ".join(row) + "}" for row in parts.tolist()]
