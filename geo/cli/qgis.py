"""`geo qgis`: a QGIS project (.qgz) with the styled store layers and an OSM base map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import StoreOption, chosen_store

SourceArg = Annotated[
    str | None,
    typer.Argument(
        metavar="[SOURCE]",
        show_default=False,
        help=(
            "Store to show: a GeoPackage or a postgresql:// URL (default: --store or "
            "$GEO_STORE); any other incidents file (.geojson, .csv, ...) is first exported to "
            "a GeoPackage beside the project."
        ),
    ),
]
OutputOption = Annotated[
    Path, typer.Option("--output", "-o", help="Project file to write (.qgz, or .qgs).")
]


@app.command("qgis")
def qgis_command(output: OutputOption, source: SourceArg = None,
                 store: StoreOption = None) -> None:
    """Write a QGIS project: styled incidents, places, uncertainty and unresolved layers.

    Layers refer to the GeoPackage by a relative path (keep the two together); the project has
    an OpenStreetMap XYZ base layer (needs internet when viewed), opens on the data's extent,
    and its time range is set so the Temporal Controller animates the incidents.

    With a PostGIS store the layers read the database through QGIS's PostgreSQL provider; the
    project holds no password (QGIS asks libpq: PGPASSWORD, ~/.pgpass, or a prompt), and the
    default styles are also in the database's layer_styles table.

    Example: geo qgis incidents.gpkg -o incidents.qgz
    (or: geo qgis --store postgresql://me@dbhost/incidents -o team.qgz)
    """
    from geo.export.files import export
    from geo.export.qgis_project import write_project
    from geo.store.layers import read_layers
    from geo.store.location import display, is_database

    if output.suffix.lower() not in (".qgz", ".qgs"):
        from geo.errors import UserError

        raise UserError(f"{output}: the project file must end in .qgz or .qgs")
    from geo.errors import check_output_file

    check_output_file(output, "project")
    chosen = chosen_store(source, store, "SOURCE")
    gpkg = chosen
    if not is_database(chosen) and chosen.suffix.lower() == ".gpkg":
        read_layers(chosen)  # a clear error now for a folder, a missing or a foreign file
    if not is_database(chosen) and chosen.suffix.lower() != ".gpkg":
        gpkg = check_output_file(output.with_suffix(".gpkg"), "project's GeoPackage")
        export(read_layers(chosen), gpkg)
        typer.echo(f"wrote {gpkg}")
        chosen = gpkg
    write_project(chosen, output)
    typer.echo(f"wrote {output} (layers from {display(chosen)})")
