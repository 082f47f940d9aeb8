"""Faithfulness check: every number and every name in a summary comes from the document.

``check(summary, doc)`` returns a :class:`Report` listing what it could not trace:

**Numbers.** Each number is read with its unit (``RMB 380bn`` = 3.8e11, ``12.98bn``,
``+5.9%``, ``×10``, ``3rd``; bare numbers in a Markdown table take the unit of its header
cell, ``RMB bn``) and must equal, *at the precision shown*, a number of the document's
claims, meta, entities or tables (sign ignored: capex is shown as an outflow). Years must be
years the document names; tickers must be tickers it names; citations (``[p1 s12]``)
must point at existing sentences.

**Names.** Capitalised and alphanumeric tokens (``Alibaba``, ``Qwen3-Max``, ``SWE-Bench``)
must belong to a name the document supports: an entity's text or its gazetteer English, a
string in a claim's values, a meta field (broker, analysts' English names), or the English
of those through the glossary. The style vocabulary (``Key``, ``Risks``, ``YoY``, month
names, and the English phrases of ``claim_rules.yaml``) holds no company names.

A summary with an invented company (``Baidu``) or a changed figure (``RMB 390bn``) fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.config import DocumentError
from pipeline.document import Document

# Words the summary templates and labels use (no company, product or person names).
_STYLE = """
A An And Analyst As At Buy By Capex Downgrades EPS FCF FY Figures For From In Initiates It Its
Key Maintains Management Company Neutral Not N/A NA Overweight P/E PE PB P/B Price Q1 Q2 Q3 Q4 RMB Rates
Report Risks SOTP DCF Sell Sources Source Target The This Underweight Upgrades View YoY QoQ HK
US IFRS R&D AI EV NEV LFP GPU GWh Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec E bn m tn x pp
Revenue Gross Net Free Operating Other Domestic International Social Marketing Fintech
Value-added Cash EBITDA Impairment Investment Monthly Daily Data-centre Sodium-ion
Energy-storage Global
"""
STYLE_WORDS = frozenset(_STYLE.split())
_CITATION = re.compile(r"\[(p\d+(?: s\d+)?(?:;\s*p\d+(?: s\d+)?)*)\]")
_TICKER = re.compile(r"\b\d{3,6}\.(?:HK|SZ|SH|SS|US)\b")
_NUMBER = re.compile(
    r"(?P<pre>HK\$|US\$|RMB\s?|×|\+|-|−)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suf>tn|bn|m\b|%|pp|x\b|st\b|nd\b|rd\b|th\b|E\b)?"
)
_FISCAL = re.compile(r"\bFY\s?(20\d{2})E?\b")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&/'][A-Za-z0-9]+)*")
SCALE = {"tn": 1e12, "bn": 1e9, "m": 1e6}


class FaithfulnessError(DocumentError):
    """A summary states something the document does not support (strict mode)."""


@dataclass
class Report:
    ok: bool = True
    problems: list[str] = field(default_factory=list)

    def fail(self, msg: str) -> None:
        self.ok = False
        self.problems.append(msg)


def _numbers(v: Any, out: set[float]) -> None:
    if isinstance(v, bool) or v is None:
        return
    if isinstance(v, (int, float)):
        out.add(abs(float(v)))
    elif isinstance(v, str):
        for m in re.finditer(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", v):
            out.add(float(m.group().replace(",", "")))
    elif isinstance(v, dict):
        for k, x in v.items():
            if isinstance(k, str) and re.fullmatch(r"20\d{2}", k):
                out.add(float(k))
            _numbers(x, out)
    elif isinstance(v, (list, tuple)):
        for x in v:
            _numbers(x, out)


MONEY_KEYS = {"amount", "target_price", "previous_target_price", "value"}


def _money(v: Any, out: set[float], *, priced: bool = False) -> None:
    """Amounts of money in claim values / meta: the pool HK$/RMB/US$ figures must come from."""
    if isinstance(v, dict):
        priced = priced or bool(v.get("currency"))
        for k, x in v.items():
            if k in MONEY_KEYS and isinstance(x, (int, float)) and not isinstance(x, bool) and priced:
                out.add(abs(float(x)))
            elif k in ("by_year", "previous") and priced and isinstance(x, dict):
                out.update(abs(float(y)) for y in x.values() if isinstance(y, (int, float)))
            elif isinstance(x, (dict, list)):
                _money(x, out, priced=priced)
    elif isinstance(v, list):
        for x in v:
            _money(x, out, priced=priced)


def _strings(v: Any, out: list[str]) -> None:
    if isinstance(v, str):
        out.append(v)
    elif isinstance(v, dict):
        for x in v.values():
            _strings(x, out)
    elif isinstance(v, (list, tuple)):
        for x in v:
            _strings(x, out)


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Style words plus every word of the English phrases in claim_rules.yaml (no names)."""
    from pipeline.claims.base import load_rules

    rules = load_rules()
    words: set[str] = {w.casefold() for w in STYLE_WORDS}
    texts: list[str] = [m.en for m in rules.metrics.values()]
    _strings(
        {k: v for k, v in rules.raw.items() if k in ("capex", "partnership", "rating", "risk", "views", "ranking")},
        texts,
    )
    for t in texts:
        if re.search(r"[\u4e00-\u9fff]", t):
            continue
        words.update(w.casefold() for w in _NAME.findall(t))
    return frozenset(words)


class Evidence:
    """What the document supports: numbers, years, tickers, names, sentence count."""

    def __init__(self, doc: Document, *, use_cedict: bool = True) -> None:
        from pipeline.summary.glossary import english_name

        self.numbers: set[float] = set()
        meta = doc.meta.model_dump()
        meta.pop("evidence", None)
        _numbers(meta, self.numbers)
        if doc.meta.date:
            self.numbers.update(float(x) for x in doc.meta.date.split("-"))
        for c in doc.claims:
            _numbers(c.values, self.numbers)
        for e in doc.entities:
            _numbers(e.value or {}, self.numbers)
        for t in doc.tables:
            for r in t.rows:
                for cell in r.cells:
                    if cell.value is not None:
                        self.numbers.add(abs(cell.value))
                        if t.multiplier:
                            self.numbers.add(abs(cell.value * t.multiplier))
            for p in t.periods:
                if p and p.get("year"):
                    self.numbers.add(float(p["year"]))
        self.money: set[float] = set()
        _money(meta, self.money)
        for c in doc.claims:
            _money(c.values, self.money)
        for e in doc.entities:
            if e.label == "MONEY" and e.value:
                _money({**e.value, "currency": e.value.get("currency") or "?"}, self.money)
        for t in doc.tables:
            if t.currency and t.multiplier:
                self.money.update(abs(c.value * t.multiplier) for r in t.rows for c in r.cells if c.value is not None)
        self.years = {int(n) for n in self.numbers if n.is_integer() and 1990 <= n <= 2100}
        strings: list[str] = []
        _strings(meta, strings)
        for c in doc.claims:
            _strings(c.values, strings)
            if c.subject:
                strings.append(c.subject)
        for e in doc.entities:
            strings.append(e.text)
            if e.canonical:
                strings.append(e.canonical)
        self.tickers = {t for s in strings for t in _TICKER.findall(s)} | set(doc.meta.tickers)
        names: set[str] = set()
        for s in strings:
            if not re.search(r"[\u4e00-\u9fff]", s):
                names.add(s)
            en = english_name(s, use_cedict=use_cedict)
            if en:
                names.add(en)
        self.name_tokens = {w.casefold() for n in names for w in _NAME.findall(n)}
        self.sentences = len(doc.sentences)
        self.pages = doc.source.pages

    def supports(self, value: float, decimals: int, scale: float = 1.0, *, money: bool = False) -> bool:
        """A supported number equal to ``value`` at the precision shown (``decimals`` × ``scale``)."""
        tol = 0.5 * 10 ** (-decimals) * scale * 1.0001
        return any(abs(n - value) <= tol for n in (self.money if money else self.numbers))


def check(summary: str, doc: Document, *, use_cedict: bool = True) -> Report:
    """What in ``summary`` the document does not support (``Report.ok`` when nothing)."""
    ev = Evidence(doc, use_cedict=use_cedict)
    rep = Report()
    vocab = vocabulary()
    for m in _CITATION.finditer(summary):
        for tag in m.group(1).split(";"):
            pm = re.match(r"\s*p(\d+)(?: s(\d+))?", tag)
            if pm and (int(pm.group(1)) > max(ev.pages, 1) or (pm.group(2) and int(pm.group(2)) >= ev.sentences)):
                rep.fail(f"citation {tag.strip()} points at no sentence")
    text = _CITATION.sub(" ", summary)
    for t in _TICKER.findall(text):
        if t not in ev.tickers:
            rep.fail(f"ticker {t} is not in the document")
    text = _TICKER.sub(" ", text)
    for m in _FISCAL.finditer(text):
        if int(m.group(1)) not in ev.years:
            rep.fail(f"period {m.group()} is not in the document")
    text = _FISCAL.sub(" ", text)
    for line in _table_aware(text):
        body, scale = line
        for m in _NUMBER.finditer(body):
            _check_number(m, body, scale, ev, rep)
        for tok in _NAME.findall(re.sub(r"(?<![A-Za-z\d.-])\d[\d,.]*(?:tn|bn|m|pp|x|st|nd|rd|th|E)?\b", " ", body)):
            if _is_name(tok) and tok.casefold() not in vocab and tok.casefold() not in ev.name_tokens:
                rep.fail(f"name {tok!r} is not in the document")
    return rep


def _is_name(tok: str) -> bool:
    """Capitalised or mixed letters-and-digits tokens are names; lower-case words are prose."""
    return tok[:1].isupper() or bool(re.search(r"\d", tok)) or bool(re.search(r"[a-z][A-Z]", tok))


def _table_aware(text: str) -> Iterable[tuple[str, float]]:
    """Lines with the scale bare numbers carry (a Markdown table's header unit, else 1)."""
    scale = 1.0
    in_table = False
    for line in text.splitlines():
        if line.startswith("|"):
            if not in_table:
                in_table = True
                head = line.strip("|").split("|")[0]
                unit = re.search(r"\b(tn|bn|m)\b", head)
                scale = SCALE[unit.group(1)] if unit else 1.0
                yield re.sub(r"\b(tn|bn|m)\b", "", line), 1.0
                continue
            yield line, scale
        else:
            in_table, scale = False, 1.0
            yield line, 1.0


def _check_number(m: re.Match[str], body: str, scale: float, ev: Evidence, rep: Report) -> None:
    num, suf, pre = m.group("num"), m.group("suf") or "", m.group("pre") or ""
    prev = body[max(0, m.start() - 2) : m.start()]
    if re.search(r"[A-Za-z]$", prev) and (not pre or pre in "-−"):
        return  # part of a name (Qwen3, GPT-5, DeepSeek-V3.1): checked as a name
    value = float(num.replace(",", ""))
    is_money = pre.startswith(("RMB", "HK$", "US$"))
    decimals = len(num.split(".")[1]) if "." in num else 0
    if suf in ("st", "nd", "rd", "th"):
        ok = value in ev.numbers
    elif re.fullmatch(r"(19|20)\d{2}", num) and not suf and "." not in num and not pre.startswith(("RMB", "HK", "US")):
        ok = int(value) in ev.years
    elif suf in SCALE:
        ok = ev.supports(value * SCALE[suf], decimals, SCALE[suf], money=is_money)
    elif is_money:
        ok = ev.supports(value, decimals, money=True)
    elif suf in ("%", "pp", "x", "E") or pre == "×":
        ok = ev.supports(value, decimals)
    else:
        ok = ev.supports(value * scale, decimals, scale)
    if not ok:
        rep.fail(f"number {pre}{num}{suf} is not in the document")


def enforce(summary: str, doc: Document, *, strict: bool = False, use_cedict: bool = True) -> Report:
    """Check ``summary``; record problems in ``doc.warnings``; raise in strict mode."""
    rep = check(summary, doc, use_cedict=use_cedict)
    for p in rep.problems:
        doc.warnings.append(f"summary faithfulness: {p}")
    if strict and not rep.ok:
        raise FaithfulnessError("summary is not faithful to the document: " + "; ".join(rep.problems))
    return rep
