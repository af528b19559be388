"""The numbers every output states about an incident set, each defined once here.

- **incidents**: the rows of the set. One incident is one event, or an aggregate ("a dozen
  rocket attacks on bases this week") that stands for ``event_count`` events.
- **mapped**: incidents with a usable location (a non-empty geometry with finite coordinates);
  these are the ones a map draws.
- **not located**: incidents that are not mapped (``incidents - mapped``).
- **events**: the sum of ``event_count`` over the incidents (missing or below 1 counts as 1).
- **dates**: from the earliest start to the latest end of the dated incidents (a missing
  ``date_end`` ends on its ``event_date``: a one-day event).
- **places**: distinct resolved places (``place_id``) of the incidents.

The CLI summary, report.md, the static and HTML maps and the QGIS project all read these, so
they never disagree. Per-type counts are incidents too; events are said beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd


def located_mask(frame: gpd.GeoDataFrame) -> np.ndarray:
    """True for rows with a usable location: not missing, not empty, finite coordinates.

    (Checked on the bounds: shapely turns a NaN point's representative point into POINT (0 0).)
    """
    if len(frame) == 0:
        return np.zeros(0, dtype=bool)
    geom = frame.geometry
    ok = ~(geom.isna() | geom.is_empty).to_numpy()
    return ok & np.isfinite(geom.bounds.to_numpy()).all(axis=1)


def event_counts(frame: pd.DataFrame) -> pd.Series:
    """Events per incident: ``event_count`` where given and at least 1, else 1."""
    counts = pd.to_numeric(frame["event_count"], errors="coerce").fillna(1)
    return counts.where(counts >= 1, 1).astype("int64")


def type_labels(frame: pd.DataFrame) -> pd.Series:
    """Each incident's type as counted: ours, else ACLED's event type (an ACLED protest, riot
    or strategic development has no type of ours but is what ACLED says it is)."""
    ours = frame["event_type"].fillna("").astype(str)
    if "acled_event_type" not in frame.columns:
        return ours
    return ours.where(ours != "", frame["acled_event_type"].fillna("").astype(str))


def date_span(frame: pd.DataFrame) -> tuple[date | None, date | None]:
    """First start and last end over the dated incidents (None, None when none is dated)."""
    if len(frame) == 0:
        return None, None
    start = pd.to_datetime(frame["event_date"], errors="coerce")
    if start.notna().sum() == 0:
        return None, None
    end = pd.to_datetime(frame["date_end"], errors="coerce")
    end = end.where(end.notna() & (end >= start), start)
    return start.min().date(), end.max().date()


@dataclass(frozen=True)
class TypeCount:
    """One event type's incidents, mapped incidents and events."""

    event_type: str
    incidents: int
    mapped: int
    events: int


@dataclass(frozen=True)
class Counts:
    incidents: int
    mapped: int
    events: int
    dated: int
    places: int
    first: date | None
    last: date | None
    types: tuple[TypeCount, ...]  # most incidents first

    @property
    def not_located(self) -> int:
        return self.incidents - self.mapped

    @classmethod
    def of(cls, frame: gpd.GeoDataFrame) -> Counts:
        mapped = located_mask(frame)
        events = event_counts(frame) if len(frame) else pd.Series([], dtype="int64")
        types = type_labels(frame) if len(frame) else pd.Series([])
        per_type = []
        for name in types.value_counts(sort=False).index:
            rows = (types == name).to_numpy()
            per_type.append(TypeCount(name, int(rows.sum()), int((rows & mapped).sum()),
                                      int(events[rows].sum())))
        per_type.sort(key=lambda t: (-t.incidents, t.event_type))
        place_ids = frame["place_id"].dropna().astype(str) if len(frame) else pd.Series([])
        first, last = date_span(frame)
        dated = int(pd.to_datetime(frame["event_date"], errors="coerce").notna().sum()) \
            if len(frame) else 0
        return cls(
            incidents=int(len(frame)),
            mapped=int(mapped.sum()),
            events=int(events.sum()),
            dated=dated,
            places=int(place_ids[place_ids != ""].nunique()),
            first=first,
            last=last,
            types=tuple(per_type),
        )

    def as_dict(self) -> dict:
        return {
            "incidents": self.incidents, "mapped": self.mapped, "not_located": self.not_located,
            "events": self.events, "places": self.places,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def dates_text(first: date | None, last: date | None) -> str:
    """'7 Oct 2023 – 3 Feb 2024', one day, or 'dates unknown'."""
    if first is None or last is None:
        return "dates unknown"
    if first == last:
        return day_text(first)
    return f"{day_text(first)} – {day_text(last)}"


def summary(counts: Counts) -> str:
    """The one-line statement every output makes: incidents (events), mapped, not located."""
    head = plural(counts.incidents, "incident")
    if counts.events != counts.incidents:
        head += f" ({plural(counts.events, 'event')})"
    parts = [head, f"{counts.mapped:,} mapped"]
    if counts.not_located:
        parts.append(f"{counts.not_located:,} not located")
    return ", ".join(parts)


def default_title(frame: pd.DataFrame, most: int = 3) -> str:
    """A map title from the data: 'Drone attacks in Iraq', 'Attacks in Iraq, Syria and Jordan'.

    Countries by number of incidents (at most ``most``, then 'and N more countries'); the kind
    is the one event type's plural, or 'Attacks' (and interceptions) for several.
    """
    from gazetteer.borders import country_polygons
    from geo.incidents.schema import EVENT_TYPES

    if len(frame) == 0:
        return "Incidents"
    types = set(frame["event_type"].dropna().astype(str)) & set(EVENT_TYPES)
    if len(types) == 1:
        kind = next(iter(types)).capitalize()
        kind = kind + "s" if not kind.endswith("s") else kind
    else:
        kind = ("Incidents" if not types
                else "Attacks and interceptions" if "interception" in types else "Attacks")
    isos = frame["country"].dropna().astype(str).str.upper()
    ranked = isos[isos != ""].value_counts()
    names = dict(zip(country_polygons()["iso"], country_polygons()["NAME"], strict=True))
    countries = [names.get(iso, iso) for iso in ranked.index]
    if not countries:
        return kind
    shown = countries[:most]
    if len(countries) > most:
        shown.append(plural(len(countries) - most, "more country").replace("countrys", "countries"))
    where = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{kind} in {where}"


def reviewed_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Incidents by review state (geo/review): machine (not reviewed), confirmed, changed."""
    from geo.incidents.schema import REVIEW_STATES

    states = frame["reviewed"].replace("", "machine") if "reviewed" in frame.columns \
        else pd.Series(["machine"] * len(frame), dtype=object)
    return {state: int((states == state).sum()) for state in REVIEW_STATES}


def reviewed_text(frame: pd.DataFrame) -> str:
    """"2 confirmed and 3 changed by a person, 11 not reviewed"."""
    n = reviewed_counts(frame)
    return f"{n['confirmed']} confirmed and {n['changed']} changed by a person, " \
        f"{n['machine']} not reviewed"
