"""The analyst's opinion: ``rating``, ``risk`` and ``view``.

``rating`` joins ``meta.rating`` (the rating field) with the sentence that states it::

    目标价由580.00港元上调至620.00港元，相当于19.6倍2026年预测市盈率，较现价有21.1%上升空间，维持「买入」评级
    → {rating: buy, rating_raw: 买入, action: maintain, target_price: 620.0, previous_target_price: 580.0,
       currency: HKD, upside_pct: 21.1, implied_pe: 19.6, pe_year: 2026}

A report with no rating sentence (the seed: ``前次评级 未评级``, target ``N/A``) gets its
rating claim from the key-data rows, with those rows as evidence.

``risk``: each item of a ``风险提示：`` / ``主要风险：`` list (items run on while the
previous one ends in ``；``), and analyst cautions (``…，但资本开支高企或拖累自由现金流``).
Items get a curated English label from ``claim_rules.yaml`` where one fits; the rest keep
only the Chinese (``risk_zh``) and the summary leaves them out.

``view``: curated thesis phrases of the analyst (``中期有望改善毛利结构``) with their English.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.claims.base import ClaimContext
from pipeline.claims.values import NUM, find_money, number, to_float
from pipeline.document import Claim

_TP = re.compile(
    rf"目标价(?:格)?\s*(?:由\s*(?P<prev>{NUM})\s*(?:港元|元|美元)?\s*(?P<dir>上调|下调)\s*至|为|至)?\s*(?P<tp>{NUM})\s*(?P<cur>港元|元|美元)"
)
_UPSIDE = re.compile(rf"(?P<num>{NUM})\s*%\s*(?:的)?(?:上升|上涨|下跌)空间")
_IMPLIED_PE = re.compile(rf"(?P<pe>{NUM})\s*倍\s*(?P<year>20\d{{2}})\s*年\s*(?:预测)?(?:市盈率|PE)")
_TARGET_PE = re.compile(rf"给予(?:公司)?\s*(?P<year>20\d{{2}})\s*年\s*(?P<pe>{NUM})\s*倍\s*(?:PE|市盈率)")
_ITEM_MARK = re.compile(r"^\s*(?:[（(]\s*\d{1,2}\s*[)）]|\d{1,2}[.、)]|[①-⑳])\s*")
_CUR = {"港元": "HKD", "元": "CNY", "美元": "USD"}


def extract_rating(ctx: ClaimContext) -> list[Claim]:
    meta = ctx.doc.meta
    values: dict[str, Any] = {}
    if meta.rating is not None:
        values.update(rating=meta.rating.normalized, rating_raw=meta.rating.raw, action=meta.rating.action)
    if meta.target_price is not None:
        values.update(target_price=meta.target_price.value, currency=meta.target_price.currency)
    for _, s, view in ctx.prose():
        if s.kind != "prose" or "评级" not in view and "目标价" not in view:
            continue
        if (
            re.match(r"^[\u4e00-\u9fff]{2,4}\s*[（(][A-Z ]+[)）]\s*[:：]", view)
            or "预计该股票" in view
            or "相对" in view
        ):
            continue  # the rating definitions of the disclaimer
        tp = _TP.search(view)
        if not tp and not re.search(r"(维持|首次|上调|下调|给予).{0,3}评级", view):
            continue
        if tp:
            values["target_price"] = to_float(tp.group("tp"))
            values["currency"] = _CUR[tp.group("cur")]
            if tp.group("prev"):
                values["previous_target_price"] = to_float(tp.group("prev"))
                values["target_price_action"] = "raise" if tp.group("dir") == "上调" else "cut"
        for pat, keys in (
            (_UPSIDE, ("upside_pct",)),
            (_IMPLIED_PE, ("implied_pe", "pe_year")),
            (_TARGET_PE, ("target_pe", "pe_year")),
        ):
            m = pat.search(view)
            if m:
                groups = [g for g in m.groupdict() if g in ("num", "pe", "year")]
                for k, g in zip(keys, sorted(groups, key=lambda g: 0 if g in ("num", "pe") else 1), strict=False):
                    values[k] = int(m.group(g)) if g == "year" else number(to_float(m.group(g)))
        methods = ctx.rules.section("rating").get("valuation_methods") or {}
        found = next((en for zh, en in methods.items() if zh in view), None)
        if found:
            values["valuation_method"] = found
        if "rating" not in values:
            from pipeline.stages.meta import normalize_rating

            m = re.search(r"[「“\"]?([\u4e00-\u9fff]{2,4}?)[」”\"]?\s*评级", view)
            norm = normalize_rating(m.group(1))[0] if m else None
            if norm and m:
                values.update(rating=norm, rating_raw=m.group(1))
        return [ctx.claim("rating", values, [(s.start, s.end)], sentence=s, confidence=0.9)]
    ev = getattr(meta, "evidence", None) or {}
    spans = [(ev[k]["start"], ev[k]["end"]) for k in ("rating", "target_price", "price") if k in ev]
    if not values or not spans:
        return []
    if meta.target_price is None and "target_price" in ev:
        values["target_price"] = None
        values["target_price_given"] = False
    i = ctx.doc.sentence_at(spans[0][0])
    if i is None:
        return []
    return [ctx.claim("rating", values, spans, sentence=ctx.doc.sentences[i], confidence=0.8)]


def risk_label(ctx: ClaimContext, text: str) -> str | None:
    squeezed = text.replace(" ", "")
    for entry in ctx.rules.section("risk").get("labels") or []:
        from pipeline.claims.base import simplified

        if all(simplified(w) in squeezed for w in entry.get("all", [])):
            return str(entry["en"])
    return None


def extract_risks(ctx: ClaimContext) -> list[Claim]:
    out: list[Claim] = []
    heads = ctx.rules.words("risk", "section_heads")
    cautions = ctx.rules.words("risk", "caution_triggers")
    in_list = False
    for _, s, view in ctx.prose():
        body = view
        offset = 0
        head = next((h for h in heads if view.lstrip("#（( ").startswith(h)), None)
        if head:
            in_list = True
            offset = view.find(head) + len(head)
            while offset < len(view) and view[offset] in "：: ":
                offset += 1
            body = view[offset:]
        elif not in_list:
            caution = _caution(ctx, s, view, cautions)
            if caution is not None:
                out.append(caution)
            continue
        mark = _ITEM_MARK.match(body)
        if mark:
            offset += mark.end()
            body = body[mark.end() :]
        for a, text in _items(body):
            a += offset
            values: dict[str, Any] = {"risk": risk_label(ctx, text), "risk_zh": text, "kind": "risk_factor"}
            figures = []
            for m in re.finditer(
                rf"(?P<year>20\d{{2}})\s*年的?\s*[^，；。]{{0,8}}?(?:为|的)?\s*(?P<money>(?:{NUM})\s*(?:亿|百万)?\s*(?:港元|元))",
                text,
            ):
                money = find_money(m.group("money"))
                if money:
                    figures.append(
                        {"year": int(m.group("year")), "amount": number(money[0].amount), "currency": money[0].currency}
                    )
            if figures:
                values["figures"] = figures
                if len({f["currency"] for f in figures}) == 1:
                    values["currency"] = figures[0]["currency"]
            out.append(ctx.claim("risk", values, [(s.start + a, s.start + a + len(text))], sentence=s, confidence=0.85))

        in_list = view.rstrip().endswith(("；", ";"))
    return out


def _items(body: str) -> list[tuple[int, str]]:
    """(offset, text) of the risk items in ``body``: one, or a ``包括：a、b，以及c`` list."""
    lead = re.match(r"\s*包括\s*[:：]?\s*", body)
    if not lead:
        text = body.rstrip("；;。 ")
        return [(0, text)] if text else []
    out = []
    for m in re.finditer(r"[^、；;，,。]+", body[lead.end() :]):
        text = re.sub(r"^(?:以及|及|和)", "", m.group()).strip()
        if len(text) >= 4:
            out.append((lead.end() + m.end() - len(text), text))
    return out


def _caution(ctx: ClaimContext, s: Any, view: str, cautions: list[str]) -> Claim | None:
    """An analyst's caution outside the risk list: ``…，但…或压制…`` or a labelled ``…构成压力``."""
    m = re.search(r"[，,]\s*(?:但|然而|不过)(?P<c>[^，。；]*)", view)
    if m and any(c in m.group("c") for c in cautions):
        start, end, text = m.start("c"), m.end("c"), m.group("c")
    elif any(c in view for c in cautions) and risk_label(ctx, view):
        start, end, text = 0, len(view.rstrip("。；")), view.rstrip("。；")
    else:
        return None
    label = risk_label(ctx, text)
    values = {"risk": label, "risk_zh": text.strip(), "kind": "analyst_caution"}
    return ctx.claim("risk", values, [(s.start + start, s.start + end)], sentence=s, confidence=0.75 if label else 0.5)


def extract_views(ctx: ClaimContext) -> list[Claim]:
    from pipeline.claims.base import simplified

    out: list[Claim] = []
    seen: set[str] = set()
    entries = ctx.rules.raw.get("views") or []
    sentences = sorted(ctx.prose(), key=lambda t: (t[1].kind == "heading", t[0]))  # prose first
    for _, s, view in sentences:
        squeezed = view.replace(" ", "")
        for entry in entries:
            words = [simplified(w) for w in entry.get("all", [])]
            en = str(entry["en"])
            if en in seen or not all(w in squeezed for w in words):
                continue
            seen.add(en)
            first = min(view.find(w) for w in words if w in view) if all(w in view for w in words) else 0
            out.append(ctx.claim("view", {"view": en}, [(s.start + max(first, 0), s.end)], sentence=s, confidence=0.7))
    return out
