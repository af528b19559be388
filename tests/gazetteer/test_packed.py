"""Packed columns read as the lists they stand for; a packed key index answers as a list one."""

from __future__ import annotations

import bisect
import pickle

import pytest

from gazetteer import keyindex
from gazetteer.keyindex import KeyIndex
from gazetteer.packed import CodedStrings, PackedStrings, PackedTuples

WORDS = ["", "al anbar", "ʿAyn al-Asad", "Київ", "tal afar", "zzz", "北京", "a|b|c"]


def test_packed_strings_read_as_the_list():
    packed = pickle.loads(pickle.dumps(PackedStrings(WORDS)))
    assert len(packed) == len(WORDS)
    assert [packed[i] for i in range(len(WORDS))] == WORDS
    assert packed[-1] == WORDS[-1] and packed[-len(WORDS)] == WORDS[0]
    assert list(packed) == WORDS and packed.tolist() == WORDS
    for a, b in [(0, 3), (2, 8), (5, 5), (7, 2), (1, None), (None, -2)]:
        assert packed[a:b] == WORDS[a:b]
    assert packed[::3] == WORDS[::3]
    with pytest.raises(IndexError):
        packed[len(WORDS)]
    assert list(PackedStrings([])) == [] and PackedStrings([])[0:5] == []
    with pytest.raises(ValueError):
        PackedStrings(["a\0b"])


def test_packed_strings_bisect_as_a_sorted_list():
    keys = sorted({"baghdad", "basra", "erbil", "mosul", "kirkuk", "ḥalab", "duhok", "ramadi"})
    packed = PackedStrings(keys)
    for probe in [*keys, "", "a", "bas", "erbilx", "zz", "ḥ", "mosul "]:
        assert bisect.bisect_left(packed, probe) == bisect.bisect_left(keys, probe)


def test_coded_and_tuples():
    values = ["IQ", "SY", "IQ", "", "UA", "SY"]
    coded = pickle.loads(pickle.dumps(CodedStrings(values)))
    assert list(coded) == values and coded[4] == "UA" and coded[1:3] == values[1:3]
    assert len(coded.vocabulary) == 4
    rows = [(1, 2), (5,), (), (7, 8, 9)]
    tuples = pickle.loads(pickle.dumps(PackedTuples(rows)))
    assert [tuples[i] for i in range(len(rows))] == rows and tuples[-1] == (7, 8, 9)


def _index(names: list[str]) -> KeyIndex:
    index = KeyIndex()
    for row, name in enumerate(names):
        index.add(name, row)
        index.add(name[::-1], row)
        index.add(name[:4], row)  # shared prefixes: keys of several rows
    index.freeze()
    return index


def test_packed_index_answers_as_the_list_index(monkeypatch):
    names = [f"{a}{b}{c}abad" for a in "bkmst" for b in "aeiou" for c in "lmnr"] * 30
    names = [f"{n}{i}" for i, n in enumerate(names)]  # 3000 keys: fuzzy uses the blocks
    monkeypatch.setattr(keyindex, "SMALL", 100)
    plain, packed = _index(names), _index(names)
    packed.pack()
    packed = pickle.loads(pickle.dumps(packed))
    assert isinstance(packed.keys, PackedStrings) and isinstance(packed.rkeys, PackedStrings)
    probes = ["kalabad17", "kal", "zzz", "balabad0", "dabalab", "kalabd17", "molabad 5"]
    for key in probes:
        assert packed.exact(key) == plain.exact(key), key
        assert packed.fuzzy(key, 80, 5) == plain.fuzzy(key, 80, 5), key


def test_packed_index_unpacks_after_many_lookups(monkeypatch):
    monkeypatch.setattr(keyindex, "UNPACK_AFTER", 3)
    index = _index(["mosul", "erbil", "kirkuk"])
    index.pack()
    answers = [index.exact(k) for k in ("mosul", "erbil", "nope", "kirkuk", "mosu")]
    # the run made many: the keys are unpacked, as a tuple (which the garbage collector skips)
    assert isinstance(index.keys, tuple)
    assert answers == [(0,), (1,), (), (2,), (0,)]
    state = pickle.loads(pickle.dumps(index))
    assert state.exact("erbil") == (1,)
