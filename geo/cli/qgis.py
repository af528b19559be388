"""`geo qgis`: a QGIS project (.qgz) with the styled store layers and an OSM base map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app

SourceArg = Annotated[
    Path,
    typer.Argument(
        help=(
            "Store (.gpkg) to show; any other incidents file (.geojson, .csv, ...) is first "
            "exported to a GeoPackage beside the project."
        )
    ),
]
OutputOption = Annotated[
    Path, typer.Option("--output", "-o", help="Project file to write (.qgz, or .qgs).")
]


@app.command("qgis")
def qgis_command(source: SourceArg, output: OutputOption) -> None:
    """Write a QGIS project: styled incidents, places, uncertainty and unresolved layers.

    Layers refer to the GeoPackage by a relative path (keep the two together); the project has
    an OpenStreetMap XYZ base layer (needs internet when viewed), opens on the data's extent,
    and its time range is set so the Temporal Controller animates the incidents.

    Example: geo qgis incidents.gpkg -o incidents.qgz
    """
    from geo.export.files import export
    from geo.export.qgis_project import write_project
    from geo.store.layers import read_layers

    if output.suffix.lower() not in (".qgz", ".qgs"):
        from geo.errors import UserError

        raise UserError(f"{output}: the project file must end in .qgz or .qgs")
    from geo.errors import check_output_file

    check_output_file(output, "project")
    gpkg = source
    if source.suffix.lower() == ".gpkg":
        read_layers(source)  # a clear error now for a folder, a missing or a foreign file
    if source.suffix.lower() != ".gpkg":
        gpkg = check_output_file(output.with_suffix(".gpkg"), "project's GeoPackage")
        export(read_layers(source), gpkg)
        typer.echo(f"wrote {gpkg}")
    write_project(gpkg, output)
    typer.echo(f"wrote {output} (layers from {gpkg})")
