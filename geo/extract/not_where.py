"""Words before a place that make it not where the clause's event happened: a war's theatre,
a cause, where people came from or were going, a launch site, where an event was felt, where
people met, spoke or stand, where a place named before lies, a place a statement leaves out,
or a vessel's name. :func:`not_where` asks them all of the window before a mention."""

from __future__ import annotations

import re

from geo.extract.causes import caused_by
from geo.extract.cue import Words

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
    r"\b(?:(?:fired|launched|took\s+off|flew\s+in|shelling|shelled|crossed)\s+(?:\w+\s+){0,5}?|"
    r"(?:attacks?|barrages?|salvos?)\s+)from\s+"
    r"(?:the\s+)?(?:direction\s+of\s+)?"
    r"(?:[\w'’-]+\s+){0,2}"
    # "fired five rockets from Zummar, a town in Ninawa province": the launch site's province
    r"(?:[\w'’-]+,\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}?(?:in|of|near)\s+(?:the\s+)?)?$",
    re.IGNORECASE)

#: "a convoy carrying aid to Mandalay", "families fleeing towards Rafah": where people or goods
#: were going, not where the event happened.
HEADED_TO = re.compile(
    r"\b(?:carry\w*|bound|head\w*|travel\w*|deliver\w*|bring\w*|brought|aid|convoy|fle\w*|"
    r"mov\w*|taken|rushed|transferred|airlifted|"
    r"transport\w*|evacuat\w*|return\w*|en\s+route|on\s+(?:its|their|the)\s+way|runs?|"
    r"journey|trip|route|road|highway)\s+(?:[\w'’-]+\s+){0,4}?(?:to|towards?|for)\s+(?:the\s+)?"
    r"(?:city\s+of\s+|(?:regional\s+|provincial\s+|state\s+)?capital,?\s+)?$", re.IGNORECASE)

#: "power failed across the Northern and Khartoum states": where the event was felt.
FELT_IN = re.compile(r"\b(?:(?:power|electricity)(?!\s+(?:plants?|stations?|substations?|"
                     r"facilit\w+|infrastructure|lines?|grid|company|generators?))|"
                     r"blackouts?|outages?|shortages?|tremors?|"
                     r"(?:was|were)\s+(?:heard|felt|seen))\b[^.;:]{0,70}$|"
                     r"sonic\s+booms?\b[^.;:]{0,40}?\bover\s+(?:the\s+)?$", re.IGNORECASE)

#: "a ship named Athina", "the tanker Sounion", "USS Carney": a vessel's name, not a place.
VESSEL_NAMED = re.compile(r"(?=[svtcfbndmuhi])"  # (first letters: a faster scan)
                          r"\b(?:ships?|vessels?|tankers?|carriers?|freighters?|boats?|named|"
                          r"called|dubbed|MV|M/V|MT|USS|HMS|INS|FS)\s+(?:the\s+)?"
                          # "the ships SEAGUARDIAN and ATHINA": the second vessel of a pair
                          r"(?:[\w'’-]+\s*(?:,|\band\b)\s*(?:the\s+)?)?$",
                          re.IGNORECASE)

#: Words each match of FELT_IN and VESSEL_NAMED holds (lower-cased).
_FELT_WORDS = ("power", "electric", "blackout", "outage", "shortage", "tremor", "heard", "felt",
               "seen", "sonic")

_VESSEL_WORDS = ("ship", "vessel", "tanker", "carrier", "freighter", "boat", "named", "called",
                 "dubbed", "mv ", "m/v", "mt ", "uss ", "hms ", "ins ", "fs ")

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
    "negotiations", "conference", "convened", "gathered", "arrived", "landed", "visit", "tour",
    "locat", "situat", "contr", "hold", "held", "rule", "run", "govern"))

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
COMMENTERS_IN = re.compile(r"(?=[aedocgmhp])"  # (first letters: a faster scan)
                           r"(?:\b(?:(?:analysts|experts|diplomats|observers|commentators|"
                           r"correspondents)\s+(?:based\s+)?|(?:operating|active)\s+)in\s+"
                           r"(?:[\w'’-]+\s+(?:or|and)\s+)?$|"
                           # "the governor of the Black Sea region of Odesa": whose title
                           r"\b(?:governor|mayor|head|chief|prefect)\s+of\s+(?:the\s+)?"
                           r"(?:[\w-]+\s+){0,3}?(?:(?:region|oblast|province|city)\s+of\s+)?$)",
                           re.IGNORECASE)

#: "the airbase, located about 160 km west of the capital Baghdad": where a place named
#: before lies, not where anything happened.
LOCATED_AT = re.compile(r"\b(?:located|situated)\s+(?:about\s+|some\s+|around\s+|roughly\s+|"
                        r"nearly\s+|approximately\s+)?\d[^.;:]{0,60}$", re.IGNORECASE)

#: "..., and did not mention Dnipro": a place a statement leaves out.
NOT_NAMED = re.compile(r"\b(?:not|never|without)\s+(?:mention(?:ing)?|nam(?:e|ing))\s+(?:the\s+)?$",
                       re.IGNORECASE)

#: "the Houthis, who control northwestern Yemen, including Sanaa": what a party holds.
HOLDS = re.compile(r"\b(?:who|which|that)\s+(?:now\s+|still\s+|also\s+|largely\s+)?(?:controls?|"
                   r"controlled|holds?|held|rules?|ruled|runs?|governs?)\s+(?:[\w'’-]+[\s,]+){0,6}?"
                   r"(?:(?:including|such\s+as|and)\s+)?(?:the\s+)?$", re.IGNORECASE)

#: Answers by window: the salience count and the event's places ask of one mention's words,
#: and a corpus repeats its phrasings (bounded: cleared when full).
_ANSWERS: dict[str, bool] = {}
_MAX_ANSWERS = 50_000


def not_where(window: str, low: str) -> bool:
    """Whether the words before a place (``window``, and lower-cased ``low``: ``window.lower()``)
    make it not the event's place: a war's theatre, a cause, a launch site, a destination,
    where it was felt, where people met, or a vessel's name."""
    found = _ANSWERS.get(window)
    if found is None:
        if len(_ANSWERS) >= _MAX_ANSWERS:
            _ANSWERS.clear()
        found = _ANSWERS[window] = _not_where(window, low)
    return found


def _not_where(window: str, low: str) -> bool:
    if not _ANY_NOT_WHERE.any_in(low):
        return False  # (most windows hold none of the words the checks need)
    return bool((_THEATRE.any_in(low) and THEATRE_OF.search(window)) or
                (_CAUSE.any_in(low) and caused_by(window)) or
                ("from" in low and (LAUNCHED_FROM.search(window) or ORIGIN_FROM.search(window))) or
                ((" to" in low[-40:] or "for " in low[-12:]) and HEADED_TO.search(window)) or
                (_FELT.any_in(low) and FELT_IN.search(window)) or
                (("mention" in low or "nam" in low) and NOT_NAMED.search(window)) or
                ((" in" in low[-30:] or " of" in low[-40:]) and COMMENTERS_IN.search(window)) or
                ("locat" in low or "situat" in low) and LOCATED_AT.search(window) or
                ((" in" in low[-60:] or " at" in low[-60:] or "visit" in low[-20:] or
                  "tour" in low[-40:]) and MET_IN.search(window)) or
                (("from" in low[-40:] or " to" in low[-12:] or "told" in low[-6:]) and
                 COMMENT_FROM.search(window)) or
                (("contr" in low or "hold" in low or "held" in low or "rule" in low or
                  "run" in low or "govern" in low) and HOLDS.search(window[-80:])) or
                (_VESSEL.any_in(low[-30:]) and
                 VESSEL_NAMED.search(window[-30:])))
