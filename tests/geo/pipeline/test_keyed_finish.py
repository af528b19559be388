"""The keyed merge's last steps on partitions kept apart: with the analyst's decisions (rejects,
changes, moves, splits, merges across partitions) and with ids that repeat across partitions,
the same incidents as one merge of all rows, however the rows are split (no Dask here: the
steps the workers and the job's process take, in one process)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from geo.errors import UserError
from geo.incidents.merge import merge_reviewed, merge_rows
from geo.incidents.schema import incident_id
from geo.pipeline import keyed_finish
from geo.pipeline.keyed_finish import merge_keyed
from geo.review.apply import Review
from geo.review.decisions import Decision, Decisions, refuse_disagreements
from tests.geo.pipeline.test_keyed import rows

# decisions keyed by (source, quote), over the rows test_keyed makes: each may meet others
MENU = [
    Decision("reject", "c.csv", 2, source="f0.txt", quote="a"),
    Decision("change", "c.csv", 3, source="f1.txt", quote="b", field="event_type",
             value="rocket attack"),
    Decision("change", "c.csv", 4, source="f2.txt", quote="c", field="place",
             value="33.41,44.33,4"),
    Decision("split", "c.csv", 5, source="f3.txt", quote="c"),
    Decision("merge", "c.csv", 6, source="f4.txt", quote="a", value="b"),
    Decision("accept", "c.csv", 7, source="f5.txt", quote="b"),
    Decision("change", "c.csv", 8, source="f2.txt", quote="a", field="event_date",
             value="2024-02-01"),
    Decision("change", "c.csv", 9, source="f5.txt", quote="c", field="actor", value="militia"),
    Decision("merge", "c.csv", 10, source="f1.txt", quote="c", value="a"),
]


def review_of(items: list[Decision]) -> Review:
    refuse_disagreements(items)
    return Review(Decisions(list(items), ["c.csv"]), lambda _id: None)


def outcome(merge) -> object:
    """The merged rows, or that two decisions were refused (they met on one incident)."""
    try:
        return merge()
    except UserError:
        return "refused"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows(), min_size=4, max_size=40), st.lists(st.integers(0, 40), max_size=4),
       st.integers(1, 4), st.lists(st.sampled_from(MENU), unique=True, min_size=1, max_size=5))
def test_decisions_on_any_split_as_in_one_process(all_rows, cuts, parts, chosen) -> None:
    edges = sorted({0, len(all_rows), *(min(c, len(all_rows)) for c in cuts)})
    partitions = [all_rows[a:b] for a, b in zip(edges, edges[1:], strict=False)]
    one, many = review_of(chosen), review_of(chosen)
    expected = outcome(lambda: merge_reviewed(all_rows, one))
    assert outcome(lambda: merge_keyed(partitions, parts, many)) == expected
    event("refused" if expected == "refused" else "applied")
    if expected != "refused":
        assert many.matched == one.matched  # so stale decisions are the same
        ids = [r["incident_id"] for r in expected]
        assert len(set(ids)) == len(ids)
        event(f"{len(set(many.matched))} decisions matched")
        if len(expected) < len(merge_rows(all_rows)):
            event("incidents rejected or merged")
        if any(r["incident_id"] != incident_id(r) for r in expected):
            event("an id salted")


def _told(place: str, lat: float | None, n: int, **more) -> dict:
    return {"event_date": date(2024, 1, 5), "date_end": None, "time_precision": 1,
            "event_type": "drone attack", "status": "reported", "actor": "", "target": "",
            "place_name": place, "place_id": "", "lat": lat, "lon": None if lat is None else 44.0,
            "geo_precision": 1 if lat is not None else 4, "country": "", "uncertainty_km": 2.0,
            "event_count": 1, "notes": "", "sources": [{"url": "", "file": f"f{n}.txt",
                                                        "quote": f"told in {n}"}], **more}


@st.composite
def twins(draw) -> dict:
    """Tellings that share an id (name, date, type) but may never meet: far apart or unlocated."""
    lat = draw(st.sampled_from([None, 30.0, 31.0, 33.0, 36.0]))
    n = draw(st.integers(0, 9))
    return _told("Checkpoint", lat, n, event_date=date(2024, 1, draw(st.integers(5, 6))),
                 event_count=draw(st.sampled_from([1, 1, 4])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(twins(), max_size=30), st.lists(st.integers(0, 30), max_size=4),
       st.integers(1, 4))
def test_ids_unique_over_partitions_as_in_one_process(told, cuts, parts) -> None:
    edges = sorted({0, len(told), *(min(c, len(told)) for c in cuts)})
    one = merge_rows(told)
    many = merge_keyed([told[a:b] for a, b in zip(edges, edges[1:], strict=False)], parts)
    assert many == one
    assert len({r["incident_id"] for r in many}) == len(many)
    event("an id salted" if any(r["incident_id"] != incident_id(r) for r in one) else "none")


def test_an_id_repeated_across_partitions_is_made_unique_as_in_one_process() -> None:
    """Tellings of one name and date that never meet (far apart, or one not located) have one
    id: each partition alone would give it to its own; the job gives it once, then salted."""
    told = [_told("Checkpoint", 33.0, 0), _told("Checkpoint", 36.0, 1),
            _told("Checkpoint", None, 2), _told("Checkpoint", 30.0, 3, event_count=4)]
    assert len({incident_id(r) for r in told}) == 1
    one = merge_rows(told)
    assert len(one) == 4 and len({r["incident_id"] for r in one}) == 4
    for parts in (1, 2, 3, 4):
        assert merge_keyed([told[:2], told[2:]], parts) == one
    # each partition finished by itself would repeat the id; finished together it does not
    tagged = [[{**merge_rows([r])[0], "_keyed_rank": (i,)}] for i, r in enumerate(told)]
    alone = [part[0]["incident_id"] for part in tagged]
    assert len(set(alone)) == 1
    together = [row["incident_id"] for part in keyed_finish.finish_in_process(tagged)
                for row in part]
    assert together == [r["incident_id"] for r in one]


def test_a_merge_decision_folds_incidents_of_two_partitions() -> None:
    """Two incidents far apart are in two merge partitions; a merge decision joins them, and the
    result is the one process's: one incident with both tellings, reviewed as changed."""
    told = [_told("Erbil", 36.2, 0, country="IQ"), _told("Basra", 30.5, 1, country="IQ")]
    told[0]["sources"][0]["quote"] = "drones struck the airport at Erbil"
    told[1]["sources"][0]["quote"] = "a rocket landed near the port of Basra"
    items = [Decision("merge", "c.csv", 2, quote="drones struck the airport",
                      value="a rocket landed near the port")]
    one = merge_reviewed(told, review_of(items))
    assert len(one) == 1 and len(one[0]["sources"]) == 2 and one[0]["reviewed"] == "changed"
    many = review_of(items)
    assert merge_keyed([told[:1], told[1:]], 2, many) == one
    assert set(many.matched) == {items[0].signature}
