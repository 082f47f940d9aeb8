"""Find and resolve numbers and percentages in mixed Chinese/Arabic text.

The scanner reads Arabic numbers (``1,050,000,000``, ``.5``, ``2.3e5``, ``40k``, ``-2.5 M``),
Chinese numerals in both scripts and the financial forms (``四亿五千六百四十二万零一十五``,
``兩千四百五``, ``肆佰陸拾``), mixtures (``4.78万亿``, ``3万4000``, ``1,100.9亿``),
approximations (``十多万``, ``五百余万``), fractions (``五分之一``, ``3又一千分之23``,
``1 3/5``) and percentages (``-22.2%``, ``百分之二点五``, ``千分之一``, ``2.4个百分点``,
``七成``, ``八五折``).

Offsets are code points of the input (full-width digits and signs are read as their ASCII
forms, which keeps every offset). ``numbers.py`` is the public face of this module.

Why not cn2an alone: cn2an converts a string that *is* a numeral, but cannot find numerals
inside text, rejects ``一点五亿`` and ``百分之五`` in ``smart`` mode, and does not know 折/成.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "倆": 2,
    "俩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
ZEROS = set("零〇○")
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
APPROX = set("余餘多几幾来來")
POINTS = set("点點")
NEG = set("负負-")
_TWO = set("两兩倆俩")  # never a decimal digit: 一点两小时 is 一 … 两
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x2212] = ord("-")  # minus sign
_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+")
_EXP = re.compile(r"[eE]([+-]?\d+)|\^([+-]*)(\d+)")
_SUFFIX = re.compile(r"(bn|mn)(?![A-Za-z])| ?([kKM])(?![A-Za-z])")
_SUFFIX_VALUE = {"k": 1e3, "K": 1e3, "M": 1e6, "bn": 1e9, "mn": 1e6}


def halfwidth(text: str) -> str:
    """Full-width ASCII → ASCII, one character for one (offsets stay valid)."""
    return text.translate(_FULLWIDTH)


@dataclass
class Match:
    """A number or percentage found in text: ``text[start:end]`` resolves to ``value``."""

    start: int
    end: int
    value: float
    kind: str = "number"  # number | percent | fraction
    inner: tuple[int, int, float] | None = None  # the number inside a 个百分点 percent

    def as_dict(self, text: str) -> dict:
        return {"start": self.start, "end": self.end, "text": text[self.start : self.end], "value": self.value}


def _skip(s: str, j: int) -> int:
    while j < len(s) and s[j] == " ":
        j += 1
    return j


class _Expr:
    """Token-by-token evaluation of one numeral expression (integer part)."""

    def __init__(self) -> None:
        self.total = 0.0
        self.section = 0.0
        self.num: float | None = None
        self.num_digits = 0  # consecutive single Chinese digits in ``num`` (二〇二五)
        self.prev = ""  # D digit | A arabic | Z zero | U small unit | B big unit | H half | X approx
        self.last_unit = 0
        self.last_big = 0
        self.after_zero = False
        self.elidable = False
        self.units = 0
        self.has_value = False

    def digit(self, v: float, kind: str) -> bool:
        if kind == "D" and self.prev == "D":
            self.num = (self.num or 0) * 10 + v
            self.num_digits += 1
        elif self.num is not None:
            return False  # two numbers in a row: the expression ended
        else:
            self.num = v
            self.num_digits = 1 if kind == "D" else 0
        self.elidable = kind == "D" and self.prev in ("U", "B") and not self.after_zero
        self.prev = kind
        self.has_value = True
        return True

    def small(self, u: int) -> bool:
        if self.num_digits > 1 or (self.last_unit and u >= self.last_unit and self.prev != "B" and self.section):
            return False  # 二三十 (a range), 五十千
        n = 1.0 if self.num is None else self.num
        self.section += n * u
        self.num, self.num_digits, self.last_unit, self.prev = None, 0, u, "U"
        self.after_zero = self.elidable = False
        self.units += 1
        self.has_value = True
        return True

    def big(self, u: int) -> bool:
        if self.num_digits > 1:
            return False
        seg = self.section + (self.num or 0)
        if seg == 0 and self.prev == "B":
            self.total *= u
            self.last_big *= u
        elif seg == 0 and self.total == 0:
            return False  # 万 on its own
        elif self.total and u > self.last_big:
            self.total = (self.total + seg) * u
            self.last_big = u
        else:
            self.total += seg * u
            self.last_big = u
        self.section, self.num, self.num_digits, self.last_unit, self.prev = 0.0, None, 0, u, "B"
        self.after_zero = self.elidable = False
        self.units += 1
        return True

    def value(self) -> float:
        tail = 0.0
        if self.num is not None:
            tail = (
                self.num * self.last_unit / 10
                if (self.elidable and self.prev == "D" and self.num_digits == 1)
                else self.num
            )
        return self.total + self.section + tail


def scan_number(s: str, i: int, *, digit_spaces: bool = False) -> tuple[int, float, _Expr] | None:
    """The numeral expression starting exactly at ``i``: ``(end, value, expr)`` or None.

    ``s`` must already be half-width. Handles a leading minus, Chinese decimals (点/點),
    approximations before a unit, Arabic exponents and k/M/bn suffixes; not fractions
    or percentages (``pipeline.number_spans.scan_at`` adds those).
    """
    n = len(s)
    j = i
    sign = 1.0
    if j < n and s[j] in NEG:
        if s[j] == "-" and j > 0 and ((s[j - 1].isascii() and s[j - 1].isalnum()) or s[j - 1] in ".-"):
            return None
        sign, j = -1.0, j + 1
        if j < n and s[j] == "." and j + 1 < n and s[j + 1].isdigit():
            pass
        elif j >= n or not (s[j].isdigit() or s[j] in DIGITS or s[j] in "十拾"):
            return None
    e = _Expr()
    end = j
    arabic_only = True
    while True:
        k = _skip(s, end) if e.has_value else end
        if k >= n:
            break
        ch = s[k]
        m = _ARABIC.match(s, k) if (ch.isdigit() or ch == ".") else None
        if m and e.prev in ("", "U", "B", "Z", "X"):
            if e.prev == "" and k != j:
                break
            if m.group().startswith(".") and e.prev:
                break
            if not e.digit(float(m.group().replace(",", "")), "A"):
                break
            end = m.end()
            continue
        if ch in DIGITS and ch not in ZEROS:
            if k != end and e.prev in ("D", "A") and not digit_spaces:
                break  # 五 八 are two numbers, not 58
            if e.prev == "A":
                break
            if not e.digit(float(DIGITS[ch]), "D"):
                break
            arabic_only = False
            end = k + 1
            continue
        if ch in ZEROS:
            if e.prev == "Z" or e.prev == "D" or e.prev == "" or k != end:
                if e.prev == "D" and k == end:  # 二〇二五, 一零
                    e.digit(0.0, "D")
                    end = k + 1
                    arabic_only = False
                    continue
                if e.prev == "" and k == end and k + 1 < n and s[k + 1] in SMALL_UNITS:
                    e.prev, e.after_zero = "Z", True  # 零十
                    end = k + 1
                    continue
                if e.prev == "" and k == end:
                    e.digit(0.0, "D")
                    end = k + 1
                    arabic_only = False
                    continue
                break
            e.after_zero, e.prev = True, "Z"
            end = k + 1
            arabic_only = False
            continue
        if ch in SMALL_UNITS:
            # A leading 百 or 千 only when one digit follows (百三 / 千三).
            leading = e.prev == "" and k == end and ch not in "十拾" and not e.has_value
            if leading and not (k + 1 < n and s[k + 1] in DIGITS and s[k + 1] not in ZEROS):
                break
            if not e.small(SMALL_UNITS[ch]):
                break
            arabic_only = False
            end = k + 1
            continue
        if ch in BIG_UNITS:
            if not e.has_value or not e.big(BIG_UNITS[ch]):
                break
            arabic_only = False
            end = k + 1
            continue
        if ch == "半" and e.prev == "" and k + 1 < n and s[k + 1] in "百佰":
            e.digit(0.5, "H")
            end = k + 1
            continue
        if ch in APPROX and e.has_value and e.prev in ("U", "B", "Z", "D", "A"):
            nxt = _skip(s, k + 1)
            if nxt < n and s[nxt] in BIG_UNITS:
                end = k + 1  # 十多万, 五百余万: the approximation word is read as nothing
                continue
        break
    if not e.has_value or end == j:
        return None
    value = e.value()
    # A Chinese decimal: 十五点七, 四百亿点零五零, 一点五亿.
    k = _skip(s, end)
    if k < n and s[k] in POINTS and not arabic_only:
        d = _skip(s, k + 1)
        digits = ""
        while d < n and s[d] in DIGITS and s[d] not in _TWO:
            digits += str(DIGITS[s[d]])
            d += 1
            if d < n and s[d] == " " and d + 1 < n and s[d + 1] in DIGITS and s[d + 1] not in _TWO and digit_spaces:
                d += 1
        if digits:
            value += float("0." + digits)
            end = d
            if e.units == 0:  # 一点五亿
                k2 = _skip(s, end)
                mult = 1.0
                while k2 < n and s[k2] in BIG_UNITS:
                    mult *= BIG_UNITS[s[k2]]
                    end = k2 = k2 + 1
                value *= mult
    if arabic_only:
        m = _EXP.match(s, end)
        if m and e.units == 0:
            try:
                if m.group(1) is not None:
                    value *= 10.0 ** int(m.group(1))
                else:
                    exp = int(m.group(3)) * (-1 if m.group(2).count("-") % 2 else 1)
                    value = float(value**exp)
            except (OverflowError, ZeroDivisionError):
                return None  # 9^999: not a number we can hold
            end = m.end()
        else:
            m = _SUFFIX.match(s, end)
            if m and e.units == 0:
                value *= _SUFFIX_VALUE[m.group(1) or m.group(2)]
                end = m.end()
    k = end
    if k < n and s[k] == "打" and not arabic_only:  # a dozen: 五十打 = 600
        value *= 12
        end = k + 1
    return end, sign * value, e
