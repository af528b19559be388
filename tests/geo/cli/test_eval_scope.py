"""`geo eval` over a corpus folder, and the scope options of `geo build`, as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.helpers import ROOT

GEO = [sys.executable, "-c", "from geo.cli import main; main()"]


def geo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*GEO, *args], capture_output=True, text=True, timeout=600, cwd=ROOT)


def test_eval_scores_a_corpus_folder_per_conflict(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "corpus" / "dev" / "ukraine", corpus / "ukraine")
    done = geo("eval", str(corpus), "--json")
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert set(scores) == {"ukraine"} and scores["ukraine"]["gold"] > 0
    assert 0 < scores["ukraine"]["f1"] <= 1
    wrong = geo("eval", str(corpus), str(tmp_path / "x.gpkg"))
    assert wrong.returncode != 0 and "scored alone" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_build_scope_options_say_why_a_source_gave_nothing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "kharkiv.txt").write_text(
        "date 2024-05-02\nRussian drones struck an energy facility in Kharkiv overnight, "
        "killing two people, the regional governor said.\n", encoding="utf-8")
    everything = geo("build", str(src), "--out", str(tmp_path / "all"), "--json")
    assert everything.returncode == 0, everything.stderr
    assert json.loads(everything.stdout)["incidents"] == 1
    narrow = geo("build", str(src), "--out", str(tmp_path / "sd"), "--scope", "sudan")
    assert narrow.returncode == 0, narrow.stderr
    assert "events found, all outside the chosen scope" in narrow.stdout
    report = (tmp_path / "sd" / "report.md").read_text(encoding="utf-8")
    assert "outside the chosen scope" in report
    boxed = geo("build", str(src), "--out", str(tmp_path / "box"), "--bbox", "30,44,40,52",
                "--json")
    assert json.loads(boxed.stdout)["incidents"] == 1
    bad = geo("build", str(src), "--out", str(tmp_path / "bad"), "--scope", "atlantis")
    assert bad.returncode != 0 and "no such preset" in bad.stderr and "Traceback" not in bad.stderr
