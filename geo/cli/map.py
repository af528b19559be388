"""`geo map`: draw incidents as an interactive HTML map or a static PNG/SVG/PDF map."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geo.cli.app import app
from geo.cli.common import StoreOption, chosen_store
from geo.cli.text import one_line
from geo.errors import UserError, check_output_file
from geo.incidents.schema import EVENT_TYPES, IncidentSet

if TYPE_CHECKING:
    from maps.static.filter import Selection

STATIC_SUFFIXES = (".png", ".svg", ".pdf")
OUTPUT_SUFFIXES = (".html", *STATIC_SUFFIXES)
STORE_SUFFIXES = (".gpkg", ".geojson", ".json", ".geojsonl", ".geojsons", ".fgb", ".csv",
                  ".parquet")


@app.command(
    name="map",
    epilog=(
        "Examples:\n\n"
        "  geo map incidents.gpkg -o map.html\n\n"
        "  geo map incidents.gpkg -o brief.png --title 'Attacks on US forces'"
        " --from 2024-01-01 --to 2024-01-31\n\n"
        "  geo map incidents.gpkg -o weeks.pdf --facet week --types 'drone attack,rocket attack'"
    ),
)
def map_command(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Map file: .html (interactive) or .png, .svg, .pdf (static)."
        ),
    ],
    input_path: Annotated[
        str | None,
        typer.Argument(
            metavar="[INPUT]",
            show_default=False,
            help="Incidents: a store or export (.gpkg, .geojson, .csv, a postgresql:// URL) or"
            " articles (folder/file); default: --store or $GEO_STORE.",
        ),
    ] = None,
    store: StoreOption = None,
    title: Annotated[str | None, typer.Option("--title", help="Map title.")] = None,
    dpi: Annotated[
        int | None, typer.Option("--dpi", help="Static maps: resolution (default 150).")
    ] = None,
    size: Annotated[
        str | None,
        typer.Option(
            "--size", metavar="WxH", help="Static maps: size in inches, e.g. 10x8 (default)."
        ),
    ] = None,
    types: Annotated[
        str | None,
        typer.Option("--types", help=f"Comma list of event types ({', '.join(EVENT_TYPES)})."),
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM-DD", help="Only incidents on or after this day."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM-DD", help="Only incidents on or before this day."),
    ] = None,
    facet: Annotated[
        str | None,
        typer.Option(
            "--facet", metavar="week|month", help="Static maps: one panel per week or month."
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        typer.Option(
            "--bbox",
            metavar="MINLON,MINLAT,MAXLON,MAXLAT",
            help="Only this lon/lat box (a static map shows exactly this area).",
        ),
    ] = None,
    tiles: Annotated[
        bool,
        typer.Option(
            "--tiles",
            help="Static maps: web tiles under the map (needs network and contextily);"
            " falls back to the offline basemap with a warning.",
        ),
    ] = False,
    crs: Annotated[
        str | None,
        typer.Option(
            "--crs", help="Static maps: projection, e.g. EPSG:4326 (default: fitted to the data)."
        ),
    ] = None,
    cdn: Annotated[
        bool,
        typer.Option(
            "--cdn",
            help="HTML maps: load Leaflet from a CDN (with integrity hashes) for a smaller"
            " file; by default the page carries it and opens with no network.",
        ),
    ] = False,
) -> None:
    """Draw incidents on a map: interactive HTML, or a static PNG, SVG or PDF for briefs.

    HTML maps open offline: Leaflet, the layers and a Natural Earth basemap are in the file
    (online tiles are optional layers). Static maps are drawn offline on Natural Earth borders,
    in a projection fitted to the data, with a legend with counts, the date range, a scale bar,
    a north arrow and the sources.
    """
    suffix = output.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise UserError(
            f"{output}: unknown map format '{output.suffix}'; use one of"
            f" {', '.join(OUTPUT_SUFFIXES)}"
        )
    options = MapOptions.parse(types, date_from, date_to, bbox, size)
    if suffix == ".html":
        static_only = {
            "--dpi": dpi,
            "--size": size,
            "--facet": facet,
            "--crs": crs,
            "--tiles": tiles or None,
        }
        given = [name for name, value in static_only.items() if value is not None]
        if given:
            raise UserError(
                f"{', '.join(given)}: only for static maps (.png, .svg, .pdf), not {output}"
            )
    elif cdn:
        raise UserError(f"--cdn: only for HTML maps, not {output}")
    check_output_file(output, "map")
    layers = read_input(chosen_store(input_path, store))
    output.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        written = draw_html(layers, output, title, options, cdn=cdn)
    else:
        written = draw_static(
            layers,
            output,
            options,
            title=title,
            dpi=dpi or 150,
            facet=facet,
            tiles=tiles,
            crs=crs,
        )
    shown = len(layers.incidents)
    typer.echo(f"wrote {written} ({shown} incident{'s' if shown != 1 else ''} read)")


@dataclass(frozen=True)
class MapOptions:
    """The selection options, parsed and checked once for either kind of map."""

    selection: Selection
    size: tuple[float, float] | None

    @classmethod
    def parse(
        cls,
        types: str | None,
        date_from: str | None,
        date_to: str | None,
        bbox: str | None,
        size: str | None,
    ) -> MapOptions:
        from maps.static.filter import MapOptionError, Selection

        try:
            selection = Selection.checked(
                types=_types(types),
                date_from=_iso_date(date_from, "--from"),
                date_to=_iso_date(date_to, "--to"),
                bbox=_bbox(bbox),
            )
        except MapOptionError as exc:
            raise UserError(_as_flag_message(str(exc))) from None
        return cls(selection, _size(size))


def read_input(path: Path | str) -> IncidentSet:
    """Read a store/export with geo.store.layers (a PostGIS store too), or ingest articles (a
    folder or another file)."""
    from geo.pipeline.discover import discover, unreadable
    from geo.store.location import is_database

    if is_database(path):
        from geo.store.layers import read_layers

        return read_layers(path)
    path = Path(path)
    why = unreadable(path)
    if why == "does not exist":
        raise UserError(f"{path}: no such file or folder")
    if why is not None:
        raise UserError(f"{path}: {why.removesuffix('; skipped')}")
    if path.suffix.lower() in STORE_SUFFIXES:
        from geo.store.layers import read_layers

        return read_layers(path)  # a folder named like a store is an error there
    from geo.pipeline.ingest import ingest_paths

    if not discover([path])[0]:
        raise UserError(f"{path}: holds no article (.txt, .md), table (.csv, .json) or store "
                        "to map")
    report = ingest_paths([path])
    for problem in report.problems:
        typer.echo(f"geo: warning: {one_line(problem)}", err=True)
    return report.layers


def draw_html(
    layers: IncidentSet, output: Path, title: str | None, options: MapOptions, cdn: bool = False
) -> Path:
    from maps.html.page import render_html

    incidents = options.selection.apply(layers.incidents)
    places = layers.places if len(layers.places) else None
    return Path(render_html(incidents, output, places=places, title=title, cdn=cdn))


def draw_static(
    layers: IncidentSet,
    output: Path,
    options: MapOptions,
    *,
    title: str | None,
    dpi: int,
    facet: str | None,
    tiles: bool,
    crs: str | None,
) -> Path:
    import pyproj

    from maps.static.filter import MapOptionError
    from maps.static.render import render_static

    sel = options.selection
    if crs is not None:
        try:
            pyproj.CRS.from_user_input(crs)
        except pyproj.exceptions.CRSError:
            raise UserError(
                f"--crs {crs!r} is not a known CRS; try EPSG:4326 or EPSG:32638"
            ) from None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            written = render_static(
                layers.incidents,
                output,
                layers.places if len(layers.places) else None,
                title=title,
                dpi=dpi,
                size=options.size or (10.0, 8.0),
                types=sel.types,
                date_from=sel.date_from,
                date_to=sel.date_to,
                facet=facet,
                bbox=sel.bbox,
                tiles=tiles,
                crs=crs,
            )
    except MapOptionError as exc:
        raise UserError(_as_flag_message(str(exc))) from None
    for warning in caught:
        typer.echo(f"geo: warning: {one_line(warning.message)}", err=True)
    return written


def _types(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return text.split(",")


def _iso_date(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{flag} {text!r} is not an ISO date; write it as YYYY-MM-DD") from None


def _bbox(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        values = [float(part) for part in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4:
        raise UserError(
            f"--bbox {text!r} is not four numbers; write minlon,minlat,maxlon,maxlat"
            " e.g. 38,32,45,37.5"
        )
    return values


def _size(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (float(p) for p in parts)
    except ValueError:
        raise UserError(f"--size {text!r} is not WxH in inches; write it like 10x8") from None
    if not (2 <= width <= 60 and 2 <= height <= 60):
        raise UserError(f"--size {text!r}: each side must be 2 to 60 inches")
    return (width, height)


def _as_flag_message(message: str) -> str:
    """Name the CLI flags instead of the library's parameter names."""
    for name, flag in (("date_from", "--from"), ("date_to", "--to"), ("bbox", "--bbox")):
        message = message.replace(name, flag)
    return message
