"""The curated tier's built index, cached: a start reads it instead of keying every name.

Keying the curated places' few thousand names costs a tenth of a second at every start. The
built index and skeletons are pickled in the user cache folder under a fingerprint of what
they were built from (each place's names in row order, and the code that keys and indexes
them), so any change to the places or the rules builds them again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path

from gazetteer import curated_tier, keyindex, normalize, skeleton
from gazetteer.atomic import write_pickle
from gazetteer.curated_tier import CuratedTier
from gazetteer.paths import cache_dir
from gazetteer.place import Place

FORMAT = 1  # bump when the cached layout changes
KEEP = 4  # cached indexes of other curated sets kept (tests and users switch between a few)
PREFIX = "curated-index-"


def fingerprint(places: Sequence[Place]) -> str:
    """A digest of the places' names in row order and of the code that keys them."""
    digest = hashlib.sha256(f"{FORMAT}".encode())
    for module in (normalize, skeleton, keyindex, curated_tier):
        digest.update(Path(module.__file__).read_bytes())
    for place in places:
        digest.update("\x1f".join(place.names()).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()[:16]


def cache_path(places: Sequence[Place]) -> Path:
    return cache_dir() / f"{PREFIX}{fingerprint(places)}.pickle"


def _prune(folder: Path, keep: Path) -> None:
    """Drop all but the KEEP most recent cached indexes."""
    old = sorted((p for p in folder.glob(f"{PREFIX}*.pickle") if p != keep),
                 key=lambda p: p.stat().st_mtime if p.exists() else 0.0, reverse=True)
    for path in old[KEEP - 1:]:
        path.unlink(missing_ok=True)


def cached_curated_tier(places: Sequence[Place]) -> CuratedTier:
    """The curated tier of ``places``: its index read from the cache, else built and cached."""
    path = cache_path(places)
    if path.exists():
        try:
            with path.open("rb") as fh:
                index, skeletons = pickle.load(fh)
            return CuratedTier(list(places), index, skeletons)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError,
                TypeError):
            pass  # a broken cache is built again
    tier = CuratedTier.build(places)
    try:
        write_pickle((tier.index, tier.skeletons), path)
        _prune(path.parent, path)
    except OSError:
        pass  # an unwritable cache folder only costs the next start the build
    return tier
