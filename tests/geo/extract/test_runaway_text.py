"""Hostile text shapes that once made a scan run away (each scan restarted inside a long run
of spaces, of hyphenated capitals, of listed names or of one long line): the extractor reads
them in one process that must end well within its time limit, and still finds what is there."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT

SHAPES = {
    "spaces": ("'Drones struck Kharkiv' + ' ' * 300_000 + 'on Monday.'", 1),
    "hyphens": ("'-'.join(['Al'] * 150_000)", 0),
    "listed": ("'Kharkiv and ' * 80_000", 0),
    "one line": ("'Drones struck Kharkiv. ' * 40_000", 40_000),
    "long word": ("'X' * 50 + ' ' + 'Y' * 1_000_000", 0),
}

SCRIPT = """
import json, sys
from datetime import date
from gazetteer.index import Gazetteer
from geo.extract.incidents import Extractor
from geo.resolve.chain import Resolver
from geo.sources.articles import Article
extractor = Extractor(Resolver(Gazetteer.load()))
found = {}
for name, text in json.loads(sys.argv[1]).items():
    found[name] = len(extractor.extract(Article("t.txt", eval(text), date(2024, 1, 8))).drafts)
print(json.dumps(found))
"""


def test_hostile_text_shapes_are_read_without_a_runaway_scan():
    shapes = {name: text for name, (text, _) in SHAPES.items()}
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(shapes)], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {name: n for name, (_, n) in SHAPES.items()}
