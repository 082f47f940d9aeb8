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
        # the name in the document's script first: two spellings that fit equally (華能國際,
        # 華能国際) are decided by it, not by the order of a set
        first = (rec.zh_hans, rec.zh_hant) if script == "zh-Hans" else (rec.zh_hant, rec.zh_hans)
        names = [n for n in dict.fromkeys((*first, *rec.aliases)) if n and all(_HAN.match(c) for c in n)]
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


# a report's staff line: the label, then names of two to four Han characters cut by marks or
# spaces (分析师：林知遥（Lin Zhiyao）, 分析員：梁思穎、何志朗, 联系人：陈思远)
_STAFF = re.compile(r"(?:分析师|分析師|分析员|分析員|研究员|研究員|联系人|聯繫人|聯絡人|作者)[：:]")
_STAFF_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])")


def staff_names(text: str) -> set[int]:
    """Positions of the people named after a staff label (分析师：林知遥): invented or rare
    given names that no lexicon or language model knows, so that no rule 'corrects' them
    into words (林知遥 → 林知道). Up to the end of the line or the next label."""
    out: set[int] = set()
    for m in _STAFF.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        nxt = _STAFF.search(text, m.end(), end)
        for n in _STAFF_NAME.finditer(text, m.end(), nxt.start() if nxt else end):
            out.update(range(n.start(), n.end()))
    return out


# a person's name in running text, by the words around it (entity_patterns.yaml's lists, the
# ones the entity stage reads): after a title (董事长王传福) or before a speech verb or an
# honorific (林知遥表示, 简军先生)
_CLAUSE_START = set("，。；：、！？“「『（(\n ")
# a term glossed in Latin letters right after it: 交换板（switch tray）, 林知遥（Lin Zhiyao）
_GLOSS = re.compile(r"([\u4e00-\u9fff]{2,4})\s?[（(][A-Za-z][A-Za-z0-9 .&'\-]{2,40}[)）]")


def glossed_terms(text: str) -> set[int]:
    """Positions of a term the writer glossed in Latin letters right after it (its last
    two to four Han characters): a name or a term of art defined on first use. The gloss
    says the writer meant exactly these characters, however rare, so rules that judge by
    words or by the document's other strings leave them alone (交换板 is no misprinted
    交换机, though 交换机 is printed four times)."""
    out: set[int] = set()
    for m in _GLOSS.finditer(text):
        if _TICKER.match(text, text.find("（" if "（" in m.group() else "(", m.end(1))):
            continue  # 輝達（NVDA.US）: a ticker, the evidence of ``ticker_names``, not a gloss
        out.update(range(m.start(1), m.end(1)))
    return out


def person_names(lex, text: str) -> set[int]:
    """Positions of people's names that the text itself marks as names. A given name is
    the one string a lexicon or a language model cannot judge: 知遥 'forms no word', and
    知道 does, yet 林知遥 is a person. Text-only rules leave these positions alone (a name
    before its Latin spelling is a glossed term: ``glossed_terms``).

    A name is a surname (the entity patterns' list) and one or two given characters, read
    in the document's script through its Simplified shadow (offsets unchanged)."""
    from pipeline.entity_rules import load_patterns, shadow, simplified

    p = load_patterns()
    surnames = set(simplified(p["surnames"]))
    compound = {simplified(x) for x in p["compound_surnames"]}
    stops = set(simplified(p["name_stop_chars"]))
    s = shadow(text)
    out: set[int] = set()

    def given(i: int) -> int:
        """End of the name that starts at ``i`` (0 if no surname starts there)."""
        sur = 2 if s[i : i + 2] in compound else (1 if s[i : i + 1] in surnames else 0)
        j = i + sur
        while sur and j < len(s) and j - i - sur < 2 and _HAN.match(s[j]) and s[j] not in stops:
            j += 1
        return j if sur and j > i + sur else 0

    titles = sorted({simplified(t) for t in p["titles_before_name"] if not t.isascii()}, key=len, reverse=True)
    for m in re.finditer("|".join(map(re.escape, titles)), s):
        end = given(m.end())
        if end:
            out.update(range(m.end(), end))
    after = sorted({simplified(t) for t in p["titles_after_name"]}, key=len, reverse=True)
    for m in re.finditer("|".join(map(re.escape, after)), s):
        # exactly three characters from the clause's start: surname + two, and no word of
        # the lexicon across them (管理层表示 is no person)
        a = m.start() - 3
        if a < 0 or (a > 0 and s[a - 1] not in _CLAUSE_START) or given(a) != m.start():
            continue
        if not any(lex.is_word(text[x:y]) for x in range(a, a + 2) for y in range(x + 2, a + 4)):
            out.update(range(a, m.start()))
    return out
