"""The incident frame works with what a Python user reaches for first: ``explore()``,
``to_postgis`` and ``to_sql``."""

from __future__ import annotations

import json

import folium

from geo.pipeline.ingest import ingest_paths
from tests.helpers import SEEDS


def test_explore_draws_every_located_incident() -> None:
    incidents = ingest_paths([SEEDS / "002_3c24a04f4ada2f6e.txt"]).layers.incidents
    located = incidents[incidents.geometry.notna()]
    assert len(located) > 0
    shown = located.explore(column="event_type")  # sources (a list of dicts) included
    assert isinstance(shown, folium.Map)
    layers = [c for c in shown._children.values() if isinstance(c, folium.GeoJson)]
    (layer,) = layers
    features = json.loads(json.dumps(layer.data))["features"]
    assert sorted(f["properties"]["incident_id"] for f in features) == sorted(
        located["incident_id"])
    assert shown.get_root().render().count("incident_id") >= len(located)


def _incidents():
    from geo.incidents.schema import incidents_frame

    return incidents_frame([
        {"event_date": "2024-01-05", "event_type": "drone attack", "place_name": "Erbil",
         "lat": 36.19, "lon": 44.01, "sources": [{"url": "https://example.org/a",
                                                  "quote": "A drone hit \"Erbil\" é"}]},
        {"event_date": "2024-01-06", "event_type": "rocket attack", "place_name": "Baghdad",
         "lat": 33.31, "lon": 44.36, "sources": []},
    ])


def test_to_postgis_stores_sources_as_json(pg_url) -> None:
    """``incidents.to_postgis`` works as it is: the sources arrive as their JSON array."""
    import geopandas as gpd
    from sqlalchemy import create_engine

    from geo.incidents.schema import sources_from_json

    incidents = _incidents()
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    incidents.to_postgis("incidents", engine, index=False)
    back = gpd.read_postgis("SELECT * FROM incidents ORDER BY event_date", engine,
                            geom_col="geometry")
    engine.dispose()
    assert [sources_from_json(t) for t in back["sources"]] == [list(s) for s in
                                                              incidents["sources"]]
    assert back.geometry.x.round(2).tolist() == [44.01, 44.36]


def test_to_sql_on_sqlite_stores_sources_as_json(tmp_path) -> None:
    import sqlite3

    import pandas as pd

    incidents = _incidents()
    with sqlite3.connect(tmp_path / "i.sqlite") as con:
        pd.DataFrame(incidents).assign(geometry=incidents.geometry.to_wkt()).to_sql(
            "incidents", con, index=False)
        rows = con.execute("SELECT sources, geometry FROM incidents").fetchall()
    assert json.loads(rows[0][0]) == [{"url": "https://example.org/a",
                                       "quote": "A drone hit \"Erbil\" é"}]
    assert rows[1] == ("[]", "POINT (44.36 33.31)")
    assert str(incidents["sources"][0]) == rows[0][0]  # the same text everywhere
