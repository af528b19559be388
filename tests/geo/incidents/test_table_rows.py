"""Rows of one table stay apart unless one repeats the other, and such a merge is reported;
incident ids are unique in every merged set."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.incidents.merge import merge_rows, same_event
from geo.incidents.table_rows import merged_rows_notes, table_row
from geo.pipeline.keyed_finish import merge_keyed
from tests.geo.incidents.test_merge import row

DAY = date(2023, 10, 1)


def table(line: int, day: date = DAY, table: str = "t.csv", **extra) -> dict:
    return row(file=f"{table}:{line}", quote="", day=day, **extra)


def test_table_row_reads_the_line() -> None:
    assert table_row("/data/a:b.csv:12") == ("/data/a:b.csv", 12)
    assert table_row("/data/article.txt") is None


def test_rows_of_one_table_a_day_apart_stay_two_incidents() -> None:
    a, b = table(2), table(3, DAY + timedelta(days=1))
    assert not same_event(a, b)
    merged = merge_rows([a, b])
    assert [m["event_date"] for m in merged] == [DAY, DAY + timedelta(days=1)]
    assert merged_rows_notes(merged) == []


def test_rows_of_one_table_near_each_other_stay_apart() -> None:
    a = table(2, place_id="", place_name="Checkpoint A", lat=33.30, lon=44.40)
    b = table(3, place_id="", place_name="Checkpoint B", lat=33.35, lon=44.45)
    assert len(merge_rows([a, b])) == 2


def test_a_repeated_row_is_merged_and_reported() -> None:
    merged = merge_rows([table(2), table(3, DAY + timedelta(days=1)), table(9)])
    assert len(merged) == 2
    [note] = merged_rows_notes(merged)
    assert note.startswith("t.csv: rows 2, 9 repeat one event (drone attack at sy-al-tanf on "
                           "2023-10-01): merged into one incident (2 rows)")


def test_rows_of_two_tables_a_day_apart_are_one_event_told_twice() -> None:
    """The merge rule for two sources is unchanged: a day's difference is within it."""
    merged = merge_rows([table(2), table(5, DAY + timedelta(days=1), table="other.csv")])
    assert len(merged) == 1
    assert merged_rows_notes(merged) == []  # one row of each table: nothing repeated


def test_an_article_telling_joins_one_row_only() -> None:
    article = row(file="report.txt", quote="A drone hit al-Tanf.", day=DAY)
    merged = merge_rows([article, table(2), table(3, DAY + timedelta(days=1))])
    assert len(merged) == 2
    assert {s["file"] for s in merged[0]["sources"]} == {"report.txt", "t.csv:2"}


def test_the_same_row_read_again_joins_its_incident() -> None:
    [stored] = merge_rows([table(2, event_type="other attack")])
    stored["_stored"] = stored["incident_id"]
    again = table(2, event_type="other attack")
    assert len(merge_rows([stored, again])) == 1


def test_notes_are_bounded() -> None:
    rows = [table(n) for n in range(2, 2002)]
    merged = merge_rows(rows)
    assert len(merged) == 1 and len(merged[0]["sources"]) == 2000
    [note] = merged_rows_notes(merged)
    assert "rows 2, 3, 4, 5, 6 and 1995 more" in note and "(2000 rows)" in note
    many = merge_rows([table(n, DAY + timedelta(days=7 * (n // 2))) for n in range(40)])
    notes = merged_rows_notes(many)
    assert len(notes) == 6 and notes[-1] == "... and 15 more incidents merged from repeated " \
                                            "table rows"


def test_aggregates_alike_but_for_their_count_get_two_ids() -> None:
    a = row(place_id="", place_name="Syria; Iraq", lat=None, lon=None, geo=4, event_count=3)
    b = {**a, "event_count": 5, "sources": [{"url": "", "file": "b.txt", "quote": "q"}]}
    merged = merge_rows([a, b])
    assert len(merged) == 2
    assert len({m["incident_id"] for m in merged}) == 2
    again = merge_rows([{**m, "_stored": m["incident_id"]} for m in merged])
    assert [m["incident_id"] for m in again] == [m["incident_id"] for m in merged]


def test_undated_tellings_of_two_reports_get_two_ids() -> None:
    a = row(day=None, file="a.txt")
    b = row(day=None, file="b.txt")
    merged = merge_rows([a, b])
    assert len(merged) == 2 and merged[0]["incident_id"] != merged[1]["incident_id"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2),
                          st.booleans(), st.integers(1, 3)), min_size=1, max_size=30),
       st.integers(1, 4))
def test_merged_ids_are_unique_and_keyed_merge_agrees(spec, parts) -> None:
    rows = []
    for n, (day, place, file, dated, count) in enumerate(spec):
        rows.append(row(place_id="" if place == 2 else f"p{place}", place_name=f"P{place}",
                        lat=None if place == 2 else 33 + place, lon=None if place == 2 else 44,
                        geo=4 if place == 2 else 1, event_count=count,
                        day=DAY + timedelta(days=day) if dated else None,
                        file=f"t{file}.csv:{n + 2}", quote=""))
    merged = merge_rows(rows)
    ids = [m["incident_id"] for m in merged]
    assert len(ids) == len(set(ids))
    size = -(-len(rows) // parts)
    split = [rows[i * size:(i + 1) * size] for i in range(parts)]
    keyed = merge_keyed(split, parts)
    assert [m["incident_id"] for m in keyed] == ids
