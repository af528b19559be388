"""Small multiples: one panel per week or month, every panel with the same extent and legend."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from maps.static.filter import MapOptionError

FACETS = ("week", "month")
MAX_PANELS = 60
#: Weeks run Monday to Sunday.
_PANDAS_FREQ = {"week": "W-SUN", "month": "M"}


@dataclass(frozen=True)
class Period:
    """One panel's time span (inclusive) and its heading."""

    start: date
    end: date
    title: str


def check_facet(facet: str | None) -> str | None:
    if facet is None:
        return None
    value = facet.strip().casefold()
    if value not in FACETS:
        raise MapOptionError(f"unknown facet {facet!r}; use one of: {', '.join(FACETS)}")
    return value


def periods_between(first: date, last: date, facet: str) -> list[Period]:
    """Every week or month from the one holding ``first`` to the one holding ``last``."""
    span = pd.period_range(
        pd.Period(first, freq=_PANDAS_FREQ[facet]),
        pd.Period(last, freq=_PANDAS_FREQ[facet]),
        freq=_PANDAS_FREQ[facet],
    )
    if len(span) > MAX_PANELS:
        raise MapOptionError(
            f"--facet {facet} would draw {len(span)} panels (at most {MAX_PANELS});"
            " narrow the dates with --from/--to or use a longer period"
        )
    result = []
    for p in span:
        start, end = p.start_time.date(), p.end_time.date()
        title = f"Week of {start.day} {start:%b %Y}" if facet == "week" else f"{start:%B %Y}"
        result.append(Period(start, end, title))
    return result


def period_masks(dates: pd.Series, periods: list[Period]) -> list[np.ndarray]:
    """For each period, which rows (by ``event_date``) fall in it."""
    days = pd.to_datetime(dates).dt.normalize()
    return [
        ((days >= pd.Timestamp(p.start)) & (days <= pd.Timestamp(p.end))).fillna(False).to_numpy(
            bool
        )
        for p in periods
    ]


def grid_shape(n_panels: int, area_aspect: float, map_aspect: float) -> tuple[int, int]:
    """Rows and columns giving the largest panels of ``map_aspect`` in an area of ``area_aspect``.

    Aspects are width / height.
    """
    best = (1, n_panels)
    best_size = -1.0
    for cols in range(1, n_panels + 1):
        rows = math.ceil(n_panels / cols)
        cell_w, cell_h = area_aspect / cols, 1.0 / rows
        panel_w = min(cell_w, cell_h * map_aspect)
        if panel_w > best_size + 1e-12:
            best, best_size = (rows, cols), panel_w
    return best
