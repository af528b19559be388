"""Words that tell what happened: event type and status (what is not an event: talk.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from geo.extract.cue import Cue, cue_bits

#: Specific weapon or action cues, in the order a type is chosen when several appear.
TYPE_CUES: tuple[tuple[str, Cue], ...] = (
    ("interception", Cue(
        r"\b(?:shot\s+down|shoot(?:ing)?\s+down|intercept(?:ed|ing|ion|s)?|downed|"
        r"(?:brought|took|taken)\s+down\s+(?:an?\s+|\d+\s+|all\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:drones?|missiles?|uavs?|shaheds?)|"
        r"neutrali[sz]ed\s+(?:\d+\s+|all\s+|the\s+)?(?:\w+\s+)?(?:drones|missiles)|"
        r"(?:air\s+defen[cs]es?|air\s+force)\s+(?:\w+\s+){0,3}?(?:destroyed|repelled|repulsed)|"
        r"destroyed\s+(?:\d+|all)\s+"
        r"(?:out\s+)?of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:drones|uavs|missiles|shaheds|vehicles)|"
        # "it destroyed eight Houthi drones launched over the Red Sea" (not "a drone factory")
        r"destroyed\s+(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty|"
        r"several|all)\s+(?:[\w-]+\s+){0,2}?(?:drones?|uavs?|missiles?|shaheds?)\b(?!\s+(?:storage|"
        r"factor|facilit|launch(?:ers?|\s+sites?|\s+pads?)|site|depot|warehouse|workshop|production|"
        r"assembly|hangar))|"
        r"(?:drones?|missiles?|UAVs?)\s+(?:were\s+|was\s+)?destroyed\s+(?:over|above))\b",
        ("shot", "shoot", "intercept", "downed", "neutrali", "destroyed", "down", "repel",
         "repuls"))),
    ("suicide bombing", Cue(
        r"\b(?:suicide\s+(?:bomb\w*|attack\w*|car|vest|blast|truck)|self-detonat\w*|"
        r"blew\s+(?:himself|herself|themselves)\s+up)\b",
        ("suicide", "self-detonat", "blew"))),
    ("drone attack", Cue(
        r"\b(?:drones?|UAVs?|unmanned\s+(?:aerial|surface|air)|uncrewed\s+(?:aerial|surface)|"
        r"USVs?|one-way\s+attack|Shaheds?|Gerans?|FPVs?|loitering\s+munitions?|kamikaze)\b"
        r"(?!\s+(?:footage|videos?|images?|imagery|photos?|photographs?|pictures?|shots?)\b)",
        ("drone", "uav", "unmanned", "uncrewed", "usv", "one-way", "shahed", "geran", "fpv",
         "loitering", "kamikaze"))),
    ("rocket attack", Cue(r"\b(?:rockets?|Katyushas?|Grads?)\b", ("rocket", "katyusha", "grad"))),
    ("missile attack", Cue(r"\b(?:missiles?|ballistic|Iskanders?|Kinzhals?|Tomahawks?)\b",
                           ("missile", "ballistic", "iskander", "kinzhal", "tomahawk"))),
    ("shelling", Cue(
        r"\b(?:mortars?|shell(?:ed|ing|s)?|artillery(?!\s+(?:battalions?|regiments?|brigades?|"
        r"divisions?|units?|corps|school|command)\b)|howitzers?|MLRS|tank\s+fire|"
        r"multiple\s+rocket\s+launchers?)\b",
        ("mortar", "shell", "artillery", "howitzer", "mlrs", "tank", "multiple"))),
    ("indirect fire", Cue(r"\bindirect\s+fire\b", ("indirect",))),
    ("IED", Cue(
        r"\b(?:IEDs?|improvised\s+explosive|roadside\s+bombs?|land\s*mines?|car\s+bombs?|"
        r"explosive\s+(?:devices?|charges?)|booby[-\s]trap\w*(?!\s+(?:drones?|uavs?))|"
        r"bomb\s+(?:blast|explosion)|"
        r"mine\s+blast)\b",
        ("ied", "improvised", "roadside", "mine", "car", "explosive", "booby", "bomb"))),
    ("grenade attack", Cue(r"\bgrenades?\b", ("grenade",))),
)
#: A weapon that is handled, not used: "men placing an explosive device were hit by a drone",
#: "a truck carrying rockets".
_HANDLED = re.compile(r"\b(?:plac|plant|lay|laid|carr|transport|smuggl|stor|load|manufactur|"
                      r"assembl|making|made)\w*\s+(?:(?:an?|the|some|\d+|two|three|several)\s+)?"
                      r"(?:[\w-]+\s+)?$")
NOT_INTERCEPTED = re.compile(r"\b(?:not|never|failed\s+to|without\s+being|could\s+not|"
                             r"no\s+(?:effort|attempt|order)\s+(?:was\s+made\s+)?to|"
                             r"couldn't|wasn't|weren't|unable\s+to|cannot|can't)\s+"
                             r"(?:\w+\s+)?(?:intercept|shot|shoot|downed)")
#: Actions without a weapon word, tried when no weapon is named, in this order.
ACTION_CUES: tuple[tuple[str, Cue], ...] = (
    ("abduction", Cue(
        r"\b(?:abduct\w*|kidnap\w*|taken\s+hostage|took\s+(?:\w+\s+){0,3}?hostage|"
        r"forcibly\s+disappeared)\b", ("abduct", "kidnap", "hostage", "disappeared"))),
    ("armed clash", Cue(
        r"\b(?:clash\w*|fighting|fought|fights?|battled|battling|firefights?|gun\s*battles?|"
        r"gunfights?|close-range\s+(?:combat|encounters?)|engaged\s+(?:\w+\s+){0,3}?in\s+combat|"
        r"exchanges?\s+of\s+fire|exchanged\s+fire|ambush\w*|battles?\s+(?:for|over|with|"
        r"between|in|raged)|ground\s+(?:assault|offensive|attack|forces|troops|operations?|"
        r"incursion)|pushed\s+(?:deeper\s+)?into|overran|overrun|"
        r"repelled|repulsed|(?:seized|took)\s+(?:full\s+|complete\s+|total\s+)?control|"
        r"(?:(?:re)?captur(?:ed|es?|ing)|seiz(?:ed|es?|ing)|retook|retak(?:es?|ing)|regain(?:ed|s)?)"
        r"\s+(?:control\s+of\s+)?(?:[\w'’-]+\s+){0,5}?(?:town|city|village|bases?|airport|"
        r"camps?|headquarters|HQs?|garrison|outposts?|positions|posts?|compound|barracks)\b|"
        r"surrendered|fell\s+to\s+the|"
        # a raid on the ground: "US forces carried out a raid south of Qamishli"
        r"(?:carried\s+out|conducted)\s+(?:a|an)\s+(?:[\w-]+\s+)?raid|(?:ground|helicopter|"
        r"commando|special\s+forces)\s+raid)\b",
        ("clash", "fight", "fought", "battl", "close-range", "engaged", "exchange", "ambush",
         "ground", "pushed", "overr", "repel",
         "repuls", "control", "captur", "seiz", "retook", "retak", "regain", "surrendered",
         "fell", "raid"))),
    ("attack on civilians", Cue(
        r"\b(?:massacre\w*|execut(?:ed|ions?)|(?:killed|killing|shot|shooting|gunned\s+down)\s+"
        r"(?:at\s+least\s+)?(?:\w+\s+){0,3}?(?:civilians|villagers|residents|worshippers|"
        r"farmers|displaced|passengers|traders|herders|children)|(?:attacked|raided|stormed|"
        r"torched|burned|looted|swept\s+through)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:villages?|"
        r"camps?|markets?|homes|neighbou?rhoods?))\b",
        ("massacre", "execut", "killed", "killing", "shot", "shooting", "gunned", "attacked",
         "raided", "stormed", "torched", "burned", "looted", "swept"))),
)
#: Air action that is an airstrike when a state air force carries it out.
AIR_CUE = Cue(
    r"\b(?:air\s*strikes?|air\s*raids?|raids?|struck|strikes?|bomb(?:s|ed|ing|ings)?|"
    r"bombard\w*|F-1[56]s?|warplanes?|fighter\s+jets?|jets?|glide\s+bombs?|aerial\s+bombs?|"
    r"bombers?|helicopter\s+gunships?|gunships?|aircraft)\b",
    ("air", "raid", "struck", "strike", "bomb", "f-1", "warplane", "fighter", "jet", "glide",
     "aerial", "gunship", "aircraft"))
#: Words that name an air attack whoever carries it out ("an airstrike hit the market").
EXPLICIT_AIR = Cue(
    r"\b(?:air\s*strikes?|air\s*raids?|warplanes?|fighter\s+jets?|glide\s+bombs?|"
    r"aerial\s+bomb\w*|barrel\s+bombs?|bombers?|helicopter\s+gunships?|F-1[56]s?|"
    r"(?:Su|MiG|Yak)-\d+s?|(?:military|army|air\s+force|junta|regime|government|russian|"
    r"israeli|sudanese|syrian|malian)\s+(?:jets?|aircraft|planes?|helicopters?)|"
    # "its aircraft struck the launcher": aircraft that act
    r"(?:jets?|aircraft|planes?|helicopters?)\s+(?:then\s+|later\s+)?(?:struck|hit|bombed|"
    r"targeted|attacked|fired\s+on|pounded|raided))\b",
    ("air", "warplane", "fighter", "glide", "aerial", "barrel", "bomber", "gunship", "f-1",
     "su-", "mig-", "yak-", "jet", "aircraft", "plane", "helicopter"))
#: Generic attack words: an event of unknown kind.
ATTACK_CUE = Cue(
    r"\b(?:attack(?:ed|s|ing)?|target(?:ed|ing)|targets|hit(?:ting)?|assault(?:ed)?|"
    r"c[oa]me\s+under\s+(?:[\w-]+\s+){0,2}?(?:attack|fire)|opened\s+fire|"
    r"raid(?:ed|ing)|stormed|torched|"
    r"killed|(?:explosions?|blasts?)\s+(?:\w+\s+)?(?:hit|struck|rocked|killed|tore|ripped|went\s+off|"
    r"towards?|off|"
    r"destroyed|damaged|caused|in\s+the\s+water|near|close\s+to|in\s+the\s+vicinity)|"
    r"exploded|detonated|rammed|"
    # a sentence that goes on about the sites of an event told just before
    r"(?:one\s+of\s+)?the\s+(?:sites|facilities|positions|locations)\s+(?:was|were|hit|struck|"
    r"included|targeted))\b",
    ("attack", "target", "hit", "assault", "under", "opened", "raid", "stormed", "torched",
     "killed", "explosion", "blast", "rammed",
     "exploded", "detonated",
     "sites", "facilities", "positions", "locations"))

STATUS_CUES: dict[str, Cue] = {
    "denied": Cue(
        r"\b(?:denied|deny|denies|no\s+attack\s+(?:has\s+been|was|had\s+been)\s+reported|"
        r"did\s+not\s+(?:happen|occur|take\s+place)|situation\s+(?:in\s+the\s+\w+\s+)?is\s+calm|"
        r"false\s+(?:claim|report))\b",
        ("deni", "deny", "reported", "happen", "occur", "place", "calm", "false")),
    "confirmed": Cue(
        r"\b(?:confirmed|(?:US|U\.S\.|American)\s+(?:defen[cs]e\s+)?officials?\s+(?:said|told|say)|"
        r"(?:defen[cs]e|Pentagon|military)\s+official\s+told|Pentagon\s+(?:said|confirmed|"
        r"spokesman|spokesperson)|(?:CENTCOM|Central\s+Command)\s+(?:said|confirmed)|"
        r"the\s+US\s+military\s+said|(?:US\s+|U\.S\.\s+)?(?:Defen[cs]e\s+Department|Department\s+of\s+"
        r"Defen[cs]e)\s+(?:said|confirmed)|coalition\s+(?:officials?|spokesman|spokesperson)\s+"
        r"(?:said|told|say))\b",
        ("confirmed", "official", "pentagon", "centcom", "central", "military", "department",
         "coalition")),
    "claimed": Cue(
        r"\b(?:claim(?:ed|s|ing)?|announced|announcement|statement|said\s+it\s+(?:had\s+)?"
        r"(?:launched|attacked|targeted|struck))\b",
        ("claim", "announc", "statement", "launched", "attacked", "targeted", "struck")),
    "reported": Cue(
        r"\b(?:reportedly|reported|reports|sources\s+(?:told|said)|according\s+to|media\s+(?:has\s+)?"
        r"reported)\b", ("report", "sources", "according")),
}

#: What an attack left, as a list line under it tells it ("– Kharkiv: homes damaged, two
#: injured"): an event only on a line that opens with its place, after an attack was told.
AFTERMATH = Cue(
    r"\b(?:damag(?:ed|ing|e)|destroyed|injur(?:ed|ing|ies)|wounded|dead|casualties|"
    r"(?:was|were)\s+hit)\b",
    ("damag", "destroyed", "injur", "wounded", "dead", "casualties", "hit"))
@dataclass(frozen=True)
class TypeCue:
    event_type: str  # one of geo.incidents.schema.EVENT_TYPES, "" when only "air" or "attack" words
    air: bool  # an airstrike word is present
    attack: bool  # any attack word is present


NO_CUE = TypeCue("", False, False)
#: The cues of type_cue: a clause with none of their words names no event.
_TYPE_BITS = reduce(or_, (cue.bit for cue in (AIR_CUE, ATTACK_CUE, *(c for _, c in TYPE_CUES),
                                               *(c for _, c in ACTION_CUES))))


#: Raids that troops carry out on the ground.
_GROUND_RAID = re.compile(r"\braids?\s+by\s+(?:[\w-]+\s+){0,3}?(?:troops|soldiers|infantry|"
                          r"police|militiamen|gunmen|commandos)\b|\b(?:troops|soldiers|police|"
                          r"militiamen|gunmen|commandos)\s+(?:\w+\s+){0,3}?raid")
#: Bombs set on the ground ("home-made bombs", "a roadside bomb"): no aircraft in them.
_GROUND_BOMB = re.compile(r"(?:home-?made|roadside|car|truck|improvised|planted|pipe|nail|"
                          r"sticky|suicide|explosive)\s+$")


#: Aircraft named without what they did.
_AIRCRAFT = re.compile(r"f-1[56]s?|warplanes?|fighter\s+jets?|jets?|bombers?|(?:helicopter\s+)?"
                       r"gunships?|aircraft")
#: What goes on around an event ("..., as fighting between them intensified").
AMBIENT = re.compile(r"\b(?:as|amid|amidst|while|during)\s+(?:the\s+)?(?:(?:heavy|fierce|intense|"
                     r"ongoing|renewed|continued|continuing)\s+)*$")


def type_cue(text: str) -> TypeCue:
    """The most specific event type the words of ``text`` name: an interception when one is
    told, else the weapon named first ("ballistic missiles and rockets" is a missile attack),
    else an action (abduction, clash, attack on civilians)."""
    low = text.lower()
    bits = cue_bits(low)
    if not bits & _TYPE_BITS:
        return NO_CUE  # no cue's needed word: none of the patterns can match

    def found(cue: Cue) -> re.Match[str] | None:
        return cue.pattern.search(low) if bits & cue.bit else None

    air = found(AIR_CUE) is not None
    if air and _GROUND_RAID.search(low) and all(
            m.group().startswith("raid") for m in AIR_CUE.pattern.finditer(low)):
        air = False  # "three days of raids by junta troops": on the ground
    if air and "bomb" in low and all(
            m.group().startswith("bomb") and _GROUND_BOMB.search(low, max(0, m.start() - 12),
                                                                 m.start())
            for m in AIR_CUE.pattern.finditer(low)):
        air = False  # "using home-made bombs and suicide vehicles": an attack on the ground
    first: tuple[int, str] | None = None
    for event_type, cue in TYPE_CUES:
        m = found(cue)
        while m is not None and event_type != "interception" and \
                _HANDLED.search(low, max(0, m.start() - 30), m.start()):
            m = cue.pattern.search(low, m.end())  # "men placing an explosive device": cargo
        if m is None:
            continue
        if event_type == "interception" and NOT_INTERCEPTED.search(low):
            continue  # "detected but not intercepted": the attack got through
        if event_type in ("interception", "suicide bombing"):
            return TypeCue(event_type, air, True)
        if first is None or m.start() < first[0]:
            first = (m.start(), event_type)
    clash = found(ACTION_CUES[1][1])
    if first is not None and clash is not None and clash.start() < first[0] and \
            first[1] not in ("missile attack", "rocket attack") and \
            ", where " not in low[clash.start():first[0]]:  # (", where drones killed 16")
        return TypeCue("armed clash", air, True)  # "fighting ... as drones circled": a battle
    if first is not None:
        return TypeCue(first[1], air, True)
    for event_type, cue in ACTION_CUES:
        if event_type == "attack on civilians" and air:
            continue  # civilians killed in a strike: the strike is the event
        m = found(cue)
        if m and air and event_type == "armed clash" and AMBIENT.search(low, 0, m.start()):
            continue  # "killed in an Israeli strike, as fighting ... intensified": the strike
        if m:
            return TypeCue(event_type, air, True)
    attack = found(ATTACK_CUE) is not None
    if air and not attack and all(_AIRCRAFT.fullmatch(m.group())
                                  for m in AIR_CUE.pattern.finditer(low)):
        return NO_CUE  # "Balad base hosts US contractors and Iraqi fighter jets": no action
    return TypeCue("", air, air or attack)


#: A denial of a role in it, or of something else, does not deny the event itself.
DENIES_OTHER = Cue(
    r"\b(?:denied|deny|denies|denying)\s+(?:that\s+)?(?:[\w'’-]+\s+){0,5}?(?:any\s+)?"
    r"(?:role|involvement|links?|ties|responsibility|part|knowledge|consulted|informed|"
    r"notified)\b", ("deni", "deny"))


def statuses(text: str) -> set[str]:
    low = text.lower()
    denial_text = DENIES_OTHER.pattern.sub(" ", low) if DENIES_OTHER.search_lowered(low) else low
    return {status for status, cue in STATUS_CUES.items()
            if cue.search_lowered(denial_text if status == "denied" else low)}


#: "another Israeli strike", "a second drone attack", "a separate raid": one more event.
FURTHER = re.compile(r"\b(?:another|a\s+(?:second|third|separate|further))\s+(?:[\w-]+\s+){0,2}?"
                     r"(?:air\s*strike|strike|attack|raid|bombing|shelling|barrage)\b",
                     re.IGNORECASE)
