"""Render a document's typed claims as an English Markdown note.

Layout::

    **Tencent (0700.HK)** · Harbourview Securities · 12 Nov 2025 · Buy (maintained) · Price HK$512.00 · Target HK$620.00 [p1 s47]

    - Tencent plans to invest at least RMB 350bn over 3 years (2025–2027) in AI infrastructure. [p1 s18; p1 s16]
    - …                                    (3–8 bullets, most material claims first)

    **Key financials**  (a table from the report's financial table, RMB bn)

    **Analyst view.** …   **Risks.** …

Everything is built from typed claim values, meta fields and English names (gazetteer,
finance glossary, CC-CEDICT). Nothing is translated from free text: a claim whose subject or
metric has no English is left out. Every bullet ends with its evidence (``[p<page>
s<sentence index>]``; the index is into ``doc.sentences``).

Number style: RMB 380bn, RMB 12.98bn, HK$172.00, ×10, FY2025 / FY2026E, +5.9% YoY, +2.1pp.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipeline.claims.base import Rules, load_rules
from pipeline.document import Claim, Document
from pipeline.summary.format import (
    MONTHS,
    RATING_EN,
    cite,
    join_en,
    money,
    ordinal,
    pct,
    period_en,
    priority,
    trim,
)
from pipeline.summary.glossary import english_name, english_term

ACTION_EN = {
    "maintain": "maintained",
    "initiate": "initiated",
    "upgrade": "upgraded",
    "downgrade": "downgraded",
    "assign": "assigned",
}
BULLET_ORDER = (
    "capex_commitment",
    "financial_metric",
    "target",
    "forecast",
    "benchmark_result",
    "ranking",
    "partnership",
)


class Renderer:
    """One document's summary; ``render()`` returns the Markdown."""

    def __init__(
        self, doc: Document, *, rules: Rules | None = None, use_cedict: bool = True, max_bullets: int = 8
    ) -> None:
        self.doc = doc
        self.rules = rules or load_rules()
        self.use_cedict = use_cedict
        self.max_bullets = max_bullets
        self.by_type: dict[str, list[Claim]] = defaultdict(list)
        for c in doc.claims:
            self.by_type[c.type].append(c)
        ids = getattr(doc.meta, "company_ids", None) or []
        self.company = self.name(ids[0] if ids else None) or self.name(
            doc.meta.companies[0] if doc.meta.companies else None
        )

    # -- names and terms --------------------------------------------------------------------
    def name(self, rid: str | None) -> str | None:
        return english_name(rid, use_cedict=self.use_cedict)

    def term(self, zh: str | None) -> str | None:
        """English for a whole Chinese term (finance glossary, then CC-CEDICT), else None."""
        return english_term(zh, use_cedict=self.use_cedict) if zh else None

    def subject(self, c: Claim) -> str | None:
        return self.display(c.subject)

    def display(self, rid: str | None) -> str | None:
        """English name; the covered company without one is "The company" (never a gloss)."""
        ids = getattr(self.doc.meta, "company_ids", None) or []
        covered = self.doc.meta.companies and rid in (None, *self.doc.meta.companies, *ids)
        return self.name(rid) or (self.company or "The company" if covered else None)

    def metric(self, key: str | None) -> str | None:
        m = self.rules.metrics.get(key or "")
        return m.en if m else None

    def e(self, year: int) -> str:
        """``E`` after a forecast year (the report's year and later)."""
        date = self.doc.meta.date
        return "E" if not date or year >= int(date[:4]) else ""

    # -- header -------------------------------------------------------------------------------
    def header(self) -> str:
        meta = self.doc.meta
        parts: list[str] = []
        title = self.company or (meta.tickers[0] if meta.tickers else "Report")
        if meta.tickers and self.company:
            title += f" ({', '.join(meta.tickers)})"
        parts.append(f"**{title}**")
        broker = self.name(getattr(meta, "broker_id", None)) or self.name(meta.broker)
        if broker:
            parts.append(broker)
        if meta.date:
            y, m, d = meta.date.split("-")
            parts.append(f"{int(d)} {MONTHS[int(m) - 1]} {y}")
        if meta.rating:
            r = RATING_EN[meta.rating.normalized]
            act = ACTION_EN.get(meta.rating.action or "")
            parts.append(f"{r} ({act})" if act and meta.rating.normalized != "not_rated" else r)
        if meta.price:
            parts.append(f"Price {money(meta.price.value, meta.price.currency, price=True)}")
        ev = getattr(meta, "evidence", None) or {}
        stated = next((c.values for c in self.by_type.get("rating", []) if c.values.get("target_price")), {})
        if meta.target_price:
            parts.append(f"Target {money(meta.target_price.value, meta.target_price.currency, price=True)}")
        elif stated:
            parts.append(f"Target {money(stated['target_price'], stated.get('currency'), price=True)}")
        elif "target_price" in ev:
            parts.append("Target N/A")  # the report prints N/A
        tags = []
        for k in ("rating", "price", "target_price"):
            if k in ev and ev[k].get("sentence") is not None:
                tag = f"p{ev[k]['page']} s{ev[k]['sentence']}"
                if tag not in tags:
                    tags.append(tag)
        return " · ".join(parts) + (f" [{'; '.join(tags)}]" if tags else "")

    # -- bullets ------------------------------------------------------------------------------
    def bullets(self) -> list[str]:
        out: list[str] = []
        for kind in BULLET_ORDER:
            fn = getattr(self, f"_b_{kind}")
            for text, claims in fn(self.by_type.get(kind, [])):
                if text and len(out) < self.max_bullets:
                    out.append(f"- {text} {cite(claims)}")
        return out

    def _b_capex_commitment(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        out = []
        for c in claims[:2]:
            v, subj = c.values, self.subject(c)
            if not subj or "amount" not in v:
                continue
            qual = {"at_least": "at least ", "at_most": "up to "}.get(v.get("qualifier", ""), "")
            span = f" over {v['period_years']} years" if v.get("period_years") else ""
            if v.get("period_start"):
                span += f" ({v['period_start']}–{v['period_end']})"
            purpose_en = v.get("purpose") or (self.term(v["purpose_zh"]) if v.get("purpose_zh") else None)
            purpose = f" in {purpose_en}" if purpose_en else ""
            more = (
                " and signalled it will keep adding to the investment"
                if v.get("additional_investment_signalled")
                else ""
            )
            who = self.name(v.get("speaker")) if v.get("speaker") else None
            said = f", according to {who}" if who and who != v.get("speaker") else ""
            out.append(
                (
                    f"{subj} plans to invest {qual}{money(v['amount'], v.get('currency'))}{span}{purpose}{more}{said}.",
                    [c],
                )
            )
        return out

    def _b_financial_metric(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        # Prose figures of a dated period (2025Q3, not a bare "Q1"), one metric name once per period.
        prose = [
            c
            for c in claims
            if c.values.get("source") != "table"
            and self.metric(c.values.get("metric"))
            and str(c.values.get("period") or "")[:2] == "20"
        ]
        by_period: dict[str, list[Claim]] = defaultdict(list)
        for c in prose:
            group = by_period[c.values["period"]]
            if all(g.values["metric"] != c.values["metric"] for g in group):
                group.append(c)
        out = [] if by_period else self._latest_fiscal_year()  # quarterly prose figures are fresher
        for period, cs in list(by_period.items())[:2]:
            cs = sorted(cs, key=lambda c: priority(c.values.get("metric")))
            parts = []
            for c in cs[:3]:
                v = c.values
                if "amount" in v:
                    item = f"{self.metric(v['metric'])} {money(v['amount'], v.get('currency'))}"
                else:
                    item = f"{self.metric(v['metric'])} {trim(v['value_pct'], 1)}%"
                growth = [f"{pct(v[k])} {lbl}" for k, lbl in (("yoy_pct", "YoY"), ("qoq_pct", "QoQ")) if k in v]
                growth += [
                    f"{pct(v[k], unit='pp')} {lbl}"
                    for k, lbl in (("yoy_change_pp", "YoY"), ("qoq_change_pp", "QoQ"))
                    if k in v
                ]
                parts.append(item + (f" ({', '.join(growth)})" if growth else ""))
            label = period_en(period)
            text = f"{label}: " + "; ".join(parts) + "." if label else "; ".join(parts).capitalize() + "."
            out.append((text[0].upper() + text[1:], cs[:3]))
        return out

    def _latest_fiscal_year(self) -> list[tuple[str, list[Claim]]]:
        """The latest reported (not forecast) fiscal year of the financial table."""
        table = [
            c
            for c in self.by_type.get("financial_metric", [])
            if c.values.get("source") == "table" and "amount" in c.values
        ]
        actual = [c for c in table if not c.values.get("forecast")]
        if not actual:
            return []
        year = max(c.values["fiscal_year"] for c in actual)
        picks = [
            c
            for c in actual
            if c.values["fiscal_year"] == year
            and c.values["metric"] in ("revenue", "net_profit", "net_profit_attributable", "capex", "free_cash_flow")
        ]
        picks.sort(
            key=lambda c: ("revenue", "net_profit", "net_profit_attributable", "capex", "free_cash_flow").index(
                c.values["metric"]
            )
        )
        parts = []
        for c in picks:
            v = c.values
            item = f"{self.metric(v['metric'])} {money(v['amount'], v.get('currency'))}"
            if "yoy_pct" in v:
                item += f" ({pct(v['yoy_pct'])} YoY)"
            parts.append(item)
        if not parts:
            return []
        return [(f"FY{year}: " + "; ".join(parts) + ".", picks)]

    def _b_target(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        out = []
        for c in claims[:2]:
            v, subj, metric = c.values, self.subject(c), self.metric(c.values.get("metric"))
            if not subj or not metric:
                continue
            if "multiplier" in v:
                text = f"{subj} targets {metric} in {v['target_year']} at ×{trim(v['multiplier'], 2)} the {v['base_year']} level"
                if c.incomplete:
                    text += " (the source sentence is cut off, so the unit is not confirmed)"
            elif "value_pct" in v:
                q = {"more_than": "more than ", "at_least": "at least ", "about": "about "}.get(
                    v.get("qualifier", ""), ""
                )
                text = f"{subj} aims for a {metric} of {q}{trim(v['value_pct'], 1)}% by {v['target_year']}"
            else:
                continue
            if v.get("source") == "management":
                text = "Management target: " + text
            out.append((text + ".", [c]))
        return out

    def _b_forecast(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        parts: list[str] = []
        used: list[Claim] = []
        for c in sorted(claims, key=lambda c: priority(c.values.get("metric"))):
            v, metric = c.values, self.metric(c.values.get("metric"))
            if not metric or "by_year" not in v or len(parts) >= 3:
                continue
            items = []
            for y, val in v["by_year"].items():
                if v.get("currency"):
                    shown = money(val, v["currency"], price=c.values.get("metric") == "eps")
                elif v.get("unit") == "percent":
                    shown = f"{trim(val, 1)}%"
                elif v.get("unit"):
                    shown = f"{trim(val, 1)} {v['unit']}"
                else:
                    shown = trim(val, 2)
                items.append(f"{shown} in {y}{self.e(int(y))}")
            text = f"{metric} of {join_en(items)}"
            if v.get("revision_pct"):
                text += f" (raised by {join_en([pct(r, signed=False) for r in v['revision_pct'].values()])})"
            elif v.get("previous"):
                text += " (revised from " + join_en([money(p, v.get("currency")) for p in v["previous"].values()]) + ")"
            parts.append(text)
            used.append(c)
        if not parts:
            return []
        return [(f"The broker forecasts {'; '.join(parts)}.", used)]

    def _b_benchmark_result(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        by_model: dict[str, list[Claim]] = defaultdict(list)
        for c in claims:
            if c.values.get("model"):
                by_model[c.values["model"]].append(c)
        out = []
        for model, cs in by_model.items():
            name = self.name(model)
            if not name:
                continue
            perfect = [c for c in cs if c.values.get("perfect_score")]
            items = []
            for c in cs:
                if c in perfect:
                    continue
                v = c.values
                item = f"{trim(v['score'], 1)} on {v['benchmark']}"
                if v.get("variant") and v["variant"] in ("Instruct", "Thinking"):
                    item += f" ({v['variant']} version)"
                beats = [b for b in v.get("beats", []) if self.name(b["model"])]
                if beats:
                    item += ", ahead of " + join_en(
                        [self.name(b["model"]) + (f" ({trim(b['score'], 1)})" if "score" in b else "") for b in beats]  # type: ignore[operator]
                    )
                items.append(item)
            if perfect:
                items.append(
                    f"a perfect {trim(perfect[0].values['score'], 1)} on {join_en([c.values['benchmark'] for c in perfect])}"
                )
            ranks = [
                r
                for r in self.by_type.get("ranking", [])
                if r.values.get("model") == model and r.values.get("leaderboard")
            ]
            # Items that contain their own "and" (ahead of X and Y) are separated by semicolons.
            if any(" and " in i for i in items) and len(items) > 1:
                listed = "; ".join(items[:-1]) + "; and " + items[-1]
            else:
                listed = join_en(items)
            text = f"{name} scored {listed}." if items else ""
            for r in ranks:
                who = "Its preview" if r.values.get("variant") == "preview" else ("It" if items else name)
                text += f" {who} ranks {ordinal(r.values['rank'])} on {r.values['leaderboard']}."
            if text:
                out.append((text.strip(), cs + ranks))
        return out

    def _b_ranking(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        out = []
        bench_models = {c.values.get("model") for c in self.by_type.get("benchmark_result", [])}
        for c in claims:
            v = c.values
            if v.get("model") in bench_models and v.get("leaderboard"):
                continue  # rendered with the model's benchmark results
            subj = self.name(v.get("model")) if v.get("model") else self.subject(c)
            board = v.get("leaderboard") or self.metric(v.get("metric"))
            if not subj or not board or not (v.get("rank") or v.get("top")):
                continue
            scope = {"global": " globally", "China": " in China", "domestic": " in China"}.get(v.get("scope") or "", "")
            if v.get("rank"):
                place = f"{ordinal(v['rank'])}{scope}"
            else:
                region = {"global": " global", "China": " China", "domestic": " China"}.get(v.get("scope") or "", "")
                place = f"in the{region} top {v['top']}"
            prep = "on" if v.get("leaderboard") else ("by" if v.get("metric") == "market_share" else "in")
            text = f"{subj} ranks {place} {prep} {board}"
            extra = []
            if "market_share_pct" in v:
                share = "" if v.get("metric") == "market_share" else " share"
                extra.append(f"{trim(v['market_share_pct'], 1)}%{share}")
            if v.get("period"):
                extra.append(period_en(v["period"]) or "")
            if v.get("source") and self.name(v["source"]):
                extra.append(f"source: {v['source']}")
            if extra:
                text += f" ({', '.join(e for e in extra if e)})"
            for unit in ("years", "quarters", "months"):
                if v.get(f"consecutive_{unit}"):
                    text += f", for the {ordinal(v[f'consecutive_{unit}'])} {unit[:-1]} running"
            for k, val in v.items():
                if k.startswith("rank_") and isinstance(val, int):
                    text += f", and {ordinal(val)} among {k[5:].capitalize() if k[5:] == 'china' else k[5:]} models"
            out.append((text + ".", [c]))
        return out[:2]

    def _b_partnership(self, claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
        out = []
        for c in claims[:2]:
            v = c.values
            names = [self.display(p) for p in v.get("partners", [])]
            if len(names) < 2 or not all(names):
                continue
            b = str(names[1])
            if v.get("partner_ticker"):
                b += f" ({v['partner_ticker']})"
            if v.get("kind") == "joint_venture":
                text = f"{names[0]} formed a joint venture with {b}" + (f" for {v['scope']}" if v.get("scope") else "")
            else:
                text = f"{names[0]} is partnering with {b}" + (
                    f" on {on}" if (on := v.get("field") or v.get("scope") or self.term(v.get("field_zh"))) else ""
                )
            out.append((text + ".", [c]))
        return out

    def render(self) -> str:
        lines = [self.header(), ""]
        lines += self.bullets()
        from pipeline.summary import sections

        table = sections.key_financials(self)
        if table:
            lines += ["", *table]
        for section in (sections.view(self), sections.risks(self)):
            if section:
                lines += ["", *section]
        return "\n".join(lines).strip() + "\n"


def render_summary(doc: Document, **kwargs: Any) -> str:
    """The English Markdown summary of ``doc`` (see module docstring)."""
    return Renderer(doc, **kwargs).render()
