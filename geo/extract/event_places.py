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
from geo.extract.causes import predicate_cause
from geo.extract.mentions import Mention
from geo.extract.not_where import VESSEL_NAMED, not_where
from geo.extract.parties import ATTACK_VERB
from geo.extract.repeats import known_apart
from geo.resolve.chain import Resolution

DESCRIBES = re.compile(
    r"^\s*(?:,|–|—|-|\()?\s*(?:(?:base|camp|garrison|compound|facility|site)\s+)?"
    r"(?:(?:in|of|at|near|part\s+of|located\s+in|situated\s+in)\s+)?(?:the\s+)?"
    r"(?:(?!the\b)\w+['’]s\s+)?"  # "..., in Mali's Mopti region"
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


#: "between the villages of Toulin and Burj Qalaouiyeh in the Bint Jbeil district": the
#: district holds both ends.
AND_NAME_IN = re.compile(r"^\s+and\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+in\s+(?:the\s+)?$")
#: "the Gaza city of Khan Younis": a name before "city of" only says where the city is.
OF_KIND_END = re.compile(r"\b(?:city|town|village|port)$", re.IGNORECASE)
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


BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:towns?|villages?|cities)\s+(?:of\s+)?)?$",
                     re.IGNORECASE)
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
#: A capital standing for its government ("Tehran has joined", "Washington said", "the Bamako
#: junta"), but not a place that was hit ("Kharkiv was struck", "Odesa has been shelled").
METONYM_AFTER = re.compile(
    r"[’']?s?\s+(?:(?:has|have|had|is|was)\b(?!\s+(?:(?:also|again|once\s+again|repeatedly|"
    r"regularly|often|frequently)\s+)?(?:been\s+|come\s+|came\s+)?(?:hit|struck|attacked|"
    r"shelled|bombed|rocked|pounded|targeted|under|among|the\s+(?:target|scene|site)|"
    r"subjected|damaged|left|without|home|hard))|said|says|joined|accused|warned|denied|blame[sd]|"
    r"vowed|insists|wants|responded|hailed|condemned|called|urged|rejected|announced|"
    r"described|"
    r"junta|government|regime|authorities|administration|leadership|officials|"
    r"(?:military\s+|security\s+)?sources?\s+(?:says?|said|told)|war|conflict|crisis|truce)\b|"
    r",\s+which\s+(?:has\s+)?(?:says|said|denies|denied|claims|claimed|insists|maintains)\b",
    re.IGNORECASE)

#: "... near Gaza, including Sderot, Netiv HaAsara": the places the landmark stood for.
LISTED_NEAR = re.compile(r"^,?\s+(?:including|such\s+as|among\s+them|notably)\s+(?:the\s+)?"
                         r"(?:(?:towns?|villages?|communities|settlements|kibbutz(?:im)?)\s+of\s+)?$",
                         re.IGNORECASE)
#: "between Nawa and the village of Tasil": the second end of a stretch.
AND_GAP = re.compile(r"\s*and\s+(?:the\s+)?(?:(?:towns?|villages?|city)\s+of\s+)?$")
#: The longest gap between two places that DESCRIBES, SITUATES or "between" may fill.
GAP_CHARS = 120


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
            describes = SITUATES.match(gap) or (AND_NAME_IN.match(gap) and a.rank < b.rank) or \
                DESCRIBES.match(gap) and (a.rank < b.rank or (
                b.mention.relation in ("distance", "direction")) or
                (a.rank == b.rank and (CONTAINER_WORD.search(gap) is not None or
                                       DISTRICT_NAMED.search(b.mention.text) is not None or
                                       (" in " in gap and b.mention.kind_hint == "admin1"))))
            if a.resolution.place is not None and b.mention.relation in ("distance",
                                                                          "direction") \
                    and APPOSITIVE.match(gap) and not ATTACK_VERB.search(gap):
                dropped.add(j)  # "Harir air base, the airfield ... 50 km north-east of Erbil"
                continue
            if a.resolution.place is not None and DESCRIBES.match(gap) and \
                    _namesake_of_held(a, b, gap):
                dropped.add(i)  # a namesake far from the place the text sets it in
                continue
            if a.mention.relation == "near" and LISTED_NEAR.match(gap):
                dropped.add(i)  # "settlements near Gaza, including Sderot": a landmark
                continue
            if gap.strip() == "of" and OF_KIND_END.search(a.mention.text):
                dropped.add(i)  # "the southern Gaza city of Khan Younis": the city is Khan Younis
                continue
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
    # (every test below only passes a place over: the cheap ones go first, the word checks
    # before a place only for those still in)
    for i, loc in enumerate(located):
        res = loc.resolution
        if i in dropped or res.place is None and loc.mention.tier != "pattern":
            continue  # a name the gazetteer knows but could not settle is reported, not mapped
        if res.place is not None and any(k.resolution.place and k.resolution.place.id ==
                                         res.place.id for k in keep):
            continue
        window = text[max(0, loc.mention.begin - 90):loc.mention.begin]
        low = window.lower()
        if not_where(window, low) or \
                _metonym(text, loc, low) or predicate_cause(text, loc.mention.begin):
            continue  # "support for Israel in Gaza", "in response to ...", "Tehran has"
        if _possessive(text, loc) or _owns_next(loc, located):
            continue  # "Iran’s Revolutionary Guard", "Syria’s largest oil field": not where
        if res.place is not None and _contains_another(loc, located):
            continue
        if res.place is not None and res.place.kind == "country" and AIMED_AT.search(low):
            continue  # "fired a missile and two drones towards Israel": aimed, not located
        keep.append(loc)
    return at_sea(keep)


#: Fire sent at a country ("launched a missile at Israel"): where it was aimed, which for a
#: whole country places nothing (a town it was aimed at is the event's place).
AIMED_AT = re.compile(r"\b(?:fired|launched|sent|aimed|directed)\s+(?:[\w'’,-]+\s+){0,8}?"
                      r"(?:at|towards?|against)\s+$")


#: An appositive after a place that sets it by distance or bearing from another (", the
#: airfield in the Harir valley about 50 km north-east of"): no second event in it.
APPOSITIVE = re.compile(r"^\s*,\s+(?:the|a|an|which|that|some|about|around|roughly|\d)"
                        r"(?![^;]*\band\b)[^;.]*$", re.IGNORECASE)

#: A town said to hold a village ("Ainata in Bint Jbeil") lies within this many km of it,
#: even when the town's name stands for its district or province ("Harir base in Erbil").
HOLDER_TOWN_KM = 100.0
HELD_IN = re.compile(r"\b(?:in|of)\b", re.IGNORECASE)
#: A province holds a place within this many times its radius (which holds 90% of its towns).
HOLDER_REGION_REACH = 2.5


def _namesake_of_held(held: Located, holder: Located, gap: str) -> bool:
    """Whether the place found for a name the text sets in another ("X in Y") is a namesake
    of the one meant: in another country ("the al-Malkia site in northern Israel" is no Syrian
    town), a GeoNames place of another province far outside the province said to hold it, or a
    GeoNames village far from the town said to hold it ("Ainata in Bint Jbeil" is no Aïnâta
    in the north)."""
    inner, outer = held.resolution.place, holder.resolution.place
    if outer is None or holder.mention.relation in ("distance", "direction") or \
            not HELD_IN.search(gap) or WATER.search(outer.name):
        return False
    if inner.country and outer.country and inner.country != outer.country:
        return True
    if outer.kind == "admin1":  # "the Oktyabrsky district of Volgograd region": not Bashkiria's
        return held.resolution.resolver == "geonames" and bool(inner.admin1) and \
            key_of(inner.admin1) != key_of(outer.name) and distance_km(
                inner.lat, inner.lon, outer.lat, outer.lon) > \
            HOLDER_REGION_REACH * outer.uncertainty_m / 1000
    return held.resolution.resolver == "geonames" and inner.kind in ("village", "town") and \
        holder.rank <= 2 and outer.kind not in ("admin1", "region", "country") and \
        not DISTRICT_NAMED.search(holder.mention.text) and \
        distance_km(inner.lat, inner.lon, outer.lat, outer.lon) > HOLDER_TOWN_KM


#: "the attack on Tower 22 was the first ...": a place a preposition governs is no subject.
GOVERNED = re.compile(r"\b(?:on|at|in|near|against|into|targeting|toward|towards)\s+(?:the\s+)?$")
#: What a subject place may do only as its government ("Moscow said", not "Tower 22 was").
_AUX = ("has", "have", "had", "is", "was")


def metonym_verb(text: str, end: int) -> str | None:
    """The word after a place that may make it its government ("said", "has"; "" for a
    possessive), or None when none follows."""
    found = METONYM_AFTER.match(text, end)
    if found is None:
        return None
    words = found.group(0).split()
    return words[-1].lower() if words else ""


def speaks_for_government(text: str, end: int) -> bool:
    """Whether the place ending at ``end`` plainly acts as its government ("Baghdad blames"),
    not merely as the subject of "has" or "was"."""
    verb = metonym_verb(text, end)
    return verb is not None and verb not in _AUX


def _metonym(text: str, loc: Located, low: str) -> bool:
    """A capital standing for its government ("Tehran has joined", "Washington said"): a site
    never does, and a place governed by a preposition is not the subject of "was"."""
    verb = metonym_verb(text, loc.mention.end)
    if verb is None or loc.rank == 0:
        return False
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
    attacked. The town stays the answer elsewhere, and a city always ("Israeli strikes on
    Damascus" are on the city, not on its airport)."""
    res = loc.resolution
    place = res.place
    if place is None or place.kind not in ("town", "village") or loc.mention.kind_hint:
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
