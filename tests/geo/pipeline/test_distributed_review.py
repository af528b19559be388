"""The analyst's decisions on a real Dask LocalCluster of 2 worker processes: the same incidents
(ids, rows, reviewed/machine provenance), the same stale-decision reports and exit codes as one
process, over the seeds, generated articles and a table whose rows share ids; a decision that
moves an incident, one that splits and one that merges (incidents of two countries), a reject,
a pin of a name the gazetteer lacks, and a stale one; in a GeoParquet dataset written by the
workers, ids unique over all its partitions."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.corpus import generate
from geo.incidents.merge import rows_of
from geo.incidents.schema import incident_id
from geo.pipeline.ingest import default_resolver, ingest_paths
from geo.review.decisions import COLUMNS
from geo.review.load import load_review, stale_problems
from tests.geo.cli.test_conventions import geo
from tests.helpers import SEEDS

pytest.importorskip("distributed")

STALE_QUOTE = "a sentence that is in no report"


@pytest.fixture(scope="module")
def client():
    from geo.pipeline.cluster import dask_client

    with dask_client(workers=2) as dask:
        yield dask


@pytest.fixture(scope="module")
def resolver():
    return default_resolver()


def _twins() -> str:
    """Table rows that share an id (one name, date and type) but lie far apart: never merged,
    so every one after the first gets a salted id, in one process and over partitions alike."""
    lines = ["date,place,type,lat,lon,country,url"]
    for n in range(12):
        lines.append(f"2024-01-{10 + n % 3:02d},Checkpoint 7,armed clash,{29.5 + 0.9 * n:.2f},"
                     f"{39.0 + 0.7 * n:.2f},IQ,https://news.example/{n}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review") / "src"
    shutil.copytree(SEEDS, folder)
    generate(folder / "generated", 150, seed=5)
    (folder / "twins.csv").write_text(_twins(), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def machine(corpus: Path):
    """The machine's reading of the corpus (one process, no decisions)."""
    return ingest_paths([corpus])


def _quote_part(quote: str) -> str:
    return quote[len(quote) // 4: len(quote) // 4 + 40]


@pytest.fixture(scope="module")
def decided(corpus: Path, machine) -> dict[str, dict]:
    """A decisions file over the machine's reading; the incidents each decision is about."""
    rows = rows_of(machine.layers.incidents)
    told: dict[str, int] = {}
    for r in rows:
        for s in r["sources"]:
            told[s.get("quote") or ""] = told.get(s.get("quote") or "", 0) + 1
    # incidents whose every quote is told of no other incident
    quoted = [r for r in rows if r["sources"] and all(s.get("quote") and told[s["quote"]] == 1
                                                      for s in r["sources"])]
    alone = [r for r in quoted if r["lat"] is not None and r["event_date"] is not None
             and len(r["sources"]) == 1]
    split = next(r for r in quoted if len(r["sources"]) >= 2
                 and r["sources"][1]["quote"] not in r["sources"][0]["quote"])
    taken = {split["incident_id"]}
    pick = [r for r in alone if r["incident_id"] not in taken]
    moved, retyped, gone = pick[0], pick[1], pick[2]
    first = next(r for r in pick[3:] if r["country"] == "IQ")
    second = next(r for r in pick[3:] if r["country"] == "SY")
    lost = next(u for u in machine.layers.unresolved.to_dict("records") if u["event_type"]
                and u["quote"] and u["source_file"])

    def keyed(action: str, r: dict, **cells: str) -> dict[str, str]:
        return {"action": action, "source": Path(r["sources"][0]["file"]).name,
                "quote": _quote_part(r["sources"][0]["quote"]), "place": r["place_name"],
                **cells}

    other = split["sources"][1]
    lines = [
        keyed("change", moved, field="place", value="34.1,43.2,3", note="seen on imagery"),
        keyed("change", retyped, field="event_type", value="rocket attack"
              if retyped["event_type"] != "rocket attack" else "airstrike"),
        {"action": "split", "source": Path(other["file"]).name,
         "quote": _quote_part(other["quote"]), "note": "a second attack"},
        {"action": "merge", "incident": first["incident_id"], "value": second["incident_id"]},
        {"action": "reject", "incident": gone["incident_id"]},
        {"action": "pin", "source": Path(lost["source_file"]).name, "place": lost["mention"],
         "value": "35.0,42.0,5"},
        {"action": "reject", "source": "003_4e222fcce001ca28.txt", "quote": STALE_QUOTE},
    ]
    with (corpus / "corrections.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(lines)
    return dict(moved=moved, retyped=retyped, split=split, first=first, second=second,
                gone=gone, lost=lost)


def _review(corpus: Path, resolver):
    return load_review([corpus], (), lambda pid: resolver.gazetteer.get(pid))


@pytest.fixture(scope="module")
def one_process(corpus: Path, decided, resolver):
    review = _review(corpus, resolver)
    return ingest_paths([corpus], review=review), review


def test_decisions_on_workers_give_what_one_process_gives(client, corpus, decided, resolver,
                                                          one_process) -> None:
    one, one_review = one_process
    review = _review(corpus, resolver)
    many = ingest_paths([corpus], review=review, client=client)
    for name in ("incidents", "places", "unresolved"):
        pd.testing.assert_frame_equal(getattr(one.layers, name), getattr(many.layers, name))
    assert one.as_dict() == many.as_dict()
    assert review.matched == one_review.matched
    stale = [str(p) for p in stale_problems(review)]
    assert stale == [str(p) for p in stale_problems(one_review)]
    assert stale == [f"{corpus / 'corrections.csv'}:8: matches no incident (reject of quote "
                     f"'{STALE_QUOTE}' of 003_4e222fcce001ca28.txt); fix or remove it"]
    # and each decision did what it says
    rows = rows_of(many.layers.incidents)
    ids = [r["incident_id"] for r in rows]
    assert len(set(ids)) == len(ids)
    assert sum(r["incident_id"] != incident_id(r) for r in rows) >= 9  # the twins, salted
    by_quote = {s["quote"]: r for r in rows for s in r["sources"]}
    moved = by_quote[decided["moved"]["sources"][0]["quote"]]
    assert (moved["lat"], moved["lon"], moved["uncertainty_km"], moved["resolver"],
            moved["reviewed"]) == (34.1, 43.2, 3.0, "analyst", "changed")
    assert json.loads(moved["machine"])["lat"] == pytest.approx(decided["moved"]["lat"])
    retyped = by_quote[decided["retyped"]["sources"][0]["quote"]]
    assert json.loads(retyped["machine"]) == {"event_type": decided["retyped"]["event_type"]}
    split = decided["split"]
    apart, rest = by_quote[split["sources"][1]["quote"]], by_quote[split["sources"][0]["quote"]]
    assert apart is not rest and apart["reviewed"] == "changed"
    merged = by_quote[decided["first"]["sources"][0]["quote"]]
    assert merged is by_quote[decided["second"]["sources"][0]["quote"]]
    assert merged["reviewed"] == "changed" and len(merged["sources"]) == 2
    assert decided["gone"]["sources"][0]["quote"] not in by_quote
    pinned = [r for r in rows if r["place_name"] == decided["lost"]["mention"]
              and r["resolver"] == "analyst"]
    assert pinned and (pinned[0]["lat"], pinned[0]["lon"]) == (35.0, 42.0)


def test_dataset_on_workers_with_decisions_has_unique_ids(client, corpus, decided, resolver,
                                                          one_process, tmp_path) -> None:
    """The workers write the reviewed incidents; ids are unique over the whole dataset although
    rows of one id were merged in different partitions."""
    import geopandas as gpd

    from geo.pipeline.distributed import ingest_dataset

    one, one_review = one_process
    review = _review(corpus, resolver)
    out = tmp_path / "incidents.parquet"
    wrote = ingest_dataset([corpus], out, client=client, review=review)
    assert review.matched == one_review.matched
    assert [str(p) for p in stale_problems(review)] == \
        [str(p) for p in stale_problems(one_review)]
    parts = [gpd.read_parquet(p) for p in sorted(out.glob("*.parquet"))]
    assert len(parts) == wrote.partitions > 1
    # rows of one id lay in several partitions: each alone would have repeated it
    raw = [{incident_id(r) for r in rows_of(p.drop(columns="sources"))} for p in parts]
    assert any(a & b for i, a in enumerate(raw) for b in raw[i + 1:])
    back = pd.concat(parts).sort_values("incident_id").reset_index(drop=True)
    mine = one.layers.incidents.sort_values("incident_id").reset_index(drop=True)
    assert back["incident_id"].is_unique
    assert back["incident_id"].tolist() == mine["incident_id"].tolist()
    for name in ("reviewed", "machine", "event_type", "place_name"):
        assert back[name].tolist() == mine[name].tolist()
    assert back.geometry.to_wkb().tolist() == mine.geometry.to_wkb().tolist()
    assert [len(json.loads(s)) for s in back["sources"]] == [len(s) for s in mine["sources"]]


def test_build_and_rebuild_on_workers_as_in_one_process(client, tmp_path) -> None:
    """geo build with --scheduler: the same store, exports, stale report and exit code as one
    process; a rebuild on the workers changes nothing. (The seeds and the twins: the generated
    articles name a place whose gazetteer record breaks the HTML map, a bug of maps/html.)"""
    address = client.scheduler.address
    corpus = tmp_path / "src"
    shutil.copytree(SEEDS, corpus)
    (corpus / "twins.csv").write_text(_twins(), encoding="utf-8")
    rows = [r for r in rows_of(ingest_paths([corpus]).layers.incidents)
            if r["lat"] is not None and r["sources"][0].get("quote")
            and r["place_name"] != "Checkpoint 7"]
    with (corpus / "corrections.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerow({"action": "change", "incident": rows[0]["incident_id"],
                         "field": "place", "value": "34.1,43.2,3"})
        writer.writerow({"action": "reject", "incident": rows[1]["incident_id"]})
        writer.writerow({"action": "merge", "incident": rows[2]["incident_id"],
                         "value": rows[-1]["incident_id"]})
        writer.writerow({"action": "reject", "source": "003_4e222fcce001ca28.txt",
                         "quote": STALE_QUOTE})
        # a gazetteer id: the job's process loads the gazetteer too, the workers their own
        writer.writerow({"action": "pin", "place": "Checkpoint 7", "value": "iq-harir-air-base"})
    one = geo("build", str(corpus), "--out", str(tmp_path / "one"), "--json")
    many = geo("build", str(corpus), "--out", str(tmp_path / "many"), "--json",
               "--scheduler", address)
    assert one.returncode == many.returncode == 1  # the stale decision
    assert one.stderr.replace("/one/", "/x/") == many.stderr.replace("/many/", "/x/")
    assert "corrections.csv:5: matches no incident" in many.stderr
    for name in ("incidents.geojson", "incidents.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "many" / name).read_bytes()
    report = (tmp_path / "many" / "report.md").read_text(encoding="utf-8")
    assert "14 changed by a person" in report  # the move, the merge, the 12 twins pinned
    pinned = json.loads((tmp_path / "many" / "incidents.geojson").read_text(encoding="utf-8"))
    assert sum(f["properties"]["place_id"] == "iq-harir-air-base" and
               f["properties"]["place_name"] == "Checkpoint 7" for f in pinned["features"]) == 12
    assert "corrections.csv:5: matches no incident" in report
    again = geo("build", str(corpus), "--out", str(tmp_path / "many"), "--json",
                "--scheduler", address)
    assert again.returncode == 1
    answer = json.loads(again.stdout)
    assert (answer["added"], answer["updated"]) == (0, 0), answer
    assert (tmp_path / "one" / "incidents.geojson").read_bytes() == \
        (tmp_path / "many" / "incidents.geojson").read_bytes()


def test_decisions_that_meet_on_one_incident_are_refused_on_workers(client, tmp_path) -> None:
    """An id and a quote that disagree are told apart only once the rows are read (on the
    workers): the same one-line refusal and exit code 2 as one process, nothing written."""
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    machine = rows_of(ingest_paths([SEEDS]).layers.incidents)
    r = next(x for x in machine if x["sources"] and x["sources"][0]["quote"]
             and x["lat"] is not None)
    with (src / "corrections.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerow({"action": "reject", "incident": r["incident_id"]})
        writer.writerow({"action": "accept", "source": Path(r["sources"][0]["file"]).name,
                         "quote": _quote_part(r["sources"][0]["quote"])})
    one = geo("ingest", str(src), "-o", str(tmp_path / "one.gpkg"))
    many = geo("ingest", str(src), "-o", str(tmp_path / "many.gpkg"), "--scheduler",
               client.scheduler.address)
    assert one.returncode == many.returncode == 2
    assert one.stderr == many.stderr and len(many.stderr.strip().splitlines()) == 1
    assert "disagrees with line 2" in many.stderr and "both match one incident" in many.stderr
    assert not (tmp_path / "many.gpkg").exists()
