"""Decisions through `geo ingest`, into a GeoPackage and into a shared PostGIS store alike."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from geo.cli import main
from geo.store.layers import read_layers

ROWS = [("2023-10-20", "Ain al-Asad", "drone attack", "IQ", "33.7856", "42.4412",
         "Two drones were launched at Ain al-Asad air base."),
        ("2023-10-21", "Al-Tanf", "drone attack", "SY", "33.5058", "38.6178",
         "A drone hit the garrison at al-Tanf."),
        ("2023-10-22", "Erbil", "rocket attack", "IQ", "36.2371", "43.9631",
         "Rockets fell near Erbil airport.")]


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    table = tmp_path / "reports" / "attacks.csv"
    table.parent.mkdir()
    with table.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "place", "type", "country", "lat", "lon", "quote"])
        writer.writerows(ROWS)
    decisions = tmp_path / "reports" / "corrections.csv"
    decisions.write_text(
        "action,source,quote,incident,field,value,place,was,note\n"
        "change,attacks.csv,drones were launched at Ain al-Asad,,event_type,rocket attack,,,\n"
        "reject,attacks.csv,Rockets fell near Erbil,,,,,,\n"
        "change,attacks.csv,A drone hit the garrison,,event_date,2023-10-19,,,\n",
        encoding="utf-8")
    return table.parent, decisions


def _ingest(capsys, *argv: str) -> dict:
    try:
        main(["ingest", *argv, "--json"])
    except SystemExit as exc:
        assert exc.code in (0, None), capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def _said(store: str) -> dict[str, tuple]:
    found = read_layers(store).incidents
    return {p: (t, str(d.date()), r) for p, t, d, r in zip(
        found["place_name"], found["event_type"], found["event_date"], found["reviewed"],
        strict=True)}


EXPECTED = {"Ain al-Asad": ("rocket attack", "2023-10-20", "changed"),
            "Al-Tanf": ("drone attack", "2023-10-19", "changed")}


def test_ingest_applies_the_folders_decisions_to_a_geopackage(tmp_path, capsys):
    folder, _ = _inputs(tmp_path)
    store = str(tmp_path / "store.gpkg")
    _ingest(capsys, str(folder), "-o", store)
    assert _said(store) == EXPECTED  # corrections.csv is a decisions file, not a table
    again = _ingest(capsys, str(folder), "-o", store)
    assert "0 added, 0 updated" in again["store"] and _said(store) == EXPECTED
    assert len(read_layers(store).incidents) == 2


def test_ingest_applies_decisions_to_a_postgis_store(tmp_path, capsys, pg_url):
    folder, _ = _inputs(tmp_path)
    _ingest(capsys, str(folder), "--store", pg_url)
    assert _said(pg_url) == EXPECTED and len(read_layers(pg_url).incidents) == 2
    # a new decision reaches the incidents already in the store on the next ingest
    with (folder / "corrections.csv").open("a", encoding="utf-8") as f:
        f.write("change,attacks.csv,A drone hit the garrison,,actor,Islamic Resistance,,,\n")
    _ingest(capsys, str(folder), "--store", pg_url)
    found = read_layers(pg_url).incidents
    assert len(found) == 2 and _said(pg_url) == EXPECTED
    assert list(found.loc[found["place_name"] == "Al-Tanf", "actor"]) == ["Islamic Resistance"]
