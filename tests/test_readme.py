"""README's first steps are true: the CLI tour runs verbatim from the repository's files, every
file it writes is ignored by git, and the table of outputs names every file `geo build` writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(heading: str) -> str:
    """The first ```bash block after ``heading``."""
    rest = README.split(heading, 1)[1]
    return re.search(r"```bash\n(.*?)```", rest, re.S).group(1)


@pytest.fixture(scope="module")
def toured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The tour run as written, by bash, in a copy of the files it names."""
    work = tmp_path_factory.mktemp("tour")
    for name in ("seeds", "examples"):
        shutil.copytree(ROOT / name, work / name)
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", block_after("## The CLI in")],
                          cwd=work, env=env, capture_output=True, text=True, timeout=900)
    return work, done


def test_the_tour_runs_verbatim(toured) -> None:
    work, done = toured
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert '"name": "Harab Cir"' in done.stdout or "Harab" in done.stdout
    for name in ("out/report.md", "out/map.html", "incidents.gpkg", "map.html",
                 "incidents.geojson", "incidents.qgz"):
        assert (work / name).is_file(), name


def test_the_quickstart_is_the_tour_s_first_step() -> None:
    first = block_after("## The CLI in").splitlines()[0].split("#")[0].strip()
    assert first == "geo build seeds/ --out out/"
    assert ".venv/bin/geo build seeds/ --out out/" in block_after("## Quickstart")


def test_everything_the_tour_writes_is_ignored_by_git(toured) -> None:
    work, _ = toured
    written = sorted(str(p.relative_to(work)) for p in work.rglob("*")
                     if p.is_file() and p.parts[len(work.parts)] not in ("seeds", "examples"))
    assert written
    done = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "--no-index", "--stdin"],
                          input="\n".join(written) + "\n", capture_output=True, text=True)
    ignored = set(done.stdout.split())
    assert [name for name in written if name not in ignored] == []


def test_the_outputs_table_names_every_file_in_out(toured) -> None:
    work, _ = toured
    table = README.split("writes:", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"`out/([^`]+)`", table))
    assert sorted(p.name for p in (work / "out").iterdir()) == sorted(listed)
