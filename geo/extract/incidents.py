"""From an article to incident drafts: which clauses tell of an event, where, when, by whom.

A clause becomes an incident when it names an attack, strike, clash or act of violence, is not
talk of what may happen or of the past, and names where it happened. Every violent event is
kept unless a :class:`~geo.extract.scope.Scope` narrows the countries, the box or the parties.
Places that only describe or contain another are not separate incidents; the dateline city is
where the report was filed, not an event's place. A clause that counts attacks without naming
sites ("targeted 20 times between October 17 and 27", "20 targets in the Zap area") is one
aggregate record. A sentence that tells two events ("fired at X and US forces struck back at
Y"): two."""

from __future__ import annotations

import re
from datetime import date

from geo.extract.actors import ActorLexicon
from geo.extract.causes import without_cause
from geo.extract.cues import (
    AFTERMATH,
    EXPLICIT_AIR,
    FURTHER,
    NO_CUE,
    Cue,
    TypeCue,
    type_cue,
)
from geo.extract.dateline import find_dateline, wire_datelines
from geo.extract.dates import NAMES_A_MONTH, find_dates
from geo.extract.demonyms import COUNTRY_NAMES, countries_of_places, country_named
from geo.extract.event_places import (
    Located,
    as_attack_site,
    event_places,
    heading_place,
)
from geo.extract.extraction import Extraction
from geo.extract.fatalities import fatalities_in
from geo.extract.focus import ask_again, report_focus
from geo.extract.masthead import masthead_date
from geo.extract.mentions import Mention, MentionFinder
from geo.extract.narrative import Clause, Narrative, Told
from geo.extract.parties import parties
from geo.extract.repeats import drop_coarse_repeats
from geo.extract.salience import main_place
from geo.extract.scope import EVERYTHING, NO_DATE, NO_PLACE, OUT_OF_SCOPE, Scope
from geo.extract.sentences import Span, background, clauses, furniture, sentences
from geo.extract.talk import NOT_AN_EVENT_PARTS, talk_not_event
from geo.extract.tallies import count_of, tally_country
from geo.extract.turns import split_turns
from geo.extract.when import (
    DATES_THE_EVENT,
    EXPLICIT,
    PUBLICATION_NOTE,
    after_the_fact,
    best,
    date_fields,
    event_when,
    historical,
    names_an_event,
    redate,
    told_before_came,
    under_heading,
)
from geo.incidents.draft import FURTHER_NOTE, INHERITED_PLACE, Draft, join_notes
from geo.incidents.schema import Source, combine_status
from geo.resolve.chain import Resolution, ResolveContext, Resolver
from geo.sources.articles import Article

QUOTE_CHARS = 500
HEADING_CHARS = 90  # a clause this short that names a place heads what follows ("1 May - Kyiv.")

#: Words that make the US side the one that struck.
US_AGENT = Cue(
    r"\b(?:by|from)\s+(?:the\s+)?(?:US|U\.S\.|United\s+States|American|coalition)\b|"
    r"\b(?:US|U\.S\.|American|coalition)\s+(?:F-\d+|B-\d+|AC-\d+|bombers?|gunships?|fighter|"
    r"warplanes?|jets?|aircraft|drone\s+strikes?|air\s*strikes?|strikes?|raids?|air\s+force|army|military\s+(?:said|says)\s+(?:that\s+)?it\s+had|forces\s+(?:struck|"
    r"carried\s+out|launched|conducted|had\s+shot|shot))|"
    r"\bUnited\s+States\s+(?:struck|launched|carried\s+out|conducted)",
    ("us", "u.s.", "united", "american", "coalition"))
US_AS_TARGET = Cue(
    r"\b(?:on|against|targeting|targeted|at|hit)\s+(?:the\s+)?(?:a\s+)?(?:US|U\.S\.|American|"
    r"coalition)\b|\b(?:US|U\.S\.|American)\s+(?:forces|troops|bases?|personnel)\s+(?:\w+\s+){0,4}"
    r"(?:been\s+targeted|come\s+under|came\s+under|targeted|attacked)",
    ("us", "u.s.", "american", "coalition"))
#: A liveblog entry's clock time opening its paragraph ("11:50 — ", "08:05 GMT: ").
CLOCK_ENTRY = re.compile(r"[ \t]*\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:[A-Z]{2,4}\s*)?[—–:-]")
#: A strike on the launcher of the attack just told: where it stood, not where it hit.
AT_LAUNCHER = re.compile(r"\b(?:launchers?|launch\s+(?:sites?|points?|positions?|areas?))\b",
                         re.IGNORECASE)
#: A clause that goes on with the last one's subject: "..., and hit Karbala airport".
SAME_SUBJECT = re.compile(r"^\W*(?:and|,)\s+(?:also\s+|then\s+|later\s+)?(?:hit|struck|"
                          r"targeted|bombed|pounded|destroyed)\b", re.IGNORECASE)
#: Words that open the telling of another event: nothing is inherited across them.
NEW_STORY = re.compile(r"^\W*(?:separately|meanwhile|elsewhere|in\s+another|in\s+a\s+separate)\b",
                       re.IGNORECASE)
#: A clause that carries on the one before ("..., with the October 7 attack followed by ...").
CONTINUES = re.compile(r"^\W*(?:with|and|which|that|followed)\b", re.IGNORECASE)
#: Times of day that, in a paragraph headed by its date, fall on that date.
TIME_OF_DAY = frozenset({"overnight", "last night", "tonight", "this morning", "this evening"})


class Extractor:
    """Turns articles into incident drafts with a resolver for their places."""

    def __init__(self, resolver: Resolver, lexicon: ActorLexicon | None = None,
                 scope: Scope = EVERYTHING):
        self.resolver = resolver
        self.finder = MentionFinder(resolver.gazetteer)
        self.lexicon = lexicon or ActorLexicon.load()
        self.scope = scope

    def resolve(self, mention: Mention, near: tuple[tuple[float, float], ...] = (),
                focus: tuple[str, ...] = ()) -> Resolution:
        """The mention's place (the resolver remembers answers to repeated questions)."""
        ctx = ResolveContext(kind=mention.kind_hint or None, near=near, focus=focus)
        return self.resolver.resolve(mention.lookup, ctx)

    def _country(self, code: str) -> Resolution | None:
        """The gazetteer's country of an ISO code ("UA": Ukraine), if it knows it."""
        res = self.resolver.resolve(COUNTRY_NAMES[code]) if code in COUNTRY_NAMES else None
        return res if res is not None and res.resolved else None

    def _dateline_country(self, dateline) -> str:
        """The country of the city a report was filed from, when the gazetteer knows it."""
        if dateline is None or "/" in dateline.place:
            return ""  # "WASHINGTON/BEIRUT": bureaus, not the story's country
        res = self.resolver.resolve(dateline.place.split(",")[0].title())
        return res.place.country if res.resolved else ""

    def extract(self, article: Article) -> Extraction:
        text = article.text
        published = article.published or masthead_date(text)
        dateline = find_dateline(text, published)
        anchor = (dateline.day if dateline and dateline.day else None) or published
        skip = (dateline.begin, dateline.end) if dateline else (0, 0)
        sents = sentences(text)
        # actors, places and dates are found in one pass over the whole text (a scan per
        # clause would cost a dozen Python calls each), then dealt out to the clauses
        whole = self._parse(Span(text, 0, 0), anchor, skip)
        # the report's focus: the countries its unambiguous places and its dateline lie in;
        # doubtful names (ambiguous, fuzzy, far) are asked again with it and with the
        # report's plainly named places as "near"
        focus = report_focus(whole.places, self._dateline_country(dateline),
                             countries_of_places(text))
        whole.actors = self.lexicon.for_countries(whole.actors, text, focus)
        whole.places = ask_again(whole.places, focus, self.resolve)
        parsed = [[whole.part(c) for c in split_turns(clauses(s))] for s in sents]
        told = Told(sents, parsed, main_place(whole.places, skip, text), focus, whole.places)
        out = Extraction(mentions=[loc for s in parsed for c in s for loc in c.places])
        story = Narrative()
        for si, sentence in enumerate(parsed):
            if furniture(article.text, sents[si]):
                continue  # "Read more: ...", a photo caption, a byline
            aside = False  # the previous clause was background that may go on
            for clause in sentence:
                text = clause.span.text
                # "..., days after a US strike killed ...", "amid ...", "since ...": what came
                # before the sentence's event, and the clauses that carry it on, are background
                aside = bool(background(text)) or (aside and bool(CONTINUES.match(text)))
                if not aside:
                    out.drafts += self._events(article, anchor, told, si, clause, story, out)
        out.drafts = drop_coarse_repeats(out.drafts)
        return out

    def _parse(self, span: Span, anchor: date | None, skip: tuple[int, int]) -> Clause:
        actors = self.lexicon.find(span.text)
        found_dates = find_dates(span.text, anchor)
        # ("between Jan. 20 and Jan. 26": no place named Jan)
        masked = [(a.begin, a.end) for a in actors] + ([skip] if skip[1] else []) + \
            wire_datelines(span.text) + [(d.begin, d.stop) for d in found_dates
                                         if d.kind in NAMES_A_MONTH]
        mentions = sorted(self.finder.find(span.text, masked), key=lambda m: m.begin)
        located = [Located(m, self.resolve(m)) for m in mentions]
        dates = [d for d in found_dates if not skip[0] <= d.begin < skip[1]]
        return Clause(span, actors, located, dates)

    def _events(self, article: Article, anchor: date | None, told: Told, si: int,
                clause: Clause, story: Narrative, out: Extraction) -> list[Draft]:
        text = clause.span.text
        cue = type_cue(without_cause(text))
        if not (cue.attack or cue.event_type) and story.event_type and \
                AFTERMATH.search(text) and heading_place(article.text, clause.places):
            cue = TypeCue("", cue.air, True)  # "– Khmelnytskyi: homes damaged", below an attack
        if cue is NO_CUE and not clause.dates and (len(text) > HEADING_CHARS or
                                                   not clause.places):
            return []  # no event, no date, no heading place: nothing to tell or to carry on
        told_of = [d for d in clause.dates if names_an_event(text, d)]
        dates = [d for d in after_the_fact(text, clause.dates) if d not in told_of and (
                     d.kind != "chained" or story.when is not None)]
        if told_of and not dates:
            return []  # "the October 7 attack": an earlier event named by its date
        history, current = [], []
        for d in dates:
            (history if d.kind != "chained" and historical(d, anchor) else current).append(d)
        if current and story.when is not None and story.when_paragraph == \
                clause.span.paragraph and story.when.kind in EXPLICIT and \
                all(d.kind == "relative" and d.text.lower() in TIME_OF_DAY for d in current):
            current = []  # "20 March — Gao. ... overnight": the night of the heading's day
        elif current and story.when_heading and story.when is not None and \
                story.when_paragraph == clause.span.paragraph:
            current = under_heading(current, story.when)
        if current and current[0].kind != "chained" and current[0].start is not None and \
                (best(current).precision or 3) <= 2 and not background(text) and (
                    best(current).kind in EXPLICIT or len(text) <= HEADING_CHARS or
                    cue.attack or cue.event_type):
            # ("By Sunday the WHO put the toll at 70": the day of a statement, not an event)
            story.when = best(current)  # a month-long summary ("since October 17") is not
            story.when_paragraph = clause.span.paragraph
            if story.lead is None and story.when.precision == 1 and (cue.attack or cue.event_type):
                story.lead = story.when
            story.when_heading = story.when.kind in EXPLICIT and story.when.begin == 0 and \
                article.text[clause.span.begin - 1:clause.span.begin] in ("", "\n")
            if story.page_day is None and story.when.kind in EXPLICIT and \
                    story.when.precision == 1 and len(text) <= HEADING_CHARS:
                story.page_day = story.when  # "Friday, 28 March 2025 — all times Beirut"
        names_a_day = any(d.precision == 1 for d in current)
        is_event = bool(cue.attack or cue.event_type) and not talk_not_event(text, names_a_day) \
            and not told.spans[si].text.rstrip(" \"'”’)").endswith("?")  # a question tells none
        places = event_places(article.text, clause.places) \
            if is_event or cue.attack or len(text) <= HEADING_CHARS else []
        if (came := told_before_came(text, clause.dates)) and places:
            places = [p for p in places if p.mention.begin >= clause.span.begin + came]
        own = [p for p in places if p.resolution.resolved]  # an event's places, or a heading's
        if own:
            story.where, story.where_paragraph = own, clause.span.paragraph
            story.where_heading = not is_event and len(text) <= HEADING_CHARS
        if not is_event:
            if current and DATES_THE_EVENT.search(text):  # "the operation took place on ..."
                redate(out.drafts, best(current))
            return []
        if history and not current:
            return []
        who = parties(text, clause.actors)
        agent, target = who.agent, who.target
        if agent is not None:
            story.agent = agent.actor.name
        event_type = cue.event_type
        agent_state = agent.actor.state if agent else False
        if US_AGENT.search(text) and event_type in ("", "drone attack", "missile attack"):
            event_type = "airstrike"  # "a US drone strike", "the attack launched by the US"
        elif not event_type and cue.air and (
                EXPLICIT_AIR.search(text) or agent_state or
                (agent is None and story.airstrike_told and not US_AS_TARGET.search(text))):
            event_type = "airstrike"  # "Israeli jets struck", "the strikes hit ..." after them
        elif event_type == "drone attack" and agent_state and "drone strike" in text.lower():
            event_type = "airstrike"
        specific_type = bool(event_type)
        inherited = False
        if event_type and not background(text):
            story.event_type, story.last_event_sentence = event_type, si
        elif si - story.last_event_sentence <= 1 and not NEW_STORY.match(text) and \
                story.event_type != "interception":  # what was hit is no downing
            event_type = story.event_type  # "Among the targets were ..." after "drone attacks"
            inherited = bool(event_type)
        event_type = event_type or "other attack"
        if event_type == "airstrike":
            story.airstrike_told = True
        actor = agent.actor.name if agent else (story.agent if inherited else "")
        target_name = target.actor.name if target else ""
        sides = {m.actor.side for m in (agent, target) if m is not None}
        names = {m.actor.name for m in (agent, target) if m is not None}
        if not self.scope.parties_ok(sides, names):
            out.dropped[OUT_OF_SCOPE] += 1
            return []

        if cue.attack or cue.event_type:
            places = [as_attack_site(p) for p in places]
        tally = tally_country(text, told.focus, told.located) \
            if not places and event_type == "interception" else ""
        if not places and event_type == "interception" and not tally and \
                si - story.last_draft_sentence <= 1:
            return []  # "..., one was shot down": how the attack just told ended
        inherited_place = False
        if not places and len(story.where) == 1 and (not tally or story.where_heading) and \
                story.where_paragraph == clause.span.paragraph and \
                (cue.event_type or cue.air or (cue.attack and story.where_heading)) and \
                not AT_LAUNCHER.search(text) and not background(text):
            # a weapon named, or a note under a heading line ("21 AUG — 57 NM S of ADEN.")
            places, inherited_place = story.where, True  # "hit the city centre", "the region"
        if not tally and (cue.event_type or cue.air or cue.attack) and \
                all(p.rank >= 3 for p in places):
            # "...ambushed a bus in the desert. The attack took place near Mayadin"; "stormed a
            # wedding in central Mali. The attackers rode into X, near Bandiagara": finer
            ahead = told.next_places(article.text, si, {p.resolution.place.country
                                                        for p in places if p.resolution.place})
            if ahead:
                places, inherited_place = ahead, True
        if not places and not tally and cue.event_type and told.main_place is not None and (
                current or story.when is not None) and si - story.last_draft_sentence > 1:
            # "Drones struck the emergency building": a report about one town
            places, inherited_place = [told.main_place], True
        kept = [p for p in places if p.resolution.place is None or self.scope.place_ok(
            p.resolution.place.lat, p.resolution.place.lon, p.resolution.place.country)]
        if places and not kept:
            out.dropped[OUT_OF_SCOPE] += 1
            return []
        if event_type == "missile attack" and agent is None and (
                si - story.last_airstrike_sentence <= 2 and any(
                    p.resolution.place is not None and
                    p.resolution.place.id in story.struck_from_air for p in kept) or
                si == story.last_airstrike_sentence and SAME_SUBJECT.match(text)):
            # "...as the missiles slammed into the car"; "aircraft struck X ... and hit Y"
            event_type = "airstrike"
        if event_type == "airstrike":
            story.last_airstrike_sentence = si
            story.struck_from_air = {p.resolution.place.id for p in kept
                                     if p.resolution.place is not None}
        specific = [p for p in kept if p.rank < 4]
        countries = [p for p in kept if p.rank == 4]
        count = count_of(text)
        if count and count > 2 and inherited_place:
            specific, countries = [], []  # "more than 300 air strikes in the year": no place
        elif count and count > 2 and specific and all(p.rank == 3 for p in specific):
            specific, countries = [], specific  # regions only: a sum, no points
        entry = story.page_day is not None and CLOCK_ENTRY.match(
            article.text, article.text.rfind("\n", 0, clause.span.begin) + 1)
        # "11:50 — ...": a liveblog entry is of the page's day, not of a date told above it
        when, when_note = event_when(current, story.page_day, False, True) if entry else \
            event_when(current, story.told_before(clause.span.paragraph),
                       story.when_paragraph == clause.span.paragraph, story.when_heading)
        if when is None and anchor is not None:
            when, when_note = ("published", anchor), PUBLICATION_NOTE
        found = self._statuses(told, si)
        if inherited and si > 0:
            found |= told.statuses(si - 1)  # "... attacks have been claimed. Among ..."
        status = combine_status(found)
        quote = told.spans[si].text[:QUOTE_CHARS]
        published = article.published
        source = Source(url=article.url, publisher=article.publisher,
                        published=published.isoformat() if published else "", quote=quote,
                        file=article.path)
        base = dict(event_type=event_type, status=status, actor=actor, target=target_name,
                    fatalities=None if count else fatalities_in(text), sources=[source],
                    inter1=agent.actor.inter or None if agent else None,
                    inter2=target.actor.inter or None if target else None)
        drafts: list[Draft] = []
        # "another attack" in a headline tells of no other the report told
        further = FURTHER_NOTE if story.last_draft_sentence >= 0 and FURTHER.search(text) else ""
        if specific:
            for loc in specific:
                drafts.append(self._draft(
                    loc, article.text, clause.span.begin, when, when_note, base,
                    note=join_notes(f"one of ~{count} attacks reported" if count else "",
                                    INHERITED_PLACE if inherited_place
                                    else "", further)))
        elif count and (countries or current or country_named(text)):
            names_ = [c.mention.lookup for c in countries] or country_named(text)
            loc = countries[0] if len(countries) == 1 else None
            draft = Draft(place_name="; ".join(names_), event_count=count,
                          notes=join_notes(f"aggregate: {count} or more events", when_note),
                          **date_fields(when), **base)
            if loc is not None:
                draft.resolution, draft.country = loc.resolution, loc.resolution.place.country
            drafts.append(draft)
        elif countries and specific_type and (current or (
                inherited_place and story.where_heading and story.when is not None and
                story.when.precision == 1)):  # "29 December — Ukraine (nationwide). ..."
            for loc in countries:
                drafts.append(self._draft(loc, article.text, clause.span.begin, when,
                                          when_note, base))
        elif tally and not places and (home := self._country(tally)):
            drafts.append(Draft(place_name=home.place.name, resolution=home, country=home.place
                                .country, notes=when_note, **date_fields(when), **base))
        elif not places:
            out.dropped[NO_PLACE] += 1
        if drafts:
            story.last_draft_sentence = si
        if drafts and all(d.event_date is None for d in drafts):
            out.dropped[NO_DATE] += 1
        return drafts

    @staticmethod
    def _statuses(told: Told, si: int) -> set[str]:
        """Status cues of the sentence and of the next ones that only comment on it (no place
        or date of their own: "The militia claimed the drones hit their targets")."""
        found = set(told.statuses(si))
        for follow in range(si + 1, min(si + 3, len(told.spans))):
            if any(c.places or c.dates for c in told.parsed[follow]):
                break
            if not NOT_AN_EVENT_PARTS.search(told.spans[follow].text.lower()):
                found |= told.statuses(follow)  # "will release a statement" says nothing
        return found

    @staticmethod
    def _draft(loc: Located, text: str, clause_begin: int, when, when_note: str, base: dict,
               note: str = "") -> Draft:
        m, res = loc.mention, loc.resolution
        phrase = m.phrase(text, since=clause_begin)  # as far back as the clause goes
        notes = join_notes(f"located as written: “{phrase}”" if phrase != m.text else "", when_note,
                      note)
        return Draft(
            place_name=m.text, kind_hint=m.kind_hint, relation=m.relation,
            relation_km=m.relation_km, direction=m.direction, resolution=res,
            country=res.place.country if res.place else "", notes=notes, **date_fields(when),
            **base,
        )
