"""The `geo` Typer application; command modules attach their commands to it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="geo",
    help=(
        "Map conflict incidents from reports: resolve places, extract dated incidents, "
        "render maps and export GIS layers.\n\n"
        "Example: geo build seeds/ --out out/"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.command()
def version() -> None:
    """Print the installed geo-incidents version."""
    from importlib.metadata import version as dist_version

    typer.echo(dist_version("geo-incidents"))


def _print_version(value: bool) -> None:
    if value:
        version()
        raise typer.Exit()


@app.callback()
def _root(
    show_version: bool = typer.Option(False, "--version", "-V", is_eager=True,
                                      callback=_print_version,
                                      help="Print the installed version and exit"),
) -> None:
    """Map conflict incidents from reports (see the commands below)."""
