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

ATTACK_VERB = re.compile(
    r"\b(?:attack\w*|struck|strik\w+|hit|hits|fired|fires|firing|launch\w*|shell\w*|bomb\w*|"
    r"target\w*|raid\w*|kill\w*|clash\w*|ambush\w*|shot|shoot\w*|intercept\w*|downed|"
    r"storm\w*|assault\w*|seiz\w*|captur\w*|abduct\w*|kidnap\w*|massacr\w*|pound\w*|"
    r"retaliat\w*|came\s+under|come\s+under|opened\s+fire)\b", re.IGNORECASE)
#: "struck by", "launched from": an agent after an attack word (not "used by", "backed by").
BY_BEFORE = re.compile(
    r"\b(?:\w+ed|struck|hit|shot|fired|launched|carried\s+out|conducted|attacks?|strikes?|"
    r"raids?|shelling|fire)\s+(?:[\w'’-]+\s+){0,3}?(?:by|from)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
NOT_AGENTIVE = re.compile(r"\b(?:used|backed|supported|funded|run|operated|controlled|held|"
                          r"owned|led|aligned|allied|sponsored|armed|trained)\s+by\s+"
                          r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
#: "X said it had struck": a speaker that claims the act is its agent.
SELF_CLAIM = re.compile(r"\W{0,3}(?:said|says|claimed|announced|stated)\s+(?:that\s+)?"
                        r"(?:it|they|its\s+\w+|their\s+\w+)\b", re.IGNORECASE)
AT_BEFORE = re.compile(
    r"\b(?:on|against|at|targeting|targeted|toward|towards|hit|hitting|struck|striking|"
    r"killing|killed|wounding|hitting|of|into|inside|attacking|attacked|shelled|shelling|"
    r"bombed|bombing)\s+(?:the\s+|a\s+|an\s+|two\s+|three\s+|several\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE)
PASSIVE_AFTER = re.compile(r"^[\w\s'’,-]{0,40}?\b(?:were|was|been|being|came|come|under)\b",
                           re.IGNORECASE)
SPEAKS_AFTER = re.compile(r"\W{0,3}(?:said|says|told|reported|announced|stated|claimed|"
                          r"accused|denied|warned|confirmed)\b", re.IGNORECASE)
SPEAKS_BEFORE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Parties:
    agent: ActorMention | None
    target: ActorMention | None


def speaks(text: str, mention: ActorMention) -> bool:
    """The actor only tells of the event ("X said", "according to X")."""
    return bool(SPEAKS_AFTER.match(text, mention.end)
                or SPEAKS_BEFORE.search(text, 0, mention.begin))


def parties(text: str, actors: list[ActorMention]) -> Parties:
    """The agent and target among ``actors`` (offsets into ``text``)."""
    verb = ATTACK_VERB.search(text)
    verb_at = verb.start() if verb else None
    agent = target = None
    for mention in actors:
        if SELF_CLAIM.match(text, mention.end):
            agent = agent or mention
            continue
        if speaks(text, mention):
            continue  # "X said": only tells of the event
        before = text[max(0, mention.begin - 64):mention.begin]
        if BY_BEFORE.search(before) and not NOT_AGENTIVE.search(before):
            agent = agent or mention
        elif AT_BEFORE.search(before) or _after_verb_or_passive(text, mention, verb_at):
            target = target or mention
        else:
            agent = agent or mention
    return Parties(agent, target)


def _after_verb_or_passive(text: str, mention: ActorMention, verb_at: int | None) -> bool:
    """Named after the attack verb, or before a passive one ("US forces came under fire")."""
    if verb_at is None:
        return False
    return mention.begin > verb_at or bool(PASSIVE_AFTER.match(text[mention.end:verb_at + 12]))
