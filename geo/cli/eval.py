"""`geo eval GOLD PRED`: precision, recall and F1 of extracted incidents against a gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geo.cli.app import app
from geo.cli.common import print_json


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(
        help="Gold file (JSON, as tests/gold/seeds.json), or a corpus folder")],
    pred: Annotated[Path | None, typer.Argument(
        help="Predicted incidents: .gpkg, .geojson or .csv (not with a corpus folder)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON")] = False,
) -> None:
    """Score predicted incidents against a gold file (place within 25 km, date within its
    precision, a compatible type; a prediction without a point or a date never matches).

    Example: geo ingest seeds/ -o out.gpkg && geo eval tests/gold/seeds.json out.gpkg

    Given a corpus folder (one folder per conflict, each with articles and a gold.json), every
    report is ingested and scored on its own, per conflict: geo eval tests/corpus/test
    """
    from geo.errors import UserError

    try:
        _score(gold, pred, json_out)
    except RecursionError:
        raise UserError(f"{gold}: JSON nested too deeply to read") from None


def _score(gold: Path, pred: Path | None, json_out: bool) -> None:
    from geo.errors import UserError
    from geo.pipeline.evaluate import evaluate, score_corpus

    if gold.is_dir():
        if pred is not None:
            raise UserError(f"{gold}: a corpus folder is scored alone; give no PRED")
        if next(gold.rglob("gold.json"), None) is None:  # before the gazetteer is loaded
            raise UserError(f"{gold}: no gold.json in it or in its folders")
        scores = score_corpus(gold)
        if not scores:
            raise UserError(f"{gold}: no gold.json in it or in its folders")
        if json_out:
            print_json({name: s.as_dict() for name, s in scores.items()})
            return
        for name, s in scores.items():
            typer.echo(f"{name:28s} precision {s.precision:.3f}  recall {s.recall:.3f}  "
                       f"F1 {s.f1:.3f}  ({s.matched} of {s.gold} gold, {s.predicted} predicted)")
        matched = sum(s.matched for s in scores.values())
        p = matched / max(1, sum(s.predicted for s in scores.values()))
        r = matched / max(1, sum(s.gold for s in scores.values()))
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        typer.echo(f"{'all':28s} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
        return
    if pred is None:
        raise UserError(f"{gold}: give the predicted incidents to score (PRED)")
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
