"""Reported figures and forecasts stated in the prose: ``financial_metric`` and ``forecast``.

``financial_metric`` (reported): a metric term, then an amount or a percentage, then the
growth rates that follow it in the same or the next clauses::

    期内总收入为1,905亿元，按年增长14.2%，按季增长3.3%
    → {metric: revenue, period: 2025Q3, amount: 190500000000, currency: CNY, yoy_pct: 14.2, qoq_pct: 3.3}

The period is the latest period expression before the figure (``2025年第三季``,
``前三季度``, ``三季度单季``); a sentence without one inherits the paragraph's.

``forecast``: a forecast verb, the years (``2025-2027年``, ``2025及2026年``) and one list
per ``分别`` (``归母净利润分别为668.0、795.0、932.0亿元``), with the revisions (``上调1.8%及2.4%至``),
previous values (``前值为``) and growth (``同比增长33.3%、19.0%、17.2%``) attached to it.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.claims.base import ClaimContext
from pipeline.claims.values import NUM, SCALES, find_money, number, number_list, to_float, years_in
from pipeline.document import Claim

PERCENT_METRICS = {"gross_margin", "net_margin", "rd_expense_ratio"}
CLAUSE = re.compile(r"(?:[^，；。：,;]|(?<=\d),(?=\d))+(?:[，；。：;]|,(?!\d))?")
_QUARTER = re.compile(r"(?:(20\d{2})\s*年\s*)?(?:第)?([一二三四1-4])\s*季(?:度)?(?!报)")
_QUARTER_SHORT = re.compile(r"(?<![A-Za-z\d])([1-4])Q\s*(\d{2})(?!\d)|(?<!\d)(20\d{2})\s*Q([1-4])(?!\d)")
_QUARTER_REPORT = re.compile(r"(20\d{2})\s*年\s*([一二三四1-4])\s*季报")
_FIRST_N = re.compile(r"(?:(20\d{2})\s*年\s*)?前([二三])季(?:度)?")
_MONTHS = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*[-–~至]\s*(\d{1,2})\s*月")
_QN = {"一": 1, "二": 2, "三": 3, "四": 4}


def _q(s: str) -> int:
    return _QN.get(s) or int(s)


def periods_in(text: str, year: int | None) -> list[tuple[int, str, int | None]]:
    """(position, period, year) of every period expression in ``text``."""
    found: list[tuple[int, str, int | None]] = []
    y: int | None
    for m in _MONTHS.finditer(text):
        y = int(m.group(1))
        found.append((m.start(), f"{y}-{int(m.group(2)):02d}/{y}-{int(m.group(3)):02d}", y))
    for m in _FIRST_N.finditer(text):
        y = int(m.group(1)) if m.group(1) else year
        found.append((m.start(), f"{y}Q1-Q{_q(m.group(2))}" if y else f"Q1-Q{_q(m.group(2))}", y))
    for m in _QUARTER_SHORT.finditer(text):  # 3Q25, 2025Q3
        q, y = (m.group(1), 2000 + int(m.group(2))) if m.group(1) else (m.group(4), int(m.group(3)))
        found.append((m.start(), f"{y}Q{q}", y))
    for m in _QUARTER_REPORT.finditer(text):
        found.append((m.start(), "", int(m.group(1))))  # a report name: sets the year only
    for m in _QUARTER.finditer(text):
        if text[max(0, m.start() - 1) : m.start()] == "前" or any(f[0] <= m.start() < f[0] + 8 for f in found):
            continue
        y = int(m.group(1)) if m.group(1) else year
        found.append((m.start(), f"{y}Q{_q(m.group(2))}" if y else f"Q{_q(m.group(2))}", y))
    return sorted(found)


def _growth(ctx: ClaimContext, text: str) -> dict[str, float]:
    """yoy_pct/qoq_pct and *_change_pp stated in ``text`` (a clause or two)."""
    g = ctx.rules.section("growth")
    out: dict[str, float] = {}
    neg = "|".join(map(re.escape, g.get("negative", [])))
    for kind, words in (("yoy", g.get("yoy", [])), ("qoq", g.get("qoq", []))):
        alt = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        for m in re.finditer(
            rf"(?P<w>{alt})(?P<dir>增长|上升|提升|{neg})?\s*(?:约|逾)?\s*(?P<num>{NUM})\s*(?P<u>%|个百分点|百分点)",
            text,
        ):
            v = to_float(m.group("num"))
            if re.search(neg, m.group("w") + (m.group("dir") or "")) if neg else False:
                v = -v
            key = f"{kind}_change_pp" if "百分点" in m.group("u") else f"{kind}_pct"
            out.setdefault(key, v)
    # 增值服务收入959亿元（+16%）: a signed percentage in brackets right after a figure is its YoY.
    bracket = re.match(rf"\s*[（(]\s*(?P<sign>[+-])(?P<num>{NUM})\s*%\s*[)）]", text)
    if bracket and "yoy_pct" not in out:
        out["yoy_pct"] = to_float(bracket.group("num")) * (-1 if bracket.group("sign") == "-" else 1)
    return out


def extract_reported(ctx: ClaimContext) -> list[Claim]:
    """``financial_metric`` claims from prose."""
    claims: list[Claim] = []
    fwords = ctx.rules.words("forecast", "triggers")
    qual = [w for ws in ctx.rules.section("qualifiers").values() for w in ws if w not in ("约", "左右", "大约")]
    period: str | None = None
    year = ctx.report_year
    topic: str | None = None  # a company that opens a results paragraph (小米集团公布三季度业绩…)
    for _, s, view in ctx.prose():
        topic = _topic(ctx, s, view, topic)
        found = periods_in(view, year)
        for *_, y in found:
            year = y or year
        if any(w in view for w in fwords) or "分别" in view or _is_risk(ctx, view):
            period = next((p for _, p, _ in reversed(found) if p), period)
            continue
        clauses = [(m.start(), m.group()) for m in CLAUSE.finditer(view)]
        for k, (cpos, clause) in enumerate(clauses):
            if "将" in clause or any(q in clause for q in qual) or re.search(r"上年同期|去年同期|上年|去年", clause):
                continue  # targets, guidance and prior-period base figures are not this period's results
            p_here = next((p for pos, p, _ in reversed(found) if p and pos <= cpos + len(clause)), period)
            for money in find_money(clause):
                if abs(money.amount) < 1e6:  # prices and per-unit figures are not P&L lines
                    continue
                hit = ctx.metric_at(clause, before=money.start)
                if not hit or hit[0].key in PERCENT_METRICS:
                    continue
                metric, ms, _ = hit
                tail = clause[money.end :] + "".join(c for _, c in _following(clauses, k, ctx))
                values: dict[str, Any] = {
                    "metric": metric.key,
                    "period": p_here,
                    "amount": number(money.amount),
                    "currency": money.currency,
                    **_growth(ctx, tail),
                }
                end = cpos + money.end + len(tail)
                claims.append(
                    ctx.claim(
                        "financial_metric",
                        values,
                        [(s.start + cpos + ms, s.start + min(end, len(view)))],
                        sentence=s,
                        subject=topic or ctx.subject,
                    )
                )
            hit = ctx.metric_at(clause)
            if hit and hit[0].key in PERCENT_METRICS:
                m = re.search(rf"(?:为|至|达)\s*(?P<num>{NUM})\s*%", clause[hit[2] :])
                if m:
                    tail = clause + "".join(c for _, c in _following(clauses, k, ctx))
                    values = {"metric": hit[0].key, "period": p_here, "value_pct": to_float(m.group("num"))}
                    values.update({k2: v for k2, v in _growth(ctx, tail).items() if k2.endswith("_pp")})
                    claims.append(
                        ctx.claim(
                            "financial_metric",
                            values,
                            [(s.start + cpos + hit[1], s.start + cpos + len(tail))],
                            sentence=s,
                        )
                    )
        period = next((p for _, p, _ in reversed(found) if p), period)
    return claims


_REPORTS = re.compile(r"公布|发布|披露|实现|录得|公告")


def _topic(ctx: ClaimContext, s: Any, view: str, topic: str | None) -> str | None:
    """The company whose results a sentence reports, carried to the next sentences.

    Set by an organisation opening a sentence that reports results; reset by a heading or a
    sentence about 公司/我们 (the covered company, the broker).
    """
    if s.kind == "heading" or view.lstrip("“「").startswith(("公司", "本公司", "我们", "集团")):
        return None
    if s.kind == "list_item" or view.lstrip().startswith(("·", "•", "-")):
        topic = None  # each news item names its own company
    broker = getattr(ctx.doc.meta, "broker_id", None)
    for e in ctx.entities_in(s.start, s.start + 12, ("ORG",)):
        name = e.canonical or e.text
        if e.start - s.start <= 2 and name != broker and _REPORTS.search(view):
            return name
    if _REPORTS.search(view[:15]):
        return None  # someone else reports (某光伏组件企业披露…): not the previous company
    return topic


def _following(clauses: list[tuple[int, str]], k: int, ctx: ClaimContext) -> list[tuple[int, str]]:
    """The clauses after ``k`` that only qualify it (no amount and no metric of their own)."""
    out = []
    for pos, c in clauses[k + 1 :]:
        if find_money(c) or ctx.metric_at(c):
            break
        out.append((pos, c))
    return out


def _is_risk(ctx: ClaimContext, view: str) -> bool:
    return any(view.lstrip("#（( ").startswith(h) for h in ctx.rules.words("risk", "section_heads"))


# -- forecasts ------------------------------------------------------------------------------
_RESP = re.compile(r"分别(?:为|是)?(?:(?P<dir>上调|下调)(?P<rev>[^至]{1,30})至)?")
_UNIT_AFTER = re.compile(r"\s*(?P<scale>万亿|亿|百万|万)?\s*(?P<unit>港元|美元|元|%|倍|GWh)")


def _list_values(text: str, start: int) -> tuple[list[float], str | None, float, int]:
    """Numbers of the list at ``start``, its unit, the unit's scale and where the list ends."""
    items = number_list(text[start:])
    if not items:
        return [], None, 1.0, start
    last_end = start + items[-1][2]
    m = _UNIT_AFTER.match(text, last_end)
    unit, scale = (m.group("unit"), SCALES.get(m.group("scale") or "", 1.0)) if m else (None, 1.0)
    # "1,185亿元及1,260亿元": each item carries the unit; the list ends after the last unit.
    end = m.end() if m else last_end
    return [v for v, _, _ in items], unit, scale, end


def _typed(values: list[float], unit: str | None, scale: float) -> tuple[list[float | int], dict[str, Any]]:
    cur = {"元": "CNY", "港元": "HKD", "美元": "USD"}.get(unit or "")
    if cur:
        return [number(v * scale) for v in values], {"currency": cur}
    kind = {"%": "percent", "倍": "x", "GWh": "GWh"}.get(unit or "")
    return [number(v) for v in values], ({"unit": kind} if kind else {})


def extract_forecasts(ctx: ClaimContext) -> list[Claim]:
    """``forecast`` claims from forecast sentences."""
    claims: list[Claim] = []
    fwords = ctx.rules.words("forecast", "triggers")
    for _, s, view in ctx.prose():
        if not any(w in view for w in fwords) and "分别" not in view:
            continue
        years = years_in(view)
        made: list[dict[str, Any]] = []
        seg_start = 0
        for a_start, a_end, direction, rev in _anchors(ctx, view, len(years)):
            seg0 = seg_start
            hit = ctx.metric_at(view[seg0:a_start])
            values, unit, scale, end = _list_values(view, a_end)
            seg_start = end
            if not hit or not values or len(values) != len(years):
                continue
            nums, extra = _typed(values, unit, scale)
            v: dict[str, Any] = {
                "metric": hit[0].key,
                "by_year": {str(y): n for y, n in zip(years, nums, strict=True)},
                **extra,
            }
            if rev:
                revs = [to_float(x) for x in re.findall(NUM, rev)]
                sign = -1 if direction == "下调" else 1
                if len(revs) == len(years):
                    v["revision_pct"] = {str(y): sign * r for y, r in zip(years, revs, strict=True)}
            after = view[end:]
            prev = re.match(r"\s*[（(]\s*(?:前值为|前值|原预测为)", after)
            if prev:
                pv, pu, ps, pend = _list_values(view, end + prev.end())
                if len(pv) == len(years):
                    v["previous"] = dict(
                        zip(map(str, years), _typed(pv, pu or unit, ps if pu else scale)[0], strict=True)
                    )
                    end = pend + 1
            grow = re.match(r"[)）]?\s*[，,]?\s*(?:同比增长|按年增长|同比|按年)", view[end:])
            if grow:
                gv, gu, _, gend = _list_values(view, end + grow.end())
                if len(gv) == len(years) and gu == "%":
                    v["yoy_pct"] = dict(zip(map(str, years), gv, strict=True))
                    end = gend
            if hit[0].key == "pe" and made and made[-1]["values"]["metric"] == "eps":
                made[-1]["values"]["pe"] = v["by_year"]
                made[-1]["span"] = (made[-1]["span"][0], end)
                continue
            made.append({"values": v, "span": (seg0 + hit[1], end)})
            seg_start = end
        for mk in made:
            a, b = mk["span"]
            claims.append(ctx.claim("forecast", mk["values"], [(s.start + a, s.start + b)], sentence=s))
        if not made:
            claims.extend(_single_forecasts(ctx, s, view))
    return claims


_BARE = re.compile(r"\s*(?:预测|预计)?\s*(?:分别)?\s*(?:上调|下调)?\s*(?:至|为|约为|达|将达|是)?\s*(?=-?\d)")


def _anchors(ctx: ClaimContext, view: str, n_years: int) -> list[tuple[int, int, str | None, str | None]]:
    """Where per-year lists start: after ``分别(为)``, else right after a metric term.

    ``归母净利润分别为668.0、795.0、932.0亿元`` and ``归母净利润4.7、7.2、9.3亿元`` both list one
    value per year; the bare form counts only when the list has exactly one value per year.
    """
    found = [(m.start(), m.end(), m.group("dir"), m.group("rev")) for m in _RESP.finditer(view)]
    if found or n_years < 2:
        return found
    for m in ctx.rules.metric_pattern.finditer(view):
        end = m.start() + len(m.group(1))
        bare = _BARE.match(view, end)
        if bare and len(_list_values(view, bare.end())[0]) == n_years:
            found.append((end, bare.end(), None, None))
    return found


_FROM_TO = re.compile(
    rf"由\s*(20\d{{2}})\s*年的?\s*(?P<a>{NUM})\s*%\s*(?:提升|上升|增长|下降|降低)?至\s*(20\d{{2}})\s*年的?\s*(?P<b>{NUM})\s*%"
)
_ONE_YEAR = re.compile(
    rf"(20\d{{2}})\s*年(?P<mid>[^，；。]{{0,24}}?)(?P<verb>为|达|至|超过|不低于|不少于|约为)\s*(?P<num>{NUM})\s*(?P<scale>万亿|亿|百万|万)?(?P<cur>港元|元)"
)
_GROWTH = re.compile(
    rf"(20\d{{2}})\s*年(?P<mid>[^，；。]{{0,24}}?)(?:同比增长|按年增长)\s*(?P<num>{NUM})\s*%\s*(?P<q>以上|左右)?"
)


def _single_forecasts(ctx: ClaimContext, s: Any, view: str) -> list[Claim]:
    """Forecasts of one year or from one year to another, without a ``分别`` list."""
    out: list[Claim] = []
    fwords = ctx.rules.words("forecast", "triggers")
    first = min((view.find(w) for w in fwords if w in view), default=-1)
    if first < 0:
        return out
    v: dict[str, Any]
    for m in _FROM_TO.finditer(view, first):
        hit = ctx.metric_at(view[first : m.start()])
        if hit:
            v = {
                "metric": hit[0].key,
                "by_year": {m.group(1): to_float(m.group("a")), m.group(3): to_float(m.group("b"))},
                "unit": "percent",
            }
            out.append(ctx.claim("forecast", v, [(s.start + first + hit[1], s.start + m.end())], sentence=s))
    for m in _GROWTH.finditer(view, first):
        hit = ctx.metric_at(m.group("mid"))
        if hit:
            q = {"以上": "more_than", "左右": "about"}.get(m.group("q") or "")
            v = {
                "metric": hit[0].key,
                "period": m.group(1),
                "yoy_pct": to_float(m.group("num")),
                "qualifier": q,
            }
            out.append(ctx.claim("forecast", v, [(s.start + m.start(), s.start + m.end())], sentence=s))
    for m in _ONE_YEAR.finditer(view, first):
        hit = ctx.metric_at(m.group("mid"))
        if hit and hit[0].key not in PERCENT_METRICS:
            amount = to_float(m.group("num")) * SCALES.get(m.group("scale") or "", 1.0)
            cur = "HKD" if m.group("cur") == "港元" else "CNY"
            q = {"超过": "more_than", "不低于": "at_least", "不少于": "at_least", "约为": "about"}.get(m.group("verb"))
            v = {"metric": hit[0].key, "by_year": {m.group(1): number(amount)}, "currency": cur, "qualifier": q}
            out.append(ctx.claim("forecast", v, [(s.start + m.start(), s.start + m.end())], sentence=s))
    return out
