"""Header structure (evidence 4c): the ``|`` between the fields of a report's header line.

A broker note opens with a line of fields — date, sector, report type, rating, target price,
price, market cap — cut by ``|`` (鼎元證券 | 2025年11月18日 | 電力設備 | 評級：買入). The bar is
one thin stroke in a wide gap, and the detector often splits the line there and drops it
(a census of header styles in four fonts, November 2026: ``　｜　`` lost a bar in 3 of 8
small-print readings). Nothing in the field itself is wrong, so no word or language model
can miss it; the line's own structure can:

- a field ends where a date ends and Han text follows (2025年11月20日通信 → 2025年11月20日|通信);
- a ``key：value`` field ends where its value (a number, code, amount or bracket) ends and the
  next ``key：`` begins (收市價：10.96港元市值：約706億 → 10.96港元|市值：);
- a field starts where a fixed header phrase starts — a report type, a rating or a price
  (``FIELD_TERMS``: 綜合企業/港口公司更新 → 港口|公司更新, 持有目標價 → 持有|目標價).

Only in a line that already holds at least ``MIN_BARS`` bars, outside tables: a header
whose writer does not cut its fields is left alone. A header cut by ``·`` instead
(中瑞證券·行業專題·醫療器械·2025年12月2日.行業評級) gets back the dot OCR read as ``.``
(``dot_separators``). No library parses report headers, so
this is written here.
"""

from __future__ import annotations

import re

from pipeline.chinese_script import convert
from pipeline.repair import Proposal

MIN_BARS = 2
MAX_LINE = 200
BAR_MIN = 0.05  # with the engine's alternatives: a bar weighed in the gap, for a field boundary
BAR_SEEN = 0.1  # …and for any gap between two fields of a header line
_BAR_FORMS = set("|｜丨")
_DATE_END = re.compile(r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$")
# a value's last character: a digit, a Latin letter, %, a closing bracket, or 元 after a number
_VALUE_END = re.compile(r"(?:[0-9A-Za-z%)）]|\d[億亿萬万]?[港美]?元)$")
# the next field's key: a few Han characters and a colon
_KEY = re.compile(r"[\u4e00-\u9fff]{1,6}[：:]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# a term right after these is the value of a key or part of a pair (報告類別：公司更新, 交通／航空)
_VALUE_OF = set("：:/／·、（(")
# a report's scope, which a report type after it qualifies (行业首次覆盖, 公司深度报告)
_SCOPES = {"行业", "公司", "个股", "宏观", "策略", "港股", "美股", "A股", "海外"}
# fields a header starts with a fixed phrase: report types, ratings and prices (Simplified)
FIELD_TERMS = sorted(
    {
        "公司研究",
        "公司更新",
        "公司点评",
        "公司深度",
        "公司报告",
        "首次覆盖",
        "深度报告",
        "深度研究",
        "行业点评",
        "行业深度",
        "行业研究",
        "行业报告",
        "行业周报",
        "行业月报",
        "行业专题",
        "专题报告",
        "年度策略",
        "策略报告",
        "季报点评",
        "业绩点评",
        "中报点评",
        "年报点评",
        "三季报点评",
        "晨会纪要",
        "宏观周报",
        "宏观月报",
        "港股研究",
        "证券研究报告",
        "投资评级",
        "行业评级",
        "股票评级",
        "评级",
        "目标价",
        "目标价格",
        "收市价",
        "收盘价",
        "现价",
    },
    key=len,
    reverse=True,
)


def _field_term(field: str, k: int) -> str | None:
    """The field term (in the field's own script) that starts at ``k``, longest first."""
    rest = convert(field[k : k + 6], "t2s")
    for t in FIELD_TERMS:
        if rest.startswith(t):
            return field[k : k + len(t)]
    return None


def missing_bars(text: str, *, skip, doc=None) -> list[Proposal]:
    """Bars the detector dropped from a header line. Where the engine's alternatives are
    known (a scanned page), a gap needs the engine to have weighed a bar there: a field
    boundary where it weighed a space instead was printed as spaces (公司研究｜汽車｜2025年
    11月20日  評級：買入), which normalize drops. Such a gap with a bar weighed at
    ``BAR_SEEN`` needs no field boundary found either (保險|類型：). Without the engine's
    alternatives (OCR'd text), a boundary is taken unless the original text has a blank
    there."""
    bars = _bars_weighed(doc, text) if doc is not None else {}
    engine = bool(doc is not None and doc.ocr_choices)
    # (a line with fewer than MIN_BARS bars left qualifies by the engine's weights alone,
    # and gets bars only where the engine weighed one)
    out: list[Proposal] = []
    for m in re.finditer(r"[^\n]+", text):
        line, base = m.group(), m.start()
        if "\t" in line or len(line) > MAX_LINE:
            continue
        seen_gaps = [p for p in range(base + 1, base + len(line)) if bars.get(p, 0.0) >= BAR_SEEN]
        # a header that lost most of its bars: the bars left and the gaps where the engine
        # weighed one make at least MIN_BARS, in a line that ends no sentence
        if line.count("|") < MIN_BARS and (line.count("|") + len(seen_gaps) < MIN_BARS or "。" in line):
            continue
        found: dict[int, str] = {}
        # the fields: cut at the bars left, then also at the gaps where the engine weighed one
        bars_left = [i for i, c in enumerate(line) if c == "|"]
        for cuts in (bars_left, sorted(set(bars_left) | {p - base for p in seen_gaps})):
            start = 0
            for cut in cuts + [len(line)]:
                for k, why in _boundaries(line[start:cut]):
                    found.setdefault(base + start + k, why)
                start = cut + (cut < len(line) and line[cut] == "|")
        for pos in range(base + 1, base + len(line)):
            p_bar = bars.get(pos, 0.0)
            if pos not in found and p_bar >= BAR_SEEN and text[pos - 1] != "|" and text[pos] != "|":
                found[pos] = "the gap is between two fields"
        for pos, why in sorted(found.items()):
            p_bar = bars.get(pos, 0.0)
            if skip(pos) or (engine and p_bar < BAR_MIN) or (not engine and _blank_in_original(doc, pos)):
                continue
            seen = f"; the OCR weighed '|' at {p_bar:.2f} in the gap" if engine else ""
            # the bar's side bearing read as a space beside the gap goes with it (Electric |600875)
            a = pos - 1 if text[pos - 1] == " " else pos
            b = pos + 1 if a == pos and text[pos : pos + 1] == " " else pos
            out.append(
                Proposal(
                    a,
                    b,
                    "|",
                    "punctuation",
                    round(min(0.95, 0.85 + p_bar / 4), 3),
                    f"header structure: the line cuts its fields with '|' ({line.count('|')} left) and "
                    f"{why}{seen}; the detector dropped the thin bar",
                )
            )
    return out


def _boundaries(field: str) -> list[tuple[int, str]]:
    """Field boundaries inside one field's text: (offset, why)."""
    out = []
    last = 0  # where the current field starts: after a bar, or after a boundary found here
    first = _field_term(field.lstrip(), 0)
    # past a field term (行業評級 is not 行業|評級), the field's own first one included
    skip_to = len(field) - len(field.lstrip()) + len(first) if first else 0
    for k in range(1, len(field)):
        if not _HAN.match(field, k) or k < skip_to:
            continue
        head = field[last:k].strip()
        term = _field_term(field, k)
        if term and convert(head, "t2s") in _SCOPES:
            continue  # 行业首次覆盖: the report's scope qualifies its type, one field
        if term and head and head[-1] not in _VALUE_OF and "：" not in head and ":" not in head:
            # (not inside a key：value field: 類型：季度業績點評 is one field)
            why = f"the field '{term}' begins"
            skip_to = k + len(term)
        elif _DATE_END.search(head):
            why = "a date ends the field and text follows"
        elif ("：" in head or ":" in head) and _VALUE_END.search(head) and _KEY.match(field, k):
            # the value's unit is part of it: 10.96港元 ends at 元, not at 6
            colon = _KEY.match(field, k).end() - 1
            k = max(j for j in range(k, colon) if _VALUE_END.search(field[last:j]) and _KEY.match(field, j))
            head = field[last:k].strip()
            why = f"a value ends the field '{head}' and the next key '{_KEY.match(field, k).group()}' begins"
        else:
            continue
        out.append((k, why))
        last = k
    return out


def _bars_weighed(doc, text: str) -> dict[int, float]:
    """{gap position: the weight the engine gave a bar there}."""
    from pipeline.repair.ocr_choices import alternatives_at

    return {s: sum(w.values()) for s, w in alternatives_at(doc, text, _BAR_FORMS).items()}


def _blank_in_original(doc, pos: int) -> bool:
    """Did the original text have a blank where normalize left none (fields cut by spaces)?"""
    if doc is None:
        return False
    a, b = doc.offsets.to_orig(max(0, pos - 1), pos + 1)
    return any(c.isspace() for c in doc.text.original[a:b])


def dot_separators(text: str, *, skip) -> list[Proposal]:
    out: list[Proposal] = []
    for m in re.finditer(r"[^\n]+", text):
        line, base = m.group(), m.start()
        if line.count("·") < MIN_BARS or "，" in line or "\t" in line or len(line) > MAX_LINE:
            continue
        for d in re.finditer(r"(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff])", line):
            pos = base + d.start()
            if not skip(pos):
                out.append(
                    Proposal(
                        pos,
                        pos + 1,
                        "·",
                        "punctuation",
                        0.85,
                        f"header structure: the line cuts its fields with '·' ({line.count('·')} left); "
                        "OCR read one as '.'",
                    )
                )
    return out
