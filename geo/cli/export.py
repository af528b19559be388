"""`geo export`: write a store or an incidents file as GeoJSON, CSV, FlatGeobuf or GeoPackage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import StoreOption, chosen_store

SourceArg = Annotated[
    str | None,
    typer.Argument(metavar="[SOURCE]", show_default=False, help=(
        "Store or incidents file: .gpkg, .geojson, .geojsonl, .fgb, .csv or a postgresql:// "
        "URL (default: --store or $GEO_STORE).")),
]
OutputOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help=(
            "File to write; its suffix picks the format: .geojson (RFC 7946), .geojsonl "
            "(one feature per line), .csv (lat/lon; sources as JSON text plus source_urls), "
            ".fgb (FlatGeobuf) or .gpkg (all layers, with QGIS styles)."
        ),
    ),
]


FormatOption = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="acled", help=(
        "Write another layout than ours: 'acled' writes ACLED's 31 export columns in ACLED's "
        "order with its codebook's values (a .csv).")),
]
InterOption = Annotated[
    str,
    typer.Option("--inter", metavar="text|numeric", help=(
        "With --format acled: actor categories (inter1, inter2, interaction) as ACLED's API "
        "labels ('State forces') or its numbers (1).")),
]


@app.command("export")
def export_command(output: OutputOption, source: SourceArg = None,
                   store: StoreOption = None, format: FormatOption = None,
                   inter: InterOption = "text") -> None:
    """Export incidents to GeoJSON, newline-delimited GeoJSON, CSV, FlatGeobuf or GeoPackage.

    The output is written to a temporary file and renamed, so an interrupted export never
    leaves a broken file where a good one was. Only .gpkg keeps places, uncertainty areas and
    unresolved mentions.

    Example: geo export incidents.gpkg -o incidents.geojson
    (or: geo export --store postgresql://me@dbhost/incidents -o incidents.gpkg;
    ACLED's layout: geo export incidents.gpkg -o incidents_acled.csv --format acled)
    """
    from geo.errors import UserError
    from geo.export.files import check_output, export

    if inter not in ("text", "numeric"):
        raise UserError(f"--inter {inter!r}: use text or numeric")
    check_output(output, format or "")  # before reading: a bad output path costs nothing
    from geo.store.layers import read_layers

    layers = read_layers(chosen_store(source, store, "SOURCE"))
    export(layers, output, format=format or "", inter=inter)
    typer.echo(f"wrote {len(layers.incidents)} incidents to {output}")
