"""Choosing which incidents a map shows: by event type, date range and bounding box."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import geopandas as gpd
import pandas as pd

from geo.incidents.counts import located_mask
from geo.incidents.schema import EVENT_TYPES


class MapOptionError(ValueError):
    """A map option or input the user can fix (unknown type, inverted dates, bad bbox)."""


BBox = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@dataclass(frozen=True)
class Selection:
    """What to keep: event types (None = all), an inclusive date range, a lon/lat box."""

    types: tuple[str, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    bbox: BBox | None = None

    @classmethod
    def checked(
        cls,
        types: Iterable[str] | None = None,
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        bbox: Sequence[float] | None = None,
    ) -> Selection:
        """Validate the options; raise MapOptionError naming the bad one."""
        return cls(
            types=check_types(types),
            date_from=_as_date(date_from, "date_from"),
            date_to=_as_date(date_to, "date_to"),
            bbox=check_bbox(bbox),
        ).with_checked_range()

    def with_checked_range(self) -> Selection:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise MapOptionError(
                f"the date range is inverted: from {self.date_from} is after to {self.date_to};"
                " swap the two dates"
            )
        return self

    def apply(self, incidents: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """The rows of ``incidents`` that match every condition (undated rows fail a date test);
        ``incidents`` itself when nothing is asked."""
        if self == Selection():
            return incidents
        keep = pd.Series(True, index=incidents.index)
        if self.types is not None:
            keep &= incidents["event_type"].isin(self.types)
        if self.date_from is not None or self.date_to is not None:
            start = pd.to_datetime(incidents["event_date"])
            end = pd.to_datetime(incidents["date_end"]).fillna(start)
            if self.date_from is not None:
                keep &= end >= pd.Timestamp(self.date_from)
            if self.date_to is not None:
                keep &= start <= pd.Timestamp(self.date_to)
        if self.bbox is not None:
            keep &= in_bbox(incidents, self.bbox)
        return incidents[keep.fillna(False).astype(bool)]


def check_types(types: Iterable[str] | None) -> tuple[str, ...] | None:
    """Normalize a list of event types (case-insensitive); reject unknown ones by name."""
    if types is None:
        return None
    wanted = [t.strip().casefold() for t in types if t and t.strip()]
    unknown = [t for t in wanted if t not in EVENT_TYPES]
    if unknown:
        raise MapOptionError(
            f"unknown event type(s): {', '.join(repr(t) for t in unknown)};"
            f" valid types are: {', '.join(EVENT_TYPES)}"
        )
    if not wanted:
        raise MapOptionError(f"no event type given; valid types are: {', '.join(EVENT_TYPES)}")
    return tuple(dict.fromkeys(wanted))


def check_bbox(bbox: Sequence[float] | None) -> BBox | None:
    """Check a (min lon, min lat, max lon, max lat) box."""
    if bbox is None:
        return None
    if len(bbox) != 4:
        raise MapOptionError("bbox needs four numbers: min lon, min lat, max lon, max lat")
    x0, y0, x1, y1 = (float(v) for v in bbox)
    if not (-180 <= x0 < x1 <= 180 and -90 <= y0 < y1 <= 90):
        raise MapOptionError(
            f"bbox {x0},{y0},{x1},{y1} is not min lon,min lat,max lon,max lat with"
            " -180<=lon<=180, -90<=lat<=90 and min < max"
        )
    return (x0, y0, x1, y1)


def in_bbox(frame: gpd.GeoDataFrame, bbox: BBox) -> pd.Series:
    """True for rows whose point lies inside the lon/lat box (False for empty geometry)."""
    located = frame.geometry.notna() & ~frame.geometry.is_empty
    x = frame.geometry.x.where(located)
    y = frame.geometry.y.where(located)
    inside = (x >= bbox[0]) & (x <= bbox[2]) & (y >= bbox[1]) & (y <= bbox[3])
    return inside.fillna(False).astype(bool)


def located(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The mapped rows (geo.incidents.counts.located_mask: a usable location)."""
    return frame[located_mask(frame)]


def _as_date(value: date | str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise MapOptionError(
            f"{name} {value!r} is not an ISO date; write it as YYYY-MM-DD"
        ) from None
