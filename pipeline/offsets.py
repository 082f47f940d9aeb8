"""The offset map between ``text.normalized`` and ``text.original``.

Every character of the normalized text knows the half-open span of original characters it
came from: ``starts[i]`` and ``ends[i]``. A copied character has ``ends[i] == starts[i] + 1``;
a character that replaced several original characters (a phrase conversion, a repair) spans
all of them; an inserted character has an empty span. Original characters that were deleted
(spaces between CJK characters, a duplicated clause) simply belong to no normalized
character. Every transform the pipeline applies is monotone (it never reorders text), so
both arrays are non-decreasing and the reverse lookup is a binary search: O(1) from
normalized to original, O(log n) from original to normalized.

Why not a library: the diff/alignment libraries we looked at (difflib, ``diff-match-patch``)
produce edit scripts, not a composable character map with reverse lookup; spaCy's
``Doc`` has character offsets but no notion of an original text it was derived from.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Change:
    """Replace ``text[start:end]`` of the current normalized text with ``replacement``."""

    start: int
    end: int
    replacement: str


class OffsetMap:
    """Maps normalized character offsets to original ones and back.

    ``len(self)`` equals ``len(text.normalized)``. ``orig_len`` is ``len(text.original)``.
    """

    __slots__ = ("starts", "ends", "orig_len")

    def __init__(self, starts: array, ends: array, orig_len: int) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends must have the same length")
        self.starts = starts
        self.ends = ends
        self.orig_len = orig_len

    # -- construction -------------------------------------------------------------------
    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of a text to itself (before any stage changes it)."""
        return cls(array("q", range(n)), array("q", range(1, n + 1)), n)

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, OffsetMap)
            and self.orig_len == other.orig_len
            and self.starts == other.starts
            and self.ends == other.ends
        )

    def __repr__(self) -> str:
        return f"OffsetMap(len={len(self)}, orig_len={self.orig_len})"

    # -- lookups --------------------------------------------------------------------------
    def point_to_orig(self, pos: int) -> int:
        """Original offset of the boundary *before* normalized position ``pos``."""
        n = len(self.starts)
        if pos < 0 or pos > n:
            raise IndexError(f"position {pos} outside 0..{n}")
        if pos < n:
            return self.starts[pos]
        return self.ends[n - 1] if n else self.orig_len

    def to_orig(self, start: int, end: int) -> tuple[int, int]:
        """Original span ``[orig_start, orig_end)`` of normalized span ``[start, end)``.

        The span covers exactly the original characters the normalized ones came from,
        including characters deleted between them, but not deletions at either edge.
        """
        if start > end:
            raise ValueError(f"start {start} > end {end}")
        if start == end:
            p = self.point_to_orig(start)
            return p, p
        if start < 0 or end > len(self.starts):
            raise IndexError(f"span {start}..{end} outside 0..{len(self.starts)}")
        return self.starts[start], self.ends[end - 1]

    def to_norm(self, orig_start: int, orig_end: int) -> tuple[int, int]:
        """Smallest normalized span whose characters overlap original ``[orig_start, orig_end)``.

        An original span that was deleted entirely maps to an empty span at the place
        where it was.
        """
        if orig_start > orig_end:
            raise ValueError(f"orig_start {orig_start} > orig_end {orig_end}")
        s = bisect.bisect_right(self.ends, orig_start)
        e = bisect.bisect_left(self.starts, orig_end)
        if e < s:
            e = s
        return s, e

    # -- composition ------------------------------------------------------------------------
    def compose(self, step_starts: Sequence[int], step_ends: Sequence[int]) -> OffsetMap:
        """Map of a new text whose characters came from spans of the *current* normalized text.

        ``step_starts[i], step_ends[i]`` is the span of the current normalized text that new
        character ``i`` came from (empty for an insertion). Vectorised with numpy: stages
        compose a map per rewrite, and a Python loop here dominated the normalize stage.
        """
        a = np.asarray(step_starts, dtype=np.int64)
        b = np.asarray(step_ends, dtype=np.int64)
        cur_s = np.frombuffer(self.starts, dtype=np.int64) if len(self.starts) else np.zeros(0, np.int64)
        cur_e = np.frombuffer(self.ends, dtype=np.int64) if len(self.ends) else np.zeros(0, np.int64)
        n = len(cur_s)
        tail = int(cur_e[n - 1]) if n else self.orig_len
        # Pad so that index n (the end of the text) reads the tail point.
        pad_s = np.append(cur_s, tail)
        pad_e_prev = np.append(np.int64(0), cur_e)  # pad_e_prev[k] = cur_e[k - 1]
        starts = pad_s[a]
        ends = np.where(b > a, np.append(cur_e, tail)[np.maximum(b - 1, 0)], 0)
        ins = b <= a
        if ins.any():
            # An insertion: zero width where it stands, or the enclosing group's span when it
            # lands inside a group (a zero-width point there would break the monotone order
            # the reverse lookup relies on); at the very end, the tail point.
            ai = a[ins]
            lo = pad_s[ai]
            prev_e = np.where(ai > 0, pad_e_prev[ai], lo)
            hi = np.where(ai < n, np.maximum(prev_e, lo), lo)
            ends[ins] = hi
        return OffsetMap(
            array("q", starts.astype(np.int64).tobytes()), array("q", ends.astype(np.int64).tobytes()), self.orig_len
        )

    def check(self) -> None:
        """Raise ``ValueError`` unless the map is monotone and inside the original text."""
        prev_s = prev_e = 0
        for s, e in zip(self.starts, self.ends, strict=True):
            if not (0 <= s <= e <= self.orig_len) or s < prev_s or e < prev_e:
                raise ValueError(f"offset map is not monotone at ({s}, {e})")
            prev_s, prev_e = s, e

    # -- serialisation ---------------------------------------------------------------------
    def to_runs(self) -> list[list[int]]:
        """Compact, lossless encoding: ``[n_start, n_len, o_start, o_len]`` runs.

        A run with ``n_len == o_len`` copies characters one to one; any other run means
        each of its ``n_len`` characters came from the whole original span.
        """
        runs: list[list[int]] = []
        starts, ends, n = self.starts, self.ends, len(self.starts)
        i = 0
        while i < n:
            s, e = starts[i], ends[i]
            j = i + 1
            if e == s + 1:
                while j < n and starts[j] == ends[j - 1] and ends[j] == starts[j] + 1:
                    j += 1
                runs.append([i, j - i, s, ends[j - 1] - s])
            else:
                while j < n and starts[j] == s and ends[j] == e:
                    j += 1
                if j - i == e - s:
                    # Equal lengths would read as a copy run: emit one character per run.
                    runs.extend([[k, 1, s, e - s] for k in range(i, j)])
                else:
                    runs.append([i, j - i, s, e - s])
            i = j
        return runs

    @classmethod
    def from_runs(cls, runs: Iterable[Sequence[int]], n: int, orig_len: int) -> OffsetMap:
        """Inverse of :meth:`to_runs`; ``n`` is the normalized text's length."""
        starts, ends = array("q"), array("q")
        for n_start, n_len, o_start, o_len in runs:
            if n_start != len(starts):
                raise ValueError(f"offset map run at {n_start} leaves a gap at {len(starts)}")
            if n_len == o_len:
                starts.extend(range(o_start, o_start + n_len))
                ends.extend(range(o_start + 1, o_start + n_len + 1))
            else:
                starts.extend([o_start] * n_len)
                ends.extend([o_start + o_len] * n_len)
        if len(starts) != n:
            raise ValueError(f"offset map covers {len(starts)} characters, text has {n}")
        return cls(starts, ends, orig_len)


def apply_changes(text: str, changes: Sequence[Change]) -> tuple[str, np.ndarray, np.ndarray]:
    """Apply non-overlapping ``changes`` to ``text``.

    Returns the new text and, for each new character, the span of ``text`` it came from
    (the ``step`` arrays :meth:`OffsetMap.compose` takes). A replacement of equal length maps
    character by character; any other replacement maps each new character to the whole
    replaced span. Vectorised: a document can have tens of thousands of small changes.
    """
    chs = sorted(changes, key=lambda c: (c.start, c.end))
    pos = 0
    pieces: list[str] = []
    for ch in chs:
        if ch.start < pos or ch.end < ch.start or ch.end > len(text):
            raise ValueError(f"change {ch.start}..{ch.end} overlaps another or leaves the text")
        pieces.append(text[pos : ch.start])
        pieces.append(ch.replacement)
        pos = ch.end
    pieces.append(text[pos:])
    m = len(chs)
    S = np.fromiter((c.start for c in chs), dtype=np.int64, count=m)
    E = np.fromiter((c.end for c in chs), dtype=np.int64, count=m)
    L = np.fromiter((len(c.replacement) for c in chs), dtype=np.int64, count=m)
    K0 = np.concatenate(([0], E))  # kept stretches: [K0, K1)
    K1 = np.concatenate((S, [len(text)]))
    group = L != (E - S)
    # Pieces alternate kept_0, rep_0, kept_1, …, kept_m; each piece is (start, end, step).
    P = 2 * m + 1
    base_s = np.empty(P, np.int64)
    base_e = np.empty(P, np.int64)
    inc = np.ones(P, np.int64)
    lengths = np.empty(P, np.int64)
    base_s[0::2], base_e[0::2], lengths[0::2] = K0, K0 + 1, K1 - K0
    base_s[1::2] = S
    base_e[1::2] = np.where(group, E, S + 1)
    inc[1::2] = np.where(group, 0, 1)
    lengths[1::2] = L
    piece = np.repeat(np.arange(P), lengths)
    first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    k = np.arange(len(piece), dtype=np.int64) - first[piece]
    step_s = base_s[piece] + inc[piece] * k
    step_e = base_e[piece] + inc[piece] * k
    return "".join(pieces), step_s, step_e
