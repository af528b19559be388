"""Who did it and to whom: the agent and the target of an event among a clause's actors.

An actor after "by" is the agent ("struck by Russian missiles"); one after "on", "against",
"targeting" or the attack verb, or before a passive verb ("US forces came under attack"), is
the target; otherwise the first actor named before the verb is the agent. Speakers ("X said",
"according to X") are neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.extract.actors import ActorMention
from geo.extract.cue import Words
from geo.extract.lowercase import lower_keeping_offsets, lowered

ATTACK_VERB = re.compile(
    r"\b(?:attack\w*|struck|strik\w+|hit|hits|fired|fires|firing|launch\w*|shell\w*|bomb\w*|"
    r"target\w*|raid\w*|kill\w*|clash\w*|ambush\w*|shot|shoot\w*|intercept\w*|downed|"
    r"storm\w*|assault\w*|seiz\w*|captur\w*|abduct\w*|kidnap\w*|massacr\w*|pound\w*|"
    r"retaliat\w*|came\s+under|come\s+under|opened\s+fire)\b", re.IGNORECASE)
_ATTACK_VERB = lowered(ATTACK_VERB.pattern)
#: "struck by", "launched from": an agent after an attack word (not "used by", "backed by").
BY_BEFORE = lowered(
    r"\b(?:\w+ed|struck|hit|shot|fired|launched|carried\s+out|conducted|attacks?|strikes?|"
    r"raids?|shelling|fire)\s+(?:[\w'’-]+\s+){0,3}?(?:by|from)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'’-]+\s+){0,2}$")
NOT_AGENTIVE = lowered(r"\b(?:used|backed|supported|funded|run|operated|controlled|held|"
                          r"owned|led|aligned|allied|sponsored|armed|trained)\s+by\s+"
                          r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}$")
#: "blew themselves up while being chased by security forces": those who chase are no party.
CHASED_BY = lowered(r"\b(?:chased|pursued|surrounded|stopped|caught|spotted|arrested|detained)"
                    r"\s+by\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$")
#: "X said it had struck": a speaker that claims the act is its agent.
SELF_CLAIM = lowered(r"[^\w]{0,3}(?:said|says|claimed|announced|stated)\s+(?:that\s+)?"
                        r"(?:it|they|its\s+\w+|their\s+\w+)\b")
#: "On Sunday Hezbollah fired", "At dawn the RSF attacked": a time, not a target, after the word.
_NOT_A_TIME = (r"(?!\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|dawn|dusk|"
               r"night|noon|midnight|around|about|least|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
               r"oct|nov|dec)[a-z]*\.?\s|\d|the\s+(?:night|morning|evening|afternoon|eve|day|"
               r"weekend|same|time)\b))")
AT_BEFORE = lowered(  # (the look-ahead of the first letters speeds the scan)
    r"(?=[oathskwib])"
    rf"\b(?:on{_NOT_A_TIME}|at{_NOT_A_TIME}|against|targeting|targeted|toward|towards|hit|"
    r"hitting|struck|striking|killing|killed|wounding|hitting|of|into|inside|attacking|"
    r"attacked|shelled|shelling|bombed|bombing)\s+(?:the\s+|a\s+|an\s+|two\s+|three\s+|"
    r"several\s+)?(?:[\w'’-]+\s+){0,2}$")
#: ...but not a relative clause's verb ("a US gunship that was already airborne struck").
#: "killed in an Israeli strike", "a Russian missile attack": the actor names whose action it is.
ACTION_AFTER = lowered(r"\s+(?:(?:air|drone|missile|rocket|artillery|mortar|artillery)\s+)?"
                       r"(?:air\s*strikes?|strikes?|raids?|shelling|bombardments?|bombing)\b")
PASSIVE_AFTER = lowered(r"^(?:(?!\b(?:that|which|who)\b)[\w\s'’,-]){0,70}?"
                        r"\b(?:were|was|been|being|came|come|under|died|perished)\b|"
                        # a headline's passive: "22 civilians killed in attack by RSF"
                        r"^\s+(?:killed|wounded|injured|hurt|abducted|kidnapped)\s+(?:in|by|"
                        r"during|as|when|after|at)\b")
#: (also after where the speaker is: "A civilian in the Salaam neighbourhood of El Fasher told")
SPEAKS_AFTER = lowered(r"(?:\s+(?:in|from)\s+(?:[\w'’-]+\s+){1,7}?)?"
                       r"[^\w]{0,3}(?:(?:also\s+)?(?:report|reports|say)|said|says|told|"
                       r"reported|announced|stated|claimed|accused|denied|warned|confirmed)\b")
SPEAKS_BEFORE = lowered(r"\baccording\s+to\s+(?:the\s+)?$")


@dataclass(frozen=True)
class Parties:
    agent: ActorMention | None
    target: ActorMention | None


def speaks(text: str, mention: ActorMention) -> bool:
    """The actor only tells of the event ("X said", "according to X")."""
    return _speaks(lower_keeping_offsets(text), mention)


def _speaks(low: str, mention: ActorMention) -> bool:
    return bool(SPEAKS_AFTER.match(low, mention.end)
                or SPEAKS_BEFORE.search(low, max(0, mention.begin - _SPEAKS_BEFORE_CHARS),
                                        mention.begin))


#: A cause told before the event: "to answer the crimes the Israeli enemy commits, ...".
_CAUSE = lowered(r"\b(?:in\s+response\s+to|in\s+retaliation\s+(?:for|against)|to\s+answer|"
                 r"in\s+answer\s+to|to\s+avenge|in\s+revenge\s+for|in\s+solidarity\s+with|"
                 r"to\s+support|in\s+support\s+of)\b")
_CAUSE_WORDS = Words(("response", "retaliation", "answer", "avenge", "revenge", "solidarity",
                      "support"))
#: How far before an actor SPEAKS_BEFORE looks ("according to the " and its spaces).
_SPEAKS_BEFORE_CHARS = 40


def parties(text: str, actors: list[ActorMention]) -> Parties:
    """The agent and target among ``actors`` (offsets into ``text``)."""
    low = lower_keeping_offsets(text)
    verb_at: int | None = -1  # not looked for yet
    agent = target = None
    # "In response to the Hamas attack, Israel struck ...": a cause's actors are neither, and
    # its verb is not the event's
    causes = [(m.start(), low.find(",", m.end())) for m in _CAUSE.finditer(low)] \
        if _CAUSE_WORDS.any_in(low) else []
    cause_end = max((end for _, end in causes), default=-1)
    for mention in actors:
        if any(start <= mention.begin < end for start, end in causes):
            continue
        if SELF_CLAIM.match(low, mention.end):
            agent = agent or mention
            continue
        if _speaks(low, mention):
            continue  # "X said": only tells of the event
        before = low[max(0, mention.begin - 64):mention.begin]
        if "by" in before and CHASED_BY.search(before):
            continue
        if ("by" in before or "from" in before) and BY_BEFORE.search(before) and \
                not NOT_AGENTIVE.search(before):
            agent = agent or mention
            continue
        if ACTION_AFTER.match(low, mention.end):
            agent = agent or mention
            continue
        if AT_BEFORE.search(before):
            target = target or mention
            continue
        if verb_at == -1:
            verb = _ATTACK_VERB.search(low, max(cause_end, 0))
            verb_at = verb.start() if verb else None
        if _after_verb_or_passive(low, mention, verb_at):
            target = target or mention
        else:
            agent = agent or mention
    return Parties(agent, target)


def _after_verb_or_passive(low: str, mention: ActorMention, verb_at: int | None) -> bool:
    """Named after the attack verb, or before a passive one ("US forces came under fire")."""
    if verb_at is None:
        return False
    return mention.begin > verb_at or bool(PASSIVE_AFTER.match(low[mention.end:verb_at + 12]))
