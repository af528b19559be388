"""The ACLED fields of our own incidents that the text supports: the actors' categories
(``inter1``/``inter2``) and civilian targeting.

The extractor gives the categories of the actors it found in a sentence; an actor carried over
from an earlier sentence, or named in a table row, is looked up by name in the same lexicons
(the conflict fought in the row's country first). A source's own codes (an ACLED row) win.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geo.extract.actors import ActorLexicon
from geo.incidents.acled import civilian_targeting
from geo.incidents.draft import Draft


def lexicon_inter(lexicon: ActorLexicon, name: str, country: str = "") -> int | None:
    """The ACLED category of an actor named ``name`` (an alias or canonical name), or None."""
    key = " ".join(name.split())
    named = lexicon.choices.get(key) or lexicon.choices.get(key.casefold()) or []
    here = [a for a in named if country and country in a.countries]
    for actor in here + named:
        if actor.inter:
            return actor.inter
    return None


def fill_inter_codes(drafts: Iterable[Draft], lexicon: ActorLexicon) -> None:
    """Give each draft's named actor and target their categories where none is known yet."""
    for draft in drafts:
        if "inter1" in draft.given:
            continue  # the source coded its actors itself
        if draft.inter1 is None and draft.actor:
            draft.inter1 = lexicon_inter(lexicon, draft.actor, draft.country)
        if draft.inter2 is None and draft.target:
            draft.inter2 = lexicon_inter(lexicon, draft.target, draft.country)


def acled_fields(draft: Draft, acled_event_type: str) -> dict[str, Any]:
    """The draft's ACLED columns for its schema row (a source's own values win)."""
    return {"inter1": draft.inter1, "inter2": draft.inter2,
            "civilian_targeting": civilian_targeting(acled_event_type, draft.inter2),
            **draft.given}
