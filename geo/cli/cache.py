"""`geo cache stats|clear|export`: look after the geocoder answer cache (never sends requests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from geo.cli.app import app
from geo.errors import UserError
from geo.resolve.geocoding.settings import KNOWN_GEOCODERS, load_settings

if TYPE_CHECKING:  # imported where used: `geo --help` stays light
    from geo.resolve.geocoding.cache import GeocodeCache

cache_app = typer.Typer(
    name="cache",
    help=(
        "Inspect, export or clear the cache of online geocoder answers (SQLite). The cache is "
        "--cache, else GEO_CACHE, else cache_path in the config file, else the user cache "
        "directory.\n\nExample: geo cache stats"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app, name="cache")

CacheOption = typer.Option(None, "--cache", help="Cache file (default: see `geo cache --help`).")
ConfigOption = typer.Option(None, "--config", help="TOML config file with a [geocoding] table.")
OutOption = typer.Option(..., "-o", "--out", help="Output file: .jsonl or .csv.")


def _open(path: Path) -> GeocodeCache:
    from geo.resolve.geocoding.cache import GeocodeCache

    return GeocodeCache(path)


def cache_path(cache: Path | None, config: Path | None) -> Path:
    """The cache file the options, environment and config file point to."""
    settings = load_settings({"cache_path": cache, "offline_cache_only": True},
                             config_path=config)
    return settings.resolved_cache_path


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


@cache_app.command("stats")
def stats(
    cache: Path | None = CacheOption,
    config: Path | None = ConfigOption,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Entries per geocoder, how many are negative (no result), the file size and path.

    Example: geo cache stats --json
    """
    path = cache_path(cache, config)
    if path.exists():
        with _open(path) as db:
            figures = db.stats()
        entries, negatives, size = figures.entries, figures.negatives, figures.size_bytes
    else:
        entries, negatives, size = {}, {}, 0
    if as_json:
        typer.echo(json.dumps({"path": str(path), "exists": path.exists(), "size_bytes": size,
                               "entries": entries, "negatives": negatives}, sort_keys=True))
        return
    typer.echo(f"cache: {path} ({_human_size(size) if path.exists() else 'not created yet'})")
    typer.echo(f"{'geocoder':<12}{'entries':>9}{'negatives':>11}")
    for name in sorted(entries):
        typer.echo(f"{name:<12}{entries[name]:>9}{negatives[name]:>11}")
    typer.echo(f"{'total':<12}{sum(entries.values()):>9}{sum(negatives.values()):>11}")


@cache_app.command("clear")
def clear(
    geocoder: str | None = typer.Option(None, "--geocoder", help="Only this geocoder's answers."),
    older_than: float | None = typer.Option(
        None, "--older-than", min=0, help="Only answers older than this many days."
    ),
    cache: Path | None = CacheOption,
    config: Path | None = ConfigOption,
) -> None:
    """Delete cached answers: all, or those of one geocoder and/or older than some days.

    Example: geo cache clear --geocoder nominatim --older-than 30
    """
    if geocoder is not None and geocoder.casefold() not in KNOWN_GEOCODERS:
        raise UserError(
            f"--geocoder {geocoder!r} is not a geocoder; choose from {', '.join(KNOWN_GEOCODERS)}"
        )
    path = cache_path(cache, config)
    if not path.exists():
        typer.echo(f"no cache at {path}; nothing to clear")
        return
    with _open(path) as db:
        deleted = db.clear(geocoder.casefold() if geocoder else None, older_than)
    typer.echo(f"deleted {deleted} cached answer(s) from {path}")


@cache_app.command("export")
def export(
    out: Path = OutOption,
    cache: Path | None = CacheOption,
    config: Path | None = ConfigOption,
) -> None:
    """Write every cached answer (geocoder, URL, query, parameters, time, raw JSON) to a file.

    Example: geo cache export -o geocache.jsonl
    """
    if out.suffix.casefold() not in (".jsonl", ".csv"):
        raise UserError(f"{out}: export format must be .jsonl or .csv (by the file name)")
    path = cache_path(cache, config)
    if not path.exists():
        raise UserError(f"{path}: no geocoder cache yet; nothing to export")
    with _open(path) as db:
        count = db.export(out)
    typer.echo(f"exported {count} cached answer(s) to {out}")
