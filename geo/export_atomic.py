"""Write a file so that an interrupted write never replaces a good file with a broken one."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
