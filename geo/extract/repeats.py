"""The same event told again, coarser, in one report: "an air strike on a village in the
Sagaing region" in the lead, "the attack hit Pazigyi village in Kanbalu township" below it.
The coarse telling is dropped; the report's finer place stands for the event. A national
tally of interceptions is no repeat of one shot down over a city: it stays."""

from __future__ import annotations

from datetime import timedelta

from gazetteer.geodesy import distance_km
from gazetteer.normalize import key_of
from gazetteer.place import WATER, Place
from geo.extract.when import PUBLICATION_NOTE
from geo.incidents.draft import Draft
from geo.incidents.schema import TIME_WINDOW_DAYS, compatible_types

#: A region's own radius understates most provinces (it is drawn around the capital): a finer
#: place within this many times that radius, in the same country, lies in it.
REGION_REACH = 2.5
#: A region this wide or wider is a province's size: it can stand for a country-level
#: telling's event (the Green Zone, a district's size, cannot).
WIDE_REGION_M = 20_000
#: How many days before its report's day an event a coarse headline tells may lie.
HEADLINE_DAYS = 7


def _level(draft: Draft) -> int:
    """0 for a site or town, 1 for a province or region or a part of one ("northern Timbuktu
    region"), 2 for a country or a part of one ("south-western Niger"); 3 without a place."""
    place = draft.resolution.place if draft.resolution else None
    if place is None:
        return 3
    if place.kind == "country":
        return 2
    if place.kind in ("admin1", "region"):
        return 1
    return 2 if draft.relation == "part" else 0


def _finer_stands(draft: Draft, level: int) -> bool:
    place = draft.resolution.place
    return level == 0 or place.kind == "admin1" or place.uncertainty_m >= WIDE_REGION_M


def known_apart(inner: Place, outer: Place) -> bool:
    """Whether a place is known to lie outside a province: both from GeoNames, which names
    provinces one way, and its province is not this one (Sanaa is not in Hodeidah
    governorate). Curated places spell provinces their own way: not compared."""
    return bool(inner.admin1 and outer.kind == "admin1" and inner.id.startswith("geonames-")
                and outer.id.startswith("geonames-") and inner.admin1 != outer.admin1
                and key_of(inner.admin1) != key_of(outer.name))


def _within(fine: Draft, coarse: Draft) -> bool:
    inner, outer = fine.resolution.place, coarse.resolution.place
    if inner.country != outer.country or (WATER.search(outer.name) and outer.kind == "region"
                                          and not WATER.search(inner.name)):
        return False  # (a ship attacked in the Red Sea is no repeat of a strike on Hodeidah)
    if outer.kind == "country":
        return True
    if inner.admin1 and (inner.admin1 == outer.admin1 or key_of(inner.admin1) == key_of(
            outer.name)):
        return True
    if known_apart(inner, outer):
        return False
    reach = 1.0 if outer.id.startswith("admin1-") else REGION_REACH  # (a division's radius
    return distance_km(inner.lat, inner.lon, outer.lat, outer.lon) <= \
        reach * outer.uncertainty_m / 1000  # holds 90% of its towns: no need to widen it)


def _opposed(a: Draft, b: Draft) -> bool:
    """Told with parties that make them two events: different agents, or the one's target the
    other's agent (Israeli soldiers killed in Gaza, and an Israeli strike on Jabalia)."""
    return bool((a.actor and b.actor and a.actor != b.actor) or
                (a.target and a.target == b.actor) or
                (b.target and b.target == a.actor))


def _same_days(a: Draft, b: Draft) -> bool:
    if a.event_date is None or b.event_date is None:
        return False
    if PUBLICATION_NOTE in a.notes and PUBLICATION_NOTE not in b.notes:
        # a headline dated only by the report's day tells an event of the days before it
        return timedelta(0) <= a.event_date - b.event_date <= timedelta(days=HEADLINE_DAYS)
    # one report retells an event on the day it gave it: two days it gives are two events
    pad = timedelta(days=0 if a.time_precision == b.time_precision == 1 else max(
        TIME_WINDOW_DAYS.get(a.time_precision or 1, 1),
        TIME_WINDOW_DAYS.get(b.time_precision or 1, 1)))
    return a.event_date <= (b.date_end or b.event_date) + pad and \
        b.event_date <= (a.date_end or a.event_date) + pad


def _downed(coarse: Draft, fine: Draft) -> bool:
    """"Drones sent toward southern Israel", and one shot down over Eilat: that attack."""
    return fine.event_type == "interception" and coarse.event_type in (
        "drone attack", "missile attack", "rocket attack")


def drop_coarse_repeats(drafts: list[Draft]) -> list[Draft]:
    """The report's drafts without those that repeat a finer one at region or country level
    (same type family, overlapping days, the finer place inside the coarse one): a town's
    event told again for its province, or a province's for its country."""
    levels = [_level(d) for d in drafts]
    out = []
    for d, level in zip(drafts, levels, strict=True):
        if level in (1, 2) and (d.event_count or 1) == 1 and d.event_type != "interception" and \
                any(f_level < level and _finer_stands(f, f_level) and _same_days(d, f) and
                    not (f.time_precision == 3 and d.time_precision == 1) and  # (a month's)
                    (compatible_types(d.event_type, f.event_type) or _downed(d, f)) and
                    _within(f, d) and
                    not _opposed(d, f)
                    for f, f_level in zip(drafts, levels, strict=True)):
            continue
        out.append(d)
    return out
