"""Bad inputs through the real `geo` commands: a clear one-line message naming the file (and
line or field), a non-zero exit, no traceback, the good article beside it still built, and
every file that was there before left as it was (the outputs of a build aside).

Files, folders, tables, stores, output paths and geocoder faults (against a real HTTP server on
127.0.0.1); most cases run `geo build`, some `geo map`, `export`, `ingest`, `qgis`, `resolve`.

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

from geo.incidents.schema import IncidentSet, incidents_frame
from geo.pipeline.build import OUTPUTS
from geo.store.layers import read_layers, write_store
from tests.geo.resolve.fake_nominatim import (
    MALFORMED,
    PLACES,
    FakeGeoServer,
    _place,
    closed_port_url,
    drip,
    http_error,
)
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
    if case.get("fsize"):  # a full disk: writes past this size fail (EFBIG)
        import resource
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (case["fsize"], case["fsize"]))
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
    """One bad input: ``make(folder)`` writes it and returns the argv it adds to `geo build`
    (or, for another ``command``, the command's whole argument list)."""

    name: str
    make: Callable[[Path], list[str]]
    expect: tuple[str, ...]  # in stderr, besides the bad path
    code: int = 1  # 1: input problems (the rest is built); 2: the run cannot go on
    builds: bool = True  # the good article's incidents are in the store
    command: str = "build"
    alone: bool = False  # build without the good article
    keep: tuple[str, ...] = ()  # place names of the bad file that must still be in the store
    fsize: int = 0  # when set, no file may grow past this many bytes (a full disk)


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


# --- more files and folders ------------------------------------------------------------------


def in_folder(*entries: tuple[str, str]) -> Callable[[Path], list[str]]:
    """A folder with a good article and odd entries: ("link", target), ("fifo", ""), ..."""

    def make(folder: Path) -> list[str]:
        inbox = folder / "inbox"
        inbox.mkdir()
        (inbox / "fine.txt").write_text(HEADER + BODY, encoding="utf-8")
        for kind, name in entries:
            if kind == "dangling":
                (inbox / name).symlink_to(inbox / "gone.txt")
            elif kind == "loop":
                (inbox / name).symlink_to(inbox / name)
            elif kind == "fifo":
                os.mkfifo(inbox / name)
            elif kind == "socket":
                import socket

                with socket.socket(socket.AF_UNIX) as sock:
                    sock.bind(str(inbox / name))
        return [str(inbox)]

    return make


def loop_link(folder: Path) -> list[str]:
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return [str(folder / "loop.txt")]


def nul_late(folder: Path) -> list[str]:
    path = folder / "late-nul.txt"
    path.write_bytes((HEADER + BODY * 1200).encode() + b"\x00\x00binary tail")
    return [str(path)]


def sidecar_folder(folder: Path) -> list[str]:
    (folder / "report.txt").write_text(BODY, encoding="utf-8")
    (folder / "report.meta.json").mkdir()
    return [str(folder / "report.txt")]


def empty_dir(folder: Path) -> list[str]:
    (folder / "empty").mkdir()
    return [str(folder / "empty")]


def only_other_types(folder: Path) -> list[str]:
    (folder / "pics").mkdir()
    (folder / "pics" / "a.jpeg").write_bytes(b"\xff\xd8")
    (folder / "pics" / "b.pdf").write_bytes(b"%PDF-1.4")
    return [str(folder / "pics")]


# --- stores and output paths -----------------------------------------------------------------


def out_entry_is_a_folder(name: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "out" / name).mkdir(parents=True)
        (folder / "out" / name / "keep.txt").write_text("mine", encoding="utf-8")
        return []

    return make


def foreign_gpkg(path: Path) -> None:
    """A GeoPackage made by someone else: a layer, but no 'incidents'."""
    import geopandas as gpd
    from shapely.geometry import Point

    gpd.GeoDataFrame({"name": ["well"]}, geometry=[Point(44, 33)], crs=4326).to_file(
        path, layer="wells", driver="GPKG")


def foreign_store(folder: Path) -> list[str]:
    (folder / "out").mkdir()
    foreign_gpkg(folder / "out" / "incidents.gpkg")
    return []


def empty_store_file(folder: Path) -> list[str]:
    (folder / "out").mkdir()
    (folder / "out" / "incidents.gpkg").write_bytes(b"")
    return []


def text_store(folder: Path) -> list[str]:
    (folder / "out").mkdir()
    (folder / "out" / "incidents.gpkg").write_text("date,place\n2024-01-05,Erbil\n")
    return []


def small_store(folder: Path) -> Path:
    store = folder / "store.gpkg"
    write_store(IncidentSet(incidents_frame([{
        "event_date": "2024-01-05", "event_type": "drone attack", "place_name": "Erbil",
        "lat": 36.19, "lon": 44.01, "sources": [{"url": "https://example.org/a"}]}])), store)
    return store


def command(*argv: str, store: bool = False, setup: Callable[[Path], None] | None = None
            ) -> Callable[[Path], list[str]]:
    """Arguments of another command; ``{store}`` and ``{dir}`` are filled in."""

    def make(folder: Path) -> list[str]:
        if store:
            small_store(folder)
        if setup:
            setup(folder)
        return [a.format(store=folder / "store.gpkg", dir=folder) for a in argv]

    return make


def mkdir(name: str) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        (folder / name).mkdir()
        (folder / name / "keep.txt").write_text("mine", encoding="utf-8")

    return setup


def foreign_at(name: str) -> Callable[[Path], None]:
    return lambda folder: foreign_gpkg(folder / name)


# --- geocoder faults (a real HTTP server on 127.0.0.1, scripted per place name) -------------

SERVER: FakeGeoServer | None = None  # running while the cases are made and run
UA = "geo-incidents-tests/1.0 (t@example.org)"
#: Places the gazetteer lacks, so that only the geocoder can place them; one per fault.
FAULT_NAMES = ["Qasr Alpha Outpost", "Qasr Bravo Outpost", "Qasr Charlie Outpost",
               "Qasr Delta Outpost", "Qasr Echo Outpost", "Qasr Foxtrot Outpost",
               "Qasr Golf Outpost"]
OUTPOSTS = [_place(300 + n, ("node", 9300 + n), name, ("Al Anbar Governorate", "Iraq", "iq"),
                   33.9 + n / 100, 41.2, ("military", "base"), 30, 0.5, "military", 0.0,
                   ("S", "MILB", 0)) for n, name in enumerate(FAULT_NAMES)]


def config(folder: Path, **values: object) -> Path:
    path = folder / "geo.toml"
    settings = {"min_delay_s": 0.02, "backoff_s": 0.02, "max_retries": 1, "timeout": 1.5,
                "cache_path": str(folder / "cache.sqlite"), **values}
    path.write_text("[geocoding]\n" + "".join(f"{k} = {json.dumps(v)}\n"
                                              for k, v in settings.items()))
    return path


def geocoded(place: str, *faults, url: str | None = None) -> Callable[[Path], list[str]]:
    """A table naming ``place``, built with the geocoder that answers with ``faults``."""

    def make(folder: Path) -> list[str]:
        assert SERVER is not None
        SERVER.fail(place, *faults)
        table = folder / "outposts.csv"
        table.write_text(f"date,place,type,country\n2024-01-05,{place},drone attack,IQ\n")
        return ["--geocoder", "nominatim", "--geocoder-url", url or SERVER.url,
                "--user-agent", UA, "--config", str(config(folder)), str(table)]

    return make


def resolve_fault(place: str, *faults) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        assert SERVER is not None
        SERVER.fail(place, *faults)
        return [place, "--json", "--geocoder", "nominatim", "--geocoder-url", SERVER.url,
                "--user-agent", UA, "--config", str(config(folder))]

    return make


def bad_config(text: str) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        (folder / "bad.toml").write_text(text, encoding="utf-8")
        return ["--geocoder", "nominatim", "--user-agent", UA, "--config",
                str(folder / "bad.toml")]

    return make


UNCLOSED = ('event date,place name,notes\n2023-11-20,Ain al-Asad,"unclosed note\n'
            "2023-11-21,Erbil,ok\n")


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
    # --- more files and folders
    Case("NUL bytes after the first 64 KiB", nul_late, ("binary file",)),
    Case("dangling link in a folder", in_folder(("dangling", "old.txt")),
         ("old.txt", "broken symbolic link")),
    Case("link loop in a folder", in_folder(("loop", "self.txt")),
         ("self.txt", "symbolic link loop")),
    Case("pipe in a folder", in_folder(("fifo", "feed.txt")), ("feed.txt", "not a regular file")),
    Case("socket in a folder", in_folder(("socket", "agent.sock")),
         ("agent.sock", "not a regular file")),
    Case("link loop given", loop_link, ("symbolic link loop",)),
    Case("sidecar is a folder", sidecar_folder, ("report.meta.json", "unreadable sidecar")),
    Case("empty folder alone", empty_dir, ("nothing to read", "holds no article"), 2, False,
         alone=True),
    Case("missing folder alone", lambda folder: [str(folder / "nowhere")],
         ("nothing to read", "does not exist"), 2, False, alone=True),
    Case("folder of other files alone", only_other_types,
         ("nothing to read", "2 of other types"), 2, False, alone=True),
    # --- more tables
    Case("CSV unclosed quote", file("q.csv", UNCLOSED), (":2:", "unclosed quote"),
         keep=("Ain al-Asad", "Erbil")),
    Case("JSON nested too deep", file("deep.json", "[" * 100_000 + "]" * 100_000),
         ("nested too deeply",)),
    Case("spreadsheet saved as .csv", file("book.csv", b"PK\x03\x04\x14\x00\x00\x00" * 64),
         ("binary file",)),
    Case("CSV coordinates 0,0", file("zero.csv", "date,place,lat,lon\n2024-01-05,Erbil,0,0\n"),
         (":2: field 'lat'", "0,0"), keep=("Erbil",)),
    Case("CSV only a byte-order mark", file("bom.csv", b"\xef\xbb\xbf"), ("empty",)),
    Case("GeoJSON features not a list", file("f.geojson", '{"type": "FeatureCollection", '
                                                        '"features": 7}'),
         ("JSON must be an array",)),
    # --- stores
    Case("store is a folder", out_entry_is_a_folder("incidents.gpkg"), ("is a folder",),
         2, False),
    Case("store without an incidents layer", foreign_store, ("no 'incidents' layer", "wells"),
         2, False),
    Case("store of zero bytes", empty_store_file, ("out/incidents.gpkg", "cannot open"),
         2, False),
    Case("store that is CSV text", text_store, ("out/incidents.gpkg", "cannot open"), 2, False),
    # --- output paths
    Case("out/map.html is a folder", out_entry_is_a_folder("map.html"), ("is a folder",),
         2, False),
    Case("out/incidents.geojson is a folder", out_entry_is_a_folder("incidents.geojson"),
         ("is a folder",), 2, False),
    Case("out/report.md is a folder", out_entry_is_a_folder("report.md"), ("is a folder",),
         2, False),
    Case("out/incidents.csv is a folder", out_entry_is_a_folder("incidents.csv"),
         ("is a folder",), 2, False),
    Case("build lock is a folder", out_entry_is_a_folder(".geo-build.lock"), ("is a folder",),
         2, False),
    Case("manifest is a folder", out_entry_is_a_folder("incidents.sources.json"),
         ("is a folder",), 2, False),
    Case("map output is a folder", command("{store}", "-o", "{dir}/m.html", store=True,
                                           setup=mkdir("m.html")),
         ("m.html", "is a folder"), 2, False, command="map"),
    Case("map of a folder named .gpkg", command("{dir}/dir.gpkg", "-o", "{dir}/m.html",
                                                setup=mkdir("dir.gpkg")),
         ("dir.gpkg", "is a folder"), 2, False, command="map"),
    Case("map of a GeoPackage without incidents", command(
        "{dir}/wells.gpkg", "-o", "{dir}/m.html", setup=foreign_at("wells.gpkg")),
         ("wells.gpkg", "no 'incidents' layer"), 2, False, command="map"),
    Case("map of an empty folder", command("{dir}/inbox", "-o", "{dir}/m.html",
                                           setup=lambda folder: (folder / "inbox").mkdir()),
         ("inbox", "holds no article"), 2, False, command="map"),
    Case("map to an unknown format", command("{store}", "-o", "{dir}/m.jpg", store=True),
         ("m.jpg", "unknown map format"), 2, False, command="map"),
    Case("export of a folder", command("{dir}/dir.gpkg", "-o", "{dir}/x.geojson",
                                       setup=mkdir("dir.gpkg")),
         ("dir.gpkg", "is a folder"), 2, False, command="export"),
    Case("export of a missing store", command("{dir}/none.gpkg", "-o", "{dir}/x.geojson"),
         ("none.gpkg", "no such file"), 2, False, command="export"),
    Case("export onto a folder", command("{store}", "-o", "{dir}/x.geojson", store=True,
                                         setup=mkdir("x.geojson")),
         ("x.geojson", "is a folder"), 2, False, command="export"),
    Case("export to an unknown format", command("{store}", "-o", "{dir}/x.xlsx", store=True),
         ("x.xlsx", "cannot export"), 2, False, command="export"),
    Case("ingest into a folder", command(str(GOOD), "-o", "{dir}/s.gpkg",
                                         setup=mkdir("s.gpkg")),
         ("s.gpkg", "is a folder"), 2, False, command="ingest"),
    Case("ingest into a foreign GeoPackage", command(str(GOOD), "-o", "{dir}/w.gpkg",
                                                     setup=foreign_at("w.gpkg")),
         ("w.gpkg", "no 'incidents' layer"), 2, False, command="ingest"),
    Case("ingest from nothing", command("{dir}/nowhere", "-o", "{dir}/s.gpkg"),
         ("nothing to read", "does not exist"), 2, False, command="ingest"),
    Case("qgis project onto a folder", command("{store}", "-o", "{dir}/p.qgz", store=True,
                                               setup=mkdir("p.qgz")),
         ("p.qgz", "is a folder"), 2, False, command="qgis"),
    Case("qgis of a folder named .gpkg", command("{dir}/dir.gpkg", "-o", "{dir}/p.qgz",
                                                 setup=mkdir("dir.gpkg")),
         ("dir.gpkg", "is a folder"), 2, False, command="qgis"),
    # --- geocoder faults: the rows are reported, the rest built, the file read again next time
    Case("geocoder answers 503", geocoded(FAULT_NAMES[0], *[http_error(503)] * 2),
         ("outposts.csv", "HTTP 503", "next build"), keep=(FAULT_NAMES[0],)),
    Case("geocoder refuses connections", geocoded(FAULT_NAMES[1], url=closed_port_url()),
         ("outposts.csv", "connection refused", "next build"), keep=(FAULT_NAMES[1],)),
    Case("geocoder sends malformed JSON", geocoded(FAULT_NAMES[2], MALFORMED),
         ("outposts.csv", "malformed JSON"), keep=(FAULT_NAMES[2],)),
    Case("geocoder drips its answer", geocoded(FAULT_NAMES[3], drip(0.05), drip(0.05)),
         ("outposts.csv", "timed out after 1.5 s"), keep=(FAULT_NAMES[3],)),
    Case("geocoder refuses access", geocoded(FAULT_NAMES[4], http_error(403)),
         ("outposts.csv", "refused access"), keep=(FAULT_NAMES[4],)),
    Case("geocoder asks to wait an hour", geocoded(FAULT_NAMES[5], http_error(429, "3600")),
         ("outposts.csv", "429", "3600"), keep=(FAULT_NAMES[5],)),
    Case("resolve --json while the geocoder fails",
         resolve_fault(FAULT_NAMES[6], *[http_error(503)] * 2), ("HTTP 503",), 1, False,
         command="resolve"),
    Case("geocoder URL not http", lambda folder: ["--geocoder", "nominatim", "--geocoder-url",
                                                  "ftp://127.0.0.1/", "--user-agent", UA],
         ("ftp://127.0.0.1/", "must start with http"), 2, False),
    Case("nominatim without a user agent", lambda folder: ["--geocoder", "nominatim"],
         ("user agent",), 2, False),
    Case("config file not TOML", bad_config("[geocoding\n"), ("bad.toml", "not valid TOML"),
         2, False),
    Case("config with an unknown key", bad_config("[geocoding]\nspeed = 3\n"),
         ("bad.toml", "unknown key"), 2, False),
]


@dataclass
class Outcome:
    folder: Path
    bad: list[str]  # what the case added to argv
    code: int
    stdout: str
    stderr: str
    before: dict[str, bytes]  # the files of the folder before the run


def _argv(folder: Path, extra: list[str], case: Case | None = None) -> list[str]:
    if case is not None and case.command != "build":
        return [case.command, *extra]
    good = [] if case is not None and case.alone else [str(folder / GOOD.name)]
    options = ["--out", str(folder / "out")] if "--out" not in extra else []
    return ["build", *good, *extra, *options]


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` (not following links), with its bytes."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every case (and a baseline of the good article alone) run once, two at a time."""
    return run_cases(CASES, tmp_path_factory.mktemp("bad-inputs"))


def run_cases(cases: list[Case], root: Path) -> dict[str, Outcome]:
    """Make and run ``cases`` (and the baseline) in folders under ``root``."""
    global SERVER
    specs, made, before = [], {}, {}
    with FakeGeoServer(places=[*PLACES, *OUTPOSTS]) as SERVER:
        for n, case in enumerate([Case("baseline", lambda folder: [], ()), *cases]):
            folder = root / f"{n:02d}"
            folder.mkdir()
            (folder / GOOD.name).write_bytes(GOOD.read_bytes())
            made[case.name] = (folder, case.make(folder))
            before[case.name] = _snapshot(folder)
            specs.append({"argv": _argv(folder, made[case.name][1], case), "cwd": str(folder),
                          "stdout": str(folder / "stdout"), "stderr": str(folder / "stderr"),
                          "fsize": case.fsize})
        warm_up = ["build", str(GOOD), "--out", str(root / "warm-up"), "--quiet"]
        done = subprocess.run([sys.executable, "-c", RUNNER, str(WORKERS), *warm_up],
                              input=json.dumps(specs),
                              capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    codes = json.loads(done.stdout)
    return {name: Outcome(folder, bad, code, (folder / "stdout").read_text(encoding="utf-8"),
                          (folder / "stderr").read_text(encoding="utf-8"), before[name])
            for (name, (folder, bad)), code in zip(made.items(), codes, strict=True)}


def _ids(store: Path) -> set[str]:
    return set(read_layers(store).incidents["incident_id"])


def test_there_are_at_least_sixty_distinct_bad_inputs() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 60


def test_baseline_builds_the_good_article(outcomes) -> None:
    base = outcomes["baseline"]
    assert base.code == 0, base.stderr
    assert base.stderr == ""
    assert len(_ids(base.folder / "out" / "incidents.gpkg")) > 0


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, outcomes) -> None:
    check_case(case, outcomes)


def check_case(case: Case, outcomes: dict[str, Outcome]) -> None:
    """The message, the exit code, what was built and that nothing already there was lost."""
    got = outcomes[case.name]
    assert "Traceback" not in got.stdout + got.stderr
    assert got.code == case.code, got.stderr
    lines = got.stderr.splitlines()
    assert lines, "no message"
    assert all(line.startswith(("geo: warning: ", "geo: error: ")) for line in lines), lines
    # the bad file, folder or option value (not the good article or the geocoder's settings)
    named = [p for p in got.bad if p.startswith("/") and p != str(GOOD)
             and not p.endswith(("geo.toml", "cache.sqlite"))]
    for path in named:
        assert path in got.stderr or os.path.dirname(path) in got.stderr
    for text in case.expect:
        assert text in got.stderr
    out = got.folder / "out"
    if case.command == "build" and case.builds:
        assert _ids(outcomes["baseline"].folder / "out" / "incidents.gpkg") <= _ids(
            out / "incidents.gpkg")
        for name in OUTPUTS:
            assert (out / name).is_file()
        assert "## Problems" in (out / "report.md").read_text(encoding="utf-8")
        if case.keep:
            layers = read_layers(out / "incidents.gpkg")
            held = set(layers.incidents["place_name"]) | set(layers.unresolved["mention"])
            assert set(case.keep) <= held, held
    elif case.command == "build":
        assert not (out / "incidents.geojson").is_file()  # nothing half-built
        assert not (out / "map.png").exists()
    # nothing that was there is lost or changed (a build may update its own outputs)
    after = _snapshot(got.folder)
    for name, data in got.before.items():
        if case.builds and case.command == "build" and name.startswith("out/"):
            continue
        assert after.get(name) == data, f"{name} was changed or lost"


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
