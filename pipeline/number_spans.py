"""Numbers, fractions and percentages found in running text, with their offsets.

``scan(text)`` walks the text left to right and, at every place a numeral can start, asks
``scan_at`` for the longest reading: a number (``chinese_numerals.scan_number``), a fraction
(``五分之一``, ``3又一千分之23``, ``1 3/5``) or a percentage (``-22.2%``, ``百分之二点五``,
``千分之一``, ``2.4个百分点``, ``七成``, ``八五折``, ``百分之百``). It leaves out numerals inside
words (四川, 一切, 收拾), inside Latin names (GPT5), inside URLs and e-mail addresses, and
single numerals that are money (一美元). ``pipeline.numbers`` is the public face.
"""

from __future__ import annotations

import math
import re

from pipeline.chinese_numerals import BIG_UNITS, DIGITS, NEG, SMALL_UNITS, ZEROS, Match, _skip, halfwidth, scan_number

# Words where a numeral character is not a number (四川, 陆地, 一切, 收拾 …).
_NOT_NUMBERS = [
    "一切",
    "壹切",
    "一看",
    "四川",
    "陆地",
    "陸地",
    "大陆",
    "大陸",
    "登陆",
    "登陸",
    "海陆",
    "海陸",
    "陆空",
    "陸空",
    "入伍",
    "退伍",
    "队伍",
    "隊伍",
    "伍仁",
    "收拾",
    "拾取",
    "拾起",
    "拾到",
    "夕拾",
    "放肆",
    "肆意",
    "肆无",
    "肆無",
    "十足",
    "两两",
    "兩兩",
    "万一",
    "萬一",
    "一些",
    "一直",
    "一起",
    "一定",
    "一般",
    "统一",
    "統一",
    "唯一",
    "之一",
    "一致",
    "一旦",
    "千万别",
    "千萬別",
    "万分",
    "萬分",
]
_CURRENCY_AFTER = re.compile(r"\s*(美元|美刀|美金|元|块|塊|港元|港币|港幣|欧元|歐元|日元|英镑|英鎊)")


def _fraction_tail(s: str, end: int) -> tuple[int, float] | None:
    """``分之Y`` right after a denominator ending at ``end``: (end, Y)."""
    k = _skip(s, end)
    if k < len(s) and s[k] == "分":
        k = _skip(s, k + 1)
        if k < len(s) and s[k] == "之":
            k = _skip(s, k + 1)
            r = scan_number(s, k)
            if r:
                return r[0], r[1]
    return None


_PCT_WORD = re.compile(r"\s*(?:个|個)\s*百\s*分\s*(?:点|點)")
_PCT_PREFIX = re.compile(r"(百万万|百萬萬|百万|百萬|千万|千萬|万万|萬萬|[百佰千仟万萬])\s*分\s*之\s*")
_PCT_PREFIX_SCALE = {"百": 1.0, "佰": 1.0, "千": 0.1, "仟": 0.1, "万": 0.01, "萬": 0.01, "百万": 1e-4, "百萬": 1e-4}
_PCT_PREFIX_SCALE.update({"千万": 1e-5, "千萬": 1e-5, "万万": 1e-6, "萬萬": 1e-6, "百万万": 1e-8, "百萬萬": 1e-8})
_MIXED_FRACTION = re.compile(r"\s+(\d+)/(\d+)(?![\d/])")
_SLASH_FRACTION = re.compile(r"/(\d+)(?![\d/])")
_HALF = re.compile(r"半(成|折)")
_DUI_ZHE = re.compile(r"(?<=打)(对|對)折")
_SPACED_ZHE = re.compile(r"([0-9一二三四五六七八九两兩])\s+([0-9一二三四五六七八九])\s*折")


def scan_at(s: str, i: int) -> Match | None:
    """The number, fraction or percentage starting at ``i`` of half-width text ``s``."""
    n = len(s)
    ch = s[i]
    if ch == "半":
        m = _HALF.match(s, i)
        if m:
            return Match(i, m.end(), 5.0 if m.group(1) == "成" else 50.0, "percent")
    if ch in "对對":
        m = _DUI_ZHE.match(s, i)
        if m:
            return Match(i, m.end(), 50.0, "percent")
    m = _PCT_PREFIX.match(s, i)
    if m and not (i > 0 and (s[i - 1] in DIGITS or s[i - 1].isdigit() or s[i - 1] in SMALL_UNITS)):
        if (
            s[m.end() : m.end() + 1] in ("百", "佰")
            and m.group(1) in "百佰"
            and s[m.end() + 1 : m.end() + 2] not in DIGITS
        ):
            return Match(i, m.end() + 1, 100.0, "percent")  # 百分之百
        r = scan_number(s, m.end())
        if r:
            end, v, _ = r
            nxt = s[end : end + 1]
            run = s[end - 2 : end]
            if (
                len(run) == 2
                and all(c in DIGITS for c in run)
                and (nxt in SMALL_UNITS or nxt in BIG_UNITS or nxt in DIGITS)
            ):
                return None  # 百分之二三十: a vague range
            return Match(i, end, v * _PCT_PREFIX_SCALE[m.group(1)], "percent")
    m = _SPACED_ZHE.match(s, i)
    if m:
        a, b = (int(x) if x.isdigit() else DIGITS[x] for x in m.groups())
        return Match(i, m.end(), float(a * 10 + b), "percent")
    r = scan_number(s, i)
    if r is None:
        return None
    end, value, e = r
    k = _skip(s, end)
    if k < n and s[k] in "%":
        return Match(i, k + 1, value, "percent")
    m = _PCT_WORD.match(s, end)
    if m:
        return Match(i, m.end(), value, "percent", inner=(i, end, value))
    if k < n and s[k] == "成" and not (k + 1 < n and s[k + 1] in "本员員立功就长長为為交不果效绩績品型份"):
        v = value * 10
        end2 = k + 1
        k2 = _skip(s, end2)
        if k2 < n and s[k2] == "半":
            v, end2 = v + 5, k2 + 1
        elif (
            k2 < n
            and s[k2] in DIGITS
            and s[k2] not in ZEROS
            and value == int(value)
            and value < 10
            and not (k2 + 1 < n and (s[k2 + 1] in DIGITS or s[k2 + 1] in SMALL_UNITS or s[k2 + 1] in BIG_UNITS))
        ):
            v, end2 = v + DIGITS[s[k2]], k2 + 1  # 七成六 = 76%
        if v <= 100:
            return Match(i, end2, v, "percent")
        return None
    if k < n and s[k] == "折" and value > 0:
        if value < 10:
            v = value * 10
        elif value < 100 and value == int(value) and e.units == 0:
            v = value  # 75折, 五五折 (but 十折 is no discount)
        else:
            return None
        if v >= 100:
            return None  # 十折 is no discount, not a percentage
        return Match(i, k + 1, round(v, 6), "percent")
    fr = _fraction_tail(s, end)
    if fr and value != 0:
        return Match(i, fr[0], fr[1] / value, "fraction")
    # 3又一千分之23 / 负一又二分之一
    k = _skip(s, end)
    if k < n and s[k] == "又":
        r2 = scan_number(s, _skip(s, k + 1))
        if r2:
            fr = _fraction_tail(s, r2[0])
            if fr and r2[1]:
                whole = value
                part = fr[1] / r2[1]
                return Match(i, fr[0], whole + part if whole >= 0 else whole - part, "fraction")
    # Arabic fractions: 3/5, -3/2, 1 3/5
    if e.prev == "A" and e.units == 0:
        m = _MIXED_FRACTION.match(s, end)
        if m and int(m.group(2)):
            return Match(i, m.end(), value + int(m.group(1)) / int(m.group(2)), "fraction")
        m = _SLASH_FRACTION.match(s, end)
        if m and int(m.group(1)) and not (i > 0 and s[i - 1] == "/"):
            return Match(i, m.end(), value / int(m.group(1)), "fraction")
    return Match(i, end, value, "number")


def _blocked(s: str, i: int, end: int) -> bool:
    """Whether ``s[i:end]`` is a numeral character inside a word (四川, 一切, 收拾)."""
    if end - i > 2:
        return False
    for w in _NOT_NUMBERS:
        a = max(0, i - len(w) + 1)
        pos = s.find(w, a, end + len(w) - 1)
        if pos != -1 and pos < end and pos + len(w) > i:
            return True
    return False


_URL = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _url_mask(s: str) -> bytearray:
    """1 for characters inside URLs and e-mail addresses (30%25 there is not a percentage)."""
    mask = bytearray(len(s) + 1)
    for m in _URL.finditer(s):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return mask


def scan(text: str) -> list[Match]:
    """Every number, fraction and percentage in ``text``, left to right, non-overlapping."""
    s = halfwidth(text)
    out: list[Match] = []
    i = 0
    n = len(s)
    skip = _url_mask(s)
    while i < n:
        ch = s[i]
        if skip[i]:
            i += 1
            continue
        if (
            i > 0
            and s[i - 1] in DIGITS
            and s[i - 1] not in ZEROS
            and (ch in DIGITS or ch in SMALL_UNITS or ch in BIG_UNITS)
        ):
            i += 1  # inside a Chinese numeral run that did not read as one number (二三十个百分点)
            continue
        if not (ch.isdigit() or ch in DIGITS or ch in SMALL_UNITS or ch in NEG or ch in "半对對.百佰千仟万萬"):
            i += 1
            continue
        if ch.isdigit() and i > 0 and (s[i - 1].isalpha() and s[i - 1].isascii()):
            # inside a word such as GPT5 or V3: skip the whole alphanumeric run
            while i < n and (s[i].isalnum() and s[i].isascii() or s[i] == "."):
                i += 1
            continue
        m = scan_at(s, i)
        if m is None or m.end <= m.start or not math.isfinite(m.value) or _blocked(s, m.start, m.end):
            i += 1
            continue
        if m.kind == "number" and m.end - m.start <= 2 and _CURRENCY_AFTER.match(s, m.end) and not s[m.start].isdigit():
            i = m.end
            continue
        while m.end > m.start and s[m.end - 1] == " ":
            m.end -= 1
        out.append(m)
        i = m.end
    return out
