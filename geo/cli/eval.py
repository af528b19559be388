"""`geo eval GOLD PRED`: precision, recall and F1 of extracted incidents against a gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import print_json


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON, as tests/gold/seeds.json)")],
    pred: Annotated[Path, typer.Argument(help="Predicted incidents: .gpkg, .geojson or .csv")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON")] = False,
) -> None:
    """Score predicted incidents against a gold file (place within 25 km, date within its
    precision, type match).

    Example: geo ingest seeds/ -o out.gpkg && geo eval tests/gold/seeds.json out.gpkg
    """
    from geo.pipeline.evaluate import evaluate

    score = evaluate(gold, pred)
    if json_out:
        print_json(score.as_dict())
        return
    typer.echo(f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
               f"({score.matched} matched of {score.gold} gold, {score.predicted} predicted; "
               f"status agrees on {score.status_agree})")
    for label in score.missed:
        typer.echo(f"  missed:   {label}")
    for label in score.spurious:
        typer.echo(f"  spurious: {label}")
    typer.echo(f"aggregates: {score.aggregates_gold} in gold, {score.aggregates_predicted} "
               "predicted (not scored)")
