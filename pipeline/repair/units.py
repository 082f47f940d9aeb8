"""The unit of a price (evidence 2c): 610元/顺 is 610元/噸.

A price per unit — 元/噸, 美元/桶, 元/公斤, 港元/股 — names its unit right after the slash,
and the set of units a broker note prices in is small. A character there that is no unit,
one glyph off a unit, is that unit misread. The slash cuts the character off from the
words around it, so neither the lexicon nor a language model can judge it, and the unit
is dense (噸, 盎) where OCR misreads most. No library knows price units; the list is the
genre's.
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


def price_units(lex, text: str, *, skip, script: str | None = None) -> list[Proposal]:
    from pipeline.chinese_script import convert

    out: list[Proposal] = []
    for m in _PER.finditer(text):
        p = m.start(1)
        ch = text[p]
        if ch in UNITS or skip(p):
            continue
        best = None
        for u in UNITS:
            if script == "zh-Hant" and convert(u, "s2hk") != u or script == "zh-Hans" and convert(u, "t2s") != u:
                continue  # the unit in the document's script
            sim = lex.visual_similarity(ch, u) or 0.0
            if sim >= MIN_SIMILARITY and (best is None or sim > best[0]):
                best = (sim, u)
        if best is None:
            continue
        sim, u = best
        out.append(
            Proposal(
                p,
                p + 1,
                u,
                "character",
                0.9,
                f"a price per unit: '{ch}' after '{m.group()[:-1]}' is no unit, and one glyph off "
                f"'{u}' (similarity {sim:.2f})",
            )
        )
    return out
