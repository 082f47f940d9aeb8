"""English number, period and citation formatting for summaries.

RMB 380bn, RMB 12.98bn, RMB 980m, HK$172.00, +5.9%, +2.1pp, Q3 2025, Q1–Q3 2025,
Jan–Sep 2025, 3rd, and citations ``[p1 s12; p1 s3]`` (page, index into ``doc.sentences``).
"""

from __future__ import annotations

import re

from pipeline.document import Claim

CURRENCY_PREFIX = {"CNY": "RMB ", "HKD": "HK$", "USD": "US$"}
RATING_EN = {
    "buy": "Buy",
    "overweight": "Overweight",
    "neutral": "Neutral",
    "underweight": "Underweight",
    "sell": "Sell",
    "not_rated": "Not rated",
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PRIORITY = (
    "revenue",
    "net_profit_attributable",
    "net_profit_attributable_ifrs",
    "net_profit",
    "net_profit_non_ifrs",
    "eps",
    "gross_margin",
    "capex",
    "free_cash_flow",
    "operating_cash_flow",
    "gross_profit",
)


def priority(metric: str | None) -> int:
    """Sort key: the metrics analysts read first come first."""
    return PRIORITY.index(metric) if metric in PRIORITY else len(PRIORITY)


def trim(v: float, decimals: int) -> str:
    s = f"{v:,.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def money(amount: float, currency: str | None, *, price: bool = False) -> str:
    """RMB 380bn, RMB 12.98bn, RMB 980m, HK$172.00."""
    pre = CURRENCY_PREFIX.get(currency or "", f"{currency} " if currency else "")
    a = abs(amount)
    if price or a < 1e6:
        return f"{pre}{a:,.2f}"
    for scale, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if a >= scale:
            return f"{pre}{scaled(a / scale)}{suffix}"
    return f"{pre}{a:,.0f}"


def scaled(x: float) -> str:
    """380 → "380", 996.347 → "996.3", 12.98 → "13.0", 1.25 → "1.25": whole stays whole."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.2f}" if x < 10 else f"{x:,.1f}"


def pct(v: float, *, signed: bool = True, unit: str = "%") -> str:
    s = trim(abs(v), 1)
    sign = ("+" if v >= 0 else "-") if signed else ("-" if v < 0 else "")
    return f"{sign}{s}{unit}"


def period_en(p: str | None) -> str | None:
    """2025Q3 → Q3 2025; 2025Q1-Q3 → Q1–Q3 2025; 2025-01/2025-09 → Jan–Sep 2025; FY2025 stays."""
    if not p:
        return None
    m = re.fullmatch(r"(20\d{2})Q([1-4])", p)
    if m:
        return f"Q{m.group(2)} {m.group(1)}"
    m = re.fullmatch(r"(20\d{2})Q1-Q([1-4])", p)
    if m:
        return f"Q1–Q{m.group(2)} {m.group(1)}"
    m = re.fullmatch(r"(20\d{2})-(\d{2})/(20\d{2})-(\d{2})", p)
    if m:
        return f"{MONTHS[int(m.group(2)) - 1]}–{MONTHS[int(m.group(4)) - 1]} {m.group(3)}"
    return p


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def cite(claims: list[Claim] | Claim, limit: int = 4) -> str:
    """``[p1 s12; p1 s3]``: page and sentence index of each claim's evidence, in order, once."""
    seen: list[str] = []
    for c in claims if isinstance(claims, list) else [claims]:
        for e in c.evidence:
            tag = f"p{e.page} s{e.sentence}" if e.sentence is not None else f"p{e.page}"
            if tag not in seen:
                seen.append(tag)
    return f"[{'; '.join(seen[:limit])}]" if seen else ""


def join_en(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
