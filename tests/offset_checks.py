"""Checks that a document's offset map is exact; shared by the property tests of every stage
that changes text."""

from __future__ import annotations

import unicodedata

from pipeline.chinese_script import convert
from pipeline.document import Document

_PUNCT = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。", '"': "“”"}


def equivalent(orig: str, norm: str) -> bool:
    """Whether normalized character ``norm`` can stand for original character ``orig``."""
    if orig == norm:
        return True
    if unicodedata.normalize("NFKC", orig) == norm:
        return True
    if norm in _PUNCT.get(orig, ""):
        return True
    if orig in "\f\r" and norm == "\n":
        return True
    return any(convert(orig, c) == norm for c in ("t2s", "s2t", "s2hk", "s2tw", "t2hk", "t2tw"))


def assert_span_exact(doc: Document, start: int, end: int, *, content: bool = True) -> None:
    """The original span of ``[start, end)`` holds exactly the characters it came from."""
    m = doc.offsets
    os_, oe = m.to_orig(start, end)
    assert 0 <= os_ <= oe <= len(doc.text.original)
    inside = set()
    for i in range(start, end):
        a, b = m.starts[i], m.ends[i]
        assert os_ <= a <= b <= oe, (i, a, b, os_, oe)
        inside.add((a, b))
        if content and b == a + 1 and not _is_edited(doc, a):
            assert equivalent(doc.text.original[a], doc.text.normalized[i]), (
                i,
                doc.text.original[a],
                doc.text.normalized[i],
            )
    for i in (start - 1, end) if start < end else ():
        if 0 <= i < len(m):
            a, b = m.starts[i], m.ends[i]
            if a < b and a < oe and b > os_:
                assert any(a < y and x < b for x, y in inside if x < y)


def _is_edited(doc: Document, orig_pos: int) -> bool:
    return any(e.applied and e.orig_start <= orig_pos < e.orig_end for e in doc.edits)
