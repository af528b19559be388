"""Packed columns: many strings (or row tuples) in one blob, read one item at a time.

A list of a million ``str`` objects costs a tenth of a second to unpickle; the same strings
packed in one UTF-8 blob with an offsets array unpickle as two memory copies. A look-up that
reads a few items decodes only those. Each class is a read-only sequence, so code that
indexes, slices, bisects or iterates a list reads it unchanged.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

SEP = "\0"  # between packed strings (no name or key holds it)


def _offsets(lengths: Iterable[int]) -> array:
    """Running offsets from 0: the smallest array type that holds them."""
    values = list(accumulate(lengths, initial=0))
    return array("I" if values[-1] < 1 << 32 else "q", values)


class PackedStrings(Sequence[str]):
    """Strings in one UTF-8 blob, each followed by ``SEP``, cut at byte offsets."""

    __slots__ = ("blob", "offsets")

    def __init__(self, items: Iterable[str] = ()) -> None:
        encoded = [s.encode() for s in items]
        if any(b"\0" in e for e in encoded):
            raise ValueError("a packed string holds NUL")
        self.blob = b"\0".join(encoded) + (b"\0" if encoded else b"")
        self.offsets = _offsets(len(e) + 1 for e in encoded)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int | slice) -> str | list[str]:  # type: ignore[override]
        o = self.offsets
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                return [self[j] for j in range(start, stop, step)]
            if start >= stop:
                return []
            return self.blob[o[start]:o[stop] - 1].decode().split(SEP)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("packed string index out of range")
        return self.blob[o[i]:o[i + 1] - 1].decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def tolist(self) -> list[str]:
        """All the strings as a list (one decode and one split)."""
        return self.blob[:-1].decode().split(SEP) if len(self) else []

    def __getstate__(self) -> tuple[bytes, array]:
        return self.blob, self.offsets

    def __setstate__(self, state: tuple[bytes, array]) -> None:
        self.blob, self.offsets = state


class CodedStrings(Sequence[str]):
    """Strings drawn from a small vocabulary (countries, kinds): codes into it."""

    __slots__ = ("vocabulary", "codes")

    def __init__(self, items: Iterable[str] = ()) -> None:
        seen: dict[str, int] = {}
        self.codes = array("I", (seen.setdefault(s, len(seen)) for s in items))
        self.vocabulary = list(seen)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int | slice) -> str | list[str]:  # type: ignore[override]
        if isinstance(i, slice):
            return [self.vocabulary[c] for c in self.codes[i]]
        return self.vocabulary[self.codes[i]]

    def __iter__(self) -> Iterator[str]:
        vocabulary = self.vocabulary
        return (vocabulary[c] for c in self.codes)

    def __getstate__(self) -> tuple[list[str], array]:
        return self.vocabulary, self.codes

    def __setstate__(self, state: tuple[list[str], array]) -> None:
        self.vocabulary, self.codes = state


class PackedTuples(Sequence[tuple[int, ...]]):
    """Tuples of ints (the rows a key stands for) in one flat array cut at offsets."""

    __slots__ = ("flat", "offsets")

    def __init__(self, items: Iterable[Sequence[int]] = ()) -> None:
        items = list(items)
        self.flat = array("q", (v for item in items for v in item))
        self.offsets = _offsets(len(item) for item in items)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> tuple[int, ...]:  # type: ignore[override]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("packed tuple index out of range")
        return tuple(self.flat[self.offsets[i]:self.offsets[i + 1]])

    def __getstate__(self) -> tuple[array, array]:
        return self.flat, self.offsets

    def __setstate__(self, state: tuple[array, array]) -> None:
        self.flat, self.offsets = state
