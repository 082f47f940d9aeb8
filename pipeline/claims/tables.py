"""``financial_metric`` claims from financial tables, one per key row and period column.

    Revenue  609,800  661,500  748,200   (Income Statement (RMB m), FY2023, FY2024, FY2025E)
    YoY%        10.0      8.5     13.1
    → {metric: revenue, period: FY2025, fiscal_year: 2025, amount: 748200000000, currency: CNY,
       unit: CNY, printed: "748,200", printed_unit: "RMB m", yoy_pct: 13.1, forecast: true}

The rows come from ``doc.tables`` (the ``tables`` stage). Where that layer is empty (the
stage is disabled, or a document was processed without it) the tab-separated
``table_row`` sentences are read directly: a header row of periods (``FY 2023``,
``2025E``), optional section lines that carry the unit (``Income Statement (CNY'm)``,
``单位：百万元``) and data rows. Each claim's evidence is the cell itself, so its page and
sentence point at the row it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.claims.base import ClaimContext, squeeze
from pipeline.claims.values import number
from pipeline.document import Claim, Sentence

_PERIOD = re.compile(r"^(?:FY\s*)?(?P<year>20\d{2}|\d{2})\s*(?P<flag>[AEFP])?$", re.I)
_UNIT = re.compile(
    r"[（(]\s*(?P<cur>CNY|RMB|HKD|HK\$|USD|US\$|人民币|港元|美元)?\s*'?\s*(?P<scale>m|mn|million|bn|百万|亿|千)\s*[)）]"
    r"|单位[:：]\s*(?P<zh>百万|亿|千|万)?\s*(?P<zcur>元|港元|美元)",
    re.I,
)
_SCALE = {"m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "百万": 1e6, "亿": 1e8, "千": 1e3, "万": 1e4}
_CURRENCY = {
    "cny": "CNY",
    "rmb": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "hkd": "HKD",
    "hk$": "HKD",
    "港元": "HKD",
    "usd": "USD",
    "us$": "USD",
    "美元": "USD",
}
_YEAR_END = re.compile(r"(?:Yr|Year|FY)\s*ended\s*(\d{1,2})\s*(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.I)
MONTHS = {
    m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
}


@dataclass
class Cell:
    text: str
    value: float | None
    start: int
    end: int
    flags: list[str] = field(default_factory=list)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    unit: str | None
    multiplier: float
    currency: str | None
    sentence: Sentence


@dataclass
class Grid:
    periods: list[dict[str, Any] | None]
    rows: list[Row]


def _value(text: str) -> tuple[float | None, list[str]]:
    t = text.strip().replace(" ", "")
    if not re.search(r"\d", t) or re.search(r"[A-Za-z]{2}", t):
        return None, []
    neg = t.startswith("(") and t.endswith(")")
    core = t.strip("()%")
    flags: list[str] = []
    if re.fullmatch(r"\d{1,3}\.\d{3}", core):
        flags.append("decimal_point_for_thousands")  # 163.509 among 199,752: an OCR'd comma
    try:
        v = float(core.replace(",", ""))
    except ValueError:
        return None, []
    return (-v if neg or t.startswith("-") and v > 0 and not core.startswith("-") else v), flags


def _unit_of(text: str) -> tuple[str | None, float, str | None] | None:
    m = _UNIT.search(text)
    if not m:
        return None
    if m.group("zcur") or m.group("zh"):
        return m.group(), _SCALE.get(m.group("zh") or "", 1.0), _CURRENCY[m.group("zcur")]
    cur = _CURRENCY.get((m.group("cur") or "").casefold())
    return m.group().strip(), _SCALE[m.group("scale").casefold()], cur


def _periods(cells: list[str], year_end: str | None) -> list[dict[str, Any] | None] | None:
    out: list[dict[str, Any] | None] = []
    for c in cells:
        m = _PERIOD.match(c.strip())
        if not m:
            return None
        y = int(m.group("year"))
        y = y + 2000 if y < 100 else y
        out.append(
            {"year": y, "forecast": (m.group("flag") or "").upper() in ("E", "F", "P"), "fiscal_year_end": year_end}
        )
    return out


def grids_from_sentences(ctx: ClaimContext) -> list[Grid]:
    """Tables read straight from ``table_row`` sentences (used when ``doc.tables`` is empty)."""
    grids: list[Grid] = []
    current: Grid | None = None
    unit: tuple[str | None, float, str | None] = (None, 1.0, None)
    for s in ctx.doc.sentences:
        text = ctx.view[s.start : s.end]
        parts = text.split("\t")
        label, cells = parts[0].strip(), parts[1:]
        if s.kind == "table_row" and cells:
            ye = _YEAR_END.search(label)
            periods = _periods([c for c in cells if c.strip()], _fy_end(ye)) if any(c.strip() for c in cells) else None
            if periods:
                current = Grid(periods, [])
                grids.append(current)
                u = _unit_of(label)
                unit = u if u else (None, 1.0, None)
                continue
            if current is None:
                continue
            if not any(c.strip() for c in cells):
                u = _unit_of(label)
                unit = u or unit
                continue
            row_cells = []
            pos = s.start + len(parts[0]) + 1
            for c in cells:
                v, flags = _value(c)
                row_cells.append(Cell(c.strip(), v, pos, pos + len(c), flags))
                pos += len(c) + 1
            row_unit = _unit_of(label)
            u = row_unit if row_unit and re.search(r"[（(]", label) else unit
            own = re.search(r"[（(](RMB|CNY|元|HK\$|港元)[)）]", label)
            if own:
                u = (own.group(1), 1.0, _CURRENCY.get(own.group(1).casefold(), unit[2]))
            current.rows.append(Row(label, row_cells, u[0], u[1], u[2], s))
        elif s.kind == "heading" and current is not None and (u2 := _unit_of(text)):
            unit = u2
        elif s.kind in ("prose",) and current is not None and len(text) > 40:
            current = None
    return grids


def _fy_end(m: re.Match[str] | None) -> str | None:
    if not m:
        return None
    return f"{MONTHS[m.group(2)[:3].casefold()]:02d}-{int(m.group(1)):02d}"


def grids_from_tables(ctx: ClaimContext) -> list[Grid]:
    """``doc.tables`` as grids, each row located in its ``table_row`` sentence for offsets."""
    grids: list[Grid] = []
    for t in ctx.doc.tables:
        rows: list[Row] = []
        inside = [
            s for s in ctx.doc.sentences if t.start is not None and t.end is not None and t.start <= s.start < t.end
        ]
        by_label: dict[str, Sentence] = {}
        for s in inside:
            by_label.setdefault(squeeze(ctx.view[s.start : s.end].split("\t")[0]), s)
        for r in t.rows:
            sent = by_label.get(squeeze(r.label))
            if sent is None:
                continue
            parts = ctx.view[sent.start : sent.end].split("\t")
            pos = sent.start + len(parts[0]) + 1
            spans = []
            for c in parts[1:]:
                spans.append((pos, pos + len(c)))
                pos += len(c) + 1
            spans = (
                [sp for sp, c in zip(spans, parts[1:], strict=True) if c.strip()]
                if len(spans) > len(r.cells)
                else spans
            )
            cells = [
                Cell(c.text, c.value, *(spans[k] if k < len(spans) else (sent.start, sent.end)), list(c.flags))
                for k, c in enumerate(r.cells)
            ]
            sec_unit = _unit_of(r.section or "") if r.section else None
            own = re.search(r"[（(](RMB|CNY|元|HK\$|港元)[)）]", r.label)
            if own:
                u: tuple[str | None, float, str | None] = (own.group(1), 1.0, _CURRENCY.get(own.group(1).casefold()))
            elif sec_unit:
                u = sec_unit
            else:
                u = (t.unit, t.multiplier or 1.0, t.currency)
            cur = u[2] or t.currency or _currency_of(" ".join(x for x in (t.unit, r.section, r.label) if x))
            rows.append(Row(r.label, cells, u[0], u[1], cur, sent))
        if rows and t.periods:
            grids.append(Grid(list(t.periods), rows))
    return grids


def _currency_of(text: str) -> str | None:
    """A unit that names no currency but prices in yuan (``百万元``, ``RMB``) is CNY."""
    if re.search(r"港元|HK\$|HKD", text):
        return "HKD"
    if re.search(r"美元|US\$|USD", text):
        return "USD"
    return "CNY" if re.search(r"元|RMB|CNY", text) else None


def extract_table_metrics(ctx: ClaimContext) -> list[Claim]:
    grids = grids_from_tables(ctx) if ctx.doc.tables else []
    if not grids:
        grids = grids_from_sentences(ctx)
    out: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    for g in grids:
        for k, row in enumerate(g.rows):
            key = ctx.rules.table_metrics.get(squeeze(row.label))
            if key is None:
                continue
            nxt = g.rows[k + 1] if k + 1 < len(g.rows) else None
            yoy = nxt if nxt is not None and squeeze(nxt.label) in ctx.rules.yoy_rows else None
            for j, cell in enumerate(row.cells[: len(g.periods)]):
                per = g.periods[j]
                if cell.value is None or not per:
                    continue
                period = f"FY{per['year']}" + ("E" if per.get("forecast") else "")
                if (key, period) in seen:
                    continue
                seen.add((key, period))
                values: dict[str, Any] = {"metric": key, "period": f"FY{per['year']}", "fiscal_year": per["year"]}
                conf = 0.9
                value = cell.value
                if "decimal_point_for_thousands" in cell.flags:
                    value = cell.value * 1000
                    values["reading"] = "decimal point read as a thousands separator"
                    conf = 0.5
                if "%" in cell.text or key.endswith("margin"):
                    values["value_pct"] = number(value)
                else:
                    values["amount"] = number(value * row.multiplier)
                    values["currency"] = row.currency
                    values["unit"] = row.currency
                    values["printed"] = cell.text
                    values["printed_unit"] = (row.unit or "").strip("()（） ") or None
                spans = [(cell.start, cell.end)]
                yoy_value = yoy.cells[j].value if yoy is not None and j < len(yoy.cells) else None
                if yoy is not None and yoy_value is not None:
                    values["yoy_pct"] = number(yoy_value)
                    spans.append((yoy.cells[j].start, yoy.cells[j].end))
                values["forecast"] = bool(per.get("forecast"))
                if per.get("fiscal_year_end"):
                    values["fiscal_year_end"] = per["fiscal_year_end"]
                values["source"] = "table"
                if cell.flags:
                    values["flags"] = cell.flags
                out.append(ctx.claim("financial_metric", values, spans, sentence=row.sentence, confidence=conf))
    return out
