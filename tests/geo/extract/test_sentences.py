"""Sentences and clauses with their offsets."""

from __future__ import annotations

from geo.extract.sentences import BACKGROUND, clauses, sentences


def test_run_together_sentences_are_split():
    text = "a drone attack against US forces in Syria.The attack targeted a base."
    parts = sentences(text)
    assert [p.text for p in parts] == ["a drone attack against US forces in Syria.",
                                       "The attack targeted a base."]
    assert text[parts[1].begin:].startswith("The attack")


def test_abbreviations_do_not_end_sentences():
    parts = sentences("The U.S. military said Mr. Smith left. Then it ended.")
    assert [p.text for p in parts] == ["The U.S. military said Mr. Smith left.",
                                       "Then it ended."]


def test_paragraphs_are_numbered_and_offsets_kept():
    text = "First one. Second one.\n\nThird one."
    parts = sentences(text)
    assert [p.paragraph for p in parts] == [0, 0, 1]
    assert all(text[p.begin:p.begin + len(p.text)] == p.text for p in parts)


def test_quotes_close_a_sentence():
    parts = sentences('He said "stop." Then "You reap what you sow," he said.')
    assert len(parts) == 2


def test_clause_after_comma_tells_another_event():
    [sentence] = sentences("Militias attacked Harir base, a few hours after the wave of "
                           "bombings by the US army in Syria.")
    parts = clauses(sentence)
    assert [p.text[:12] for p in parts] == ["Militias att", "a few hours "]
    assert BACKGROUND.match(parts[1].text)


def test_retaliation_clause_is_background():
    [sentence] = sentences("US bombers struck 85 targets on Friday, the first wave of "
                           "retaliation for the drone attack in Jordan last weekend.")
    parts = clauses(sentence)
    assert len(parts) == 2 and BACKGROUND.match(parts[1].text)
    assert not BACKGROUND.match(parts[0].text)
