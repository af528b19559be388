"""A `geo build` killed (SIGKILL) while writing leaves every output whole (the old one or a
complete new one) and the store consistent; the next build then ends where a clean one does."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyogrio
import pytest

import geo.pipeline.build
from gazetteer.atomic import HOLD_VARIABLE
from geo.store.layers import read_layers
from tests.helpers import SEEDS

ARTICLES = sorted(SEEDS.glob("*.txt"))
CLI = [sys.executable, "-c", "from geo.cli import main; main()"]
PNG_START, PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"
LAYERS = {"incidents", "places", "uncertainty", "unresolved"}
SEED = random.randrange(1 << 16)  # named in failure messages, to replay a run


def _valid_gpkg(path: Path) -> None:
    assert {name for name, _ in pyogrio.list_layers(path)} >= LAYERS
    read_layers(path)


def _valid_csv(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and "incident_id" in rows[0]


def _valid_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG_START) and data.endswith(PNG_END)


CHECKS: dict[str, Callable[[Path], None]] = {
    "incidents.gpkg": _valid_gpkg,
    "incidents.geojson": lambda p: json.loads(p.read_text(encoding="utf-8"))["features"],
    "incidents.csv": _valid_csv,
    "map.html": lambda p: p.read_text(encoding="utf-8").rstrip().endswith("</html>") or 1 / 0,
    "map.png": _valid_png,
    "report.md": lambda p: p.read_text(encoding="utf-8").startswith("# Incident build report")
    or 1 / 0,
    "incidents.sources.json": lambda p: json.loads(p.read_text(encoding="utf-8"))["sources"],
}


def writing(name: str) -> Callable[[list[str], float], bool]:
    """Kill when gazetteer.atomic's temporary folder for ``name`` is there (being written)."""
    return lambda names, _: any(n.startswith(f".{name}.") and n.endswith(".part") for n in names)


def after(seconds: float) -> Callable[[list[str], float], bool]:
    return lambda _, elapsed: elapsed >= seconds


def ids(store: Path) -> set[str]:
    return set(read_layers(store).incidents["incident_id"])


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose out/ holds a build of two articles; three more wait in more/."""
    work = tmp_path_factory.mktemp("kill")
    (work / "articles").mkdir()
    (work / "more").mkdir()
    for n, path in enumerate(ARTICLES):
        shutil.copy(path, work / ("articles" if n < 2 else "more") / path.name)
    done = subprocess.run([*CLI, "build", "articles", "--out", "out", "-q"], cwd=work,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return work


def start_second_build(work: Path, hold: str = "") -> subprocess.Popen:
    """The second build; ``hold`` names an output whose finished write waits (gazetteer.atomic's
    fault injection) so that the kill lands while it is being written, not by luck."""
    for path in (work / "more").iterdir():
        shutil.copy(path, work / "articles" / path.name)
    env = {**os.environ, HOLD_VARIABLE: f"{hold}:30"} if hold else None
    return subprocess.Popen([*CLI, "build", "articles", "--out", "out", "-q"], cwd=work,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def kill_when(proc: subprocess.Popen, out: Path, moment) -> bool:
    """SIGKILL ``proc`` at ``moment``; False if it finished first."""
    start = time.monotonic()
    while proc.poll() is None:
        if moment(os.listdir(out), time.monotonic() - start):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        assert time.monotonic() - start < 300, "the build hangs"
        time.sleep(0.002)
    return False


HOLDS = {"store": "incidents.gpkg", "geojson": "incidents.geojson", "html map": "map.html",
         "png map": "map.png"}
MOMENTS = {
    "store": writing("incidents.gpkg"),
    "geojson": writing("incidents.geojson"),
    "html map": writing("map.html"),
    "png map": writing("map.png"),
    "random early": after(random.Random(SEED).uniform(0.3, 2.5)),
    "random late": after(random.Random(SEED + 1).uniform(2.5, 6.0)),
}


@pytest.fixture(scope="module")
def killed(first: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bool]]:
    """For each moment: a copy of the first build whose second build was killed then."""
    found = {}
    for name, moment in MOMENTS.items():
        work = tmp_path_factory.mktemp("killed")
        shutil.copytree(first, work, dirs_exist_ok=True)
        proc = start_second_build(work, hold=HOLDS.get(name, ""))
        found[name] = (work, kill_when(proc, work / "out", moment))
        proc.stderr.close()
    return found


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_outputs_are_old_or_complete_after_a_kill(moment: str, first: Path, killed) -> None:
    work, was_killed = killed[moment]
    for name, check in CHECKS.items():
        path = work / "out" / name
        old = (first / "out" / name).read_bytes()
        if path.read_bytes() != old:  # a new file: it must be complete
            try:
                check(path)
            except Exception as exc:  # noqa: BLE001  the failure names file, moment and seed
                pytest.fail(f"{name} broken after a kill at {moment} (seed {SEED}): {exc!r}")
    # the store is consistent: what it held before, it holds still
    assert ids(first / "out" / "incidents.gpkg") <= ids(work / "out" / "incidents.gpkg")
    if moment in HOLDS:
        assert was_killed, f"the build ended before the {moment} was written"


def test_most_kills_landed_mid_build(killed) -> None:
    assert sum(was for _, was in killed.values()) >= len(MOMENTS) - 1


def test_next_build_ends_where_a_clean_build_does(killed, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # a clean build of all the articles, named as the killed builds name them
    monkeypatch.chdir(killed["store"][0])
    clean = geo.pipeline.build.build(["articles"], tmp_path / "clean")
    want = set(clean.layers.incidents["incident_id"])
    for moment in ("store", "random early"):
        work, _ = killed[moment]
        done = subprocess.run([*CLI, "build", "articles", "--out", "out", "--json"], cwd=work,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["incidents"] == len(want)
        assert ids(work / "out" / "incidents.gpkg") == want, moment
        for name, check in CHECKS.items():
            check(work / "out" / name)
        leftovers = [p.name for p in (work / "out").iterdir() if p.name.endswith(".part")]
        assert leftovers == [], "the killed build's temporary files are still there"


def test_exports_found_out_of_step_are_rewritten_from_the_store(killed) -> None:
    """Killed after the store was written but before the GeoJSON: the exports lag the store
    until the next build, which says so and rewrites them, though no source changed."""
    work, was_killed = killed["geojson"]
    assert was_killed
    out = work / "out"
    stored = ids(out / "incidents.gpkg")
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["incident_id"] for f in features} != stored  # out of step now
    done = subprocess.run([*CLI, "build", "articles", "--out", "out", "--json"], cwd=work,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert any("out of step" in note for note in summary["notes"])
    features = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["incident_id"] for f in features} == ids(out / "incidents.gpkg")
    with (out / "incidents.csv").open(encoding="utf-8-sig", newline="") as f:
        assert {r["incident_id"] for r in csv.DictReader(f)} == ids(out / "incidents.gpkg")
    again = subprocess.run([*CLI, "build", "articles", "--out", "out", "--json"], cwd=work,
                           capture_output=True, text=True, timeout=300)
    assert json.loads(again.stdout)["notes"] == []  # in step again
