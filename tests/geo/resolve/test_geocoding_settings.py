"""Geocoder settings: precedence, validation, Nominatim's usage-policy requirements."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import UserError
from geo.resolve.geocoding import default_cache_path, load_settings, make_geocoders
from geo.resolve.geocoding.settings import UA_REQUIRED, GeocoderSettings, default_config_path


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Keep the user's real config and cache directories out of these tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def write_config(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


CONFIG = """
[geocoding]
geocoders = ["photon"]
url = "http://config.invalid:1"
timeout = 5
min_delay_s = 0.5
cache_path = "~/geo-config-cache.sqlite"
"""


def test_precedence_cli_over_env_over_config_over_defaults(tmp_path):
    config = write_config(tmp_path / "c.toml", CONFIG)
    env = {"GEO_GEOCODER_URL": "http://env.invalid:2", "GEO_GEOCODER_TIMEOUT": "7"}
    s = load_settings({"url": "http://cli.invalid:3", "timeout": None}, env=env,
                      config_path=config)
    assert s.url == "http://cli.invalid:3"  # CLI wins
    assert s.timeout == 7.0  # env beats config when the CLI is silent
    assert s.geocoders == ["photon"] and s.min_delay_s == 0.5  # config beats defaults
    assert s.max_retries == GeocoderSettings().max_retries  # defaults fill the rest
    assert s.cache_path == Path("~/geo-config-cache.sqlite").expanduser()
    s = load_settings({}, env={}, config_path=config)
    assert s.url == "http://config.invalid:1" and s.timeout == 5.0


def test_every_environment_variable_is_read(tmp_path):
    env = {
        "GEO_GEOCODER": "nominatim, geonames", "GEO_GEOCODER_URL": "http://127.0.0.1:9",
        "GEO_USER_AGENT": "desk/1 (a@b.org)", "GEO_GEONAMES_USERNAME": "me",
        "GEO_GEOCODER_TIMEOUT": "2.5", "GEO_CACHE": str(tmp_path / "g.sqlite"),
    }
    s = load_settings({}, env=env)
    assert s.geocoders == ["nominatim", "geonames"]
    assert (s.url, s.user_agent, s.username) == ("http://127.0.0.1:9", "desk/1 (a@b.org)", "me")
    assert s.timeout == 2.5 and s.cache_path == tmp_path / "g.sqlite"


def test_default_config_file_is_read_when_present():
    write_config(default_config_path(), '[geocoding]\ngeocoders = "photon"\nmax_retries = 5\n')
    s = load_settings({}, env={})
    assert s.geocoders == ["photon"] and s.max_retries == 5


def test_defaults_are_offline_with_a_user_cache_path():
    s = load_settings({}, env={})
    assert s.geocoders == [] and make_geocoders(s) == []
    assert s.resolved_cache_path == default_cache_path()
    assert not default_cache_path().exists()  # an offline run creates no cache file


def test_nominatim_without_user_agent_is_refused():
    with pytest.raises(UserError) as err:
        load_settings({"geocoders": ["nominatim"]}, env={})
    assert str(err.value) == UA_REQUIRED
    assert "--user-agent" in UA_REQUIRED and "GEO_USER_AGENT" in UA_REQUIRED
    with pytest.raises(UserError):  # also when settings are built by hand
        make_geocoders(GeocoderSettings(geocoders=["nominatim"]))


def test_cache_only_mode_needs_no_user_agent(tmp_path):
    s = load_settings({"geocoders": "nominatim", "offline_cache_only": True,
                       "cache_path": tmp_path / "c.sqlite"}, env={})
    (geo,) = make_geocoders(s)
    result = geo.geocode("Erbil")
    assert result.error is not None and "cache" in result.error and result.requests_sent == 0


def test_public_nominatim_is_held_to_one_request_per_second():
    ua = {"user_agent": "desk/1 (a@b.org)", "min_delay_s": 0.1}
    public = load_settings({"geocoders": "nominatim", **ua}, env={})
    assert public.min_delay_s == 1.0
    own = load_settings({"geocoders": "nominatim", "url": "http://127.0.0.1:8080", **ua}, env={})
    assert own.min_delay_s == 0.1


@pytest.mark.parametrize(
    ("cli", "env", "fragment"),
    [
        ({"geocoders": "googol"}, {}, "unknown geocoder 'googol'"),
        ({}, {"GEO_GEOCODER_TIMEOUT": "soon"}, "GEO_GEOCODER_TIMEOUT"),
        ({"timeout": 0}, {}, "--timeout"),
        ({"max_retries": -1}, {}, "--max-retries"),
        ({"geocoders": "geonames"}, {}, "GEO_GEONAMES_USERNAME"),
        ({"url": "ftp://x"}, {}, "http://"),
    ],
)
def test_bad_values_name_where_they_came_from(cli, env, fragment):
    with pytest.raises(UserError) as err:
        load_settings(cli, env=env)
    assert fragment in str(err.value)


def test_config_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(UserError, match="nope.toml: config file not found"):
        load_settings({}, env={}, config_path=missing)
    broken = write_config(tmp_path / "broken.toml", "[geocoding]\ntimeout = \n")
    with pytest.raises(UserError, match=r"broken\.toml: not valid TOML.*line 2"):
        load_settings({}, env={}, config_path=broken)
    unknown = write_config(tmp_path / "unknown.toml", "[geocoding]\nspeed = 3\n")
    with pytest.raises(UserError, match=r"unknown\.toml: unknown key \[geocoding\]\.speed"):
        load_settings({}, env={}, config_path=unknown)
