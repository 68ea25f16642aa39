"""Offset maps: how a rewritten text's offsets lead back to the original's.

Every normalisation step rewrites the text and returns, with it, a map from the new
offsets to the old ones; evidence is reported at offsets into the original text.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional


class SpanMapping:
    """``span_to_original`` for any map with ``to_original`` and ``original_length``."""

    original_length: int

    def to_original(self, offset: int) -> int:
        raise NotImplementedError

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a normalised span; the end maps from its last char."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), min(self.to_original(end - 1) + 1, self.original_length)


@dataclass(frozen=True)
class OffsetMap(SpanMapping):
    """Maps offsets in the normalised text back to the original text."""

    starts: Optional[list[int]] = None  # normalised offsets where an edit begins
    deltas: Optional[list[int]] = None  # original - normalised, from that offset on
    original_length: int = 0

    def to_original(self, offset: int) -> int:
        if not self.starts:
            return offset
        i = bisect_right(self.starts, offset) - 1
        return offset + (self.deltas[i] if i >= 0 else 0)


@dataclass(frozen=True)
class ChainedMap(SpanMapping):
    """Two normalisation steps: ``inner`` maps the final text to the intermediate one,
    ``outer`` the intermediate text to the original."""

    outer: SpanMapping
    inner: SpanMapping
    original_length: int = 0

    def to_original(self, offset: int) -> int:
        return self.outer.to_original(self.inner.to_original(offset))


class Rewrite:
    """A text assembled from pieces, each mapped back to the original offset it copies
    (or, for an inserted piece, stands beside)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = [0]
        self.deltas: list[int] = [0]
        self.out = 0

    def add(self, original: int, piece: str) -> None:
        if piece:
            self.starts.append(self.out)
            self.deltas.append(original - self.out)
            self.pieces.append(piece)
            self.out += len(piece)

    def result(self, original_length: int) -> tuple[str, OffsetMap]:
        return "".join(self.pieces), compact_map(self.starts, self.deltas, original_length)


def word_edits(start: int, end: int, piece: str) -> list[tuple[int, int, str]]:
    """The edits that put ``piece`` in place of text[start:end] with its last character
    mapped to the replaced text's last one, so that evidence over the new word spans all
    of the old ("one hundred twelve" -> "112", "circumflx" -> "circumflex")."""
    return [(start, end - 1, piece[:-1]), (end - 1, end, piece[-1])]


def edited(text: str, edits: list[tuple[int, int, str]]) -> tuple[str, OffsetMap]:
    """``text`` with each (start, end, replacement) edit made, in order of start (an edit
    that starts inside one already made is dropped): a replacement maps to its edit's
    start, the text between edits to itself."""
    rewrite, pos = Rewrite(), 0
    for start, end, piece in sorted(edits):
        if start < pos:
            continue
        rewrite.add(pos, text[pos:start])
        rewrite.add(start, piece)
        pos = end
    rewrite.add(pos, text[pos:])
    return rewrite.result(len(text))


def compact_map(starts: list[int], deltas: list[int], original_length: int) -> OffsetMap:
    s2: list[int] = []
    d2: list[int] = []
    for s, d in zip(starts, deltas):
        if s2 and s2[-1] == s:
            d2[-1] = d
        elif d2 and d2[-1] == d:
            continue
        else:
            s2.append(s)
            d2.append(d)
    return OffsetMap(s2, d2, original_length)
