"""Where a store lives: a GeoPackage path (the default) or a PostgreSQL URL.

A store is named by a path (``incidents.gpkg``) or by a libpq URL
(``postgresql://user@host:port/db``); ``GEO_STORE`` names it when a command is given none.
Passwords may sit in the URL, but :func:`display` is what is ever printed or written.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

#: The environment variable naming the store when no --store/--output is given.
STORE_VARIABLE = "GEO_STORE"
SCHEMES = ("postgresql://", "postgres://")

Store = str | os.PathLike[str]


def is_database(store: Store | None) -> bool:
    """Whether ``store`` is a PostgreSQL URL (else it is a file path)."""
    return isinstance(store, str) and store.strip().lower().startswith(SCHEMES)


def store_from_env() -> str | None:
    """The store ``GEO_STORE`` names, or None."""
    value = os.environ.get(STORE_VARIABLE, "").strip()
    return value or None


def as_store(value: Store) -> str | Path:
    """A URL stays a string (a Path would fold its ``//``); anything else becomes a Path."""
    if is_database(value):
        return str(value).strip()
    return Path(value)


def display(store: Store) -> str:
    """How a store is named in messages and outputs: a URL without password or parameters."""
    if not is_database(store):
        return str(store)
    parts = urlsplit(str(store).strip())
    host = parts.hostname or ""
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    user = f"{parts.username}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"
