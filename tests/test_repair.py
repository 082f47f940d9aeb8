"""The OCR repair stage: seed report, the noisy HK sample against its gold, and each helper on
synthetic text written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.config import Pipeline
from pipeline.document import Document, OcrChoice

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
STAGES = ["normalize", "tables", "repair"]


def run(text: str, stages=STAGES, **repair_options) -> Document:
    cfg = {"pipeline": {"stages": list(stages)}}
    if repair_options:
        cfg["stages"] = {"repair": repair_options}
    return Pipeline.from_config(cfg)(text)


def applied(doc: Document, kind: str | None = None):
    return [e for e in doc.edits if e.applied and (kind is None or e.kind == kind)]


def find_edit(doc: Document, before: str, after: str, kind: str | None = None):
    for e in doc.edits:
        if e.before == before and e.after == after and (kind is None or e.kind == kind):
            return e
    return None


def scanned(text: str, choices) -> Document:
    """``text`` repaired as a scanned page's, with the engine's alternatives: ``choices`` are
    (offset, what it read there — "" for a gap —, its weight, alternatives)."""
    doc = Document.from_text(text)
    doc.ocr_choices = [
        OcrChoice(orig_start=i, orig_end=i + len(read), read=read, p_read=p, alternatives=alts)
        for i, read, p, alts in choices
    ]
    return Pipeline.from_config({"pipeline": {"stages": STAGES}})(doc)


def assert_untouched(*texts: str) -> None:
    """Each text comes out of normalize and repair as it went in."""
    for text in texts:
        assert run(text).text.normalized == text


def check_edit_offsets(doc: Document) -> None:
    for e in doc.edits:
        assert e.before == doc.text.original[e.orig_start : e.orig_end]
        if e.applied and e.start is not None and e.kind not in ("whitespace",):
            assert doc.text.normalized[e.start : e.end] == e.after
    doc.offsets.check()


# -- the seed report -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_doc(seed_text: str) -> Document:
    return run(seed_text)


def test_seed_wrong_character(seed_doc: Document) -> None:
    e = find_edit(seed_doc, "稅", "現")
    assert e is not None and e.applied and e.kind in ("character", "consistency")
    assert "實現“超越" in seed_doc.text.normalized
    assert "實稅" not in seed_doc.text.normalized


def test_seed_duplicate_clause_once(seed_doc: Document, seed_text: str) -> None:
    text = seed_doc.text.normalized
    # the clause appears once and reads with the right characters and punctuation
    assert text.count("吳泳銘透露") == 1
    assert "AI雲。吳泳銘透露，阿里巴巴正在積極推進" in text
    for bad in ("AI雪", "阿甲巴巴", "巴巴丁"):
        assert bad not in text
    dup = [e for e in applied(seed_doc, "duplicate") if e.after == ""]
    assert len(dup) == 1
    assert "雪" in dup[0].before and "阿甲巴巴" in dup[0].before
    assert "雲" in dup[0].reason  # the disagreement 雪|雲 is named with its evidence


def test_seed_document_consistency_without_the_duplicate(seed_text: str) -> None:
    """With duplicate reconciliation off, document consistency alone fixes 雪→雲 and 甲→里."""
    doc = run(seed_text, duplicates=False)
    assert find_edit(doc, "雪", "雲") is not None and find_edit(doc, "雪", "雲").applied
    assert find_edit(doc, "甲", "里") is not None and find_edit(doc, "甲", "里").applied


def test_seed_spaces_inside_words(seed_doc: Document) -> None:
    for before, after in (("起 點", "起點"), ("投 入", "投入")):
        e = find_edit(seed_doc, before, after, "whitespace")
        assert e is not None and e.applied
        assert seed_doc.text.normalized[e.start : e.end] == after
    # spaces between Latin tokens and numbers are kept
    assert "Chatbot Arena" in seed_doc.text.normalized
    assert "9988 HK" in seed_doc.text.normalized


def test_seed_table_number(seed_doc: Document) -> None:
    e = find_edit(seed_doc, "163.509", "163,509", "table_number")
    assert e is not None and e.applied
    assert "Cash From Operations" in e.reason and "=" in e.reason
    assert "change / prior" in e.reason  # the YoY% row confirms it too
    cells = [c for t in seed_doc.tables for r in t.rows if r.label.startswith("Cash From Operations") for c in r.cells]
    if cells:  # the tables stage is in the pipeline
        assert any(c.text == "163,509" and c.value == 163509 for c in cells)


@pytest.mark.parametrize(
    "before,after", [("Othe", "Other"), ("changs", "changes"), ("budren", "burden"), ("ReboBrain", "RoboBrain")]
)
def test_seed_english(seed_doc: Document, before: str, after: str) -> None:
    e = find_edit(seed_doc, before, after, "english")
    assert e is not None and e.applied
    assert seed_doc.text.normalized[e.start : e.end] == after


def test_seed_english_leaves_identifiers(seed_doc: Document) -> None:
    touched = {e.before for e in applied(seed_doc, "english")}
    for ident in ("Qwen3", "Max", "DeepSeek", "Seed1", "InternVL3", "GLM4", "MMBench_EN_V1"):
        assert ident not in touched


def test_seed_flags(seed_doc: Document, seed_text: str) -> None:
    flags = [e for e in seed_doc.edits if e.kind == "unrepaired"]
    assert all(not e.applied and e.before == e.after for e in flags)
    junk_at = seed_text.index("被 務商")
    assert any(e.orig_start <= junk_at < e.orig_end for e in flags), "the junk span is flagged"
    cut = seed_text.index(" 10\n\n####") + 1
    assert any(e.orig_start <= cut < e.orig_end for e in flags), "the truncated target is flagged"


def test_seed_offsets_and_json(seed_doc: Document) -> None:
    check_edit_offsets(seed_doc)
    d = json.loads(seed_doc.to_json())
    kinds = {e["kind"] for e in d["edits"]}
    assert {"duplicate", "whitespace", "table_number", "english", "unrepaired"} <= kinds


def test_seed_default_pipeline_then_script(seed_text: str) -> None:
    doc = run(seed_text, stages=["normalize", "tables", "repair", "script"])
    assert "超级AI云。吴泳铭透露，阿里巴巴正在" in doc.text.normalized
    assert doc.text.normalized.count("吴泳铭透露") == 1


def test_no_repair_cli(tmp_path: Path, seed_text: str) -> None:
    from pipeline.cli import main

    src = tmp_path / "r.txt"
    src.write_text(seed_text, encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[pipeline]\nstages = ["normalize", "tables", "repair", "script", "sentences"]\n', encoding="utf-8")
    assert main(["process", str(src), "--out", str(tmp_path / "a"), "--config", str(cfg)]) == 0
    assert main(["process", str(src), "--out", str(tmp_path / "b"), "--config", str(cfg), "--no-repair"]) == 0
    a = json.loads(next((tmp_path / "a").glob("*.json")).read_text(encoding="utf-8"))
    b = json.loads(next((tmp_path / "b").glob("*.json")).read_text(encoding="utf-8"))
    assert any(e["kind"] == "table_number" and e["applied"] for e in a["edits"])
    assert b["edits"] == []


def test_default_config_runs_repair_before_script() -> None:
    from pipeline.config import load_config

    stages = load_config()["pipeline"]["stages"]
    assert stages.index("tables") < stages.index("repair") < stages.index("script")


# -- the noisy sample against its gold ---------------------------------------------------------
def test_hk_noisy_sample_gold() -> None:
    from pipeline.repair.evaluation import score_gold

    gold = json.loads((SAMPLES / "hk_ocr_noisy.gold.json").read_text(encoding="utf-8"))
    clean = (SAMPLES / gold["clean_file"]).read_text(encoding="utf-8")
    noisy = (SAMPLES / gold["noisy_file"]).read_text(encoding="utf-8")
    score = score_gold(clean, noisy, gold["corruptions"])
    s = score.summary()
    print("hk_ocr_noisy:", s)
    assert s["corruptions"] == 24
    assert s["fixed"] >= 16
    assert s["fixed"] + s["flagged"] >= 19
    assert s["false_edits"] == 0
    fixed_kinds = {c["kind"] for c in score.fixed}
    assert {"duplicate", "consistency", "space", "table_number", "english_label", "junk"} <= fixed_kinds
    assert any(c["kind"] == "truncation" for c in score.flagged)


# -- helpers on synthetic text (written for these tests) ---------------------------------------
def test_duplicate_synthetic() -> None:
    text = "公司管理層表示，今年將繼續擴大海外門店綱絡，並加快新品推出節奏。公司管理層表示，今年將繼續擴大海外門店網絡，並加快新品推出節奏。\n"
    doc = run(text)
    assert doc.text.normalized.count("公司管理層表示") == 1
    assert "門店網絡" in doc.text.normalized


def test_parallel_clauses_that_differ_in_a_word_are_not_duplicates() -> None:
    # 今年的…是送樣，明年的…是量產: a whole word differs, which an OCR garble does not do
    text = "一位零部件企業的負責人表示：“今年的關鍵詞是送樣’，明年的關鍵詞是‘量產’，真正的放量要看2027年。”\n"
    assert not applied(run(text), "duplicate")


def test_parallel_lists_are_not_duplicates() -> None:
    text = (
        "2023年收入增長10%，毛利率提升至35%；2024年收入增長12%，毛利率提升至36%；2025年收入增長15%，毛利率提升至38%。\n"
    )
    doc = run(text)
    assert doc.text.normalized == text.rstrip("\n") + "\n" or doc.text.normalized == text
    assert not applied(doc, "duplicate")


def test_consistency_synthetic() -> None:
    body = "寧德時代的儲能業務持續增長。寧德時代公佈第三季業績。市場關注寧德時代的海外訂單。寧德時代股價上升。"
    text = body + "我們認為寧德時伐的海外工廠將在明年投產。\n"
    doc = run(text)
    e = find_edit(doc, "伐", "代")
    assert e is not None and e.applied and e.kind in ("consistency", "character") and "寧德時代" in e.reason
    assert doc.text.normalized.count("寧德時代") == 5


def test_frequent_words_do_not_pull_rare_ones() -> None:
    body = "我們上調目標價。分析師上調盈利預測。市場普遍上調預期。機構上調評級。"
    doc = run(body + "但部分券商下調評級，第二季收入按年增長，第三季收入按年增長，第三季毛利率提升。\n")
    assert not applied(doc)


def test_table_identity_synthetic() -> None:
    table = (
        "Yr ended 31 Dec\tFY2023\tFY2024\tFY2025\n"
        "Net Income\t1,000\t1,200\t1,500\n"
        "Dep & Amort.\t300\t320\t350\n"
        "Other adjustments\t100\t120\t150\n"
        "Cash From Operations (CFO)\t1,400\t1.640\t2,000\n"
        "Ratios\t\t\t\n"
        "Gross margin\t30.1%\t31.5%\t33,2%\n"
    )
    doc = run(table)
    e = find_edit(doc, "1.640", "1,640", "table_number")
    assert e is not None and e.applied and "Net Income" in e.reason
    # 33,2% has no identity to confirm it: flagged, unchanged
    f = find_edit(doc, "33,2%", "33,2%", "unrepaired")
    assert f is not None and not f.applied
    assert "33,2%" in doc.text.normalized


def test_english_synthetic() -> None:
    table = "Yr ended 31 Dec\tFY2023\tFY2024\nRevenu\t1,000\t1,200\nOperating profti\t100\t120\n"
    doc = run(table)
    assert find_edit(doc, "Revenu", "Revenue", "english").applied
    assert find_edit(doc, "profti", "profit", "english").applied
    # names and identifiers in running text are left alone
    doc2 = run("騰訊的Hunyuan-T1與DeepSeek-V3.1同場競技，eCPM按年上升。\n")
    assert not applied(doc2, "english")


def test_stroke_junk_removed() -> None:
    doc = run("公司自研芯片已量產。丨丶冫丿AI方面，端側模型已落地。\n")
    assert "丨丶" not in doc.text.normalized
    assert applied(doc, "junk")


def test_options_toggle_and_threshold(seed_text: str) -> None:
    off = run(
        seed_text,
        table_numbers=False,
        english=False,
        duplicates=False,
        consistency=False,
        characters=False,
        junk=False,
        truncation=False,
    )
    assert {e.kind for e in off.edits} <= {"whitespace"}
    strict = run(seed_text, min_confidence=0.99)
    assert all(e.kind == "whitespace" for e in applied(strict))
    assert any(not e.applied and e.kind == "table_number" for e in strict.edits)


def test_clean_text_unchanged() -> None:
    text = (
        "我們維持買入評級，目標價上調至62.00港元。公司第三季收入按年增長22.3%，毛利率為22.6%，"
        "經調整淨利潤創新高。管理層表示，北京工廠二期已於10月投產，未來產能將提升至每年40萬輛。\n"
    )
    doc = run(text)
    assert not applied(doc)
    assert doc.text.normalized == doc.text.original


# -- optional masked LM -------------------------------------------------------------------------
def test_masked_lm_code_path(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    text = "公司最終實稅盈利，未來產能將提升。管理層表示將繼續投入研發。\n"
    chars = sorted((set(text) | set("現")) - {"\n"})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars
    (tmp_path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = transformers.BertTokenizer(str(tmp_path / "vocab.txt"), do_lower_case=False, tokenize_chinese_chars=True)
    cfg = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    torch.manual_seed(0)
    model = transformers.BertForMaskedLM(cfg)
    model.save_pretrained(tmp_path)
    tok.save_pretrained(tmp_path)
    doc = run(text, masked_lm_path=str(tmp_path), masked_lm_min_ratio=1.0)
    check_edit_offsets(doc)
    # a random model proves nothing about quality; the path must run and record its proposals
    assert all(e.kind != "masked_lm" or e.reason.startswith("masked LM") for e in doc.edits)


def test_dropped_capital_letter_synthetic() -> None:
    text = (
        "公司的AI芯片出貨量按年增長。AI芯片需求旺盛，AI芯片毛利率提升。我們認為A芯片價格將維持穩定。\n"
        "A股市場表現平穩。\n"
    )
    doc = run(text)
    e = find_edit(doc, "A", "AI", "english")
    assert e is not None and e.applied
    assert "A股" in doc.text.normalized  # AI股 never occurs: A股 stays


def test_gazetteer_name_that_lost_a_letter() -> None:
    doc = run("模型在SWE-bench Verifed的得分與Caude相近，Karen認為差距收窄。\n")
    assert "Verified的得分與Claude相近" in doc.text.normalized
    assert "Karen" in doc.text.normalized  # an unknown capitalised word is a name: kept
    e = find_edit(doc, "Caude", "Claude", "english")
    assert e is not None and "gazetteer name 'Claude' has one letter more" in e.reason
    # an analyst's name in Pinyin is a name, not a gazetteer name that lost a letter (Shein)
    names = "【分析师】沈立言Shen Liyan，钱柏舟Qian Baizhou；Shein与Qiang均非本文所指。\n"
    assert run(names).text.normalized == names


def test_lone_capital_before_chinese_where_the_document_prints_ai() -> None:
    text = (
        "國產AI芯片的滲透率持續提升，AI伺服器出貨量按年增長。我們認為A算力鏈仍是主線，"
        "A股科技板塊估值修復，A類客戶訂單穩定，A輪融資活躍。\n"
    )
    doc = run(text)
    assert "我們認為AI算力鏈" in doc.text.normalized
    e = find_edit(doc, "A", "AI", "english")
    assert e is not None and "prints 'AI' 2 times before Chinese text" in e.reason
    # A股 and A輪 are words, A類 is a grade: they stay
    for kept in ("A股科技", "A類客戶", "A輪融資"):
        assert kept in doc.text.normalized
    # a document that prints AI once is no evidence
    once = run("國產AI芯片的滲透率持續提升。我們認為A算力鏈仍是主線。\n")
    assert "A算力鏈" in once.text.normalized
    check_edit_offsets(doc)


# -- general mechanisms instead of seed-fitted data ----------------------------------------------
def test_no_seed_fitted_data() -> None:
    """No OCR misspelling is recorded as a gazetteer alias, no pair is forced into the visual
    table: the seed's fixes come from general evidence (document consistency, the lexicon,
    the English vocabulary)."""
    assert "ReboBrain" not in (REPO / "corpora" / "gazetteers" / "products.yaml").read_text(encoding="utf-8")
    from pipeline.repair.lexicon import get_lexicon

    assert not hasattr(get_lexicon(), "misspellings")


def test_lexicon_driven_candidate_beyond_the_table() -> None:
    """公甲 → 公里: 里 is not among 甲's 12 nearest glyphs, but 公? makes 公里 and the pair's
    glyph similarity (0.69) passes the bar: the candidate is proposed (recorded, and scored)."""
    from pipeline import repair_resources as rr

    assert "里" not in rr.visual_confusions("甲")
    doc = run("港鐵新線全長約三十五公甲，預計明年通車。\n")
    e = find_edit(doc, "甲", "里", "character")
    assert e is not None and "公里" in e.reason


def test_english_camel_case_towards_a_known_name() -> None:
    doc = run("騰訊發布了DeepSeak與InternVI的對比結果。\n")
    assert find_edit(doc, "DeepSeak", "DeepSeek", "english").applied
    assert find_edit(doc, "InternVI", "InternVL", "english").applied


def test_middle_dot_read_as_comma() -> None:
    text = "第三季毛利率按季改善·主要受惠於產品組合優化。分析師認為唐納德·特朗普的關稅政策影響有限。\n"
    doc = run(text)
    e = find_edit(doc, "·", "，", "punctuation")
    assert e is not None and e.applied
    assert "改善，主要" in doc.text.normalized
    assert "唐納德·特朗普" in doc.text.normalized  # the interpunct of a foreign name stays
    assert len(applied(doc, "punctuation")) == 1


def test_document_that_prints_its_commas_as_dots() -> None:
    # a Traditional font centres the comma: OCR reads every one as a dot, after numbers and
    # Latin words too. A report with real commas keeps a dot after a number alone.
    text = (
        "毛利率為21.2%·按季提升1.0個百分點。收入按年增長2%·毛利率指引為18%。\n"
        "公司發布GPT-5·微軟隨後跟進。管理層維持高位·毛利率修復好於指引。\n"
        "從全球格局看·TrendForce預計需求延續。\n"
    )
    doc = run(text)
    out = doc.text.normalized
    assert "21.2%，按季" in out and "2%，毛利率" in out and "GPT-5，微軟" in out and "高位，毛利率" in out
    assert "格局看，TrendForce" in out
    assert all(e.confidence >= 0.8 for e in applied(doc, "punctuation"))
    normal = "收入按年增長2%·毛利率指引為18%，按季持平，全年維持不變，管理層表示，需求穩定。\n"
    assert "2%·毛利率" in run(normal).text.normalized


def test_dot_in_a_header_is_no_comma() -> None:
    # a report that prints its commas as dots, and a header with an interpunct between two
    # category names: the header has no clause mark, so it is no prose
    prose = "收入按年增長12%·毛利率改善·主要受惠於產品組合優化·我們維持買入評級。\n"
    header = "2025年11月20日 行業通信·光模塊公司深度報告 投資評級買入\n"
    out = run(header + prose).text.normalized
    assert "通信·光模塊公司深度報告" in out and "毛利率改善，主要受惠" in out


def test_common_word_tagged_as_a_name_does_not_block_the_comma() -> None:
    # jieba tags 毛利 as a person name; only names spelled with name syllables block
    doc = run("產能利用率維持高位·毛利率修復好於指引。\n")
    assert "高位，毛利率" in doc.text.normalized


def test_closing_bracket_of_the_wrong_kind() -> None:
    doc = run("國家發改委印發《關於推動能源高質量發展的通知）（業內簡稱“136號文”）。\n")
    assert "發展的通知》（業內簡稱" in doc.text.normalized
    # brackets that pair, and a closer with its own opener open further out, are left alone
    text = "《關於（試行）辦法》及（附件《細則》）均已發布。\n"
    assert run(text).text.normalized == text


def test_ticker_that_lost_its_dot_follows_the_documents_style() -> None:
    text = "碧桂園（2007HK）重組，萬科（2202.HK）及龍湖（0960.HK）則不然。\n"
    assert "碧桂園（2007.HK）" in run(text).text.normalized
    # a document that writes its tickers without dots keeps its own style
    plain = "碧桂園（2007HK）重組，萬科（2202HK）則不然。\n"
    assert run(plain).text.normalized == plain
    money = "萬科（2202.HK）及龍湖（0960.HK）的均價約3500HK$，另一項目2500HKD。\n"
    assert "3500HK$" in run(money).text.normalized and "2500HKD" in run(money).text.normalized


def test_english_words_run_together() -> None:
    doc = run("注：Operating expenses 與 operatingexpenses 口徑一致，smartwatch 與 chipset 出貨量上升。\n")
    e = find_edit(doc, "", " ", "english")
    assert e is not None and e.applied and "operating expenses" in e.reason
    assert "operating expenses口徑" in doc.text.normalized
    assert "smartwatch" in doc.text.normalized  # no common word pair: left alone
    assert "chipset" in doc.text.normalized  # a short half (set): a compound the word list lacks


def test_document_that_prints_its_full_stops_as_dots() -> None:
    # a sans Traditional font centres 。 but not ，: the commas survive, the stops become dots
    text = (
        "公司第三季收入按年增長，毛利率按季改善·管理層維持全年指引，並預期需求回暖·"
        "我們上調盈利預測，維持買入評級·目標價上調至每股四百元，對應明年市盈率二十倍。\n"
    )
    out = run(text).text.normalized
    assert "按季改善。管理層" in out and "需求回暖。我們" in out and "買入評級。目標價" in out


def test_quoted_chain_of_stages_gets_its_dashes_back() -> None:
    doc = run("白酒需要經歷「批價企穩一庫存去化一動銷回升」三個階段，供貨經歷“暫停一恢復一再觀望”的反覆。\n")
    out = doc.text.normalized
    assert "「批價企穩—庫存去化—動銷回升」" in out and "“暫停—恢復—再觀望”" in out
    assert all(e.kind == "punctuation" and e.confidence >= 0.8 for e in applied(doc))
    # the numeral in slogans and words: a part comes out shorter than two characters
    slogans = "推進“一帶一路”與“一企一策”，建設“統一大市場”，實現“一年一個台階”。\n"
    assert run(slogans).text.normalized == slogans


def test_half_of_the_chinese_dash_read_as_one() -> None:
    doc = run("價差擴大帶動毛利率的提升—一預定利率下調降低了負債成本，實物需求一—高金價已抑制購買。\n")
    assert "提升——預定利率" in doc.text.normalized and "實物需求——高金價" in doc.text.normalized
    # the numeral in a word with its other neighbour, or opening an enumeration, stays
    kept = "排名第一—第二名差距擴大，原因有二—一是成本，二是需求。\n"
    assert_untouched(kept)


def test_range_mark_read_as_one_between_digits() -> None:
    doc = run("2025年1一10月中國藥企對外授權總額創新高，2024一2027年CAGR約為25%。\n")
    assert "1-10月" in doc.text.normalized and "2024-2027年" in doc.text.normalized
    kept = "第一季度收入增長12%，十一月銷量為1,100輛，一一對應。\n"
    assert_untouched(kept)


def test_closing_mark_read_twice() -> None:
    doc = run("公司憑藉「煤電路港航」」一體化布局，盈利穩定（見附表（二））。\n")
    assert "「煤電路港航」一體化" in doc.text.normalized and "（見附表（二））" in doc.text.normalized


def test_quoted_dash_that_a_table_note_defines() -> None:
    doc = run("資料來源：公司公告。注：“一”表示公司未披露該項數據。\n")
    assert "注：“—”表示公司未披露" in doc.text.normalized
    quoted = "“一”和“五”分別指第一期與第五期。\n"
    assert run(quoted).text.normalized == quoted


def test_numbered_item_ending_in_a_colon_before_its_sibling() -> None:
    text = (
        "六、風險提示\n1. 外部出口管制進一步收緊；\n2. 消費電子需求復甦不及預期，導致產能利用率回落：\n"
        "3. 新產能折舊高於預期，對毛利率形成拖累；\n"
    )
    doc = run(text)
    assert "產能利用率回落；\n" in doc.text.normalized
    # items that all end in a colon introduce what follows them: left alone
    heads = "（1）美元信用：\n（2）地緣信用：\n（3）制度信用：\n"
    assert not applied(run(heads), "list")
    # a colon before a sub-list of another style is no item end
    sub = "1. 風險如下：\n（1）需求回落；\n（2）價格下跌；\n2. 其他因素；\n"
    assert not applied(run(sub), "list")


def test_words_spelled_with_look_alike_glyphs() -> None:
    doc = run("神行P1us電池支持快充；華為、小米、viVo、OPPO出貨量上升，PR0FIT 下降。\n")
    out = doc.text.normalized
    assert "神行Plus電池" in out and "、vivo、OPPO" in out and "PROFIT" in out
    assert all(e.kind == "english" for e in applied(doc))
    # model names keep their digits and their case: not words with a glyph misread
    names = "Qwen3、A100、H20、B2B、GPT4o、CoWoS、SoC、IaaS、PaaS、WeChat、PlayStation、eVTOL與HarmonyOS均保留。\n"
    assert run(names).text.normalized == names
    # a small l for a capital I: one stroke in sans fonts
    ai = "AI芯片、AI Agent與AI capex持續增長；Al Agent依賴laaS層，Al-Li合金與Al2O3不受影響。\n"
    out = run(ai).text.normalized
    assert "；AI Agent依賴IaaS層" in out and "Al-Li合金與Al2O3" in out
    # a word in a casing no word has is no word (loT is not lot); the word itself stays
    iot = "3）loT與生活消費產品收入增長；a lot of demand。\n"
    assert run(iot).text.normalized == iot.replace("loT", "IoT")


def test_opening_quote_dropped_before_reported_speech() -> None:
    text = "某券商首席經濟學家在交流會上表示：當前A股的調整更多是情緒面的釋放。”他認為估值回調已充分。\n"
    doc = run(text)
    assert "表示：“當前A股" in doc.text.normalized
    e = find_edit(doc, "", "“", "punctuation")
    assert e is not None and e.applied
    # quotes that pair, and a stray closer with no speech verb before a colon: left alone
    paired = "他表示：“需求穩定。”並補充：「價格見底。」\n"
    assert run(paired).text.normalized == paired
    stray = "結論：需求穩定。”毛利率回升。\n"
    assert run(stray).text.normalized == stray


def test_broker_terms_jieba_lacks_are_words() -> None:
    from pipeline.repair.lexicon import get_lexicon

    lex = get_lexicon()
    for term in ("市賬率", "市帳率", "按季", "扣非", "新造業務價值", "撥備覆蓋率"):
        assert lex.is_word(term), term
    # a correct character inside such a term is no confusion to repair (帳 → 場 made 市場)
    text = "市場預期公司盈利改善，市場情緒回暖。目前股價相當於1.8倍2026E市帳率（P/B），較歷史均值折讓約兩成。\n"
    assert run(text).text.normalized == text


def test_enumeration_comma_read_between_latin_names() -> None:
    doc = run("主要客戶包括Microsoft. Alphabet、Amazon及Meta，另有Oracle、Dell, HP等。\n")
    assert "Microsoft、Alphabet、Amazon" in doc.text.normalized and "Oracle、Dell、HP" in doc.text.normalized
    # two-word names, and names outside a 、 list, keep their own marks
    kept = "投行包括Morgan Stanley、Goldman Sachs；另見U.S. Steel, Inc.的公告。\n"
    assert_untouched(kept)


def test_pinyin_names_in_table_labels_are_not_misspellings() -> None:
    table = "Sales volume (t)\t2024\t2025E\nFeitian Moutai\t1,250\t1,310\nBanlance of orders\t310\t330\n"
    doc = run("白酒銷量與訂單。\n\n" + table)
    out = doc.text.normalized
    assert "Feitian Moutai" in out  # 飛天茅台 in Latin letters: Fijian is two edits away
    assert "Balance of orders" in out  # one edit away: still a misspelling
    # a term of the insurance regulator that jieba lacks is a word
    text = "银行渠道的费用率下降，银行代理的新单保费回升。监管推动“报行合一”后，银行渠道费用率明显下降。\n"
    assert run(text).text.normalized == text


def test_header_line_gets_back_the_bars_the_detector_dropped() -> None:
    text = (
        "2025年11月20日通信·光模塊|公司深度|投資評級：買入（首次覆蓋）|目標價：180.00元\n\n"
        "分析員：陳嘉欣|收市價：10.96港元市值：約706億港元|52周股價區間：8.95至11.88港元\n"
    )
    doc = run(text)
    assert doc.text.normalized.startswith("2025年11月20日|通信·光模塊|公司深度|")
    assert "|收市價：10.96港元|市值：約706億港元|" in doc.text.normalized
    e = find_edit(doc, "", "|", "punctuation")
    assert e is not None and e.applied and "header structure" in e.reason
    # a line that does not cut its fields with bars, and a header already whole: left alone
    for clean in (
        "2025年11月20日通信行業點評，評級：買入\n",
        "2025年11月20日|行業點評|評級：買入|目標價：19.00港元|現價：15.18港元\n",
    ):
        assert not applied(run(clean), "punctuation"), clean


def test_range_mark_read_as_the_numeral_after_a_number_and_its_unit() -> None:
    doc = run("滲透率普遍提升至35%一50%，市場需求約為800億一1,000億元，2025年一2027年維持統一2025年口徑。\n")
    assert "35%-50%" in doc.text.normalized and "800億-1,000億元" in doc.text.normalized
    assert "2025年-2027年" in doc.text.normalized and "統一2025年" in doc.text.normalized
    # the printed em dash of such a range normalizes to the same mark
    assert "35%-50%" in run("滲透率普遍提升至35%—50%。\n").text.normalized


def test_a_character_beside_one_repaired_on_stronger_evidence_is_left_alone() -> None:
    text = "原奶價格反彈幅度及速度高於預期，侵触毛利率；聯營公司生物資產的減值風險。\n"
    doc = scanned(text, [(text.index("触"), "触", 0.6, [("蝕", 0.32)])])
    assert "侵蝕毛利率" in doc.text.normalized
    e = find_edit(doc, "侵", "接")
    assert e is not None and not e.applied and "neighbouring character" in e.reason
    # without the engine's alternative, the text alone reads 接触 (a Simplified form OCR made)
    assert "接触毛利率" in run(text).text.normalized


def test_single_quote_whose_opener_was_read_as_a_double_one() -> None:
    doc = run("在集採端，我們不再追求“以價換量’式的市場擴張；他說“我們堅持“穩價’策略”。\n")
    assert "追求‘以價換量’式" in doc.text.normalized and "他說“我們堅持‘穩價’策略”" in doc.text.normalized
    e = find_edit(doc, "“", "‘", "punctuation")
    assert e is not None and e.applied and "opener is '‘'" in e.reason
    # the nested quote lost its own opener: the outer “ closes later and stays
    nested = "董事長表示：“要把以消費者為中心’真正落到實處。”這一表態，Moody’s亦認同。\n"
    assert run(nested).text.normalized == nested


def test_unnumbered_item_ending_in_a_colon_between_items_ending_in_semicolons() -> None:
    text = (
        "風險提示：\n\n◆ 集採降價幅度及續約規則超預期收緊；\n\n◆ 海外地緣政治、貿易摩擦及認證政策變化：\n\n"
        "◆ 創新產品註冊審批進度不及預期。\n"
    )
    doc = scanned(text, [(text.index("變化：") + 2, "：", 0.66, [("；", 0.28)])])
    assert "認證政策變化；\n" in doc.text.normalized
    e = find_edit(doc, "：", "；", "list")
    assert e is not None and e.applied and "weighed '；' at 0.28" in e.reason
    # the engine's doubt is required: without it the line stays, as does a short heading
    assert "認證政策變化：\n" in run(text).text.normalized


def _with_choice(text: str, at: str, read: str, p_read: float, alternatives) -> Document:
    return scanned(text, [(text.index(at), read, p_read, alternatives)])


def test_engine_alternative_that_breaks_a_gazetteer_name_is_not_taken() -> None:
    text = "相對民營背景的碧桂圈服務（6098.HK），國企背景的物管公司現金流更穩。\n"
    # 圆 makes 桂圆 (a fruit) but the printed 碧桂?服務 is the company 碧桂園
    doc = _with_choice(text, "圈", "圈", 0.67, [("圆", 0.13)])
    assert "碧桂圆" not in doc.text.normalized and not applied(doc, "ocr_choice")
    # the alternative the name wants is taken
    doc = _with_choice(text, "圈", "圈", 0.34, [("園", 0.10)])
    assert "碧桂園服務" in doc.text.normalized


def test_no_space_in_a_gap_where_the_engine_saw_ink() -> None:
    text = "來自內地訪客（Mainland China VisitorsMCV）的新造保單保費按年增長。\n"

    def with_gap(p_read: float, alternatives) -> Document:
        return scanned(text, [(text.index("MCV"), "", p_read, alternatives)])

    # a space at 0.37 against ， 0.31, · 0.21 and , 0.07: the gap held a mark, not a blank
    assert "Visitors MCV" not in with_gap(0.32, [(" ", 0.37), ("，", 0.31), ("·", 0.21), (",", 0.07)]).text.normalized
    # the same space with hardly any ink weighed is taken
    assert "Visitors MCV" in with_gap(0.6, [(" ", 0.37), ("·", 0.02)]).text.normalized


def test_header_cut_by_dots_is_no_prose() -> None:
    # the · separators are no commas, and the one read as "." is a separator again
    doc = run("中瑞證券·行業專題報告·醫療器械·2025年12月2日.行業評級：看好(維持)\n\n集採規則優化步入深水區。\n")
    assert doc.text.normalized.startswith("中瑞證券·行業專題報告·醫療器械·2025年12月2日·行業評級：看好（維持）\n")
    e = find_edit(doc, ".", "·", "punctuation")
    assert e is not None and e.applied and "header structure" in e.reason


def test_a_quotation_that_lost_its_closer_keeps_its_double_opener() -> None:
    # the nested ‘ was dropped and so was the final ”: the “ after the colon is speech
    text = "負責人向我們表示：“今年的關鍵詞是送樣’，明年的關鍵詞是‘定點’，真正的放量要看2027年。\n"
    assert "：“今年" in run(text).text.normalized


def test_header_field_terms_start_fields_where_a_bar_was_lost() -> None:
    doc = run(
        "2025年11月20日|綜合企業/港口公司更新|評級：買入|目標價：HK$60.0\n\n（2628.HK）|持有目標價24.0港元|行業點評\n"
    )
    assert "|綜合企業/港口|公司更新|" in doc.text.normalized and "|持有|目標價24.0港元|" in doc.text.normalized
    # a term that is a key's value, a field's own first term, or a term inside a longer one: left alone
    for clean in (
        "日期：2025年11月18日|行業：交通運輸/航空|報告類別：公司更新|評級：買入（維持）\n",
        "2025年11月3日|行業點評|行業評級：增持|投資評級：買入\n",
        # the report's scope qualifies its type: one field
        "电子/半导体封测|行业首次覆盖|2025-11-21\n",
    ):
        assert not applied(run(clean), "punctuation"), clean


def test_engine_alternative_against_a_broker_term_it_printed() -> None:
    # 十二吋 (a wafer size, a broker term) against 十二时 ("twelve o'clock", a word jieba knows)
    text = "公司目前在無錫營運一座十二吋晶圓廠，月產能約9.5萬片。\n"
    doc = _with_choice(text, "吋", "吋", 0.71, [("时", 0.29)])
    assert "十二吋晶圓廠" in doc.text.normalized


def test_a_common_one_character_word_is_no_misreading_for_standing_alone() -> None:
    # 因 ("because of") forms no two-character word here, and 国 would make 国内外, which the
    # document prints elsewhere
    text = "国内外煤价分化明显。其中印尼煤因内外价格倒挂而减少出口，澳洲煤则受天气扰动。\n"
    assert run(text).text.normalized == text


def test_engine_alternative_vetoed_when_a_long_word_blames_a_neighbour() -> None:
    # 模桿比率: 槓桿比率 (a broker term) wants 模 changed; 桿 → 样 would make 模样 ("appearance")
    text = "隨著估值下跌，部分REIT的模桿比率或升至35%，接近監管上限。\n"
    doc = _with_choice(text, "桿", "桿", 0.55, [("样", 0.40)])
    assert "模样" not in doc.text.normalized
    assert not [e for e in doc.edits if e.applied and e.after == "样"]


def test_dash_bullets_read_as_the_numeral_one() -> None:
    text = (
        "風險因素：\n\n一全球註冊性研究的數據讀出時間或延後；\n\n一Summit管理層變動或影響合作推進；\n\n"
        "一季度收入按年增長12%。\n"
    )
    doc = run(text)
    assert "\n全球註冊性研究" in doc.text.normalized and "\nSummit管理層" in doc.text.normalized
    assert "\n一季度收入" in doc.text.normalized  # 一季度 is a word: the numeral stays
    # one such line alone is no list
    assert "一全球註冊性研究" in run("風險因素：\n\n一全球註冊性研究的數據讀出時間或延後。\n").text.normalized
    # the printed dash bullet normalizes away, like any bullet
    assert run("—全球註冊性研究；\n—Summit管理層變動；\n").text.normalized == "全球註冊性研究；\nSummit管理層變動；\n"


def test_header_bars_need_the_engine_where_its_alternatives_are_known() -> None:
    def gaps(text: str, after) -> Document:
        return scanned(text, [(text.index(at) + len(at), "", 1 - p, alts) for at, p, alts in after])

    text = "報告日期：2025年11月10日|行業：保險類型：季度業績點評|評級：買入（維持）目標價：HK$95.0\n"
    # a bar weighed between 保險 and 類型 is restored though no field rule finds that boundary
    doc = gaps(text, [("保險", 0.17, [("|", 0.17)]), ("（維持）", 0.06, [(" ", 0.06)])])
    assert "|行業：保險|類型：季度業績點評|" in doc.text.normalized
    # the boundary before 目標價 is a field boundary, but the engine weighed a space there:
    # the writer cut those fields with spaces
    assert "（維持）目標價" in doc.text.normalized
    # as text (no engine alternatives), blanks in the original say the same
    spaced = "公司研究｜汽車｜2025年11月20日  評級：買入（維持）  目標價：110.00港元\n"
    assert "|" not in run(spaced).text.normalized.split("汽車|")[1]


def test_items_numbered_with_chinese_numerals_end_like_their_siblings() -> None:
    text = (
        "六、風險因素\n\n（三）投資回報不及預期，影響內含價值：\n\n（四）匯率波動影響以美元呈報的業績；\n\n"
        "（五）代理人招聘放緩，拖累新業務增長：\n\n（六）內地新規影響銷售。\n"
    )
    doc = run(text)
    assert "內含價值；" in doc.text.normalized and "新業務增長；" in doc.text.normalized
    assert "item 3 ends in '：' right before item 4" in find_edit(doc, "：", "；", "list").reason


def test_no_space_that_cuts_a_unit() -> None:
    text = "毛利率同比提升3pct至31.5%，凈利率提升1.2pct。\n"
    doc = scanned(text, [(text.index("pct") + 1, "", 0.98, [(" ", 0.02)])])  # between p and c
    assert "3pct" in doc.text.normalized and "p ct" not in doc.text.normalized


def test_sampling_is_a_broker_term() -> None:
    # 送样 (sending samples) is no garbled 这样
    text = "公司在固态电解质领域率先送样的相关客户已进入验证阶段。\n"
    assert run(text).text.normalized == text


def test_a_name_one_glyph_off_the_gazetteer_before_its_ticker() -> None:
    doc = run("互聯網方面，我們首選騰訊（0700 HK）及美圃（3690 HK），兩者估值仍低。\n")
    assert "及美團（3690 HK）" in doc.text.normalized
    e = find_edit(doc, "圃", "團", "consistency")
    assert e is not None and e.applied and "ticker 3690 HK" in e.reason
    # a Simplified note gets the Simplified character
    assert "及美团（3690.HK）" in run("我们首选腾讯（0700.HK）及美围（3690.HK），两者估值仍低。\n").text.normalized
    # names printed as the gazetteer has them, and a name it does not know, stay
    for clean in ("首選騰訊（0700 HK）及美團（3690 HK）。\n", "首選新華社（1336.HK）。\n"):
        assert run(clean).text.normalized == clean


def test_a_name_before_its_ticker_is_spelled_in_the_documents_script() -> None:
    # 华能国际 and 華能國際 both fit 華能园際 one glyph off; the document's script decides (it
    # used to be the iteration order of a set, which changes from run to run)
    from pipeline.repair.lexicon import get_lexicon
    from pipeline.repair.names import ticker_names

    lex = get_lexicon()
    for script, text, want in (
        (None, "華能园際（0902.HK）", "國"),
        ("zh-Hant", "華能园際（0902.HK）", "國"),
        ("zh-Hans", "华能园际（0902.HK）", "国"),
    ):
        found = ticker_names(lex, text, skip=lambda p: False, script=script)
        assert [p.replacement for p in found] == [want], script


def test_a_space_before_a_signed_number_the_engine_half_saw() -> None:
    text = "營業收入96億元（yoy-6.6%），歸母淨利潤18億元（yoy+23.6%）。\n"
    doc = scanned(text, [(text.index(n), "", 0.9, [(" ", 0.1)]) for n in ("-6.6", "+23.6")])
    assert "（yoy -6.6%）" in doc.text.normalized and "（yoy +23.6%）" in doc.text.normalized


def test_a_header_that_lost_most_of_its_bars_gets_them_where_the_engine_weighed_them() -> None:
    text = "2025年11月20日通信·光模塊公司深度投資評級：買入（首次覆蓋）目標價：180.00元\n\n公司是光模塊龍頭。\n"
    at = [text.index(w) for w in ("通信", "公司深度", "投資評級")]
    doc = scanned(text, [(i, "", 0.85, [("|", 0.15)]) for i in at])
    assert doc.text.normalized.startswith("2025年11月20日|通信·光模塊|公司深度|投資評級：買入")
    # one weighed gap and no bar left: no header evidence; nor in a line that ends a sentence
    assert "|" not in scanned(text, [(at[0], "", 0.85, [("|", 0.15)])]).text.normalized
    prose = "公司於2025年11月20日通信業務收入增長，投資評級維持買入。\n"
    gaps = [prose.index(w) for w in ("通信", "投資")]
    assert "|" not in scanned(prose, [(i, "", 0.85, [("|", 0.15)]) for i in gaps]).text.normalized


def test_header_bars_at_structural_boundaries_between_weighed_gaps() -> None:
    # two gaps weighed at 0.15 make the line a header; the date's end, weighed lower, is a
    # field boundary and gets its bar too; a double space that normalize removed keeps the
    # weight its second gap gave a bar
    text = "2025年11月20日通信·光模塊公司深度投資評級：買入（首次覆蓋）\n\n公司是光模塊龍頭。\n"
    weighed = [(text.index(w), "", 0.85, [("|", 0.15)]) for w in ("公司深度", "投資評級")]
    doc = scanned(text, [*weighed, (text.index("通信"), "", 0.9, [("|", 0.07)])])
    assert doc.text.normalized.startswith("2025年11月20日|通信·光模塊|公司深度|投資評級：買入")
    e = next(e for e in doc.edits if e.after == "|" and e.start == text.index("通信"))
    assert "a date ends the field" in e.reason
    # no weight at the date's end: no bar there
    assert scanned(text, weighed).text.normalized.startswith("2025年11月20日通信·光模塊|公司深度|")
    spaced = "2025年12月1日  交通運輸|年度策略|行業評級：中性\n\n板塊全年跑贏大市。\n"
    gap = spaced.index("  ")
    doc = scanned(spaced, [(gap, " ", 0.5, [("", 0.5)]), (gap + 1, "", 0.63, [(" ", 0.2), ("|", 0.17)])])
    assert doc.text.normalized.startswith("2025年12月1日|交通運輸|年度策略")


def test_the_minus_of_a_range_second_number_the_engine_half_saw() -> None:
    text = "客座率同比降幅由上半年的-8%~10%收窄至-2%~3%，票價同比回升。\n"
    gaps = [text.index("10%"), text.index("3%")]
    doc = scanned(text, [(gaps[0], "", 0.55, [("-", 0.45)]), (gaps[1], "", 0.95, [("-", 0.05)])])
    # the first: weighed at 0.45; the second: too little of the engine's weight
    assert "由上半年的-8%~-10%收窄至-2%~3%" in doc.text.normalized
    # a range whose first number is positive gets no sign
    plain = "預計毛利率在8%~10%之間。\n"
    assert scanned(plain, [(plain.index("10%"), "", 0.55, [("-", 0.45)])]).text.normalized == plain


def test_the_space_after_a_list_number_before_a_period() -> None:
    text = "估值具吸引力。\n\n1.3Q25業績回顧：收入按年增長12%。\n\n2.10年期國債收益率回落至1.8%。\n\n3.2026E盈利預測上調。\n"
    out = run(text).text.normalized
    assert "1. 3Q25業績回顧" in out and "2. 10年期國債" in out and "3. 2026E盈利" in out
    # sub-sections numbered as decimals, a decimal amount and a table row stay
    kept = "1.2行業回顧\n\n1.3Q25前瞻\n\n1.5倍市賬率。\n\n2.5萬億元專項債。\n\n1.6T\t20\t280\n"
    assert_untouched(kept)


def test_a_rating_term_is_a_word() -> None:
    # 沽售 (Sell, in Hong Kong houses) is no misread of 評估; nor any other rating term
    text = "CNBM負債較高、地產敞口大，評沽售；另一家評跑輸大市。\n"
    assert run(text).text.normalized == text


def test_the_closing_quote_of_speech_that_ends_its_paragraph() -> None:
    said = "一家頭部養殖企業負責人坦言：「行業已經到了不降本就出局的階段，明年目標是完全成本再降1元。\n"
    doc = run(said)
    assert doc.text.normalized.endswith("再降1元。」\n")
    e = find_edit(doc, "", "」", "punctuation")
    assert e is not None and e.applied and "坦言：" in e.reason
    # speech with two sentence ends could close at either; a closed quote and a quoted term stay
    assert_untouched(
        "管理層表示：「訂單已排到2027年。約束在於供應。我們認為估值偏低。\n",
        "管理層表示：「訂單已排到2027年。」我們認為估值偏低。\n",
        "本輪主題：「反內捲重塑格局，龍頭受惠。\n",
    )


def test_a_space_the_document_prints_elsewhere_between_two_latin_tokens() -> None:
    text = (
        "無錫Fab 9規劃月產能8.5萬片；Fab9則於2025年投產，但Fab9新產能的折舊仍高。\n"
        "收入96億元（yoy -6.6%），利潤18億元（yoy-11.5%）。\n"
    )
    doc = run(text)
    out = doc.text.normalized
    assert "Fab 9則於" in out and "但Fab 9新產能" in out and "（yoy -11.5%）" in out
    e = find_edit(doc, "", " ", "consistency")
    assert e is not None and e.applied and "printed" in e.reason
    # a word (HIBOR), a table row and a spaced name the OCR doubted give no evidence
    kept = "HI BOR上升而HIBOR回落。\nFab 9\t10\t20\nFab9\t11\t21\n"
    assert_untouched(kept)
    doubted = "首期Orient Peak落成；OrientPeak二期動工。\n"
    at = doubted.index(" Peak")
    assert scanned(doubted, [(at, " ", 0.6, [("", 0.4)])]).text.normalized == doubted
    assert "Orient Peak二期" in scanned(doubted, [(at, " ", 0.9, [("", 0.1)])]).text.normalized


def test_a_title_dash_read_as_one_one() -> None:
    doc = run("存款利率下行周期中的理财再配置与息差企稳一一银行业专题研究\n\n正文第一段。\n")
    assert doc.text.normalized.startswith("存款利率下行周期中的理财再配置与息差企稳——银行业专题研究\n")
    # 一一 in prose, and a heading where 一一 makes a word with its neighbour, stay
    assert_untouched(
        "公司对客户反馈的问题一一核实并给出解答。\n",
        "两类资产一一对应\n",
    )


def test_a_dot_half_seen_in_a_gap_is_the_comma_of_a_report_that_prints_commas_as_dots() -> None:
    text = (
        "港股走出多年估值低谷恒生指數升至26,000點·市盈率由9.5倍升至現時11.2倍同期盈利預測只上調3%。"
        "估值擴張是主要動力·我們認為南向資金仍是關鍵。全年淨流入創新高·內地險資增配高息股。\n"
    )
    gaps = [(text.index("恒生"), [("·", 0.05)]), (text.index("同期"), [("，", 0.04), ("·", 0.04)])]
    doc = scanned(text, [(i, "", 0.9, alts) for i, alts in gaps])
    out = doc.text.normalized
    assert "估值低谷，恒生指數" in out and "11.2倍，同期" in out
    e = next(e for e in doc.edits if e.after == "，" and e.kind == "ocr_choice")
    assert "prints its commas as dots" in e.reason
    # a report that prints its commas, or that lost its full stops to dots too: a dot
    # half-seen in a gap is no comma
    for other in (text.replace("·", "，"), text.replace("。", "·")):
        doc = scanned(other, [(other.index("恒生"), "", 0.9, [("·", 0.05)])])
        assert "估值低谷恒生指數" in doc.text.normalized


def test_a_paragraph_full_stop_read_as_zero() -> None:
    text = "短剧业务收入12.8亿元，同比+9.6%0\n\n游戏业务收入回落至低位，环比持平o\n"
    out = run(text).text.normalized
    assert "同比+9.6%。\n" in out and "环比持平。\n" in out
    # numbers, a table row and a line that is no prose keep their zeros
    kept = "收入12.8亿元，同比增长10\n\nRevenue\t100\t120\n\n目标价：20\n"
    assert_untouched(kept)


def test_a_space_after_a_circled_list_number_the_engine_half_saw() -> None:
    text = "风险提示：\n①AI商业化进展不及预期；\n（2）GPU供给受限。\n"
    doc = scanned(text, [(text.index("AI"), "", 0.78, [(" ", 0.22)]), (text.index("GPU"), "", 0.7, [(" ", 0.3)])])
    # the bracketed label's blank half is no space
    assert "① AI商业化" in doc.text.normalized and "（2）GPU" in doc.text.normalized
    # a section number: 3.1PX → 3.1 PX
    sub = "二、供需\n3.1PX：投产空窗期\n"
    assert "3.1 PX：" in scanned(sub, [(sub.index("PX"), "", 0.77, [(" ", 0.23)])]).text.normalized


def test_names_in_table_labels_are_not_misspelled_words() -> None:
    table = (
        "可比公司估值\n\n"
        "Company\tTicker\tP/E\n"
        "Wanpy\t002891.SZ\t33.1\n"
        "Awinic 艾为电子\t688798.SH\t45.9\n"
        "Yue Yuen\t—\t7.6\n"
        "Cambodia (Phnom Penh)\t120\t21,000\n"
        "Guojin Securities\t10\t20\n"
        "Mining, agri & other\t13,843\t17,000\n"
        "Othe current Liabilities\t163\t170\n"
    )
    out = run(table).text.normalized
    for name in ("Wanpy", "Awinic", "Yue Yuen", "Phnom Penh", "Guojin", "agri"):
        assert name in out, name
    assert "Other current Liabilities" in out  # the label's own word is still repaired


def test_an_enumeration_comma_read_as_a_space_between_latin_names() -> None:
    text = "公司研发团队多来自TI ADI与MPS，产品对标海外龙头。\n"
    doc = scanned(text, [(text.index(" ADI"), "", 0.82, [("、", 0.09), (".", 0.08)])])
    assert "来自TI、ADI与MPS" in doc.text.normalized
    # no mark weighed, or a line of English: the space stays
    assert "TI ADI" in scanned(text, [(text.index(" ADI"), "", 0.99, [(".", 0.01)])]).text.normalized
    english = "Peers: TI ADI and MPS\n"
    assert scanned(english, [(english.index(" ADI"), "", 0.8, [("、", 0.2)])]).text.normalized == english


def test_a_year_with_its_last_digit_read_as_a_letter() -> None:
    out = run("考虑到公司202SE-2027E归母净利润，自202O年起。\n").text.normalized
    assert "2025E-2027E" in out and "自2020年起" in out
    kept = "200G与800G光模块，2020E收入。\n"
    assert_untouched(kept)


def test_a_number_and_unit_printed_spaced_before_a_year_elsewhere() -> None:
    text = "目标价基于1.0x 2026E P/B；当前估值0.43x2026EP/B，MoM +1.0%后又MoM-1.2%。\n"
    out = run(text).text.normalized
    assert "0.43x 2026E P/B" in out and "MoM -1.2%" in out
    yoy = run("归母净利润-4.8% YoY，中国广核-8.9%YoY。\n").text.normalized
    assert "-8.9% YoY" in yoy


def test_people_named_after_a_staff_label_keep_their_names() -> None:
    text = "分析师：林知遥（Lin Zhiyao）、何志朗\n\n我们知道行业景气度回升。\n"
    assert run(text).text.normalized == text


def test_a_person_named_in_running_text_keeps_the_name() -> None:
    # 知遥 "forms no word" and 知道 does, but a title before, 表示 after or the Latin spelling
    # beside it marks the string as a person's name; the misread word in the sentence is
    # still repaired
    for text in (
        "董事長林知遙表示，公司的目標最終實稅。\n",
        "林知遙表示，公司的目標最終實稅。\n",
        "會上，林知遙（Lin Zhiyao）稱公司的目標最終實稅。\n",
    ):
        doc = run(text)
        assert "林知遙" in doc.text.normalized and "最終實現" in doc.text.normalized
        assert find_edit(doc, "遙", "道") is None or not find_edit(doc, "遙", "道").applied
    # no title, no verb, no spelling: the same characters are words to be judged
    assert "我們知道" in run("我們知遙行業景氣度回升。\n").text.normalized


def test_names_in_running_text_are_found_by_their_context() -> None:
    from pipeline.repair.lexicon import get_lexicon
    from pipeline.repair.names import person_names

    lex = get_lexicon()

    def names(text: str) -> list[str]:
        pos = sorted(person_names(lex, text))
        return ["".join(text[i] for i in pos)] if pos else []

    assert names("公司由董事长简军（Jian Jun）带领。") == ["简军"]
    assert names("總經理李明指出，需求回暖。") == ["李明"]
    assert names("。林知遥表示，公司") == ["林知遥"]
    assert names("，管理层表示，公司") == []  # 管理 is a word: a subject, not a person
    assert names("，公司表示，") == []


def test_a_quoted_term_is_judged_as_a_whole() -> None:
    # the language model's word inside a quoted term (探索) is no reason to change a term the
    # writer set apart, unless the changed term is printed elsewhere in the document
    assert "探索新的用户场景" in run("公司持续在产品探素新的用户场景。\n").text.normalized
    assert "“探素新的用户”" in run("公司提出“探素新的用户”战略。\n").text.normalized
    twice = run("公司提出“探素新知”战略，“探索新知”是其口号。\n").text.normalized
    assert twice.count("“探索新知”") == 2


def test_a_phrase_pairing_two_quantities_with_two_directions_stays() -> None:
    # 量增價跌 forms no dictionary word across it, and the document prints 容量電價 often:
    # document consistency (and the character rule) leave the phrase as it is
    power = "容量電價托底，容量電價上調，容量電價落地。136號文後量增價跌，容量電價支撐盈利。\n"
    assert "量增價跌" in run(power).text.normalized
    # a misread beside such a phrase is still repaired: 容量電價 printed once as 容量雷價
    fixed = run(power.replace("容量電價支撐", "容量雷價支撐")).text.normalized
    assert "容量電價支撐" in fixed and "量增價跌" in fixed


def test_a_price_per_unit_names_a_unit() -> None:
    # the slash cuts the unit off from the words around it; a character there that is no
    # unit, one glyph off a unit the document prices in elsewhere, is that unit misread
    doc = run("動力煤價格由約610元/顺反彈至約690元/噸；油價由80美元/捅升至85美元/桶。\n")
    assert "610元/噸" in doc.text.normalized and "80美元/桶" in doc.text.normalized
    assert all(e.kind == "character" and "price per unit" in e.reason for e in applied(doc))
    # a unit the document never prints is no candidate (噪 looks as much like 晚 as 噸)
    assert_untouched("煤價約610元/噪，按年回落。\n")
    assert_untouched("每股派息0.5港元/股，票價100元/人，单票收入2.1元/票。\n")


def test_a_term_glossed_in_latin_letters_is_meant() -> None:
    # 交换机 is printed four times, 交换板 once, one glyph apart: document consistency
    # proposes the change, but the writer glossed the term (switch tray), so it stays
    text = (
        "整机柜方案中，计算板（compute tray）与交换板（switch tray）普遍采用高等级材料。数据中心与"
        "高速交换机拉动需求，配套交换机带动高速板材，公司聚焦服务器、交换机与汽车电子，800G交换机需求旺盛。\n"
    )
    doc = run(text)
    assert doc.text.normalized == text
    proposed = find_edit(doc, "板", "机", "consistency")
    assert proposed is not None and proposed.confidence >= 0.8 and not proposed.applied
    # a ticker in the brackets is no gloss: the name before it is still the gazetteer's
    assert "輝達（NVDA.US）" in run("客戶包括輝建（NVDA.US）與微軟，需求強勁。\n").text.normalized


def test_a_hyphenated_given_name_glossing_a_chinese_name_is_no_misspelling() -> None:
    assert_untouched("分析員：陳志遠（Chan Chi-yuen）、黃嘉豪（Wong Ka-ho）\n\n本季度需求回暖。\n")
    # an English label with a hyphen is still spelled
    assert "Non-current assets" in run("Items\t2024\nNon-curent assets\t120\nTotal\t120\n").text.normalized


def test_a_chinese_name_cased_by_its_syllables_keeps_its_capitals() -> None:
    # WuXi is how the brand cases 無錫: each capital starts a Pinyin syllable; viVo's
    # capital is a look-alike glyph
    assert_untouched("藥明生物（WuXi Biologics）的WuXi平台在手訂單增長。\n")
    assert "vivo" in run("手機品牌viVo與OPPO出貨回暖。\n").text.normalized


def test_a_mixed_case_name_is_not_its_rival_plus_a_letter() -> None:
    # SpaceX once, Space twice: the company, not a misspelling; a stroke read as I is
    text = "以CAS Space、Deep Space为代表的企业加速追赶；SpaceX的Starlink领先。\n"
    assert_untouched(text)
    doc = run("Lululemon收入增长，Lululemon门店扩张，LululemonI订单放缓。\n")
    assert "LululemonI" not in doc.text.normalized


def test_a_short_quoted_term_needs_more_than_the_language_model() -> None:
    text = "公司的“濡白天使”作为国内首款再生材料，放量顺利。\n"
    doc = scanned(text, [(text.index("濡"), "濡", 0.82, [("清", 0.03)])])
    assert "“濡白天使”" in doc.text.normalized


def test_a_header_bar_takes_the_place_of_its_side_bearing() -> None:
    text = "■东方电气 Dongfang Electric 600875.SH|买入|目标价23.50元\n\n正文。\n"
    gap = text.index(" 600875")
    doc = scanned(text, [(gap + 1, "", 0.75, [("|", 0.25)])])
    assert "Dongfang Electric|600875.SH|买入" in doc.text.normalized


def test_the_numeral_one_before_a_measure_word_in_a_quotation_is_no_dash() -> None:
    assert_untouched("AI应用打通“最后一公里”，商业化提速。\n", "监管推动“一次性”计提。\n")
    assert "“暫停—恢復—再觀望”" in run("政策“暫停一恢復一再觀望”。\n").text.normalized


def test_set_11_clean_text_stays() -> None:
    # a British spelling, a company name one letter from a word in a table label, and one
    # Han character beside a Latin word that the document prints after another character
    kept = (
        "行業月報\n\n月GGR按年升8%，月GGR創新高，月GGR連升三月；單日GGR最高達12億。\n\n"
        "Company\tRevenue\nZbom\t120\n\nThe group's digitalisation and labour costs.\n"
    )
    assert_untouched(kept)


def test_a_roman_list_label_is_no_word_that_lost_a_letter() -> None:
    text = "水泥行業觀點：\n\n（ii）價格築底。\n\n（i）需求跌幅收窄。\n\n（iii）供給側改革。\n"
    gap = text.index("i）需求")
    assert scanned(text, [(gap, "", 0.84, [("i", 0.16)])]).text.normalized == text


def test_set_12_clean_text_stays() -> None:
    # a common one-character word beside a number (约), and a broker phrase (量增价稳)
    kept = (
        "公司的利润的增速、利润的质量与利润的结构均改善，归母净利润约3.2亿元。\n\n"
        "酒店业务量增价稳，价格体系稳定，价格带上移，价格竞争缓和，价格弹性仍在。\n"
    )
    assert_untouched(kept)
