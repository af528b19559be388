"""Incident tables as newsrooms and analysts keep them: CSV, JSON and GeoJSON -> Drafts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.incidents.schema import EVENT_TYPES, STATUSES, incidents_frame
from geo.sources.tables import read_table

NEWSROOM = (
    "Iraq/Syria attacks on US forces - working sheet,,,,,,,,\n"
    ",,,,,,,,\n"
    "Date of attack,Target location,Attack type,Claimed by,Status,Source URL,"
    "Publisher,Lat,Long\n"
    "17/10/2023,Ain al-Asad air base,Two one-way attack UAVs,"
    "Islamic Resistance in Iraq,claimed,https://example.org/asad-1017,"
    "Example Wire,33.7856,42.4412\n"
    '18/10/2023,Al-Tanf garrison,"Drones; one shot down by US forces",IRI,'
    "Confirmed by Pentagon,https://example.org/tanf-1018 https://example.org/tanf-1018b,"
    "Example Daily,,\n"
    "19/10/2023,Ain al-Asad,Katyusha rockets,,Unconfirmed,www.example.org/asad-1019,,,\n"
    "26/10/2023,Abu Kamal,US airstrike on IRGC facilities,United States,confirmed,"
    "https://example.org/us-1026,Example Wire,,\n"
    "28/01/2024,Tower 22,drone,Islamic Resistance in Iraq,Claimed,"
    "https://example.org/t22,Example Daily,,\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_newsroom_sheet_with_its_own_column_names(tmp_path: Path) -> None:
    path = write(tmp_path, "sheet.csv", NEWSROOM)
    result = read_table(path, default_country="IQ")
    assert result.kind == "csv"
    assert result.rows_read == 5
    assert result.problems == []
    by_day = {d.event_date: d for d in result.drafts}
    asad = by_day[date(2023, 10, 17)]
    assert asad.place_name == "Ain al-Asad air base"
    assert (asad.event_type, asad.status) == ("drone attack", "claimed")
    assert asad.actor == "Islamic Resistance in Iraq"
    assert (asad.lat, asad.lon, asad.geo_precision) == (33.7856, 42.4412, 1)
    assert asad.time_precision == 1
    assert asad.country == "IQ"  # from default_country: the sheet names none
    assert asad.sources[0].url == "https://example.org/asad-1017"
    assert asad.sources[0].publisher == "Example Wire"
    assert asad.sources[0].file == f"{path}:4"

    tanf = by_day[date(2023, 10, 18)]
    assert tanf.event_type == "interception"  # "shot down" wins over the weapon named
    assert tanf.status == "confirmed"
    assert (tanf.lat, tanf.lon, tanf.geo_precision) == (None, None, None)  # left to resolution
    assert [s.url for s in tanf.sources] == [
        "https://example.org/tanf-1018",
        "https://example.org/tanf-1018b",
    ]
    assert {s.file for s in tanf.sources} == {f"{path}:5"}

    rockets = by_day[date(2023, 10, 19)]
    assert (rockets.event_type, rockets.status) == ("rocket attack", "reported")
    assert rockets.sources[0].url == "https://www.example.org/asad-1019"
    assert by_day[date(2023, 10, 26)].event_type == "airstrike"
    assert by_day[date(2024, 1, 28)].place_name == "Tower 22"


def test_drafts_fit_the_incident_schema(tmp_path: Path) -> None:
    result = read_table(write(tmp_path, "sheet.csv", NEWSROOM))
    assert {d.event_type for d in result.drafts} <= set(EVENT_TYPES)
    assert {d.status for d in result.drafts} <= set(STATUSES)
    rows = [
        {
            "event_date": d.event_date,
            "event_type": d.event_type,
            "place_name": d.place_name,
            "lat": d.lat,
            "lon": d.lon,
            "sources": [s.as_dict() for s in d.sources],
        }
        for d in result.drafts
    ]
    frame = incidents_frame(rows)
    assert len(frame) == 5
    assert frame.geometry.notna().sum() == 1


def test_semicolon_csv_with_bom_and_written_dates(tmp_path: Path) -> None:
    text = (
        "\ufeffDatum;Location;Weapon;Country;Province;Notes\n"
        "29 October 2023;Erbil air base;drone intercepted;Iraq;Erbil;"
        "Kurdistan CT said the drone was downed\n"
        "Oct 30, 2023;Al-Shaddadi;rockets;Syrian Arab Republic;Al-Hasakah;\n"
        "2023-10;Conoco gas field;mortar;SYR;Deir ez-Zor;exact day not known\n"
    )
    result = read_table(write(tmp_path, "semi.csv", text), columns={"event_date": "Datum"})
    assert result.problems == []
    first, second, third = result.drafts
    assert (first.event_date, first.event_type, first.country) == (
        date(2023, 10, 29),
        "interception",
        "IQ",
    )
    assert first.admin1 == "Erbil"
    assert first.sources[0].quote == "Kurdistan CT said the drone was downed"
    assert (second.event_date, second.country, second.event_type) == (
        date(2023, 10, 30),
        "SY",
        "rocket attack",
    )
    assert (third.event_date, third.time_precision) == (date(2023, 10, 1), 3)
    assert third.country == "SY"
    assert third.event_type == "indirect fire"


def test_tab_and_pipe_delimiters(tmp_path: Path) -> None:
    for name, sep in (("tabs.tsv", "\t"), ("pipes.csv", "|")):
        text = sep.join(["date", "place", "type"]) + "\n"
        text += sep.join(["2023-11-02", "Al-Harir, Erbil", "drone"]) + "\n"
        result = read_table(write(tmp_path, name, text))
        assert [d.place_name for d in result.drafts] == ["Al-Harir, Erbil"], name


def test_windows_1252_file_is_read_with_a_note(tmp_path: Path) -> None:
    text = "date,place,publisher\n2023-11-05,Tall Baydar,“Le Monde” – café\n"
    path = write(tmp_path, "cp.csv", text, encoding="cp1252")
    result = read_table(path)
    assert result.drafts[0].sources[0].publisher == "“Le Monde” – café"
    assert any("1252" in p.message and p.line is None for p in result.problems)


def test_utf16_export_from_a_spreadsheet(tmp_path: Path) -> None:
    text = "Date\tPlace\tType\n2023-11-09\tMission Support Site Euphrates\trocket\n"
    path = tmp_path / "excel.txt"
    path.write_bytes(text.encode("utf-16"))
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Mission Support Site Euphrates"]
    assert result.drafts[0].event_type == "rocket attack"


def test_month_first_column_is_detected_from_its_values(tmp_path: Path) -> None:
    text = "date,place\n10/07/2023,Al-Tanf\n10/19/2023,Ain al-Asad\n"
    result = read_table(write(tmp_path, "us.csv", text))
    assert [d.event_date for d in result.drafts] == [date(2023, 10, 7), date(2023, 10, 19)]
    text_dmy = "date,place\n10/07/2023,Al-Tanf\n19/10/2023,Ain al-Asad\n"
    result = read_table(write(tmp_path, "eu.csv", text_dmy))
    assert [d.event_date for d in result.drafts] == [date(2023, 7, 10), date(2023, 10, 19)]


def test_ranges_weeks_and_end_date_column(tmp_path: Path) -> None:
    text = (
        "date,end date,place,time precision\n"
        "2023-10-17/2023-10-27,,Ain al-Asad,\n"
        "2023-W44,,Al-Tanf,\n"
        "2023-10-20,2023-10-21,Erbil,\n"
        "2023-10-20,2023-10-25,Harir,\n"
        "2023-11-01,,Rumalyn,2\n"
    )
    drafts = read_table(write(tmp_path, "ranges.csv", text)).drafts
    got = [(d.event_date, d.date_end, d.time_precision) for d in drafts]
    assert got == [
        (date(2023, 10, 17), date(2023, 10, 27), 3),
        (date(2023, 10, 30), None, 2),
        (date(2023, 10, 20), date(2023, 10, 21), 1),
        (date(2023, 10, 20), date(2023, 10, 25), 2),
        (date(2023, 11, 1), None, 2),  # the table's own precision is respected
    ]


def test_unknown_type_and_status_words(tmp_path: Path) -> None:
    text = "date,place,type,status\n2023-12-03,Tall Tamr,IED on convoy route,pending\n"
    (draft,) = read_table(write(tmp_path, "odd.csv", text)).drafts
    assert (draft.event_type, draft.status) == ("other attack", "reported")
    assert "IED on convoy route" in draft.notes
    assert "pending" in draft.notes


def test_json_array_and_incidents_object(tmp_path: Path) -> None:
    items = [
        {"date": "2023-10-20", "location": "Victory Base Complex", "type": "drone", "lat": 33.26,
         "lon": 44.23, "url": "https://example.org/vbc"},
        {"date": "2023-10-21", "location": "Ain al-Asad", "type": "rocket", "lat": None,
         "lon": None, "sources": ["https://example.org/a", "https://example.org/b"]},
    ]  # fmt: skip
    plain = write(tmp_path, "list.json", json.dumps(items, indent=2))
    wrapped = write(tmp_path, "wrapped.json", json.dumps({"incidents": items}, indent=1))
    for path in (plain, wrapped):
        result = read_table(path)
        assert (result.kind, result.rows_read, result.problems) == ("json", 2, [])
        first, second = result.drafts
        assert (first.lat, first.lon) == (33.26, 44.23)
        assert [s.url for s in second.sources] == ["https://example.org/a", "https://example.org/b"]
        lines = [int(d.sources[0].file.rsplit(":", 1)[1]) for d in result.drafts]
        text = path.read_text().splitlines()
        assert all('"date"' in text[n - 1] or "{" in text[n - 1] for n in lines)
        assert lines[0] < lines[1]


def test_geojson_feature_collection(tmp_path: Path) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.6179, 33.4949]},
             "properties": {"event_date": "2023-10-18", "place_name": "Al-Tanf",
                            "event_type": "drone attack", "status": "claimed"}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []},
             "properties": {"event_date": "2023-10-19", "place_name": "Deir ez-Zor governorate",
                            "event_type": "airstrike"}},
        ],
    }  # fmt: skip
    path = write(tmp_path, "map.geojson", json.dumps(collection, indent=2))
    result = read_table(path)
    assert result.kind == "json"
    point, area = result.drafts
    assert (point.lat, point.lon, point.geo_precision) == (33.4949, 38.6179, 1)
    assert (area.lat, area.lon) == (None, None)
    (problem,) = result.problems
    assert problem.field == "geometry" and "Polygon" in problem.message
    assert problem.line is not None and problem.line > 1


def test_columns_override_detection(tmp_path: Path) -> None:
    text = "when,where,what\n2023-11-20,Jurf al-Nasr,airstrike\n"
    path = write(tmp_path, "own.csv", text)
    assert read_table(path).drafts == []
    result = read_table(
        path, columns={"event_date": "When", "place_name": "where", "event_type": "what"}
    )
    assert [(d.place_name, d.event_type) for d in result.drafts] == [("Jurf al-Nasr", "airstrike")]


def test_columns_override_naming_an_absent_column_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "date,place\n2023-11-20,Jurf al-Nasr\n")
    result = read_table(path, columns={"actor": "Perp"})
    assert len(result.drafts) == 1
    assert any("Perp" in p.message for p in result.problems)


def test_columns_override_with_an_unknown_field_is_a_programming_error(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "date,place\n2023-11-20,Jurf al-Nasr\n")
    with pytest.raises(ValueError, match="unknown field"):
        read_table(path, columns={"weapon_kind": "type"})


def test_our_own_export_reads_back_with_its_sources(tmp_path: Path) -> None:
    sources = [
        {"url": "https://example.org/tanf", "publisher": "Example Wire", "published": "2023-10-19",
         "quote": "Drones targeted al-Tanf.", "file": "old.md"},
        {"url": "", "publisher": "CENTCOM", "published": "", "quote": "", "file": ""},
    ]  # fmt: skip
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [38.6179, 33.4949]},
        "properties": {
            "incident_id": "abc", "event_date": "2023-10-18T00:00:00", "date_end": None,
            "time_precision": 1, "event_type": "drone attack", "status": "claimed",
            "place_name": "Al-Tanf", "geo_precision": 2, "country": "SY",
            "sources": json.dumps(sources),
        },
    }  # fmt: skip
    path = write(tmp_path, "export.geojson", json.dumps({"type": "FeatureCollection",
                                                          "features": [feature]}))  # fmt: skip
    result = read_table(path)
    assert result.problems == []
    (draft,) = result.drafts
    assert (draft.event_date, draft.geo_precision, draft.country) == (date(2023, 10, 18), 2, "SY")
    assert [(s.url, s.publisher, s.published) for s in draft.sources] == [
        ("https://example.org/tanf", "Example Wire", "2023-10-19"),
        ("", "CENTCOM", ""),
    ]
    assert {s.file for s in draft.sources} == {f"{path}:1"}


def test_default_country_may_be_a_name(tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", "date,place\n2023-10-20,Al-Shaddadi\n")
    assert read_table(path, default_country="Syria").drafts[0].country == "SY"
    assert read_table(path, default_country="sy").drafts[0].country == "SY"


def test_an_apostrophe_in_a_cell_is_no_quote_character(tmp_path: Path) -> None:
    # the CSV sniffer guesses "'" as the quote from cells like these; CSV quotes are '"'
    path = write(tmp_path, "t.csv", (
        "date,place,event,notes\n"
        "2024-01-28,Tower 22,drone attack,'\n"
        "2024-01-29,Erbil,airstrike,'\n"
        "2024-01-30,Al-Qa'im,drone attack,none\n"))
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Tower 22", "Erbil", "Al-Qa'im"]
    assert not result.problems
