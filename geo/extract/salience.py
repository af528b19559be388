"""What a report is about: the one town it keeps coming back to."""

from __future__ import annotations

from collections import Counter

from geo.extract.event_places import Located, speaks_for_government
from geo.extract.not_where import not_where


def main_place(places: list[Located], dateline: tuple[int, int], text: str = ""
               ) -> Located | None:
    """The town or site a report keeps coming back to: named at least twice, more often than
    any other, and in more than a third of the town and site mentions (the dateline aside,
    and a government named by its capital or where people came from: "Baghdad blames",
    "visitors from Baghdad"). None when the report is about several places."""
    counts: Counter = Counter()
    first: dict[str, Located] = {}
    for loc in places:
        place = loc.resolution.place
        if not loc.resolution.resolved or loc.rank > 2 or \
                dateline[0] <= loc.mention.begin < dateline[1] or \
                loc.mention.relation in ("distance", "direction"):
            continue  # "the dam, 350 km north of Khartoum": a reference point, not the subject
        window = text[max(0, loc.mention.begin - 90):loc.mention.begin]
        if text and (not_where(window, window.lower()) or
                     speaks_for_government(text, loc.mention.end)):
            continue  # (but "Pokrovsk was where people came" is about Pokrovsk)
        counts[place.id] += 1
        first.setdefault(place.id, loc)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or 3 * ranked[0][1] <= sum(counts.values()) or (
            len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
        return None
    return first[ranked[0][0]]
