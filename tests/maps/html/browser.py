"""Headless Chromium (Debian's, driven by Playwright) opening our HTML maps with no internet.

Every request outside file:// is aborted and recorded, so a page that needs the network fails
the test. Only a ``--cdn`` page is given its CDN files: answered from the npm package in
tests/assets/node_modules (the version the installed XStatic-Leaflet ships), so Chromium checks
the page's integrity hashes against npm's own files.
"""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import CHROMIUM, ROOT, require

ASSETS = ROOT / "tests" / "assets"
NODE_MODULES = ASSETS / "node_modules"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_NPM_URL = re.compile(r"^https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/(.+)$")


#: The one command that enables the browser tests here (the README's test section says so too).
ENABLE = ("apt-get install chromium && npm install --prefix tests/assets --no-audit --no-fund "
          "(or: bash .ci/run)")


def require_browser(npm: bool = False) -> None:
    """Skip (fail in CI) unless Chromium and Playwright (and, for npm, the npm assets) are
    here; the reason names everything missing and the one command that installs it."""
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if npm and not (NODE_MODULES / "leaflet").is_dir():
        missing.append("the Leaflet assets in tests/assets/node_modules")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        missing.append("playwright (pip install -e '.[test]')")
    require(not missing, f"browser tests need {', '.join(missing)}; enable them with: {ENABLE}")


def pinned_versions() -> dict[str, str]:
    return json.loads((ASSETS / "package.json").read_text(encoding="utf-8"))["dependencies"]


def npm_file(url: str) -> Path | None:
    """The local file for a jsdelivr npm URL, if that exact package version is installed."""
    match = _NPM_URL.match(url.split("?")[0])
    if not match:
        return None
    package, version, rest = match.groups()
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.exists():
        return None
    if json.loads(manifest.read_text(encoding="utf-8"))["version"] != version:
        return None
    path = (NODE_MODULES / package / rest).resolve()
    return path if path.is_file() and NODE_MODULES.resolve() in path.parents else None


@dataclass
class MapPage:
    """An opened map and everything the page reported while loading."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + self.dialogs + self.blocked

    def popup_at(self, lat: float, lon: float) -> str:
        """Click the map where (lat, lon) is drawn and return the text of the popup it opens."""
        x, y = self.page.evaluate(
            "(([lat, lon]) => { const m = GeoIncidents.instances[0].map;"
            " const p = m.latLngToContainerPoint([lat, lon]);"
            " const r = m.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })", [lat, lon])
        self.page.mouse.click(x, y)
        popup = self.page.locator(".gi-popup")
        popup.wait_for()
        return popup.inner_text()


def _route(map_page: MapPage, npm: bool):
    def handle(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
            return
        local = npm_file(url) if npm else None
        if local is not None:
            kind = mimetypes.guess_type(local.name)[0] or "application/octet-stream"
            map_page.served.append(url)
            route.fulfill(status=200, body=local.read_bytes(), content_type=kind,
                          headers={"Access-Control-Allow-Origin": "*"})
            return
        map_page.blocked.append(f"unexpected request: {url}")
        route.abort()

    return handle


@contextmanager
def launch() -> Iterator[object]:
    """A headless Debian Chromium; never downloads a browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_map(
    browser,
    html_path: Path,
    npm: bool = False,
    size: tuple[int, int] = (1280, 860),
    ready: str | None = "[data-gi-ready='1']",
    timeout_ms: int = 60_000,
    init_script: str | None = None,
) -> Iterator[MapPage]:
    """Open html_path in a fresh page and wait for the ``ready`` selector (our layers' flag).

    Requests outside file:// are aborted; with ``npm`` CDN URLs are answered from npm files."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(8_000)
    result = MapPage(page)
    page.on(
        "console", lambda msg: msg.type == "error" and result.console_errors.append(msg.text)
    )
    page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))

    def on_dialog(dialog) -> None:
        result.dialogs.append(f"dialog fired: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.route("**/*", _route(result, npm))
    if init_script:
        page.add_init_script(init_script)
    try:
        page.goto(html_path.resolve().as_uri(), wait_until="load", timeout=timeout_ms)
        if ready:
            page.wait_for_selector(ready, timeout=timeout_ms)
        yield result
    finally:
        context.close()


# --- sample data ---------------------------------------------------------------------------

#: Strings that would run code if any of them reached the page as HTML.
PAYLOADS = {
    "quote": '"><img src=x onerror="window.__pwned=1">\u2028and a line separator',
    "actor": "<script>window.__pwned=2</script>",
    "place_name": "<img src=x onerror=window.__pwned=3>",
    "url": "javascript:window.__pwned=4",
    "publisher": "\" onmouseover=\"window.__pwned=5\" x=\"",
    "resolved_name": "</script><script>window.__pwned=6</script>",
    "target": "' onclick='window.__pwned=7",
    "place": "<svg onload=window.__pwned=8>",
}

#: (name, lat, lon) of sites the sample incidents cluster around.
SITES = (
    ("Al-Asad", 33.785, 42.441),
    ("Erbil air base", 36.237, 43.963),
    ("Al-Tanf", 33.497, 38.618),
    ("Conoco gas field", 35.333, 40.297),
    ("Shaddadi", 36.058, 40.731),
    ("Harir", 36.536, 44.349),
    ("Baghdad airport", 33.262, 44.234),
)


def sample_frames(n: int = 60, seed: int = 7):
    """Incidents (incident schema) around SITES, with two not located and one payload row."""
    import numpy as np
    import pandas as pd

    from geo.incidents.schema import EVENT_TYPES, STATUSES, incidents_frame, places_frame

    rng = np.random.default_rng(seed)
    types = list(EVENT_TYPES)
    start = pd.Timestamp("2023-10-17")
    rows = []
    for i in range(n):
        name, lat, lon = SITES[i % len(SITES)]
        gp = int(rng.choice([1, 1, 2, 3]))
        rows.append(
            dict(
                event_date=start + pd.Timedelta(days=int(rng.integers(0, 110))),
                time_precision=int(rng.choice([1, 1, 1, 2, 3])),
                event_type=types[int(rng.integers(0, 5))],
                status=STATUSES[int(rng.integers(0, 3))],
                actor="Islamic Resistance in Iraq",
                target="US forces",
                place_name=name,
                resolved_name=name,
                place_id=name.lower().replace(" ", "-"),
                geo_precision=gp,
                uncertainty_km={1: 1.0, 2: 12.0, 3: 60.0}[gp],
                country="IQ" if lon > 41.5 else "SY",
                lat=lat + float(rng.normal(0, 0.25)),
                lon=lon + float(rng.normal(0, 0.25)),
                sources=[
                    dict(
                        url=f"https://news.example.org/{i // 3}",
                        publisher="Example News",
                        published=(start + pd.Timedelta(days=i // 3)).date().isoformat(),
                        quote=f"Report {i // 3} describes an attack near {name}.",
                    )
                ],
            )
        )
    rows.append(
        dict(
            event_date="2024-01-28",
            time_precision=1,
            event_type="drone attack",
            status="claimed",
            actor=PAYLOADS["actor"],
            target=PAYLOADS["target"],
            place_name=PAYLOADS["place_name"],
            resolved_name=PAYLOADS["resolved_name"],
            place_id="jo-tower-22",
            geo_precision=1,
            uncertainty_km=1.0,
            country="JO",
            lat=32.0,
            lon=37.0,
            sources=[
                dict(url=PAYLOADS["url"], publisher=PAYLOADS["publisher"],
                     published="2024-01-29", quote=PAYLOADS["quote"]),
                dict(url="https://wire.example.com/tower-22?a=1&b=2", publisher="Wire",
                     published="2024-01-29", quote="Three soldiers were killed."),
            ],
        )
    )
    for k in range(2):
        rows.append(dict(event_date="2023-12-01", event_type="rocket attack", place_name=f"x{k}"))
    places = places_frame(
        [
            dict(place_id=name.lower().replace(" ", "-"), name=name, kind="military_base",
                 country="IQ", lat=lat, lon=lon, source="https://gazetteer.example.net/" + name,
                 incident_count=3)
            for name, lat, lon in SITES
        ]
        + [dict(place_id="payload", name=PAYLOADS["place"], kind="airbase", country="SY",
                lat=34.5, lon=39.0, source="javascript:window.__pwned=9")]
    )
    return incidents_frame(rows), places
