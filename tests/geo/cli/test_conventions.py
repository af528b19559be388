"""CLI conventions a newcomer expects: --version, shell completion, -q and -v meaning the same in
every command, and progress that names each stage (through the real `geo` program)."""

from __future__ import annotations

import os
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.helpers import ROOT, SEEDS

GEO = ROOT / ".venv" / "bin" / "geo"
ARTICLE = SEEDS / "000_d88a10cd001415fd.txt"


def geo(*argv: str, env: dict[str, str] | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(GEO), *argv], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    assert "Traceback" not in done.stdout + done.stderr
    return done


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag(flag: str) -> None:
    done = geo(flag)
    assert done.returncode == 0 and done.stdout.strip() == version("geo-incidents")
    assert geo("version").stdout == done.stdout


def test_install_completion_writes_a_bash_script(tmp_path: Path) -> None:
    done = geo("--install-completion", env={"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert done.returncode == 0, done.stderr
    script = tmp_path / ".bash_completions" / "geo.sh"
    assert "_geo_completion" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()
    shown = geo("--show-completion", env={"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert "complete" in shown.stdout and "_geo_completion" in shown.stdout


def test_quiet_means_the_same_in_build_and_ingest(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    build = geo("build", str(ARTICLE), str(tmp_path / "bad.txt"), "--out", str(tmp_path / "o"),
                "-q")
    ingest = geo("ingest", str(ARTICLE), str(tmp_path / "bad.txt"), "-o",
                 str(tmp_path / "s.gpkg"), "-q")
    for done in (build, ingest):
        assert done.returncode == 1
        assert done.stdout == ""  # no summary
        assert done.stderr.startswith("geo: warning: ") and "bad.txt" in done.stderr
    assert (tmp_path / "s.gpkg").is_file() and (tmp_path / "o" / "report.md").is_file()


def test_verbose_lists_each_source_and_the_seconds(tmp_path: Path) -> None:
    build = geo("build", str(ARTICLE), "--out", str(tmp_path / "o"), "--verbose")
    assert build.returncode == 0, build.stderr
    assert f"  read {ARTICLE}: " in build.stdout and "seconds: discover" in build.stdout
    ingest = geo("ingest", str(ARTICLE), "-o", str(tmp_path / "s.gpkg"), "-v")
    assert ingest.returncode == 0 and f"  read {ARTICLE}: " in ingest.stdout
    both = geo("build", str(ARTICLE), "--out", str(tmp_path / "o"), "-q", "-v")
    assert both.returncode == 2 and both.stderr == "geo: error: --quiet and --verbose: choose one\n"
