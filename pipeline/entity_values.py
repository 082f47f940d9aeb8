"""Value entities of the ``entities`` stage: MONEY, PERCENT, DATE, TICKER and QUANTITY.

Each finder reads the Simplified shadow of the text (``pipeline.entity_rules.shadow``), finds
candidates with the regexes of ``corpora/lexicons/entity_patterns.yaml`` and resolves them with
``pipeline.numbers`` (amounts in base units, percentages in percent, ISO dates, ``CODE.EXCHANGE``).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.entity_rules import CN_NUM, HAN, NUM, Candidate, _alt, _is_latin, simplified
from pipeline.gazetteer import Gazetteer
from pipeline.numbers import parse_date, parse_money, parse_number, tidy, to_ticker

_NOUN4 = re.compile(rf"[{HAN}]{{1,4}}")
_NOUN3 = re.compile(rf"[{HAN}]{{1,3}}")
_SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4}


class ValueFinder:
    """MONEY, PERCENT, DATE, TICKER and QUANTITY candidates with resolved values."""

    def __init__(self, patterns: dict[str, Any]) -> None:
        p = patterns
        self.tickers = [re.compile(x) for x in p["ticker_patterns"]]
        self.ticker_bare = re.compile(p["ticker_bare_a_share"])
        self.dates = [re.compile(x) for x in p["date_patterns"]]
        pre = "|".join(sorted(p["money_prefix"], key=len, reverse=True))
        suf = _alt(p["money_suffix"])
        num = rf"[-+]?{NUM}|{CN_NUM}"
        scale = r"万亿|百万|千万|十亿|百亿|千亿|亿|万|bn|mn|m|b"
        self.money = re.compile(
            rf"(?:(?:{pre})\s?)?(?<![\d.,])(?:{num})\s?(?:{scale})?\s?(?:{suf})|(?:{pre})\s?(?<![\d.,])(?:{num})(?:\s?(?:{scale})(?![A-Za-z]))?"
        )
        self.money_period = re.compile(p["money_period"])
        units = p["quantity_units"]
        self.units = {simplified(k): v for k, v in units.items()}
        self.needs_noun = {simplified(u) for u in p["quantity_needs_noun"]}
        self.arabic_only = {simplified(u) for u in p["quantity_arabic_only"]}
        self.quantity = re.compile(
            rf"(?<![\d.,A-Za-z])(?P<num>{NUM}|{CN_NUM})\s?(?P<scale>万亿|亿|万)?\s?(?P<plus>\+)?\s?(?P<unit>{_alt(self.units)})?"
        )
        self.list_member = re.compile(
            rf"(?<![\d.,A-Za-z%])(?P<num>{NUM})(?P<scale_sp>\s?(?P<scale>万亿|亿|万))?\s?(?:、|和|及|与|至|到|~|～|-|–)\s?$"
        )
        self.trunc_verbs = re.compile(
            rf"(?:{_alt(simplified(v) for v in p['truncation_verbs'])})(?:至|到)?\s?(?P<num>{NUM})\.?\s*$"
        )

    def money_candidates(self, s: str) -> list[Candidate]:
        out = []
        for m in self.money.finditer(s):
            text = m.group().strip()
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            if text[:1] == "+":
                text, start = text[1:], start + 1
            v = parse_money(text)
            if not v or v.get("amount") is None or not v.get("currency"):
                continue
            value = {"amount": v["amount"], "currency": v["currency"]}
            pm = self.money_period.search(s[max(0, start - 14) : start])
            if pm:
                n = pm.group("n")
                years = int(n) if n.isdigit() else parse_number(n)
                if years:
                    value["period_years"] = int(years)
            out.append(Candidate(start, start + len(text), "MONEY", None, value, 1.0, "pattern", 0, 0))
        return out

    def shared_unit_candidates(self, s: str, found: list[Candidate]) -> list[Candidate]:
        """The first members of a range or list that print their unit once: 91.8亿、102.5亿元,
        1至2亿元 (1亿 to 2亿), 0.6至0.9倍. Each takes the last member's currency or unit, and its
        scale (亿/万) when it has none of its own."""
        out = []
        for c in found:
            if (
                c.label not in ("MONEY", "QUANTITY")
                or not c.value
                or (c.label == "QUANTITY" and not c.value.get("unit"))
            ):
                continue
            scale_m = re.match(rf"[-+]?{NUM}\s?(万亿|亿|万)", s[c.start : c.end])
            scale = scale_m.group(1) if scale_m else None
            end = c.start
            while True:
                base = max(0, end - 30)
                m = self.list_member.search(s[base:end])
                if not m or base + m.start() >= end:
                    break
                start = base + m.start()
                v = parse_number(m.group("num"))
                if v is None:
                    break
                own = m.group("scale")
                v *= _SCALES.get(own or scale or "", 1.0)
                if c.label == "MONEY":
                    value = {"amount": tidy(v), "currency": c.value["currency"]}
                else:
                    value = {"value": tidy(v), "unit": c.value["unit"]}
                num_end = start + len(m.group("num")) + (len(m.group("scale_sp") or ""))
                out.append(Candidate(start, num_end, c.label, None, value, 0.9, "pattern", 0, 1))
                end = start
        return out

    def percent_candidates(self, s: str) -> list[Candidate]:
        from pipeline.number_spans import scan

        out = []
        for m in scan(s):
            if m.kind != "percent":
                continue
            start = m.start
            if start > 0 and s[start - 1] == "+":
                start -= 1
            out.append(Candidate(start, m.end, "PERCENT", None, {"value": tidy(m.value)}, 1.0, "pattern", 0, 1))
        return out

    def date_candidates(self, s: str, ref_year: int | None, fiscal_year_end: str | None) -> list[Candidate]:
        out = []
        for pat in self.dates:
            for m in pat.finditer(s):
                v = parse_date(m.group(), ref_year=ref_year, fiscal_year_end=fiscal_year_end)
                if v is None:
                    continue
                out.append(Candidate(m.start(), m.end(), "DATE", None, v, 1.0, "pattern", 0, 0))
        return out

    def ticker_candidates(self, s: str, gz: Gazetteer) -> list[Candidate]:
        out = []
        for pat in [*self.tickers, self.ticker_bare]:
            for m in pat.finditer(s):
                text = m.group().strip()
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                t = to_ticker(text)
                if not t:
                    continue
                rec = gz.by_ticker(t)
                value = {"canonical": t, **({"company": rec.id} if rec else {})}
                out.append(Candidate(start, start + len(text), "TICKER", t, value, 1.0, "pattern", 0, 0))
        return out

    def quantity_candidates(self, s: str) -> list[Candidate]:
        out = []
        n = len(s)
        for m in self.quantity.finditer(s):
            unit_word, scale, plus = m.group("unit"), m.group("scale"), m.group("plus")
            num = m.group("num")
            value = parse_number(num)
            if value is None:
                continue
            if num[0] in "零〇一二两三四五六七八九十百千万亿" and not unit_word:
                continue
            end = m.end()
            if scale:
                value *= {"万亿": 1e12, "亿": 1e8, "万": 1e4}[scale]
            unit = None
            if unit_word:
                nxt = s[end : end + 1]
                if unit_word in ("分",) and nxt and nxt in "钟之析别红配布散享成部支数":
                    continue
                if unit_word.isascii() and nxt and _is_latin(nxt):
                    continue
                if unit_word in self.arabic_only and not num[0].isdigit():
                    continue
                unit = self.units[unit_word]
                if unit_word in self.needs_noun:
                    noun = _NOUN4.match(s, end)
                    if not noun:
                        continue
                    unit = noun.group()[:2]
                if unit_word == "万公里" or unit_word in ("万吨", "万股"):
                    value *= 1e4
                elif unit_word == "亿股":
                    value *= 1e8
            elif plus:
                noun = _NOUN3.match(s, end)
                if not noun:
                    continue
                unit = noun.group()[:2]
            elif not scale:
                continue  # a bare number is not a quantity
            else:
                nxt = s[end : end + 1]
                if nxt and (nxt in "元美港人" or _is_latin(nxt)):
                    continue
            # "100万+客户": the + belongs to the quantity (at least), the noun does not.
            text_end = end
            while text_end > m.start() and s[text_end - 1] == " ":
                text_end -= 1
            value_d: dict[str, Any] = {"value": tidy(value), "unit": unit}
            if plus:
                value_d["qualifier"] = "at_least"
            out.append(Candidate(m.start(), text_end, "QUANTITY", None, value_d, 1.0, "pattern", 0, 2))
        # A truncated quantity: "提升10" ending a paragraph (its unit, 倍 or %, was cut off).
        for line in re.finditer(r"[^\n]+", s):
            t = self.trunc_verbs.search(line.group())
            if t and line.end() <= n:
                a = line.start() + t.start("num")
                out.append(
                    Candidate(
                        a,
                        a + len(t.group("num")),
                        "QUANTITY",
                        None,
                        {"value": float(t.group("num")), "unit": None, "truncated": True},
                        0.5,
                        "pattern",
                        0,
                        3,
                    )
                )
        return out
