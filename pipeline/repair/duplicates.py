"""Duplicate reconciliation (evidence 1).

OCR of a reflowed page sometimes prints a clause twice in a row, the first copy garbled or
cut short: ``X Y`` where ``X`` is a near-copy of the start of ``Y``. We look for a tandem
near-repeat inside one line:

1. an exact anchor of ≥ ``min_anchor`` characters (≥ 4 of them Han) that occurs again
   ``d`` characters later, with ``min_period ≤ d ≤ max_period``;
2. the period's start is pushed left while the characters ``d`` apart agree, so that
   ``X = text[i:i+d]`` and ``Y = text[i+d:i+2d]``;
3. ``X`` and ``Y`` are aligned with difflib; the copies must agree on ≥ 70 % of ``X``, and
   every disagreement must be one an OCR engine makes (a visual/phonetic confusion, a
   punctuation swap, a dropped character), never a digit or a Latin letter (2023年增長10%，
   2024年增長12%， is a list, not a duplicate).

One copy is kept: ``X`` is deleted and, where the copies disagree, the reading the other
evidence prefers (document frequency of the surrounding n-grams, then the LM) is written
into ``Y``; ties keep ``Y``, the copy that runs on into the rest of the sentence.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

from pipeline.repair import Proposal
from pipeline.repair.lexicon import Lexicon

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PUNCT = set("，。、；：！？,.;:!?「」『』“”‘’（）()《》 ")


def _anchors(line: str, min_anchor: int, min_period: int, max_period: int):
    seen: dict[str, list[int]] = {}
    for i in range(len(line) - min_anchor + 1):
        g = line[i : i + min_anchor]
        if sum(1 for c in g if _HAN.match(c)) < 4:
            continue
        for j in seen.get(g, ()):
            d = i - j
            if min_period <= d <= max_period:
                yield j, d
        seen.setdefault(g, []).append(i)


def propose(
    lex: Lexicon,
    text: str,
    *,
    min_anchor: int = 6,
    min_period: int = 10,
    max_period: int = 200,
    min_similarity: float = 0.7,
) -> list[Proposal]:
    out: list[Proposal] = []
    counts = Counter()
    for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]+", text):
        run = m.group()
        for n in (2, 3, 4):
            for k in range(len(run) - n + 1):
                counts[run[k : k + n]] += 1
    for lm in re.finditer(r"[^\n]+", text):
        line, base = lm.group(), lm.start()
        if "\t" in line:
            continue
        done_until = -1
        for j, d in sorted(set(_anchors(line, min_anchor, min_period, max_period))):
            if j < done_until:
                continue
            res = _reconcile(lex, line, j, d, counts, min_similarity)
            if res is None:
                continue
            i, props = res
            for pr in props:
                pr.start += base
                pr.end += base
            out.extend(props)
            done_until = i + 2 * d
    return out


def _parallel(lex: Lexicon, line: str, i: int, d: int, diffs, y_full: str) -> bool:
    """Parallel structure, not a garbled copy: two or more Han characters differ in one run
    (今年的關鍵詞是送樣，明年的關鍵詞是量產), or at half or more of the disagreements with Han
    text on both sides both readings make a word in their own copy. A garbled copy differs
    in single characters whose readings make no word (AI雪, 阿甲巴巴)."""
    x_ctx, y_ctx = line[: i + d], line[: i + d] + y_full
    han_diffs = both = 0
    for a1, a2, b1, b2 in diffs:
        if (
            sum(map(bool, map(_HAN.match, line[i + a1 : i + a2]))) >= 2
            and sum(map(bool, map(_HAN.match, y_full[b1:b2]))) >= 2
        ):
            return True  # a whole word differs (送樣 | 量產): OCR garbles characters, not words
        xa = next((k for k in range(a1, a2) if _HAN.match(line[i + k])), None)
        yb = next((k for k in range(b1, b2) if _HAN.match(y_full[k])), None)
        if xa is None or yb is None:
            continue
        han_diffs += 1
        both += _in_word(lex, x_ctx, i + xa) and _in_word(lex, y_ctx, i + d + yb)
    return han_diffs > 0 and both * 2 >= han_diffs


def _in_word(lex: Lexicon, text: str, pos: int) -> bool:
    a, b = max(0, pos - 3), min(len(text), pos + 4)
    return any(y - x >= 2 for x, y, _ in lex.covering_words(text[a:b], pos - a))


def _reconcile(lex: Lexicon, line: str, j: int, d: int, counts: Counter, min_sim: float):
    # push the start left while the characters d apart agree (allow one OCR slip)
    i = j
    slips = 0
    while i > 0 and i - 1 + d < len(line):
        a, b = line[i - 1], line[i - 1 + d]
        if a == b:
            i -= 1
            slips = 0
            continue
        # a single disagreement followed by agreement further left is one OCR slip
        if slips == 0 and i > 1 and line[i - 2] == line[i - 2 + d] and _ocr_pair(lex, a, b):
            i -= 1
            slips = 1
            continue
        break
    # parallel structure, not a duplicate: the copies are told apart by a number just before
    # them (第二季…，第三季…; 2023年…，2024年…)
    if i > 0 and _numeric(line[i - 1]) and _numeric(line[i - 1 + d]):
        return None
    x = line[i : i + d]
    if sum(1 for c in x if _HAN.match(c)) < 6:
        return None
    y_full = line[i + d :]
    if len(y_full) < len(x) * 0.6:
        return None
    sm = difflib.SequenceMatcher(a=x, b=y_full[: len(x)], autojunk=False)
    blocks = sm.get_matching_blocks()
    matched = sum(bl.size for bl in blocks)
    if matched / max(len(x), 1) < min_sim:
        return None
    # the alignment must start at the start of both copies
    if not blocks or blocks[0].a != 0 or blocks[0].b != 0:
        return None
    diffs: list[tuple[int, int, int, int]] = []
    for tag, a1, a2, b1, b2 in sm.get_opcodes():
        if tag == "equal":
            continue
        diffs.append((a1, a2, b1, b2))
    # x may run past the aligned part of y (x is longer than its copy): trailing junk
    for a1, a2, b1, b2 in diffs:
        xs, ys = x[a1:a2], y_full[b1:b2]
        if any(c.isdigit() or (c.isascii() and c.isalpha()) for c in xs + ys):
            return None
        if len(xs) == len(ys):
            if not all(_ocr_pair(lex, p, q) for p, q in zip(xs, ys, strict=True)):
                return None
        elif len(xs) > 3 or len(ys) > 3:
            return None
    if len(diffs) > max(2, len(x) // 5):
        return None
    if _parallel(lex, line, i, d, diffs, y_full):
        return None
    props: list[Proposal] = []
    ystart = i + d
    kept = []
    for a1, a2, b1, b2 in diffs:
        xs, ys = x[a1:a2], y_full[b1:b2]
        if len(xs) != len(ys):
            kept.append(f"{xs or '∅'}|{ys or '∅'}→{ys or '∅'}")
            continue
        for k in range(len(xs)):
            p = ystart + b1 + k
            cx, cy = xs[k], ys[k]
            choice, why = _choose(lex, line, p, cx, cy, counts, line[i : i + 2 * d])
            kept.append(f"{cx}|{cy}→{choice} ({why})")
            if choice != cy:
                props.append(
                    Proposal(
                        p,
                        p + 1,
                        cx,
                        "duplicate",
                        0.9,
                        f"duplicate reconciliation: kept '{cx}' of the first copy over '{cy}' ({why})",
                    )
                )
    sim = sum(bl.size for bl in blocks) / len(x)
    props.insert(
        0,
        Proposal(
            i,
            i + d,
            "",
            "duplicate",
            round(min(0.97, 0.8 + 0.2 * sim), 3),
            f"duplicated clause ({d} characters, {sim:.0%} identical to the copy that follows): "
            f"first copy removed; disagreements {', '.join(kept) or 'none'}",
        ),
    )
    return i, props


_NUMERALS = set("〇一二三四五六七八九十百千萬万億亿兩两零上下前後后首末")


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in _NUMERALS or (ch.isascii() and ch.isalpha())


#: glyph similarity at which two disagreeing Han characters count as an OCR confusion
OCR_PAIR_MIN = 0.6


def _ocr_pair(lex: Lexicon, a: str, b: str) -> bool:
    if a in _PUNCT and b in _PUNCT:
        return True
    if _HAN.match(a) and _HAN.match(b):
        sim = lex.visual_similarity(a, b)  # any pair, not only a top-k table row
        if sim is not None and sim >= OCR_PAIR_MIN:
            return True
        return b in lex.visual(a) or a in lex.visual(b) or b in lex.phonetic(a) or a in lex.phonetic(b)
    return False


def _choose(lex: Lexicon, line: str, p: int, cx: str, cy: str, counts: Counter, region: str) -> tuple[str, str]:
    """The better reading at ``line[p]`` (currently ``cy``) between ``cx`` and ``cy``.

    Document frequencies count occurrences outside the two copies (``region``).
    """
    if cx in _PUNCT or cy in _PUNCT:
        return cy, "punctuation: second copy"
    # document frequency of the n-grams around p with either reading
    fx = fy = 0
    for left in range(0, 3):
        for right in range(0, 3):
            if left + right == 0 or p - left < 0 or p + right >= len(line):
                continue
            w = line[p - left : p + right + 1]
            wx = w[:left] + cx + w[left + 1 :]
            fx = max(fx, counts.get(wx, 0) - region.count(wx))
            fy = max(fy, counts.get(w, 0) - region.count(w))
    if fx >= 2 * max(fy, 1):
        return cx, f"document frequency {fx} vs {fy}"
    if fy >= 2 * max(fx, 1):
        return cy, f"document frequency {fy} vs {fx}"
    a, b = max(0, p - 3), min(len(line), p + 4)
    w = line[a:b]
    wx = w[: p - a] + cx + w[p - a + 1 :]
    gx, gy = lex.lm_logprob(wx), lex.lm_logprob(w)
    if gx > gy + 2.0:
        return cx, f"LM {gx - gy:+.1f}"
    return cy, "second copy" if abs(gx - gy) <= 2.0 else f"LM {gy - gx:+.1f}"
