"""What the telling of a report carries from sentence to sentence: each clause's actors,
places and dates; each sentence's status cues; and what earlier sentences established."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from geo.extract.actors import ActorMention
from geo.extract.cues import statuses
from geo.extract.dates import DateSpan
from geo.extract.event_places import Located, event_places
from geo.extract.sentences import Span, background

#: A sentence that goes on about the event just told ("The attack took place near X", "The
#: attackers rode into X").
REFERS_BACK = re.compile(
    r"^\W*(?:the|this|that|these)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|ambush|assault|"
    r"raids?|bombings?|blasts?|explosions?|incident|shelling|killings?|attackers|gunmen|"
    r"assailants|militants|raiders)\b(?:\s+\w+){0,3}?\s+"
    r"(?:took\s+place|happened|occurred|was\s+carried\s+out|hit|struck|targeted|rode|stormed|"
    r"entered|raided|descended)\b",
    re.IGNORECASE)


@dataclass
class Narrative:
    """What earlier sentences of the article established."""

    when: DateSpan | None = None
    when_paragraph: int = -1
    when_heading: bool = False  # the date opens its line ("9 November 2023 | Harir | ...")
    page_day: DateSpan | None = None  # the first heading date: a liveblog page's day
    lead: DateSpan | None = None  # the first day the report gives an event: its lead's
    event_type: str = ""
    agent: str = ""
    last_event_sentence: int = -10
    last_draft_sentence: int = -10
    airstrike_told: bool = False  # "the strikes" later in the article are these airstrikes
    struck_from_air: set[str] = field(default_factory=set)  # places of the last airstrike told
    last_airstrike_sentence: int = -10
    #: the places the paragraph is about ("29 December - Dnipro." then "missiles hit the
    #: city centre"), and that paragraph
    where: list[Located] = field(default_factory=list)
    where_paragraph: int = -1
    where_heading: bool = False  # the places came from a heading line, not an event

    def told_before(self, paragraph: int) -> DateSpan | None:
        """The date a clause of ``paragraph`` without one of its own carries on: the last one
        told, unless it is a day before the lead's, told in an earlier paragraph ("On May 10,
        Russia launched an offensive." between the day's attacks and their list): background,
        whose date ends with its paragraph."""
        when, lead = self.when, self.lead
        if when is not None and lead is not None and paragraph != self.when_paragraph and \
                when.end is not None and lead.start is not None and when.end < lead.start:
            return lead
        return when


@dataclass
class Clause:
    span: Span
    actors: list[ActorMention]
    places: list[Located]
    dates: list[DateSpan]
    starts: tuple[list[int], list[int], list[int]] | None = None

    def part(self, span: Span) -> Clause:
        """The share of ``span`` (a clause of this text): actors and dates with offsets
        relative to the clause, places as they are (offsets into the whole text)."""
        lo = span.begin - self.span.begin
        hi = lo + len(span.text)

        if self.starts is None:  # items are in text order: bisect to the clause
            self.starts = ([a.begin for a in self.actors],
                           [p.mention.begin for p in self.places], [d.begin for d in self.dates])

        def within(items, starts):
            return items[bisect_left(starts, lo):bisect_left(starts, hi)]

        # plain constructors: dataclasses.replace() costs several times as much, per item
        actors = [ActorMention(a.actor, a.begin - lo, a.end - lo)
                  for a in within(self.actors, self.starts[0])]
        dates = [DateSpan(start=d.start, end=d.end, precision=d.precision, begin=d.begin - lo,
                          stop=d.stop - lo, kind=d.kind, text=d.text, speech=d.speech,
                          offset=d.offset)
                 for d in within(self.dates, self.starts[2])]
        return Clause(span, actors, within(self.places, self.starts[1]), dates)


@dataclass
class Told:
    """The article's sentences and their clauses; each sentence's status cues are found once,
    when first asked for (several events of a sentence, and the sentences before and after
    them, ask again)."""

    spans: list[Span]
    parsed: list[list[Clause]]
    main_place: Located | None = None  # the one town the report is about, if there is one
    focus: frozenset[str] = frozenset()  # the countries the report is about
    located: list[Located] = field(default_factory=list)  # every place of the report
    _statuses: dict[int, frozenset[str]] = field(default_factory=dict)

    def statuses(self, i: int) -> frozenset[str]:
        found = self._statuses.get(i)
        if found is None:
            found = self._statuses[i] = frozenset(statuses(self.spans[i].text))
        return found

    def next_places(self, text: str, i: int, within: set[str] | None = None) -> list[Located]:
        """The places of sentence ``i + 1`` when it only goes on about sentence ``i``'s event
        ("...ambushed a bus in the desert. The attack took place near Mayadin"); with
        ``within``, only towns and sites in those countries (finer than what ``i`` named)."""
        if i + 1 >= len(self.spans) or not REFERS_BACK.match(self.spans[i + 1].text):
            return []
        for clause in self.parsed[i + 1]:
            if background(clause.span.text):
                continue  # "..., in response to a rocket attack at Patrol Base Shaddadi"
            found = [p for p in event_places(text, clause.places) if p.resolution.resolved and (
                not within or (p.rank < 3 and p.resolution.place.country in within))]
            if found:
                return found
        return []
