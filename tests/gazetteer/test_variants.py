"""Unseen variant spellings of the curated places resolve within their tolerance, and the
spelling tolerance does not take real places' names away from them.

``variants/test.csv`` is for measuring only (the folding was tuned on ``dev.csv`` and
``dev2.csv``); its floor is the rate last measured on it less half a point, so a change that
loses spellings fails here.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gazetteer.geodesy import distance_km
from gazetteer.index import NAMESAKE_POPULATION
from gazetteer.normalize import key_of
from geo.resolve.chain import Resolver

VARIANTS = Path(__file__).parent / "variants"


def rate(gazetteer, name: str, kinds: set[str] | None = None) -> float:
    resolver = Resolver(gazetteer)
    rows = [r for r in csv.DictReader((VARIANTS / name).open(encoding="utf-8"))
            if kinds is None or r["kind_of_variation"] in kinds]
    good = 0
    for row in rows:
        truth = gazetteer.get(row["place_id"])
        res = resolver.resolve(row["variant"])
        tolerance = max(5.0, 2 * truth.uncertainty_m / 1000.0)
        good += res.resolved and distance_km(res.place.lat, res.place.lon, truth.lat,
                                             truth.lon) <= tolerance
    return good / len(rows)


@pytest.mark.slow
def test_unseen_variants_resolve(gazetteer):
    # 0.872 before issue 14's folding, 0.959 after it; 0.966 with the slip tie-break (var4)
    assert rate(gazetteer, "test.csv") >= 0.96


ORIGINAL_KINDS = {"article", "ain", "kh_h", "q_k", "doubled", "french", "generic", "arabic",
                  "typo", "vowel", "hyphen_space"}


@pytest.mark.slow
def test_dev_variants_resolve(gazetteer):
    assert rate(gazetteer, "dev.csv", ORIGINAL_KINDS) >= 0.965


@pytest.mark.slow
def test_dev2_variants_resolve(gazetteer):
    """The second tuning list, every place of both curated files and every kind (README)."""
    assert rate(gazetteer, "dev2.csv") >= 0.964  # 0.958 when written, 0.970 after var4


@pytest.mark.slow
def test_real_namesakes_keep_their_names(gazetteer):
    """A GeoNames town that bears, as its own name, a near spelling of a curated place
    ("Mosel" for Mosul) is never resolved to the curated place by that near spelling. (An alias
    GeoNames itself gives the curated place's twin, "Gama" for Hama, is another matter.)"""
    tier = gazetteer.geonames
    curated_keys = set(gazetteer.curated.index.all_keys())
    resolver = Resolver(gazetteer)
    checked = stolen = 0
    for row in range(len(tier)):
        if tier.population[row] < NAMESAKE_POPULATION or tier.kind[row] == "country":
            continue
        name = tier.names[row]
        key = key_of(name)
        if not key or key in curated_keys or not gazetteer.curated.approximate(key, 5):
            continue
        checked += 1
        res = resolver.resolve(name)
        if res.resolved and res.resolver == "curated" and res.match == "fuzzy" and distance_km(
                res.place.lat, res.place.lon, tier.lat[row], tier.lon[row]) > 100:
            stolen += 1
    assert checked >= 50
    assert stolen == 0


@pytest.mark.parametrize(("query", "place_id"), [
    ("western Anbar", "iq-al-anbar-governorate"),
    ("Tower 22 base Jordan", "jo-tower-22"),
    ("Green Zone Baghdad", "iq-green-zone"),
    ("Bassora airport", "iq-basra-international-airport"),
    ("Halab airport", "sy-aleppo-international-airport"),
    ("قاعدة حرير الجوية", "iq-harir-air-base"),
    ("Dayr az-Zawr airport", "sy-deir-ez-zor-airport"),
    ("Tin Zaouatine", "ml-tinzaouaten"),
    ("Al-Tanaf", "sy-al-tanf-garrison"),
])
def test_variant_readings(gazetteer, query, place_id):
    res = Resolver(gazetteer).resolve(query)
    assert res.resolved and res.place.id == place_id, (res.status, res.reason)


def test_qualifiers_are_dropped_only_when_the_whole_name_is_unknown(gazetteer):
    best = gazetteer.search("Western Sahara", limit=3)[0]
    assert best.place.kind == "country" and best.place.country == "EH"
    assert gazetteer.search("South Sudan", limit=3)[0].place.country == "SS"
    found = gazetteer.search("western Anbar", limit=3)[0]
    assert "read as 'anbar'" in " ".join(found.notes)


def test_geonames_places_show_admin1_names(gazetteer):
    erbil = gazetteer.get("geonames-95446")  # Erbil city, admin1 code IQ 11
    assert erbil is not None and erbil.admin1 == "Erbil"
    named = sum(not gazetteer.geonames.admin1[r].isdigit() for r in range(0, 235_000, 97))
    assert named / len(range(0, 235_000, 97)) > 0.85
