"""Text from the data that looks like Jinja ("{{ 7*7 }}", "{% raw %}") stays text in map.html.

branca renders each element's output again as a template, so such text once crashed the build
(TemplateSyntaxError) or ran as template code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROWS = (
    "event_date,event_type,place_name,latitude,longitude,actor,notes,source_url\n"
    "2024-01-02,drone attack,{{ 7*7 }} town,33.3,44.4,{{ 7*7 }} militia,"
    "{% raw %} {{ config }} {# c #},https://example.org/{{7*7}}\n"
)


def test_template_like_text_is_kept_as_written(tmp_path: Path) -> None:
    table = tmp_path / "a.csv"
    table.write_text(ROWS, encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-c", "from geo.cli import main; main()", "build",
                           str(table), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    page = (out / "map.html").read_text(encoding="utf-8")
    assert "49 town" not in page and "49 militia" not in page
    data = re.search(r'<script type="application/json" id="[^"]+_data">(.*?)</script>', page,
                     re.DOTALL)
    assert data is not None
    text = json.dumps(json.loads(data.group(1)), ensure_ascii=False)
    assert "{{ 7*7 }} town" in text and "{{ 7*7 }} militia" in text
