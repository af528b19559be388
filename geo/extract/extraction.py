"""What the extractor makes of one article: its incident drafts, the places it names, and
why the events it told but left out were dropped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from geo.extract.event_places import Located
from geo.extract.scope import NO_DATE, NO_EVENT, NO_PLACE, OUT_OF_SCOPE
from geo.incidents.draft import Draft


@dataclass
class Extraction:
    """What one article yields, and why events it told were left out."""

    drafts: list[Draft] = field(default_factory=list)
    #: every place named, with offsets into the article's text
    mentions: list[Located] = field(default_factory=list)
    #: events told but not kept, by reason (geo.extract.scope's reasons)
    dropped: Counter = field(default_factory=Counter)

    @property
    def why_nothing(self) -> str:
        """Why the article gave no incident ("" when it gave some)."""
        if self.drafts:
            return ""
        for reason in (OUT_OF_SCOPE, NO_PLACE, NO_DATE):
            if self.dropped[reason]:
                return reason
        return NO_EVENT
