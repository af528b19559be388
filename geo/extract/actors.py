"""The actor lexicons: groups and forces of many conflicts, found by their aliases in text.

One JSON file per conflict in ``geo/data/actors/`` (and any the user adds with ``--actors``),
each actor with its aliases, its side and its ACLED actor category (``inter_code``). The
``generic`` lexicon ("unidentified gunmen", "Russian forces"...) is read last: a form it lists
is recorded as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from geo.errors import UserError
from geo.extract.lowercase import same_offsets


@dataclass(frozen=True)
class Actor:
    name: str
    side: str  # a party label of its conflict: militia, us, russia, rsf, jnim...
    inter: int = 0  # ACLED actor category: 1 state forces ... 8 external/other forces
    conflict: str = ""
    generic: bool = False  # recorded as written, not by a canonical name
    countries: frozenset[str] = frozenset()  # where its lexicon's conflict is fought

    @property
    def state(self) -> bool:
        """State forces at home or abroad (ACLED 1 and 8): their air action is an airstrike."""
        return self.inter in (1, 8)


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    begin: int
    end: int


class ActorLexicon:
    """Aliases -> actors; the longest alias wins where aliases overlap."""

    def __init__(self, entries: Iterable[dict]):
        self.by_alias: dict[str, Actor] = {}
        #: every actor an alias names, in lexicon order (one alias, several conflicts)
        self.choices: dict[str, list[Actor]] = {}
        acronyms, words = [], []
        for entry in entries:
            actor = Actor(entry["name"], entry.get("side", "other"),
                          int(entry.get("inter_code") or 0), entry.get("_conflict", ""),
                          entry.get("_conflict") == "generic",
                          frozenset(entry.get("_countries", ())))
            for alias in entry.get("aliases", []) + [entry["name"]]:
                is_acronym = alias.isupper() and len(alias) <= 5
                alias = " ".join(alias.split())
                key = alias if is_acronym else alias.casefold()
                self.by_alias.setdefault(key, actor)
                named = self.choices.setdefault(key, [])
                if actor not in named:
                    named.append(actor)
                (acronyms if is_acronym else words).append(alias)

        # words are matched in lower-cased text (see geo.extract.lowercase)
        self._words = re.compile(rf"(?<![\w-])(?:{_trie({w.lower() for w in words})})(?![\w-])")
        self._words_any_case = re.compile(self._words.pattern, re.IGNORECASE)
        # an empty alternation would match everywhere: a lexicon without acronyms has none;
        # the look-ahead of their first letters lets the engine skip to them (twice as fast)
        firsts = re.escape("".join(sorted({a[0] for a in acronyms})))
        self._acronyms = re.compile(rf"(?=[{firsts}])(?<![\w-])(?:{_trie(set(acronyms))})"
                                    r"(?![\w-])" if acronyms else r"(?!x)x")

    @classmethod
    def load(cls, *extra: Path) -> ActorLexicon:
        """The shipped lexicons, with the user's files first (their aliases win). Without
        user files, one lexicon per process: building its patterns costs as much as
        extracting a few dozen articles, and nothing changes a lexicon once built."""
        if not extra and cls is ActorLexicon:
            return _shipped_lexicon()
        return cls([*user_entries(*extra), *_shipped()])

    def for_countries(self, mentions: list[ActorMention], text: str,
                      countries: frozenset[str]) -> list[ActorMention]:
        """``mentions`` with each alias that several lexicons share ("Russian forces": Ukraine,
        Syria, the Sahel) read as the actor of the conflict fought in ``countries``."""
        if not countries:
            return mentions
        out = []
        for m in mentions:
            key = " ".join(text[m.begin:m.end].split())
            named = self.choices.get(key) or self.choices.get(key.casefold()) or []
            if len(named) > 1 and not (m.actor.countries & countries):
                better = next((a for a in named if a.countries & countries), None) or next(
                    (a for a in named if not a.countries), None)  # else the generic reading
                if better is not None:
                    m = ActorMention(better, m.begin, m.end)
            elif m.actor.countries and not (m.actor.countries & countries) and \
                    not m.actor.generic and key.islower():
                # "resistance fighters" in a report on Syria: not Myanmar's PDF, as written
                m = ActorMention(Actor(key, "", m.actor.inter, "", True), m.begin, m.end)
            out.append(m)
        return out

    def find(self, text: str) -> list[ActorMention]:
        found: list[ActorMention] = []
        low = text.lower()
        if same_offsets(text, low):
            words = self._words.finditer(low)
        else:
            words = self._words_any_case.finditer(text)
        for matches, fold in ((words, True), (self._acronyms.finditer(text), False)):
            for m in matches:
                key = " ".join(text[m.start():m.end()].split())
                actor = self.by_alias[key.casefold() if fold else key]
                if actor.generic:  # "unidentified gunmen": recorded as written
                    actor = Actor(key, actor.side, actor.inter, actor.conflict, True,
                                  actor.countries)
                found.append(ActorMention(actor, m.start(), m.end()))
        found.sort(key=lambda a: (a.begin, -(a.end - a.begin)))
        out: list[ActorMention] = []
        for mention in found:
            if out and mention.begin < out[-1].end:
                continue
            out.append(mention)
        return out


def _trie(aliases: set[str]) -> str:
    """One regex alternation for ``aliases`` with shared prefixes factored out ("kata(?:eb|ib)"),
    so the regex engine tries each letter once instead of every alias in turn. At each branch
    the longer aliases are tried first, so the longest alias that matches wins; a space in an
    alias matches any run of white space."""
    tree: dict = {}
    for alias in aliases:
        node = tree
        for char in alias:
            node = node.setdefault(char, {})
        node[""] = {}  # an alias ends here

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:  # an alias may stop here: try going on first
            return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    return pattern(tree)


def _entries(data: dict, conflict: str) -> list[dict]:
    countries = data.get("countries", [])
    return [{**entry, "_conflict": conflict, "_countries": countries} for entry in data["actors"]]


def user_entries(*paths: Path) -> list[dict]:
    """Actor entries from the user's files (the shape of geo/data/actors/*.json)."""
    entries: list[dict] = []
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            entries += _entries(data, str(data.get("conflict", Path(path).stem)))
            if any(not isinstance(e.get("name"), str) or not isinstance(e.get("aliases", []), list)
                   for e in entries):
                raise ValueError("every actor needs a name and a list of aliases")
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UserError(f"{path}: not an actors file ({exc}); see geo/data/actors/sudan.json"
                            ) from None
    return entries


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict, ...]:
    folder = resources.files("geo") / "data" / "actors"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")),
                   key=lambda f: (f.name == "generic.json", f.name))
    entries: list[dict] = []
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        entries += _entries(data, data.get("conflict", file.name[:-5]))
    return tuple(entries)


@lru_cache(maxsize=1)
def _shipped_lexicon() -> ActorLexicon:
    return ActorLexicon(_shipped())
