"""Incidents as ACLED rows: ACLED's standard export columns, in ACLED's order, with the
codebook's values (:mod:`geo.incidents.acled`), so that they line up with an ACLED download.

An incident read from ACLED is written as ACLED gave it (its ``acled_row``), column for
column, so export -> ingest -> export changes nothing; columns of the source beyond ACLED's
standard ones follow them. Only the actor categories follow the form asked for (text or
numbers), so that a column never mixes the two. Our own incidents are coded from the store's
columns:

- ``event_id_cnty``: ``IRQ-GEO-<incident id>``, an id in ACLED's style marked as ours;
- ``event_type``/``sub_event_type``/``disorder_type``: ACLED's types of our type;
- ``actor1``/``actor2``: actor and target; ``inter1``/``inter2`` the actor categories (text as
  ACLED's API gives them, or numbers with ``inter="numeric"``), ``interaction`` both;
- ``iso`` (ISO numeric), ``region`` and ``country`` (ACLED's name) from the ISO alpha-2 code;
- ``location``: the resolved place (else the place as written); ``geo_precision`` 1-3 (our
  country-only 4 is ACLED's 3, a larger region);
- ``source``: the sources' publishers; ``notes``: their quotes; ``fatalities``, ``tags`` and
  ``timestamp`` blank when unknown.

Text a spreadsheet would run as a formula gets a leading ``'`` (as in our CSV); numbers stay
numbers.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import shapely

from gazetteer.atomic import atomic_path
from geo.incidents import acled
from geo.incidents.cells import neutralize

INTER_FORMS = ("text", "numeric")
_INTER_COLUMNS = ("inter1", "inter2", "interaction")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _key(name: str) -> str:
    return "_".join(name.strip().casefold().replace("-", " ").split())


def _ints(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("Int64")
    return numbers.astype(object).where(numbers.notna(), "").map(str)


def _text(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[name].fillna("").astype(str).astype(object)


def _degrees(values: np.ndarray) -> list[str]:
    return ["" if np.isnan(v) else f"{v:.6f}".rstrip("0").rstrip(".") for v in values]


def _publishers(sources: list[dict] | None) -> str:
    names = [str(s.get("publisher") or "").strip() for s in sources or []]
    names = [n or urlsplit(str(s.get("url") or "")).netloc
             for n, s in zip(names, sources or [], strict=True)]
    return "; ".join(dict.fromkeys(n for n in names if n))


def _quotes(sources: list[dict] | None) -> str:
    quotes = [" ".join(str(s.get("quote") or "").split()) for s in sources or []]
    return " ".join(dict.fromkeys(q for q in quotes if q))


def _inter(codes: pd.Series, numeric: bool) -> list[str]:
    return [("" if c is None else str(c)) if numeric else acled.inter_label(c) for c in codes]


def _ours(frame: pd.DataFrame, numeric: bool) -> dict[str, list | pd.Series]:
    """ACLED's columns for every incident, coded from the store's columns."""
    country = _text(frame, "country").str.upper()
    facts = {iso: acled.country(iso) for iso in country.unique()}
    dates = pd.to_datetime(frame["event_date"], errors="coerce")
    inter1 = pd.to_numeric(frame["inter1"], errors="coerce").astype("Int64")
    inter2 = pd.to_numeric(frame["inter2"], errors="coerce").astype("Int64")
    codes1 = inter1.astype(object).where(inter1.notna(), None)
    codes2 = inter2.astype(object).where(inter2.notna(), None)
    target = _text(frame, "target")
    interaction = [acled.interaction(a, b, numeric=numeric) if a and (b or not t) else ""
                   for a, b, t in zip(codes1, codes2, target, strict=True)]
    if numeric:  # a single actor's inter2 is 0 in ACLED's numeric form
        codes2 = [0 if c is None and not t else c for c, t in zip(codes2, target, strict=True)]
    geoms = np.asarray(frame.geometry.values, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    precision = pd.to_numeric(frame["geo_precision"], errors="coerce").clip(upper=3)
    own_ids = _text(frame, "event_id_cnty")
    ids = [given or acled.our_event_id(iso, incident)
           for given, iso, incident in zip(own_ids, country, frame["incident_id"], strict=True)]
    resolved = _text(frame, "resolved_name")
    return {
        "event_id_cnty": ids,
        "event_date": dates.dt.strftime("%Y-%m-%d").fillna(""),
        "year": _ints(dates.dt.year),
        "time_precision": _ints(frame["time_precision"]),
        "disorder_type": _text(frame, "disorder_type"),
        "event_type": _text(frame, "acled_event_type"),
        "sub_event_type": _text(frame, "sub_event_type"),
        "actor1": _text(frame, "actor"),
        "assoc_actor_1": _text(frame, "assoc_actor_1"),
        "inter1": _inter(codes1, numeric),
        "actor2": target,
        "assoc_actor_2": _text(frame, "assoc_actor_2"),
        "inter2": _inter(pd.Series(codes2, dtype=object), numeric),
        "interaction": interaction,
        "civilian_targeting": _text(frame, "civilian_targeting"),
        "iso": [str(facts[c].iso_numeric or "") if facts[c] else "" for c in country],
        "region": [facts[c].region if facts[c] else "" for c in country],
        "country": [facts[c].name if facts[c] else "" for c in country],
        "admin1": _text(frame, "admin1"),
        "admin2": _text(frame, "admin2"),
        "admin3": _text(frame, "admin3"),
        "location": resolved.where(resolved != "", _text(frame, "place_name")),
        "latitude": _degrees(np.where(missing, np.nan, shapely.get_y(geoms))),
        "longitude": _degrees(np.where(missing, np.nan, shapely.get_x(geoms))),
        "geo_precision": _ints(precision),
        "source": [_publishers(s) for s in frame["sources"]],
        "source_scale": _text(frame, "source_scale"),
        "notes": [_quotes(s) for s in frame["sources"]],
        "fatalities": _ints(frame["fatalities"]),
        "tags": _text(frame, "tags"),
        "timestamp": [""] * len(frame),
    }


def acled_table(incidents: pd.DataFrame, *, inter: str = "text") -> pd.DataFrame:
    """One ACLED row (text cells) per incident: ACLED's columns in ACLED's order, then any
    further columns an ACLED source had. ``inter``: "text" (ACLED's API default, "State
    forces") or "numeric" (1) for ``inter1``, ``inter2`` and ``interaction``."""
    if inter not in INTER_FORMS:
        raise ValueError(f"inter must be one of {', '.join(INTER_FORMS)}, not {inter!r}")
    names = acled.columns()
    numeric = inter == "numeric"
    columns = {name: list(values) for name, values in _ours(incidents, numeric).items()}
    by_key = {name: name for name in names}
    for i, text in enumerate(_text(incidents, "acled_row").tolist()):
        if not text:
            continue
        for column, value in json.loads(text).items():
            key, value = _key(column), "" if value is None else str(value)
            if key in _INTER_COLUMNS and value and value.isdigit() != numeric:
                continue  # the other form than asked: ours, from the same codes
            if key not in by_key:  # a column beyond ACLED's standard ones
                by_key[key] = column
                columns[column] = [""] * len(incidents)
            columns[by_key[key]][i] = value
    return pd.DataFrame(columns, dtype=object)


_FORMULA = r"'*[=+\-@\t\r]"


def _neutralized(column: pd.Series) -> pd.Series:
    """Formula cells with a leading ``'`` (geo.incidents.cells); numbers left as numbers."""
    text = column.astype(str)
    risky = text.str.match(_FORMULA) & ~text.str.fullmatch(_NUMBER.pattern)
    if not risky.any():
        return text
    return text.where(~risky, text[risky].map(neutralize))


def write_acled(incidents: pd.DataFrame, path: str | os.PathLike[str], *,
                inter: str = "text") -> Path:
    """Write incidents as an ACLED-format CSV (UTF-8), atomically. Example:
    ``write_acled(read_incidents("store.gpkg"), "incidents_acled.csv")``."""
    table = acled_table(incidents, inter=inter).apply(_neutralized)
    path = Path(path)
    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\r\n",
                     quoting=csv.QUOTE_MINIMAL)
    return path
