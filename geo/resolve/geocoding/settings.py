"""Geocoder settings: CLI options over environment variables over a TOML config file over defaults.

Nothing here touches the network; an empty ``geocoders`` list (the default) means offline.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from geo.errors import UserError

APP_NAME = "geo-incidents"

#: Geocoders this package can drive through geopy.
KNOWN_GEOCODERS: tuple[str, ...] = ("nominatim", "photon", "geonames")

#: Public endpoints used when no ``url`` is set (they also label cache entries and sources).
PUBLIC_URLS: dict[str, str] = {
    "nominatim": "https://nominatim.openstreetmap.org",
    "photon": "https://photon.komoot.io",
    "geonames": "http://api.geonames.org",
}

#: Nominatim's usage policy: at most one request per second against the public service.
PUBLIC_NOMINATIM_MIN_DELAY_S = 1.0

UA_REQUIRED = (
    "Nominatim's usage policy requires an identifying user agent: pass --user-agent "
    "'yourapp/1.0 (you@example.org)' or set GEO_USER_AGENT"
)

ENV_VARS: dict[str, str] = {
    "GEO_GEOCODER": "geocoders",
    "GEO_GEOCODER_URL": "url",
    "GEO_USER_AGENT": "user_agent",
    "GEO_GEONAMES_USERNAME": "username",
    "GEO_GEOCODER_TIMEOUT": "timeout",
    "GEO_CACHE": "cache_path",
}


def default_cache_path() -> Path:
    """``geocache.sqlite`` in the user cache directory (platformdirs)."""
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "geocache.sqlite"


def default_config_path() -> Path:
    """``config.toml`` in the user config directory (platformdirs)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


@dataclass
class GeocoderSettings:
    """Which online geocoders to ask, how politely, and where answers are cached.

    ``url`` is the base URL of a self-hosted (or test) service, used for every listed geocoder;
    None means each geocoder's public endpoint. ``backoff_s`` is the first wait before a retry
    (it doubles on each further retry; a longer Retry-After from the server wins).
    """

    geocoders: list[str] = field(default_factory=list)
    url: str | None = None
    user_agent: str | None = None
    username: str | None = None
    api_key: str | None = None
    timeout: float = 10
    min_delay_s: float = 1.0
    max_retries: int = 3
    cache_path: Path | None = None
    offline_cache_only: bool = False
    backoff_s: float = 1.0

    @property
    def resolved_cache_path(self) -> Path:
        return self.cache_path if self.cache_path is not None else default_cache_path()

    def base_url(self, geocoder: str) -> str:
        """The service URL a geocoder talks to (no trailing slash)."""
        return (self.url or PUBLIC_URLS[geocoder]).rstrip("/")


_FIELD_NAMES = {f.name for f in fields(GeocoderSettings)}


def _split_names(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.replace(";", ",").split(",")
    elif isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        raise ValueError("expected a name or a list of names")
    names = [i.strip().casefold() for i in items if i.strip()]
    return [] if names in (["none"], ["off"]) else names


def _convert(name: str, value: Any, where: str) -> Any:
    """Turn a raw option value into the field's type; raise UserError naming ``where``."""
    try:
        if name == "geocoders":
            return _split_names(value)
        if name in ("timeout", "min_delay_s", "backoff_s"):
            number = float(value)
            if number < 0 or (name == "timeout" and number == 0):
                raise ValueError("must be a positive number of seconds")
            return number
        if name == "max_retries":
            number = int(value)
            if number < 0 or isinstance(value, float | bool):
                raise ValueError("must be a whole number >= 0")
            return number
        if name == "cache_path":
            return Path(os.path.expanduser(str(value)))
        if name == "offline_cache_only":
            if isinstance(value, bool):
                return value
            text = str(value).strip().casefold()
            if text not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError("must be true or false")
            return text in ("1", "true", "yes")
        text = str(value).strip()
        return text or None
    except (TypeError, ValueError) as exc:
        raise UserError(f"{where}: bad value {value!r} for {name}: {exc}") from None


def _read_config(path: Path, explicit: bool) -> dict[str, Any]:
    if not path.is_file():
        if explicit:
            raise UserError(f"{path}: config file not found; check --config")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix the file") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; save the config as UTF-8") from None
    table = data.get("geocoding", {})
    if not isinstance(table, dict):
        raise UserError(f"{path}: [geocoding] must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = "geocoders" if key == "geocoder" else key
        if name not in _FIELD_NAMES:
            known = ", ".join(sorted(_FIELD_NAMES))
            raise UserError(f"{path}: unknown key [geocoding].{key}; known keys: {known}")
        values[name] = _convert(name, value, f"{path} [geocoding].{key}")
    return values


def load_settings(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] = os.environ,
    config_path: Path | None = None,
) -> GeocoderSettings:
    """Merge settings: ``cli`` (field names; None = not given) > ``env`` > config file > defaults.

    The config file is ``config_path`` if given (it must exist), else the user config file if
    present. Raises UserError for bad values and for Nominatim without a user agent.
    """
    explicit = config_path is not None
    merged = _read_config(config_path if explicit else default_config_path(), explicit)
    for var, name in ENV_VARS.items():
        raw = env.get(var)
        if raw is not None and raw.strip() != "":
            merged[name] = _convert(name, raw, f"environment variable {var}")
    for key, value in (cli or {}).items():
        name = "geocoders" if key == "geocoder" else key
        if name not in _FIELD_NAMES:
            raise UserError(f"unknown geocoder option {key!r}")
        if value is not None and not (name == "geocoders" and value in ((), [])):
            merged[name] = _convert(name, value, f"option --{name.replace('_', '-')}")
    return check_settings(replace(GeocoderSettings(), **merged))


def check_settings(settings: GeocoderSettings) -> GeocoderSettings:
    """Validate names and politeness requirements; return the settings (public Nominatim's delay
    raised to its 1 request/s limit)."""
    unknown = [g for g in settings.geocoders if g not in KNOWN_GEOCODERS]
    if unknown:
        raise UserError(
            f"unknown geocoder {unknown[0]!r}: choose from {', '.join(KNOWN_GEOCODERS)}"
        )
    if settings.url and not settings.url.startswith(("http://", "https://")):
        raise UserError(f"geocoder URL {settings.url!r} must start with http:// or https://")
    will_send = bool(settings.geocoders) and not settings.offline_cache_only
    if will_send and "nominatim" in settings.geocoders and not settings.user_agent:
        raise UserError(UA_REQUIRED)
    if will_send and "geonames" in settings.geocoders and not settings.username:
        raise UserError(
            "the GeoNames web service needs an account: pass --username YOURNAME "
            "or set GEO_GEONAMES_USERNAME"
        )
    public_nominatim = "nominatim" in settings.geocoders and (
        settings.url is None or "nominatim.openstreetmap.org" in settings.url
    )
    if public_nominatim and settings.min_delay_s < PUBLIC_NOMINATIM_MIN_DELAY_S:
        settings = replace(settings, min_delay_s=PUBLIC_NOMINATIM_MIN_DELAY_S)
    return settings
