"""Write a file so that an interrupted write never replaces a good file with a broken one.

The one atomic writer of the project: the gazetteer (which imports nothing else of ours), the
store, the exports and the maps all write through it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Fault injection for the tests: GEO_ATOMIC_HOLD="map.html:3" holds a finished write of
#: map.html for 3 s before it is renamed into place, so a test can kill the writer right then.
HOLD_VARIABLE = "GEO_ATOMIC_HOLD"


def _held(name: str) -> None:
    hold = os.environ.get(HOLD_VARIABLE, "")
    target, _, seconds = hold.partition(":")
    if target and target == name:
        time.sleep(float(seconds or 1))


@contextmanager
def atomic_path(dest: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success move it onto ``dest`` in one step.

    The temporary file lives in a private folder in the same directory (so ``os.replace`` is a
    rename on one file system, and side files a driver makes, such as SQLite journals, stay in
    that folder). On any exception the folder is removed and ``dest`` is left as it was.
    """
    dest = Path(dest)
    folder = dest.parent if str(dest.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=folder))
    try:
        tmp = work / dest.name
        yield tmp
        if not tmp.exists():
            raise RuntimeError(f"{dest}: nothing was written")
        _held(dest.name)
        if dest.exists():  # a replaced file keeps its permissions
            os.chmod(tmp, dest.stat().st_mode & 0o7777)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_text(dest: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``dest`` atomically."""
    with atomic_path(dest) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(dest)


def write_bytes(dest: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``dest`` atomically."""
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)
    return Path(dest)


def write_pickle(obj: object, dest: str | os.PathLike[str]) -> Path:
    """Pickle ``obj`` to ``dest`` atomically."""
    import pickle

    with atomic_path(dest) as tmp, tmp.open("wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return Path(dest)
