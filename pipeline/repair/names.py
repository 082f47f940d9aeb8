"""Names before their tickers (evidence 2b): 美圃（3690 HK） is 美團.

Broker notes print a company's ticker in brackets right after its name. The ticker is
digits and Latin letters, which OCR reads well; the name is Han characters, which it may
not. The gazetteer knows which names go with a ticker, so a printed name that is one
glyph off one of them — the printed character visually close to the name's — is that
name. This is stronger than any language model: 美國 is far commoner than 美團, and is
what the character rule would otherwise pick.

No library links tickers to names in OCR'd text; the gazetteer is the project's own.
"""

from __future__ import annotations

import re

from pipeline.repair import Proposal

_TICKER = re.compile(r"[（(]\s*((?:\d{3,6}(?:\.| )?(?:HK|SH|SZ|SS|CH))|(?:[A-Z]{1,5}(?:\.| )US))\s*[)）]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_SIMILARITY = 0.7  # the printed glyph and the name's, by the shipped glyph features


def ticker_names(lex, text: str, *, skip, script: str | None = None) -> list[Proposal]:
    gz = _gazetteer()
    if gz is None:
        return []
    out: list[Proposal] = []
    for m in _TICKER.finditer(text):
        rec = gz.by_ticker(m.group(1))
        if rec is None:
            continue
        names = {n for n in (rec.zh_hant, rec.zh_hans, *rec.aliases) if n and all(_HAN.match(c) for c in n)}
        if any(text[m.start() - len(n) : m.start()] == n for n in names):
            continue  # printed as the gazetteer has it
        best = None
        for n in sorted(names, key=len, reverse=True):
            a = m.start() - len(n)
            printed = text[a : m.start()]
            if len(n) < 2 or a < 0 or not all(_HAN.match(c) for c in printed):
                continue
            diff = [k for k in range(len(n)) if lex.simp(printed[k]) != lex.simp(n[k])]
            if len(diff) != 1:
                continue
            k = diff[0]
            want = _in_script(lex, n[k], printed, script)
            sim = max(lex.visual_similarity(printed[k], c) or 0.0 for c in {want, lex.simp(want), n[k]})
            if sim >= MIN_SIMILARITY and (best is None or sim > best[0]):
                best = (sim, a + k, printed[k], want, printed[:k] + want + printed[k + 1 :])
        if best is None or skip(best[1]):
            continue
        sim, pos, cur, want, name = best
        out.append(
            Proposal(
                pos,
                pos + 1,
                want,
                "consistency",
                0.92,
                f"the name before the ticker {m.group(1)} is {name} in the gazetteer; the printed "
                f"'{cur}' is one glyph off it (similarity {sim:.2f} to '{want}')",
            )
        )
    return out


def _in_script(lex, ch: str, printed: str, script: str | None) -> str:
    """The name's character in the document's script (團 in a Traditional note, 团 in a
    Simplified one)."""
    if script == "zh-Hans":
        return lex.simp(ch)
    if script == "zh-Hant" and lex.simp(ch) == ch:
        from pipeline.chinese_script import convert

        return convert(ch, "s2hk")
    return ch


def _gazetteer():
    try:
        from pipeline.gazetteer import Gazetteer

        return Gazetteer.load()
    except Exception:  # noqa: BLE001 - no gazetteer: no evidence
        return None
