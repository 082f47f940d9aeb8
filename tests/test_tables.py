"""The tables stage: TAB-separated blocks into tables (seed report, synthetic text, parsers)."""

from __future__ import annotations

import pytest

from pipeline.config import Pipeline
from pipeline.document import Document
from pipeline.tables_parse import parse_cell, parse_fiscal_year_end, parse_period, parse_unit


def run(text: str, stages=("normalize", "tables", "sentences")) -> Document:
    return Pipeline.from_config({"pipeline": {"stages": list(stages)}})(text)


# -- parsers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,value,flags",
    [
        ("868,687", 868687, []),
        ("(2,483)", -2483, ["parenthesized"]),
        ("(8.6)", -8.6, ["parenthesized"]),
        ("-3.5", -3.5, []),
        ("38.2%", 38.2, ["percent"]),
        ("1.76x", 1.76, ["multiple"]),
        ("74.4*", 74.4, ["footnote"]),
        ("0", 0, []),
        ("N/A", None, ["na"]),
        ("-", None, ["na"]),
        ("Net cash", None, ["net_cash"]),
        ("淨現金", None, ["net_cash"]),
        ("", None, []),
        ("未評級", None, ["text"]),
        ("0,0", None, ["unparsed"]),
        ("12 480", None, ["suspect_spaces"]),
        ("38.50港元", 38.5, ["unit:港元"]),
        ("１２，４８０", 12480, []),
    ],
)
def test_parse_cell(text, value, flags):
    v, f = parse_cell(text)
    assert v == value and f == flags


@pytest.mark.parametrize(
    "text,unit,currency,mult",
    [
        ("Income Statement (CNY'm)", "CNY'm", "CNY", 1e6),
        ("(RMB m)", "RMB m", "CNY", 1e6),
        ("HK$ mn", "HK$ mn", "HKD", 1e6),
        ("US$bn", "US$bn", "USD", 1e9),
        ("(百萬元)", "百萬元", None, 1e6),
        ("（百万港元）", "百万港元", "HKD", 1e6),
        ("单位：百万元", "百万元", None, 1e6),
        ("單位：億元", "億元", None, 1e8),
        ("单位：亿元", "亿元", None, 1e8),
        ("總股本 (百萬股)", "百萬股", None, 1e6),
    ],
)
def test_parse_unit(text, unit, currency, mult):
    assert parse_unit(text) == (unit, currency, mult)


def test_parse_unit_none():
    assert parse_unit("Revenue") is None and parse_unit("营业收入") is None


@pytest.mark.parametrize(
    "text,period",
    [
        ("FY2023", {"year": 2023, "forecast": False}),
        ("FY 2024", {"year": 2024, "forecast": False}),
        ("2025E", {"year": 2025, "forecast": True}),
        ("2024A", {"year": 2024, "forecast": False}),
        ("FY25F", {"year": 2025, "forecast": True}),
        ("2026年", {"year": 2026, "forecast": False}),
        ("1H24", {"year": 2024, "forecast": False, "half": 1}),
        ("2Q25E", {"year": 2025, "forecast": True, "quarter": 2}),
    ],
)
def test_parse_period(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["23", "营业收入", "12,480", "38.2%"])
def test_not_a_period(text):
    assert parse_period(text) is None


def test_fiscal_year_end():
    assert parse_fiscal_year_end("Yr ended 31 Mar") == "03-31"
    assert parse_fiscal_year_end("Year to Dec") == "12-31"
    assert parse_fiscal_year_end("財政年度截至3月31日") == "03-31"
    assert parse_fiscal_year_end("Revenue") is None


# -- the stage on text ----------------------------------------------------------------------------
FIN = """盈利预测如下。

图表1：盈利预测
单位：百万元
会计年度\t2023A\t2024E\t2025E
营业收入\t12,480\t15,970\t19,480
净利润\t(2,483)\t1,350\tN/A
\f会计年度\t2023A\t2024E\t2025E
每股收益（元）\t0.85\t1.23\t1.63

公司经营稳健。
"""


def test_text_table_with_unit_and_page_continuation():
    doc = run(FIN)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.title == "图表1：盈利预测" and t.unit == "百万元" and t.multiplier == 1e6
    assert t.columns == ["2023A", "2024E", "2025E"]
    assert [p["forecast"] for p in t.periods] == [False, True, True]
    assert [r.label for r in t.rows] == ["营业收入", "净利润", "每股收益（元）"]
    assert t.rows[1].cells[0].value == -2483 and t.rows[1].cells[2].flags == ["na"]
    assert t.page == 1 and doc.page_at(t.end - 1) == 2
    span = doc.text.normalized[t.start : t.end]
    assert span.startswith("会计年度") and span.endswith("1.63")
    assert doc.text.original[t.orig_start : t.orig_end].endswith("1.63")
    kinds = {s.text: s.kind for s in doc.sentences}
    assert kinds["公司经营稳健。"] == "prose"
    assert all(s.kind == "table_row" for s in doc.sentences if "\t" in s.text or "2,483" in s.text)


def test_continuation_without_repeated_header_and_unit_below():
    text = "會計年度\tFY2024\tFY2025E\n收入\t100\t120\n\f利潤\t10\t12\n(百萬港元)\n\n其後正文。"
    t = run(text).tables
    assert len(t) == 1 and [r.label for r in t[0].rows] == ["收入", "利潤"]
    assert t[0].unit == "百萬港元" and t[0].currency == "HKD" and t[0].multiplier == 1e6


def test_same_page_tables_stay_apart():
    text = "A\tFY2024\tFY2025\nx\t1\t2\n\n來源：公司\n\nB\tFY2024\tFY2025\ny\t3\t4\n"
    assert len(run(text).tables) == 2


def test_prose_between_pages_prevents_merge():
    text = (
        "年度\t2024A\t2025E\nx\t1\t2\n\f"
        "这是一段很长的正文，讲述公司在过去一年中的经营情况以及未来的发展计划和风险因素。\n\n"
        "年度\t2024A\t2025E\ny\t3\t4\n"
    )
    assert len(run(text).tables) == 2


def test_key_value_block_is_a_table():
    text = "關鍵數據\n\n股票代號\t9988 HK\n總市值 (港元)\t3,280,493\n自由流通比率 (%)\t90.3%\n\n正文開始。"
    t = run(text).tables
    assert len(t) == 1 and t[0].columns == [] and t[0].title == "關鍵數據"
    assert [c.value for r in t[0].rows for c in r.cells] == [None, 3280493, 90.3]


def test_non_pdf_pipeline_keeps_text_when_extract_pdf_is_listed():
    nlp = Pipeline.from_config({"pipeline": {"stages": ["extract_pdf", "normalize", "tables"]}})
    doc = nlp("營業收入\t1\t2\n淨利潤\t3\t4")
    assert doc.tables and doc.text.original.startswith("營業收入")


# -- the seed report (third-party OCR text, read from ../shared) ------------------------------------
@pytest.fixture(scope="module")
def seed_doc(seed_text) -> Document:
    return run(seed_text)


def _fin_tables(doc: Document):
    return [t for t in doc.tables if t.columns and t.columns[0].replace(" ", "") == "FY2023"]


def test_seed_financial_tables(seed_doc):
    fin = _fin_tables(seed_doc)
    assert len(fin) == 2
    for t in fin:
        assert [c.replace(" ", "") for c in t.columns] == ["FY2023", "FY2024", "FY2025"]
        assert [p["year"] for p in t.periods] == [2023, 2024, 2025]
        assert all(p["fiscal_year_end"] == "03-31" for p in t.periods)
        assert t.unit == "CNY'm" and t.currency == "CNY" and t.multiplier == 1e6
    income = fin[0]
    rows = {(r.section, r.label): r for r in income.rows}
    rev = rows[("Income Statement (CNY'm)", "Revenue")]
    assert [c.value for c in rev.cells] == [868687, 941168, 996347]
    net = rows[("Balance Sheets (CNY'm)", "Net cash / (debts)")]
    assert net.cells[0].text == "(2,483)" and net.cells[0].value == -2483
    eps = rows[("Income Statement (CNY'm)", "EPS (Fully diluted)")]
    assert all(c.value is None and c.flags == ["na"] for c in eps.cells)


def test_seed_suspect_separator_kept_as_text(seed_doc):
    cash = _fin_tables(seed_doc)[1]
    cfo = next(r for r in cash.rows if r.label == "Cash From Operations (CFO)")
    assert cfo.section == "Cash Flow Statement (CNY'm)"
    assert [c.value for c in cfo.cells[:2]] == [199752, 182593]
    cell = cfo.cells[2]
    assert cell.text == "163.509" and cell.value is None and "suspect_separator" in cell.flags
    ratios = [r for r in cash.rows if r.section == "Ratios"]
    nd = next(r for r in ratios if r.label == "Net debts / SH Equity")
    assert nd.cells[1].text == "Net cash" and nd.cells[1].value is None and "net_cash" in nd.cells[1].flags
    assert next(r for r in ratios if r.label == "ROE").cells[2].value == 13.0


def test_seed_key_data_and_spans(seed_doc):
    kv = next(t for t in seed_doc.tables if any(r.label == "股票代號" for r in t.rows))
    assert kv.columns == []
    assert next(r for r in kv.rows if r.label.startswith("總市值")).cells[0].value == 3280493
    perf = next(t for t in seed_doc.tables if t.columns == ["絕對回報", "相對回報"])
    assert perf.rows[0].cells[0].value == 38.2
    text = seed_doc.text.normalized
    for t in seed_doc.tables:
        assert "\t" in text[t.start : t.end]
        assert seed_doc.text.original[t.orig_start : t.orig_end].split("\n")[0].split("\t")[-1].strip()
    # table text stays out of prose
    for s in seed_doc.sentences:
        if "868,687" in s.text or "FY 2023" in s.text:
            assert s.kind == "table_row"


def test_unit_line_under_the_header():
    text = "盈利预测\n\n会计年度\t2024A\t2025E\n（百万元）\n营业收入\t100\t120\n净利润\t10\t12\n"
    t = run(text).tables
    assert len(t) == 1 and t[0].columns == ["2024A", "2025E"]
    assert t[0].unit == "百万元" and t[0].multiplier == 1e6
    assert [r.label for r in t[0].rows] == ["营业收入", "净利润"] and t[0].rows[0].section is None
    # the same as a TAB row (how a PDF table writes it)
    t = run("会计年度\t2024A\t2025E\n(RMB m)\t\t\n营业收入\t100\t120\n净利润\t10\t12\n").tables
    assert t[0].unit == "RMB m" and t[0].currency == "CNY" and [r.section for r in t[0].rows] == [None, None]
