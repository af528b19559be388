"""`geo build` end to end: outputs, and the incremental store (no change, new, changed, gone)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
from pathlib import Path

import pyogrio
import pytest

import geo.pipeline.build
from geo.cli import main
from geo.store.layers import read_layers
from tests.helpers import SEEDS

ARTICLES = sorted(SEEDS.glob("*.txt"))
GPKG_LAYERS = {"incidents", "places", "uncertainty", "unresolved"}
REPORT_SECTIONS = ("## By type", "## By month", "## By place", "## Unresolved and ambiguous",
                   "## Sources that yielded no incident")
JSON_KEYS = {"out_dir", "store", "incidents", "places", "unresolved", "added", "updated",
             "unchanged", "files", "problems", "skipped", "outputs", "seconds", "notes"}


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Others may edit the code while these tests run; a new fingerprint would re-read all."""
    monkeypatch.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")
    monkeypatch.setattr(geo.pipeline.build, "drawing_fingerprint", lambda: "test-drawing")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `geo` in process: (exit code, stdout, stderr)."""
    try:
        main(["build", *argv])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def build_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    assert "Traceback" not in out + err
    return json.loads(out)


def ids(store: Path) -> set[str]:
    return set(read_layers(store).incidents["incident_id"])


class _Capture:
    """A capsys stand-in for the module fixture (capsys is function-scoped)."""

    def __enter__(self) -> _Capture:
        self._out, self._err = io.StringIO(), io.StringIO()
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(contextlib.redirect_stdout(self._out))
        self._stack.enter_context(contextlib.redirect_stderr(self._err))
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def readouterr(self) -> tuple[str, str]:
        out, err = self._out.getvalue(), self._err.getvalue()
        self._out.seek(0), self._out.truncate(), self._err.seek(0), self._err.truncate()
        return out, err


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """All seeds but the last built once: (work folder with articles/ and out/, JSON)."""
    work = tmp_path_factory.mktemp("build")
    (work / "articles").mkdir()
    for path in ARTICLES[:-1]:
        shutil.copy(path, work / "articles" / path.name)
    with pytest.MonkeyPatch.context() as mp, _Capture() as cap:
        mp.setattr(geo.pipeline.build, "fingerprint", lambda: "test-fingerprint")
        mp.setattr(geo.pipeline.build, "drawing_fingerprint", lambda: "test-drawing")
        mp.chdir(work)  # relative paths, so that a copy of the folder is the same build
        summary = build_json(cap, "articles", "--out", "out")
    return work, summary


@pytest.fixture
def work(first, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the first build's folder (articles/ and out/), made the current one:
    the tests name files relative to it, as the first build did."""
    src, _ = first
    shutil.copytree(src, tmp_path / "w")
    monkeypatch.chdir(tmp_path / "w")
    return Path(".")


def test_first_build_writes_every_output_valid(first) -> None:
    work, summary = first
    out = work / "out"
    assert set(summary) >= JSON_KEYS
    assert set(summary["files"]) == {"new", "changed", "unchanged", "reread", "removed"}
    assert len(summary["files"]["new"]) == len(ARTICLES) - 1
    assert {"discover", "ingest", "store", "map.png", "report.md"} <= set(summary["seconds"])
    stored = read_layers(out / "incidents.gpkg")
    assert summary["incidents"] == summary["added"] == len(stored.incidents) > 0
    assert summary["sites"] == len(stored.places)
    assert {name for name, _ in pyogrio.list_layers(out / "incidents.gpkg")} >= GPKG_LAYERS
    geojson = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    assert len(geojson["features"]) == len(stored.incidents)
    with (out / "incidents.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["incident_id"] for r in rows} == set(stored.incidents["incident_id"])
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "map.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    report = (out / "report.md").read_text(encoding="utf-8")
    for section in REPORT_SECTIONS:
        assert section in report
    assert f"{summary['added']} added" in report
    outputs = geo.pipeline.build.OUTPUTS
    assert sorted(summary["outputs"]) == sorted(str(Path("out") / n) for n in outputs)


def test_second_run_changes_nothing(work: Path, capsys) -> None:
    out = work / "out"
    before = {n: (out / n).read_bytes() for n in ("incidents.gpkg", "incidents.geojson",
                                                   "incidents.csv", "map.png", "report.md")}
    summary = build_json(capsys, "articles", "--out", str(out))
    assert (summary["added"], summary["updated"]) == (0, 0)
    assert summary["unchanged"] == summary["incidents"]
    assert summary["files"]["unchanged"] == len(ARTICLES) - 1
    assert summary["files"]["new"] == summary["files"]["reread"] == []
    assert summary["seconds"]["ingest"] < 1.0  # nothing was read
    for name, data in before.items():
        assert (out / name).read_bytes() == data, f"{name} changed on a no-change build"
    # report.md still tells the build that read the sources, word for word
    added = json.loads((out / "incidents.sources.json").read_text())["last_read"]["added"]
    assert f"Last build that read or changed anything: {added} added, 0 updated" in (
        out / "report.md").read_text(encoding="utf-8")


def _files(out: Path) -> dict[str, tuple[int, int]]:
    """Each output's inode and modification time: a rewrite (atomic rename) changes both."""
    return {n: ((out / n).stat().st_ino, (out / n).stat().st_mtime_ns)
            for n in geo.pipeline.build.OUTPUTS}


def test_no_change_rebuild_rewrites_nothing_and_loads_no_gazetteer(
        work: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    out = work / "out"
    before = _files(out)
    first = json.loads((out / "incidents.sources.json").read_text(encoding="utf-8"))

    def no_gazetteer(*args, **kwargs):
        raise AssertionError("the gazetteer was loaded for a build with nothing to read")

    def no_store(*args, **kwargs):
        raise AssertionError("the store was read for a build with nothing to redraw")

    monkeypatch.setattr("gazetteer.index.Gazetteer.load", no_gazetteer)
    monkeypatch.setattr(geo.pipeline.build, "read_layers", no_store)
    monkeypatch.setattr(geo.pipeline.build, "update_store", no_store)
    summary = build_json(capsys, "articles", "--out", "out")
    assert _files(out) == before  # report.md too: its inputs did not change
    assert sorted(summary["kept"]) == sorted(summary["outputs"])
    assert set(summary["seconds"]) == {"discover", "ingest", "store"}
    # the counts come from the manifest, as the build that wrote the store counted them
    for key in ("incidents", "mapped", "events", "sites", "unresolved", "summary"):
        assert summary[key] == first["store_facts"][key]
    assert summary["incidents"] == len(read_layers(out / "incidents.gpkg").incidents)
    code, text, _ = run(capsys, "articles", "--out", "out")
    assert code == 0 and f"up to date {out / 'map.png'}" in text and "wrote" not in text


def test_an_output_deleted_or_edited_is_redrawn_alone(work: Path, capsys) -> None:
    out = work / "out"
    (out / "map.png").unlink()
    (out / "incidents.csv").write_text("edited by hand\n", encoding="utf-8")
    html = (out / "map.html").stat().st_ino
    summary = build_json(capsys, "articles", "--out", "out")
    assert {"map.png", "incidents.csv"} <= set(summary["seconds"])
    assert "map.html" not in summary["seconds"] and (out / "map.html").stat().st_ino == html
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "incidents.csv").read_text(encoding="utf-8-sig").startswith("incident_id")


def test_an_option_redraws_only_what_it_changes(work: Path, capsys) -> None:
    out = work / "out"
    before = _files(out)
    summary = build_json(capsys, "articles", "--out", "out", "--title", "Strikes <b>& co")
    after = _files(out)
    redrawn = {n for n in before if before[n] != after[n]}
    assert redrawn == {"map.html", "map.png"}  # report.md says no title
    assert "Strikes &lt;b&gt;&amp; co" in (out / "map.html").read_text(encoding="utf-8")
    assert "incidents.geojson" in " ".join(summary["kept"])
    cdn = build_json(capsys, "articles", "--out", "out", "--title", "Strikes <b>& co", "--cdn")
    assert [n for n in ("map.html", "map.png") if n in cdn["seconds"]] == ["map.html"]


def test_a_changed_source_redraws_every_output(work: Path, capsys) -> None:
    out = work / "out"
    before = _files(out)
    path = sorted((work / "articles").iterdir())[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nOn Monday a drone struck Erbil "
                    "airport, the Islamic Resistance in Iraq said.\n", encoding="utf-8")
    summary = build_json(capsys, "articles", "--out", "out")
    assert summary["files"]["changed"] == [str(path)]
    after = _files(out)
    assert summary["updated"] + summary["added"] > 0
    assert all(before[n] != after[n] for n in before), "an output was not redrawn"
    assert summary["kept"] == []


def test_new_code_reads_and_redraws_everything(work: Path, capsys,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    out = work / "out"
    before = _files(out)
    monkeypatch.setattr(geo.pipeline.build, "fingerprint", lambda: "new-code")
    summary = build_json(capsys, "articles", "--out", "out")
    assert len(summary["files"]["reread"]) == len(ARTICLES) - 1
    after = _files(out)
    assert all(before[n][0] != after[n][0] for n in before if n not in (
        "incidents.gpkg", "report.md")), "an output drawn by the old code was kept"


def test_new_article_adds_only_its_incidents(work: Path, tmp_path: Path, capsys) -> None:
    new = ARTICLES[-1]
    alone = build_json(capsys, str(new), "--out", str(tmp_path / "alone"))
    its_ids = ids(tmp_path / "alone" / "incidents.gpkg")
    assert alone["incidents"] == len(its_ids) > 0
    old_ids = ids(work / "out" / "incidents.gpkg")
    shutil.copy(new, work / "articles" / new.name)
    summary = build_json(capsys, "articles", "--out", "out")
    assert summary["files"]["new"] == [str(work / "articles" / new.name)]
    assert summary["files"]["unchanged"] == len(ARTICLES) - 1
    now = ids(work / "out" / "incidents.gpkg")
    assert old_ids <= now
    assert now - old_ids <= its_ids  # nothing but what the new article tells
    assert summary["added"] == len(now - old_ids)
    assert summary["added"] + summary["updated"] >= 1


def test_changed_article_is_read_again(work: Path, capsys) -> None:
    path = sorted((work / "articles").iterdir())[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nNo more attacks were reported.\n",
                    encoding="utf-8")
    summary = build_json(capsys, "articles", "--out", "out")
    assert summary["files"]["changed"] == [str(path)]
    assert summary["files"]["unchanged"] == len(ARTICLES) - 2


def test_removed_article_is_reported_and_its_incidents_stay(work: Path, capsys) -> None:
    gone = sorted((work / "articles").iterdir())[1]
    before = ids(work / "out" / "incidents.gpkg")
    gone.unlink()
    code, out, err = run(capsys, "articles", "--out", "out")
    assert code == 0, err
    assert f"gone since the last build (its incidents stay): {gone}" in out
    assert ids(work / "out" / "incidents.gpkg") == before
    report = (work / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Sources gone since the last build" in report and f"`{gone}`" in report
    # and the next build still says so: the store still holds what it told
    summary = build_json(capsys, "articles", "--out", "out")
    assert summary["files"]["removed"] == [str(gone)]
    assert summary["incidents"] == len(before)


def test_quiet_prints_nothing_on_success(work: Path, capsys) -> None:
    code, out, err = run(capsys, "articles", "--out", "out", "--quiet")
    assert (code, out, err) == (0, "", "")


def test_human_summary_names_counts_and_outputs(work: Path, capsys) -> None:
    code, out, _ = run(capsys, "articles", "--out", "out")
    assert code == 0
    n = len(read_layers(work / "out" / "incidents.gpkg").incidents)
    assert out.startswith(f"{n} incidents ")
    assert f"sources: 0 new, 0 changed, {len(ARTICLES) - 1} unchanged" in out
    for name in geo.pipeline.build.OUTPUTS:  # what a no-change build did not redraw
        assert f"  up to date {work / 'out' / name}\n" in out


def test_problem_file_is_reported_on_every_build(work: Path, capsys) -> None:
    bad = work / "articles" / "bad-date.txt"
    bad.write_text("date 2023-31-10\nA drone struck Erbil airport on Sunday.\n",
                   encoding="utf-8")
    for _ in range(2):  # not only on the build that first read it
        code, _, err = run(capsys, "articles", "--out", "out", "-q")
        assert code == 1
        assert f"geo: warning: {bad}:1: field 'date': bad date '2023-31-10'" in err


def test_broken_manifest_means_read_everything_again(work: Path, capsys) -> None:
    before = ids(work / "out" / "incidents.gpkg")
    (work / "out" / "incidents.sources.json").write_text("{not json", encoding="utf-8")
    summary = build_json(capsys, "articles", "--out", "out")
    assert len(summary["files"]["new"]) == len(ARTICLES) - 1
    assert (summary["added"], summary["updated"]) == (0, 0)
    assert ids(work / "out" / "incidents.gpkg") == before


def test_store_elsewhere_keeps_its_manifest_beside_it(work: Path, tmp_path: Path, capsys) -> None:
    store = tmp_path / "db" / "events.gpkg"
    summary = build_json(capsys, "articles", "--out", str(tmp_path / "o"),
                         "--store", str(store))
    assert summary["store"] == str(store)
    assert store.with_suffix(".sources.json").is_file()
    assert ids(store) == ids(work / "out" / "incidents.gpkg")
    assert not (tmp_path / "o" / "incidents.gpkg").exists()
    again = build_json(capsys, "articles", "--out", str(tmp_path / "o"),
                       "--store", str(store))
    assert again["files"]["unchanged"] == len(ARTICLES) - 1 and again["added"] == 0


def test_skipped_files_are_listed_not_fatal(work: Path, capsys) -> None:
    stray = work / "articles" / "photo.jpeg"
    stray.write_bytes(b"\xff\xd8\xff\xe0 not an article")
    summary = build_json(capsys, "articles", "--out", "out")
    assert summary["skipped"] == [str(stray)]
    assert f"skipped (not an article or table): `{stray}`" in (
        work / "out" / "report.md").read_text(encoding="utf-8")


def test_library_build_reports_progress_by_stage(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    result = geo.pipeline.build.build(ARTICLES[:2], tmp_path / "o",
                             progress=lambda *a: calls.append(a))
    reads = [c for c in calls if c[0] == "read"]
    assert [c[1] for c in reads] == [1, 2] and {c[2] for c in reads} == {2}
    stages = [c[0] for c in calls if c[0] != "read"]
    assert list(dict.fromkeys(stages)) == ["locate", "merge", "store", "write"]
    writes = len(geo.pipeline.build.OUTPUTS) - 1  # every output but the store
    assert [c[1:] for c in calls if c[0] == "write"] == [(n, writes)
                                                         for n in range(1, writes + 1)]
    for stage in ("locate", "merge", "store"):  # each stage ends at its total: never silent
        done, total = [c[1:] for c in calls if c[0] == stage][-1]
        assert done == total
    assert result.as_dict()["incidents"] == len(result.layers.incidents)
    assert [Path(p).name for p in result.outputs] == list(geo.pipeline.build.OUTPUTS)


def test_a_second_build_into_the_same_folder_is_refused(work: Path, capsys) -> None:
    import fcntl

    with (work / "out" / geo.pipeline.build.LOCK_NAME).open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
        code, _, err = run(capsys, "articles", "--out", "out")
    assert code == 2
    assert err.startswith("geo: error: out: another geo build is writing there")


def test_a_decision_redraws_what_it_changes_and_then_nothing(work: Path, capsys) -> None:
    out = work / "out"
    gone = sorted(ids(out / "incidents.gpkg"))[0]
    before = _files(out)
    (work / "articles" / "corrections.csv").write_text(
        f"action,incident,note\nreject,{gone},not an attack\n", encoding="utf-8")
    build_json(capsys, "articles", "--out", "out")
    after = _files(out)
    assert all(before[n] != after[n] for n in before if n != "incidents.qgz")
    geojson = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    assert gone not in {f["properties"]["incident_id"] for f in geojson["features"]}
    settled = _files(out)
    summary = build_json(capsys, "articles", "--out", "out")
    assert _files(out) == settled and sorted(summary["kept"]) == sorted(summary["outputs"])
