"""ACLED in and out through the real `geo` program: a table in ACLED's exact layout, one row per
sub-event type of the codebook, ingested and exported again column for column.

tests/geo/data/acled_all_types.csv was written from geo/data/acled_codebook.json: its ids
(<ISO3>900NN), coordinates (rounded, of the places named) and texts are invented test data in
ACLED's layout, not ACLED's records. Rows 5 and 27 are two drone attacks alike in all but their
ids, whose notes say a drone was shot down.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from geo.export.acled import acled_table
from geo.incidents import acled
from geo.store.layers import read_incidents
from tests.helpers import ROOT

GEO = ROOT / ".venv" / "bin" / "geo"
FIXTURE = ROOT / "tests" / "geo" / "data" / "acled_all_types.csv"


def geo(*argv: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(GEO), *argv], capture_output=True, text=True, timeout=300,
                          env=os.environ.copy())
    assert "Traceback" not in done.stdout + done.stderr
    return done


def read_csv(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = {row["event_id_cnty"]: row for row in reader}
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """The fixture through `geo ingest` into a store and `geo export --format acled` out."""
    folder = tmp_path_factory.mktemp("acled")
    store, out = folder / "store.gpkg", folder / "out.csv"
    ingest = geo("ingest", str(FIXTURE), "-o", str(store))
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    assert ingest.stderr == ""  # no row skipped, nothing to warn about
    export = geo("export", str(store), "-o", str(out), "--format", "acled")
    assert export.returncode == 0, export.stderr
    return {"store": store, "out": out, "folder": folder, "said": Path(ingest.stdout)}


def test_the_fixture_is_the_codebook_layout_and_covers_every_type() -> None:
    header, rows = read_csv(FIXTURE)
    assert header == list(acled.columns()) and len(acled.columns()) == 31
    pairs = {(r["event_type"], r["sub_event_type"]) for r in rows.values()}
    codebook = {(event, sub) for sub, (event, _) in acled.sub_event_types().items()}
    assert pairs == codebook and len(codebook) == 25
    assert set(acled.event_types()) == {e for e, _ in pairs}


def test_export_is_the_fixture_column_for_column(exported) -> None:
    header, rows = read_csv(exported["out"])
    assert header == list(acled.columns())
    _, fixture = read_csv(FIXTURE)
    assert set(rows) == set(fixture)  # every row: protests, riots, the twin drone attacks
    for event_id, row in fixture.items():
        for column in header:
            assert rows[event_id][column] == row[column], (event_id, column)


def test_export_ingest_export_is_lossless(exported) -> None:
    folder = exported["folder"]
    again, out = folder / "again.gpkg", folder / "again.csv"
    assert geo("ingest", str(exported["out"]), "-o", str(again)).returncode == 0
    assert geo("export", str(again), "-o", str(out), "--format", "acled").returncode == 0
    first, second = read_csv(exported["out"]), read_csv(out)
    assert first == second


def test_the_store_holds_acled_values_filterable(exported) -> None:
    incidents = read_incidents(exported["store"]).set_index("event_id_cnty")
    _, fixture = read_csv(FIXTURE)
    assert len(incidents) == len(fixture) == 27
    for event_id, row in fixture.items():
        got = incidents.loc[event_id]
        assert (got.acled_event_type, got.sub_event_type, got.disorder_type) == (
            row["event_type"], row["sub_event_type"], row["disorder_type"]), event_id
        assert got.fatalities == int(row["fatalities"])
        codes = [None if pd.isna(c) else int(c) for c in (got.inter1, got.inter2)]
        assert codes == [acled.inter_code(row["inter1"]), acled.inter_code(row["inter2"])]
        for ours, theirs in (("actor", "actor1"), ("target", "actor2"), ("admin2", "admin2"),
                             ("admin3", "admin3"), ("assoc_actor_2", "assoc_actor_2"),
                             ("civilian_targeting", "civilian_targeting"), ("tags", "tags"),
                             ("source_scale", "source_scale"), ("place_name", "location")):
            assert got[ours] == row[theirs], (event_id, ours)
    assert list(incidents[incidents.acled_event_type == "Protests"].sub_event_type.sort_values()) \
        == ["Excessive force against protesters", "Peaceful protest", "Protest with intervention"]
    assert incidents.loc["SYR90021", "event_type"] == "interception"
    assert incidents.loc["SYR90021", "sub_event_type"] == "Disrupted weapons use"
    for twin in ("IRQ90005", "IRQ90027"):  # notes say "shot down": still drone attacks
        assert incidents.loc[twin, "event_type"] == "drone attack"
        assert incidents.loc[twin, "sub_event_type"] == "Air/drone strike"
    assert incidents.loc["SYR90026", "event_type"] == "airstrike"  # US forces' strike


def test_our_columns_alone_code_the_same_rows(exported) -> None:
    """Without the rows as they came, the store's own columns give the same ACLED values
    (but the timestamp, which is ACLED's upload time)."""
    incidents = read_incidents(exported["store"])
    incidents["acled_row"] = ""
    table = acled_table(incidents).set_index("event_id_cnty")
    _, fixture = read_csv(FIXTURE)
    for event_id, row in fixture.items():
        for column in acled.columns()[1:]:
            got = table.loc[event_id, column]
            if column in ("latitude", "longitude"):
                assert float(got) == float(row[column])
            elif column != "timestamp":
                assert got == row[column], (event_id, column)


def test_summary_counts_are_the_stores(exported) -> None:
    said = str(exported["said"])
    stored = read_incidents(exported["store"])
    assert said.startswith(f"{len(stored)} incidents, {len(stored)} mapped;")
    assert f"; {len(stored)} incidents in the store" in said
    for kind, n in (("Protests", 3), ("Strategic developments", 7), ("Riots", 2),
                    ("drone attack", 2)):
        assert f"  {n:>5}  {kind}\n" in said


def test_numeric_inter_codes_read_and_written(exported, tmp_path: Path) -> None:
    header, fixture = read_csv(FIXTURE)
    numeric = tmp_path / "numeric.csv"
    with numeric.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        for row in fixture.values():
            one, two = acled.inter_code(row["inter1"]), acled.inter_code(row["inter2"]) or 0
            writer.writerow({**row, "inter1": one, "inter2": two,
                             "interaction": acled.interaction(one, two, numeric=True)})
    store, out = tmp_path / "n.gpkg", tmp_path / "n.csv"
    assert geo("ingest", str(numeric), "-o", str(store)).returncode == 0
    text = tmp_path / "t.csv"
    assert geo("export", str(store), "-o", str(out), "--format", "acled", "--inter",
               "numeric").returncode == 0
    assert geo("export", str(store), "-o", str(text), "--format", "acled").returncode == 0
    assert read_csv(out)[1] == {k: dict(v) for k, v in read_csv(numeric)[1].items()}
    assert read_csv(text)[1] == fixture  # asked for text: the same codes as labels


def test_bad_format_is_one_line_and_writes_nothing(exported, tmp_path: Path) -> None:
    for argv, words in (((str(tmp_path / "x.geojson"), "--format", "acled"), ".csv"),
                        ((str(tmp_path / "x.csv"), "--format", "acleds"), "unknown"),
                        ((str(tmp_path / "x.csv"), "--format", "acled", "--inter", "both"),
                         "--inter")):
        done = geo("export", str(exported["store"]), "-o", *argv)
        assert done.returncode == 2 and words in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_formula_cells_are_neutralised_and_restored(tmp_path: Path) -> None:
    header, fixture = read_csv(FIXTURE)
    row = dict(fixture["MLI90006"])  # west of Greenwich: a longitude that starts with "-"
    row["notes"], row["tags"] = "=HYPERLINK(\"http://x.example\")", "@SUM(1)"
    source = tmp_path / "formula.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerow(row)
    store, out, again = tmp_path / "f.gpkg", tmp_path / "f.csv", tmp_path / "g.gpkg"
    assert geo("ingest", str(source), "-o", str(store)).returncode == 0
    assert geo("export", str(store), "-o", str(out), "--format", "acled").returncode == 0
    (written,) = read_csv(out)[1].values()
    assert written["notes"].startswith("'=") and written["tags"] == "'@SUM(1)"
    assert written["longitude"] == row["longitude"]  # numbers are left as numbers
    assert geo("ingest", str(out), "-o", str(again)).returncode == 0
    (stored,) = read_incidents(again).acled_row
    assert json.loads(stored)["notes"] == row["notes"]  # read back as it was
