"""More hostile inputs through the real `geo` commands, run as test_bad_inputs.py runs its own
(one forked process per case, the same checks: a one-line message naming the file and line or
field, the exit code, no traceback, the good article still built, nothing already there lost).

Tables cut off or with impossible values, names that would break a terminal line, a full disk
while writing the store, a map or an export (RLIMIT_FSIZE: writes past the size fail as on a
full disk), outputs the system refuses, JSON nested past Python's recursion, bad decisions
files, and commands pointed at the wrong folders.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from geo.store.layers import read_layers
from tests.geo.pipeline.test_bad_inputs import (
    GOOD,
    Case,
    Outcome,
    check_case,
    command,
    file,
    geojson,
    mkdir,
    run_cases,
    small_store,
    with_sidecar,
)

TABLE = "date,place,type\n"
ACLED_HEAD = ("event_id_cnty,event_date,event_type,sub_event_type,actor1,country,location,"
              "latitude,longitude,geo_precision,time_precision,source,notes,fatalities\n")
ACLED_CUT = (ACLED_HEAD + "IRQ1,2024-01-05,Battles,Armed clash,X,Iraq,Erbil,36.19,44.01,1,1,"
             "s,n,0\nIRQ2,2024-01-06,Battles,Armed clash,X,Iraq,Erb")  # the download stopped
DEEP = "[" * 100_000 + "]" * 100_000


def stored_out(folder: Path) -> list[str]:
    """An out/ folder whose store a build must leave as it was."""
    (folder / "out").mkdir()
    small_store(folder).rename(folder / "out" / "incidents.gpkg")
    return []


def corrections(text: bytes) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "corr.csv").write_bytes(text)
        return ["--corrections", str(folder / "corr.csv")]

    return make


def deep_json(folder: Path) -> None:
    (folder / "deep.json").write_text(DEEP, encoding="utf-8")


CASES = [
    # tables
    Case("CSV cut off mid-row", file("cut.csv", ACLED_CUT), (":3:", "cut off", "row skipped"),
         keep=("Erbil",)),
    Case("GeoJSON Point without coordinates", file("empty.geojson", geojson(
        {"type": "Point", "coordinates": []})), ("field 'geometry'", "without two coordinates"),
         keep=("Erbil",)),
    Case("CSV NaN and infinite coordinates", file("nan.csv", (
        "date,place,lat,lon\n2024-01-05,Erbil,NaN,44\n2024-01-05,Erbil,inf,44\n"
        "2024-01-06,Erbil,36.2,-inf\n2024-01-07,Erbil,1e309,44\n")),
         (":2: field 'lat'", ":3: field 'lat'", ":4: field 'lon'", ":5: field 'lat'",
          "not a number"), keep=("Erbil",)),
    Case("JSON NaN and Infinity literals", file("nan.json", (
        '[{"date": "2024-01-05", "place": "Erbil", "lat": NaN, "lon": Infinity}]')),
         ("nan.json:1: field 'lat'", "not a number"), keep=("Erbil",)),
    Case("GeoJSON coordinates that are words", file("words.geojson", geojson(
        {"type": "Point", "coordinates": ["east", "north"]})), ("field 'lat'", "'north'"),
         keep=("Erbil",)),
    Case("impossible and far dates in a table", file("dates.csv", (
        TABLE + "2023-02-29,Erbil,drone\n2024-02-30,Erbil,drone\n9999-12-31,Erbil,drone\n"
        "0000-00-00,Erbil,drone\n2024-01-05,Erbil,drone\n")),
         (":2: field 'event_date'", ":3: field 'event_date'", ":4: field 'event_date'",
          ":5: field 'event_date'"), keep=("Erbil",)),
    Case("ACLED latitude and fatalities as words", file("acled.csv", (
        ACLED_HEAD + "IRQ1,2024-01-05,Battles,Armed clash,X,Iraq,Erbil,north,44.01,1,1,s,n,0\n"
        "IRQ2,2024-01-06,Battles,Armed clash,X,Iraq,Erbil,36.19,44.01,1,1,s,n,many\n")),
         (":2: field 'lat'", ":3: field 'fatalities'"), keep=("Erbil",)),
    Case("CSV with a column twice", file("twice.csv", "date,place,place\n2024-01-05,Erbil,Mosul\n"),
         (":1:", "'place' appears twice"), keep=("Erbil",)),
    Case("sources cell with a javascript: URL", file("listed.csv", (
        'date,place,type,sources\n2024-01-05,Erbil,drone,"[{""url"": ""javascript:alert(1)"", '
        '""quote"": ""q""}, {""url"": ""https://ok.example/x"", ""quote"": ""<b>q</b>""}]"\n')),
         (":2: field 'url'", "non-http(s)", "javascript:alert(1)"), keep=("Erbil",)),
    Case("sidecar with a data: URL", with_sidecar(
        '{"date": "2023-10-30", "url": "data:text/html,<script>alert(1)</script>"}'),
         ("field 'url'", "non-http(s)")),
    # names that would break a one-line message or drive the terminal
    Case("file name with a newline and a terminal escape",
         file("bad\nname\x1b[2J.txt", b""), ("is empty", "bad name [2J.txt")),
    # a full disk: the store, a map, an export, an ingest; what was there stays
    Case("disk full while a build writes the store", stored_out,
         ("out/incidents.gpkg", "disk full"), 2, False, fsize=60_000),
    Case("disk full while ingesting", command(str(GOOD), "-o", "{store}", store=True),
         ("store.gpkg", "disk full"), 2, False, command="ingest", fsize=60_000),
    Case("disk full while writing a map", command("{store}", "-o", "{dir}/m.html", store=True),
         ("m.html", "File too large"), 2, False, command="map", fsize=50_000),
    Case("disk full while exporting", command("{store}", "-o", "{dir}/x.fgb", store=True),
         ("x.fgb",), 2, False, command="export", fsize=2_000),
    # outputs the system refuses
    Case("ingest into /proc", command(str(GOOD), "-o", "/proc/geo-hostile.gpkg"),
         ("/proc/geo-hostile.gpkg", "cannot write it there"), 2, False, command="ingest"),
    # other commands
    Case("eval of JSON nested too deeply", command("{dir}/deep.json", "{dir}/deep.json",
                                                   setup=deep_json),
         ("deep.json", "nested too deeply"), 2, False, command="eval"),
    Case("eval of a folder without gold", command("{dir}/inbox", setup=mkdir("inbox")),
         ("inbox", "no gold.json"), 2, False, command="eval"),
    Case("resolve of a name 24,000 characters long", command("Erbil " * 4000),
         ("24,000 characters", "at most 200"), 2, False, command="resolve"),
    Case("gazetteer search of a name 500 characters long",
         lambda folder: ["search", "x" * 500], ("500 characters",), 2, False,
         command="gazetteer"),
    Case("review of a folder without a store", command("{dir}/inbox", setup=mkdir("inbox")),
         ("inbox/incidents.gpkg", "no such file"), 2, False, command="review"),
    Case("decisions file with an unknown column",
         corrections(b'action,incident_id\naccept,"abc\n'), ("corr.csv:1", "unknown column"),
         2, False),
    Case("decisions file that is binary", corrections(b"\x00\x01\x02\xff" * 40),
         ("corr.csv",), 2, False),
]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    return run_cases(CASES, tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, outcomes) -> None:
    check_case(case, outcomes)


def test_cut_off_row_is_not_stored(outcomes) -> None:
    incidents = read_layers(outcomes["CSV cut off mid-row"].folder / "out" /
                            "incidents.gpkg").incidents
    assert "IRQ1" in set(incidents["event_id_cnty"])
    assert "IRQ2" not in set(incidents["event_id_cnty"])


def test_a_full_disk_leaves_no_private_folder(outcomes) -> None:
    for name in ("disk full while a build writes the store", "disk full while ingesting",
                 "disk full while writing a map", "disk full while exporting"):
        folder = outcomes[name].folder
        assert not [p for p in folder.rglob("*.part")], name


def test_every_message_is_one_printable_line(outcomes) -> None:
    for name, got in outcomes.items():
        for line in got.stderr.splitlines():
            assert not any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in line), (name, line)


def test_table_rows_a_day_apart_stay_apart_and_a_repeat_is_reported(tmp_path: Path) -> None:
    """Through `geo build --json`: the table's rows a day apart are two incidents; a row
    repeating another is one, and the build says so (summary and report.md)."""
    import subprocess

    from tests.geo.pipeline.test_bad_inputs import GEO

    table = tmp_path / "attacks.csv"
    table.write_text(TABLE + "2023-10-01,Ain al-Asad,drone attack\n"
                     "2023-10-02,Ain al-Asad,drone attack\n"
                     "2023-10-01,Ain al-Asad,drone attack\n", encoding="utf-8")
    done = subprocess.run([str(GEO), "build", str(table), "--out", str(tmp_path / "out"),
                           "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["incidents"] == 2
    [note] = summary["notes"]
    assert note.startswith(f"{table}: rows 2, 4 repeat one event")
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Notes" in report and "rows 2, 4 repeat one event" in report


def test_a_non_http_url_is_not_stored(outcomes) -> None:
    out = outcomes["sources cell with a javascript: URL"].folder / "out"
    urls = {s["url"] for sources in read_layers(out / "incidents.gpkg").incidents["sources"]
            for s in sources}
    assert "https://ok.example/x" in urls
    assert not [u for u in urls if u and not u.startswith(("http://", "https://"))]
    assert "javascript:" not in (out / "incidents.geojson").read_text(encoding="utf-8")
