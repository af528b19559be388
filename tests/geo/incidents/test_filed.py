"""merge_rows looks only at the incidents filed where a row may meet them; for rows of tables
it skips other rows of the same table (geo.incidents.filed). Whatever the mix of tables,
repeated rows, rows read again and articles, it merges exactly as comparing each row with
every incident merged before it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.incidents import merge
from geo.incidents.merge import merge_rows
from geo.incidents.tellings import FACTS
from tests.geo.incidents.test_merge import count_calls, row

DAY = date(2023, 10, 1)
PLACES = [("iq-a", 33.30, 44.40), ("iq-b", 33.31, 44.41), ("", 33.35, 44.45)]


def unfiled_merge(rows: list[dict]) -> list[dict]:
    """merge_rows' algorithm with no filing: every merged incident is a candidate."""
    merged: list[dict] = []
    for r in sorted(rows, key=merge._order):
        r = {**r, "sources": list(r.get("sources") or []), FACTS: None}
        matches = [i for i, m in enumerate(merged) if merge.same_event(m, r)]
        if matches:
            target = min(matches, key=lambda i: (merged[i]["event_type"] != r["event_type"],
                                                 not (merge._files(merged[i]) & merge._files(r)),
                                                 i))
            merge.absorb(merged[target], r)
        else:
            merged.append(r)
    for m in merged:
        m.pop(FACTS, None)
    return merge.with_unique_ids(merged)


one_row = st.builds(
    lambda source, line, place, day, kind: row(
        place_id=PLACES[place][0], place_name=PLACES[place][0] or "Checkpoint",
        lat=PLACES[place][1], lon=PLACES[place][2], country="IQ",
        day=DAY + timedelta(days=day), event_type=kind,
        file=f"{source}:{line}" if source.endswith(".csv") else source,
        quote="" if source.endswith(".csv") else f"q{line}"),
    st.sampled_from(["a.csv", "b.csv", "report.txt", "other.txt"]),
    st.integers(2, 6), st.integers(0, 2), st.integers(0, 3),
    st.sampled_from(["drone attack", "other attack", "rocket attack"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(one_row, max_size=14))
def test_filed_merge_is_the_unfiled_merge(rows: list[dict]) -> None:
    assert merge_rows(rows) == unfiled_merge(rows)


def test_a_large_table_is_merged_in_linear_time() -> None:
    """Rows of one table at one place on nearby days: each would meet every other; filed by
    table, a row meets only its repeats (here every tenth row repeats an earlier one)."""
    rows = [row(file=f"big.csv:{i + 2}", quote="", day=DAY,
                place_id="iq-a", lat=33.3, lon=44.4, country="IQ", actor=f"a{i % 900}")
            for i in range(1000)]
    merged, calls = count_calls(rows, merge_rows)
    assert len(merged) == 900  # rows i and i + 900 repeat each other
    assert calls <= 200, calls  # not 1000 x 1000 / 2
