"""Write a file so that readers see the old one or the new one, never half of either."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any


def write_pickle(obj: Any, path: Path) -> None:
    """Pickle ``obj`` into a private temp folder beside ``path``, then rename it over ``path``.

    (geo.atomic does the same for the other layers; the gazetteer imports nothing of ours.)
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    try:
        tmp = work / path.name
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
