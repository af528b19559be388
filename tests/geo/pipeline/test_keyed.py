"""The keyed merge gives exactly what merging all rows at once gives, however the rows are split
(no Dask here: the same steps in one process, on rows made to collide)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.incidents.merge import merge_rows
from geo.pipeline.keyed import RowKeys, groups
from geo.pipeline.keyed_finish import merge_keyed

# places a few km to a few tens of km apart, across cell edges and a border
PLACES = [("p1", 33.30, 44.40, "IQ"), ("p2", 33.42, 44.26, "IQ"), ("p3", 33.51, 44.49, "IQ"),
          ("p4", 34.46, 40.93, "SY"), ("p5", 34.38, 41.00, "IQ"), ("", 33.35, 44.30, "")]
TYPES = ["drone attack", "rocket attack", "other attack", "airstrike"]
DAY0 = date(2024, 1, 1)


@st.composite
def rows(draw) -> dict:
    place, lat, lon, country = draw(st.sampled_from(PLACES))
    precision = draw(st.integers(1, 4))
    located = precision < 4 or draw(st.booleans())
    day = DAY0 + timedelta(days=draw(st.integers(0, 90)))
    dated = draw(st.integers(0, 9)) > 0
    n = draw(st.integers(0, 5))
    return {
        "event_date": day if dated else None, "date_end": None,
        "time_precision": draw(st.integers(1, 3)), "event_type": draw(st.sampled_from(TYPES)),
        "status": draw(st.sampled_from(["reported", "claimed", "denied"])),
        "actor": draw(st.sampled_from(["", "militia", "us"])), "target": "",
        "place_name": place or "somewhere", "place_id": place if precision < 4 else "",
        "lat": lat if located else None, "lon": lon if located else None,
        "geo_precision": precision, "country": country, "uncertainty_km": 2.0,
        "event_count": draw(st.sampled_from([1, 1, 1, 3])), "notes": "",
        "sources": [{"url": f"https://news.example/{n}", "file": f"f{n}.txt",
                     "quote": draw(st.sampled_from(["a", "b", "c"]))}],
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows(), max_size=40), st.lists(st.integers(0, 40), max_size=4),
       st.integers(1, 4))
def test_any_split_merges_as_one(all_rows: list[dict], cuts: list[int], parts: int) -> None:
    edges = sorted({0, len(all_rows), *(min(c, len(all_rows)) for c in cuts)})
    partitions = [all_rows[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    assert merge_keyed(partitions, parts) == merge_rows(all_rows)


def test_rows_far_apart_in_place_or_time_are_apart() -> None:
    near = {"event_date": DAY0, "time_precision": 1, "event_type": "drone attack",
            "place_id": "p1", "place_name": "p1", "lat": 33.3, "lon": 44.4, "geo_precision": 1,
            "country": "IQ", "sources": [{"file": "a"}]}
    rows_ = [near, {**near, "event_date": DAY0 + timedelta(days=1)},
             {**near, "event_date": DAY0 + timedelta(days=200)},
             {**near, "place_id": "p9", "lat": 36.0, "lon": 43.0, "country": "IQ"}]
    labels = groups(RowKeys.of(rows_)).tolist()
    assert labels[0] == labels[1]
    assert labels[2] != labels[0]  # months later
    # another place in the same country: filed under the country, which only a
    # country-level row probes
    assert labels[3] != labels[0]


def _canonical(labels) -> list[int]:
    """Labels as the partition they make (the first row of each part names it)."""
    first: dict[int, int] = {}
    return [first.setdefault(int(label), n) for n, label in enumerate(labels)]


def _crossed_by_hand(labels: list[int], probes: list[tuple[int, int]],
                     filed: list[tuple[int, int]]) -> tuple[list[int], set[int]]:
    """join_crossed's answer, pair by pair: a group filed where a row of another probes joins
    that row's group."""
    parent = {g: g for g in set(labels) | {g for g, _ in filed}}

    def root(g: int) -> int:
        while parent[g] != g:
            g = parent[g]
        return g

    joined: set[int] = set()
    for row, bucket in probes:
        for group, at in filed:
            if at == bucket and group != labels[row]:
                joined |= {group, labels[row]}
                parent[root(group)] = root(labels[row])
    return [root(g) for g in labels], joined


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=30), st.data())
def test_join_crossed_as_pair_by_pair(labels: list[int], data) -> None:
    """Buckets filed many times, by one group or several, and probed by many rows."""
    import numpy as np

    from geo.pipeline.keyed import join_crossed

    n = len(labels)
    probes = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(-3, 8)),
                                max_size=60))
    filed = data.draw(st.lists(st.tuples(st.sampled_from(labels), st.integers(-3, 8)),
                               max_size=60))
    keys = RowKeys(n, np.zeros(0, np.int64), np.zeros(0, np.int64),
                   np.asarray([r for r, _ in probes], np.int64),
                   np.asarray([b for _, b in probes], np.int64), np.zeros(n, bool))
    new, joined = join_crossed(np.asarray(labels, np.int64), keys,
                               np.asarray([g for g, _ in filed], np.int64),
                               np.asarray([b for _, b in filed], np.int64))
    want, want_joined = _crossed_by_hand(labels, probes, filed)
    assert joined == want_joined
    assert _canonical(new) == _canonical(want)


def test_weeks_noted_with_the_keys_merge_as_weeks_read_again() -> None:
    """merge_group reads a row's weeks from the note RowKeys.of leaves, or from the row when
    there is none: the same merged rows and filings either way."""
    from geo.pipeline.keyed import GROUP, POSITION, WEEKS, merge_group

    day = {"time_precision": 1, "event_type": "drone attack", "place_id": "p1",
           "place_name": "p1", "lat": 33.3, "lon": 44.4, "geo_precision": 1, "country": "IQ"}
    rows_ = [{**day, "event_date": DAY0, "time_precision": 3, "sources": [{"file": "a"}]},
             {**day, "event_date": DAY0 + timedelta(days=20), "sources": [{"file": "b"}]},
             {**day, "event_date": DAY0 + timedelta(days=21), "sources": [{"file": "a"}]}]
    tagged = [{**r, POSITION: (0, n), GROUP: 0} for n, r in enumerate(rows_)]
    RowKeys.of(tagged)
    assert max(len(r[WEEKS]) for r in tagged) > 1  # a month reaches several weeks
    bare = [{k: v for k, v in r.items() if k != WEEKS} for r in tagged]
    noted, noted_groups, noted_filed = merge_group([dict(r) for r in tagged])
    read, read_groups, read_filed = merge_group(bare)
    assert noted_filed, "a merged row that took a more precise date is filed by its weeks"
    assert (sorted(zip(noted_groups, noted_filed, strict=True))
            == sorted(zip(read_groups, read_filed, strict=True)))
    assert [{k: v for k, v in r.items() if k != WEEKS} for r in noted] == [
        {k: v for k, v in r.items() if k != WEEKS} for r in read]


@given(st.lists(st.tuples(st.integers(-(2**63), 2**63 - 1),
                          st.one_of(st.none(), st.integers(0, 400_000))), max_size=30))
def test_buckets_in_numpy_as_one_by_one(pairs: list[tuple[int, int | None]]) -> None:
    """A row's buckets are paired in numpy (RowKeys.of) and, for a merged row's new weeks,
    one by one (merge_group): both must give the same bucket."""
    import numpy as np

    from geo.pipeline.keyed import NO_WEEK, bucket, buckets

    keys = np.asarray([k for k, _ in pairs], np.int64)
    weeks = np.asarray([NO_WEEK if w is None else w for _, w in pairs], np.int64)
    assert buckets(keys, weeks).tolist() == [bucket(k, w) for k, w in pairs]
    # one key in weeks apart, or two keys in one week: apart
    assert len({bucket(5, w) for w in range(-1, 500)}) == 501
