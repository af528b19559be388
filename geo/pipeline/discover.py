"""Which files a run reads: articles and tables under the paths given, in a stable order, and
the paths it cannot read (missing, broken links, link loops, pipes) as problems."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from geo.errors import UserError
from geo.incidents.draft import SourceProblem
from geo.review.decisions import DECISIONS_NAME
from geo.sources.articles import SIDECAR_SUFFIX

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".geojson"})


def unreadable(path: Path) -> str | None:
    """Why ``path`` is neither a regular file nor a folder we can read (None when it is)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop; skipped"
        if path.is_symlink():
            return f"is a broken symbolic link (to {os.readlink(path)}, which does not exist); " \
                "skipped"
        if exc.errno == errno.ENOENT:
            return "does not exist"
        return f"cannot be read ({exc.strerror or exc}); skipped"
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        return None
    return "is not a regular file (a pipe, socket or device); skipped"


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[tuple[Path, str]],
                                                              list[SourceProblem], list[str]]:
    """Files to read as (path, "article"|"table"), in a stable order; problems (paths that do
    not exist, broken links, link loops, pipes); skipped files (of other types, and hidden
    files and folders of a folder, each listed once)."""
    found: list[tuple[Path, str]] = []
    problems: list[SourceProblem] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        why = unreadable(path)
        if why is not None:
            problems.append(SourceProblem(str(path), None, None, why))
            continue
        files = [path]
        if path.is_dir():
            files = []
            for entry in sorted(path.rglob("*")):
                parts = entry.relative_to(path).parts
                if any(part.startswith(".") for part in parts):
                    if parts[-1].startswith(".") and not any(p.startswith(".")
                                                             for p in parts[:-1]):
                        skipped.append(str(entry))  # hidden: listed once, not its contents
                    continue
                why = unreadable(entry)
                if why is not None:
                    problems.append(SourceProblem(str(entry), None, None, why))
                elif not entry.is_dir():
                    files.append(entry)
        for file in files:
            suffix = file.suffix.lower()
            if file.name.endswith(SIDECAR_SUFFIX) or file.name == DECISIONS_NAME:
                continue  # an article's sidecar; the analyst's decisions (geo/review)
            if suffix in TABLE_SUFFIXES:
                found.append((file, "table"))
            elif suffix in ARTICLE_SUFFIXES or (not path.is_dir() and file == path):
                found.append((file, "article"))
            else:
                skipped.append(str(file))
    return found, problems, skipped


def check_something_to_read(paths: list) -> None:
    """A build of nothing (no path, or only missing or empty ones) is an error, raised before
    anything is written; when some path holds files, the others are reported as problems."""
    files, problems, skipped = discover(paths)
    if files:
        return
    if not paths:
        raise UserError("give the articles, tables or folders to read, e.g. seeds/")
    why = [str(p) for p in problems]
    why += [f"{raw}: holds no article (.txt, .md) or table (.csv, .json) files"
            + (f" ({len(skipped)} of other types or hidden)" if skipped else "")
            for raw in paths if Path(raw).is_dir() and unreadable(Path(raw)) is None]
    raise UserError(f"nothing to read: {'; '.join(why[:5])}"
                    + (f"; and {len(why) - 5} more" if len(why) > 5 else ""))


def empty_folders(paths: list, files: list[tuple[Path, str]]) -> list[SourceProblem]:
    """A folder given that holds nothing to read is a problem, not a silent no-op."""
    out = []
    for raw in paths:
        folder = Path(raw)
        if folder.is_dir() and not any(f.is_relative_to(folder) for f, _ in files):
            out.append(SourceProblem(str(folder), None, None,
                                     "holds no article (.txt, .md) or table (.csv, .json) "
                                     "files; nothing read from it"))
    return out
