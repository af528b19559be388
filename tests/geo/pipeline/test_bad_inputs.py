"""Bad inputs through the real `geo build`: a clear one-line message naming the file (and line or
field), a non-zero exit, no traceback, and the good article beside it still built.

Each case is its own `geo build` process. To keep 40 builds fast, one helper process imports
the CLI and loads the gazetteer once, then forks a child per case that runs ``geo.cli.main`` with
its stdout and stderr on files; the child's exit status is the command's. A few cases also run
as plain `.venv/bin/geo` subprocesses (test_plain_subprocess_agrees).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.pipeline.build import OUTPUTS
from geo.store.layers import read_layers
from tests.helpers import ROOT, SEEDS

GOOD = SEEDS / "000_d88a10cd001415fd.txt"  # the good article beside every bad input
GEO = ROOT / ".venv" / "bin" / "geo"
HEADER = "date 2023-10-30 https://example.com/report\n"
BODY = "A drone struck the Al-Tanf garrison on Sunday, the Pentagon said.\n"
CSV_HEAD = "date,place,type\n"
WORKERS = 2

RUNNER = r"""
import json, os, signal, sys, traceback
from gazetteer.index import Gazetteer
import geo.cli
# paid once, before the forks
import geo.pipeline.build, geo.export.files, maps.html.page, maps.static.render

loaded = Gazetteer.load()
Gazetteer.load = classmethod(lambda cls, *args, **kwargs: loaded)
cases, workers = json.load(sys.stdin), int(sys.argv[1])
try:  # warm up once (lazy indexes, map data) so that each child starts where a build ends
    geo.cli.main(sys.argv[2:])
except SystemExit:
    pass


def child(case):
    signal.alarm(120)  # a hang is a failure, not a stuck test run
    os.chdir(case["cwd"])
    for fd, name in ((1, "stdout"), (2, "stderr")):
        f = os.open(case[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(f, fd)
        os.close(f)
    code = 0
    try:
        geo.cli.main(case["argv"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


running, codes, pending = {}, {}, list(enumerate(cases))
while pending or running:
    while pending and len(running) < workers:
        i, case = pending.pop(0)
        pid = os.fork()
        if pid == 0:
            child(case)
        running[pid] = i
    pid, status = os.wait()
    codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
print(json.dumps([codes[i] for i in range(len(cases))]))
"""


@dataclass(frozen=True)
class Case:
    """One bad input: ``make(folder)`` writes it and returns the argv it adds to `geo build`."""

    name: str
    make: Callable[[Path], list[str]]
    expect: tuple[str, ...]  # in stderr, besides the bad path
    code: int = 1  # 1: input problems (the rest is built); 2: the run cannot go on
    builds: bool = True  # the good article's incidents are in the store


def file(name: str, data: bytes | str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return [str(path)]

    return make


def with_sidecar(meta: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "report.txt").write_text(BODY, encoding="utf-8")
        (folder / "report.meta.json").write_text(meta, encoding="utf-8")
        return [str(folder / "report.txt")]

    return make


def fifo(name: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        os.mkfifo(folder / name)
        return [str(folder / name)]

    return make


def sparse(name: str, size: int) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        with (folder / name).open("wb") as f:
            f.truncate(size)
        return [str(folder / name)]

    return make


def missing(folder: Path) -> list[str]:
    return [str(folder / "never-written.txt")]


def broken_link(folder: Path) -> list[str]:
    (folder / "link.txt").symlink_to(folder / "gone.txt")
    return [str(folder / "link.txt")]


def empty_folder(folder: Path) -> list[str]:
    (folder / "inbox").mkdir()
    (folder / "inbox" / ".hidden.txt").write_text(BODY, encoding="utf-8")
    return [str(folder / "inbox")]


def out_under_a_file(folder: Path) -> list[str]:
    (folder / "blocker").write_text("a file where a folder should be", encoding="utf-8")
    return ["--out", str(folder / "blocker" / "out")]


def out_is_a_file(folder: Path) -> list[str]:
    (folder / "taken").write_text("a file", encoding="utf-8")
    return ["--out", str(folder / "taken")]


def broken_store(folder: Path) -> list[str]:
    (folder / "out").mkdir()
    (folder / "out" / "incidents.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    return []


def store_not_gpkg(folder: Path) -> list[str]:
    return ["--store", str(folder / "store.csv")]


LATIN1 = (HEADER + "Caf\xe9 owners said so.\n" + BODY).encode("latin-1")
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
ROW = "2024-01-05,Erbil,drone\n"
FEATURE = {"type": "Feature", "properties": {"date": "2024-01-05", "place": "Erbil"}}


def geojson(geometry: dict) -> str:
    return json.dumps({"type": "FeatureCollection",
                       "features": [{**FEATURE, "geometry": geometry}]})


CASES = [
    # articles
    Case("empty article", file("empty.txt", b""), ("is empty",)),
    Case("blank article", file("blank.md", " \n\n\t \n"), ("is empty",)),
    Case("binary article", file("photo.txt", PNG_BYTES), ("binary file",)),
    Case("UTF-16 without BOM", file("utf16.txt", (HEADER + BODY).encode("utf-16-le")),
         ("binary file", "byte-order mark")),
    Case("broken UTF-16", file("odd.txt", b"\xff\xfeA"), ("starts like UTF-16",)),
    Case("Latin-1 article", file("latin1.txt", LATIN1), (":2:", "not valid UTF-8")),
    Case("impossible header date", file("d1.txt", "date 2023-13-45\n" + BODY),
         (":1: field 'date'", "2023-13-45")),
    Case("word as header date", file("d2.txt", "date yesterday\n" + BODY),
         (":1: field 'date'", "'yesterday'")),
    Case("year-1 header date", file("d3.txt", "date 0001-01-01\nA drone hit Erbil overnight.\n"),
         (":1: field 'date'", "1900 to 2100")),
    Case("sidecar not JSON", with_sidecar("{oops"), ("report.meta.json", "unreadable sidecar")),
    Case("sidecar an array", with_sidecar("[1, 2]"), ("report.meta.json", "not a JSON object")),
    Case("sidecar bad date", with_sidecar('{"date": "30/10/2023"}'),
         ("report.meta.json", "field 'date'")),
    Case("sidecar javascript URL", with_sidecar('{"date": "2023-10-30", "url": "javascript:x"}'),
         ("field 'url'", "non-http(s)")),
    Case("huge single line", file("dump.txt", HEADER + "drone Erbil, " * 160_000 + "\n" + BODY),
         (":2:", "characters")),
    Case("article over 5 MB", sparse("big.txt", 6_000_000), ("MB; articles over 5 MB",)),
    Case("pipe as article", fifo("pipe.txt"), ("not a regular file",)),
    Case("path that does not exist", missing, ("does not exist",)),
    Case("broken symlink", broken_link, ("does not exist",)),
    Case("folder with nothing to read", empty_folder, ("holds no article",)),
    # tables
    Case("empty CSV", file("empty.csv", b""), ("empty",)),
    Case("CSV header only", file("head.csv", CSV_HEAD), ("header but no rows",)),
    Case("CSV without a place column", file("cols.csv", "when,what\n2024-01-05,drone\n"),
         (":1:", "column found", "'when'")),
    Case("CSV bad date in a row", file("dates.csv", CSV_HEAD + ROW + "soon,Erbil,drone\n"),
         (":3: field 'event_date'", "'soon'")),
    Case("CSV latitude out of range", file("lat.csv", "date,place,lat,lon\n2024-01-05,x,200,44\n"),
         (":2: field 'lat'",)),
    Case("CSV latitude not a number",
         file("lat2.csv", "date,place,lat,lon\n2024-01-05,Erbil,north,44\n"),
         (":2: field 'lat'",)),
    Case("binary CSV", file("blob.csv", b"\x00\x01\x02date,place\x00" * 50), ("binary file",)),
    Case("Windows-1252 CSV", file("cp.csv", (CSV_HEAD + "2024-01-05,Erbil \u201cx\u201d,drone\n"
                                             ).encode("cp1252")), ("not UTF-8",)),
    Case("CSV huge line", file("wide.csv", CSV_HEAD + "x" * (1 << 20) + "y\n" + ROW),
         (":2:", "line longer than")),
    Case("CSV ragged row", file("ragged.tsv", "date\tplace\n2024-01-05\tErbil\textra\n"),
         (":2:", "row has 3 cells")),
    Case("pipe as CSV", fifo("pipe.csv"), ("not a regular file",)),
    Case("invalid JSON", file("bad.json", '[\n{"date": "2024-01-05",\n "place": }\n]'),
         ("not valid JSON (line 3",)),
    Case("JSON scalar", file("num.json", "42"), ("JSON must be an array",)),
    Case("JSON item not an object", file("items.json", '[{"date": "2024-01-05", '
                                                       '"place": "Erbil"},\n 7]'),
         ("item 2 is not an object",)),
    Case("GeoJSON polygon", file("poly.geojson", geojson(
        {"type": "Polygon", "coordinates": [[[40, 33], [41, 33], [41, 34], [40, 33]]]})),
         ("field 'geometry'", "Polygon")),
    Case("GeoJSON point off the globe", file("far.geojson", geojson(
        {"type": "Point", "coordinates": [500, 95]})), ("field 'lat'", "outside")),
    # where the output goes, and options: the run stops before writing anything
    Case("--out under a regular file", out_under_a_file, ("cannot write",), 2, False),
    Case("--out is a regular file", out_is_a_file, ("cannot write",), 2, False),
    Case("--date not a date", lambda folder: ["--date", "yesterday"], ("--date 'yesterday'",),
         2, False),
    Case("--date in year 1", lambda folder: ["--date", "0001-01-01"], ("--date 0001-01-01",),
         2, False),
    Case("broken store", broken_store, ("out/incidents.gpkg", "cannot open it as a GeoPackage"),
         2, False),
    Case("--store not a GeoPackage", store_not_gpkg, ("--store", ".gpkg"), 2, False),
]


@dataclass
class Outcome:
    folder: Path
    bad: list[str]  # what the case added to argv
    code: int
    stdout: str
    stderr: str


def _argv(folder: Path, extra: list[str]) -> list[str]:
    good = folder / GOOD.name
    options = ["--out", str(folder / "out")] if "--out" not in extra else []
    return ["build", str(good), *extra, *options]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case (and a baseline of the good article alone) run once, two at a time."""
    root = tmp_path_factory.mktemp("bad-inputs")
    specs, made = [], {}
    for n, case in enumerate([Case("baseline", lambda folder: [], ()), *CASES]):
        folder = root / f"{n:02d}"
        folder.mkdir()
        (folder / GOOD.name).write_bytes(GOOD.read_bytes())
        made[case.name] = (folder, case.make(folder))
        specs.append({"argv": _argv(folder, made[case.name][1]), "cwd": str(folder),
                      "stdout": str(folder / "stdout"), "stderr": str(folder / "stderr")})
    warm_up = ["build", str(GOOD), "--out", str(root / "warm-up"), "--quiet"]
    done = subprocess.run([sys.executable, "-c", RUNNER, str(WORKERS), *warm_up],
                          input=json.dumps(specs),
                          capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    codes = json.loads(done.stdout)
    return {name: Outcome(folder, bad, code, (folder / "stdout").read_text(encoding="utf-8"),
                          (folder / "stderr").read_text(encoding="utf-8"))
            for (name, (folder, bad)), code in zip(made.items(), codes, strict=True)}


def _ids(store: Path) -> set[str]:
    return set(read_layers(store).incidents["incident_id"])


def test_there_are_at_least_thirty_distinct_bad_inputs() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 30


def test_baseline_builds_the_good_article(outcomes) -> None:
    base = outcomes["baseline"]
    assert base.code == 0, base.stderr
    assert base.stderr == ""
    assert len(_ids(base.folder / "out" / "incidents.gpkg")) > 0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, outcomes) -> None:
    got = outcomes[case.name]
    assert "Traceback" not in got.stdout + got.stderr
    assert got.code == case.code, got.stderr
    lines = got.stderr.splitlines()
    assert lines, "no message"
    assert all(line.startswith(("geo: warning: ", "geo: error: ")) for line in lines), lines
    named = [p for p in got.bad if p.startswith("/")]  # the bad file, folder or option value
    for path in named:
        assert path in got.stderr or os.path.dirname(path) in got.stderr
    for text in case.expect:
        assert text in got.stderr
    out = got.folder / "out"
    if case.builds:
        assert _ids(outcomes["baseline"].folder / "out" / "incidents.gpkg") <= _ids(
            out / "incidents.gpkg")
        for name in OUTPUTS:
            assert (out / name).is_file()
        assert "## Problems" in (out / "report.md").read_text(encoding="utf-8")
    else:
        assert not (out / "incidents.geojson").exists()  # nothing half-built


def test_broken_store_is_left_as_it_was(outcomes) -> None:
    store = outcomes["broken store"].folder / "out" / "incidents.gpkg"
    assert store.read_bytes() == b"SQLite format 3\x00" + b"\x07" * 4000


def test_store_with_another_suffix_is_not_created(outcomes) -> None:
    assert not (outcomes["--store not a GeoPackage"].folder / "store.csv").exists()


@pytest.mark.parametrize("name", ["binary article"])
def test_plain_subprocess_agrees(name: str, outcomes, tmp_path: Path) -> None:
    """The same case through `.venv/bin/geo` itself gives the same exit code and message."""
    case = next(c for c in CASES if c.name == name)
    folder = tmp_path
    (folder / GOOD.name).write_bytes(GOOD.read_bytes())
    extra = case.make(folder)
    done = subprocess.run([str(GEO), *_argv(folder, extra)], capture_output=True, text=True,
                          timeout=300, cwd=folder)
    forked = outcomes[name]
    assert done.returncode == forked.code
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.replace(str(folder), "<dir>") == forked.stderr.replace(
        str(forked.folder), "<dir>")
