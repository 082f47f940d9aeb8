"""Parsing the pieces of a financial table: cell numbers, units, period headers.

Pure functions, used by the ``tables`` stage:

- :func:`parse_cell` — ``"1,234.5"`` → 1234.5, ``"(2,483)"`` → -2483, ``"38.2%"`` → 38.2
  (flag ``percent``), ``"1.76x"`` → 1.76 (flag ``multiple``), ``"N/A"``/``"-"``/``"Net cash"``
  → None (flag ``na``/``net_cash``); text that is not a number keeps ``value = None`` with
  flag ``text`` or, when it looks like a mangled number, ``unparsed`` (``"12 480"``:
  ``suspect_spaces``; the repair stage decides, not this parser). The value is the
  number as printed, never scaled by the table's unit.
- :func:`parse_unit` — ``"(CNY'm)"`` → ("CNY'm", "CNY", 1e6), ``"单位：百万元"`` →
  ("百万元", None, 1e6), ``"(RMB m)"``, ``"HK$ mn"``, ``"億元"`` (1e8) …
- :func:`parse_period` — ``"FY2023"``, ``"FY 2024"``, ``"2025E"``, ``"2024A"``, ``"FY25F"``,
  ``"1H24"``, ``"2025年"`` → ``{"year": 2025, "forecast": True, ...}``.
- :func:`parse_fiscal_year_end` — ``"Yr ended 31 Mar"`` → ``"03-31"``.
"""

from __future__ import annotations

import re
from typing import Any

NA = re.compile(r"^(?:N/?A|n\.?a\.?|NM|nm|n\.?m\.?|nil|Nil|NIL|-+|—+|–+|－+|不適用|不适用|無|无)$")
NET_CASH = re.compile(r"^(?:net\s*cash|淨現金|净现金)$", re.I)
_NUMBER = re.compile(
    r"^(?P<neg>[-−–])?(?P<open>\()?(?P<neg2>[-−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<close>\))?(?P<suffix>%|x|X|倍|pp|ppt|bp|bps)?(?P<star>\*+)?$"
)
_SUSPECT_DOT = re.compile(r"^\(?-?\d{1,3}\.\d{3}\)?$")
_WITH_UNIT = re.compile(
    r"^(?P<num>[-−(]?[\d,.]+\)?)\s*(?P<unit>(?:千萬|千万|百萬|百万|億|亿|萬|万|千)?(?:港元|港幣|港币|美元|人民幣|人民币|元|股)|(?:HK\$|US\$|HKD|USD|CNY|RMB)\s*(?:m|mn|bn)?|bn|mn|m)$"
)
_MANGLED = re.compile(r"^[\d\s.,()%*/+\-−]+$")


def parse_cell(text: str) -> tuple[float | None, list[str]]:
    """The number in a table cell as printed, and flags describing it."""
    t = text.strip().replace("，", ",").replace("（", "(").replace("）", ")").replace("％", "%")
    if not t:
        return None, []
    if NA.match(t):
        return None, ["na"]
    if NET_CASH.match(t):
        return None, ["net_cash"]
    compact = re.sub(r"(?<=[\d,])\s+(?=[\d,])", "", t) if re.fullmatch(r"[\d ,.]+", t) else t
    m = _NUMBER.match(compact)
    if m and compact != t and bool(m.group("open")) == bool(m.group("close")):
        return None, ["suspect_spaces"]  # "12 480": a lost separator or two cells run together
    if m and bool(m.group("open")) == bool(m.group("close")):
        flags: list[str] = []
        try:
            value = float(m.group("num").replace(",", ""))
        except ValueError:  # pragma: no cover - the pattern admits only numbers
            return None, ["unparsed"]
        if m.group("open"):
            value, flags = -value, flags + ["parenthesized"]
        if m.group("neg") or m.group("neg2"):
            value = -value
        suffix = m.group("suffix")
        if suffix == "%":
            flags.append("percent")
        elif suffix in ("x", "X", "倍"):
            flags.append("multiple")
        elif suffix:
            flags.append(suffix)
        if m.group("star"):
            flags.append("footnote")
        return (0.0 if value == 0 else value), flags
    m = _WITH_UNIT.match(t)
    if m:
        value, flags = parse_cell(m.group("num"))
        if value is not None:
            return value, flags + [f"unit:{m.group('unit')}"]
    if _MANGLED.match(t) and re.search(r"\d", t):
        return None, ["unparsed"]
    return None, ["text"]


def is_suspect_separator(text: str) -> bool:
    """``163.509`` — a dot where the thousands comma should be (decided with the cell's context)."""
    return bool(_SUSPECT_DOT.match(text.strip()))


# -- units ------------------------------------------------------------------------------------
_CURRENCY = [
    (re.compile(r"HK\$|HKD|港元|港幣|港币", re.I), "HKD"),
    (re.compile(r"US\$|USD|美元", re.I), "USD"),
    (re.compile(r"CNY|RMB|Rmb|人民幣|人民币", re.I), "CNY"),
    (re.compile(r"JPY|日元|日圓", re.I), "JPY"),
    (re.compile(r"EUR|歐元|欧元", re.I), "EUR"),
]
_CN_MAG = [
    ("千萬", 1e7),
    ("千万", 1e7),
    ("十億", 1e9),
    ("十亿", 1e9),
    ("百萬", 1e6),
    ("百万", 1e6),
    ("億", 1e8),
    ("亿", 1e8),
    ("萬", 1e4),
    ("万", 1e4),
    ("千", 1e3),
]
_EN_MAG = re.compile(
    r"(?:^|[\s'’_\-])(m|mn|mln|million|millions|b|bn|billion|billions|k|th|thousand|thousands|'000)\b", re.I
)
_EN_MAG_VALUE = {
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "k": 1e3,
    "th": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "'000": 1e3,
}
# "(CNY'm)", "(RMB m)", "HK$ mn", "US$bn", "Rmb'000"
_EN_UNIT = re.compile(
    r"(?P<cur>HK\$|US\$|HKD|USD|CNY|RMB|Rmb|EUR|JPY)\s*['’_]?\s*(?P<mag>m|mn|mln|million|b|bn|billion|k|'000|000)(?![A-Za-z])",
    re.I,
)
_CN_UNIT = re.compile(
    r"(?P<mag>千萬|千万|十億|十亿|百萬|百万|億|亿|萬|万|千)(?P<cur>元|港元|港幣|港币|美元|人民幣|人民币|股)"
)
_CN_UNIT_LABEL = re.compile(r"(?:單位|单位)\s*[:：]?\s*(?P<unit>[^\s,，;；)）]+)")


def parse_unit(text: str) -> tuple[str, str | None, float | None] | None:
    """``(unit as printed, ISO currency or None, multiplier)`` found in ``text``, else None."""
    m = _EN_UNIT.search(text)
    if m:
        mag = m.group("mag").lower().replace("000", "'000") if m.group("mag") in ("000",) else m.group("mag").lower()
        cur = _currency(m.group("cur"))
        return m.group(0).strip(), cur, _EN_MAG_VALUE.get(mag, 1e3 if "000" in mag else None)
    m = _CN_UNIT.search(text)
    if m:
        mag = dict(_CN_MAG)[m.group("mag")]
        cur = _currency(m.group("cur")) if m.group("cur") not in ("元", "股") else None
        return m.group(0), cur, mag
    m = _CN_UNIT_LABEL.search(text)
    if m:
        unit = m.group("unit")
        mag = next((v for k, v in _CN_MAG if unit.startswith(k)), 1.0 if unit in ("元", "港元", "美元") else None)
        return unit, _currency(unit), mag
    return None


def _currency(text: str) -> str | None:
    for pat, code in _CURRENCY:
        if pat.search(text):
            return code
    return None


# -- periods ----------------------------------------------------------------------------------
_PERIOD = re.compile(
    r"^(?:FY\s?|F)?(?P<half>[12]H|H[12]|[1-4]Q|Q[1-4])?\s?(?P<year>(?:19|20)\d{2}|\d{2})(?P<half2>[HQ][1-4]|\s?[12]H)?\s?(?P<suffix>[AEFPaefp]|年|年度|[（(]?(?:預測|预测|實際|实际|E|A)[)）]?)?$"
)
_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def parse_period(text: str) -> dict[str, Any] | None:
    """A column header as a period, or None when it is not one."""
    t = text.strip().replace("（", "(").replace("）", ")")
    m = _PERIOD.match(t)
    if not m:
        return None
    y = m.group("year")
    if len(y) == 2:
        if not (t.upper().startswith("F") or m.group("suffix") or m.group("half") or m.group("half2")):
            return None  # a bare "23" is a number, not a year
        year = 2000 + int(y)
    else:
        year = int(y)
    suffix = (m.group("suffix") or "").upper()
    period: dict[str, Any] = {"year": year}
    period["forecast"] = suffix in ("E", "F", "P") or "預測" in suffix or "预测" in suffix
    hq = (m.group("half") or m.group("half2") or "").replace(" ", "").upper()
    if hq:
        digit = int(re.sub(r"\D", "", hq))
        period["half" if "H" in hq else "quarter"] = digit
    return period


def is_period(text: str) -> bool:
    return parse_period(text) is not None


def parse_fiscal_year_end(text: str) -> str | None:
    """``"Yr ended 31 Mar"``, ``"FYE Dec"``, ``"Year to March"``, ``"財政年度截至3月31日"`` → ``"MM-DD"``."""
    m = re.search(r"(?:ended|ending|end|to|FYE|FY\s*end)\s*(?:(\d{1,2})\s*)?([A-Za-z]{3})[a-z]*\b", text, re.I)
    if m and m.group(2).lower() in _MONTHS:
        month = _MONTHS[m.group(2).lower()]
        day = int(m.group(1)) if m.group(1) else _DAYS_IN[month - 1]
        return f"{month:02d}-{day:02d}"
    m = re.search(r"(?:截至|截止|年結|年结|結算日|结算日)\D{0,4}(\d{1,2})\s*月\s*(\d{1,2})?\s*日?", text)
    if m:
        month = int(m.group(1))
        if 1 <= month <= 12:
            day = int(m.group(2)) if m.group(2) else _DAYS_IN[month - 1]
            return f"{month:02d}-{day:02d}"
    return None
