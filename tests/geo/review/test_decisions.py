"""The decisions file: its one-line errors, refusals of disagreeing decisions, and applying
decisions to rows (revert, change, split, merge) without a gazetteer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo.cli import main
from geo.errors import UserError
from geo.incidents.merge import merge_reviewed
from geo.review.apply import Review
from geo.review.decisions import read_decisions

HEADER = "action,source,quote,incident,field,value,place,was,note\n"


def decisions(tmp_path: Path, *lines: str, name: str = "corrections.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(("line", "expected"), [
    ("rejct,a.txt,some quote,,,,,,", ":2: field 'action': 'rejct' is not one of"),
    ("change,a.txt,some quote,,event_type,drone strike,,,", ":2: field 'value': 'drone strike' "
     "is not an event type"),
    ("change,a.txt,some quote,,event_date,2024-02-30,,,", ":2: field 'value': '2024-02-30' is "
     "not a date"),
    ("change,a.txt,some quote,,colour,red,,,", ":2: field 'field': 'colour' is not one of"),
    ("reject,a.txt,,,,,,,", ":2: field 'quote': a reject needs a quote"),
    ("reject,,,12ab,,,,,", ":2: field 'incident': '12ab' is not an incident id"),
    ("pin,a.txt,,,,\"95,10\",Harir,,", ":2: field 'value': '95,10': latitude must be"),
    ("pin,a.txt,,,,,,,", ":2: field 'place': a pin names the place"),
    ("change,a.txt,q,,fatalities,-3,,,", ":2: field 'value': '-3' is negative"),
    ("accept,a.txt,q,,event_type,,,,", ":2: field 'field': only a change names a field"),
])
def test_bad_cells_are_one_line_errors_naming_file_line_and_field(tmp_path, line, expected):
    path = decisions(tmp_path, line)
    with pytest.raises(UserError) as err:
        read_decisions([path])
    assert str(err.value).startswith(str(path) + expected)
    assert "\n" not in str(err.value)


def test_bad_header_and_missing_file(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("action,colour\nreject,red\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"c\.csv:1: unknown column 'colour'"):
        read_decisions([path])
    with pytest.raises(UserError, match="no such decisions file"):
        read_decisions([tmp_path / "none.csv"])


def test_comments_and_blank_lines_are_skipped_and_lines_counted(tmp_path):
    path = decisions(tmp_path, "# a comment, with commas", "", "reject,a.txt,one quote,,,,,,")
    found = read_decisions([path])
    assert [(d.action, d.line) for d in found.items] == [("reject", 4)]


@pytest.mark.parametrize(("first", "second", "why"), [
    ("change,a.txt,the quote,,event_type,rocket attack,,,",
     "change,a.txt,The  Quote,,event_type,drone attack,,,", "event_type 'drone attack'"),
    ("accept,a.txt,the quote,,,,,,", "reject,a.txt,the quote,,,,,,", "one rejects the incident"),
    ("pin,,,,,iq-harir-air-base,Harir,,", "pin,,,,,\"36.5,44.3\",harir,,", "pins 'Harir'"),
])
def test_two_decisions_that_disagree_are_refused(tmp_path, capsys, first, second, why):
    path = decisions(tmp_path, "reject,b.txt,another,,,,,,", first, second)
    with pytest.raises(UserError) as err:
        read_decisions([path])
    message = str(err.value)
    assert message.startswith(f"{path}:4: disagrees with line 3 about ")
    assert why in message and "\n" not in message
    # the CLI refuses before reading or writing anything: one line, exit 2, no output folder
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.txt").write_text("Nothing happened.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["build", str(tmp_path / "src"), "--out", str(tmp_path / "out"),
              "--corrections", str(path)])
    assert stop.value.code == 2
    err_text = capsys.readouterr().err
    assert err_text.count("\n") == 1 and "disagrees with line 3" in err_text
    assert "Traceback" not in err_text
    assert not (tmp_path / "out").exists()


def row(quote: str, file: str = "src/a.txt", **fields) -> dict:
    base = {"event_date": date(2024, 1, 5), "date_end": None, "time_precision": 1,
            "event_type": "drone attack", "status": "reported", "actor": "", "target": "",
            "place_name": "Harir", "place_id": "iq-harir-air-base", "geo_precision": 1,
            "lat": 36.53, "lon": 44.34, "country": "IQ", "uncertainty_km": 2.0,
            "sources": [{"file": file, "quote": quote, "url": ""}]}
    return {**base, **fields}


def review_of(tmp_path: Path, *lines: str) -> Review:
    return Review(read_decisions([decisions(tmp_path, *lines)]), lambda _id: None)


def test_changes_apply_record_the_machine_and_undo(tmp_path):
    review = review_of(tmp_path, "change,a.txt,drones struck Harir,,event_type,rocket attack,,,",
                       "change,a.txt,drones struck Harir,,event_date,2024-01-03/2024-01-04,,,")
    rows = [row("Two drones struck Harir base."),
            row("A drone struck Erbil.", file="src/b.txt", place_name="Erbil",
                place_id="iq-erbil", lat=36.24, lon=43.96)]
    once = merge_reviewed(rows, review)
    assert len(once) == 2
    changed = next(r for r in once if r["sources"][0]["file"] == "src/a.txt")
    assert (changed["event_type"], changed["event_date"], changed["date_end"]) == \
        ("rocket attack", date(2024, 1, 3), date(2024, 1, 4))
    assert changed["reviewed"] == "changed"
    assert json.loads(changed["machine"]) == {"event_type": "drone attack",
                                              "event_date": "2024-01-05", "date_end": None}
    other = next(r for r in once if r is not changed)
    assert (other["event_type"], other["reviewed"]) == ("drone attack", "machine")
    # applying again changes nothing; without the decisions, the machine's reading is back
    assert merge_reviewed([dict(r) for r in once], review) == once
    bare = review_of(tmp_path, "accept,x.txt,nothing like it,,,,,,")
    back = merge_reviewed([dict(r) for r in once], bare)
    assert {(r["event_type"], r["event_date"], r["reviewed"]) for r in back} == \
        {("drone attack", date(2024, 1, 5), "machine")}
    assert bare.stale() and not review.stale()


def test_split_keeps_a_telling_apart_and_merge_joins_two(tmp_path):
    rows = [row("Drones hit Harir on Friday."), row("Harir was attacked.", file="src/b.txt")]
    assert len(merge_reviewed(rows)) == 1  # the machine: one event told twice
    split = review_of(tmp_path, "split,b.txt,Harir was attacked,,,,,,")
    apart = merge_reviewed(rows, split)
    assert sorted(r["reviewed"] for r in apart) == ["changed", "machine"]
    assert next(r for r in apart if r["reviewed"] == "changed")["sources"][0]["file"] == \
        "src/b.txt"
    # the stored, merged incident is split the same way on the next build
    assert len(merge_reviewed(merge_reviewed(rows), split)) == 2
    far = [row("Drones hit Harir on Friday."),
           row("A drone hit Erbil airport.", file="src/c.txt", place_name="Erbil",
               place_id="iq-erbil", lat=36.24, lon=43.96)]
    assert len(merge_reviewed(far)) == 2
    merge = review_of(tmp_path, "merge,a.txt,Drones hit Harir,,,A drone hit Erbil airport,,,")
    joined = merge_reviewed(far, merge)
    assert len(joined) == 1 and len(joined[0]["sources"]) == 2
    assert joined[0]["reviewed"] == "changed"


def test_decisions_of_different_keys_meeting_on_one_incident_are_refused(tmp_path):
    rows = merge_reviewed([row("Drones hit Harir on Friday.")])
    review = review_of(tmp_path, "reject,,,{},,,,,".format(rows[0]["incident_id"]),
                       "accept,a.txt,Drones hit Harir,,,,,,")
    with pytest.raises(UserError, match=r"corrections\.csv:3: disagrees with line 2 .*both "
                                        r"match one incident"):
        merge_reviewed(rows, review)
