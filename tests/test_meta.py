"""The meta stage: title, broker, date, company/tickers, rating, prices, analysts."""

from __future__ import annotations

import pytest
from claims_support import MAINLAND, TENCENT, gold_for, process_text, processed

from pipeline.claims.base import canonical_ticker
from pipeline.document import Document
from pipeline.stages.meta import MetaStage, normalize_rating


@pytest.fixture(scope="module")
def seed_doc(seed_text: str) -> Document:
    return process_text(seed_text, "seed")


def test_seed_meta(seed_doc: Document) -> None:
    m = seed_doc.meta
    assert m.rating is not None and m.rating.normalized == "not_rated"
    assert m.rating.raw == "未評級"
    assert m.price is not None and (m.price.value, m.price.currency) == (172.0, "HKD")
    assert m.target_price is None  # printed N/A
    assert m.tickers == ["9988.HK"]
    assert m.companies == ["阿里巴巴"]
    assert m.broker == "Crosby Securities"
    assert m.date == "2025-09-26"
    assert m.analysts == ["葉偉焯"]
    assert m.analysts_en == ["Raymond Ip"]  # type: ignore[attr-defined]


def test_seed_meta_evidence_points_at_the_rows(seed_doc: Document) -> None:
    ev = seed_doc.meta.evidence  # type: ignore[attr-defined]
    text = seed_doc.text.normalized
    assert "172.00" in text[ev["price"]["start"] : ev["price"]["end"]]
    assert "未评级" in text[ev["rating"]["start"] : ev["rating"]["end"]]
    assert "N/A" in text[ev["target_price"]["start"] : ev["target_price"]["end"]]
    orig = seed_doc.text.original
    assert "172.00" in orig[ev["price"]["orig_start"] : ev["price"]["orig_end"]]


@pytest.mark.parametrize("path", [TENCENT, MAINLAND], ids=["hk_tencent", "cn_mainland"])
def test_sample_meta_matches_gold(path) -> None:
    gold = gold_for(path)["meta"]
    m = processed(str(path)).meta
    assert m.title == gold["title"]
    assert m.broker == gold["broker"]
    assert m.date == gold["date"]
    assert m.tickers == gold["tickers"]
    assert m.companies == gold["companies"]
    assert m.rating is not None
    assert (m.rating.normalized, m.rating.raw) == (gold["rating"], gold["rating_raw"])
    assert m.rating.action == "maintain"
    assert m.price is not None and m.price.model_dump() == gold["price"]
    assert m.target_price is not None and m.target_price.model_dump() == gold["target_price"]
    assert m.analysts == gold["analysts"]  # the mainland 联系人 is not an analyst


@pytest.mark.parametrize(
    "raw, norm, action",
    [
        ("買入", "buy", None),
        ("买入", "buy", None),
        ("增持（维持）", "overweight", "maintain"),
        ("增持(首次)", "overweight", "initiate"),
        ("中性", "neutral", None),
        ("持有", "neutral", None),
        ("減持", "underweight", None),
        ("賣出", "sell", None),
        ("未評級", "not_rated", None),
        ("「買入」", "buy", None),
        ("Outperform", "overweight", None),
        ("看不懂", None, None),
    ],
)
def test_normalize_rating(raw: str, norm: str | None, action: str | None) -> None:
    assert normalize_rating(raw) == (norm, action)


@pytest.mark.parametrize(
    "code, ticker",
    [
        ("9988 HK", "9988.HK"),
        ("700 HK", "0700.HK"),
        ("0700 HK", "0700.HK"),
        ("300750.SZ", "300750.SZ"),
        ("992 HK", "0992.HK"),
    ],
)
def test_canonical_ticker(code: str, ticker: str) -> None:
    assert canonical_ticker(code) == ticker


def _meta_of(text: str) -> Document:
    from pipeline.config import Pipeline

    nlp = Pipeline.from_config({"pipeline": {"stages": ["normalize", "script", "sentences"]}})
    doc = nlp(Document.from_text(text, id="t"))
    return MetaStage()(doc)


def test_broker_from_email_domain_and_mainland_rating_field() -> None:
    # Our own made-up note: no broker header and no 来源 line; the e-mail domain names the broker.
    text = (
        "2025年3月2日\n示例科技（1234 HK）\n[Table_Summary]\n云业务稳步增长\n投资评级：买入（首次）\n"
        "目标价：12.50港元\n当前价：10.00港元\n分析师 王小明\n邮箱：wang@crosby.com\n"
    )
    m = _meta_of(text).meta
    assert m.title == "云业务稳步增长"
    assert m.tickers == ["1234.HK"]
    assert m.date == "2025-03-02"
    assert m.rating is not None and (m.rating.normalized, m.rating.action) == ("buy", "initiate")
    assert m.target_price is not None and (m.target_price.value, m.target_price.currency) == (12.5, "HKD")
    assert m.price is not None and m.price.value == 10.0
    assert m.analysts == ["王小明"]
    assert m.broker == "Crosby Securities"


def test_rating_from_prose_when_no_field() -> None:
    text = "15 January 2026\n示例银行 (5678 HK)\n# 资产质量改善\n我们维持「中性」评级，目标价为8.80港元。\n"
    m = _meta_of(text).meta
    assert m.rating is not None and (m.rating.normalized, m.rating.action) == ("neutral", "maintain")
    assert m.date == "2026-01-15"
    assert m.title == "资产质量改善"


def test_analyst_name_over_licence_number() -> None:
    text = "2025年6月3日\n示例能源（600000.SH）\n[Table_Summary]\n产能释放\n分析师：\n李四海\n执业证书编号：S0000000000001\n联系人\n赵五\n执业证书编号：S0000000000002\n"
    m = _meta_of(text).meta
    assert m.analysts == ["李四海"]
    assert m.tickers == ["600000.SH"]


def test_mainland_title_on_the_ticker_line() -> None:
    """公司（代码）：标题 — the mainland convention puts company, ticker and title on one line."""
    from pipeline import load

    text = "证券研究报告｜公司首次覆盖\n\n云帆科技（1234 HK）：算力订单加速兑现\n\n投资要点\n\n公司是领先的算力基础设施服务商。"
    doc = load()(text)
    assert doc.meta.title == "算力订单加速兑现"
    assert doc.meta.companies == ["云帆科技"]
    assert doc.meta.tickers == ["1234.HK"]


def test_covered_company_from_mentions_without_a_ticker_line() -> None:
    from pipeline import load

    text = (
        "宁德时代三季度收入增长。宁德时代的海外订单继续增加，比亚迪的份额稳定。我们认为宁德时代的盈利能力将继续改善。"
    )
    doc = load()(text)
    assert getattr(doc.meta, "company_ids", None) == ["catl"]
    assert doc.meta.companies == ["宁德时代"] and doc.meta.tickers == []
    balanced = load()("宁德时代与比亚迪。宁德时代与比亚迪。宁德时代与比亚迪。")
    assert not getattr(balanced.meta, "company_ids", None)  # no clear winner, no guess


def test_a_table_row_with_a_parenthesised_number_is_not_the_company_line() -> None:
    from pipeline import load

    doc = load()("現金流量表\nNet change in cash\t320\t(890)\n\n公司現金流穩定。")
    assert doc.meta.tickers == [] and doc.meta.companies == []
