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


#: README's picture is out/map.png of `geo build seeds/ --out out/`; regenerate it with
#: that command and `cp out/map.png docs/seed-map.png`.
PICTURE = ROOT / "docs" / "seed-map.png"
#: Compared on a coarse grid (20x20 px cells of the 1500x1200 image) so that what is drawn
#: counts, not antialiasing: the mean difference (0-255) and the share of cells that differ.
CELL_PX, MEAN_TOLERANCE, CELL_TOLERANCE, CELLS_CHANGED = 20, 1.5, 24, 0.01


def picture_drift(expected: Path, actual: Path) -> list[str]:
    """What differs between two renders of a map beyond antialiasing (empty when alike)."""
    import numpy as np
    from PIL import Image

    with Image.open(expected) as a, Image.open(actual) as b:
        problems = []
        if a.size != b.size:
            return [f"size {a.size} is now {b.size}"]
        if a.info.get("Description") != b.info.get("Description"):
            problems.append(f"subtitle {a.info.get('Description')!r} is now "
                            f"{b.info.get('Description')!r}")
        grid = (a.size[0] // CELL_PX, a.size[1] // CELL_PX)
        cells = [np.asarray(im.convert("L").resize(grid, Image.Resampling.BOX), dtype=float)
                 for im in (a, b)]
    diff = np.abs(cells[0] - cells[1])
    if diff.mean() > MEAN_TOLERANCE:
        problems.append(f"mean difference {diff.mean():.2f} > {MEAN_TOLERANCE}")
    changed = float((diff > CELL_TOLERANCE).mean())
    if changed > CELLS_CHANGED:
        problems.append(f"{changed:.1%} of the picture changed (> {CELLS_CHANGED:.0%})")
    return problems


def test_the_readme_picture_is_what_the_build_draws(toured) -> None:
    work, _ = toured
    drift = picture_drift(PICTURE, work / "out" / "map.png")
    assert drift == [], ("docs/seed-map.png drifted from `geo build seeds/ --out out/`: "
                         + "; ".join(drift) + ". Regenerate it: geo build seeds/ --out out/ "
                         "&& cp out/map.png docs/seed-map.png")


def test_the_picture_check_sees_a_change(tmp_path) -> None:
    """The check is not blind: a moved legend or a missing layer shows; a re-save does not."""
    from PIL import Image, ImageDraw

    with Image.open(PICTURE) as image:
        same = tmp_path / "same.png"
        image.save(same, pnginfo=_info(image))
        changed = image.convert("RGB")
        ImageDraw.Draw(changed).rectangle((300, 300, 700, 600), fill="white")
        moved = tmp_path / "moved.png"
        changed.save(moved, pnginfo=_info(image))
    assert picture_drift(PICTURE, same) == []
    assert picture_drift(PICTURE, moved) != []


def _info(image):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Description", image.info.get("Description", ""))
    return info
