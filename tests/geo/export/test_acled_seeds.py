"""Our own incidents (the seed articles) as ACLED rows: every value is one the codebook allows,
and the ACLED fields agree with the store's columns they come from."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.export.acled import acled_table
from geo.incidents import acled
from geo.pipeline.ingest import ingest_paths
from geo.resolve.chain import Resolver
from tests.helpers import SEEDS


@pytest.fixture(scope="module")
def seeds(gazetteer) -> tuple[pd.DataFrame, pd.DataFrame]:
    incidents = ingest_paths([SEEDS], resolver=Resolver(gazetteer)).layers.incidents
    return incidents, acled_table(incidents)


def test_seed_rows_hold_only_codebook_values(seeds) -> None:
    incidents, table = seeds
    assert list(table.columns) == list(acled.columns()) and len(table) == len(incidents) > 10
    subs = acled.sub_event_types()
    labels = {acled.inter_label(code) for code in range(1, 9)}
    regions = {r["region"] for r in acled.codebook()["all_regions"]}
    for row in table.to_dict("records"):
        event, disorder = subs[row["sub_event_type"]]
        assert (row["event_type"], row["disorder_type"]) == (event, disorder)
        assert row["event_id_cnty"] and re.fullmatch(r"(?:[A-Z]{3}-)?GEO-[0-9a-f]{16}",
                                                     row["event_id_cnty"])
        dated = row["event_date"] != ""  # an undated report stays undated
        assert row["time_precision"] in (("1", "2", "3") if dated else ("",))
        assert row["geo_precision"] in ("1", "2", "3")
        assert row["year"] == row["event_date"][:4]
        assert row["inter1"] in labels | {""} and row["inter2"] in labels | {""}
        assert row["civilian_targeting"] in acled.codebook()["civilian_targeting_values"]
        assert row["interaction"] in ("", acled.interaction(
            acled.inter_code(row["inter1"]), acled.inter_code(row["inter2"])))
        assert row["region"] in regions | {""}
        if row["iso"]:
            facts = acled.country(_iso2(incidents, row))
            assert (int(row["iso"]), row["country"], row["region"]) == (
                facts.iso_numeric, facts.name, facts.region)
        if row["latitude"]:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert row["fatalities"] == "" or row["fatalities"].isdigit()
    ids = table["event_id_cnty"]
    assert ids.is_unique
    assert sorted(ids.str[-16:]) == sorted(incidents["incident_id"])  # stable: our own ids
    assert set(table["region"]) >= {"Middle East"} and "Syria" in set(table["country"])
    assert (table["event_date"] != "").sum() >= 10


def _iso2(incidents: pd.DataFrame, row: dict) -> str:
    (iso2,) = incidents.loc[incidents.incident_id == row["event_id_cnty"][-16:], "country"]
    return iso2


def test_seed_actors_carry_the_lexicons_categories(seeds) -> None:
    incidents, table = seeds
    named = incidents[incidents.actor == "Islamic Resistance in Iraq"]
    assert len(named) >= 2 and set(named.inter1) == {3}  # a political militia
    us = incidents[incidents.target == "US forces"]
    assert len(us) >= 3 and set(us.inter2) == {8}  # state forces abroad
    both = table[(table.inter1 != "") & (table.inter2 != "")]
    assert len(both) >= 3
    assert all(a in row and b in row for a, b, row in
               zip(both.inter1, both.inter2, both.interaction, strict=True))
