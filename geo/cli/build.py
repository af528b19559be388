"""`geo build`: the main job, one command from articles to every output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import (
    ActorsOption,
    BBoxOption,
    ConfigOption,
    CorrectionsOption,
    CountriesOption,
    GeocoderOption,
    GeocoderUrlOption,
    QuietOption,
    SchedulerOption,
    ScopeOption,
    UserAgentOption,
    VerboseOption,
    WorkersOption,
    check_quiet_verbose,
    cluster_resolver,
    print_json,
    progress_display,
    scope_from_options,
)
from geo.cli.ingest import parse_date
from geo.cli.resolve import resolver_factory
from geo.cli.text import one_line


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files, tables, or folders")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder")] = Path("out"),
    store: Annotated[str | None, typer.Option(
        metavar="STORE",
        help="Incident store: a .gpkg path or postgresql://user@host:port/db (password from "
             "PGPASSWORD or ~/.pgpass); default $GEO_STORE, else OUT/incidents.gpkg")] = None,
    date_: Annotated[str | None, typer.Option(
        "--date", help="Publication date for articles without a date header")] = None,
    title: Annotated[str | None, typer.Option(help="Title of the maps")] = None,
    cdn: Annotated[bool, typer.Option(
        "--cdn", help="map.html loads Leaflet from a CDN (smaller; needs the network to open)"
    )] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary")] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    scope: ScopeOption = None,
    countries: CountriesOption = None,
    bbox: BBoxOption = None,
    actors: ActorsOption = None,
    geocoder: GeocoderOption = None,
    geocoder_url: GeocoderUrlOption = None,
    user_agent: UserAgentOption = None,
    config: ConfigOption = None,
    corrections: CorrectionsOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Read articles and tables, extract and resolve incidents, and write OUT/incidents.gpkg
    (styled for QGIS), incidents.geojson, incidents.csv, map.html, map.png and report.md.

    Example: geo build seeds/ --out out/
    (on a local Dask cluster of 2 processes: geo build seeds/ --out out/ --workers 2)

    Re-running adds only what new or changed sources bring; sources gone since the last build
    are reported. The analyst's decisions (corrections.csv beside the sources, or
    --corrections) are applied on every build; see geo review. Exit code 1 when some input
    could not be read (the rest is built), or a decision matches no incident.
    """
    from geo.pipeline.build import build as run_build
    from geo.store.location import as_store

    check_quiet_verbose(quiet, verbose)
    run_scope = scope_from_options(scope, countries, bbox, actors)
    # the gazetteer is loaded only when a source is read (not by a build with no change)
    resolver = cluster_resolver(workers, scheduler, geocoder, lambda: resolver_factory(
        geocoder=geocoder, geocoder_url=geocoder_url, user_agent=user_agent, config=config,
        quiet=quiet or json_out))
    update, close = progress_display(not (quiet or json_out))
    try:
        result = run_build(paths, out, store=as_store(store) if store else None,
                           resolver=resolver,
                           default_date=parse_date(date_), title=title, progress=update,
                           scope=run_scope, actors=actors or (), cdn=cdn,
                           corrections=corrections or (), workers=workers,
                           scheduler=scheduler)
    finally:
        close()
    if json_out:
        print_json(result.as_dict())
    elif not quiet:
        s = result.as_dict()
        typer.echo(f"{s['summary']}; {s['places']} places, {s['unresolved']} "
                   f"unresolved mentions in {result.store} ({s['added']} added, "
                   f"{s['updated']} updated, {s['unchanged']} unchanged)")
        typer.echo(f"sources: {len(result.new_files)} new, {len(result.changed_files)} changed, "
                   f"{len(result.unchanged_files)} unchanged, {len(result.reread_files)} re-read, "
                   f"{len(result.removed_files)} removed")
        for source in result.ingest.sources:
            if source.why_nothing:
                typer.echo(f"  no incident from {one_line(source.path)}: "
                           f"{one_line(source.why_nothing)}")
        for note in result.notes:
            typer.echo(f"  note: {one_line(note)}")
        for gone in result.removed_files:
            typer.echo("  gone since the last build (its incidents stay): "
                       + one_line(gone))
        for path in result.outputs:
            typer.echo(f"  {'up to date' if path in result.kept else 'wrote'} {path}")
    if verbose and not json_out:
        for source in result.ingest.sources:
            typer.echo(f"  read {one_line(source.path)}: {source.drafts} incident(s) told, "
                       f"{source.unresolved} not located, {source.problems} problem(s)")
        typer.echo("  seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in result.seconds.items()))
    for problem in result.problems:
        typer.echo(f"geo: warning: {one_line(problem)}", err=True)
    if result.problems:
        raise typer.Exit(1)
