"""numbers.py: table-driven cases, plus the Recognizers-Text Chinese specs when present."""

from __future__ import annotations

import json

import pytest

from pipeline.evaluation import score_recognizers_specs
from pipeline.numbers import (
    extract_numbers,
    extract_percents,
    parse_date,
    parse_money,
    parse_number,
    parse_percent,
    to_ticker,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("3.8", 3.8),
        ("1,234.5", 1234.5),
        ("1.2bn", 1.2e9),
        ("3.5m", 3.5e6),
        ("40k", 4e4),
        ("(2,483)", -2483),
        ("三千八百億", 3.8e11),
        ("三千八百亿", 3.8e11),
        ("两", 2),
        ("兩千四百五", 2450),
        ("零", 0),
        ("一千零五", 1005),
        ("四亿五千六百四十二万零一十五", 456420015),
        ("4.78万亿", 4.78e12),
        ("一点五亿", 1.5e8),
        ("3万4000", 34000),
        ("1,100.9亿", 1.1009e11),
        ("百分之五", 0.05),
        ("肆佰陸拾", 460),
        ("二〇二五", 2025),
        ("十", 10),
        ("負三十二", -32),
        ("12.5%", 0.125),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "万", "公司", None, "9^999", "1e400"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text, amount, currency",
    [
        ("3800億元", 3.8e11, "CNY"),
        ("6.66 亿元", 6.66e8, "CNY"),
        ("港元 172.00", 172.0, "HKD"),
        ("HK$172", 172.0, "HKD"),
        ("US$1.2bn", 1.2e9, "USD"),
        ("12亿美元", 1.2e9, "USD"),
        ("人民幣 3,000 萬", 3e7, "CNY"),
        ("RMB 5.2bn", 5.2e9, "CNY"),
        ("1,905 億元", 1.905e11, "CNY"),
        ("12,980 百萬元", 1.298e10, "CNY"),
        ("620.00 港元", 620.0, "HKD"),
        ("CNY 10m", 1e7, "CNY"),
    ],
)
def test_parse_money(text, amount, currency):
    got = parse_money(text)
    assert got == {"amount": pytest.approx(amount), "currency": currency}


def test_parse_money_default_currency():
    assert parse_money("172.00") is None
    assert parse_money("172.00", default_currency="HKD") == {"amount": 172.0, "currency": "HKD"}


@pytest.mark.parametrize(
    "text, value",
    [
        ("+24.4%", 24.4),
        ("負 3.5%", -3.5),
        ("负3.5%", -3.5),
        ("百分之五", 5),
        ("百分之二点五", 2.5),
        ("2.4个百分点", 2.4),
        ("2.4個百分點", 2.4),
        ("-10%", -10),
        ("七成", 70),
        ("千分之一", 0.1),
    ],
)
def test_parse_percent(text, value):
    assert parse_percent(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text, ticker",
    [
        ("9988 HK", "9988.HK"),
        ("700 HK", "0700.HK"),
        ("0700.HK", "0700.HK"),
        ("992 HK", "0992.HK"),
        ("688556 SH", "688556.SH"),
        ("688556.SH", "688556.SH"),
        ("600519 CH", "600519.SH"),
        ("300750.SZ", "300750.SZ"),
        ("300750", "300750.SZ"),
        ("BABA US", "BABA.US"),
        ("BABA.N", "BABA.US"),
        ("NYSE: BABA", "BABA.US"),
        ("NASDAQ:NVDA", "NVDA.US"),
        ("9988", None),
        ("hello world", None),
    ],
)
def test_to_ticker(text, ticker):
    assert to_ticker(text) == ticker


@pytest.mark.parametrize(
    "text, kwargs, expected",
    [
        ("2025年9月24日", {}, {"iso": "2025-09-24"}),
        ("9 月 24 日", {"ref_year": 2025}, {"iso": "2025-09-24"}),
        ("25-Sep-25", {}, {"iso": "2025-09-25"}),
        ("26 September 2025", {}, {"iso": "2026-09-26"} if False else {"iso": "2025-09-26"}),
        ("Sep 26, 2025", {}, {"iso": "2025-09-26"}),
        ("2025/9/26", {}, {"iso": "2025-09-26"}),
        ("2032 年", {}, {"iso": "2032"}),
        ("2022E", {}, {"iso": "2022", "forecast": True}),
        ("2025年9月", {}, {"iso": "2025-09", "start": "2025-09-01", "end": "2025-09-30"}),
        ("3Q24", {}, {"iso": "2024-07-01/2024-09-30", "start": "2024-07-01", "end": "2024-09-30", "quarter": 3}),
        ("22Q1", {}, {"iso": "2022-01-01/2022-03-31", "start": "2022-01-01", "end": "2022-03-31", "quarter": 1}),
        ("1Q22", {}, {"iso": "2022-01-01/2022-03-31", "start": "2022-01-01", "end": "2022-03-31", "quarter": 1}),
        ("1H25", {}, {"iso": "2025-01-01/2025-06-30", "start": "2025-01-01", "end": "2025-06-30", "half": 1}),
        ("2025-2027年", {}, {"iso": "2025/2027", "start": "2025-01-01", "end": "2027-12-31"}),
        ("FY2025", {}, {"iso": "2025", "fiscal": True}),
        (
            "FY 2025",
            {"fiscal_year_end": "31 Mar"},
            {"iso": "2025", "fiscal": True, "start": "2024-04-01", "end": "2025-03-31", "fiscal_year_end": "03-31"},
        ),
    ],
)
def test_parse_date(text, kwargs, expected):
    assert parse_date(text, **kwargs) == expected


@pytest.mark.parametrize("text", ["9 月 24 日", "2025年13月1日", "hello", ""])
def test_parse_date_rejects_without_context(text):
    assert parse_date(text) is None


def test_extract_spans_and_values():
    text = "收入一百五十万元，同比增长12.5%，毛利率提升2.4个百分点，GPT5 不是数字。"
    nums = [(n["text"], n["value"]) for n in extract_numbers(text)]
    assert ("一百五十万", 1.5e6) in nums and ("2.4", 2.4) in nums
    assert all(t != "5" for t, _ in nums)  # GPT5 is a name, not the number 5
    pcts = [(p["text"], p["value"]) for p in extract_percents(text)]
    assert pcts == [("12.5%", 12.5), ("2.4个百分点", 2.4)]
    for n in extract_numbers(text) + extract_percents(text):
        assert text[n["start"] : n["end"]] == n["text"]


@pytest.mark.parametrize(
    "text, found",
    [
        ("满分百分之百", [("百分之百", 100.0)]),
        ("万分之三的费率", [("万分之三", 0.03)]),
        ("二三十个百分点", []),  # a vague range, not 十个百分点
        ("见 https://example.com/q=30%25 与 a.b@c.com", []),
        ("七成六的用户；打八五折", [("七成六", 76.0), ("八五折", 85.0)]),
        ("十折", []),
    ],
)
def test_extract_percent_cases(text, found):
    assert [(p["text"], p["value"]) for p in extract_percents(text)] == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("我家在四川，一切都好", []),
        ("四亿五千六百四十二万零一十五", [("四亿五千六百四十二万零一十五", 456420015)]),
        ("1, 234", [("1", 1), ("234", 234)]),
        ("一美元", []),
        ("三又一千分之二十三", [("三又一千分之二十三", 3.023)]),
    ],
)
def test_extract_number_cases(text, found):
    assert [(n["text"], pytest.approx(n["value"])) for n in extract_numbers(text)] == found


# -- Microsoft Recognizers-Text Chinese specs (MIT), read from ../shared, never copied --------
_score = score_recognizers_specs


def recognizers_scores(data_dir):
    """{"number": scores, "percent": scores} on the Recognizers-Text specs in ``data_dir``."""
    rt = data_dir / "recognizers-text"
    numbers = json.loads((rt / "NumberModel.json").read_text(encoding="utf-8"))
    percents = json.loads((rt / "PercentModel.json").read_text(encoding="utf-8"))
    return {"number": _score(numbers, extract_numbers), "percent": _score(percents, extract_percents)}


def test_recognizers_text_specs(shared_data):
    scores = recognizers_scores(shared_data)
    for kind, s in scores.items():
        print(f"{kind}: P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} exact={s['exact']:.3f} n={s['n']}")
    assert scores["percent"]["f1"] >= 0.95
    assert scores["number"]["f1"] >= 0.90
    assert scores["percent"]["exact"] >= 0.95 and scores["number"]["exact"] >= 0.95


# -- properties ------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CHARS = "0123456789.,-+%％１２３零〇一二两兩三四五六七八九十百千万萬亿億兆点點分之个個成折半打余多几又负負 元美港kKMbn年月日Q/^e"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=30))
def test_extractors_never_fail_and_spans_match(text):
    for fn in (extract_numbers, extract_percents):
        last = 0
        for item in fn(text):
            assert text[item["start"] : item["end"]] == item["text"]
            assert item["start"] >= last and isinstance(item["value"], float)
            last = item["end"]
    parse_number(text)
    parse_money(text)
    parse_percent(text)
    parse_date(text, ref_year=2025)
    to_ticker(text)
