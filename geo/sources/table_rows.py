"""One table row -> one Draft: dates, coordinates, vocabularies and sources, with problems logged.

Shared by the plain-table reader (:func:`read_row`) and the ACLED reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from geo.incidents.draft import Draft, SourceProblem
from geo.incidents.schema import Source, sources_from_json
from geo.sources.table_columns import ColumnMap
from geo.sources.table_dates import numeric_order, parse_date, parse_range
from geo.sources.table_values import (
    country_code,
    event_type_for,
    event_type_from_words,
    parse_precision,
    read_coordinates,
    split_urls,
    status_for,
)

MAX_ROW_PROBLEMS = 200
DATE_FORMS = "2023-10-29, 29/10/2023, 29 October 2023, Oct 29 2023, 2023-10, 2023-W44 or a/b"


@dataclass
class ProblemLog:
    """Problems of one file; row problems past ``MAX_ROW_PROBLEMS`` are counted, not listed."""

    path: str
    problems: list[SourceProblem] = field(default_factory=list)
    row_problems: int = 0

    def add(self, line: int | None, field_name: str | None, message: str) -> None:
        self.row_problems += line is not None
        if line is None or self.row_problems <= MAX_ROW_PROBLEMS:
            self.problems.append(SourceProblem(self.path, line, field_name, message))

    def finish(self) -> None:
        hidden = self.row_problems - MAX_ROW_PROBLEMS
        if hidden > 0:
            self.add(None, None, f"{hidden} more row problems not listed")


@dataclass
class RowContext:
    """What every row of one file shares: where it came from and the day/month order seen."""

    path: Path
    log: ProblemLog
    default_country: str = ""
    orders: set[str] = field(default_factory=set)  # "dmy" / "mdy" evidence from the dates
    ambiguous: list[tuple[Draft, int | None, str, str, str]] = field(default_factory=list)

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line is not None else str(self.path)

    def note_order(self, *texts: str) -> bool:
        """Record day/month order evidence; True when a text could be read either way."""
        either = False
        for text in texts:
            order = numeric_order(text)
            if order in ("dmy", "mdy"):
                self.orders.add(order)
            either = either or order == "either"
        return either

    def month_first(self) -> bool:
        return self.orders == {"mdy"}

    def finish(self, date_field: str = "event_date") -> None:
        """Re-read dates like 03/04/2023 month-first when the column showed it is month-first."""
        if self.orders == {"dmy", "mdy"}:
            self.log.add(
                None,
                date_field,
                "dates mix day-first and month-first forms; "
                "those that fit both were read day-first",
            )
        if not self.month_first():
            return
        for draft, line, start, end, precision in self.ambiguous:
            set_dates(self, draft, line, start, end, precision, day_first=False, quiet=True)


def set_dates(
    ctx: RowContext,
    draft: Draft,
    line: int | None,
    start_text: str,
    end_text: str,
    precision_text: str,
    *,
    day_first: bool = True,
    quiet: bool = False,
) -> bool:
    """Fill the draft's dates and precision; False (with a problem) when there is no start date."""
    if not start_text:
        ctx.log.add(line, "event_date", "no date; row skipped")
        return False
    start = parse_date(start_text, day_first=day_first)
    if start is None:
        ctx.log.add(
            line,
            "event_date",
            f"{start_text[:40]!r} is not a date this reader knows; row skipped "
            f"(write {DATE_FORMS})",
        )
        return False
    draft.event_date, draft.date_end, draft.time_precision = start.start, start.end, start.precision
    if end_text:
        end = parse_date(end_text, day_first=day_first)
        joined = parse_range(start, end) if end is not None else None
        if joined is not None:
            draft.event_date, draft.date_end = joined.start, joined.end
            draft.time_precision = joined.precision
        elif not quiet:
            why = "is not a date" if end is None else "comes before the start date"
            ctx.log.add(line, "date_end", f"end date {end_text[:40]!r} {why}; ignored")
    if precision_text:
        precision = parse_precision(precision_text, 3)
        if precision is not None:
            draft.time_precision = precision
        elif not quiet:
            ctx.log.add(
                line, "time_precision", f"{precision_text[:20]!r} is not 1, 2 or 3; ignored"
            )
    if not quiet and ctx.note_order(start_text, end_text):
        ctx.ambiguous.append((draft, line, start_text, end_text, precision_text))
    return True


def set_coordinates(
    ctx: RowContext, draft: Draft, line: int | None, lat_text: str, lon_text: str, geo_text: str
) -> bool:
    """Keep good coordinates; bad ones are reported and dropped. False when nothing locates it."""
    geo_precision = parse_precision(geo_text, 4) if geo_text else None
    if geo_text and geo_precision is None:
        ctx.log.add(line, "geo_precision", f"{geo_text[:20]!r} is not 1, 2, 3 or 4; ignored")
    draft.geo_precision = geo_precision
    if not lat_text and not lon_text:
        if draft.place_name:
            return True
        ctx.log.add(line, "place_name", "no place name and no coordinates; row skipped")
        return False
    if not lat_text or not lon_text:
        read: tuple = (
            "lat" if not lat_text else "lon",
            "latitude and longitude must both be given",
        )
    else:
        read = read_coordinates(lat_text, lon_text)
    if isinstance(read[0], float):
        draft.lat, draft.lon = read
        draft.geo_precision = geo_precision or 1
        return True
    field_name, message = read
    if draft.place_name:
        ctx.log.add(
            line,
            field_name,
            f"{message}; row kept without coordinates, to be resolved by its place name "
            f"{draft.place_name[:60]!r}",
        )
        draft.geo_precision = None
        return True
    ctx.log.add(line, field_name, f"{message}; row skipped, as it has no place name either")
    return False


def set_country(ctx: RowContext, draft: Draft, line: int | None, *texts: str) -> None:
    """ISO alpha-2 from the first of ``texts`` that names a country; else the default."""
    given = [t for t in texts if t]
    for text in given:
        if code := country_code(text):
            draft.country = code
            return
    draft.country = ctx.default_country
    if given:
        ctx.log.add(line, "country", f"country {given[0][:40]!r} not recognised; left blank")
        add_note(draft, f"country {given[0][:40]!r} not recognised")


def add_note(draft: Draft, note: str) -> None:
    if note:
        draft.notes = f"{draft.notes}; {note}" if draft.notes else note


def read_row(
    ctx: RowContext, columns: ColumnMap, line: int | None, cells: list[str]
) -> Draft | None:
    """A Draft from one row of a plain incident table, or None (reported) when it is unusable."""

    def get(name: str) -> str:
        i = columns.index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    draft = Draft(place_name=get("place_name"), actor=get("actor"), target=get("target"))
    draft.admin1 = get("admin1")
    if not set_dates(ctx, draft, line, get("event_date"), get("date_end"), get("time_precision")):
        return None
    if not set_coordinates(ctx, draft, line, get("lat"), get("lon"), get("geo_precision")):
        return None
    type_text = get("event_type") or get("sub_event_type")
    from_notes = None if type_text else event_type_from_words(get("notes") or get("quote"))
    kind = event_type_for(type_text, draft.actor)
    draft.event_type = from_notes or kind.value
    status = status_for(get("status"))
    draft.status = status.value
    set_country(ctx, draft, line, get("country"))
    draft.notes = get("notes")
    add_note(draft, "" if from_notes else kind.note)
    add_note(draft, status.note)
    draft.sources = row_sources(ctx, columns, line, cells, get)
    return draft


def row_sources(ctx, columns: ColumnMap, line: int | None, cells: list[str], get) -> list[Source]:
    """One Source per URL in the row (or one without a URL), all naming the file and line."""
    publisher, quote = get("publisher"), get("quote") or get("notes")
    published_text = get("published")
    published_date = parse_date(published_text) if published_text else None
    if published_text and published_date is None:
        ctx.log.add(line, "published", f"{published_text[:40]!r} is not a date; left blank")
    published = published_date.start.isoformat() if published_date else ""
    texts = [get("url")] + [cells[i].strip() for i in columns.extra_urls if i < len(cells)]
    urls: list[str] = []
    where = ctx.where(line)
    listed: list[Source] = []
    for text in texts:
        if not text:
            continue
        if text.startswith("[{"):
            listed.extend(_listed_sources(ctx, line, text, where))
            continue
        found = split_urls(text)
        if found is not None:
            urls.extend(found)
        elif not publisher:
            publisher = text
        else:
            quote = quote or text
    if listed and not urls:
        return listed
    if not urls:
        return [Source("", publisher, published, quote, where)]
    found = [Source(url, publisher, published, quote, where) for url in dict.fromkeys(urls)]
    return listed + found


def _listed_sources(ctx, line: int | None, text: str, where: str) -> list[Source]:
    """Sources from a cell holding our own JSON list of source objects (a re-read export); a
    URL that is not http(s) is left out (reported)."""
    try:
        items = sources_from_json(text)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return []
    keys = ("url", "publisher", "published", "quote")
    found = []
    for item in items:
        if not isinstance(item, dict):
            continue
        source = Source(*(str(item.get(k) or "") for k in keys), file=where)
        if source.url and not re.match(r"https?://", source.url, re.IGNORECASE):
            ctx.log.add(line, "url", f"ignored non-http(s) URL {source.url[:60]!r}")
            source = Source("", source.publisher, source.published, source.quote, where)
        found.append(source)
    return found
