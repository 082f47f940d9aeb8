"""What companies commit to and plan: ``capex_commitment``, ``target``, ``partnership``.

``capex_commitment``: an investment word, a large amount and a period::

    未来三年（2025-2027年）集团在AI基础设施方面的累计资本开支将不少于3,500亿元
    → {amount: 350000000000, currency: CNY, period_years: 3, period_start: 2025, period_end: 2027,
       qualifier: at_least, purpose: "AI infrastructure"}

(``并将持续追加投入`` after it adds ``additional_investment_signalled: true``.)

``target``: a year, a metric and a multiple of a base year (or a share)::

    到2028年，腾讯云AI相关收入将达到2024年水平的4倍
    → {metric: ai_revenue, target_year: 2028, base_year: 2024, multiplier: 4}

A target whose sentence is cut off after the number (no 倍, no final punctuation) is
``incomplete`` with low confidence.

``partnership``: ``A与B (在X领域) 达成合作`` and joint ventures.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.claims.base import ClaimContext, truncated
from pipeline.claims.values import NUM, cn_int, find_money, last_match, number, to_float
from pipeline.document import Claim

_PERIOD_YEARS = re.compile(
    r"(?<![\d\-–~])(?:未来)?(?P<n>\d{1,2}|[一二两三四五六七八九十])\s*年\s*(?:[（(]\s*(?P<a>20\d{2})\s*[-–~至]\s*(?P<b>20\d{2})\s*年?\s*[)）])?"
)
_RANGE = re.compile(r"(?P<a>20\d{2})\s*[-–~至]\s*(?P<b>20\d{2})\s*年")
WINDOW = 48  # characters before an amount searched for its period (未来三年（2025-2027年）集团在…)
_ROLE = re.compile(
    r"(?:总裁|董事长|CEO|CTO|CFO|主席|首席执行官|创始人|董事会主席)\s*(?P<name>[\u4e00-\u9fff]{2,3})(?=\s|\(|（|在|透露|表示|称|指出)"
)
_SPEAKER = re.compile(r"(?:^|[，。；])\s*(?P<name>[\u4e00-\u9fff]{2,3})(?:透露|表示|指出|称)")


def speaker(ctx: ClaimContext, start: int, end: int, view: str) -> str | None:
    """The person who said it: a PERSON entity, else a titled name, else ``X透露/表示``."""
    for e in ctx.entities_in(start, end, ("PERSON",)):
        return e.canonical or e.text
    m = _ROLE.search(view) or _SPEAKER.search(view)
    if m:
        return ctx.resolve(m.group("name"))
    return None


def _lead_org(ctx: ClaimContext, start: int, end: int) -> str | None:
    ents = ctx.entities_in(start, end, ("ORG",))
    return (ents[0].canonical or ents[0].text) if ents else None


def extract_capex(ctx: ClaimContext) -> list[Claim]:
    cap = ctx.rules.section("capex")
    triggers = ctx.rules.words("capex", "triggers")
    exclude = ctx.rules.words("capex", "exclude")
    more = ctx.rules.words("capex", "additional_investment")
    purposes = {k.replace(" ", ""): v for k, v in (cap.get("purposes") or {}).items()}
    quals = ctx.rules.section("qualifiers")
    fwords = ctx.rules.words("forecast", "triggers")
    out: list[Claim] = []
    for _, s, view in ctx.prose():
        if not any(t in view for t in triggers) or "分别" in view:
            continue
        if any(w in view for w in fwords) and "我们" in view:
            continue  # the analyst's own capex forecast is a forecast
        for money in find_money(view):
            if money.amount < 1e9:
                continue
            before = view[max(0, money.start - WINDOW) : money.start]
            if any(x in before for x in exclude):
                continue
            values: dict[str, Any] = {"amount": number(money.amount), "currency": money.currency}
            pm = last_match(_PERIOD_YEARS, before)
            rm = last_match(_RANGE, before)
            if pm and not pm.group("n").startswith("20"):
                values["period_years"] = cn_int(pm.group("n"))
                if pm.group("a"):
                    values["period_start"], values["period_end"] = int(pm.group("a")), int(pm.group("b"))
            if rm:
                values["period_start"], values["period_end"] = int(rm.group("a")), int(rm.group("b"))
                values.setdefault("period_years", int(rm.group("b")) - int(rm.group("a")) + 1)
            if "period_years" not in values:
                continue
            for q, words in quals.items():
                if q != "about" and any(before.rstrip().endswith(w) for w in words):
                    values["qualifier"] = q
            squeezed = view.replace(" ", "")
            found = [en for zh, en in sorted(purposes.items(), key=lambda kv: -len(kv[0])) if zh in squeezed]
            found = [f for i, f in enumerate(found) if not any(f in g or g in f for g in found[:i])]
            values["purpose"] = " and ".join(found[:2]) if found else None
            use = re.search(r"用于\s*(?P<p>[^，。；,]{2,16})", view[money.end :])
            if not found and use:
                values["purpose_zh"] = use.group("p")  # the summary looks it up as a whole term
            if any(w in view for w in more):
                values["additional_investment_signalled"] = True
            values["speaker"] = speaker(ctx, s.start, s.end, view)
            subject = _lead_org(ctx, s.start, s.start + money.start) or ctx.subject
            a = (pm.start() if pm else rm.start() if rm else 0) + max(0, money.start - WINDOW)
            conf = 0.9 if s.kind == "prose" else 0.7
            out.append(
                ctx.claim(
                    "capex_commitment", values, [(s.start + a, s.end)], sentence=s, subject=subject, confidence=conf
                )
            )
    return out


_TARGET_MULT = re.compile(
    rf"(?:到\s*)?(?P<ty>20\d{{2}})\s*年[，,]?(?P<mid>[^。；]{{0,40}}?)(?:将|有望)?\s*(?:较|达到|为)\s*(?P<by>20\d{{2}})\s*年(?:水平)?的?\s*(?:提升|增长|增加|扩大)?\s*(?P<num>{NUM})\s*(?P<unit>倍)?"
)
_TARGET_SHARE = re.compile(
    rf"到\s*(?P<ty>20\d{{2}})\s*年(?P<mid>[^。；]{{0,30}}?)占(?P<what>[^。；]{{0,30}}?)的?\s*(?P<num>{NUM})\s*%\s*(?P<q>以上|左右)?"
)


def extract_targets(ctx: ClaimContext) -> list[Claim]:
    out: list[Claim] = []
    for _, s, view in ctx.prose():
        if "我们预计" in view or "分别" in view:
            continue
        src = "management" if "管理层" in view else None
        for m in _TARGET_MULT.finditer(view):
            hit = ctx.metric_at(m.group("mid"))
            if not hit:
                continue
            cut = m.end() >= len(view.rstrip()) and truncated(s.text)
            values: dict[str, Any] = {
                "metric": hit[0].key,
                "target_year": int(m.group("ty")),
                "base_year": int(m.group("by")),
                "multiplier": number(to_float(m.group("num"))),
                "source": src,
            }
            if cut and not m.group("unit"):
                values["unit_missing"] = True
            mid0 = s.start + m.start("mid")
            subject = _lead_org(ctx, mid0, s.start + m.end("mid")) or ctx.subject
            conf = 0.5 if cut else 0.85
            out.append(
                ctx.claim(
                    "target",
                    values,
                    [(s.start + m.start(), s.start + m.end())],
                    sentence=s,
                    subject=subject,
                    confidence=conf,
                    incomplete=cut,
                )
            )
        for m in _TARGET_SHARE.finditer(view):
            hit = ctx.metric_at(m.group("what"))
            if not hit:
                continue
            q = {"以上": "more_than", "左右": "about"}.get(m.group("q") or "")
            values = {
                "metric": hit[0].key,
                "target_year": int(m.group("ty")),
                "value_pct": number(to_float(m.group("num"))),
                "qualifier": q,
                "speaker": speaker(ctx, s.start, s.end, view),
                "source": src,
            }
            out.append(
                ctx.claim("target", values, [(s.start + m.start(), s.start + m.end())], sentence=s, confidence=0.8)
            )
    return out


_PARTNER = re.compile(
    r"(?P<a>[A-Za-z\u4e00-\u9fff][\w\u4e00-\u9fff]{0,11})?与\s*(?P<b>[A-Za-z\u4e00-\u9fff][\w\u4e00-\u9fff .&-]{0,20}?)\s*"
    r"(?P<paren>[（(][^)）]{1,30}[)）])?\s*(?:在(?P<field>[^，。；]{1,30}?)(?:领域|方面)?)?\s*"
    r"(?P<verb>(?:宣布)?(?:达成|签署|展开|开展|深化)?(?:战略|深度)?(?:合作|合资)|的合作)"
)
_CODE = re.compile(r"(\d{3,6})\s*\.?\s*(HK|SZ|SH)?")


def extract_partnerships(ctx: ClaimContext) -> list[Claim]:
    out: list[Claim] = []
    scopes = {k.replace(" ", ""): v for k, v in (ctx.rules.section("partnership").get("scopes") or {}).items()}
    for _, s, view in ctx.prose():
        if s.kind == "heading" or not any(t in view for t in ctx.rules.words("partnership", "triggers")):
            continue
        for m in _PARTNER.finditer(view):
            a = (m.group("a") or "").strip()
            a = re.sub(r"^(?:此外|另外|同时|其中|并|且)", "", a)
            b = m.group("b").strip()
            if re.search(r"我们|认为|预计", a):
                a = ""
            if not b or b in ("公司",):
                continue
            a_id = ctx.resolve(a, s.start + m.start("a"), s.start + m.end("a")) if a else ctx.subject
            if not a_id:
                continue  # no first partner (no covered company either): not a usable claim
            b_id = ctx.resolve(b, s.start + m.start("b"), s.start + m.end("b"))
            if b_id == b and not re.search(r"[A-Za-z]", b):
                continue  # a partner that is neither a known organisation nor a Latin name
            values: dict[str, Any] = {"partners": [a_id or ctx.subject, b_id]}
            paren = m.group("paren") or ""
            code = _CODE.search(paren)
            if code:
                from pipeline.claims.base import canonical_ticker

                values["partner_ticker"] = canonical_ticker(" ".join(x for x in code.groups() if x))
            elif re.search(r"[A-Za-z]", paren) and not re.search(r"[A-Za-z]", b):
                values["partner_en"] = paren.strip("()（） ")
            field = (m.group("field") or "").replace(" ", "")
            latin = re.search(r"[（(]\s*([A-Za-z][A-Za-z0-9 .&-]+?)\s*[)）]", m.group("field") or "")
            scope = [en for zh, en in scopes.items() if zh in view.replace(" ", "")]
            field_zh = field.split("（")[0].split("(")[0]
            values["field"] = latin.group(1) if latin else scopes.get(field_zh)
            if not values["field"] and field_zh and view[m.end("field") : m.end("field") + 2] in ("领域", "方面"):
                values["field_zh"] = field_zh  # a field (在X领域), not a place (在西班牙萨拉戈萨)
            values["scope"] = scope[0] if scope else None
            values["kind"] = "joint_venture" if "合资" in m.group("verb") else "partnership"
            out.append(
                ctx.claim(
                    "partnership",
                    values,
                    [(s.start + m.start(), s.start + m.end())],
                    sentence=s,
                    subject=a_id or ctx.subject,
                    confidence=0.8,
                )
            )
    return out
