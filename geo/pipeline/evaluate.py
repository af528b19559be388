"""Score predicted incidents against a gold file: precision, recall and F1.

A prediction matches a gold incident when its type is compatible with one the gold allows (the
same type or ACLED sub-event type), the place lies within 25 km (or the gold's ``within_km`` for
region- and country-level items), and the dates agree within the gold's time precision. A
prediction without a point or a date matches nothing: it counts as a false positive. Pairs are
matched one to one, as many as possible. Aggregates are left out of the score and counted apart.

:func:`score_corpus` scores a corpus folder (one sub-folder per conflict, each with articles
and a ``gold.json``) report by report, as the held-out sets are scored.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gazetteer.geodesy import distance_km
from geo.errors import UserError
from geo.extract.scope import EVERYTHING
from geo.incidents.schema import TIME_WINDOW_DAYS, compatible_types

PLACE_KM = 25.0


@dataclass
class Item:
    label: str
    event_types: tuple[str, ...]
    lat: float | None
    lon: float | None
    start: date | None
    end: date | None
    precision: int | None = None
    within_km: float = PLACE_KM
    status: str = ""


@dataclass
class Score:
    gold: int
    predicted: int
    matched: int
    status_agree: int
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    aggregates_gold: int = 0
    aggregates_predicted: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "gold": self.gold, "predicted": self.predicted,
                "matched": self.matched, "status_agreement": self.status_agree,
                "missed": self.missed, "spurious": self.spurious,
                "aggregates": {"gold": self.aggregates_gold,
                               "predicted": self.aggregates_predicted}}


def _km(a: Item, b: Item) -> float:
    if a.lat is None or b.lat is None:
        return math.inf
    return distance_km(a.lat, a.lon, b.lat, b.lon)


def agrees(gold: Item, pred: Item) -> bool:
    if not any(compatible_types(p, g) for p in pred.event_types for g in gold.event_types):
        return False
    if pred.lat is None:
        return False  # a prediction without a point is never right
    if pred.start is None or gold.start is None:
        return pred.start is None and gold.start is None  # only where the gold says unknown
    if _km(gold, pred) > max(PLACE_KM, gold.within_km):
        return False
    pad = timedelta(days=TIME_WINDOW_DAYS.get(gold.precision or 1, 1))
    return pred.start <= (gold.end or gold.start) + pad and (pred.end or pred.start) >= \
        gold.start - pad


def _match(gold: list[Item], pred: list[Item]) -> dict[int, int]:
    """Maximum one-to-one matching (augmenting paths): gold index -> pred index."""
    edges = [[j for j, p in enumerate(pred) if agrees(g, p)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _date(value: Any) -> date | None:
    import pandas as pd

    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "date") and callable(value.date):
        try:
            return value.date()
        except ValueError:
            return None
    return date.fromisoformat(str(value)[:10])


def read_gold(path: Path) -> tuple[list[Item], int]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        items = []
        for n, g in enumerate(data["incidents"]):
            types = g["event_type"] if isinstance(g["event_type"], list) else [g["event_type"]]
            items.append(Item(
                g.get("what") or g.get("place") or f"gold #{n}", tuple(types), g["lat"],
                g["lon"], _date(g.get("event_date")), _date(g.get("date_end")),
                g.get("time_precision"), float(g.get("within_km") or PLACE_KM),
                g.get("status", "")))
        return items, len(data.get("aggregates", []))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{path}: not a gold file ({exc}); see tests/gold/seeds.json") from None


def items_of(frame) -> tuple[list[Item], int]:
    """Predicted items of an incident frame, and how many aggregates it holds (not scored)."""
    items, aggregates = [], 0
    for row in frame.itertuples():
        if (row.event_count if row.event_count == row.event_count else 1) > 1:
            aggregates += 1
            continue
        geom = row.geometry
        located = geom is not None and not geom.is_empty
        items.append(Item(
            f"{row.event_type} at {row.place_name} on {_date(row.event_date) or 'unknown date'}",
            (row.event_type,), geom.y if located else None, geom.x if located else None,
            _date(row.event_date), _date(row.date_end), status=row.status))
    return items, aggregates


def read_predictions(path: Path) -> tuple[list[Item], int]:
    from geo.store.layers import read_incidents

    return items_of(read_incidents(path))


def evaluate(gold_path: Path, pred_path: Path) -> Score:
    gold, gold_aggregates = read_gold(gold_path)
    pred, pred_aggregates = read_predictions(pred_path)
    return score_items(gold, pred, gold_aggregates, pred_aggregates)


def score_items(gold: list[Item], pred: list[Item], gold_aggregates: int = 0,
                pred_aggregates: int = 0) -> Score:
    pairs = _match(gold, pred)
    return Score(
        gold=len(gold), predicted=len(pred), matched=len(pairs),
        status_agree=sum(1 for i, j in pairs.items() if gold[i].status == pred[j].status),
        missed=[g.label for i, g in enumerate(gold) if i not in pairs],
        spurious=[p.label for j, p in enumerate(pred) if j not in set(pairs.values())],
        aggregates_gold=gold_aggregates, aggregates_predicted=pred_aggregates,
    )


def _gold_by_source(path: Path) -> dict[str, list[Item]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    items, _ = read_gold(path)
    by: dict[str, list[Item]] = {}
    for raw, item in zip(data["incidents"], items, strict=True):
        for source in str(raw.get("source", "")).split(";"):
            by.setdefault(source.strip(), []).append(item)
    return by


def score_corpus(folder: Path, *, resolver=None, scope=EVERYTHING) -> dict[str, Score]:
    """Score every conflict folder below ``folder`` (articles + ``gold.json``), each report
    ingested and matched alone; returns the score per conflict folder name."""
    from geo.pipeline.ingest import default_resolver, ingest_paths

    resolver = resolver or default_resolver()
    scores: dict[str, Score] = {}
    for gold_path in sorted(Path(folder).rglob("gold.json")):
        by_source = _gold_by_source(gold_path)
        total = Score(0, 0, 0, 0)
        for article in sorted(gold_path.parent.glob("*.txt")):
            report = ingest_paths([article], resolver=resolver, scope=scope)
            pred, aggregates = items_of(report.layers.incidents)
            one = score_items(by_source.get(article.name, []), pred, 0, aggregates)
            total = Score(total.gold + one.gold, total.predicted + one.predicted,
                          total.matched + one.matched, total.status_agree + one.status_agree,
                          total.missed + [f"{article.name}: {m}" for m in one.missed],
                          total.spurious + [f"{article.name}: {s}" for s in one.spurious],
                          0, total.aggregates_predicted + aggregates)
        scores[str(gold_path.parent.relative_to(folder))] = total
    return scores
