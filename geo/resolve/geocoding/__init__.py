"""Online geocoders through geopy: settings, politeness, and the persistent cache.

Offline by default: ``make_geocoders(load_settings({}))`` is ``[]``. The names below are
imported on first use, so that commands which never geocode do not pay for importing geopy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "GeocodeCache": "cache", "QueryParams": "cache", "normalize_query": "cache",
    "GeocodeResult": "service", "GeoNamesGeocoder": "service", "NominatimGeocoder": "service",
    "OnlineGeocoder": "service", "PhotonGeocoder": "service", "make_geocoders": "service",
    "GeocoderSettings": "settings", "default_cache_path": "settings", "load_settings": "settings",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo.resolve.geocoding' has no attribute {name!r}")
    return getattr(importlib.import_module(f"geo.resolve.geocoding.{module}"), name)
