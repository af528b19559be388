"""Helpers shared by the command modules: loading the gazetteer with progress, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # imported where used: `geo --help` stays light
    from gazetteer.index import Gazetteer

GEOCODING = "Online geocoding (off unless --geocoder is given)"

# The options that opt a run in to online geocoding, shared by resolve, ingest and build.
GeocoderOption = Annotated[list[str] | None, typer.Option(
    help="Opt in to an online geocoder: nominatim, photon, geonames (repeatable)",
    rich_help_panel=GEOCODING)]
GeocoderUrlOption = Annotated[str | None, typer.Option(
    help="Base URL of a self-hosted service", rich_help_panel=GEOCODING)]
UserAgentOption = Annotated[str | None, typer.Option(
    help="Identifying user agent (required by Nominatim)", rich_help_panel=GEOCODING)]
ConfigOption = Annotated[Path | None, typer.Option(
    help="Config file (TOML)", rich_help_panel=GEOCODING)]

SCOPE = "Scope (every violent event anywhere unless narrowed)"
ScopeOption = Annotated[str | None, typer.Option(
    "--scope", help="A named scope, e.g. us-forces-iraq-syria, ukraine, sudan "
    "(geo/data/scopes.json)",
    rich_help_panel=SCOPE)]
CountriesOption = Annotated[str | None, typer.Option(
    "--countries", help="Keep events in these countries only (ISO alpha-2, comma-separated)",
    rich_help_panel=SCOPE)]
BBoxOption = Annotated[str | None, typer.Option(
    "--bbox", help="Keep events in this box only: min_lon,min_lat,max_lon,max_lat",
    rich_help_panel=SCOPE)]
ActorsOption = Annotated[list[Path] | None, typer.Option(
    "--actors", help="Your own actors file (shape of geo/data/actors/sudan.json): its actors are "
    "recognized, and only events involving one of them are kept (repeatable)",
    rich_help_panel=SCOPE)]

CLUSTER = "Dask (one process unless given; docs/cluster.md)"
WorkersOption = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Run on a local Dask cluster of N worker processes",
    rich_help_panel=CLUSTER)]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", metavar="ADDRESS",
    help="Run on a running Dask cluster, e.g. tcp://10.0.0.5:8786 (inputs and outputs on "
         "storage every worker reads)", rich_help_panel=CLUSTER)]


def cluster_resolver(workers: int | None, scheduler: str | None, geocoder: list[str] | None,
                     make):
    """The resolver of a one-process run (``make()``); None when Dask workers resolve, each
    with its own gazetteer (online geocoders keep to one process: their rate limits are per
    client)."""
    if workers is None and scheduler is None:
        return make()
    if geocoder:
        from geo.errors import UserError

        raise UserError("--geocoder runs in one process (the services' rate limits are per "
                        "client): drop --workers/--scheduler or --geocoder")
    import logging

    # the connections' noise as the cluster is left after an error ("Future exception was
    # never retrieved ... TimeoutError") is no message for the user: one line says what failed
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    return None


def scope_from_options(scope: str | None, countries: str | None, bbox: str | None,
                       actors: list[Path] | None):
    """The run's Scope from the CLI's scope options."""
    from geo.extract.actors import user_entries
    from geo.extract.scope import make_scope

    names = frozenset(e["name"] for e in user_entries(*(actors or [])))
    return make_scope(scope or "", countries or "", bbox or "", names)
CorrectionsOption = Annotated[list[Path] | None, typer.Option(
    "--corrections", help="An analyst's decisions file to apply (repeatable); every "
    "corrections.csv in the folders read is applied too (docs/review.md)")]

STORE_HELP = ("Store: a GeoPackage (.gpkg) or a shared PostGIS database, "
              "postgresql://user@host:port/db (password from PGPASSWORD or ~/.pgpass); "
              "default: $GEO_STORE")
StoreOption = Annotated[str | None, typer.Option("--store", metavar="STORE", help=STORE_HELP)]


def chosen_store(given: str | Path | None, store: str | None, what: str = "INPUT"):
    """The store a command reads: its argument, else --store, else $GEO_STORE (a URL stays a
    string; a path becomes a Path)."""
    from geo.errors import UserError
    from geo.store.location import STORE_VARIABLE, as_store, store_from_env

    if given is not None and store is not None:
        raise UserError(f"give {what} or --store, not both")
    chosen = given if given is not None else store if store is not None else store_from_env()
    if chosen is None:
        raise UserError(f"no store given: pass {what} or --store, or set {STORE_VARIABLE}")
    return as_store(chosen)


Stages = Callable[[str, int, int], None]
STAGE_LABELS = {"read": "Reading sources", "locate": "Placing incidents",
                "merge": "Merging the tellings of each event", "store": "Updating the store",
                "write": "Writing outputs", "resolve": "Resolving",
                "index": "Building the GeoNames index (once)"}

# The same words mean the same in every command.
QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Print nothing but warnings and errors (no progress, no summary)")]
VerboseOption = Annotated[bool, typer.Option(
    "--verbose", "-v", help="Also print each source read and the seconds each stage took")]


def check_quiet_verbose(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        from geo.errors import UserError

        raise UserError("--quiet and --verbose: choose one")


def progress_display(enabled: bool = True) -> tuple[Stages | None, Callable[[], None]]:
    """(update(stage, done, total), close): bars on stderr when it is a terminal, else nothing."""
    if not enabled or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    bar.start()
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(STAGE_LABELS.get(stage, stage), total=total or None)
        bar.update(tasks[stage], completed=done, total=total or None)

    return update, bar.stop


def open_gazetteer(geonames: bool = True, quiet: bool = False) -> Gazetteer:
    """Load the gazetteer. The first time, the GeoNames index is built (a minute or two): say
    so on stderr before it starts, show its progress (a bar on a terminal, else a line every
    tenth), and say where it is kept when done."""
    import time

    from gazetteer.geonames import tier_cache_path
    from gazetteer.index import Gazetteer

    cache = tier_cache_path() if geonames else None
    if quiet or cache is None or cache.exists():
        return Gazetteer.load(geonames=geonames)
    print("geo: building the GeoNames place index (once; a minute or two, then read from "
          f"{cache.parent})", file=sys.stderr, flush=True)
    update, close = progress_display(True)
    start = time.perf_counter()
    try:
        gazetteer = Gazetteer.load(geonames=True, progress=(
            (lambda done, total: update("index", done, total)) if update else _tenths()))
    finally:
        close()
    print(f"geo: GeoNames index built in {time.perf_counter() - start:.0f} s: {cache}",
          file=sys.stderr, flush=True)
    return gazetteer


def _tenths() -> Callable[[int, int], None]:
    """Progress as a plain line on stderr at each tenth done (a log, a pipe, CI)."""
    shown = [0]

    def update(done: int, total: int) -> None:
        tenth = done * 10 // total if total else 0
        if tenth > shown[0]:
            shown[0] = tenth
            print(f"geo: GeoNames index: {done:,} of {total:,} places indexed",
                  file=sys.stderr, flush=True)

    return update


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
