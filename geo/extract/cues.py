"""Words that tell what happened: event type, status, counts, and what is not an event."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from geo.extract.cue import Cue, cue_bits
from geo.extract.prescan import Alternatives

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
        r"USVs?|one-way\s+attack|Shaheds?|Gerans?|FPVs?|loitering\s+munitions?|kamikaze)\b",
        ("drone", "uav", "unmanned", "uncrewed", "usv", "one-way", "shahed", "geran", "fpv",
         "loitering", "kamikaze"))),
    ("rocket attack", Cue(r"\b(?:rockets?|Katyushas?|Grads?)\b", ("rocket", "katyusha", "grad"))),
    ("missile attack", Cue(r"\b(?:missiles?|ballistic|Iskanders?|Kinzhals?|Tomahawks?)\b",
                           ("missile", "ballistic", "iskander", "kinzhal", "tomahawk"))),
    ("shelling", Cue(
        r"\b(?:mortars?|shell(?:ed|ing|s)?|artillery|howitzers?|MLRS|tank\s+fire|"
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
        r"(?:captured|seized)\s+the\s+(?:town|city|village|base|airport|camp|headquarters|"
        r"garrison|outpost)|surrendered|fell\s+to\s+the|"
        # a raid on the ground: "US forces carried out a raid south of Qamishli"
        r"(?:carried\s+out|conducted)\s+(?:a|an)\s+(?:[\w-]+\s+)?raid|(?:ground|helicopter|"
        r"commando|special\s+forces)\s+raid)\b",
        ("clash", "fight", "fought", "battl", "close-range", "engaged", "exchange", "ambush",
         "ground", "pushed", "overr", "repel",
         "repuls", "control", "captured", "seized", "surrendered", "fell", "raid"))),
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

#: Talk of what may, will or would happen, and accusations: not events.
NOT_AN_EVENT = Cue(
    r"\b(?:would|will|could|might|threaten(?:s|ed)?\s+to|vow(?:s|ed)?\s+to|plans?\s+to|"
    r"accus(?:ed|es|ing)\s+(?:[\w'’-]+\s+){1,4}?of|facilitat\w+|in\s+the\s+past|hundreds\s+of\s+attacks|"
    r"following\s+the\s+American-led\s+invasion|if\s+|hail(?:ed|s)|prais(?:ed|es)|"
    r"celebrat(?:ed|es)|condemn(?:ed|s|ing)|mourn(?:ed|s|ing)|anniversary|ultimatum|"
    r"warn(?:ed|s|ing)\s+of|(?:wants?|seeks?|sought|aims?|intended|in\s+order)\s+to\s+"
    r"(?:stop|prevent|deter|halt|end|curb)|"
    r"sirens?|"
    # "..., the latest massacre in a region where ...": what the event just told amounts to
    r"(?:^|,\s+)(?:in\s+)?the\s+(?:latest|newest|deadliest|worst|biggest|largest)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:attacks?|massacres?|strikes?|assaults?|incidents?|killings?|"
    r"bombings?|barrages?)\s+(?:in|on|of|since|to|against|by|this|for|to\s+hit)\b|"
    r"possible(?!\s+explosions?)|potential|imminent|expected|feared|"
    r"(?:has|have)\s+repeatedly\s+\w+ed|aimed\s+at\s+(?:stopping|stamping|preventing|deterring|"
    r"halting|ending|curbing)|ongoing\s+(?:fighting|clashes|hostilities|violence)|"
    r"(?:set\s+up|formed|created|established)\s+to\s+(?:fight|combat|"
    r"counter|defeat)|(?:reduction|decrease|increase|rise|drop|decline|fall)\s+in\s+(?:\w+\s+)?"
    r"(?:attacks|strikes|violence)|"
    # an earlier attack ("Camp Taji last came under fire in January"), a claim nobody made
    # ("Nobody claimed the raid"), a launcher found ("police found a truck fitted with ...")
    r"last\s+(?:came\s+under|was\s+(?:hit|attacked|targeted|struck|shelled)|attacked|hit|"
    r"targeted)|(?:nobody|no\s+one|no\s+group|no\s+side|no\s+party)\s+(?:has\s+)?(?:yet\s+)?"
    r"(?:claimed|took\s+responsibility)|(?:found|discovered|located|seized)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:truck|vehicle|launchers?|launch\s+(?:platforms?|pads?|rails?|"
    r"racks?|tubes?)|cache)|"
    # a season or year gone by: "on the drone incident at Erbil airport in the spring"
    r"(?:in\s+the|last|this\s+past|earlier\s+this)\s+(?:spring|summer|autumn|fall|winter)|"
    r"(?:last|earlier\s+this)\s+year|"
    # a tally over time: "Israel has struck Hodeidah and Sanaa several times since July"
    r"(?:several|many|multiple|numerous|countless|\d+)\s+times\s+(?:since|this|in\s+the\s+past|"
    r"over|before)|"
    # a hedge on what happened: "It is unclear whether the rockets were shot down"
    r"(?:unclear|not\s+clear|unknown)\s+(?:whether|if)|"
    # fighting denied or named as a cause: "there was no fighting", "spared the fighting",
    # "the fight against armed groups", "the groups it fights"
    r"(?:no|absence\s+of)\s+(?:active\s+|any\s+)?(?:fighting|clashes|combat)|spared\s+(?:\w+\s+){0,2}?"
    r"(?:fighting|clashes|war)|(?:attack|strike|raid|bombing|shelling)\s+(?:comes|came)\s*(?:amid|$)|"
    r"the\s+fight\s+against|(?:it|they|we)\s+(?:fights?|battles?)\b|"
    # a habit: "leaving because of the near-constant shelling"
    r"(?:near-?constant|constant|near-?daily|almost\s+daily|daily|nightly|incessant|relentless|"
    r"frequent|repeated|regular)\s+(?:[\w-]+\s+(?:and\s+[\w-]+\s+)?)?(?:shelling|attacks|"
    r"strikes|bombardments?|bombing|raids|fire)|pos(?:e|es|ed|ing)\s+a\s+(?:[\w-]+\s+){0,2}threat|"
    r"(?:is|are)\s+(?:regularly\s+|often\s+|frequently\s+|routinely\s+|constantly\s+)?"
    r"(?:hit|shelled|struck|bombed|attacked|targeted)\s+by\b|"
    r"(?:has|have|had)\s+become\s+(?:routine|common|commonplace|frequent|a\s+daily)|"
    r"(?:a\s+total\s+of\s+)?\d+\s+(?:[\w-]+\s+)?(?:oblasts|regions|provinces|governorates)\b|"
    # what imagery shows, arms in place: "imagery revealed that RSF had deployed 43 UAVs"
    r"satellite\s+(?:imagery|images?|photos?)|imagery\s+from|(?:deployed|stationed|positioned|"
    r"stockpiled)\s+(?:at\s+least\s+)?\d+|"
    r"(?:fled|fleeing|flee|flees|escaped|displaced\s+by)\s+(?:the\s+)?[\"“‘']?(?:[\w-]+\s+)?(?:fighting|"
    r"violence|clashes|attacks|bombardment|shelling|war)|"
    r"(?:war|conflict|fighting|offensive)\s+(?:began|started|erupted|broke\s+out)\s+(?:with|"
    r"after|when)\b|commemorat\w+|(?:held|holding|hold)\s+(?:\w+\s+)?funerals?|funerals?\s+(?:were|was|"
    r"are|is)\s+held|funerals?\s+(?:for|of)\s+(?:the\s+)?(?:victims|those|people)|"
    # a running total, not an event: "Israeli attacks have killed more than 9,000"
    r"(?:attacks|strikes|raids|bombardments?|shelling|war|fighting|offensive|bombing)\s+"
    r"(?:\w+\s+){0,3}?(?:have|has)\s+(?:now\s+|so\s+far\s+)?(?:killed|left|displaced|wounded|"
    r"destroyed)|(?:have|has)\s+been\s+killed|death\s+toll|so\s+far|to\s+date|"
    r"since\s+the\s+(?:start|beginning|outbreak)|"
    r"(?:called|described|branded|labell?ed|termed)\s+the\s+(?:\w+\s+)?(?:strike|attack|raid|"
    r"bombing|killing)|"

    # what has gone on for long: "has been fighting for autonomy for decades"
    r"(?:has|have|had)\s+been\s+(?:fighting|battling|bombing|shelling|attacking|targeting|"
    r"waging|striking|raiding)|for\s+(?:decades|years|many\s+months)|"
    r"(?:began|begun|started|start)\s+(?:using|deploying|attacking|targeting|striking|shelling|"
    r"to\s+(?:use|deploy|attack|target|strike|shell))|stockpil\w+|cease-?fire|truce|"
    r"cessation\s+of\s+hostilities|"
    r"(?:to\s+)?an?\s+end\s+to|to\s+an\s+end|agreed\s+to|proposal|negotiat\w+|"
    # a trend: "Russia has stepped up strikes on Odesa since last summer"
    r"(?:has|have|had)\s+(?:\w+\s+)?(?:stepped\s+up|intensified|escalated|ramped\s+up|"
    r"grown\s+(?:heavier|fiercer|more)|surged)|"
    # what an actor does as a rule: "a volunteer unit that fights alongside the army"
    r"(?:that|which|who)\s+(?:has\s+|have\s+|had\s+)?(?:long\s+|also\s+)?(?:fights?|fought|"
    r"battles?|battled)\s+(?:alongside|against|for|on\s+behalf|the\b)|fighting\s+alongside|"
    # a place's lot over time: "Omdurman has seen repeated air strikes"
    r"(?:has|have|had)\s+(?:\w+\s+)?seen\s+(?:repeated|regular|frequent|daily|nightly|heavy|"
    r"constant|intense|many|several|dozens|hundreds|numerous)|"
    # "fighting for every person": a cause, not a clash
    r"(?:fighting|fought|fights?)\s+for\s+(?:every|each|our|their|his|her|its|lives|life|"
    r"survival|freedom|independence|justice)|been\s+fought\s+over|"
    # a habit or a tally: "Russian forces continue to target civilians", "have conducted
    # several large-scale strikes against ports since July"
    r"continues?\s+to|(?:has|have)\s+been\s+(?:[\w,-]+\s+){0,4}?(?:repeatedly|regularly|"
    r"frequently)|(?:has|have)\s+(?:now\s+|also\s+)?(?:conducted|carried\s+out|launched|"
    r"staged|mounted)\s+(?:several|many|numerous|dozens|hundreds|multiple|repeated|frequent|"
    r"regular|a\s+series|a\s+number))\b",
    ("would", "will", "could", "might", "threat", "vow", "plan", "accus", "facilitat", "past",
     "latest", "newest", "deadliest", "worst", "biggest", "largest", "mourn", "want", "seek",
     "sought", "aim", "intended", "in order", "constant", "daily", "nightly", "incessant",
     "relentless", "frequent", "is ", "are ", "last", "nobody", "no one", "no group", "no side",
     "no party", "found", "discovered", "located", "seized", "unclear", "not clear", "unknown",
     "spring", "summer", "autumn", "fall", "winter", "year", "times",
     "hundreds", "invasion", "if", "hail", "prais", "celebrat", "condemn",
     "anniversary", "commemorat", "ultimatum", "siren", "warn", "possible", "potential", "imminent",
     "expected", "feared", "have", "has", "toll", "so far", "to date",
     "since the", "called", "described", "branded", "labell", "labeled", "termed", "been",
     "for decades", "for years", "for many", "began", "begun", "start", "cease", "truce",
     "cessation", "end", "agreed", "proposal", "negotiat", "fight", "fought", "battle",
     "continue", "become", "funeral", "started", "erupted", "broke out", "fled", "flee",
     "escaped", "displaced", "repeated", "regular", "satellite", "imagery", "deployed",
     "stationed", "positioned", "stockpil", "oblasts", "regions", "provinces", "governorates",
     "spared", "no clash", "no combat", "absence", "amid", "comes", "came", "aimed", "set up",
     "formed", "created", "established", "reduction", "decrease", "increase", "rise", "drop",
     "decline", "fall", "ongoing"))

#: What an attack left, as a list line under it tells it ("– Kharkiv: homes damaged, two
#: injured"): an event only on a line that opens with its place, after an attack was told.
AFTERMATH = Cue(
    r"\b(?:damag(?:ed|ing|e)|destroyed|injur(?:ed|ing|ies)|wounded|dead|casualties|"
    r"(?:was|were)\s+hit)\b",
    ("damag", "destroyed", "injur", "wounded", "dead", "casualties", "hit"))
#: An event told as not known to have happened ("no independent source reported an attack on
#: the Athina", "there was no confirmation of any strike at Ashdod").
UNCONFIRMED = Cue(
    r"\bno\s+(?:\w+\s+){0,3}?(?:confirmation|evidence|sign)\s+of|"
    r"\bno\s+(?:independent\s+)?(?:source|one|outlet|report)\s+(?:has\s+)?(?:reported|confirmed)",
    ("no ",))

#: A count of attacks, not one: "Saturday's barrage was the tenth mass missile attack on the
#: grid since October", "This is the 23rd illegal attack by the Houthis".
COUNTED = Cue(
    r"\b(?:is|was|marks|marked|became)\s+(?:also\s+)?the\s+(?:\d+(?:st|nd|rd|th)|second|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+ieth)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:attack|strike|assault|barrage|raid|bombardment)s?\b",
    ("1st", "2nd", "3rd", "0th", "1th", "2th", "3th", "4th", "5th", "6th", "7th", "8th", "9th",
     "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "teenth", "ieth"))

#: Words of NOT_AN_EVENT that speak of what may come: they make a clause talk only when they
#: stand before its attack word ("threatened to strike", not "struck ..., which would").
_MODAL = re.compile(r"would|will|could|might|threaten|vow|plans?\s|if\s|possible|potential|"
                    r"imminent|expected|feared|cease|truce|cessation|(?:to\s+)?an?\s+end|"
                    r"to\s+an\s+end|agreed|proposal|negotiat|anniversary|commemorat|"
                    r",?\s*(?:in\s+)?the\s+(?:latest|newest|deadliest|worst|biggest|largest)\s")
#: A running total ("the death toll has reached 30,000"), unless the clause names its day.
_TOTAL = re.compile(r"death\s+toll|so\s+far|to\s+date|ha(?:ve|s)\s+been\s+killed|near-?constant|"
                    r"constant|near-?daily|almost|daily|nightly|incessant|relentless|frequent|"
                    r"is\s|are\s|in\s+the\s+(?:spring|summer|autumn|fall|winter)|last\s|"
                    r"this\s+past|earlier\s+this")
_ACTED = re.compile(
    r"\b(?:attacked|struck|hit|fired|launched|shelled|bombed|targeted|raided|killed|clashed|"
    r"ambushed|stormed|pounded|intercepted|downed|shot|tore|exploded|detonated|rocked|"
    r"ripped)\b")

#: NOT_AN_EVENT searched by its alternatives, each only when the clause holds its words.
NOT_AN_EVENT_PARTS = Alternatives(NOT_AN_EVENT.pattern, NOT_AN_EVENT.bit)


def talk_not_event(text: str, names_a_day: bool = False) -> bool:
    """Whether a clause that names an attack only talks of one (threats, forecasts, running
    totals, reactions) rather than telling it: see NOT_AN_EVENT. A forecast word after the
    clause's past-tense attack verb ("struck X, in what could be ...") or a toll in a clause
    that names its day ("killed 12 on Tuesday, putting the death toll at ...") does not."""
    low = text.lower()
    if UNCONFIRMED.search_lowered(low) or COUNTED.search_lowered(low):
        return True
    m = NOT_AN_EVENT_PARTS.search(low)
    while m is not None:
        word = m.group()
        acted = _ACTED.search(low, 0, m.start())
        if word.startswith("siren"):
            acted = _ACTED.search(low)  # "launched drones, triggering sirens": what they set off
        if not ((_MODAL.match(word) and acted) or (_TOTAL.match(word) and names_a_day) or (
                word.startswith("siren") and acted)):
            return True
        m = NOT_AN_EVENT_PARTS.search(low, m.end())
    return False


@dataclass(frozen=True)
class TypeCue:
    event_type: str  # one of geo.incidents.schema.EVENT_TYPES, "" when only "air" or "attack" words
    air: bool  # an airstrike word is present
    attack: bool  # any attack word is present


NO_CUE = TypeCue("", False, False)
#: The cues of type_cue: a clause with none of their words names no event.
_TYPE_BITS = reduce(or_, (cue.bit for cue in (AIR_CUE, ATTACK_CUE, *(c for _, c in TYPE_CUES),
                                               *(c for _, c in ACTION_CUES))))


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
