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
from pipeline.stages.normalize import line_at


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


# two Latin tokens printed with a space between them (Fab 9, To B, yoy -6.6%, 1.0x 2026E,
# -4.8% YoY);
# the second is only looked at, so that it can start the next pair (2026E P/B)
_SPACED = re.compile(
    r"((?<![A-Za-z0-9.\-/])[A-Za-z][A-Za-z0-9]*|(?<![A-Za-z0-9.])\d+(?:\.\d+)?(?:[A-Za-z]+|%))"
    r" (?=([A-Za-z0-9]+(?![A-Za-z0-9.])|[+\-](?=\d)))"
)
SPACED_MIN_LEFT = 2  # letters in the first token: a single letter is an initial or a code (A 股)


def _shape(tok: str) -> tuple[str, str, str]:
    """(regex, label, kind) of a token as the document's spacing habit sees it: a number with
    a unit by its unit (1.0x and 0.43x are one habit), a sign either way (yoy -6.6%, yoy
    +4.1%), anything else as itself."""
    if tok[0].isdigit():
        unit = tok.lstrip("0123456789.")
        return r"\d+(?:\.\d+)?" + re.escape(unit), "N" + unit, "number"
    if tok in "+-":
        return r"[+\-](?=\d)", "±", "sign"
    return re.escape(tok), tok, "word"


def printed_spaced(lex: Lexicon, text: str, *, skip, doc: Document | None = None) -> list[Proposal]:
    """The space OCR dropped between two Latin tokens the document prints spaced elsewhere
    (Fab9 where Fab 9 stands in the same report; yoy-11.5% beside yoy -6.6%; 0.43x2026E beside
    1.0x 2026E): a report writes one name or label one way, and OCR loses a narrow space far
    more often than it invents one. Not where the joined form is an English word or a name,
    nor in tables; and a space the engine itself doubted (``doc.ocr_choices``: nothing
    weighed at ``SPACE_DOUBT``) is no evidence (HI BOR)."""
    doubted = _doubted_spaces(doc, text)
    spaced: dict[tuple[tuple[str, str, str], tuple[str, str, str]], int] = {}
    for m in _SPACED.finditer(text):
        left, right = m.group(1), m.group(2)
        if m.start(2) - 1 in doubted or "\t" in line_at(text, m.start()):
            continue
        if left[0].isalpha() and len(left) < SPACED_MIN_LEFT:
            continue
        key = (_shape(left), _shape(right))
        spaced[key] = spaced.get(key, 0) + 1
    out = []
    for ((a_re, a, a_kind), (b_re, b, b_kind)), n in spaced.items():
        joined = a + b
        if a_kind == b_kind == "word" and (lex.english_known(joined) or lex.english_known(joined.lower())):
            continue
        # (a number's unit ends the token: 0.43x2026EP/B is two junctions)
        tail = {"sign": "", "number": r"(?![0-9.])"}.get(b_kind, r"(?![A-Za-z0-9])")
        head = r"(?<![0-9.])" if a_kind == "number" else r"(?<![A-Za-z0-9.\-/])"
        for m in re.finditer(rf"{head}({a_re})({b_re}){tail}", text):
            at = m.end(1)
            if "\t" in line_at(text, at) or skip(at - 1) or skip(at):
                continue
            out.append(
                Proposal(
                    at,
                    at,
                    " ",
                    "consistency",
                    0.86,
                    f"'{m.group()}' is printed with a space ('{a} {b}') {n}× elsewhere in the document: "
                    "OCR dropped the space",
                )
            )
    return out


SPACE_DOUBT = 0.3  # a space read while weighing nothing this much is a close call


def _doubted_spaces(doc: Document | None, text: str) -> set[int]:
    """Positions of spaces the OCR engine read while weighing nothing there at ``SPACE_DOUBT``."""
    if doc is None or not doc.ocr_choices:
        return set()
    from pipeline.repair.ocr_choices import alternatives_at

    return {s for s, w in alternatives_at(doc, text, {""}, read=" ").items() if w[""] >= SPACE_DOUBT}
