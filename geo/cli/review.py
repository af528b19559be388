"""`geo review`: the review queue of a build, and QGIS edits turned into decisions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import print_json
from geo.cli.text import one_line


def _decisions_file(out: Path, given: Path | None) -> Path:
    """--corrections, else the first decisions file the last build in OUT applied."""
    from geo.errors import UserError

    if given is not None:
        return given
    try:
        used = json.loads((out / "incidents.sources.json").read_text(encoding="utf-8"))
        return Path(used["corrections"][0])
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        raise UserError(f"{out}: the last build there used no decisions file; name one with "
                        "--corrections FILE (e.g. seeds/corrections.csv)") from None


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="A build's output folder (or its .gpkg store)")],
    limit: Annotated[int, typer.Option(help="Show this many entries (0: all)")] = 20,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Include incidents a person already confirmed or changed")] = False,
    import_edits: Annotated[bool, typer.Option(
        "--import", help="Turn edits made in QGIS to OUT/incidents.gpkg into decisions")] = False,
    corrections: Annotated[Path | None, typer.Option(
        help="Decisions file to add imported edits to (default: the one the build used)")] = None,
    built: Annotated[Path | None, typer.Option(
        help="What the build wrote, to compare the edited store with "
             "(default OUT/incidents.geojson)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """List what needs an analyst's eye, most doubtful first: each incident's confidence
    (100 minus the points of each doubt shown), unresolved and ambiguous place names with
    their candidates, each with its source and quote. Decisions go in corrections.csv beside
    the sources (docs/review.md); every build applies them.

    Example: geo review out/ --limit 10

    With --import: edits made in QGIS to out/incidents.gpkg (a moved point, an edited
    field, a deleted feature) are added to the decisions file; run geo build again to apply
    them. Example: geo review out/ --import --corrections seeds/corrections.csv
    """
    from geo.store.layers import read_layers

    folder = out if out.suffix.lower() != ".gpkg" else out.parent
    store = out if out.suffix.lower() == ".gpkg" else out / "incidents.gpkg"
    if import_edits:
        from geo.review.qgis_edits import append_decisions, edits_to_decisions

        target = _decisions_file(folder, corrections)
        edits = edits_to_decisions(read_layers(store),
                                   read_layers(built or folder / "incidents.geojson"),
                                   target.parent)
        added = append_decisions(target, edits.decisions)
        if json_out:
            print_json({"file": str(target), "added": added, "decisions": edits.decisions,
                        "notes": edits.notes})
            return
        typer.echo(f"{added} decision(s) added to {target} "
                   f"({len(edits.decisions) - added} already there); run geo build to apply")
        for note in edits.notes:
            typer.echo(f"  note: {note}")
        return
    from geo.review.queue import review_queue

    entries = review_queue(read_layers(store), include_reviewed=show_all)
    shown = entries[:limit] if limit > 0 else entries
    if json_out:
        print_json({"entries": [e.as_dict() for e in shown], "total": len(entries)})
        return
    if not entries:
        typer.echo("nothing to review")
    for n, e in enumerate(shown, 1):
        if e.kind == "incident":
            what = f"incident {e.incident_id}: {e.event_type or 'type unknown'}, " \
                f"{e.event_date or 'date unknown'}, at {one_line(e.place)!r}" + \
                (f" ({one_line(e.resolved)})" if e.resolved and e.resolved != e.place else "")
        else:
            what = f"place name {one_line(e.place)!r}"
        typer.echo(f"{n:>3}. {e.score:>5.1f}/100  {what}")
        doubts = ", ".join(f"{one_line(d)} -{p:g}" if p else one_line(d) for d, p in e.doubts)
        typer.echo(f"       doubts: {doubts or 'none'}")
        if e.candidates:
            typer.echo("       candidates: " + "; ".join(
                f"{one_line(c.get('name'))} ({c.get('id')}, {c.get('country')}, "
                f"{c.get('tier')}, {c.get('score')})" for c in e.candidates))
        typer.echo(f"       source: {one_line(e.source) or '(none)'}")
        if e.quote:
            typer.echo(f"       quote: \"{one_line(e.quote, 160)}\"")
    if len(shown) < len(entries):
        typer.echo(f"... and {len(entries) - len(shown)} more (--limit 0 shows all)")
