"""Decisions over the seed articles: a build changes exactly what they say, a rebuild keeps
it, a stale decision is reported, and an edit made to the GeoPackage round-trips through
`geo review --import` into a decision the next build applies."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import geo.pipeline.build
from geo.cli import main
from geo.incidents.merge import rows_of
from geo.pipeline.build import build
from geo.pipeline.ingest import default_resolver
from geo.review.decisions import COLUMNS
from tests.helpers import SEEDS, SYSTEM_PYTHON, require, require_program

REVIEW_FIELDS = ("reviewed", "machine", "incident_id")


@pytest.fixture(scope="module")
def resolver():
    return default_resolver()


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")


@pytest.fixture(scope="module")
def machine(tmp_path_factory, resolver) -> dict[str, dict]:
    """The seeds as the machine reads them: incident rows by id."""
    work = tmp_path_factory.mktemp("machine")
    shutil.copytree(SEEDS, work / "src")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")
        mp.chdir(work)  # relative paths, as in the reviewed builds
        result = build(["src"], "out", resolver=resolver)
    return {r["incident_id"]: r for r in rows_of(result.layers.incidents)}


def _targets(machine: dict[str, dict]) -> list[dict]:
    """Located incidents whose first quote and place name tell them apart from every other."""
    def key(r):
        return (r["sources"][0]["quote"], r["place_name"])
    counts: dict = {}
    for r in machine.values():
        if r["sources"] and r["sources"][0]["quote"]:
            counts[key(r)] = counts.get(key(r), 0) + 1
    return [r for r in machine.values() if r["sources"] and r["sources"][0]["quote"]
            and counts[key(r)] == 1 and r["lat"] is not None and r["event_date"] is not None]


def _line(action: str, r: dict, **cells: str) -> dict[str, str]:
    quote = r["sources"][0]["quote"]
    middle = quote[len(quote) // 4: len(quote) // 4 + 50]  # a part of it is enough
    return {"action": action, "source": Path(r["sources"][0]["file"]).name, "quote": middle,
            "place": r["place_name"], **cells}


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def _plain(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in REVIEW_FIELDS}


@pytest.fixture
def reviewed(tmp_path, machine, resolver, monkeypatch):
    """A build of the seeds with decisions over five incidents and one stale decision."""
    monkeypatch.chdir(tmp_path)
    src = Path("src")
    shutil.copytree(SEEDS, src)
    targets = _targets(machine)
    assert len(targets) >= 5, "the seeds give five incidents told apart by quote and place"
    retype, gone, redate, moved, accepted = targets[:5]
    new_type = "rocket attack" if retype["event_type"] != "rocket attack" else "airstrike"
    lines = [
        _line("change", retype, field="event_type", value=new_type, note="per the coalition"),
        {"action": "reject", "incident": gone["incident_id"], "note": "not an attack"},
        _line("change", redate, field="event_date", value="2024-01-20"),
        _line("change", moved, field="place", value="33.3,44.25,3"),
        _line("accept", accepted),
        {"action": "reject", "source": "003_4e222fcce001ca28.txt",
         "quote": "a sentence that is in no report"},
    ]
    _write(src / "corrections.csv", lines)
    result = build([src], "out", resolver=resolver)
    return src, result, dict(retype=retype, gone=gone, redate=redate, moved=moved,
                             accepted=accepted, new_type=new_type)


def _said(row: dict) -> tuple:
    """What an incident says, and whether a person reviewed it."""
    return (row["place_name"], row["event_type"], str(row["event_date"]), row["reviewed"],
            json.loads(row["machine"]) != {}, row["lat"] and round(row["lat"], 5), row["lon"] and
            round(row["lon"], 5))


def _by_quote(rows: list[dict], target: dict) -> dict:
    found = [r for r in rows if r["place_name"] == target["place_name"] and any(
        s["quote"] == target["sources"][0]["quote"] for s in r["sources"])]
    assert len(found) == 1, target["place_name"]
    return found[0]


def test_decisions_change_exactly_what_they_say_and_a_rebuild_keeps_them(
        reviewed, machine, resolver, tmp_path):
    src, result, t = reviewed
    rows = rows_of(result.layers.incidents)
    touched = {t[k]["incident_id"] for k in ("retype", "gone", "redate", "moved", "accepted")}
    # every other incident is as the machine had it
    untouched = {r["incident_id"]: r for r in rows if r["reviewed"] == "machine"}
    assert set(untouched) == set(machine) - touched
    for key, row in untouched.items():
        assert _plain(row) == _plain(machine[key])
    assert t["gone"]["incident_id"] not in {r["incident_id"] for r in rows}
    assert len(rows) == len(machine) - 1
    retyped = _by_quote(rows, t["retype"])
    assert retyped["event_type"] == t["new_type"] and retyped["reviewed"] == "changed"
    assert json.loads(retyped["machine"]) == {"event_type": t["retype"]["event_type"]}
    assert retyped["acled_event_type"] and retyped["sub_event_type"]
    redated = _by_quote(rows, t["redate"])
    assert str(redated["event_date"]) == "2024-01-20" and redated["time_precision"] == 1
    assert json.loads(redated["machine"])["event_date"] == str(t["redate"]["event_date"])
    moved = _by_quote(rows, t["moved"])
    assert (moved["lat"], moved["lon"], moved["uncertainty_km"], moved["resolver"]) == \
        (33.3, 44.25, 3.0, "analyst")
    assert json.loads(moved["machine"])["lat"] == pytest.approx(t["moved"]["lat"])
    accepted = _by_quote(rows, t["accepted"])
    assert accepted["reviewed"] == "confirmed" and _plain(accepted) == _plain(t["accepted"])
    # the stale decision is reported with its file and line; the build still wrote everything
    stale = [str(p) for p in result.problems if "matches no incident" in str(p)]
    assert stale == [f"{src / 'corrections.csv'}:7: matches no incident (reject of quote 'a "
                     "sentence that is in no report' of 003_4e222fcce001ca28.txt); fix or "
                     "remove it"]
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert f"- Reviewed: 1 confirmed and 3 changed by a person, {len(rows) - 4} not reviewed" \
        in report
    assert "corrections.csv:7: matches no incident" in report
    # a rebuild changes nothing; a changed source read again keeps every decision
    again = build([src], tmp_path / "out", resolver=resolver)
    assert (again.update.added, again.update.updated) == (0, 0)
    assert [str(p) for p in again.problems if "matches no incident" in str(p)] == stale
    article = src / Path(t["retype"]["sources"][0]["file"]).name
    article.write_text(article.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reread = build([src], tmp_path / "out", resolver=resolver)
    assert reread.changed_files == [str(article)]
    # (the machine's own incremental merge may group a re-read file's sources otherwise)
    assert sorted(map(_said, rows_of(reread.layers.incidents))) == sorted(map(_said, rows))
    # a decision taken out is undone: the machine's reading is back
    text = (src / "corrections.csv").read_text(encoding="utf-8").splitlines()
    (src / "corrections.csv").write_text("\n".join(text[:1] + text[2:]) + "\n", encoding="utf-8")
    undone = build([src], tmp_path / "out", resolver=resolver)
    back = _by_quote(rows_of(undone.layers.incidents), t["retype"])
    assert _plain(back) == _plain(t["retype"]) and back["reviewed"] == "machine"
    assert back["incident_id"] == t["retype"]["incident_id"]


def _ogr(gpkg: Path, sql: str) -> None:
    ogrinfo = require_program("ogrinfo")
    done = subprocess.run([ogrinfo, "-q", str(gpkg), "-dialect", "sqlite", "-sql", sql],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def _qgis(gpkg: Path, edited: dict, other: str, dragged: dict, deleted: dict) -> None:
    """The same three edits made by QGIS itself (python3-qgis, offscreen)."""
    require(os.path.exists(SYSTEM_PYTHON) and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0,
        "python3-qgis is not installed for /usr/bin/python3 (see .ci/run)")
    script = Path(__file__).with_name("qgis_edit.py")
    done = subprocess.run(
        [SYSTEM_PYTHON, str(script), str(gpkg), edited["incident_id"], other,
         dragged["incident_id"], "44.1", "35.9", deleted["incident_id"]],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr


def _with_gdal(gpkg: Path, edited: dict, other: str, dragged: dict, deleted: dict) -> None:
    """The three edits as QGIS writes them, through GDAL's SQL."""
    _ogr(gpkg, f"UPDATE incidents SET event_type = '{other}' "
               f"WHERE incident_id = '{edited['incident_id']}'")
    _ogr(gpkg, "UPDATE incidents SET geom = MakePoint(44.1, 35.9, 4326) "
               f"WHERE incident_id = '{dragged['incident_id']}'")
    _ogr(gpkg, f"DELETE FROM incidents WHERE incident_id = '{deleted['incident_id']}'")


@pytest.mark.parametrize("edit", [_with_gdal, pytest.param(_qgis, marks=pytest.mark.qgis)],
                         ids=["gdal", "qgis"])
def test_a_qgis_edit_round_trips_into_a_decision(reviewed, resolver, tmp_path, capsys, edit):
    src, result, t = reviewed
    out = tmp_path / "out"
    gpkg = out / "incidents.gpkg"
    rows = rows_of(result.layers.incidents)
    plain = [r for r in rows if r["reviewed"] == "machine" and r["lat"] is not None and
             r["sources"] and r["sources"][0]["quote"]]
    edited, dragged, deleted = plain[:3]
    other = "armed clash" if edited["event_type"] != "armed clash" else "IED"
    edit(gpkg, edited, other, dragged, deleted)  # the attribute, the point, the feature
    with pytest.raises(SystemExit) as done:
        main(["review", str(out), "--import", "--json"])
    assert done.value.code in (0, None)
    answer = json.loads(capsys.readouterr().out)
    assert answer["file"] == str(src / "corrections.csv") and answer["added"] == 3
    with (src / "corrections.csv").open(encoding="utf-8") as f:
        added = list(csv.DictReader(f))[-3:]
    assert sorted((d["action"], d["field"], d["value"], d["was"]) for d in added) == [
        ("change", "event_type", other, edited["event_type"]),
        ("change", "place", "35.900000,44.100000",
         f"{dragged['lat']:.6f},{dragged['lon']:.6f}"),
        ("reject", "", "", ""),
    ]
    by_action = {(d["action"], d["field"]): d for d in added}
    assert by_action[("change", "event_type")]["quote"] == edited["sources"][0]["quote"]
    assert by_action[("change", "place")]["place"] == dragged["place_name"]
    assert by_action[("reject", "")]["quote"] == deleted["sources"][0]["quote"]
    # the next build applies them, recording what the machine had said
    rebuilt = rows_of(build([src], out, resolver=resolver).layers.incidents)
    now = _by_quote(rebuilt, edited)
    assert now["event_type"] == other and json.loads(now["machine"]) == \
        {"event_type": edited["event_type"]} and now["reviewed"] == "changed"
    moved = _by_quote(rebuilt, dragged)
    assert (moved["lat"], moved["lon"]) == pytest.approx((35.9, 44.1))
    assert json.loads(moved["machine"])["lat"] == pytest.approx(dragged["lat"])
    assert not [r for r in rebuilt if r["place_name"] == deleted["place_name"] and any(
        s["quote"] == deleted["sources"][0]["quote"] for s in r["sources"])]
    # importing again finds nothing new: the store and the decisions agree
    with pytest.raises(SystemExit):
        main(["review", str(out), "--import", "--json"])
    assert json.loads(capsys.readouterr().out)["added"] == 0
