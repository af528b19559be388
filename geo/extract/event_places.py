"""Which of a clause's places are where its event happened.

Places that only describe another ("Harir airbase in the city of Erbil", "Jurf al-Sakhar, south
of Baghdad") or contain it ("Deir ez-Zor province" beside a town in it) are not where; neither
is a possessive ("Syria's largest oil field") nor a second mention of one place."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from gazetteer.geodesy import distance_km
from gazetteer.normalize import key_of
from gazetteer.place import SITE_KINDS, WATER
from geo.extract.causes import caused_by, predicate_cause
from geo.extract.cue import Words
from geo.extract.mentions import Mention
from geo.extract.repeats import known_apart
from geo.resolve.chain import Resolution

DESCRIBES = re.compile(
    r"^\s*(?:,|–|—|-|\()?\s*(?:(?:base|camp|garrison|compound|facility)\s+)?"
    r"(?:(?:in|of|at|near|part\s+of|located\s+in|situated\s+in)\s+)?(?:the\s+)?"
    r"(?:(?:(?:about|some|around|roughly|nearly|approximately|almost)\s+)?"
    r"(?:\d+\s*(?:km|kilomet\w+|miles?)\s+(?:\([\d.,]+\s*(?:km|kilomet\w+|miles?)\)\s+)?)?"
    r"(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?\s+(?:of\s+)?)?(?:the\s+)?"
    r"(?:(?:neighbou?ring|nearby|northern|southern|eastern|western|north-?eastern|"
    r"north-?western|south-?eastern|south-?western|central|northeast|northwest|southeast|"
    r"southwest|Iraqi|Syrian|Kurdish|Jordanian|Ukrainian|Russian|Sudanese|Yemeni|Israeli|Lebanese|"
    r"Palestinian|Malian|Burkinabe|Nigerien|Burmese|Myanmar|Congolese|Saudi|Iranian|Turkish|"
    r"Gazan|Houthi-held|rebel-held|government-held|occupied|front-?line)\s+)*"
    r"(?:(?:city|town|village|province|governorate|region|area|district|country|countryside|"
    r"outskirts|suburbs|desert)\s+(?:of\s+)?)?(?:the\s+)?$", re.IGNORECASE)

#: "..., in the region of Kidal": the words say the second place holds the first.
CONTAINER_WORD = re.compile(r"\b(?:province|governorate|region|district|oblast|state|county|"
                            r"prefecture|cercle|department|township|division)\s+of\s*(?:the\s+)?$",
                            re.IGNORECASE)


#: "Kurylivka, Kupiansk Raion": a district named after its town, placed after a village in it.
DISTRICT_NAMED = re.compile(r"\s(?:raion|rayon|district|hromada|county|township|cercle|"
                            r"department|commune|locality)$", re.IGNORECASE)


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


#: "the war in Gaza", "support for Israel in Gaza": the theatre of a war, not an event's place.
THEATRE_OF = re.compile(
    r"(?:\bwar|\bconflict|\boffensive|\bcampaign|\bcrisis|\bsituation|\bceasefire|\btruce|"
    r"\bhostilities|\bfighting|\bsupport\s+for(?:\s+[\w'’-]+)?|\bpolicy|\bpolicies|"
    r"\binvasion|\boccupation|\bgenocide|\bsiege|\bmassacres?|\blinked|\bbacked|\ballied|"
    r"\bloyal|\baffiliated|\baligned|\bties)\s+(?:in|on|over|against|of|for|to|by|with|"
    r"between)?\s*"
    r"(?:the\s+|our\s+people\s+in\s+)?$",
    re.IGNORECASE)
#: "Most of those killed were from Baghdad, Babil and Karbala", "two tourists from Mosul":
#: where people came from, not where it happened.
ORIGIN_FROM = re.compile(r"(?:\b(?:were|was|are|is)\s+(?:(?:reported|said|believed)\s+to\s+be\s+)?"
                         r"from|\b(?:tourists|visitors|pilgrims|families|workers|residents|"
                         r"travell?ers|passengers|students)\s+from)\s+(?:[\w'’-]+(?:,\s+|\s+and\s+))*$",
                         re.IGNORECASE)
#: "rockets fired from the Rafah area": where a weapon left, not where the event happened.
LAUNCHED_FROM = re.compile(
    r"\b(?:fired|launched|took\s+off|flew\s+in|shelling|shelled)\s+(?:\w+\s+){0,5}?from\s+"
    r"(?:the\s+)?(?:direction\s+of\s+)?"
    r"(?:[\w'’-]+\s+){0,2}"
    # "fired five rockets from Zummar, a town in Ninawa province": the launch site's province
    r"(?:[\w'’-]+,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:in|of|near)\s+(?:the\s+)?)?$",
    re.IGNORECASE)
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:towns?|villages?|cities)\s+(?:of\s+)?)?$",
                     re.IGNORECASE)
#: "a convoy carrying aid to Mandalay", "families fleeing towards Rafah": where people or goods
#: were going, not where the event happened.
HEADED_TO = re.compile(
    r"\b(?:carry\w*|bound|head\w*|travel\w*|deliver\w*|bring\w*|brought|aid|convoy|fle\w*|"
    r"mov\w*|taken|rushed|transferred|airlifted|"
    r"transport\w*|evacuat\w*|return\w*|en\s+route|on\s+(?:its|their|the)\s+way|runs?|"
    r"journey|trip|route)\s+(?:[\w'’-]+\s+){0,4}?(?:to|towards?|for)\s+(?:the\s+)?"
    r"(?:city\s+of\s+|(?:regional\s+|provincial\s+|state\s+)?capital,?\s+)?$", re.IGNORECASE)
#: "power failed across the Northern and Khartoum states": where the event was felt.
FELT_IN = re.compile(r"\b(?:(?:power|electricity)(?!\s+(?:plants?|stations?|substations?|"
                     r"facilit\w+|infrastructure|lines?|grid|company|generators?))|"
                     r"blackouts?|outages?|shortages?|tremors?|"
                     r"(?:was|were)\s+(?:heard|felt|seen))\b[^.;:]{0,70}$|"
                     r"sonic\s+booms?\b[^.;:]{0,40}?\bover\s+(?:the\s+)?$", re.IGNORECASE)
#: "Jaffa, which the enemy calls Tel Aviv", "Laukkaing (also spelled Laukkai)": one place by
#: a second name.
ALIAS_GAP = re.compile(
    r"^\s*(?:,\s*(?:which|what)\s+(?:[\w'’-]+\s+){0,3}?(?:calls?|names?|refers?\s+to\s+as)|"
    r"\(?\s*,?\s*(?:also\s+)?(?:known\s+as|called|spelled|spelt|written)|\()\s*[\"“'‘]?$",
    re.IGNORECASE)
#: "Omdurman, across the Nile from Sudan's capital Khartoum": the second only says where the
#: first is.
SITUATES = re.compile(
    r"^\s*,\s*(?:(?:just\s+)?across\s+(?:the\s+)?[\w-]+(?:\s+river)?\s+from|(?:which|that)\s+"
    r"(?:hosts?|houses?|is\s+home\s+to|holds?)\s[^,.;]{0,80}?\b(?:near|outside|in)|"
    r"(?:the\s+)?(?:twin|sister|neighbou?ring)\s+(?:city|town)\s+(?:of|to))\s+(?:the\s+)?"
    r"(?:[\w'’-]+['’]s\s+)?(?:capital\s+|second\s+city\s+|largest\s+city\s+|main\s+port\s+)?$",
    re.IGNORECASE)
#: "a ship named Athina", "the tanker Sounion", "USS Carney": a vessel's name, not a place.
VESSEL_NAMED = re.compile(r"\b(?:ships?|vessels?|tankers?|carriers?|freighters?|boats?|named|"
                          r"called|dubbed|MV|M/V|MT|USS|HMS|INS|FS)\s+(?:the\s+)?"
                          # "the ships SEAGUARDIAN and ATHINA": the second vessel of a pair
                          r"(?:[\w'’-]+\s*(?:,|\band\b)\s*(?:the\s+)?)?$",
                          re.IGNORECASE)
#: A capital standing for its government ("Tehran has joined", "Washington said", "the Bamako
#: junta"), but not a place that was hit ("Kharkiv was struck", "Odesa has been shelled").
METONYM_AFTER = re.compile(
    r"[’']?s?\s+(?:(?:has|have|had|is|was)\b(?!\s+(?:(?:also|again|once\s+again|repeatedly|"
    r"regularly|often|frequently)\s+)?(?:been\s+|come\s+|came\s+)?(?:hit|struck|attacked|"
    r"shelled|bombed|rocked|pounded|targeted|under|among|the\s+(?:target|scene|site)|"
    r"subjected|damaged|left|without|home|hard))|said|says|joined|accused|warned|denied|blamed|"
    r"vowed|insists|wants|responded|hailed|condemned|called|urged|rejected|announced|"
    r"junta|government|regime|authorities|administration|leadership|officials|"
    r"(?:military\s+|security\s+)?sources?\s+(?:says?|said|told)|war|conflict|crisis|truce)\b|"
    r",\s+which\s+(?:has\s+)?(?:says|said|denies|denied|claims|claimed|insists|maintains)\b",
    re.IGNORECASE)

#: Words each match of FELT_IN and VESSEL_NAMED holds (lower-cased).
_FELT_WORDS = ("power", "electric", "blackout", "outage", "shortage", "tremor", "heard", "felt",
               "seen", "sonic")
_VESSEL_WORDS = ("ship", "vessel", "tanker", "carrier", "freighter", "boat", "named", "called",
                 "dubbed", "mv ", "m/v", "mt ", "uss ", "hms ", "ins ", "fs ")
#: "between Nawa and the village of Tasil": the second end of a stretch.
AND_GAP = re.compile(r"\s*and\s+(?:the\s+)?(?:(?:towns?|villages?|city)\s+of\s+)?$")
#: The longest gap between two places that DESCRIBES, SITUATES or "between" may fill.
GAP_CHARS = 120
#: Words each match of THEATRE_OF and CAUSE_BEFORE holds (a window without any skips the regex).
_THEATRE_WORDS = ("war", "conflict", "offensive", "campaign", "crisis", "situation", "ceasefire",
                  "truce", "hostilities", "fighting", "support", "polic", "invasion",
                  "occupation", "genocide", "siege", "massacre", "linked", "backed", "allied",
                  "loyal", "affiliated", "aligned", "ties")
_CAUSE_WORDS = ("response", "retaliation", "solidarity", "support", "avenge", "revenge",
                "because", "due", "answer", "defen", "crime")

_THEATRE, _CAUSE = Words(_THEATRE_WORDS), Words(_CAUSE_WORDS)
_FELT, _VESSEL = Words(_FELT_WORDS), Words(_VESSEL_WORDS)
#: A word one of the checks of _not_where needs: a window with none passes them all at once.
_ANY_NOT_WHERE = Words((
    *_THEATRE_WORDS, *_CAUSE_WORDS, *_FELT_WORDS, *_VESSEL_WORDS, "from", " to", "told", "for ",
    "mention", "nam", "analyst", "governor", "mayor", "head", "chief", "prefect", "expert",
    "diplomat", "observer", "commentator", "correspondent", "met", "meet", "talks", "summit",
    "negotiations", "conference", "convened", "gathered", "arrived", "landed", "visit", "tour"))
#: "delegations met in Istanbul", "talks in Jeddah": where people met, not where it happened.
MET_IN = re.compile(r"\b(?:met|meets?|meeting|talks|summit|negotiations|conference|convened|"
                    r"gathered)\s+(?:[\w'’-]+\s+){0,4}?(?:in|at)\s+(?:the\s+)?"
                    r"(?:[\w'’-]+,\s+)?$|"
                    # "arrived in Kosti on a tour that also includes Al-Managil": a visit
                    r"\b(?:arrived|landed)\s+in\s+$|\bvisit(?:ed|ing|s)?\s+(?:to\s+)?$|"
                    r"\btour\s+(?:of\s+|that\s+(?:also\s+)?includes?\s+)$", re.IGNORECASE)
#: "no comment from Washington or London": a government that did not speak, not a place.
COMMENT_FROM = re.compile(r"\b(?:comment|response|reaction|word|statement|confirmation|denial)\s+"
                          r"from\s+(?:[\w'’-]+\s+(?:or|and|nor)\s+)?$|"
                          # "He said to KNG:", "told Reuters": whom a speaker spoke to
                          r"\b(?:told|said\s+to|speaking\s+to|spoke\s+to)\s+$", re.IGNORECASE)
#: "Analysts in Aden say", "groups operating in Syria or Iraq": where people are, not events'.
COMMENTERS_IN = re.compile(r"\b(?:(?:analysts|experts|diplomats|observers|commentators|"
                           r"correspondents)\s+(?:based\s+)?|(?:operating|active)\s+)in\s+"
                           r"(?:[\w'’-]+\s+(?:or|and)\s+)?$|"
                           # "the governor of the Black Sea region of Odesa": whose title
                           r"\b(?:governor|mayor|head|chief|prefect)\s+of\s+(?:the\s+)?"
                           r"(?:[\w-]+\s+){0,3}?(?:(?:region|oblast|province|city)\s+of\s+)?$",
                           re.IGNORECASE)
#: "..., and did not mention Dnipro": a place a statement leaves out.
NOT_NAMED = re.compile(r"\b(?:not|never|without)\s+(?:mention(?:ing)?|nam(?:e|ing))\s+(?:the\s+)?$",
                       re.IGNORECASE)


def event_places(text: str, located: list[Located]) -> list[Located]:
    """The places where the clause's event happened: not the ones that describe or contain
    another place, not two mentions of one place. ``text`` is the article's text."""
    keep: list[Located] = []
    dropped: set[int] = set()
    head = heading_place(text, located)
    if head is not None:  # "– Zaporizhzhia: the Dnipro power plant was hit": the line's place
        dropped |= {j for j, other in enumerate(located)
                    if other is not head and other.rank >= head.rank}
        if any(_inside(other, head) for other in located if other.rank < head.rank):
            dropped.add(0)  # "HOMS: explosions near the T4 airport": the finer place is the event's
    for i, a in enumerate(located):
        if VESSEL_NAMED.search(text, max(0, a.mention.begin - 30), a.mention.begin):
            continue  # "the ships SEAGUARDIAN and ATHINA in the Red Sea": a ship places nothing
        for j in range(i + 1, len(located)):
            b = located[j]
            if b.mention.begin - a.mention.end > GAP_CHARS:
                break  # the phrases below are short: places farther apart do not qualify
            gap = text[a.mention.end:b.mention.begin]
            # "Jurf al-Sakhar, south of Baghdad": a finer place described by a coarser one, or
            # any place set by its distance and bearing from another ("Hillah, 100 km south of")
            # ...unless the place it describes could not be located: then "in Hasakah
            # province" is the best location the text gives for "Tal Baydar"
            describes = SITUATES.match(gap) or DESCRIBES.match(gap) and (a.rank < b.rank or (
                b.mention.relation in ("distance", "direction")) or
                (a.rank == b.rank and (CONTAINER_WORD.search(gap) is not None or
                                       DISTRICT_NAMED.search(b.mention.text) is not None)))
            if gap.strip() == "|" and b.resolution.place is not None:
                dropped.add(i)  # "1 November 2023 | Homs | al-Tanf garrison": columns, coarse
                continue  # to fine (a coding log's province, then its location)
            if AND_GAP.match(gap) and a.resolution.place is not None and \
                    BETWEEN.search(text, max(0, a.mention.begin - 30), a.mention.begin):
                dropped.add(j)  # "the road between Palmyra and Deir ez-Zor": one event, one place
            if ALIAS_GAP.match(gap) and (a.resolution.place is not None or
                                         b.resolution.place is None):
                dropped.add(j)  # the second name of the place just named
            elif describes and a.resolution.place is not None:
                dropped.add(j)
            elif describes and b.resolution.place is not None and a.mention.tier == "pattern" \
                    and a.rank <= b.rank:
                dropped.add(i)  # "Pazigyi village in Kanbalu township": located by Kanbalu
    for i, loc in enumerate(located):
        window = text[max(0, loc.mention.begin - 90):loc.mention.begin]
        low = window.lower()
        if (_ANY_NOT_WHERE.any_in(low) and _not_where(window, low)) or \
                _metonym(text, loc, low) or predicate_cause(text, loc.mention.begin):
            continue  # "support for Israel in Gaza", "in response to ...", "Tehran has"
        if i in dropped or _possessive(text, loc) or _owns_next(loc, located):
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
    return at_sea(keep)


#: "the attack on Tower 22 was the first ...": a place a preposition governs is no subject.
GOVERNED = re.compile(r"\b(?:on|at|in|near|against|into|targeting|toward|towards)\s+(?:the\s+)?$")
#: What a subject place may do only as its government ("Moscow said", not "Tower 22 was").
_AUX = ("has", "have", "had", "is", "was")


def _metonym(text: str, loc: Located, low: str) -> bool:
    """A capital standing for its government ("Tehran has joined", "Washington said"): a site
    never does, and a place governed by a preposition is not the subject of "was"."""
    found = METONYM_AFTER.match(text, loc.mention.end)
    if found is None or loc.rank == 0:
        return False
    verb = found.group(0).split()[-1].lower() if found.group(0).split() else ""
    return not (verb in _AUX and GOVERNED.search(low))


def is_water(loc: Located) -> bool:
    place = loc.resolution.place
    return place is not None and place.kind == "region" and bool(WATER.search(place.name))


def at_sea(places: list[Located]) -> list[Located]:
    """An event at sea is one place, however many the report gives: "in the southern Red Sea,
    off Hodeidah and Mocha" is off Hodeidah (the first coastal place it was off, near, or a
    distance from); "in Hodeidah, the main Red Sea port" is Hodeidah; the sea alone is the sea."""
    water = [p for p in places if is_water(p)]
    if not water and not any(p.mention.relation == "off" for p in places):
        return places
    coast = [p for p in places if not is_water(p) and p.mention.relation in (
        "off", "near", "distance", "direction")]
    if coast:
        return coast[:1]
    land = [p for p in places if not is_water(p)]
    return land or water[:1]


#: What may stand before a line's heading place: a bullet, a time, a date and a dash.
_LINE_LEAD = re.compile(r"[\s–—•*·▪►-]*(?:\d{1,2}\s+[A-Z][a-z]+,?\s+)?"  # "2 April, 21:40 | "
                        r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*[–—|-]?\s*)?$",
                        re.IGNORECASE)
_HEAD_END = re.compile(r"\s*(?::|\s[–—]\s|\s-\s)")


#: How far a finer place may lie from the line's heading place and still be in it.
HEADING_KM = 150


def _inside(fine: Located, head: Located) -> bool:
    a, b = fine.resolution.place, head.resolution.place
    return a is not None and b is not None and \
        distance_km(a.lat, a.lon, b.lat, b.lon) <= HEADING_KM


def heading_place(text: str, located: list[Located]) -> Located | None:
    """The place a list line opens with ("– Kharkiv: ...", "03:10 – Odesa — ..."), if any."""
    if not located:
        return None
    first = located[0]
    if first.resolution.place is None:
        return None
    line_start = text.rfind("\n", 0, first.mention.begin) + 1
    if not _LINE_LEAD.match(text, line_start, first.mention.begin) or \
            not _HEAD_END.match(text, first.mention.end):
        return None
    return first


def _not_where(window: str, low: str) -> bool:
    """Whether the words before a place (``window``, and lower-cased ``low``) make it not the
    event's place: a war's theatre, a cause, a launch site, a destination, where it was felt,
    where people met, or a vessel's name."""
    return bool((_THEATRE.any_in(low) and THEATRE_OF.search(window)) or
                (_CAUSE.any_in(low) and caused_by(window)) or
                ("from" in low and (LAUNCHED_FROM.search(window) or ORIGIN_FROM.search(window))) or
                ((" to" in low[-40:] or "for " in low[-12:]) and HEADED_TO.search(window)) or
                (_FELT.any_in(low) and FELT_IN.search(window)) or
                (("mention" in low or "nam" in low) and NOT_NAMED.search(window)) or
                ((" in" in low[-30:] or " of" in low[-40:]) and COMMENTERS_IN.search(window)) or
                ((" in" in low[-60:] or " at" in low[-60:] or "visit" in low[-20:] or
                  "tour" in low[-40:]) and MET_IN.search(window)) or
                (("from" in low[-40:] or " to" in low[-12:] or "told" in low[-6:]) and
                 COMMENT_FROM.search(window)) or
                (_VESSEL.any_in(low[-30:]) and
                 VESSEL_NAMED.search(window[-30:])))


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
        if place.kind == "admin1" and (key_of(inner.admin1) == key_of(place.name) or (
                inner.admin1 and inner.admin1 == place.admin1 and
                inner.country == place.country) or (
                inner.country == place.country and not known_apart(inner, place) and distance_km(
                    inner.lat, inner.lon, place.lat, place.lon) <= place.uncertainty_m / 1000)):
            return True  # "Mopti region" beside Mopti: the region only says where Mopti is
    return False


#: What a capital's possessive makes it the state that acts ("one of Moscow's biggest
#: barrages", "Tehran's proxies"), not the place where anything happened.
STATE_OWNS = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:forces|troops|army|military|government|regime|allies|proxies|"
    r"war|invasion|offensive|campaign|barrages?|attacks|strikes|missiles|drones|bombers|navy|"
    r"retaliation|leadership)\b", re.IGNORECASE)


def _possessive(text: str, loc: Located) -> bool:
    """"Syria's largest oil field", "Iran's Revolutionary Guard": a country or province that
    owns something is not where it happened, nor a city that owns a state's arms; "Beirut's
    southern suburbs" is in Beirut."""
    mention, place = loc.mention, loc.resolution.place
    return mention.text.endswith(("'s", "’s")) and not mention.kind_hint and (
        place is None or place.kind in ("country", "admin1", "region") or
        bool(STATE_OWNS.match(text, mention.end)))


def _owns_next(loc: Located, located: list[Located]) -> bool:
    """"Gaza's Maghazi camp": a possessive right before a place it holds only situates it."""
    end = loc.mention.end
    return loc.mention.lookup.endswith(("'s", "’s")) and any(
        0 < o.mention.begin - end <= 2 and o.resolution.place is not None for o in located)


#: A site this close to the town of its name is what an attack on that name means.
SITE_TWIN_KM = 30.0


def as_attack_site(loc: Located) -> Located:
    """In an attack, a bare name that is both a town and a curated site beside it (Harir, the
    town, and Harir Air Base) means the site: bases, airfields and oil fields are what is
    attacked. The town stays the answer elsewhere."""
    res = loc.resolution
    place = res.place
    if place is None or place.kind not in ("town", "village", "city") or loc.mention.kind_hint:
        return loc
    for cand in res.candidates:
        site = cand.place
        if site.kind in SITE_KINDS and cand.tier == "curated" and \
                cand.match in ("exact", "key") and site.country == place.country and \
                distance_km(site.lat, site.lon, place.lat, place.lon) <= SITE_TWIN_KM:
            return Located(loc.mention, replace(res, place=site, resolver=cand.tier,
                                                match=cand.match, matched_name=cand.matched_name,
                                                geo_precision=1,
                                                uncertainty_km=site.uncertainty_m / 1000))
    return loc
