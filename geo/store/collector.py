"""The cyclic garbage collector paused while the store turns a batch into rows and back.

Merging and typing 100k incidents makes millions of small acyclic objects (row dicts, source
lists); each full collection meanwhile walks all of them again, which costs about a third of
a store update and of a PostGIS read. Reference counting still frees everything as usual;
only the cycle search waits until the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause cyclic collection for the block (as it was after: nested blocks keep it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
