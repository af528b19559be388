"""Finding the decisions files of a run and binding them to the gazetteer."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from geo.incidents.draft import SourceProblem
from geo.review.apply import PlaceOf, Review
from geo.review.decisions import DECISIONS_NAME, read_decisions


def decision_files(paths: Iterable[str | os.PathLike[str]],
                   given: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """The decisions files of a run: ``given`` ones, then every ``corrections.csv`` in the
    folders read (and any named as a source), each once, in a stable order."""
    found: list[Path] = [Path(p) for p in given]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob(DECISIONS_NAME) if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts))
        elif path.name == DECISIONS_NAME:
            found.append(path)
    out: list[Path] = []
    for path in found:
        if not any(_same(path, p) for p in out):
            out.append(path)
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def load_review(paths: Iterable[str | os.PathLike[str]], given: Iterable[str | os.PathLike[str]],
                place_of: PlaceOf) -> Review | None:
    """The run's :class:`Review` (None when no decisions file is found); bad or disagreeing
    decisions are refused with a one-line UserError before anything is read or written."""
    files = decision_files(paths, given)
    if not files:
        return None
    return Review(read_decisions(files), place_of)


def stale_problems(review: Review, carried: dict[str, list[str]] | None = None,
                   reread: Iterable[str] = ()) -> list[SourceProblem]:
    """Each decision that matched nothing, as a problem naming its file and line."""
    return [SourceProblem(d.file, d.line, None,
                          f"matches no incident ({d.action} of {d.about()}); fix or remove it")
            for d in review.stale(carried, reread)]
