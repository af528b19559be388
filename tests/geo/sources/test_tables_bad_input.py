"""Bad table input becomes one-line problems naming file, line and field; nothing raises."""

from __future__ import annotations

import csv
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from geo.sources import table_files, table_rows
from geo.sources.tables import read_table

GOOD_ROW = "2023-10-20,Ain al-Asad,drone\n"


def only_problem(result) -> str:
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    text = str(result.problems[0])
    assert "\n" not in text
    return text


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    result = read_table(path)
    assert (result.drafts, result.rows_read) == ([], 0)
    text = only_problem(result)
    assert str(path) in text and "cannot read" in text


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.csv"
    path.write_text("date,place\n" + GOOD_ROW)

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    text = only_problem(read_table(path))
    assert str(path) in text and "Permission denied" in text


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert "folder" in only_problem(read_table(tmp_path))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    result = read_table(path)
    assert result.drafts == []
    text = only_problem(result)
    assert str(path) in text and "binary" in text


@pytest.mark.parametrize("content", [b"", b"  \n\n \r\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    text = only_problem(read_table(path))
    assert str(path) in text and "empty" in text


def test_header_without_rows(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("date,place,type\n")
    result = read_table(path)
    assert result.rows_read == 0
    assert "no rows" in only_problem(result)


def test_missing_place_column_lists_what_it_has_and_wants(tmp_path: Path) -> None:
    path = tmp_path / "noplace.csv"
    path.write_text("Date,Weapon,Perpetrator\n2023-10-20,drone,IRI\n")
    result = read_table(path)
    assert result.drafts == []
    text = only_problem(result)
    assert str(path) in text
    assert "place_name" in text and "'Weapon'" in text and "'Perpetrator'" in text
    assert "location" in text  # one of the names it looks for


def test_missing_date_column_in_json(tmp_path: Path) -> None:
    path = tmp_path / "nodate.json"
    path.write_text(json.dumps([{"place": "Al-Tanf", "type": "drone"}]))
    text = only_problem(read_table(path))
    assert "event_date" in text and "'place'" in text


def test_bad_date_in_one_row(tmp_path: Path) -> None:
    path = tmp_path / "dates.csv"
    path.write_text("date,place,type\n" + GOOD_ROW + "31/02/2023,Al-Tanf,drone\n" + GOOD_ROW)
    result = read_table(path)
    assert len(result.drafts) == 2
    (problem,) = result.problems
    assert (problem.file, problem.line, problem.field) == (str(path), 3, "event_date")
    assert "31/02/2023" in problem.message


def test_bad_end_date_and_precision_keep_the_row(tmp_path: Path) -> None:
    path = tmp_path / "end.csv"
    path.write_text("date,date_end,place,time_precision\n2023-10-20,2023-10-10,Erbil,9\n")
    result = read_table(path)
    assert len(result.drafts) == 1 and result.drafts[0].date_end is None
    assert {(p.line, p.field) for p in result.problems} == {(2, "date_end"), (2, "time_precision")}


@pytest.mark.parametrize(
    ("lat", "lon", "field", "words"),
    [
        ("north", "42.4", "lat", "not a number"),
        ("33.8", "east", "lon", "not a number"),
        ("133.8", "42.4", "lat", "-90..90"),
        ("33.8", "-242.4", "lon", "-180..180"),
        ("0", "0", "lat", "0,0"),
        ("33.8", "", "lon", "both"),
    ],
)
def test_bad_coordinates_keep_the_row_for_name_resolution(
    tmp_path: Path, lat: str, lon: str, field: str, words: str
) -> None:
    path = tmp_path / "coords.csv"
    path.write_text(f"date,place,lat,lon\n2023-10-20,Ain al-Asad,{lat},{lon}\n")
    result = read_table(path)
    (draft,) = result.drafts
    assert (draft.lat, draft.lon, draft.place_name) == (None, None, "Ain al-Asad")
    (problem,) = result.problems
    assert (problem.line, problem.field) == (2, field)
    assert words in problem.message and "place name" in problem.message


def test_bad_coordinates_without_a_place_drop_the_row(tmp_path: Path) -> None:
    path = tmp_path / "coords.csv"
    path.write_text("date,place,lat,lon\n2023-10-20,,95,42\n2023-10-21,,33.5,38.6\n")
    result = read_table(path)
    assert [(d.lat, d.lon) for d in result.drafts] == [(33.5, 38.6)]
    (problem,) = result.problems
    assert problem.line == 2 and "skipped" in problem.message


def test_row_with_neither_place_nor_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("date,place,type\n2023-10-20,,drone\n")
    result = read_table(path)
    assert result.drafts == [] and result.rows_read == 1
    assert result.problems[0].line == 2


def test_row_with_too_many_cells(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("date,place,type\n2023-10-20,Erbil,Iraq,drone\n")
    result = read_table(path)
    assert len(result.drafts) == 1
    assert "4 cells" in only_problem(result)


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n {"date": "2023-10-20", "place": "Erbil"},\n {"date": }\n]')
    text = only_problem(read_table(path))
    assert "line 3" in text and str(path) in text


@pytest.mark.parametrize("doc", ["42", '"text"', '{"something": 1}', "[1, 2]"])
def test_json_that_is_not_a_table(tmp_path: Path, doc: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(doc)
    result = read_table(path)
    assert result.drafts == [] and result.problems


def test_json_item_that_is_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(
        '[\n  {"date": "2023-10-20", "place": "Erbil"},\n  "stray",\n'
        '  {"date": "2023-10-21", "place": "Harir"}\n]'
    )
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Erbil", "Harir"]
    assert [p.line for p in result.problems] == [3]


def test_too_many_row_problems_are_summarised(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    bad = table_rows.MAX_ROW_PROBLEMS + 50
    path.write_text("date,place\n" + "someday,Erbil\n" * bad)
    result = read_table(path)
    assert result.rows_read == bad
    assert len(result.problems) == table_rows.MAX_ROW_PROBLEMS + 1
    assert "50 more" in str(result.problems[-1])


def test_unclosed_quote_is_reported_not_fatal(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(table_files, "LINE_CAP", 1000)
    path = tmp_path / "quote.csv"
    run_on = "x" * 300 + "\n" * 5 + ("y" * 300 + "\n") * 5
    path.write_text('date,place\n2023-10-20,"Erbil\n' + run_on + "2023-10-22,Harir\n")
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Harir"]
    first = result.problems[0]
    assert (first.file, first.line) == (str(path), 2) and "quote" in first.message


def test_huge_line_is_skipped_with_little_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w") as f:
        f.write("date,place\n2023-10-20,Erbil\n")
        chunk = "x" * (1 << 20)
        for _ in range(50):
            f.write(chunk)
        f.write("\n2023-10-21,Harir\n")
    started = time.perf_counter()
    tracemalloc.start()
    try:
        result = read_table(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert [d.place_name for d in result.drafts] == ["Erbil", "Harir"]
    (problem,) = result.problems
    assert problem.line == 3 and "longer than" in problem.message
    assert peak < 16 << 20, f"peak {peak / 1e6:.1f} MB for a 50 MB line"
    assert elapsed < 20  # generous: only guards against a runaway, not a speed measurement


def test_huge_file_without_any_newline(tmp_path: Path) -> None:
    path = tmp_path / "oneline.csv"
    path.write_text("date," * 600_000)
    result = read_table(path)
    assert result.drafts == []
    assert any("longer than" in p.message for p in result.problems)


def test_pipe_instead_of_file(tmp_path: Path) -> None:
    path = tmp_path / "fifo.csv"
    os.mkfifo(path)
    text = only_problem(read_table(path))  # must not block waiting for a writer
    assert "regular file" in text


def test_json_too_large_is_refused_before_loading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(table_files, "MAX_JSON_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"date": "2023-10-20", "place": "Erbil" * 100}] * 5))
    assert "larger than" in only_problem(read_table(path))


def test_json_value_over_the_cap_skips_only_its_row(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(table_files, "LINE_CAP", 1000)
    items = [
        {"date": "2023-10-20", "place": "Erbil"},
        {"date": "2023-10-21", "place": "Harir", "notes": "n" * 5000},
    ]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(items, indent=1))
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Erbil"]
    assert "longer than" in only_problem(result)


def test_csv_field_limit_is_restored(tmp_path: Path) -> None:
    before = csv.field_size_limit()
    path = tmp_path / "t.csv"
    path.write_text("date,place\n" + GOOD_ROW)
    read_table(path)
    no_place = tmp_path / "noplace.csv"
    no_place.write_text("date,weapon\n2023-10-20,drone\n")
    assert read_table(no_place).problems  # returns before reading the rows
    assert csv.field_size_limit() == before
    assert csv.field_size_limit() == before


def test_unclosed_quote_at_the_end_does_not_swallow_the_rows_after_it(tmp_path: Path) -> None:
    """The issue's file: a note opens a quote that never closes; every later row is kept."""
    path = tmp_path / "q.csv"
    path.write_text('event date,place name,notes\n2023-11-20,Ain al-Asad,"unclosed note\n'
                    "2023-11-21,Erbil,ok\n2023-11-22,Harir,fine\n")
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Ain al-Asad", "Erbil", "Harir"]
    assert result.drafts[0].notes.startswith("unclosed note;")
    text = only_problem(result)
    assert text.startswith(f"{path}:2:") and "unclosed quote" in text


def test_unclosed_quote_closed_by_a_later_quote_is_caught(tmp_path: Path) -> None:
    """A stray quote that a later row's quote 'closes' would fold the rows between into one
    cell; they are read as rows instead."""
    path = tmp_path / "q.csv"
    path.write_text('date,place,notes\n2023-11-20,Ain al-Asad,"stray\n2023-11-21,Erbil,ok\n'
                    '2023-11-22,Harir,"quoted, fine"\n2023-11-23,Duhok,x\n')
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Ain al-Asad", "Erbil", "Harir", "Duhok"]
    assert "unclosed quote" in only_problem(result)


def test_a_quoted_note_over_several_lines_is_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text('date,place,notes\n2023-11-20,Erbil,"first line\nsecond, with a comma\n'
                    'third"\n2023-11-21,Harir,x\n')
    result = read_table(path)
    assert [d.place_name for d in result.drafts] == ["Erbil", "Harir"]
    assert result.problems == []
    assert "second, with a comma" in result.drafts[0].notes
