"""Where the gazetteer keeps user data (imported GeoNames) and its built index cache."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "geo-incidents"


def data_dir() -> Path:
    """User data folder (``GEO_DATA_DIR`` overrides): imported GeoNames rows live here."""
    return Path(os.environ.get("GEO_DATA_DIR") or platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    """User cache folder (``GEO_CACHE_DIR`` overrides): the built GeoNames index lives here."""
    return Path(os.environ.get("GEO_CACHE_DIR") or platformdirs.user_cache_dir(APP))
