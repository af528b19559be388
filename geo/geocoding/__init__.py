"""Online geocoders through geopy: settings, politeness, and the persistent cache.

Offline by default: ``make_geocoders(load_settings({}))`` is ``[]``.
"""

from geo.geocoding.cache import GeocodeCache, QueryParams, normalize_query
from geo.geocoding.service import (
    GeocodeResult,
    GeoNamesGeocoder,
    NominatimGeocoder,
    OnlineGeocoder,
    PhotonGeocoder,
    make_geocoders,
)
from geo.geocoding.settings import GeocoderSettings, default_cache_path, load_settings

__all__ = [
    "GeoNamesGeocoder",
    "GeocodeCache",
    "GeocodeResult",
    "GeocoderSettings",
    "NominatimGeocoder",
    "OnlineGeocoder",
    "PhotonGeocoder",
    "QueryParams",
    "default_cache_path",
    "load_settings",
    "make_geocoders",
    "normalize_query",
]
