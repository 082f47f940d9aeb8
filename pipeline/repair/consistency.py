"""Document-level consistency (evidence 2).

A string that occurs once and is one confusable glyph away from a string the same document
prints several times is read as the frequent one: a company name printed correctly ten
times and once with a look-alike character, a product name (雲 service) garbled in one
place. The windows compared are short runs of Han/Latin characters around the suspect
character; both the counts and the lexicon must agree:

- the variant window occurs ≥ ``min_count`` times elsewhere, the original once;
- the original character is not part of a common word in context (上調/下調 are both
  words and both frequent: no change), unless the variant is ≥ 5× as frequent and the
  window is at least three characters long;
- the LM must not prefer the original.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.repair import Proposal
from pipeline.repair.characters import (
    NUMERALS,
    PHONETIC_MIN,
    VISUAL_MIN,
    candidate_ok,
    han_window,
    pair_similarity,
    script_ok,
)
from pipeline.repair.lexicon import Lexicon

_TOKEN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]+")


def _ngram_counts(text: str, max_n: int = 5) -> Counter:
    counts: Counter = Counter()
    for m in _TOKEN_RUN.finditer(text):
        run = m.group()
        for n in range(2, max_n + 1):
            for i in range(len(run) - n + 1):
                counts[run[i : i + n]] += 1
    return counts


def _masked_index(counts: Counter, min_count: int) -> dict[str, list[tuple[str, int]]]:
    """Frequent n-grams (3–5 characters) keyed by each one-character mask: 阿?巴巴 → [(里, 10)]."""
    index: dict[str, list[tuple[str, int]]] = {}
    for g, k in counts.items():
        if k < min_count or not 3 <= len(g) <= 5:
            continue
        for i in range(len(g)):
            index.setdefault(g[:i] + "\0" + g[i + 1 :], []).append((g[i], k))
    return index


def propose(
    lex: Lexicon,
    text: str,
    *,
    script: str | None,
    skip,
    min_count: int = 3,
    phonetic: bool = True,
) -> list[Proposal]:
    counts = _ngram_counts(text)
    index = _masked_index(counts, min_count)
    out: list[Proposal] = []
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    for m in han.finditer(text):
        p, ch = m.start(), m.group()
        if ch in NUMERALS or skip(p):
            continue
        a, b = han_window(text, p, 4, 4)
        if b - a < 3:
            continue
        best = None
        cand_map: dict[str, tuple[float, str] | None] = {}
        for left in range(0, min(p - a, 4) + 1):
            for right in range(0, min(b - p - 1, 4) + 1):
                n = left + right + 1
                if n < 3 or n > 5:
                    continue
                # the suspect must not sit on a window edge next to more context
                # (锂电池 vs 动力电池: the evidence would come from another word)
                if left == 0 and p - 1 >= a or right == 0 and p + 1 < b:
                    continue
                win = text[p - left : p + right + 1]
                if counts.get(win, 0) > 1 or len(han.findall(win)) < 2:
                    # (one Han character beside a Latin word is too little context: 單日GGR
                    # is no misprinted 月GGR)
                    continue
                hits = index.get(win[:left] + "\0" + win[left + 1 :])
                if not hits:
                    continue
                for c, k in hits:
                    if c not in cand_map:
                        cand_map[c] = _pair(lex, ch, c, script, phonetic)
                    if cand_map[c] is None:
                        continue
                    sim, src = cand_map[c]
                    var = win[:left] + c + win[left + 1 :]
                    key = (k * n, sim)
                    if best is None or key > best[0]:
                        best = (key, c, sim, src, win, var, k)
        if best is None:
            continue
        _, c, sim, src, win, var, k = best
        if _common_word_covers(lex, text, p) or lex.simp(ch) in lex.common_singles:
            # (a common one-character word stands alone: 利润约3亿 is no misprinted 利润的)
            continue
        wa, wb = han_window(text, p, 3, 3)
        w = text[wa:wb]
        w2 = w[: p - wa] + c + w[p - wa + 1 :]
        gain = lex.lm_logprob(w2) - lex.lm_logprob(w)
        if gain < -2.0 or (src == "pinyin" and gain < 5.0) or not script_ok(w2, script, p - wa):
            continue
        conf = min(0.97, 0.75 + 0.04 * min(k, 5) + (0.02 if gain > 3 else 0.0) - (0.05 if src == "pinyin" else 0.0))
        out.append(
            Proposal(
                p,
                p + 1,
                c,
                "consistency",
                round(conf, 3),
                f"document consistency: '{win}' occurs once, '{var}' {k} times; {src} confusion "
                f"{ch}→{c} (similarity {sim:.2f}); LM gain {gain:.1f}",
            )
        )
    return out


def _pair(lex: Lexicon, ch: str, c: str, script: str | None, phonetic: bool) -> tuple[float, str] | None:
    """(similarity, "visual"|"pinyin") when ``c`` may replace ``ch``: the glyph similarity of
    the pair (any pair, ``visual_similarity``) ≥ ``VISUAL_MIN``, or — without it — a
    shared reading (pinyin table); else ``None``."""
    if not candidate_ok(lex, ch, c, script):
        return None
    sim = pair_similarity(lex, ch, c)
    if sim is not None and sim >= VISUAL_MIN:
        return sim, "visual"
    if phonetic and lex.phonetic(ch).get(c, 0.0) >= PHONETIC_MIN:
        return 0.55, "pinyin"
    return None


def _common_word_covers(lex: Lexicon, text: str, pos: int) -> bool:
    a, b = han_window(text, pos, 4, 4)
    return any(f >= 20 for _, _, f in lex.covering_words(text[a:b], pos - a))
