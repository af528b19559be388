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


@app.command("export")
def export_command(output: OutputOption, source: SourceArg = None,
                   store: StoreOption = None) -> None:
    """Export incidents to GeoJSON, newline-delimited GeoJSON, CSV, FlatGeobuf or GeoPackage.

    The output is written to a temporary file and renamed, so an interrupted export never
    leaves a broken file where a good one was. Only .gpkg keeps places, uncertainty areas and
    unresolved mentions.

    Example: geo export incidents.gpkg -o incidents.geojson
    (or: geo export --store postgresql://me@dbhost/incidents -o incidents.gpkg)
    """
    from geo.export.files import check_output, export
    from geo.store.layers import read_layers

    check_output(output)  # before reading: a bad output path costs nothing
    layers = read_layers(chosen_store(source, store, "SOURCE"))
    export(layers, output)
    typer.echo(f"wrote {len(layers.incidents)} incidents to {output}")
