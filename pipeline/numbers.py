"""Numbers, money, percentages, tickers and dates of broker reports, resolved to values.

    parse_number("三千八百億")            # 380000000000.0
    parse_money("3800億元")               # {"amount": 380000000000.0, "currency": "CNY"}
    parse_money("HK$172")                 # {"amount": 172.0, "currency": "HKD"}
    parse_percent("負 3.5%")              # -3.5
    to_ticker("700 HK")                   # "0700.HK"
    parse_date("9 月 24 日", ref_year=2025)  # {"iso": "2025-09-24"}
    extract_numbers("收入一百五十万元，增长12%")  # spans + values

Amounts are in base units (元, not 亿元). Percentages are in percent (24.4 for 24.4%).
Dates follow the gold convention of ``corpora/samples``: ``iso`` is an ISO 8601 date, month,
year or interval (``2025-07-01/2025-09-30``); ranges also carry ``start``/``end``.
"""

from __future__ import annotations

import calendar
import math
import re
from typing import Any

from pipeline.chinese_numerals import DIGITS, Match, halfwidth, scan_number
from pipeline.number_spans import scan

MULTIPLIERS = {
    "万": 1e4,
    "萬": 1e4,
    "亿": 1e8,
    "億": 1e8,
    "百万": 1e6,
    "百萬": 1e6,
    "千万": 1e7,
    "千萬": 1e7,
    "十亿": 1e9,
    "十億": 1e9,
    "百亿": 1e10,
    "百億": 1e10,
    "千亿": 1e11,
    "千億": 1e11,
    "万亿": 1e12,
    "萬億": 1e12,
    "兆": 1e12,
    "k": 1e3,
    "K": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "B": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "tn": 1e12,
    "trillion": 1e12,
    "千": 1e3,
    "百": 1e2,
}
_LATIN_MULT = re.compile(r"^\s*(k|K|m|M|mn|mln|million|b|B|bn|billion|tn|trillion)\b")

# Currency words → ISO 4217. Longest first when matching.
CURRENCIES = {
    "人民币": "CNY",
    "人民幣": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "Rmb": "CNY",
    "元": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "港元": "HKD",
    "港币": "HKD",
    "港幣": "HKD",
    "HK$": "HKD",
    "HKD": "HKD",
    "HKD$": "HKD",
    "美元": "USD",
    "美金": "USD",
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
    "欧元": "EUR",
    "歐元": "EUR",
    "EUR": "EUR",
    "€": "EUR",
    "日元": "JPY",
    "日圓": "JPY",
    "JPY": "JPY",
    "英镑": "GBP",
    "英鎊": "GBP",
    "GBP": "GBP",
    "£": "GBP",
    "新台币": "TWD",
    "新台幣": "TWD",
    "TWD": "TWD",
    "NT$": "TWD",
}
_CUR_ALT = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_CUR_RE = re.compile(_CUR_ALT)
_SCALE_ALT = "万亿|萬億|百万|百萬|千万|千萬|十亿|十億|百亿|百億|千亿|千億|万|萬|亿|億"


def parse_number(text: str) -> float | None:
    """The number ``text`` spells: 1,234.5 / 1.2bn / 3.5m / 40k / 三千八百億 / 百分之五 (0.05) / 两 / 零.

    Returns None unless the whole string (trimmed) is one number.
    """
    if text is None:
        return None
    s = halfwidth(str(text)).strip().replace("，", ",")
    if not s:
        return None
    neg = False
    if s[0] in "+＋":
        s = s[1:].strip()
    elif s.startswith("(") and s.endswith(")"):  # accounting negatives: (2,483)
        neg, s = True, s[1:-1].strip()
    r = scan_number(s, 0)
    if r is None:
        pct = scan(s)
        if len(pct) == 1 and pct[0].start == 0 and pct[0].end == len(s) and pct[0].kind == "percent":
            return pct[0].value / 100
        return _cn2an(s, neg)
    end, value, _ = r
    rest = s[end:]
    if rest.strip():
        m = _LATIN_MULT.match(rest)
        if m and not rest[m.end() :].strip():
            value *= MULTIPLIERS[m.group(1)]
        elif rest.strip() in MULTIPLIERS:
            value *= MULTIPLIERS[rest.strip()]
        else:
            ms = scan(s)
            if len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(s):
                value = ms[0].value / 100 if ms[0].kind == "percent" else ms[0].value
            else:
                return _cn2an(s, neg)
    if not math.isfinite(value):
        return None
    return tidy(-value if neg else value)


def tidy(x: float) -> float:
    """Drop binary noise from scaling (9.8 × 1e8 = 980000000.0000001 → 980000000.0)."""
    if not math.isfinite(x):
        return x
    r = round(x)
    if r and abs(x - r) <= 1e-9 * abs(x):
        return float(r)
    return round(x, 10)


def _cn2an(s: str, neg: bool) -> float | None:
    if not any(c.isdigit() or c in DIGITS for c in s):
        return None  # units alone (百, 亿) are not a number
    try:
        import cn2an

        v = float(cn2an.cn2an(s, "smart"))
    except Exception:
        return None
    return -v if neg else v


_MONEY_RE = re.compile(
    rf"(?P<pre>{_CUR_ALT})?\s*(?P<num>[-+负負]?\s*[\d.,]+(?:\s*[kKmMbB]n?\b)?|[零〇一二两兩三四五六七八九十百千万萬亿億点點壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]+)"
    rf"\s*(?P<scale>{_SCALE_ALT}|bn|mn|billion|million|m|b|k)?\s*(?P<post>{_CUR_ALT})?"
)


def parse_money(text: str, default_currency: str | None = None) -> dict[str, Any] | None:
    """``{"amount", "currency"}`` of a money expression, amount in base units.

    3800億元 → 380000000000 CNY; 港元 172.00 / HK$172 → 172 HKD; US$1.2bn / 12亿美元 → USD.
    A bare number takes ``default_currency`` (None when not given).
    """
    s = halfwidth(text).strip()
    m = _MONEY_RE.search(s)
    if not m:
        return None
    num = m.group("num").replace(" ", "")
    sign = -1.0 if num[:1] in "-负負" else 1.0
    amount = parse_number(num.lstrip("-+负負"))
    if amount is None:
        return None
    scale = m.group("scale")
    if scale:
        amount *= MULTIPLIERS.get(scale, 1.0)
    cur_word = m.group("pre") or m.group("post")
    if not cur_word:  # a currency word elsewhere: 人民币 3,000 万
        cm = _CUR_RE.search(s)
        cur_word = cm.group() if cm else None
    currency = CURRENCIES.get(cur_word) if cur_word else default_currency
    if currency is None and not cur_word:
        return None if default_currency is None and not scale else {"amount": tidy(sign * amount), "currency": None}
    return {"amount": tidy(sign * amount), "currency": currency}


def parse_percent(text: str) -> float | None:
    """Percent value of ``text``: +24.4% → 24.4; 負 3.5% → -3.5; 百分之五 → 5; 2.4个百分点 → 2.4."""
    s = halfwidth(text).strip()
    sign = 1.0
    while s[:1] in ("+", "-", "负", "負", " ") and s:
        if s[0] in "-负負":
            sign = -sign
        s = s[1:]
    for m in scan(s):
        if m.kind == "percent":
            return tidy(sign * m.value)
    v = parse_number(s)
    return None if v is None else sign * v


# -- extraction (spans + values) -------------------------------------------------------------
def extract_numbers(text: str) -> list[dict[str, Any]]:
    """Numbers (and fractions) in ``text``: ``[{"start", "end", "text", "value"}]``, end exclusive.

    Percentages are not numbers here, but the number inside ``12个百分点`` is.
    """
    out = []
    for m in scan(text):
        if m.kind in ("number", "fraction"):
            out.append(m.as_dict(text))
        elif m.inner:
            out.append(Match(m.inner[0], m.inner[1], m.inner[2]).as_dict(text))
    for d in out:
        d["value"] = tidy(d["value"])
    return out


def extract_percents(text: str) -> list[dict[str, Any]]:
    """Percentages in ``text`` (``%``, 百分之, 千分之, 个百分点, 成, 折), value in percent."""
    return [{**m.as_dict(text), "value": tidy(m.value)} for m in scan(text) if m.kind == "percent"]


# -- tickers --------------------------------------------------------------------------------
_US = {"US", "N", "O", "OQ", "UN", "UW", "UQ", "NYSE", "NASDAQ", "NASDAQGS", "NYSEARCA", "NQ", "AMEX"}
_EXCHANGE_ALIASES = {
    "HK": "HK",
    "HKEX": "HK",
    "HKG": "HK",
    "SEHK": "HK",
    "SH": "SH",
    "SS": "SH",
    "SHA": "SH",
    "SSE": "SH",
    "SZ": "SZ",
    "SZA": "SZ",
    "SZSE": "SZ",
    "BJ": "BJ",
    "CH": "",
    "C1": "SH",
    "C2": "SZ",
    "JP": "JP",
    "T": "JP",
    "TYO": "JP",
    "KS": "KS",
    "KQ": "KQ",
    "TT": "TW",
    "TW": "TW",
    "LN": "LN",
    "L": "LN",
    "SP": "SG",
    "SI": "SG",
}
_TICKER_RE = re.compile(
    r"^\s*(?:(?P<ex1>[A-Za-z]{1,8})\s*[:：]\s*)?(?P<code>\d{1,6}|[A-Za-z][A-Za-z.]{0,5}?)(?:\s*[.\s]\s*(?P<ex2>[A-Za-z]{1,8}[12]?|C[12]))?\s*$"
)


def _a_share_exchange(code: str) -> str:
    if code[0] in "69":
        return "SH"
    if code[0] in "48":
        return "BJ"
    return "SZ"


def to_ticker(text: str) -> str | None:
    """Canonical ``CODE.EXCHANGE``: 9988 HK → 9988.HK, 700 HK → 0700.HK, 688556 SH → 688556.SH,
    300750 → 300750.SZ, BABA US / BABA.N / NYSE: BABA → BABA.US. None when not a ticker."""
    if not text:
        return None
    t = halfwidth(text)
    t = re.sub(r"^\s*(\d{1,6})([A-Za-z]{2})\s*$", r"\1 \2", t)  # 9988HK
    m = _TICKER_RE.match(t)
    if not m:
        return None
    code, ex = m.group("code"), (m.group("ex1") or m.group("ex2") or "").upper()
    if code.isdigit():
        if ex in ("HK", "HKEX", "HKG", "SEHK") and len(code) <= 5:
            return f"{int(code):04d}.HK"
        if len(code) == 6 and (ex in ("", "CH", "SH", "SS", "SHA", "SSE", "SZ", "SZA", "SZSE", "BJ", "C1", "C2")):
            x = _EXCHANGE_ALIASES.get(ex) or _a_share_exchange(code)
            return f"{code}.{x}"
        if ex in _EXCHANGE_ALIASES and _EXCHANGE_ALIASES[ex]:
            return f"{code}.{_EXCHANGE_ALIASES[ex]}"
        return None
    if not ex:
        return None
    code = code.upper()
    if ex in _US:
        return f"{code.replace('.', '-')}.US"
    if ex in _EXCHANGE_ALIASES and _EXCHANGE_ALIASES[ex]:
        return f"{code}.{_EXCHANGE_ALIASES[ex]}"
    return None


# -- dates ------------------------------------------------------------------------------------
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
_MONTHS["sept"] = 9
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_CN_NUM = r"[0-9零〇○一二两三四五六七八九十]"
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ymd",
        re.compile(
            rf"^(?P<y>\d{{4}}|[零〇○一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_CN_NUM}{{1,3}})\s*月\s*(?P<d>{_CN_NUM}{{1,3}})\s*[日号號]?$"
        ),
    ),
    ("ymd", re.compile(r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})$")),
    ("md", re.compile(rf"^(?P<m>{_CN_NUM}{{1,3}})\s*月\s*(?P<d>{_CN_NUM}{{1,3}})\s*[日号號]$")),
    ("dmy", re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*{_MON}\.?[\s\-/,]*(?P<y>\d{{4}}|\d{{2}})$", re.I)),
    ("mdy", re.compile(rf"^{_MON}\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<y>\d{{4}})$", re.I)),
    ("my", re.compile(rf"^{_MON}\.?[\s\-']*(?P<y>\d{{4}}|\d{{2}})$", re.I)),
    ("ym", re.compile(rf"^(?P<y>\d{{4}})\s*年\s*(?P<m>{_CN_NUM}{{1,3}})\s*月(?:份)?$")),
    ("ym", re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})$")),
    ("mrange", re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月?\s*[-–~～至到]\s*(?P<m2>\d{1,2})\s*月(?:份)?$")),
    ("yrange", re.compile(r"^(?P<y>\d{4})\s*(?:年)?\s*[-–—~～至到]\s*(?P<y2>\d{4}|\d{2})\s*年?(?P<e>[EeFf])?$")),
    (
        "quarter",
        re.compile(
            r"^(?:(?P<y>\d{4}|\d{2})\s*[Qq](?P<q>[1-4])|(?P<q2>[1-4])\s*Q\s*(?P<y2>\d{4}|\d{2})|(?P<y3>\d{4})\s*年?\s*第?(?P<q3>[一二三四1-4])\s*季度?)(?P<e>[EeFf])?$"
        ),
    ),
    (
        "half",
        re.compile(
            r"^(?:(?P<h>[12])\s*H\s*(?P<y>\d{4}|\d{2})|(?P<y2>\d{4}|\d{2})\s*H(?P<h2>[12])|(?P<y3>\d{4})\s*年?\s*(?P<h3>上|下)半年)(?P<e>[EeFf])?$",
            re.I,
        ),
    ),
    ("fy", re.compile(r"^(?:FY|财年|財年|财政年度|財政年度)\s*'?(?P<y>\d{4}|\d{2})(?P<e>[EeFfA])?$", re.I)),
    ("year", re.compile(r"^(?P<y>\d{4})\s*(?P<e>[EeFfA])?\s*(?:年(?:度|底|末|初|内|內)?)?$")),
]


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if all(c in DIGITS for c in s):  # 二〇二五
        return int("".join(str(DIGITS[c]) for c in s))
    v = parse_number(s)
    return int(v) if v is not None else 0


def _year(y: str, ref_year: int | None) -> int:
    v = _cn_int(y)
    if len(y) == 2:
        century = (ref_year or 2000) // 100 * 100
        v += century
    return v


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _period(y: int, m1: int, m2: int) -> dict[str, Any]:
    start, end = f"{y:04d}-{m1:02d}-01", _month_end(y, m2)
    return {"iso": f"{start}/{end}", "start": start, "end": end}


def _parse_fye(fiscal_year_end: str | None) -> tuple[int, int] | None:
    """'31 Mar', 'Mar', '03-31', '3月31日' → (month, day)."""
    if not fiscal_year_end:
        return None
    s = fiscal_year_end.strip()
    m = re.search(_MON, s, re.I)
    if m:
        mon = _MONTHS[m.group("mon").lower()[:3] if m.group("mon").lower()[:4] != "sept" else "sep"]
        d = re.search(r"\d{1,2}", s)
        return mon, int(d.group()) if d else calendar.monthrange(2001, mon)[1]
    nums = [int(x) for x in re.findall(r"\d+", s)]
    if len(nums) >= 2:
        return nums[0], nums[1]
    if len(nums) == 1:
        return nums[0], calendar.monthrange(2001, nums[0])[1]
    return None


def parse_date(text: str, ref_year: int | None = None, fiscal_year_end: str | None = None) -> dict[str, Any] | None:
    """Resolve a date expression.

    ``2025年9月24日`` → ``{"iso": "2025-09-24"}``; ``9 月 24 日`` needs ``ref_year``;
    ``25-Sep-25``, ``26 September 2025``; ``2025年9月`` → ``2025-09``; ``2032 年`` → ``2032``;
    ``2022E`` → ``{"iso": "2022", "forecast": True}``; ``3Q24``/``22Q1``/``2025年第三季度`` → a quarter
    interval; ``1H25`` → a half; ``2025-2027年`` → ``2025/2027``; ``FY2025`` → ``fiscal: True``
    and, with ``fiscal_year_end`` ("31 Mar"), the fiscal year's start/end.
    """
    if not text:
        return None
    s = halfwidth(text).strip()
    for kind, pat in _DATE_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        g = m.groupdict()
        forecast = bool(g.get("e")) and g["e"].upper() in "EF"
        out: dict[str, Any]
        try:
            if kind in ("ymd", "md", "dmy", "mdy"):
                if kind == "md":
                    if ref_year is None:
                        return None
                    y = ref_year
                else:
                    y = _year(g["y"], ref_year)
                mon = _MONTHS[g["mon"].lower()[:3]] if g.get("mon") else _cn_int(g["m"])
                day = _cn_int(g["d"])
                if not (1 <= mon <= 12 and 1 <= day <= calendar.monthrange(y, mon)[1]):
                    return None
                out = {"iso": f"{y:04d}-{mon:02d}-{day:02d}"}
            elif kind in ("ym", "my"):
                y = _year(g["y"], ref_year)
                mon = _MONTHS[g["mon"].lower()[:3]] if g.get("mon") else _cn_int(g["m"])
                if not 1 <= mon <= 12:
                    return None
                out = {"iso": f"{y:04d}-{mon:02d}", "start": f"{y:04d}-{mon:02d}-01", "end": _month_end(y, mon)}
            elif kind == "mrange":
                y, m1, m2 = _year(g["y"], ref_year), int(g["m"]), int(g["m2"])
                if not 1 <= m1 < m2 <= 12:
                    return None
                out = {
                    "iso": f"{y:04d}-{m1:02d}/{y:04d}-{m2:02d}",
                    "start": f"{y:04d}-{m1:02d}-01",
                    "end": _month_end(y, m2),
                }
            elif kind == "yrange":
                y1 = _year(g["y"], ref_year)
                y2 = _year(g["y2"], y1)
                if y2 <= y1:
                    return None
                out = {"iso": f"{y1}/{y2}", "start": f"{y1}-01-01", "end": f"{y2}-12-31"}
            elif kind == "quarter":
                yy = g.get("y") or g.get("y2") or g.get("y3") or ""
                qq = g.get("q") or g.get("q2") or g.get("q3") or ""
                y = _year(yy, ref_year)
                q = _cn_int(qq)
                out = _period(y, 3 * q - 2, 3 * q)
                out["quarter"] = q
            elif kind == "half":
                yy = g.get("y") or g.get("y2") or g.get("y3") or ""
                h = g.get("h") or g.get("h2") or ("1" if g.get("h3") == "上" else "2")
                y = _year(yy, ref_year)
                out = _period(y, 1, 6) if h == "1" else _period(y, 7, 12)
                out["half"] = int(h)
            elif kind == "fy":
                y = _year(g["y"], ref_year)
                out = {"iso": f"{y}", "fiscal": True}
                fye = _parse_fye(fiscal_year_end)
                if fye:
                    mon, day = fye
                    end = f"{y:04d}-{mon:02d}-{day:02d}"
                    sm, sy = (mon % 12) + 1, y - 1 if mon < 12 else y
                    start = f"{sy:04d}-{sm:02d}-01"
                    out.update({"start": start, "end": end, "fiscal_year_end": f"{mon:02d}-{day:02d}"})
            else:  # year
                y = int(g["y"])
                if not 1900 <= y <= 2100:
                    return None
                out = {"iso": f"{y}"}
        except (KeyError, ValueError):
            return None
        if forecast:
            out["forecast"] = True
        return out
    return None
