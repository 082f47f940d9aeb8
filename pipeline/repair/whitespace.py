"""Spurious spaces inside Chinese words (evidence 4).

``normalize`` already deletes whitespace between CJK characters (a space separates no
tokens in Chinese). The join is recorded in the offset map: two adjacent normalized Han
characters whose original spans have a gap of spaces between them. This module turns each
such join into a ``whitespace`` edit so that it is visible in the output (毛利 率 → 毛利率),
and removes any Han–space–Han left in the text (when normalize's whitespace option is off).
Spaces between Latin tokens and numbers are never touched.

The confidence says whether a lexicon word spans the join (供應 鏈 → 供應鏈: 0.95) or the space
sat between two words (能力 最強: 0.85, harmless either way).
"""

from __future__ import annotations

import re

from pipeline.document import Document
from pipeline.repair import Proposal
from pipeline.repair.lexicon import HAN_RE, Lexicon


def _span_word(lex: Lexicon, text: str, left_end: int) -> str | None:
    """A lexicon word of ``text`` that contains both ``text[left_end-1]`` and ``text[left_end]``."""
    best = None
    for a in range(max(0, left_end - 3), left_end):
        for b in range(left_end + 1, min(len(text), a + 5) + 1):
            seg = text[a:b]
            if all(HAN_RE.match(c) for c in seg) and lex.is_word(seg) and (best is None or len(seg) > len(best)):
                best = seg
    return best


def logged_joins(lex: Lexicon, doc: Document) -> list[Proposal]:
    """Joins normalize made between Han characters, as pre-applied proposals: single spaces,
    which OCR puts inside words (起 點); a wider gap is layout."""
    text, orig = doc.text.normalized, doc.text.original
    mp = doc.offsets
    out: list[Proposal] = []
    starts, ends = mp.starts, mp.ends
    for k in range(len(text) - 1):
        if not (HAN_RE.match(text[k]) and HAN_RE.match(text[k + 1])):
            continue
        e, s = ends[k], starts[k + 1]
        if s <= e:
            continue
        gap = orig[e:s]
        if not gap or gap.strip(" \t\u3000\u00a0") or "\t" in gap:
            continue
        if len(gap) > 1 or gap != " ":
            # two spaces or an ideographic one: a layout gap (a header's fields: 研究所  報告
            # 日期), not the space OCR puts inside a word; normalize's, not a repair
            continue
        word = _span_word(lex, text, k + 1)
        if word:  # a word spans the join only if the best segmentation keeps it whole
            a = max(0, k - 4)
            while a < k and not HAN_RE.match(text[a]):
                a += 1
            b = min(len(text), k + 6)
            if (k + 1 - a) in lex.boundaries(text[a:b]):
                word = None
        conf = 0.95 if word else 0.85
        why = f"space inside the word '{word}'" if word else "space between Chinese words (separates no tokens)"
        out.append(
            Proposal(k, k + 2, text[k : k + 2], "whitespace", conf, f"joined by normalize: {why}", preapplied=True)
        )
    return out


def remaining_spaces(lex: Lexicon, text: str) -> list[Proposal]:
    """Spaces still standing between two Han characters (normalize's whitespace option off)."""
    out = []
    for m in re.finditer(
        r"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[ \u3000]+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])", text
    ):
        joined = text[: m.start()] + text[m.end() :]
        word = _span_word(lex, joined, m.start())
        conf = 0.95 if word else 0.85
        why = f"space inside the word '{word}'" if word else "space between Chinese words"
        out.append(Proposal(m.start(), m.end(), "", "whitespace", conf, why))
    return out
