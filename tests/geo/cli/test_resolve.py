"""`geo resolve` as a user runs it."""

import json
import subprocess
import sys

GEO = [sys.executable, "-c", "from geo.cli import main; main()"]


def geo(*args, stdin=None):
    return subprocess.run([*GEO, *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_json_array_best_first():
    proc = geo("resolve", "Ain Al Asad", "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert isinstance(found, list) and found[0]["id"] == "iq-ain-al-asad-air-base"
    for key in ("id", "name", "lat", "lon", "kind", "country", "score", "tier", "source"):
        assert key in found[0]
    assert abs(found[0]["lat"] - 33.79) < 0.1 and abs(found[0]["lon"] - 42.44) < 0.1


def test_no_candidate_prints_empty_array_and_exits_1():
    proc = geo("resolve", "Qxzvw Jkplm", "--json", "--no-geonames")
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == []


def test_batch_from_stdin_writes_one_json_line_per_name():
    proc = geo("resolve", "-", stdin="Harab Cir\nal-Tanf\n\nHarir airbase\n")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["query"] for d in lines] == ["Harab Cir", "al-Tanf", "Harir airbase"]
    assert [d["candidates"][0]["id"] for d in lines] == [
        "sy-rumalyn-landing-zone", "sy-al-tanf-garrison", "iq-harir-air-base"]


def test_empty_name_is_a_one_line_error():
    proc = geo("resolve", "   ")
    assert proc.returncode == 2
    assert proc.stderr.startswith("geo: error: empty place name") and "Traceback" not in proc.stderr


def test_bad_country_code_is_a_one_line_error():
    proc = geo("resolve", "Erbil", "--country", "Iraq")
    assert proc.returncode == 2 and "ISO 3166-1 alpha-2" in proc.stderr
