"""ACLED export rows -> Drafts that keep every column ACLED gave, and ACLED's own codes.

Every event type is read (battles, explosions, violence against civilians, protests, riots and
strategic developments alike). ACLED's event, sub-event and disorder types, actor categories,
ids and admin names are kept as given (:attr:`Draft.given`), with the whole row as it came in
``acled_row``; they are never rewritten. Our finer type (drone attack, airstrike, rocket
attack...) is only chosen among those that share the row's sub-event type, so a drone attack
whose notes say one drone was shot down stays a drone attack; a sub-event type none of ours
shares ("Peaceful protest", "Arrests") leaves our type empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from geo.incidents import acled
from geo.incidents.cells import restore
from geo.incidents.draft import Draft
from geo.incidents.schema import EVENT_TYPES, Source
from geo.sources.table_columns import normalize_header
from geo.sources.table_rows import RowContext, add_note, set_coordinates, set_country, set_dates
from geo.sources.table_values import is_state_air_force, parse_number, weapon_from_words

#: ACLED columns kept as given in schema columns of the same name.
_KEPT = ("event_id_cnty", "assoc_actor_1", "assoc_actor_2", "civilian_targeting", "admin2",
         "admin3", "source_scale", "tags")
#: Where a sub-event type has several of our types, the one taken when nothing else decides.
_DEFAULT = {"Air/drone strike": "drone attack",
            "Shelling/artillery/missile attack": "indirect fire"}


@cache
def _ours() -> dict[tuple[str, str], tuple[str, ...]]:
    """(ACLED event type, sub-event type) -> our types that stand for it ("other attack" only
    stands in when a text names no weapon, so never for an ACLED row)."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for ours, pair in EVENT_TYPES.items():
        if ours != "other attack":
            out[pair] = (*out.get(pair, ()), ours)
    return out


def our_event_type(event_type: str, sub_event_type: str, actor1: str, inter1: int | None,
                   notes: str) -> str:
    """Our type for an ACLED row: one that shares its sub-event type, picked by the actor (state
    forces strike from the air: airstrike) and the weapon the notes name; "" when none does."""
    choices = _ours().get((event_type, sub_event_type), ())
    if len(choices) <= 1:
        return choices[0] if choices else ""
    if "airstrike" in choices and (inter1 in (1, 8) or is_state_air_force(actor1)):
        return "airstrike"
    named = weapon_from_words(notes, among=choices)
    return named or _DEFAULT.get(sub_event_type, choices[0])


@dataclass
class AcledReader:
    """Reads the rows of one ACLED export whose header is ``header``."""

    ctx: RowContext
    header: list[str]

    def __post_init__(self) -> None:
        self._index = {normalize_header(h): i for i, h in reversed(list(enumerate(self.header)))}

    def _get(self, cells: list[str], name: str) -> str:
        i = self._index.get(normalize_header(name))
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def read(self, line: int | None, cells: list[str]) -> Draft | None:
        """A Draft for one ACLED row, or None (reported) for a row without date or place."""
        cells = [restore(c) for c in cells]  # our own ACLED export's neutralised cells
        get = lambda name: self._get(cells, name)  # noqa: E731
        draft = Draft(place_name=get("location"), actor=get("actor1"), target=get("actor2"))
        draft.admin1 = get("admin1")
        if not set_dates(self.ctx, draft, line, get("event_date"), "", get("time_precision")):
            return None
        if not set_coordinates(
            self.ctx, draft, line, get("latitude"), get("longitude"), get("geo_precision")
        ):
            return None
        set_country(self.ctx, draft, line, get("country"), get("iso"))
        given = self._codes(line, get, draft)
        draft.event_type = our_event_type(given["acled_event_type"], given["sub_event_type"],
                                          draft.actor, draft.inter1, get("notes"))
        draft.status = "reported"
        fatalities = parse_number(get("fatalities"))
        if fatalities is not None and fatalities >= 0 and fatalities == int(fatalities):
            draft.fatalities = int(fatalities)
        elif get("fatalities"):
            self.ctx.log.add(line, "fatalities", f"{get('fatalities')[:20]!r} is not a count; "
                             "left blank")
        width = len(self.header)
        row = dict(zip(self.header, [*cells[:width], *[""] * (width - len(cells))], strict=True))
        given["acled_row"] = json.dumps(row, ensure_ascii=False)
        draft.given = given
        published = draft.event_date.isoformat() if draft.event_date else ""
        draft.sources = [Source("", get("source"), published, get("notes"), self.ctx.where(line))]
        return draft

    def _codes(self, line: int | None, get, draft: Draft) -> dict:
        """ACLED's own codes of the row, as given (types filled from the codebook only where
        an older export lacks a column)."""
        sub = get("sub_event_type")
        known = acled.sub_event_types().get(sub)
        event_type = get("event_type") or (known[0] if known else "")
        disorder = get("disorder_type") or (known[1] if known else "")
        if sub and known is None:
            add_note(draft, f"ACLED sub-event type {sub[:60]!r} is not in the codebook read")
        given = {"acled_event_type": event_type, "sub_event_type": sub,
                 "disorder_type": disorder, **{name: get(name) for name in _KEPT}}
        for name in ("inter1", "inter2"):
            text = get(name)
            code = acled.inter_code(text) if text else None
            if text and code is None:
                self.ctx.log.add(line, name, f"{text[:30]!r} is not an ACLED actor category; "
                                 "kept in acled_row only")
            given[name] = code or None
        draft.inter1, draft.inter2 = given["inter1"], given["inter2"]
        return given

    def finish(self) -> None:
        """Nothing is held back: every row was read or reported."""
