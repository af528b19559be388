"""Our incidents carry the ACLED fields their text supports: fatalities when a number is
stated, the actors' categories from the actor lexicons, civilian targeting; an ACLED row's own
codes are never replaced by the lexicons'."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from geo.pipeline.ingest import ingest_paths
from geo.resolve.chain import Resolver
from tests.geo.export.test_acled import FIXTURE


def test_an_article_gives_fatalities_categories_and_civilian_targeting(gazetteer,
                                                                       tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "date 2024-03-04 https://news.example/sudan\n\nOn 3 March 2024, RSF fighters attacked "
        "civilians in El Fasher, killing 12 people, witnesses said.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "date 2024-03-05 https://news.example/iraq\n\nOn 4 March 2024, the Islamic Resistance "
        "in Iraq launched drones at US forces at Ain al-Asad.\n", encoding="utf-8")
    found = ingest_paths([tmp_path], resolver=Resolver(gazetteer)).layers.incidents
    fasher = found[found.country == "SD"].iloc[0]
    assert (fasher.actor, fasher.inter1, fasher.target, fasher.inter2) == (
        "Rapid Support Forces", 3, "civilians", 7)
    assert (fasher.fatalities, fasher.civilian_targeting) == (12, "Civilian targeting")
    asad = found[found.country == "IQ"].iloc[0]
    assert (asad.inter1, asad.inter2, asad.civilian_targeting) == (3, 8, "")
    assert pd.isna(asad.fatalities)  # no number stated: none invented


def test_a_plain_table_row_gets_categories_by_actor_name(gazetteer, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("event_date,place_name,country,event_type,actor,target\n"
                     "2024-01-28,Tower 22,JO,drone attack,Islamic Resistance in Iraq,US forces\n"
                     "2024-03-15,Al-Tanf,SY,rocket attack,Somebody Unknown,\n", encoding="utf-8")
    found = ingest_paths([table], resolver=Resolver(gazetteer)).layers.incidents
    by_actor = found.set_index("actor")
    assert (by_actor.loc["Islamic Resistance in Iraq", "inter1"],
            by_actor.loc["Islamic Resistance in Iraq", "inter2"]) == (3, 8)
    assert pd.isna(by_actor.loc["Somebody Unknown", "inter1"])  # not in any lexicon


def test_an_acled_rows_own_codes_win_over_the_lexicons(gazetteer, tmp_path: Path) -> None:
    with FIXTURE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["event_id_cnty"] == "IRQ90005")
    row = {**row, "inter1": "Rebel group"}  # the lexicon says political militia (3)
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(row))
        writer.writeheader()
        writer.writerow(row)
    (found,) = ingest_paths([path], resolver=Resolver(gazetteer)).layers.incidents.itertuples()
    assert (found.actor, found.inter1, found.inter2) == (row["actor1"], 2, 8)
