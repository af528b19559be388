"""Property tests: no bytes, CSV text or JSON document crashes the table reader or date parser."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.incidents.draft import Draft, SourceProblem
from geo.incidents.schema import EVENT_TYPES, STATUSES
from geo.sources.table_dates import parse_date
from geo.sources.tables import read_table

FAST = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def check_result(result, path: Path) -> None:
    """What every result must satisfy, whatever the input."""
    assert result.kind in ("acled", "csv", "json")
    assert 0 <= len(result.drafts) <= result.rows_read
    for problem in result.problems:
        assert isinstance(problem, SourceProblem)
        assert problem.file == str(path)
        assert "\n" not in problem.message
    for draft in result.drafts:
        assert isinstance(draft, Draft)
        assert draft.event_date is not None
        assert draft.place_name or draft.lat is not None
        assert draft.event_type in EVENT_TYPES and draft.status in STATUSES
        assert draft.time_precision in (1, 2, 3)
        if draft.lat is not None:
            assert -90 <= draft.lat <= 90 and -180 <= draft.lon <= 180
        if draft.date_end is not None:
            assert draft.date_end >= draft.event_date
        assert all(s.file.startswith(str(path)) for s in draft.sources)


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".json", ".txt"]))
def test_random_bytes_never_crash(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    check_result(read_table(path), path)


VALUES = st.sampled_from(
    ["2023-10-29", "29/10/2023", "10/29/2023", "2023-W44", "2023-10", "2023-10-17/2023-10-27",
     "Ain al-Asad", "Al-Tanf", "drone", "rocket", "shot down", "33.78", "42.44", "-200", "0",
     "claimed", "denied", "https://x.org/a", "Iraq", "SY", ""]
)  # fmt: skip
cell = st.one_of(VALUES, st.text(max_size=20))
NAMES = st.sampled_from(
    ["date", "place", "type", "status", "lat", "lon", "url", "country", "date_end", "notes",
     "Target location", "x", "y", "other"]
)  # fmt: skip
header = st.one_of(
    st.lists(NAMES, min_size=1, max_size=8),
    st.lists(NAMES, max_size=6).map(lambda extra: ["date", "place", "lat", "lon", *extra]),
)


@FAST
@given(
    head=header,
    rows=st.lists(st.lists(cell, max_size=9), max_size=12),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_random_csv_never_crashes(
    tmp_path: Path, head: list[str], rows: list[list[str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(head)
    writer.writerows(rows)
    path = tmp_path / "random.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")
    check_result(read_table(path), path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=15) | cell,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["date", "place", "lat", "lon", "type", "a"]), inner,
                      max_size=5),
    max_leaves=20,
)  # fmt: skip


@FAST
@given(doc=json_values, wrap=st.sampled_from(["plain", "incidents", "features"]))
def test_random_json_never_crashes(tmp_path: Path, doc, wrap: str) -> None:
    if wrap == "incidents":
        doc = {"incidents": doc}
    elif wrap == "features":
        doc = {"type": "FeatureCollection", "features": doc}
    path = tmp_path / "random.json"
    path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
    check_result(read_table(path), path)


@FAST
@given(text=st.text(max_size=60), day_first=st.booleans())
def test_date_parser_never_crashes(text: str, day_first: bool) -> None:
    parsed = parse_date(text, day_first=day_first)
    if parsed is not None:
        assert 1900 <= parsed.start.year <= 2100
        assert parsed.precision in (1, 2, 3)
        assert parsed.end is None or parsed.end > parsed.start


@FAST
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)))
def test_dates_written_any_way_read_back(day: date) -> None:
    month = MONTHS[day.month - 1]
    forms = [
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}" if day.day > 12 or day.day == day.month else None,
        f"{day.day:02d}.{day.month:02d}.{day.year}" if day.day > 12 else None,
        f"{day.day} {month} {day.year}",
        f"{month[:3]} {day.day}, {day.year}",
    ]
    for form in filter(None, forms):
        parsed = parse_date(form)
        assert parsed is not None and parsed.start == day, form
    end = day + timedelta(days=5)
    parsed = parse_date(f"{day.isoformat()}/{end.isoformat()}")
    assert (parsed.start, parsed.end, parsed.precision) == (day, end, 2)


record = st.tuples(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=30)
    .map(str.strip)
    .filter(bool),
    st.floats(min_value=-89.9, max_value=89.9).filter(lambda v: abs(v) > 1e-6),
    st.floats(min_value=-179.9, max_value=179.9),
    st.sampled_from(sorted(EVENT_TYPES)),
)


@FAST
@given(
    records=st.lists(record, min_size=1, max_size=10),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_well_formed_rows_read_back(tmp_path: Path, records, delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Date", "Location", "Latitude", "Longitude", "Event type"])
    for day, place, lat, lon, kind in records:
        writer.writerow([day.isoformat(), place, repr(lat), repr(lon), kind])
    path = tmp_path / "good.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = read_table(path)
    check_result(result, path)
    assert result.problems == []
    got = [(d.event_date, d.place_name, d.lat, d.lon, d.event_type) for d in result.drafts]
    assert got == list(records)
