"""The closing sections of a summary: key financials table, analyst view, risks."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from pipeline.document import Claim
from pipeline.summary.format import CURRENCY_PREFIX, RATING_EN, cite, money, pct, trim

if TYPE_CHECKING:
    from pipeline.summary.render import Renderer

TABLE_METRICS = ("revenue", "gross_profit", "net_profit", "net_profit_attributable", "capex", "free_cash_flow")


def key_financials(r: Renderer) -> list[str]:
    rows: dict[str, dict[str, Claim]] = defaultdict(dict)
    periods: list[str] = []
    currency = None
    for c in r.by_type.get("financial_metric", []):
        v = c.values
        if v.get("source") != "table" or v.get("metric") not in TABLE_METRICS or "amount" not in v:
            continue
        if abs(v["amount"]) < 1e8:
            continue
        p = f"FY{v['fiscal_year']}" + ("E" if v.get("forecast") else "")
        if p not in periods:
            periods.append(p)
        rows[v["metric"]][p] = c
        currency = currency or v.get("currency")
    if not rows:
        return []
    periods = sorted(periods)[-4:]
    unit = CURRENCY_PREFIX.get(currency or "", "").strip() or (currency or "")
    lines = [f"| {unit} bn | " + " | ".join(periods) + " |", "|---|" + "---:|" * len(periods)]
    used: list[Claim] = []
    for key in TABLE_METRICS:
        if key not in rows:
            continue
        cells = []
        for p in periods:
            found = rows[key].get(p)
            if found is None:
                cells.append("–")
                continue
            used.append(found)
            cell = f"{abs(found.values['amount']) / 1e9:,.1f}"
            if "yoy_pct" in found.values:
                cell += f" ({pct(found.values['yoy_pct'])})"
            cells.append(cell)
        label = r.metric(key) or key
        lines.append(f"| {label[0].upper() + label[1:]} | " + " | ".join(cells) + " |")
    first: dict[str, Claim] = {}
    for c in used:
        first.setdefault(c.values["metric"], c)
    lines.append("")
    notes = ["figures in brackets: YoY growth"] if any("yoy_pct" in c.values for c in used) else []
    notes += ["capex shown as a positive outflow"] if "capex" in first else []
    note = "; ".join(notes)
    lines.append(
        (note[:1].upper() + note[1:] + ". " if note else "")
        + "Sources: "
        + ", ".join(f"{r.metric(k)} {cite(c, limit=1)}" for k, c in first.items())
    )
    return ["**Key financials**", "", *lines]


def view(r: Renderer) -> list[str]:
    meta = r.doc.meta
    parts: list[str] = []
    used: list[Claim] = []
    ratings = r.by_type.get("rating") or []
    rating = ratings[0] if ratings else None
    v = rating.values if rating else {}
    if meta.rating:
        grade = RATING_EN[meta.rating.normalized]
        if meta.rating.normalized == "not_rated":
            parts.append("The stock is not rated and no target price is given.")
        else:
            act = {
                "maintain": "Maintains",
                "initiate": "Initiates at",
                "upgrade": "Upgrades to",
                "downgrade": "Downgrades to",
            }.get(meta.rating.action or "", "Rates the stock")
            s = f"{act} {grade}"
            tp = v.get("target_price") or (meta.target_price.value if meta.target_price else None)
            cur = v.get("currency") or (meta.target_price.currency if meta.target_price else None)
            if tp:
                if v.get("previous_target_price"):
                    verb = "raised" if v.get("target_price_action") == "raise" else "cut"
                    s += f"; target price {verb} to {money(tp, cur, price=True)} from {money(v['previous_target_price'], cur, price=True)}"
                else:
                    s += f"; target price {money(tp, cur, price=True)}"
            details = []
            if v.get("valuation_method") and not (v["valuation_method"] == "PE" and v.get("target_pe")):
                details.append(v["valuation_method"])
            if v.get("implied_pe") and v.get("pe_year"):
                details.append(f"{trim(v['implied_pe'], 1)}x {v['pe_year']}E P/E")
            if v.get("target_pe") and v.get("pe_year"):
                details.append(f"{trim(v['target_pe'], 1)}x {v['pe_year']}E P/E")
            if details:
                s += f" ({', '.join(details)})"
            if v.get("upside_pct"):
                s += f", {trim(v['upside_pct'], 1)}% upside"
            parts.append(s + ".")
        if rating:
            used.append(rating)
    views = r.by_type.get("view", [])[:4]
    if views:
        phrases = [c.values["view"] for c in views]
        parts.append(phrases[0][0].upper() + "; ".join(phrases)[1:] + ".")
        used += views
    if not parts:
        return []
    return [f"**Analyst view.** {' '.join(parts)} {cite(used, limit=6)}"]


def risks(r: Renderer) -> list[str]:
    items = []
    for c in r.by_type.get("risk", []):
        label = c.values.get("risk")
        if not label:
            continue  # no curated English: left out rather than glossed
        figs = c.values.get("figures") or []
        if figs:
            label += " (" + "; ".join(f"{money(f['amount'], f.get('currency'))} in {f['year']}" for f in figs) + ")"
        items.append(f"{label} {cite(c, limit=1)}")
    if not items:
        return []
    text = "; ".join(items[:5])
    return ["**Risks.** " + text[0].upper() + text[1:] + "."]
