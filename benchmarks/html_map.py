"""HTML map at 1k, 10k and 100k synthetic incidents against a naive folium baseline.

For each size: HTML size, generation time, and time until the map is interactive in headless
Chromium with no network (every request outside file:// aborted): from navigation start until,
after the load event (every script run, every marker added), the next frame is drawn and the
main thread takes a new task. The baseline is one ``folium.CircleMarker`` with an escaped
``folium.Popup`` per incident on a map that carries Leaflet inline like ours (a default
``folium.Map`` loads jQuery, Bootstrap and icons from CDNs and cannot open offline).

By default the baseline is generated up to 10k and its 100k size and time are extrapolated
linearly from 10k (said so in the output); ``--baseline-max 100000`` measures it instead.

    .venv/bin/python benchmarks/html_map.py [--sizes 1000 10000 100000] [--baseline-max 10000]
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from pathlib import Path

import folium
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.incidents.schema import EVENT_TYPES, STATUSES, incidents_frame  # noqa: E402
from maps.html.layers import LeanMap  # noqa: E402
from maps.html.page import render_html  # noqa: E402
from tests.maps.html.browser import launch, open_map  # noqa: E402

SITES = np.array(
    [[33.79, 42.44], [36.24, 43.96], [33.50, 38.62], [35.33, 40.30], [36.06, 40.73],
     [36.54, 44.35], [33.26, 44.23], [34.96, 40.59], [36.85, 41.90], [32.00, 37.00]]
)
ACTORS = ["Islamic Resistance in Iraq", "Kata'ib Hezbollah", "Harakat al-Nujaba", "US forces"]


def synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    """n incidents around 10 sites; about three incidents per source article (vectorized)."""
    rng = np.random.default_rng(seed)
    article = np.arange(n) // 3
    site = rng.integers(0, len(SITES), article[-1] + 1)[article] if n else article
    gp = rng.choice([1, 1, 2, 3], n)
    day = rng.integers(0, 120, n)
    dates = pd.Timestamp("2023-10-17") + pd.to_timedelta(day, unit="D")
    frame = pd.DataFrame(
        {
            "incident_id": [f"{i:016x}" for i in rng.integers(0, 2**62, n)],
            "event_date": dates,
            "time_precision": rng.choice([1, 1, 1, 2, 3], n),
            "event_type": np.array(list(EVENT_TYPES))[rng.integers(0, len(EVENT_TYPES), n)],
            "status": np.array(STATUSES)[rng.integers(0, 3, n)],
            "actor": np.array(ACTORS)[rng.integers(0, len(ACTORS), n)],
            "target": "US forces",
            "place_name": [f"Site {s}" for s in site],
            "resolved_name": [f"Site {s} base" for s in site],
            "place_id": [f"site-{s}" for s in site],
            "geo_precision": gp,
            "uncertainty_km": np.choose(gp - 1, [1.0, 10.0, 50.0]),
            "country": np.where(SITES[site, 1] > 41.5, "IQ", "SY"),
            "lat": SITES[site, 0] + rng.normal(0, 0.3, n),
            "lon": SITES[site, 1] + rng.normal(0, 0.3, n),
        }
    )
    published = dates.strftime("%Y-%m-%d")
    frame["sources"] = [
        [
            {
                "url": f"https://news.example.org/2024/{a}",
                "publisher": "Example News",
                "published": p,
                "quote": f"Article {a}: militants attacked a base near site {s} with drones.",
            }
        ]
        for a, p, s in zip(article, published, site, strict=True)
    ]
    return incidents_frame(frame)


def naive_folium(incidents: pd.DataFrame, path: Path) -> None:
    """The baseline: one folium.CircleMarker with an escaped popup per incident."""
    fmap = LeanMap(location=[34, 41], zoom_start=6, tiles=None)
    for row in incidents.itertuples():
        src = row.sources[0]
        text = (
            f"<b>{html.escape(row.event_type)}</b><br>{row.event_date:%Y-%m-%d}<br>"
            f"{html.escape(row.status)}<br>{html.escape(row.place_name)}<br>"
            f"{html.escape(row.actor)} / {html.escape(row.target)}<br>"
            f"<a href=\"{html.escape(src['url'])}\">{html.escape(src['publisher'])}</a>"
            f"<br>{html.escape(src['quote'])}"
        )
        folium.CircleMarker(
            [row.geometry.y, row.geometry.x], radius=5, popup=folium.Popup(text)
        ).add_to(fmap)
    fmap.save(str(path))


#: Set in every page before its scripts run: when, after the load event, the main thread is
#: free again (next frame, then next task): the page is drawn and answers input.
INTERACTIVE_PROBE = """
window.addEventListener('load', () => requestAnimationFrame(() => setTimeout(() => {
  window.__interactiveAt = performance.now();
})));
"""


def interactive_seconds(browser, path: Path, ours: bool) -> float:
    """Seconds from navigation start until the map is drawn and the main thread is free."""
    ready = "[data-gi-ready='1']" if ours else None
    probe = INTERACTIVE_PROBE
    with open_map(browser, path, ready=ready, timeout_ms=600_000, init_script=probe) as m:
        m.page.wait_for_function("window.__interactiveAt !== undefined", timeout=600_000)
        at = m.page.evaluate("window.__interactiveAt")
        if ours:
            at = max(at, m.page.evaluate("GeoIncidents.instances[0].readyAt"))
        return at / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--baseline-max", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="html-map-bench-"))
    rows = []
    last_base: dict | None = None
    with launch() as browser:
        for n in args.sizes:
            incidents = synthetic(n)
            ours = folder / f"ours-{n}.html"
            t0 = time.perf_counter()
            render_html(incidents, ours, title=f"{n} synthetic incidents")
            gen = time.perf_counter() - t0
            ready = interactive_seconds(browser, ours, ours=True)
            row = {"n": n, "size_mb": ours.stat().st_size / 1e6, "gen_s": gen, "ready_s": ready}
            if n <= args.baseline_max:
                base = folder / f"baseline-{n}.html"
                t0 = time.perf_counter()
                naive_folium(incidents, base)
                base_gen = time.perf_counter() - t0
                last_base = {
                    "n": n,
                    "size_mb": base.stat().st_size / 1e6,
                    "gen_s": base_gen,
                    "ready_s": interactive_seconds(browser, base, ours=False),
                }
                row["base"] = dict(last_base, how="measured")
            elif last_base:
                scale = n / last_base["n"]
                row["base"] = {
                    key: last_base[key] * scale for key in ("size_mb", "gen_s", "ready_s")
                } | {"how": f"extrapolated x{scale:g} from {last_base['n']:,}"}
            rows.append(row)
            _print_row(row)


def _print_row(row: dict) -> None:
    base = row.get("base")
    print(
        f"n={row['n']:>7,}  ours: {row['size_mb']:7.2f} MB  gen {row['gen_s']:6.2f} s  "
        f"interactive {row['ready_s']:6.2f} s",
        flush=True,
    )
    if base:
        print(
            f"{'':9}  naive folium ({base['how']}): {base['size_mb']:7.2f} MB  "
            f"gen {base['gen_s']:6.2f} s  interactive {base['ready_s']:6.2f} s\n"
            f"{'':9}  ratio baseline/ours: size {base['size_mb'] / row['size_mb']:5.1f}x  "
            f"gen {base['gen_s'] / row['gen_s']:5.1f}x  "
            f"interactive {base['ready_s'] / row['ready_s']:5.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
