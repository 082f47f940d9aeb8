"""Numbers inside a sentence, with their positions: money, percentages, years, scores.

Claims need *where* each number sits (to attach a growth rate to the amount before it, to
cite the exact characters) as well as its value, so these helpers return matches with
offsets into the sentence. They read the Simplified view of the text (see
``pipeline.claims.base``); amounts come out in base units (``1,905 亿元`` → 190500000000
CNY, ``12,980 百万元`` → 12980000000 CNY, ``620.00 港元`` → 620.0 HKD). In Hong Kong notes a
bare ``元`` with ``亿``/``百万`` is RMB, as the notes themselves state in their tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
CURRENCIES = {
    "港元": "HKD",
    "港币": "HKD",
    "美元": "USD",
    "人民币": "CNY",
    "元": "CNY",
    "RMB": "CNY",
    "HK$": "HKD",
    "US$": "USD",
}

MONEY = re.compile(
    rf"(?P<neg>负|-)?\s*(?P<num>{NUM})\s*(?P<scale>万亿|千亿|百亿|亿|千万|百万|万)?\s*(?P<cur>港元|港币|美元|人民币|元)"
)
PERCENT = re.compile(rf"(?P<sign>[-+])?(?P<num>{NUM})\s*%")
LIST_NUMBERS = re.compile(rf"(?P<num>-?(?:{NUM}))")
YEAR = re.compile(r"(?<![\d.,])(20[0-4]\d)(?![\d.,%])")
YEAR_RANGE = re.compile(r"(?<!\d)(20[0-4]\d)\s*年?\s*[-–~至到]\s*(20[0-4]\d)\s*年")
YEARS_LIST = re.compile(r"(?<!\d)(20[0-4]\d)[EA]?(?:\s*(?:及|和|、|与|/|,|，)\s*(20[0-4]\d)[EA]?)+\s*年?(?![\d.])")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str
    start: int
    end: int
    printed: str


@dataclass(frozen=True)
class Percent:
    value: float
    start: int
    end: int


def last_match(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text`` (the one nearest what follows)."""
    found = None
    for found in pattern.finditer(text, pos):  # noqa: B007 - the loop keeps the last match
        pass
    return found


def to_float(s: str) -> float:
    """``"1,905"`` → 1905.0; ``"(5,300)"`` → -5300.0 (accounting negatives)."""
    s = s.strip()
    neg = s.startswith("(") and s.endswith(")")
    v = float(s.strip("()").replace(",", "").replace("%", ""))
    return -v if neg else v


def number(v: float) -> float | int:
    """An integer when the value is whole (JSON stays readable: 380000000000, not 3.8e11)."""
    r = round(v, 6)
    return int(r) if float(r).is_integer() else r


def cn_int(s: str) -> int | None:
    """A small Chinese or Arabic integer: 三 → 3, 十二 → 12, 第7 → 7."""
    s = s.strip().lstrip("第")
    if s.isdigit():
        return int(s)
    if not s or any(c not in CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN_DIGITS.get(a, 1) if a else 1) * 10 + (CN_DIGITS.get(b, 0) if b else 0)
    if len(s) == 1:
        return CN_DIGITS[s]
    return None


def find_money(text: str) -> list[Money]:
    """Every money amount with a currency word, in base units."""
    out = []
    for m in MONEY.finditer(text):
        amount = to_float(m.group("num")) * SCALES.get(m.group("scale") or "", 1.0)
        if m.group("neg"):
            amount = -amount  # 归母净利润为负3.5亿元
        out.append(Money(float(number(amount)), CURRENCIES[m.group("cur")], m.start(), m.end(), m.group()))
    return out


def find_percents(text: str) -> list[Percent]:
    out = []
    for m in PERCENT.finditer(text):
        v = to_float(m.group("num"))
        out.append(Percent(-v if m.group("sign") == "-" else v, m.start(), m.end()))
    return out


def years_in(text: str) -> list[int]:
    """Years named in a forecast phrase: ``2025-2027年`` → 2025, 2026, 2027; ``2025及2026年``."""
    m = YEAR_RANGE.search(text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if 0 <= b - a <= 10:
            return list(range(a, b + 1))
    m = YEARS_LIST.search(text)
    if m:
        return [int(y) for y in re.findall(r"20[0-4]\d", m.group())]
    return []


def number_list(text: str) -> list[tuple[float, int, int]]:
    """Numbers of a ``a、b、c`` / ``a及b`` list at the start of ``text``: (value, start, end)."""
    out: list[tuple[float, int, int]] = []
    pos = 0
    pat = re.compile(
        rf"\s*(?P<num>-?(?:{NUM}))\s*(?P<scale>万亿|亿|百万|万)?(?:元|港元|美元|%|倍|GWh)?\s*(?P<sep>、|及|和|,|，|/)?"
    )
    while True:
        m = pat.match(text, pos)
        if not m or not m.group("num"):
            break
        out.append((to_float(m.group("num")), m.start("num"), m.end("num")))
        pos = m.end()
        if not m.group("sep"):
            break
    return out
