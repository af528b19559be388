"""merge_rows files incidents by kind as well as by place and week (geo.incidents.filed) and
asks the closest candidates first: the same incidents, ids and order of sources as the merge
that filed by place and week only and asked every candidate, with far fewer ``same_event``
calls where a place is crowded."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.incidents import merge
from geo.incidents.filed import Filed
from geo.incidents.merge import merge_rows
from geo.incidents.tellings import FACTS
from tests.geo.incidents.test_merge import count_calls, row

DAY = date(2023, 10, 2)
EVERY = ("all",)  # one kind for every incident: the filing before kinds


def filed_merge(rows: list[dict]) -> list[dict]:
    """merge_rows as it was before kinds: filed by place and week only, every candidate there
    asked, the closest match taken. The reference the new merge must equal."""
    merged: list[dict] = []
    spans: list = []
    filed = Filed()

    def file(index: int, span) -> None:
        spans[index] = span
        filed.add(index, merge._span_weeks(span), merge._keys(merged[index]), [EVERY],
                  merge.facts(merged[index]))

    for r in sorted(rows, key=merge._order):
        r = {**r, "sources": list(r.get("sources") or []), FACTS: None}
        span = merge._interval(r)
        weeks = [week for week in merge._span_weeks(span) if week in filed.weeks]
        candidates = filed.candidates(weeks, merge._probes(r), [EVERY], merge.facts(r)) \
            if weeks else ()
        matches = [i for i in sorted(candidates) if merge._may_meet(spans[i], span)
                   and merge.same_event(merged[i], r)]
        if matches:
            target = min(matches, key=lambda i: (merged[i]["event_type"] != r["event_type"],
                                                 not (merge._files(merged[i]) & merge._files(r)),
                                                 i))
            merge.absorb(merged[target], r)
            file(target, merge._interval(merged[target]))
            continue
        merged.append(r)
        spans.append(span)
        file(len(merged) - 1, span)
    for m in merged:
        m.pop(FACTS, None)
    return merge.with_unique_ids(merged)


#: (place id, lat, lon, geo precision, country): two towns 5 km apart, one 40 km off, a
#: province, the country, a town across the border, and a place the gazetteer did not know
PLACES = [("iq-a", 33.30, 44.40, 1, "IQ"), ("iq-b", 33.33, 44.43, 1, "IQ"),
          ("iq-c", 33.60, 44.40, 2, "IQ"), ("iq-prov", 33.40, 44.30, 3, "IQ"),
          ("iq", 33.0, 44.0, 4, "IQ"), ("sy-d", 33.35, 44.45, 1, "SY"),
          ("", None, None, 4, "")]
TYPES = ["drone attack", "airstrike", "rocket attack", "shelling", "other attack",
         "interception", "armed clash", ""]


@st.composite
def telling(draw) -> dict:
    place_id, lat, lon, geo, country = draw(st.sampled_from(PLACES))
    source = draw(st.sampled_from(["a.csv", "b.csv", "r1.txt", "r2.txt", "r3.txt"]))
    line = draw(st.integers(2, 5))
    precision = draw(st.sampled_from([1, 1, 1, 2, 3]))
    dated = draw(st.integers(0, 9))
    extra: dict = {}
    if draw(st.integers(0, 5)) == 0:
        extra["incident_id"] = draw(st.sampled_from(["id-1", "id-2"]))
    if draw(st.integers(0, 7)) == 0:
        extra["_apart"] = "split"
    if draw(st.integers(0, 7)) == 0:
        extra["_stored"] = f"stored-{line}"  # a stored incident: merged first
    return row(place_id=place_id, lat=lat, lon=lon, geo=geo, country=country,
               day=DAY + timedelta(days=draw(st.integers(0, 20))) if dated else None,
               precision=precision, event_type=draw(st.sampled_from(TYPES)),
               event_count=draw(st.sampled_from([1, 1, 1, 1, None, 3, 12])),
               actor=draw(st.sampled_from(["", "", "IRI", "US"])),
               status=draw(st.sampled_from(["reported", "claimed", "denied"])),
               file=f"{source}:{line}" if source.endswith(".csv") else source,
               quote="" if source.endswith(".csv") else f"q{line}",
               **extra) | ({"place_name": "Checkpoint 7"} if not place_id else {})


@settings(max_examples=300, deadline=None)
@given(st.lists(telling(), max_size=24))
def test_the_merge_is_the_merge_before_kinds(rows: list[dict]) -> None:
    new = merge_rows(rows)
    assert new == filed_merge(rows)
    assert merge_rows(new) == filed_merge(new)  # merging a merged set: no change either way


def crowded(n: int) -> list[dict]:
    """``n`` tellings at one town and its country over two weeks: strikes, clashes,
    interceptions, each of many reports, and each tenth a tally of the country (its own
    count, so each tally is an incident of its own: their number grows with ``n``)."""
    rows = []
    for i in range(n):
        day = DAY + timedelta(days=i % 14)
        kind = TYPES[i % 7]
        report = f"r{i % (n // 3)}.txt"
        if i % 10 == 9:  # "drones struck 14 times this week": a tally of the country
            rows.append(row(place_id="iq", lat=33.0, lon=44.0, geo=4, country="IQ", day=day,
                            event_type="drone attack", event_count=2 + i, file=report,
                            quote=f"tally {i}", place_name="Iraq"))
        elif i % 10 == 4:  # a country-level telling
            rows.append(row(place_id="iq", lat=33.0, lon=44.0, geo=4, country="IQ", day=day,
                            event_type=kind, file=report, quote=f"q{i}"))
        else:
            rows.append(row(place_id=f"iq-{i % 4}", lat=33.3 + 0.01 * (i % 4), lon=44.4,
                            country="IQ", day=day, event_type=kind, file=report,
                            quote=f"q{i}", actor=("IRI", "US", "")[i % 3]))
    return rows


def test_a_crowded_place_asks_same_event_a_few_times_per_row() -> None:
    """Filed by place and week only, each row of a busy town is asked against every incident
    of its week there; by kind and closest first, a few times, however many rows there are."""
    small, large = crowded(600), crowded(2400)
    merged_small, calls_small = count_calls(small, merge_rows)
    merged_large, calls_large = count_calls(large, merge_rows)
    before_small, calls_before_small = count_calls(small, filed_merge)
    before_large, calls_before_large = count_calls(large, filed_merge)
    assert merged_small == before_small and merged_large == before_large
    assert calls_large <= len(large), calls_large  # under one call a row
    assert calls_large <= 4.4 * calls_small, (calls_small, calls_large)  # 4x the rows
    assert calls_before_large >= 8 * calls_before_small  # the old merge: quadratic
    assert calls_before_large >= 5 * calls_large
