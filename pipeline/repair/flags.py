"""Junk spans and truncated paragraphs (evidence 7): flagged, not rewritten.

- *Stroke junk*: runs of two or more stroke/radical glyphs (丨丶冫丿, U+31C0–31EF) inside
  prose are OCR noise from rules, dots and bullet remnants; no Chinese word is made of
  them. They are deleted (kind ``junk``) — deleting invents nothing.
- *Garbled stretches*: a stretch of Han characters no lexicon word covers, made of
  characters that are not common single-character words, around a space normalize had to
  delete (the OCR split a garbled phrase), is flagged ``unrepaired``: the stage cannot know
  what it said.
- *Truncation*: a prose paragraph that stops mid-sentence — no sentence-final punctuation,
  last token a number or a dangling decimal point — right before a heading, a blank line or
  the end of the text. The last clause is flagged ``unrepaired``.

Flags have ``before == after`` and ``applied: false``; later stages lower the confidence of
anything whose evidence overlaps them.
"""

from __future__ import annotations

import re

from pipeline.repair import Proposal
from pipeline.repair.lexicon import Lexicon

STROKES = set("丨丶丿乀乁亅冫冖凵匚勹卩厶巛彡彳廴亠") | {chr(c) for c in range(0x31C0, 0x31F0)}
CORE_STROKES = set("丨丶丿乀乁亅") | {chr(c) for c in range(0x31C0, 0x31F0)}
_SENT_END = set("。！？!?；;…」』”）)】》")
_HEADING = re.compile(r"^\s*(#{1,6}\s|\[Table_)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def stroke_junk(text: str) -> list[Proposal]:
    out = []
    for m in re.finditer("[" + "".join(sorted(STROKES)) + "]{2,}", text):
        run = m.group()
        if sum(1 for c in run if c in CORE_STROKES) < max(2, len(run) // 2):
            continue
        out.append(
            Proposal(
                m.start(),
                m.end(),
                "",
                "junk",
                0.9,
                f"stroke/radical glyphs '{run}' form no Chinese word: OCR noise removed",
            )
        )
    return out


def truncations(text: str) -> list[Proposal]:
    out = []
    lines = text.split("\n")
    pos = 0
    for k, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        s = line.rstrip()
        if "\t" in line or _HEADING.match(line) or len(s) < 30:
            continue
        if len(_HAN.findall(s)) < 15 or not re.search("[，。；]", s):
            continue
        nxt = next((ln for ln in lines[k + 1 :] if ln.strip()), None)
        blank_after = k + 1 >= len(lines) or not lines[k + 1].strip()
        if not (blank_after or nxt is None or _HEADING.match(nxt)):
            continue
        last = s[-1]
        dangling_number = bool(re.search(r"\d[.,]?$", s))
        if last in _SENT_END or not dangling_number:
            continue
        cut = max(s.rfind(c) for c in "，。；：,;:")
        a = start + cut + 1
        out.append(
            Proposal(
                a,
                start + len(s),
                s[cut + 1 :],
                "unrepaired",
                0.5,
                "truncated: the paragraph stops mid-sentence after a number (no sentence-final "
                "punctuation before the next heading or blank line); the missing text cannot be recovered",
                flag=True,
            )
        )
    return out


def garbled(lex: Lexicon, text: str, joins: list[tuple[int, int]], *, common: int = 30000) -> list[Proposal]:
    """Garbled stretches around normalize's non-word joins (``joins``: normalized (k, k+1) pairs)."""
    out: list[Proposal] = []
    done = -1
    for k, _ in joins:
        if k < done:
            continue
        # the Han run containing the join
        a = k
        while a > 0 and _HAN.match(text[a - 1]):
            a -= 1
        b = k + 2
        while b < len(text) and _HAN.match(text[b]):
            b += 1
        run = text[a:b]
        covered = [False] * len(run)
        for i in range(len(run)):
            for x, y, _f in lex.covering_words(run, i, max_len=6, min_freq=3):
                for j in range(x, y):
                    covered[j] = True
        # grow the uncovered stretch around the join
        i, j = k - a, k - a + 1
        if covered[i] and covered[j]:
            continue
        lo, hi = i, j + 1
        while lo > 0 and not covered[lo - 1]:
            lo -= 1
        while hi < len(run) and not covered[hi]:
            hi += 1
        stretch = run[lo:hi]
        rare = [c for c in stretch if lex.freq.get(lex.simp(c), 0) < common]
        if len(stretch) < 3 or len(rare) < 2:
            continue
        # the garbling rarely stops at the uncovered characters: flag the whole phrase between
        # punctuation when it is short, else the stretch with four characters either side
        if b - a <= 20:
            s0, e0 = a, b
        else:
            s0, e0 = max(a, a + lo - 4), min(b, a + hi + 4)
        out.append(
            Proposal(
                s0,
                e0,
                text[s0:e0],
                "unrepaired",
                0.4,
                f"garbled: '{stretch}' in '{text[s0:e0]}' was split by a space and no lexicon word covers it; "
                "no evidence can repair it",
                flag=True,
            )
        )
        done = e0
    return out
