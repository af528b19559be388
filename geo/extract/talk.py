"""Talk of attacks that tells no event: threats, forecasts, running totals, habits, history,
reactions, counts ("the tenth attack since October") and events not known to have happened."""

from __future__ import annotations

import re

from geo.extract.cue import Cue
from geo.extract.prescan import Alternatives

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
    r"over|before)|on\s+(?:several|many|multiple|numerous|countless|a\s+number\s+of)\s+"
    r"occasions|"
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
    r"(?:\w+\s+){0,3}?(?:have|has)\s+(?:now\s+|so\s+far\s+|also\s+)?(?:killed|left|displaced|"
    r"wounded|destroyed|caused)|(?:have|has)\s+been\s+killed|death\s+toll|so\s+far|to\s+date|"
    r"since\s+the\s+(?:start|beginning|outbreak)|"
    r"(?:called|described|branded|labell?ed|termed)\s+the\s+(?:\w+\s+)?(?:strike|attack|raid|"
    r"bombing|killing)|"

    # what has gone on for long: "has been fighting for autonomy for decades"
    r"(?:has|have|had)\s+been\s+(?:engaged\s+in\s+)?(?:fighting|battling|bombing|shelling|attacking|targeting|"
    r"waging|striking|raiding)|for\s+(?:decades|years|many\s+months)|"
    r"(?:began|begun|started|start)\s+(?:using|deploying|attacking|targeting|striking|shelling|"
    r"to\s+(?:use|deploy|attack|target|strike|shell))|stockpil\w+|cease-?fire|truce|"
    r"cessation\s+of\s+hostilities|"
    r"(?:to\s+)?an?\s+end\s+to|to\s+an\s+end|agreed\s+to|proposal|negotiat\w+|"
    # a trend: "Russia has stepped up strikes on Odesa since last summer"
    r"(?:has|have|had)\s+(?:\w+\s+)?(?:stepped\s+up|intensified|escalated|ramped\s+up|increased|"
    r"grown\s+(?:heavier|fiercer|more)|surged)|"
    # a disaster that struck: "a 7.7 earthquake centred near Sagaing struck central Myanmar"
    r"(?:earthquake|quake|tremors?|aftershocks?|cyclone|typhoon|hurricane|storm|floods?|"
    r"landslides?|tsunami)\s+(?:[\w.,-]+\s+){0,6}?(?:struck|hit|hits|rocked|shook|killed|"
    r"destroyed)|"
    # a reproach: "the army has been criticised for relying on air power and artillery"
    r"criticis\w+\s+(?:\w+\s+){0,2}?for|criticiz\w+\s+(?:\w+\s+){0,2}?for|relying\s+on|"
    r"reliance\s+on|"
    # a trend or a way of fighting: "its clashes with the army intensified after the coup",
    # "the army is using helicopters, artillery and air strikes against its positions"
    r"(?:clashes|fighting|attacks|strikes|violence)\s+(?:[\w-]+\s+){0,8}?(?:intensified|"
    r"intensifying|escalated|escalating|increased|surged|grew|worsened)|"
    # what the fighting told amounts to: "these clashes are an extension of the conflict"
    r"an?\s+(?:extension|continuation)\s+of|(?:is|are)\s+(?:now\s+|also\s+|still\s+|"
    r"increasingly\s+)?using\s|"
    # "The attack follows a recent escalation of Israeli strikes on ...", "in recent weeks"
    r"(?:recent|growing|sharp|steady|continued|latest)\s+(?:escalation|surge|spate|wave|uptick|"
    r"rise|increase)\s+(?:of|in)|in\s+recent\s+(?:days|weeks|months|years)|"
    # what an actor does as a rule: "a volunteer unit that fights alongside the army"
    r"(?:that|which|who)\s+(?:has\s+|have\s+|had\s+)?(?:long\s+|also\s+)?(?:fights?|fought|"
    r"battles?|battled)\s+(?:alongside|against|for|on\s+behalf|the\b)|fighting\s+alongside|"
    # a place's lot over time: "Omdurman has seen repeated air strikes"
    r"(?:has|have|had)\s+(?:\w+\s+)?seen\s+(?:some\s+of\s+the|repeated|regular|frequent|daily|"
    r"nightly|heavy|"
    r"constant|intense|many|several|dozens|hundreds|numerous)|"
    # "fighting for every person": a cause, not a clash
    r"(?:fighting|fought|fights?)\s+for\s+(?:every|each|our|their|his|her|its|lives|life|"
    r"survival|freedom|independence|justice|an\s+independent|autonomy|a\s+homeland|self-rule|"
    r"self-determination|secession)|been\s+fought\s+over|"
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
     "extension", "continuation",
     "continue", "become", "funeral", "started", "erupted", "broke out", "fled", "flee",
     "escaped", "displaced", "repeated", "regular", "satellite", "imagery", "deployed",
     "stationed", "positioned", "stockpil", "oblasts", "regions", "provinces", "governorates",
     "spared", "no clash", "no combat", "absence", "amid", "comes", "came", "aimed", "set up",
     "formed", "created", "established", "reduction", "decrease", "increase", "rise", "drop",
     "decline", "fall", "ongoing", "recent", "growing", "sharp", "steady", "continued",
     "quake", "tremor", "aftershock", "cyclone", "typhoon", "hurricane", "storm", "flood",
     "landslide", "tsunami", "clashes", "fighting", "attacks", "strikes", "violence",
     "using", "criticis", "criticiz", "relying", "reliance"))

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
                    r",?\s*(?:in\s+)?the\s+(?:latest|newest|deadliest|worst|biggest|largest)\s|"
                    # "..., as fighting between Israel and Hezbollah intensified": around it
                    r"(?:clashes|fighting|attacks|strikes|violence)\s+(?:[\w-]+\s+){0,6}?"
                    r"(?:intensified|escalated|increased|surged|grew|worsened)")
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
