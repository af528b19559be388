"""An incident as read from a source, before its place is resolved, and a problem with a source."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.incidents.schema import Source


@dataclass
class Draft:
    """One incident read from an article or a table row; resolution turns it into a schema row.

    ``lat``/``lon`` are set only when the source gives coordinates (they are then kept).
    ``relation`` holds a relative-place phrase ("south of", "near", "several kilometers from")
    that widens the location instead of pinning it.
    """

    place_name: str
    event_date: date | None = None
    date_end: date | None = None
    time_precision: int | None = None
    event_type: str = ""
    status: str = ""
    actor: str = ""
    target: str = ""
    fatalities: int | None = None  # people killed, when the source states a number
    inter1: int | None = None  # ACLED actor category of the actor (from the actor lexicons)
    inter2: int | None = None  # ... and of the target
    sources: list[Source] = field(default_factory=list)
    country: str = ""  # ISO alpha-2 hint (from the table or the text)
    admin1: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    uncertainty_km: float | None = None
    relation: str = ""  # "", "distance", "direction", "near", "off", "part" (of a country/province)
    relation_km: float | None = None  # "10 km from X"
    direction: str = ""  # "south" in "south of X", "east" in "eastern Syria"
    kind_hint: str = ""  # the kind of place the text implies ("base", "province")
    event_count: int = 1
    notes: str = ""
    resolution: Any = None  # a geo.resolve.chain.Resolution found during extraction, if any
    #: schema columns the source states outright (an ACLED row's own codes), kept as given
    given: dict[str, Any] = field(default_factory=dict)


#: The note of a date read off the heading of the paragraph that tells the event
#: ("30 December 2023 — Kharkiv. ..."): a day the report gives this event itself.
HEADING_DATE_NOTE = "date of the paragraph's heading"


def headed_apart(a: tuple[str, date | None, date | None],
                 b: tuple[str, date | None, date | None]) -> bool:
    """Whether two tellings, each ``(notes, event_date, date_end)``, sit under paragraph
    headings of different days ("30 December — Kharkiv ...", "31 December — Kharkiv ..."):
    the report tells them apart."""
    (notes_a, start_a, end_a), (notes_b, start_b, end_b) = a, b
    if HEADING_DATE_NOTE not in (notes_a or "") or HEADING_DATE_NOTE not in (notes_b or "") \
            or start_a is None or start_b is None:
        return False
    return (end_a or start_a) < start_b or (end_b or start_b) < start_a


#: The note on an event its report tells as one more ("another Israeli strike on Beit Lahiya
#: killed 19"): within that report it is never merged with the others.
FURTHER_NOTE = "told as a further event"
#: The note of a draft whose place comes from the sentences around it.
INHERITED_PLACE = "place from the surrounding text"


def join_notes(*parts: str) -> str:
    """Notes as one field: the non-empty parts, "; "-separated."""
    return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class SourceProblem:
    """A file, row or field that could not be read; reported, never fatal to the batch."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        what = f" field '{self.field}':" if self.field else ""
        return f"{where}:{what} {self.message}"
