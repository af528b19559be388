"""`geo gazetteer search|show|validate|import-geonames`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import open_gazetteer, print_json
from geo.cli.resolve import MAX_NAME, parse_countries
from geo.errors import UserError

gazetteer_app = typer.Typer(
    help="Inspect, check and extend the local gazetteer.\n\nExample: geo gazetteer search Tanf",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command()
def search(
    name: str,
    country: Annotated[list[str] | None, typer.Option("--country", "-c")] = None,
    kind: Annotated[str | None, typer.Option(help="Only places of this kind")] = None,
    tier: Annotated[str | None, typer.Option(help="Only this tier: curated or geonames")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 20,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Gazetteer entries matching NAME (exact and fuzzy), without choosing one.

    Example: geo gazetteer search "Ayn al-Asad" --kind airbase
    """
    if not name.strip():
        raise UserError("empty place name")
    if len(name) > MAX_NAME:
        raise UserError(f"{name[:30]!r}...: a place name of {len(name):,} characters; names "
                        f"are at most {MAX_NAME}")
    gaz = open_gazetteer(geonames=tier != "curated")
    found = gaz.search(name, country=parse_countries(country) or None, limit=limit * 3)
    found = [c for c in found if (not kind or c.place.kind == kind)
             and (not tier or c.tier == tier)][:limit]
    if json_out:
        print_json([c.as_dict() for c in found])
        return
    for c in found:
        p = c.place
        typer.echo(f"{c.score:5.1f}  {c.tier:<8} {c.match:<6} {p.id:<36} {p.name} "
                   f"({p.kind}, {p.country}) {p.lat:.5f},{p.lon:.5f}")
    if not found:
        raise typer.Exit(1)


@gazetteer_app.command()
def show(place_id: str) -> None:
    """The full record of one place, as JSON.

    Example: geo gazetteer show sy-al-tanf-garrison
    """
    place = open_gazetteer(geonames=place_id.startswith("geonames-")).get(place_id)
    if place is None:
        raise UserError(f"no place with id {place_id!r} (find ids with: geo gazetteer search NAME)")
    typer.echo(json.dumps(place.as_dict(), ensure_ascii=False, indent=2))


@gazetteer_app.command()
def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="Curated CSV files")] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors")] = False,
) -> None:
    """Check the curated files: fields, unique ids, points inside their country (Natural Earth
    polygons), names shared by several places.

    Example: geo gazetteer validate gazetteer/data/places.csv
    """
    from gazetteer.validate import validate as run

    report = run(files or None)
    for finding in report.findings:
        typer.echo(str(finding), err=True)
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    typer.echo(f"{report.places} places in {len(report.files)} file(s): "
               f"{errors} error(s), {warnings} warning(s)")
    if errors or (strict and warnings):
        raise typer.Exit(1)


@gazetteer_app.command("import-geonames")
def import_geonames(
    files: Annotated[list[Path], typer.Argument(
        help="allCountries.txt / CC.txt dumps and alternateNamesV2.txt files")],
) -> None:
    """Add GeoNames dump files to the offline GeoNames tier (kept in the user data folder).

    Example: geo gazetteer import-geonames IQ.txt SY.txt alternateNamesV2.txt
    """
    from gazetteer.geonames_import import import_files

    report = import_files(files)
    typer.echo(
        f"imported {report.places} places and {report.alternate_names} alternate names "
        f"({report.skipped_features} features of other kinds skipped, {report.unknown_ids} "
        f"alternate-name ids not among imported places); {report.total_imported} in all. "
        "The index is rebuilt on the next look-up."
    )
