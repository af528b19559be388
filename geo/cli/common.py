"""Helpers shared by the command modules: loading the gazetteer with progress, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

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
STAGE_LABELS = {"read": "Reading sources", "write": "Writing outputs", "resolve": "Resolving",
                "index": "Building the GeoNames index (once)"}


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
    """Load the gazetteer; while the GeoNames index is first built, show progress on stderr."""
    update, close = progress_display(not quiet)
    try:
        return Gazetteer.load(
            geonames=geonames,
            progress=(lambda done, total: update("index", done, total)) if update else None,
        )
    finally:
        close()


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
