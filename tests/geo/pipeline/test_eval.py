"""Scoring predictions against a gold file."""

from __future__ import annotations

import json
from datetime import date

import pytest

from geo.errors import UserError
from geo.incidents.schema import incidents_frame
from geo.pipeline.evaluate import Item, agrees, evaluate, read_gold

GOLD = {"incidents": [
    {"what": "tanf", "event_date": "2024-01-28", "time_precision": 1,
     "event_type": ["drone attack"], "lat": 33.50583, "lon": 38.61778},
    {"what": "asad", "event_date": "2024-01-20", "time_precision": 1,
     "event_type": ["missile attack", "rocket attack"], "lat": 33.7856, "lon": 42.4412},
    {"what": "syria", "event_date": "2024-02-02", "time_precision": 1,
     "event_type": ["airstrike"], "lat": 35.0, "lon": 38.3, "within_km": 600}],
    "aggregates": [{"what": "20 attacks"}]}


def prediction(event_type, day, lat, lon, count=1):
    return {"event_date": date.fromisoformat(day), "event_type": event_type, "status": "reported",
            "place_name": "x", "event_count": count, "lat": lat, "lon": lon,
            "sources": [], "incident_id": f"{event_type}{day}{lat}"}


def score(tmp_path, rows):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD))
    pred = tmp_path / "pred.geojson"
    incidents_frame(rows).to_file(pred, driver="GeoJSON")
    return evaluate(gold, pred)


RIGHT = [prediction("drone attack", "2024-01-28", 33.5, 38.6),
         prediction("rocket attack", "2024-01-20", 33.79, 42.44),
         prediction("airstrike", "2024-02-02", 36.0, 40.0)]


def test_right_predictions_score_one(tmp_path):
    s = score(tmp_path, RIGHT)
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)


def test_a_wrong_place_lowers_precision_and_recall(tmp_path):
    s = score(tmp_path, [*RIGHT[:2], prediction("airstrike", "2024-02-02", 25.0, 51.0)])  # Doha
    assert s.matched == 2 and s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3) and len(s.spurious) == len(s.missed) == 1


def test_a_wrong_type_or_date_does_not_match(tmp_path):
    s = score(tmp_path, [prediction("armed clash", "2024-01-28", 33.5, 38.6),
                         prediction("rocket attack", "2024-01-10", 33.79, 42.44), RIGHT[2]])
    assert s.matched == 1 and s.f1 == pytest.approx(1 / 3)


def test_an_extra_prediction_lowers_precision_only(tmp_path):
    s = score(tmp_path, [*RIGHT, prediction("drone attack", "2024-01-28", 36.0, 44.0)])
    assert s.recall == 1.0 and s.precision == 0.75


def test_aggregates_are_counted_apart(tmp_path):
    s = score(tmp_path, [*RIGHT, prediction("other attack", "2024-01-28", None, None, count=20)])
    assert s.f1 == 1.0 and (s.aggregates_gold, s.aggregates_predicted) == (1, 1)


def test_unknown_dates_agree_only_with_unknown():
    gold = Item("g", ("drone attack",), 33.5, 38.6, None, None)
    assert agrees(gold, Item("p", ("drone attack",), 33.5, 38.6, None, None))
    assert not agrees(gold, Item("p", ("drone attack",), 33.5, 38.6, date(2024, 1, 1), None))


def test_bad_gold_file(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text('{"incidents": [{"what": 1}]}')
    with pytest.raises(UserError, match="not a gold file"):
        read_gold(bad)
