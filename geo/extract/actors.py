"""The actor lexicon: groups and forces of the theatre, found by their aliases in text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from geo.errors import UserError


@dataclass(frozen=True)
class Actor:
    name: str
    side: str  # militia, iran, us, israel, other


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    begin: int
    end: int


class ActorLexicon:
    """Aliases -> actors; the longest alias wins where aliases overlap."""

    def __init__(self, entries: Iterable[dict]):
        self.by_alias: dict[str, Actor] = {}
        acronyms, words = [], []
        for entry in entries:
            actor = Actor(entry["name"], entry.get("side", "other"))
            for alias in entry.get("aliases", []) + [entry["name"]]:
                is_acronym = alias.isupper() and len(alias) <= 5
                alias = " ".join(alias.split())
                key = alias if is_acronym else alias.casefold()
                self.by_alias.setdefault(key, actor)
                (acronyms if is_acronym else words).append(alias)

        def alternation(aliases: list[str]) -> str:
            ordered = sorted(set(aliases), key=len, reverse=True)
            return "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered)

        self._words = re.compile(rf"(?<![\w-])(?:{alternation(words)})(?![\w-])", re.IGNORECASE)
        self._acronyms = re.compile(rf"(?<![\w-])(?:{alternation(acronyms)})(?![\w-])")

    @classmethod
    def load(cls, extra: Path | None = None) -> ActorLexicon:
        entries = list(_shipped())
        if extra is not None:
            try:
                entries += json.loads(Path(extra).read_text(encoding="utf-8"))["actors"]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise UserError(f"{extra}: not an actors file ({exc}); see geo/data/actors.json"
                                ) from None
        return cls(entries)

    def find(self, text: str) -> list[ActorMention]:
        found: list[ActorMention] = []
        for pattern, fold in ((self._words, True), (self._acronyms, False)):
            for m in pattern.finditer(text):
                key = " ".join(m.group().split())
                actor = self.by_alias[key.casefold() if fold else key]
                found.append(ActorMention(actor, m.start(), m.end()))
        found.sort(key=lambda a: (a.begin, -(a.end - a.begin)))
        out: list[ActorMention] = []
        for mention in found:
            if out and mention.begin < out[-1].end:
                continue
            out.append(mention)
        return out


@lru_cache(maxsize=1)
def _shipped() -> tuple[dict, ...]:
    path = resources.files("geo") / "data" / "actors.json"
    return tuple(json.loads(path.read_text(encoding="utf-8"))["actors"])
