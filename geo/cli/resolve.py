"""`geo resolve`: ranked candidates for place names, from the gazetteer and opted-in geocoders."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geo.cli.app import app
from geo.cli.common import (
    GEOCODING,
    ConfigOption,
    GeocoderOption,
    GeocoderUrlOption,
    UserAgentOption,
    open_gazetteer,
    print_json,
    progress_display,
)
from geo.errors import UserError

if TYPE_CHECKING:  # imported where used: `geo --help` stays light
    from geo.resolve.chain import Resolution, ResolveContext, Resolver


def parse_countries(values: list[str] | None) -> tuple[str, ...]:
    out = []
    for value in values or []:
        for code in value.split(","):
            code = code.strip().upper()
            if len(code) != 2 or not code.isalpha():
                raise UserError(f"--country {code!r}: expected an ISO 3166-1 alpha-2 code like IQ")
            out.append(code)
    return tuple(out)


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise UserError(f"--bbox {text!r}: expected minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise UserError(f"--bbox {text!r}: expected minlon < maxlon and minlat < maxlat")
    return west, south, east, north


def build_resolver(
    *, geocoder: list[str] | None = None, geocoder_url: str | None = None,
    user_agent: str | None = None, username: str | None = None, timeout: float | None = None,
    cache: Path | None = None, config: Path | None = None, geonames: bool = True,
    quiet: bool = False,
) -> Resolver:
    """The chain as the options say: the gazetteer, plus geocoders only when opted in."""
    return resolver_factory(geocoder=geocoder, geocoder_url=geocoder_url, user_agent=user_agent,
                            username=username, timeout=timeout, cache=cache, config=config,
                            geonames=geonames, quiet=quiet)()


def resolver_factory(
    *, geocoder: list[str] | None = None, geocoder_url: str | None = None,
    user_agent: str | None = None, username: str | None = None, timeout: float | None = None,
    cache: Path | None = None, config: Path | None = None, geonames: bool = True,
    quiet: bool = False,
) -> Callable[[], Resolver]:
    """The options checked now; the gazetteer loaded when the returned function is called."""
    from geo.resolve.geocoding import load_settings

    settings = load_settings(
        {"geocoders": geocoder or None, "url": geocoder_url, "user_agent": user_agent,
         "username": username, "timeout": timeout, "cache_path": cache},
        config_path=config,
    )
    geocoders = []
    if settings.geocoders:  # geopy is imported only by a run that opted in
        from geo.resolve.geocoding import make_geocoders

        geocoders = make_geocoders(settings)
    from geo.resolve.chain import Resolver

    return lambda: Resolver(open_gazetteer(geonames=geonames, quiet=quiet), geocoders)


def _print_human(res: Resolution) -> None:
    typer.echo(f"{res.query}: {res.status}" + (f" ({res.reason})" if res.reason else ""))
    for i, c in enumerate(res.candidates, 1):
        p = c.place
        where = " ".join(x for x in (p.country, p.admin1) if x)
        typer.echo(
            f"  {i:>2}. {p.name} [{p.id}]  {p.lat:.5f}, {p.lon:.5f}  {p.kind}  {where}\n"
            f"      tier {c.tier}, {c.match} match on {c.matched_name!r}, score {c.score:.0f}"
            f", ±{p.uncertainty_m / 1000:g} km; source: {p.source}"
        )


#: The longest place name geo resolve takes (the longest real ones are under 100).
MAX_NAME = 200


@app.command()
def resolve(
    names: Annotated[list[str], typer.Argument(
        help="Place names; '-' reads one a line from stdin")],
    country: Annotated[list[str] | None, typer.Option(
        "--country", "-c", help="Prefer places in these countries (ISO alpha-2, repeatable)",
    )] = None,
    bbox: Annotated[str | None, typer.Option(
        help="Prefer places inside minlon,minlat,maxlon,maxlat")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Candidates per name")] = 5,
    json_out: Annotated[bool, typer.Option("--json", help="JSON: an array for one name")] = False,
    geonames: Annotated[bool, typer.Option(help="Use the offline GeoNames tier")] = True,
    geocoder: GeocoderOption = None,
    geocoder_url: GeocoderUrlOption = None,
    user_agent: UserAgentOption = None,
    username: Annotated[str | None, typer.Option(
        help="GeoNames web service username", rich_help_panel=GEOCODING)] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds per request", rich_help_panel=GEOCODING)] = None,
    cache: Annotated[Path | None, typer.Option(
        help="Geocoder cache file (SQLite)", rich_help_panel=GEOCODING)] = None,
    config: ConfigOption = None,
) -> None:
    """Ranked candidates for place names, best first, with coordinates, tier, score and source.

    Example: geo resolve "Harab Cir" --json

    Batch: cut -f1 places.tsv | geo resolve - > answers.jsonl  (one JSON line per name).
    Exit code 1 when a name has no candidate. With --json and one name the answer is the array
    of candidates; when an online geocoder failed and there is none, an object with the
    reason ("error") instead, and a warning on stderr.
    """
    batch = names == ["-"]
    queries = [line.strip() for line in sys.stdin] if batch else names
    for n, q in enumerate(queries, 1):
        if len(q) > MAX_NAME:  # not a place name; fuzzy matching it would take minutes
            where = f"stdin line {n}" if batch else f"{q[:30]!r}..."
            raise UserError(f"{where}: a place name of {len(q):,} characters; names are at "
                            f"most {MAX_NAME}")
    queries = [q for q in queries if q] if batch else queries
    for q in queries:
        if not q.strip():
            raise UserError("empty place name: give a name such as \"al-Tanf\"")
    resolver = build_resolver(
        geocoder=geocoder, geocoder_url=geocoder_url, user_agent=user_agent, username=username,
        timeout=timeout, cache=cache, config=config, geonames=geonames,
    )
    from geo.resolve.chain import ResolveContext

    ctx = ResolveContext(countries=parse_countries(country), bbox=parse_bbox(bbox))
    missing = 0
    for res in _resolve_all(resolver, queries, ctx, limit, show_progress=batch):
        missing += not res.candidates
        failed = [f"{g.name}: {why}" for g in resolver.geocoders if (why := g.fault(res.query))]
        if failed and not res.candidates:
            typer.echo(f"geo: warning: {res.query!r}: no answer, the geocoder failed "
                       f"({'; '.join(failed)}); try again later", err=True)
        if json_out and len(queries) == 1 and not batch and failed and not res.candidates:
            print_json({"query": res.query, "status": res.status, "error": "; ".join(failed),
                        "reason": res.reason, "candidates": []})
        elif json_out and len(queries) == 1 and not batch:
            print_json([c.as_dict() | {"status": res.status} for c in res.candidates])
        elif json_out or batch:
            print_json({"query": res.query, "status": res.status, "reason": res.reason,
                        "candidates": [c.as_dict() for c in res.candidates]})
        else:
            _print_human(res)
    if missing:
        raise typer.Exit(1)


def _resolve_all(resolver: Resolver, queries: list[str], ctx: ResolveContext, limit: int,
                 show_progress: bool):
    """Answers in order; a progress bar when several names may go to a geocoder."""
    update, close = progress_display(show_progress and bool(resolver.geocoders)
                                     and len(queries) > 3)
    try:
        for n, q in enumerate(queries, 1):
            yield resolver.resolve(q, ctx, limit=limit)
            if update:
                update("resolve", n, len(queries))
    finally:
        close()
