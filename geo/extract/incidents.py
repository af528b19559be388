"""From an article to incident drafts: which clauses tell of an event, where, when, by whom.

A clause becomes an incident when it names an attack or strike, is not talk of what may happen
or of the past, involves the actors in scope, and names where it happened. Places that only
describe another ("Harir airbase in the city of Erbil") or contain it ("Deir ez-Zor province")
are not separate incidents. A clause that counts attacks without naming sites ("targeted 20
times between October 17 and 27") is one aggregate record, never invented points.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta

from gazetteer.normalize import key_of
from gazetteer.place import SITE_KINDS
from geo.extract.actors import ActorLexicon, ActorMention
from geo.extract.cues import NOT_AN_EVENT, Cue, count_of, statuses, type_cue
from geo.extract.dates import DateSpan, find_dates
from geo.extract.mentions import Mention, MentionFinder
from geo.extract.sentences import BACKGROUND, Span, clauses, sentences
from geo.incidents.draft import Draft, join_notes
from geo.incidents.schema import Source, combine_status
from geo.resolve.chain import Resolution, ResolveContext, Resolver
from geo.sources.articles import Article

#: Incidents are kept when one of their parties is on these sides...
IN_SCOPE = frozenset({"militia", "iran", "us"})
#: ...and they happened in these countries (where the US forces in question are).
THEATRE = frozenset({"IQ", "SY", "JO"})
HISTORY_DAYS = 60  # an event dated this long before publication is history, not news
QUOTE_CHARS = 500

DESCRIBES = re.compile(
    r"^\s*(?:,|–|—|-)?\s*(?:(?:in|of|at|near)\s+)?(?:the\s+)?"
    r"(?:(?:(?:about|some|around|roughly|nearly|approximately|almost)\s+)?"
    r"(?:\d+\s*(?:km|kilomet\w+|miles?)\s+)?(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?\s+(?:of\s+)?)?(?:the\s+)?"
    r"(?:(?:neighbou?ring|nearby|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|central|northeast|northwest|southeast|"
    r"southwest|Iraqi|Syrian|Kurdish|Jordanian)\s+)*"
    r"(?:(?:city|town|village|province|governorate|region|area|district|country)\s+(?:of\s+)?)?"
    r"(?:the\s+)?$", re.IGNORECASE)
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
#: Words that open the telling of another event: nothing is inherited across them.
NEW_STORY = re.compile(r"^\W*(?:separately|meanwhile|elsewhere|in\s+another|in\s+a\s+separate)\b",
                       re.IGNORECASE)
#: "X said", "according to X": a party that only tells of the event is not a party to it.
SPEAKS_AFTER = re.compile(r"\W{0,3}(?:said|says|told|reported|announced|stated)\b", re.IGNORECASE)
SPEAKS_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)
DEMONYMS = {"iraqi": "Iraq", "syrian": "Syria", "jordanian": "Jordan"}


def rank(res: Resolution | None) -> int:
    """How coarse a located place is: 0 site, 1 town, 2 city, 3 province/region, 4 country."""
    if res is None or res.place is None:
        return 1
    kind = res.place.kind
    if kind in SITE_KINDS:
        return 0
    return {"village": 1, "town": 1, "city": 2, "admin1": 3, "region": 3, "country": 4}[kind]


@dataclass
class Located:
    mention: Mention
    resolution: Resolution

    @property
    def part_of_country(self) -> bool:
        return self.mention.relation == "part"

    @property
    def rank(self) -> int:
        r = rank(self.resolution)
        return 3 if r == 4 and self.part_of_country else r


@dataclass
class Extraction:
    """What one article yields."""

    drafts: list[Draft] = field(default_factory=list)
    #: every place named, with offsets into the article's text
    mentions: list[Located] = field(default_factory=list)


@dataclass
class _Narrative:
    """What earlier sentences of the article established."""

    when: DateSpan | None = None
    event_type: str = ""
    militia: str = ""
    last_event_sentence: int = -10
    airstrike_told: bool = False  # "the strikes" later in the article are these airstrikes


class Extractor:
    """Turns articles into incident drafts with a resolver for their places."""

    def __init__(self, resolver: Resolver, lexicon: ActorLexicon | None = None,
                 sides: frozenset[str] = IN_SCOPE, theatre: frozenset[str] = THEATRE):
        self.resolver = resolver
        self.finder = MentionFinder(resolver.gazetteer)
        self.lexicon = lexicon or ActorLexicon.load()
        self.sides = sides
        self.theatre = theatre

    def resolve(self, mention: Mention, near: tuple[tuple[float, float], ...] = ()) -> Resolution:
        """The mention's place (the resolver remembers answers to repeated questions)."""
        ctx = ResolveContext(kind=mention.kind_hint or None, near=near)
        return self.resolver.resolve(mention.lookup, ctx)

    def extract(self, article: Article) -> Extraction:
        sents = sentences(article.text)
        # actors, places and dates are found in one pass over the whole text (a scan per
        # clause would cost a dozen Python calls each), then dealt out to the clauses
        whole = self._parse(Span(article.text, 0, 0), article.published)
        parsed = [[whole.part(c) for c in clauses(s)] for s in sents]
        told = _Told(sents, parsed)
        # places named plainly give the others their context ("near" the article's sites)
        near = tuple(sorted({
            (loc.resolution.place.lat, loc.resolution.place.lon)
            for sentence in parsed for clause in sentence for loc in clause.places
            if loc.resolution.resolved and rank(loc.resolution) <= 2
        }))
        if near:
            for sentence in parsed:
                for clause in sentence:
                    # nearness only re-ranks rivals: it can settle an ambiguity, nothing else
                    clause.places = [
                        loc if loc.resolution.status != "ambiguous" else Located(
                            loc.mention, self.resolve(loc.mention, near))
                        for loc in clause.places
                    ]
        out = Extraction(mentions=[loc for s in parsed for c in s for loc in c.places])
        story = _Narrative()
        for si, sentence in enumerate(parsed):
            past = False  # the previous clause of the sentence told of history
            for clause in sentence:
                if past and BACKGROUND.match(clause.span.text):
                    continue  # "..., days after a US strike killed ...": history too
                out.drafts += self._events(article, told, si, clause, story)
                past = _is_history(clause, article.published)
        return out

    def _parse(self, span: Span, published: date | None) -> _Clause:
        actors = self.lexicon.find(span.text)
        masked = [(a.begin, a.end) for a in actors]
        mentions = sorted(self.finder.find(span.text, masked), key=lambda m: m.begin)
        located = [Located(m, self.resolve(m)) for m in mentions]
        return _Clause(span, actors, located, find_dates(span.text, published))

    def _events(self, article: Article, told: _Told, si: int, clause: _Clause,
                story: _Narrative) -> list[Draft]:
        text = clause.span.text
        militia = next((a.actor.name for a in clause.actors
                        if a.actor.side in ("militia", "iran")), "")
        us = next((a.actor.name for a in clause.actors if a.actor.side == "us"), "")
        sides = {a.actor.side for a in clause.actors if a.actor.side in self.sides
                 or not _speaker(text, a)}
        if militia:
            story.militia = militia
        # words near a party out of scope ("Israeli air, missile and artillery attacks") are
        # that party's doing, not this event's
        others = [a for a in clause.actors if a.actor.side not in self.sides]
        cue = type_cue(_blank(text, [(a.begin - 10, a.end + 40) for a in others]))
        published = article.published
        # a date that belongs to a party out of scope ("the October 7 Hamas attack") is context
        dates = [d for d in clause.dates if not any(
            abs(a.begin - d.stop) < 25 or abs(d.begin - a.end) < 25 for a in others)]
        history = [d for d in dates if _historical(d, published)]
        current = [d for d in dates if d not in history]
        if current and current[0].start is not None and (_best(current).precision or 3) <= 2 \
                and not BACKGROUND.match(text):
            story.when = _best(current)  # a month-long summary ("since October 17") is not
        if not (cue.attack or cue.event_type) or NOT_AN_EVENT.search(text):
            return []
        if history and not current:
            return []
        if not sides & self.sides and not (not sides and story.militia):
            return []  # e.g. a strike by a party out of scope, with no party in scope named
        event_type = cue.event_type
        if US_AGENT.search(text) and event_type in ("", "drone attack", "missile attack"):
            event_type = "airstrike"  # "a US drone strike", "the attack launched by the US"
        elif not event_type and cue.air and (us or story.airstrike_told) \
                and not US_AS_TARGET.search(text):
            event_type = "airstrike"  # "the strikes hit positions of ..." after US strikes
        specific_type = bool(event_type)
        inherited = False
        if event_type and not BACKGROUND.match(text):
            story.event_type, story.last_event_sentence = event_type, si
        elif si - story.last_event_sentence <= 1 and not NEW_STORY.match(text):
            event_type = story.event_type  # "Among the targets were ..." after "drone attacks"
            inherited = bool(event_type)
        event_type = event_type or "other attack"
        if event_type == "airstrike":
            story.airstrike_told = True
        if event_type in ("airstrike", "interception"):
            actor, target = us or "US forces", militia or ""
        else:
            actor, target = militia or story.militia, us or ("US forces" if "US" in text else "")

        places = _event_places(article.text, [
            p for p in clause.places
            if p.resolution.place is None or p.resolution.place.country in self.theatre])
        specific = [p for p in places if p.rank < 4]
        countries = [p for p in places if p.rank == 4]
        count = count_of(text)
        when, when_note = self._when(current, story, published)
        found = self._statuses(told, si)
        if inherited and si > 0:
            found |= told.statuses(si - 1)  # "... attacks have been claimed. Among ..."
        status = combine_status(found)
        quote = told.spans[si].text[:QUOTE_CHARS]
        source = Source(url=article.url, publisher=article.publisher,
                        published=published.isoformat() if published else "", quote=quote,
                        file=article.path)
        base = dict(event_type=event_type, status=status, actor=actor, target=target,
                    sources=[source])
        drafts: list[Draft] = []
        if specific:
            for loc in specific:
                drafts.append(self._draft(loc, article.text, clause.span.begin, when, when_note,
                                          base,
                                          note=f"one of ~{count} attacks reported" if count
                                          else ""))
        elif count and (countries or current or _demonym(text)):
            names = [c.mention.lookup for c in countries] or _demonym(text)
            loc = countries[0] if len(countries) == 1 else None
            draft = Draft(place_name="; ".join(names), event_count=count,
                          notes=join_notes(f"aggregate: {count} or more events", when_note),
                          **_dates(when), **base)
            if loc is not None:
                draft.resolution, draft.country = loc.resolution, loc.resolution.place.country
            drafts.append(draft)
        elif countries and current and specific_type:
            for loc in countries:
                drafts.append(self._draft(loc, article.text, clause.span.begin, when,
                                          when_note, base))
        return drafts

    @staticmethod
    def _when(current: list[DateSpan], story: _Narrative,
              published: date | None) -> tuple[DateSpan | tuple | None, str]:
        own = _best(current) if current else None
        if own is not None and own.start is not None:
            return own, ""
        if own is not None:
            return None, f"relative date {own.text!r} without a publication date"
        if story.when is not None:
            return ("inherited", story.when), "date from the surrounding text"
        if published is not None:
            return ("published", published), "date of publication"
        return None, "date unknown"

    @staticmethod
    def _statuses(told: _Told, si: int) -> set[str]:
        """Status cues of the sentence and of the next ones that only comment on it (no place
        or date of their own: "The militia claimed the drones hit their targets")."""
        found = set(told.statuses(si))
        for follow in range(si + 1, min(si + 3, len(told.spans))):
            if any(c.places or c.dates for c in told.parsed[follow]):
                break
            if not NOT_AN_EVENT.search(told.spans[follow].text):
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
            country=res.place.country if res.place else "", notes=notes, **_dates(when), **base,
        )


@dataclass
class _Clause:
    span: Span
    actors: list[ActorMention]
    places: list[Located]
    dates: list[DateSpan]
    starts: tuple[list[int], list[int], list[int]] | None = None

    def part(self, span: Span) -> _Clause:
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
                          stop=d.stop - lo, kind=d.kind, text=d.text, speech=d.speech)
                 for d in within(self.dates, self.starts[2])]
        return _Clause(span, actors, within(self.places, self.starts[1]), dates)


@dataclass
class _Told:
    """The article's sentences and their clauses; each sentence's status cues are found once,
    when first asked for (several events of a sentence, and the sentences before and after
    them, ask again)."""

    spans: list[Span]
    parsed: list[list[_Clause]]
    _statuses: dict[int, frozenset[str]] = field(default_factory=dict)

    def statuses(self, i: int) -> frozenset[str]:
        found = self._statuses.get(i)
        if found is None:
            found = self._statuses[i] = frozenset(statuses(self.spans[i].text))
        return found


def _best(dates: list[DateSpan]) -> DateSpan:
    """The clause's event date: a range if given, else the first non-speech date, else any."""
    for kind in ("range",):
        for d in dates:
            if d.kind == kind:
                return d
    return next((d for d in dates if not d.speech), dates[0])


def _historical(d: DateSpan, published: date | None) -> bool:
    return (published is not None and d.end is not None
            and d.end < published - timedelta(days=HISTORY_DAYS))


def _dates(when) -> dict:
    if when is None:
        return {}
    if isinstance(when, DateSpan):
        precision = max(2, when.precision) if when.speech else when.precision
        end = when.end if when.end != when.start else None
        return {"event_date": when.start, "date_end": end, "time_precision": precision}
    how, value = when
    if how == "inherited":
        end = value.end if value.end != value.start else None
        return {"event_date": value.start, "date_end": end,
                "time_precision": max(2, value.precision)}
    return {"event_date": value, "time_precision": 2}


def _event_places(text: str, located: list[Located]) -> list[Located]:
    """The places where the clause's event happened: not the ones that describe or contain
    another place, not two mentions of one place. ``text`` is the article's text."""
    keep: list[Located] = []
    dropped: set[int] = set()
    for i, a in enumerate(located):
        for j in range(i + 1, len(located)):
            b = located[j]
            gap = text[a.mention.end:b.mention.begin]
            # "Jurf al-Sakhar, south of Baghdad": a finer place described by a coarser one, or
            # any place set by its distance and bearing from another ("Hillah, 100 km south of")
            # ...unless the place it describes could not be located: then "in Hasakah
            # province" is the best location the text gives for "Tal Baydar"
            describes = DESCRIBES.match(gap) and (a.rank < b.rank or (
                b.mention.relation in ("distance", "direction") and gap.lstrip()[:1] == ","))
            if describes and a.resolution.place is not None:
                dropped.add(j)
    for i, loc in enumerate(located):
        if i in dropped or _possessive(loc.mention):
            continue  # "Iran’s Revolutionary Guard", "Syria’s largest oil field": not where
        res = loc.resolution
        if res.place is not None and _contains_another(loc, located):
            continue
        if res.place is None and loc.mention.tier != "pattern":
            continue  # a name the gazetteer knows but could not settle is reported, not mapped
        if any(k.resolution.place and res.place and k.resolution.place.id == res.place.id
               for k in keep):
            continue
        keep.append(loc)
    return keep


def _contains_another(loc: Located, located: list[Located]) -> bool:
    place = loc.resolution.place
    if loc.part_of_country and place.kind == "country":
        # "Tower 22, a small outpost in northeastern Jordan": the part only describes the site
        return any(o.resolution.place is not None and o.resolution.place.kind != "country"
                   and o.resolution.place.country == place.country for o in located)
    if loc.part_of_country or place.kind not in ("country", "admin1"):
        return False
    for other in located:
        inner = other.resolution.place
        if inner is None or other is loc or other.rank >= loc.rank:
            continue
        if place.kind == "country" and inner.country == place.country:
            return True
        if place.kind == "admin1" and key_of(inner.admin1) == key_of(place.name):
            return True
    return False


def _is_history(clause: _Clause, published: date | None) -> bool:
    resolved = [d for d in clause.dates if d.start is not None]
    return bool(resolved) and all(_historical(d, published) for d in resolved)


def _speaker(text: str, mention: ActorMention) -> bool:
    return bool(SPEAKS_AFTER.match(text, mention.end)
                or SPEAKS_BEFORE.search(text, 0, mention.begin))


def _possessive(mention: Mention) -> bool:
    return mention.text.endswith(("'s", "’s")) and not mention.kind_hint


def _demonym(text: str) -> list[str]:
    words = {w.lower() for w in re.findall(r"[A-Z][a-z]+", text)}
    return [country for word, country in DEMONYMS.items() if word in words][:1]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for b, e in spans:
        b, e = max(0, b), min(len(text), e)
        text = text[:b] + " " * (e - b) + text[e:]
    return text
