"""`geo ingest`: articles and tables in, a store (or GeoJSON) of dated, located incidents out."""

from __future__ import annotations

import json
from datetime import date
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
from geo.cli.resolve import build_resolver
from geo.cli.text import one_line
from geo.errors import UserError, check_output_file

OUTPUTS = (".gpkg", ".geojson", ".parquet")


def parse_date(text: str | None, option: str = "--date") -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text!r}: expected a date like 2023-10-29") from None


def parse_columns(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    out = {}
    for part in text.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise UserError(f"--columns {text!r}: expected field=Column pairs, e.g. "
                            "event_date=When,place_name=Where")
        out[field.strip()] = column.strip()
    return out


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files, tables, or folders")],
    output: Annotated[str | None, typer.Option(
        "--output", "-o", "--store", metavar="STORE",
        help="Store merged into (.gpkg, or postgresql://user@host:port/db; password from "
             "PGPASSWORD or ~/.pgpass), or a .geojson, or (with --workers/--scheduler) a "
             "GeoParquet dataset folder ending .parquet; default $GEO_STORE")] = None,
    date_: Annotated[str | None, typer.Option(
        "--date", help="Publication date for articles without a date header (YYYY-MM-DD)")] = None,
    columns: Annotated[str | None, typer.Option(
        help="Table columns, e.g. event_date=When,place_name=Where")] = None,
    country: Annotated[str | None, typer.Option(
        help="Country of table rows that name none (ISO alpha-2 or name)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
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
    """Read articles and incident tables, extract dated incidents, resolve their places, merge
    the sources of one event, and write them with the unresolved mentions.

    Example: geo ingest seeds/ examples/incidents.csv -o incidents.gpkg
    (a team store: geo ingest reports/ --store postgresql://me@dbhost/incidents;
    on a Dask cluster, into a GeoParquet dataset:
    geo ingest reports/ -o incidents.parquet --scheduler tcp://10.0.0.5:8786)

    Re-running over the same files adds nothing twice; analysts may ingest into one database
    store at the same time. Exit code 1 when some input could not be
    read (the rest is still ingested and written).
    """
    from geo.pipeline.ingest import ingest_paths
    from geo.store.location import STORE_VARIABLE, as_store, display, is_database, store_from_env

    check_quiet_verbose(quiet, verbose)
    output = output or store_from_env()
    if output is None:
        raise UserError(f"no store given: pass -o/--store or set {STORE_VARIABLE}")
    output = as_store(output)
    if not is_database(output) and output.suffix.lower() not in OUTPUTS:
        raise UserError(f"{output}: write a .gpkg store, a postgresql:// store or a .geojson "
                        "file")
    from geo.pipeline.discover import check_something_to_read

    dataset = not is_database(output) and output.suffix.lower() == ".parquet"
    if dataset and workers is None and scheduler is None:
        raise UserError(f"{output}: a GeoParquet dataset is written by Dask workers; add "
                        "--workers N or --scheduler ADDRESS (or write a .gpkg)")
    if dataset:
        from geo.pipeline.dataset import check_dataset_path

        check_dataset_path(output)
        check_something_to_read(paths)
    elif not is_database(output):
        suffix = output.suffix.lower()
        check_output_file(output, "store" if suffix == ".gpkg" else "output")
        check_something_to_read(paths)
        if suffix == ".gpkg" and output.exists():
            from geo.store.layers import read_layers

            read_layers(output)  # a broken or foreign store: an error before the long read
    else:
        check_something_to_read(paths)
    run_scope = scope_from_options(scope, countries, bbox, actors)
    resolver = cluster_resolver(workers, scheduler, geocoder, lambda: build_resolver(
        geocoder=geocoder, geocoder_url=geocoder_url, user_agent=user_agent, config=config,
        quiet=quiet or json_out))
    from geo.pipeline.ingest import default_resolver
    from geo.review.load import load_review, stale_problems

    review = load_review(paths, corrections or (),
                         lambda pid: (resolver or default_resolver()).gazetteer.get(pid))
    update, close = progress_display(not (quiet or json_out))
    options = {"default_date": parse_date(date_), "columns": parse_columns(columns),
               "default_country": country or "", "scope": run_scope, "actors": actors or (),
               "progress": (lambda done, total, _name: update("read", done, total))
               if update else None, "stages": update}
    try:
        if dataset:
            from geo.pipeline.distributed import ingest_dataset

            wrote = ingest_dataset(paths, output, workers=workers, scheduler=scheduler,
                                   review=review, **options)
        else:
            report = ingest_paths(paths, resolver=resolver, workers=workers,
                                  scheduler=scheduler, review=review, **options)
    finally:
        close()
    if dataset:
        summary = wrote.as_dict() | {"output": str(output),
                                     "store": f"{wrote.incidents} incidents in "
                                              f"{wrote.partitions} GeoParquet partition(s)"}
        report = wrote.report
        written = write_unresolved(report.layers, output)
        summary["store"] += f"; {written}"
        if review is not None:
            report.problems += stale_problems(review)
    else:
        written, stored = write_output(report.layers, output, review)
        if review is not None:
            report.problems += stale_problems(review)
        summary = report.as_dict() | {"output": display(output), "store": written}
        if stored is not None:  # the counts said are the store's, as a reader will see it
            summary |= store_counts(stored)
    if json_out:
        print_json(summary)
    elif not quiet:
        print_summary(summary)
    if verbose and not json_out:
        for source in report.sources:
            typer.echo(f"  read {source.path}: {source.drafts} incident(s) told, "
                       f"{source.unresolved} not located, {source.problems} problem(s)")
    if not json_out:
        for problem in report.problems:
            typer.echo(f"geo: warning: {one_line(problem)}", err=True)
    if report.problems:
        raise typer.Exit(1)


def store_counts(incidents) -> dict:
    """The summary's counts of the incidents a store holds."""
    from geo.incidents.counts import Counts, summary

    counts = Counts.of(incidents)
    return {**counts.as_dict(), "summary": summary(counts),
            "by_type": {t.event_type: t.incidents for t in counts.types}}


def write_output(layers, output: Path | str, review=None) -> tuple[str, object]:
    """Merge into a .gpkg or database store, or write a .geojson (and its unresolved mentions
    beside it); what was done, and the incidents written (None when not read back)."""
    from geo.store.location import is_database

    if is_database(output) or output.suffix.lower() == ".gpkg":
        from geo.store.update import update_store

        update = update_store(output, layers, review=review)
        return str(update), update.layers.incidents if update.layers is not None else None
    from geo.export.files import export

    export(layers, output)
    return (f"{len(layers.incidents)} incidents written; {write_unresolved(layers, output)}",
            layers.incidents)


def write_unresolved(layers, output: Path) -> str:
    """The unresolved mentions beside a file or dataset that cannot hold them."""
    from gazetteer.atomic import write_text

    side = output.with_suffix(".unresolved.json")
    records = layers.unresolved.astype(object).where(layers.unresolved.notna(), None)
    rows = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in records.to_dict("records")]
    write_text(side, json.dumps(rows, ensure_ascii=False, indent=1))
    return f"unresolved mentions in {side.name}"


def print_summary(summary: dict) -> None:
    typer.echo(f"{summary['summary']}; "
               f"{summary['places']} places, {summary['unresolved']} unresolved mentions "
               f"from {len(summary['sources'])} source file(s)")
    for kind, count in summary["by_type"].items():
        typer.echo(f"  {count:>5}  {kind}")
    for item in summary["unresolved_mentions"]:
        names = ", ".join(f"{c['name']} ({c['country']})" for c in item["candidates"])
        typer.echo(f"  unresolved: {item['mention']!r}: {item['reason']}"
                   + (f"; candidates: {names}" if names else ""))
    for source in summary["sources"]:
        if source.get("why_nothing"):
            typer.echo(f"  no incident from {one_line(source['path'])}: "
                       f"{one_line(source['why_nothing'])}")
    if summary["skipped"]:
        typer.echo(f"  skipped {len(summary['skipped'])} file(s) of other types")
    for note in summary.get("notes", ()):
        typer.echo(f"  note: {one_line(note)}")
    typer.echo(f"{summary['output']}: {summary['store']}")
