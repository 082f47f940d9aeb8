"""Sentence splitting on mixed Chinese/English text."""

from __future__ import annotations

import re

import pytest

from pipeline import load
from pipeline.document import Document
from pipeline.stages.sentences import Sentences, split_sentences


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


CASES = [
    ("收入增長5.9%。利潤下降3.8%。", ["收入增長5.9%。", "利潤下降3.8%。"]),
    ("股票代號9988.HK的股價上漲。公司回購股份！", ["股票代號9988.HK的股價上漲。", "公司回購股份！"]),
    (
        "超過Claude Opus4和DeepSeek-V3.1。Qwen3-Max推理模型也展現出非凡性能。",
        ["超過Claude Opus4和DeepSeek-V3.1。", "Qwen3-Max推理模型也展現出非凡性能。"],
    ),
    (
        "Alibaba Group Co. Ltd. beat estimates. Revenue rose 5.9% vs. 4.1% e.g. in cloud. Margins held.",
        ["Alibaba Group Co. Ltd. beat estimates.", "Revenue rose 5.9% vs. 4.1% e.g. in cloud.", "Margins held."],
    ),
    ("他說：「我們將繼續投資。」隨後公布了計劃。", ["他說：「我們將繼續投資。」", "隨後公布了計劃。"]),
    (
        "發表《超級人工智能之路》演講。“當前的世界正在改變。”我們認為如此。",
        ["發表《超級人工智能之路》演講。", "“當前的世界正在改變。”", "我們認為如此。"],
    ),
    ("第一階段為智能湧現；第二階段為自主行動；", ["第一階段為智能湧現；", "第二階段為自主行動；"]),
    ("增長放緩……但仍有機會。", ["增長放緩……", "但仍有機會。"]),
    ("The U.S. market rose. Is it sustainable? Yes!", ["The U.S. market rose.", "Is it sustainable?", "Yes!"]),
    ("目標價172.00港元(HK$172.00). Not rated.", ["目標價172.00港元(HK$172.00).", "Not rated."]),
    ("   ", []),
    ("。。", ["。。"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_cases(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_layout_units() -> None:
    text = "\n".join(
        [
            "#### 雲業務成長邏輯變得更清晰",
            "阿里雲與輝達達成合作。雙方將聯合推動應用落地。",
            "關鍵數據",
            "股票代號\t9988 HK",
            "圖 1 通義千問模型家族",
            "來源: 公司資料",
            "1. 第一點內容。第二句。",
            "• 風險：資本開支壓制自由現金流",
        ]
    )
    doc = Sentences()(Document.from_text(text))
    kinds = [(s.kind, s.text) for s in doc.sentences]
    assert kinds == [
        ("heading", "雲業務成長邏輯變得更清晰"),
        ("prose", "阿里雲與輝達達成合作。"),
        ("prose", "雙方將聯合推動應用落地。"),
        ("heading", "關鍵數據"),
        ("table_row", "股票代號\t9988 HK"),
        ("caption", "圖 1 通義千問模型家族"),
        ("caption", "來源: 公司資料"),
        ("list_item", "1. 第一點內容。"),
        ("list_item", "第二句。"),
        ("list_item", "• 風險：資本開支壓制自由現金流"),
    ]
    for s in doc.sentences:
        assert doc.text.normalized[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text


def test_a_bullet_normalize_dropped_still_makes_a_list_item() -> None:
    from pipeline.stages.normalize import Normalize

    text = "風險提示：\n◆ 集採降價幅度超預期；\n■ 海外認證政策變化。\n- 交投熾熱\n-3.2%為跌幅。\n"
    doc = Sentences()(Normalize()(Document.from_text(text)))
    assert [(s.kind, s.text) for s in doc.sentences] == [
        ("prose", "風險提示："),
        ("list_item", "集採降價幅度超預期；"),
        ("list_item", "海外認證政策變化。"),
        ("list_item", "交投熾熱"),
        ("prose", "-3.2%為跌幅。"),
    ]


def test_pages_come_from_form_feeds() -> None:
    doc = Document.from_text("第一頁。\f第二頁的句子。")
    doc.source.page_offsets = [0, 5]
    doc = Sentences()(doc)
    assert [(s.text, s.page) for s in doc.sentences] == [("第一頁。", 1), ("第二頁的句子。", 2)]


def test_seed_sentences_keep_numbers_tickers_and_versions_whole(seed_text: str) -> None:
    doc = load()(seed_text)
    text = doc.text.normalized
    assert doc.sentences and all(s.text for s in doc.sentences)
    for needle in ["3.8", "9988 HK", "DeepSeek-V3.1", "69.6", "74.8", "Qwen3-VL-235B-A22B"]:
        hits = [m.start() for m in re.finditer(re.escape(needle), text)]
        assert hits, needle
        for h in hits:
            inside = [s for s in doc.sentences if s.start <= h and h + len(needle) <= s.end]
            crossing = [s for s in doc.sentences if s.start < h + len(needle) and h < s.end]
            assert inside == crossing and len(inside) <= 1, (needle, [c.text for c in crossing])
    # Every sentence maps back to original characters that normalize to it.
    for s in doc.sentences:
        orig = doc.text.original[s.orig_start : s.orig_end]
        assert orig.strip(), s
        assert s.orig_start <= s.orig_end
