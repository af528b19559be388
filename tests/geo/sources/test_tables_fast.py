"""The column-wise fast path reads every table exactly as the row path does: the same drafts
(ids, fields, sources naming file and line), problems, counts and kind, whether its rows are
good, bad or odd, plain or ACLED, CSV or JSON; and one table's rows merge the same grouped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.incidents import acled
from geo.incidents.merge import merge_rows
from geo.incidents.table_merge import merge_table_rows
from geo.sources.table_chunks import CHUNK_ROWS
from geo.sources.tables import read_table

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

# cells the fast path vouches for, and cells it must leave to the row path
DATES = st.sampled_from(["2023-10-29", "2024-02-29", "29 October 2023", "3 Feb 2024", "",
                         "2023-02-30", "03/04/2023", "13/04/2023", "2023-10", "1850-01-01",
                         " 2023-10-01 ", "Oct 29 2023", "2023-W44", "tomorrow", "2023/10/29"])
NUMBERS = st.sampled_from(["33.3", "-4.25", "", "0", "91", "33,79", "1e999", "abc", "+12",
                           " 44.1 ", "−3.5", ".5", "181"])
PRECISIONS = st.sampled_from(["", "1", "2", "3", "4", "5", "2.0", "x", " 1 "])
WORDS = st.sampled_from(["Erbil", "Site 4", "", "Ain al-Asad", "=HYPERLINK(\"x\")", "'=1+1",
                         "Qa'im", "naïve café", "a; b", "  spaced  ", "Iraq", "SYR", "Narnia",
                         "drone", "Katyusha rockets", "claimed", "denied?", "8", "State forces",
                         "Rebels?", "https://example.org/a", "www.example.org b.org",
                         '[{"url": "javascript:x"}]', "On 1 May a drone hit the base."])
PLAIN = ["date", "place", "type", "lat", "lon", "country", "status", "actor", "notes", "url",
         "published", "geo precision", "time precision", "date end"]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _same(path: Path, **options) -> None:
    fast = read_table(path, fast=True, **options)
    slow = read_table(path, fast=False, **options)
    assert fast.drafts == slow.drafts
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
    assert (fast.rows_read, fast.kind) == (slow.rows_read, slow.kind)
    rows = [_row(d) for d in slow.drafts]
    assert merge_table_rows(rows) == merge_rows(rows)


def _row(draft) -> dict:
    return {"event_date": draft.event_date, "date_end": draft.date_end,
            "time_precision": draft.time_precision, "event_type": draft.event_type,
            "status": draft.status or "reported", "actor": draft.actor, "target": draft.target,
            "place_name": draft.place_name, "place_id": "", "lat": draft.lat,
            "lon": draft.lon, "geo_precision": draft.geo_precision or 4,
            "country": draft.country, "event_count": 1, "notes": draft.notes,
            "sources": [s.as_dict() for s in draft.sources], **draft.given}


plain_row = st.tuples(DATES, WORDS, WORDS, NUMBERS, NUMBERS, WORDS, WORDS, WORDS, WORDS,
                      WORDS, DATES, PRECISIONS, PRECISIONS, st.sampled_from(["", "", "x"]))


@SETTINGS
@given(rows=st.lists(plain_row, min_size=1, max_size=30), repeat=st.integers(0, 3),
       country=st.sampled_from(["", "IQ"]))
def test_plain_tables_read_alike(tmp_path: Path, rows, repeat: int, country: str) -> None:
    rows = [list(r) for r in rows]
    rows += [rows[0]] * repeat  # repeated rows: one incident
    path = tmp_path / "plain.csv"
    path.write_text(_csv(PLAIN, rows), encoding="utf-8")
    _same(path, default_country=country)


acled_row = st.tuples(DATES, PRECISIONS, st.sampled_from(sorted(acled.sub_event_types()) +
                                                       ["Made up", ""]),
                      WORDS, WORDS, WORDS, WORDS, WORDS, NUMBERS, NUMBERS, PRECISIONS,
                      st.sampled_from(["", "0", "3", "2.0", "-1", "many"]), WORDS)


@SETTINGS
@given(rows=st.lists(acled_row, min_size=1, max_size=30), repeat=st.integers(0, 2))
def test_acled_exports_read_alike(tmp_path: Path, rows, repeat: int) -> None:
    columns = acled.columns()
    table = []
    for n, (day, tp, sub, actor1, inter1, actor2, inter2, place, lat, lon, gp, deaths,
            notes) in enumerate(rows):
        cells = dict.fromkeys(columns, "")
        pair = acled.sub_event_types().get(sub, ("", ""))
        cells.update(event_id_cnty=f"IRQ{n % 4}", event_date=day, time_precision=tp,
                     event_type=pair[0], sub_event_type=sub, actor1=actor1, inter1=inter1,
                     actor2=actor2, inter2=inter2, location=place, latitude=lat,
                     longitude=lon, geo_precision=gp, fatalities=deaths, notes=notes,
                     country="Iraq" if n % 3 else notes, iso="368" if n % 2 else "")
        table.append([cells[c] for c in columns])
    table += [table[0]] * repeat
    path = tmp_path / "acled.csv"
    path.write_text(_csv(list(columns), table), encoding="utf-8")
    _same(path)


def test_odd_files_read_alike(tmp_path: Path) -> None:
    """Files the fast path must leave to the row path, whole or in part."""
    good = "2023-10-20,Erbil,drone,36.19,44.01\n"
    texts = {
        "multiline.csv": 'date,place,type,lat,lon\n2023-10-20,"Erbil\nnorth",drone,,\n' + good,
        "unclosed.csv": 'date,place,type,lat,lon\n2023-10-20,"Erbil,drone,,\n' + good * 3,
        "wide.csv": "date,place,type,lat,lon\n2023-10-20,Erbil,x,drone,1,2\n" + good,
        "narrow.csv": "date,place,type,lat,lon\n" + good + "2023-10-21,Erbil\n",
        "blank.csv": "date,place,type,lat,lon\n" + good + "\n,,,,\n\n" + good,
        "crlf.csv": ("date,place,type,lat,lon\n" + good * 3).replace("\n", "\r\n"),
        "cr.csv": ("date,place,type,lat,lon\n" + good * 3).replace("\n", "\r"),
        "titled.csv": "Attacks in October\n\ndate,place,type,lat,lon\n" + good * 2,
        "semicolon.csv": "date;place;type\n2023-10-20;Erbil;drone\n2023-10-21;Harir;rocket\n",
        "cut.csv": "date,place,type,lat,lon\n" + good + "2023-10-21,Har",
        "quoted.csv": 'date,place,type,lat,lon\n"2023-10-20","Erbil, north",drone,36.1,44\n',
        "dupes.csv": "date,place,place,lat,lon\n" + good,
        "bom.csv": "\ufeffdate,place,type,lat,lon\n" + good,
        "json.json": json.dumps([{"date": "2023-10-20", "place": "Erbil"}, {"date": "x"}]),
    }
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        _same(path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("date,place\n2023-10-20,Qā'im\n".encode().replace(
        "ā".encode(), b"\xe2"))
    _same(latin)


def test_chunks_keep_lines_and_order(tmp_path: Path) -> None:
    """A table longer than one chunk, with bad rows in both chunks: lines, order and the
    problem cap come out as the row path's."""
    rows = [[f"2023-10-{1 + i % 28:02d}", f"Site {i % 7}", "drone", "", ""]
            for i in range(CHUNK_ROWS + 300)]
    for i in (5, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 250):
        rows[i][0] = "not a date"
    path = tmp_path / "long.csv"
    path.write_text(_csv(["date", "place", "type", "lat", "lon"], rows), encoding="utf-8")
    fast = read_table(path, fast=True)
    slow = read_table(path, fast=False)
    assert [p.line for p in fast.problems] == [7, CHUNK_ROWS + 1, CHUNK_ROWS + 2,
                                               CHUNK_ROWS + 252]
    assert fast.drafts == slow.drafts and fast.problems == slow.problems
