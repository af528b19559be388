"""ACLED export rows -> Drafts, keeping ACLED's own precision, coordinates and event id.

ACLED codes militia drone and rocket attacks and US strikes alike as "Explosions/Remote
violence"; our finer event type comes from the sub-event type, the actor and the notes' words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from geo.incidents.draft import Draft
from geo.incidents.schema import Source
from geo.sources.table_columns import normalize_header
from geo.sources.table_rows import RowContext, add_note, set_coordinates, set_country, set_dates
from geo.sources.table_values import Mapped, event_type_from_words, is_state_air_force

#: ACLED event types that are not attacks; their rows are skipped (and counted).
NOT_ATTACKS = frozenset({"protests", "riots"})
#: The one "Strategic developments" sub-event that is about attacks: interceptions.
INTERCEPTED = "disrupted weapons use"

_BY_SUB_EVENT = {
    "air/drone strike": "drone attack",
    "shelling/artillery/missile attack": "indirect fire",
}


def acled_event_type(event_type: str, sub_event_type: str, actor1: str, notes: str) -> Mapped:
    """Our event type for an ACLED row, with a note when it rests on the sub-event alone."""
    sub = sub_event_type.strip().casefold()
    if sub == INTERCEPTED:
        return Mapped("interception")
    state = is_state_air_force(actor1)
    if sub == "air/drone strike" and state:
        return Mapped("airstrike")
    words = event_type_from_words(notes, actor1)
    if words is not None and words != "other attack":
        return Mapped(words)
    if sub in _BY_SUB_EVENT:
        kind = _BY_SUB_EVENT[sub]
        return Mapped(kind, f"type from ACLED sub-event {sub_event_type.strip()!r}")
    label = "/".join(t.strip() for t in (event_type, sub_event_type) if t.strip()) or "none"
    return Mapped("other attack", f"ACLED type {label[:80]!r} read as other attack")


@dataclass
class AcledReader:
    """Reads the rows of one ACLED export whose header is ``header``."""

    ctx: RowContext
    header: list[str]
    skipped: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._index = {normalize_header(h): i for i, h in reversed(list(enumerate(self.header)))}

    def _get(self, cells: list[str], name: str) -> str:
        i = self._index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def read(self, line: int | None, cells: list[str]) -> Draft | None:
        """A Draft for one ACLED row, or None for a non-attack or unusable row."""
        get = lambda name: self._get(cells, name)  # noqa: E731
        acled_type, sub = get("event type"), get("sub event type")
        if acled_type.casefold() in NOT_ATTACKS or (
            acled_type.casefold() == "strategic developments" and sub.casefold() != INTERCEPTED
        ):
            self.skipped[acled_type or "?"] += 1
            return None
        draft = Draft(place_name=get("location"), actor=get("actor1"), target=get("actor2"))
        draft.admin1 = get("admin1")
        if not set_dates(self.ctx, draft, line, get("event date"), "", get("time precision")):
            return None
        if not set_coordinates(
            self.ctx, draft, line, get("latitude"), get("longitude"), get("geo precision")
        ):
            return None
        notes = get("notes")
        kind = acled_event_type(acled_type, sub, draft.actor, notes)
        draft.event_type, draft.status = kind.value, "reported"
        set_country(self.ctx, draft, line, get("country"), get("iso"))
        event_id = get("event id cnty")
        draft.notes = f"ACLED {event_id}" if event_id else "ACLED"
        if sub:
            add_note(draft, f"ACLED sub-event: {sub[:80]}")
        fatalities = get("fatalities")
        if fatalities.isdigit() and int(fatalities) > 0:
            add_note(draft, f"fatalities: {int(fatalities)}")
        add_note(draft, kind.note)
        published = draft.event_date.isoformat() if draft.event_date else ""
        draft.sources = [Source("", get("source"), published, notes, self.ctx.where(line))]
        return draft

    def finish(self) -> None:
        if self.skipped:
            counts = ", ".join(f"{n} {t}" for t, n in sorted(self.skipped.items()))
            self.ctx.log.add(None, "event_type", f"rows that are not attacks skipped: {counts}")
