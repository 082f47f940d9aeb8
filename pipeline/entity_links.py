"""Garbled aliases: names that OCR or a careless layout mangled, linked to the name they stand for.

- Latin: a run that no finder claimed and that is a known name with its parts reordered
  (``Chat-5-GPT`` for ``GPT-5-Chat``) or one edit away from a known name of 8+ characters.
- Chinese: a window of 4–8 Han characters one substitution away from a gazetteer name whose
  changed character is a *visual* confusion (the repair stage's glyph similarity ≥ 0.66:
  里/甲 0.69, 米/朱 0.77, but 安/台 0.35),
  so 阿甲巴巴 links to 阿里巴巴 but 中国平台 does not link to 中国平安.

Known names are the gazetteer's and the document's own product/metric/ORG entities. Links
are tier-1 candidates with the stage's ``garbled_confidence`` and ``value.garbled = true``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.entity_rules import LABELS, Candidate, GazetteerMatcher, email_url_spans, simplified
from pipeline.gazetteer import Gazetteer, Record
from pipeline.resources import data_path

_LATIN_RUN = re.compile(r"(?<![A-Za-z0-9_.\-])[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)+(?![A-Za-z0-9_\-])")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
MIN_VISUAL = 0.66  # glyph similarity of an OCR confusion; the repair stage found none right below it


def edit1(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most one insertion, deletion or substitution apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


@lru_cache(maxsize=1)
def _visual_table() -> dict[str, str]:
    """glyph → its raw ``other:score …`` list from the repair stage's visual confusion set."""
    path = data_path("models", "confusion", "visual.tsv")
    if not path.exists():
        return {}
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            ch, _, rest = line.rstrip("\n").partition("\t")
            table[ch] = rest
    return table


@lru_cache(maxsize=65536)
def _similarity(a: str, b: str) -> float:
    rest = _visual_table().get(a, "")
    i = rest.find(b + ":")
    while i > 0 and rest[i - 1] != " ":
        i = rest.find(b + ":", i + 1)
    if i < 0:
        return 0.0
    j = rest.find(" ", i)
    try:
        return float(rest[i + len(b) + 1 : j if j > 0 else None])
    except ValueError:
        return 0.0


def visually_confusable(a: str, b: str) -> bool:
    """Whether OCR confuses glyphs ``a`` and ``b``: glyph similarity ≥ MIN_VISUAL.

    The repair stage's ``visual_similarity`` scores any pair from glyph features; where it
    cannot (no ``glyphs.npz``, a character outside its fonts) the top-neighbour lists of
    ``visual.tsv`` decide.
    """
    try:
        from pipeline.repair_resources import visual_similarity

        sim = visual_similarity(a, b)
    except ImportError:
        sim = None
    if sim is None:
        sim = max(_similarity(a, b), _similarity(b, a))
    return sim >= MIN_VISUAL


class HanIndex:
    """Chinese gazetteer names of 4–8 characters, indexed by every one-character wildcard."""

    def __init__(self, gz: Gazetteer) -> None:
        self.by_key: dict[str, list[tuple[str, Record]]] = {}
        self.lengths: set[int] = set()
        # One substitution leaves either the first two characters or the next two intact.
        self.head: dict[int, set[str]] = {}
        self.next: dict[int, set[str]] = {}
        for kind in ("company", "product", "event", "metric"):
            for name, rec in gz.names(kind):
                s = simplified(name)
                if 4 <= len(s) <= 8 and all(_HAN.match(c) for c in s):
                    self.lengths.add(len(s))
                    self.head.setdefault(len(s), set()).add(s[0:2])
                    self.next.setdefault(len(s), set()).add(s[2:4])
                    for i in range(len(s)):
                        self.by_key.setdefault(s[:i] + "?" + s[i + 1 :], []).append((s, rec))

    def find(self, w: str) -> tuple[str, Record] | None:
        for i in range(len(w)):
            for name, rec in self.by_key.get(w[:i] + "?" + w[i + 1 :], ()):
                if name != w and visually_confusable(name[i], w[i]):
                    return name, rec
        return None


@lru_cache(maxsize=4)
def _han_index(gz_id: int, gz: Gazetteer) -> HanIndex:
    return HanIndex(gz)


def garbled_candidates(
    s: str, chosen: list[Candidate], gz: Gazetteer, gm: GazetteerMatcher, confidence: float
) -> list[Candidate]:
    """Links for runs of ``s`` that no chosen (tier-0) candidate covers."""
    taken = bytearray(len(s) + 1)
    for a, b in email_url_spans(s):
        taken[a:b] = b"\x01" * (b - a)
    for c in chosen:
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
    out = _latin(s, chosen, gm, taken, confidence)
    out += _han(s, _han_index(id(gz), gz), taken, confidence)
    return out


def _latin(s: str, chosen: list[Candidate], gm: GazetteerMatcher, taken: bytearray, conf: float) -> list[Candidate]:
    known: dict[str, tuple[str, str, str | None, dict | None]] = {}  # lower → (name, label, id, value)
    for c in chosen:
        if c.label in ("PRODUCT", "METRIC", "ORG") and s[c.start : c.end].isascii():
            known.setdefault(s[c.start : c.end].lower(), (s[c.start : c.end], c.label, c.canonical, c.value))
    for low, (name, rec) in gm.latin_names.items():
        if len(low) >= 6:
            known.setdefault(low, (name, LABELS[rec.kind], rec.id, None))
    by_parts: dict[tuple[str, ...], str] = {}
    for low in known:
        parts = tuple(sorted(p for p in re.split(r"[\s\-_]+", low) if p))
        if len(parts) >= 2:
            by_parts.setdefault(parts, low)
    out = []
    for m in _LATIN_RUN.finditer(s):
        if any(taken[m.start() : m.end()]):
            continue
        low = m.group().lower()
        hit = by_parts.get(tuple(sorted(p for p in re.split(r"[\s\-_]+", low) if p)))
        if hit is None and len(low) >= 8:
            hit = next((k for k in known if len(k) >= 8 and abs(len(k) - len(low)) <= 1 and edit1(k, low)), None)
        if hit and hit != low:
            name, label, canonical, value = known[hit]
            v: dict[str, Any] = dict(value or {})
            v.update({"name": name, "garbled": True})
            # Tier 1 with the best rank: it beats the bare product shape of the same run.
            out.append(Candidate(m.start(), m.end(), label, canonical, v, conf, "gazetteer", 1, -1))
    return out


def _han(s: str, index: HanIndex, taken: bytearray, conf: float) -> list[Candidate]:
    if not index.lengths or not _visual_table():
        return []
    out = []
    n = len(s)
    i = 0
    while i < n:
        if taken[i] or not _HAN.match(s[i]):
            i += 1
            continue
        hit = None
        for L in sorted(index.lengths, reverse=True):
            if i + L > n or (s[i : i + 2] not in index.head[L] and s[i + 2 : i + 4] not in index.next[L]):
                continue
            if any(taken[i : i + L]):
                continue
            w = s[i : i + L]
            if not all(_HAN.match(c) for c in w):
                continue
            found = index.find(w)
            if found:
                hit = (L, found)
                break
        if hit:
            L, (name, rec) = hit
            value = {"name": name, "garbled": True}
            out.append(Candidate(i, i + L, LABELS[rec.kind], rec.id, value, conf, "gazetteer", 1, -1))
            i += L
        else:
            i += 1
    return out
