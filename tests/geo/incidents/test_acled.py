"""ACLED's codebook facts (geo.incidents.acled) and how ACLED rows merge."""

from __future__ import annotations

from geo.incidents import acled
from geo.incidents.merge import merge_rows, same_event
from geo.incidents.schema import EVENT_TYPES, acled_types, incident_id
from tests.geo.incidents.test_merge import row


def test_our_types_map_to_codebook_pairs_and_disorder_types() -> None:
    subs = acled.sub_event_types()
    for ours in EVENT_TYPES:
        disorder, event, sub = acled_types(ours)
        assert subs[sub] == (event, disorder), ours


def test_inter_codes_read_in_either_form_and_interaction_orders_them() -> None:
    assert [acled.inter_code(t) for t in ("1", "8.0", "State forces", "civilians", "0",
                                          "No actor", "Gunmen")] == [1, 8, 1, 7, 0, 0, None]
    assert acled.interaction(8, 1) == "State forces-External/Other forces"
    assert acled.interaction(8, 1, numeric=True) == "18"
    assert acled.interaction(6, None) == "Protesters only"
    assert acled.interaction(None, 6, numeric=True) == "60"
    assert acled.interaction(None, None) == ""


def test_countries_come_from_the_codebook_then_iso() -> None:
    congo = acled.country("cd")
    assert (congo.name, congo.iso_numeric, congo.region) == (
        "Democratic Republic of Congo", 180, "Middle Africa")
    france = acled.country("FR")
    assert (france.name, france.iso_numeric, france.region) == ("France", 250, "")
    assert acled.country("") is None and acled.country("QQ") is None
    assert acled.our_event_id("IQ", "0123456789abcdef") == "IRQ-GEO-0123456789abcdef"
    assert acled.our_event_id("", "0123456789abcdef") == "GEO-0123456789abcdef"


def test_civilian_targeting_follows_the_target_or_the_type() -> None:
    assert acled.civilian_targeting("Explosions/Remote violence", 7) == "Civilian targeting"
    assert acled.civilian_targeting("Violence against civilians", None) == "Civilian targeting"
    assert acled.civilian_targeting("Battles", 1) == ""


def test_two_acled_events_alike_but_for_their_ids_stay_two() -> None:
    a = row(event_id_cnty="IRQ90005", file="acled.csv:6")
    b = row(event_id_cnty="IRQ90027", file="acled.csv:28")
    assert incident_id(a) != incident_id(b)
    assert not same_event(a, b) and len(merge_rows([a, b])) == 2
    plain = row(file="a.txt")  # without an ACLED id the id is what it always was
    assert incident_id({**plain, "event_id_cnty": ""}) == incident_id(plain)


def test_acled_types_without_ours_merge_only_with_their_own_kind() -> None:
    protest = row(event_type="", acled_event_type="Protests", sub_event_type="Peaceful protest")
    attack = row(event_type="other attack", file="b.txt", quote="q2")
    arrest = row(event_type="", acled_event_type="Strategic developments",
                 sub_event_type="Arrests", file="c.txt", quote="q3")
    assert not same_event(protest, attack) and not same_event(protest, arrest)
    assert same_event(protest, {**protest, "sources": [{"file": "d.txt", "quote": "x"}]})


def test_a_news_telling_gains_the_acled_rows_fields() -> None:
    told = row(file="a.txt", actor="Islamic Resistance in Iraq", inter1=3, target="",
               fatalities=None)
    coded = row(file="acled.csv:2", quote="q2", event_id_cnty="SYR90002", acled_row='{"a": "1"}',
                actor="Islamic Resistance in Iraq", inter1=3, target="US forces", inter2=8,
                fatalities=2, admin2="Palmyra", tags="x")
    [merged] = merge_rows([told, coded])
    assert (merged["event_id_cnty"], merged["acled_row"], merged["fatalities"]) == (
        "SYR90002", '{"a": "1"}', 2)
    assert (merged["target"], merged["inter2"], merged["admin2"]) == ("US forces", 8, "Palmyra")
    assert len(merged["sources"]) == 2
