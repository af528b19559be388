"""Event-type, status and count cues; the actor lexicon."""

from __future__ import annotations

import json

import pytest

from geo.errors import UserError
from geo.extract.actors import ActorLexicon
from geo.extract.cues import Cue, statuses, type_cue
from geo.extract.tallies import count_of
from geo.incidents.schema import combine_status


@pytest.mark.parametrize("text, expected", [
    ("fired a barrage of ballistic missiles and rockets", "missile attack"),
    ("multiple rocket and drone attacks", "rocket attack"),
    ("dozens of drone and missile attacks", "drone attack"),
    ("the missiles were intercepted by air defences", "interception"),
    ("shot down an attack drone", "interception"),
    ("mortar rounds landed", "shelling"),
    ("the base came under attack", ""),
])
def test_type_cue(text, expected):
    assert type_cue(text).event_type == expected


def test_cue_matches_any_case_and_keeps_named_groups():
    cue = Cue(r"\b(?P<who>CENTCOM|U\.S\.)\s+said\b", ("said",))
    assert cue.search("Centcom SAID on Friday")["who"] == "centcom"
    assert cue.search("the u.s. said")["who"] == "u.s."
    assert cue.search("centcom denied") is None
    assert Cue(r"\bsaid\b", ("told",)).search("he said") is None  # no needed word: no search


def test_cue_refuses_escapes_that_lowering_would_change():
    with pytest.raises(ValueError, match="upper-case escape"):
        Cue(r"\Wsaid\b", ("said",))  # lowered, \W would become \w


def test_air_words_without_a_weapon():
    cue = type_cue("US F-16 fighter jets struck depots")
    assert cue.event_type == "" and cue.air and cue.attack


def test_words_that_refer_back_to_sites_count_as_attack():
    assert type_cue("one of the sites was near Hillah").attack
    assert not type_cue("the sites of the ancient city").attack


@pytest.mark.parametrize("text, expected", [
    ("The militia claimed the drones hit their targets", "claimed"),
    ("media has reported a fresh attack", "reported"),
    ("the Pentagon confirmed the attack", "confirmed"),
    ("IRI announced an attack; sources assured no attack has been reported", "disputed"),
    ("officials denied the attack took place", "denied"),
])
def test_status(text, expected):
    assert combine_status(statuses(text)) == expected


def test_denying_a_role_does_not_deny_the_event():
    found = statuses("Tehran denied that Iran had any role in the attack")
    assert "denied" not in found
    assert "denied" in statuses("Kataib Hezbollah denied the attack")


@pytest.mark.parametrize("text, expected", [
    ("targeted 20 times between October 17 and 27", 20),
    ("some ten separate attacks targeting al-Omar", 10),
    ("more than 85 targets at seven sites", 85),
    ("multiple rocket and drone attacks", 2),
    ("JNIM has claimed a growing number of large attacks in eastern Burkina Faso", 2),
    ("a string of large raids on army positions", 2),
    ("a drone attack on the base", None),
])
def test_count(text, expected):
    assert count_of(text) == expected


def test_longest_alias_wins():
    lexicon = ActorLexicon.load()
    [found] = lexicon.find("The Islamic Resistance in Iraq claimed it")
    assert found.actor.name == "Islamic Resistance in Iraq"
    assert (found.begin, found.end) == (4, 30)


def test_prefix_sharing_aliases_any_case_and_spacing():
    lexicon = ActorLexicon([
        {"name": "Kataib Hezbollah", "side": "militia", "aliases": ["Kataeb Hezbollah"]},
        {"name": "Kataib", "side": "other"},
        {"name": "US forces", "side": "us", "aliases": ["US"]}])
    found = lexicon.find("KATAEB  hezbollah hit US\nForces; Kataib-x and Kataib did not")
    assert [(a.actor.name, a.begin, a.end) for a in found] == [
        ("Kataib Hezbollah", 0, 17), ("US forces", 22, 31), ("Kataib", 46, 52)]


def test_offsets_hold_where_lower_casing_changes_the_length():
    text = "İstanbul: Kataib Hezbollah said"  # "İ".lower() is two characters
    [found] = ActorLexicon.load().find(text)
    assert text[found.begin:found.end] == "Kataib Hezbollah"


def test_acronyms_are_case_sensitive():
    lexicon = ActorLexicon.load()
    assert [a.actor.name for a in lexicon.find("KH and IRGC")] == [
        "Kataib Hezbollah", "Islamic Revolutionary Guard Corps"]
    assert lexicon.find("kh and irgc") == []


def test_arabic_alias():
    [found] = ActorLexicon.load().find("قالت كتائب حزب الله")
    assert found.actor.name == "Kataib Hezbollah"


def test_extra_actors_file(tmp_path):
    extra = tmp_path / "actors.json"
    extra.write_text(json.dumps({"actors": [{"name": "Saraya Awliya al-Dam", "side": "militia",
                                             "aliases": ["Awliya al-Dam"]}]}))
    [found] = ActorLexicon.load(extra).find("Awliya al-Dam claimed a rocket attack")
    assert found.actor.side == "militia"


def test_bad_actors_file(tmp_path):
    bad = tmp_path / "actors.json"
    bad.write_text("[1, 2]")
    with pytest.raises(UserError, match="actors.json"):
        ActorLexicon.load(bad)


def _all_cues() -> list[tuple[str, Cue]]:
    from geo.extract import cues, incidents
    found = []
    for module in (cues, incidents):
        for name, value in vars(module).items():
            if isinstance(value, Cue):
                found.append((name, value))
            elif isinstance(value, dict | tuple):
                items = value.items() if isinstance(value, dict) else value
                found += [(f"{name}[{k}]", v) for k, v in items if isinstance(v, Cue)]
    return found


def test_every_cue_match_holds_one_of_its_needed_words():
    """A cue's ``needs`` let texts without them skip the regex: every match must hold one."""
    from tests.helpers import ROOT, SEEDS
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted((ROOT / "tests/geo/pipeline/unseen/articles").iterdir())]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/corpus").rglob("*.txt"))]
    texts += [  # one of each alternative the reports may lack
        "Centcom confirmed. The U.S. Defense Department said. Central Command said. The "
        "Department of Defence confirmed. Coalition spokesman said. A military official told "
        "AFP. US officials say. Pentagon spokesperson. The US military said.",
        "no attack has been reported; it did not take place; the situation in the city is "
        "calm; a false report. They denied any role. Media has reported. Sources told us.",
        "He said it had struck. An announcement. UAVs, unmanned aerial vehicles, one-way attack "
        "drones, Katyushas, shelling, indirect fire, F-15s, fighter jets, air raids, bombings, "
        "shooting down, downed. 12 incidents, some dozen targets, a series of strikes.",
        "The sites were hit. Bases came under fire. It would, threatened to, vowed to, plans to, "
        "accused Iran of, facilitating, in the past, following the American-led invasion, if "
        "hundreds of attacks. Strikes by the United States; the United States launched; attacks "
        "on American troops; U.S. forces have been targeted.",
    ]
    cues = _all_cues()
    assert len(cues) >= 15
    checked = 0
    for name, cue in cues:
        for text in texts:
            for m in cue.pattern.finditer(text.lower()):
                assert any(word in m.group() for word in cue.needs), (name, m.group())
                checked += 1
    assert checked > 100


@pytest.mark.parametrize(("text", "talk"), [
    ("Most passengers were leaving because of the near-constant shelling.", True),
    ("The town lies near the border and is hit by artillery and drones.", True),
    ("Washington resumed strikes, saying it wants to stop Houthi missile attacks on Israel.",
     True),
    ("The Houthis mourned Hassan Nasrallah, killed in Beirut.", True),
    ("Camp Taji last came under fire in January, when rockets wounded a soldier.", True),
    ("Nobody claimed the raid.", True),
    ("Israel has struck Hodeidah and Sanaa several times since July.", True),
    ("Separately, on the drone incident at Erbil airport in the spring", True),
    ("Russian missiles hit Kharkiv on Tuesday, the heaviest attack since last year.", False),
    ("Police found a truck fitted with a rocket launcher near the base.", True),
    ("Russian missiles pounded Kharkiv on Monday, the latest attack on the city.", False),
    ("Artillery shelled the town under constant fire on Tuesday.", False),  # the day is named
])
def test_habits_purposes_and_mourning_are_talk(text, talk):
    from geo.extract.talk import talk_not_event

    assert talk_not_event(text, names_a_day="Tuesday" in text) is talk
