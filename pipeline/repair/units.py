"""The unit of a price (evidence 2c): 610元/顺 is 610元/噸.

A price per unit — 元/噸, 美元/桶, 元/公斤, 港元/股 — names its unit right after the slash,
and a broker note prices in few units, printed again and again. A character there that is
no unit, one glyph off a unit the document prints after another price, is that unit
misread. The slash cuts the character off from the words around it, so neither the lexicon
nor a language model can judge it, and the unit is dense (噸, 盎) where OCR misreads most.
No library knows price units; the list is the genre's.
"""

from __future__ import annotations

import re

from pipeline.repair import Proposal

# units a price is quoted per (the first character of 公斤, 盎司, 千瓦時, 平方米, 立方米, 小時)
UNITS = (
    "噸吨桶斤公克盎瓦千兆度股份手瓶頭头天日月年晚小車车票單单片張张台臺部輛辆件套平方立米升畝亩"
    "人次位家戶户座間间箱包盒支條条只隻個个"
)
_PER = re.compile(r"(?:[元圓圆]|美[元金分]|[港日歐欧英澳]元|人民[幣币]|港幣|港币)/([\u4e00-\u9fff])")
MIN_SIMILARITY = 0.7


def price_units(lex, text: str, *, skip) -> list[Proposal]:
    """A character after a price's slash that is no unit, one glyph off a unit the document
    prints after a price elsewhere (元/噸 beside 元/顺). Only the document's own units are
    candidates: many units look alike (噪 is as close to 晚 as to 噸), and the report says
    which one it prices in."""
    from collections import Counter

    spots = list(_PER.finditer(text))
    printed = Counter(m.group(1) for m in spots if m.group(1) in UNITS)
    out: list[Proposal] = []
    for m in spots:
        p = m.start(1)
        ch = text[p]
        if ch in UNITS or skip(p):
            continue
        best = None
        for u, n in printed.items():
            sim = lex.visual_similarity(ch, u) or 0.0
            if sim >= MIN_SIMILARITY and (best is None or sim > best[0]):
                best = (sim, u, n)
        if best is None:
            continue
        sim, u, n = best
        out.append(
            Proposal(
                p,
                p + 1,
                u,
                "character",
                0.9,
                f"a price per unit: '{ch}' after '{m.group()[:-1]}' is no unit, and one glyph off "
                f"'{u}' (similarity {sim:.2f}), the unit the document prices in {n}× elsewhere",
            )
        )
    return out
