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
