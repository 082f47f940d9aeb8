"""Normalize stage: a table of cases, plus script detection."""

from __future__ import annotations

import pytest

from pipeline.chinese_script import detect_script
from pipeline.document import Document
from pipeline.stages.normalize import Normalize, NormalizeOptions

CASES = [
    # (input, expected normalized, why)
    ("ＡＢＣ１２３％", "ABC123%", "full-width ASCII to half-width"),
    ("營收增長，利潤下降。", "營收增長，利潤下降。", "CJK punctuation stays full-width"),
    ("股價:172.00", "股價：172.00", "colon after Han becomes full-width"),
    ("增長 1,234 億元", "增長1,234億元", "thousands separator kept, spaces around numbers in Chinese dropped"),
    ("這只是起 點,終極目標", "這只是起點，終極目標", "space inside a Chinese word dropped, comma in CJK context"),
    ("股票代號 9988 HK", "股票代號9988 HK", "space between Latin tokens kept"),
    ("Claude Opus4 和 DeepSeek-V3.1", "Claude Opus4和DeepSeek-V3.1", "Latin words keep their spaces"),
    ("⼈⼯智能", "人工智能", "Kangxi radicals become unified ideographs"),
    ("阿里\u200b巴巴", "阿里巴巴", "zero-width space dropped"),
    ("通用人工智能(AGI)已是", "通用人工智能（AGI）已是", "parentheses convert as a pair"),
    ("物理 AI (Physical AI) 領域", "物理AI（Physical AI）領域", "brackets beside Han past a space are Chinese"),
    ("the company (CATL) said", "the company (CATL) said", "Latin brackets among Latin words stay ASCII"),
    ("Net cash / (debts)\t(2,483)", "Net cash / (debts)\t(2,483)", "tables untouched, tabs kept"),
    ("吳泳銘透露. 阿里巴巴", "吳泳銘透露。阿里巴巴", "flattened ideographic full stop restored"),
    ('第一階段為"智能湧現",即', "第一階段為“智能湧現”，即", "paired ASCII quotes become curly"),
    ("表1:寧德時代利潤表摘要", "表1：寧德時代利潤表摘要", "colon after a number before Han is the Chinese one"),
    ("10:30開盤,Note:中文", "10:30開盤，Note：中文", "times stay ASCII, a label's colon before Han is Chinese"),
    ("Note: see below", "Note: see below", "an English colon stays ASCII"),
    ("來自三方面：(1) 規模效應", "來自三方面：（1）規模效應", "a list label's brackets are Chinese past a space"),
    ("中國平安（601318.SH / 2318.HK）", "中國平安（601318.SH/2318.HK）", "a slash between codes takes no spaces"),
    ("Net debts / SH Equity", "Net debts / SH Equity", "a slash between words keeps them"),
    ("香港交易所(388 HK):IPO動能延續", "香港交易所（388 HK）：IPO動能延續", "a colon after a bracket made Chinese"),
    (
        "降幅收窄至 -1.5%左右，同比 +3.2pct",
        "降幅收窄至-1.5%左右，同比+3.2pct",
        "no space beside Chinese text, whatever follows",
    ),
    (
        "▌業績回顧：量價齊升\n\n➢ 產能\n\n✓ 降本\n\n☑汽車\n\n♦ 風險",
        "業績回顧：量價齊升\n\n產能\n\n降本\n\n汽車\n\n風險",
        "bullets from the shape, arrow, symbol and dingbat blocks",
    ),
    (
        "首選中寵股份（Petpal, 300673.SZ）及泡泡瑪特(9992.HK, Pop Mart)；長江基建（CKI，1038.HK）",
        "首選中寵股份（Petpal，300673.SZ）及泡泡瑪特（9992.HK，Pop Mart）；長江基建（CKI，1038.HK）",
        "a comma between a name and its ticker in a Chinese bracket is the Chinese one",
    ),
    (
        "風險：數據不及預期；■ 合作夥伴終止合作；■美國政策。\n\n唐納德·特朗普；·下一項",
        "風險：數據不及預期；合作夥伴終止合作；美國政策。\n\n唐納德·特朗普；·下一項",
        "an item's bullet inside a line, after the item before it (not the interpunct)",
    ),
    (
        "美容護理 - 醫療美容\n\n（二）PPI:“反內捲”推動\n\n伊利股份Yili Group (600887.SH)2025年\n\nYili (600887.SH) reported",
        "美容護理—醫療美容\n\n（二）PPI：“反內捲”推動\n\n伊利股份Yili Group（600887.SH）2025年\n\nYili (600887.SH) reported",
        "a Han hyphen past spaces, a colon before a Chinese quotation, a ticker's brackets in Chinese",
    ),
    (
        "覆蓋：東方盛虹 000301.SZ |恒逸石化 000703.SZ| 新鳳鳴\n\nResearch | 中國互聯網",
        "覆蓋：東方盛虹000301.SZ|恒逸石化000703.SZ|新鳳鳴\n\nResearch|中國互聯網",
        "no space beside the bar that separates a Chinese line's fields, whatever its neighbour",
    ),
    (
        "表4:2025年前三季度分紅\n\n圖表3: 2025年三季度\n\n10:30開盤，比例1:2",
        "表4：2025年前三季度分紅\n\n圖表3：2025年三季度\n\n10:30開盤，比例1:2",
        "a caption's colon is the Chinese one; a time and a ratio keep theirs",
    ),
    (
        "OpenAI發布Sora 2,快手升級Kling 2.5 Turbo，字節發布Seedance 1.0, DeepSeek-V3.2等",
        "OpenAI發布Sora 2，快手升級Kling 2.5 Turbo，字節發布Seedance 1.0，DeepSeek-V3.2等",
        "a comma between Latin names of a Chinese clause is the Chinese one",
    ),
    (
        "主要客戶（Cloud Service Provider, CSP）及他所說“We are confident, and we will invest”",
        "主要客戶（Cloud Service Provider, CSP）及他所說“We are confident, and we will invest”",
        "an English phrase in brackets or quotes keeps its comma",
    ),
    (
        "泰和證券 / 公司點評 / 2025-10-30\n\n上調8% / 11%至176.5億 / 189.0億\n\n中瑞證券 · 行業專題 · 2025年",
        "泰和證券/公司點評/2025-10-30\n\n上調8%/11%至176.5億/189.0億\n\n中瑞證券·行業專題·2025年",
        "no spaces beside a header's / or ·, or a slash between numbers",
    ),
    (
        "・ 首付款；唐納德・特朗普\n· AI投資",
        "首付款；唐納德·特朗普\nAI投資",
        "one interpunct; a line-start bullet dropped",
    ),
    ("(1)1.6T光模塊", "（1）1.6T光模塊", "a list label that starts a Chinese line"),
    ("毛利潤1，082億元", "毛利潤1,082億元", "a full-width comma inside a number is its separator"),
    ("Autopilot,領航輔助；40GWh;公司", "Autopilot，領航輔助；40GWh；公司", "comma or semicolon after Latin before Han"),
    ("一項Ⅱ期臨床", "一項II期臨床", "Roman numeral characters become letters"),
    ("京東方A(000725.SZ）、TCL", "京東方A（000725.SZ）、TCL", "a pair read half full-width was printed so"),
    (
        "TCO (Total Cost of Ownership):總擁有成本",
        "TCO（Total Cost of Ownership）：總擁有成本",
        "brackets touching Chinese punctuation are Chinese",
    ),
    ("淨利潤 (IFRS) 為 603 億元", "淨利潤（IFRS）為603億元", "a spaced bracket is read unspaced: Chinese beside Han"),
    (
        "Alphabet(GOOGL.US) 將capex上調",
        "Alphabet（GOOGL.US）將capex上調",
        "a full-width bracket's blank read as a space",
    ),
    ("放緩；(4)AI投入持續", "放緩；（4）AI投入持續", "a list label after a Chinese mark"),
    (
        "增長約15%;Non-IFRS利潤\n區間為1.55%;\nsee A; B",
        "增長約15%；Non-IFRS利潤\n區間為1.55%；\nsee A; B",
        "a semicolon in Chinese text",
    ),
    (
        "區間20%–30%，按年−3.5%，需求——金價",
        "區間20%-30%，按年-3.5%，需求——金價",
        "one short dash; the Chinese dash stays",
    ),
    (
        "2025年1—10月，2024—2027年；卡莫阿-卡庫拉；需求——金價",
        "2025年1-10月，2024-2027年；卡莫阿—卡庫拉；需求——金價",
        "one connecting dash per context",
    ),
    (
        "行業報告 ── 香港上市汽車經銷商\n──────────────\n表1",
        "行業報告——香港上市汽車經銷商\n──────────────\n表1",
        "Big5's dash: two box-drawing lines are the Chinese dash; a rule line stays",
    ),
    (
        "Enhertu(DS-8201) 2025年銷售",
        "Enhertu（DS-8201）2025年銷售",
        "a bracket's blank read as a space before a number",
    ),
    (
        "2025年11月3日 | 行業點評 | 評級：買入\nNet debts / SH Equity | 2024",
        "2025年11月3日|行業點評|評級：買入\nNet debts / SH Equity | 2024",
        "a Chinese header's bar",
    ),
    (
        "● 白酒：動銷\n• 大眾品\n■ 標題\n◆ 風險\n- 交投熾熱\n-3.2%\n1) 五糧液\n預期；2) 1.6T放量\n1) Revenue grew",
        "白酒：動銷\n大眾品\n標題\n風險\n交投熾熱\n-3.2%\n1）五糧液\n預期；2）1.6T放量\n1) Revenue grew",
        "bullets of every shape dropped (not a minus), list labels",
    ),
    (
        "算力共振。NVIDIA (NVDA.US)GB300出貨",
        "算力共振。NVIDIA（NVDA.US）GB300出貨",
        "a bracket spaced on one side, touching a word on the other",
    ),
    ("「儲蓄 + 醫療」與「AI+ 醫療」", "「儲蓄+醫療」與「AI+醫療」", "no space between Han and a plus"),
    (
        "保持在25% -30%，表現在-5% ~+5%，區間 1.5 - 2.0 之間",
        "保持在25%-30%，表現在-5%~+5%，區間1.5 - 2.0之間",
        "a range mark's bearing read as a space",
    ),
    ("a\r\nb", "a\nb", "CRLF"),
    ("一\n\n\n\n二", "一\n\n二", "blank lines collapse"),
]


@pytest.mark.parametrize(("text", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_normalize_cases(text: str, expected: str, why: str) -> None:
    doc = Normalize()(Document.from_text(text))
    assert doc.text.normalized == expected, why
    assert doc.text.original == text
    doc.offsets.check()


def test_line_wraps_join_inside_paragraphs_only() -> None:
    para = [
        "阿里巴巴正在積極推進三年的人工智能基礎設施建設計劃並將會持續追加更大的",
        "投入以支持雲業務增長與模型研發工作的持續推進和落地實施。",
    ]
    text = "\n".join(
        ["#### 雲業務", para[0], para[1], "", "第二段的內容非常短。", "關鍵數據", "股票代號\t9988 HK"]
        + ["這是一個普通的段落內容用來確定本文件的換行寬度並且足夠長長長。"] * 4
    )
    doc = Normalize()(Document.from_text(text))
    out = doc.text.normalized.split("\n")
    assert para[0] + para[1] in out  # the wrap inside the paragraph is joined
    assert "#### 雲業務" in out  # headings are never joined
    assert "關鍵數據" in out and "股票代號\t9988 HK" in out  # nor table rows or short labels


def test_options_turn_rules_off() -> None:
    doc = Normalize(NormalizeOptions(width=False, whitespace=False))(Document.from_text("ＡＢ 起 點"))
    assert doc.text.normalized == "ＡＢ 起 點"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("阿里巴巴正在積極推進人工智能基礎設施建設計劃，雲業務成長邏輯變得更清晰。", "zh-Hant"),
        ("阿里巴巴正在积极推进人工智能基础设施建设计划，云业务成长逻辑变得更清晰。", "zh-Hans"),
        ("阿里巴巴正在積極推進人工智能基礎設施建設。通义千问模型家族服务千行百业。", "mixed"),
        ("Revenue grew 5.9% YoY.", "none"),
    ],
)
def test_script_detection(text: str, script: str) -> None:
    assert detect_script(text) == script
    doc = Normalize()(Document.from_text(text))
    assert doc.meta.script == script


def test_seed_is_traditional(seed_text: str) -> None:
    doc = Normalize()(Document.from_text(seed_text))
    assert doc.meta.script == "zh-Hant"
    assert doc.meta.language == "zh"
    assert "起點" in doc.text.normalized and "投入" in doc.text.normalized


def test_paragraph_running_across_a_page_break_is_joined() -> None:
    first = "阿里巴巴正在積極推進人工智能基礎設施建設計劃，並將會持續追加更大的投入以支持雲業務增長與"
    text = first + "\f模型研發工作的持續推進。\n\n下一段。\f#### 標題\n正文。"
    doc = Normalize()(Document.from_text(text))
    out = doc.text.normalized
    assert first + "模型研發工作的持續推進。" in out  # joined across the break
    assert "下一段。\n#### 標題" in out  # a finished sentence before the break is not joined
    i = out.index("模型")
    assert doc.page_at(i) == 2 and doc.page_at(0) == 1  # pages still come from the original
