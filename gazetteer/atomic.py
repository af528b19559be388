"""Write a file so that readers see the old one or the new one, never half of either."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


def write_pickle(obj: Any, path: Path) -> None:
    """Pickle ``obj`` to a temp file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
