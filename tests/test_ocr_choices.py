"""The OCR engine's alternatives: decoding them from the recogniser, carrying them through the
PDF stage into ``doc.ocr_choices``, and judging them in the repair stage."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.config import Pipeline
from pipeline.document import Document, OcrChoice
from pipeline.ocr_alternatives import decode_line

CHARSET = ["blank", "估", "占", "比", "，", "A", "I", "的", " "]


def probs(rows: list[dict[str, float]]) -> np.ndarray:
    """Time steps × classes from {class: probability}; the rest of each step goes to blank."""
    out = np.zeros((len(rows), len(CHARSET)), dtype=np.float32)
    for t, row in enumerate(rows):
        for ch, p in row.items():
            out[t, CHARSET.index(ch)] = p
        out[t, 0] += 1.0 - out[t].sum()
    return out


# -- decoding ---------------------------------------------------------------------------------
def test_greedy_decode_with_alternatives_and_gaps() -> None:
    line = decode_line(
        probs(
            [
                {"估": 0.55, "占": 0.40},
                {"估": 0.50, "占": 0.45},  # the same run: the best each class reached counts
                {},
                {"比": 0.99},
                {"，": 0.30},  # blank (0.70) wins: a comma the engine nearly read
                {},
                {"的": 0.98},
            ]
        ),
        CHARSET,
    )
    assert line.text == "估比的"
    sub = [c for c in line.choices if c.read]
    gap = [c for c in line.choices if not c.read]
    assert [(c.offset, c.read) for c in sub] == [(0, "估")]
    assert sub[0].p_read == pytest.approx(0.55, abs=1e-3)
    assert sub[0].alternatives[0] == ("占", pytest.approx(0.45, abs=1e-3))
    # the confidently read 比 and 的 keep nothing; the comma sits between 比 and 的
    assert len(gap) == 1 and gap[0].offset == 2 and gap[0].alternatives[0][0] == "，"


def test_mark_half_seen_after_the_last_character_is_kept() -> None:
    line = decode_line(probs([{"占": 0.99}, {}, {"比": 0.99}, {}, {"，": 0.25}, {}]), CHARSET)
    assert line.text == "占比"
    (gap,) = line.choices
    assert gap.offset == 2 and gap.read == "" and gap.alternatives[0][0] == "，"


def test_repeated_character_needs_a_blank_between() -> None:
    line = decode_line(probs([{"A": 0.99}, {"A": 0.99}, {}, {"A": 0.99}]), CHARSET)
    assert line.text == "AA" and line.choices == []


def test_confident_line_has_no_choices() -> None:
    line = decode_line(probs([{"占": 0.995}, {}, {"比": 0.99}, {"的": 0.999}]), CHARSET)
    assert line.text == "占比的" and line.choices == []


@pytest.fixture(scope="module")
def engine():
    pytest.importorskip("rapidocr")
    from pipeline.stages.extract_pdf import make_ocr_engine

    return make_ocr_engine()


def _line_image(text: str, size: int = 18, blur: float = 0.0):
    from pathlib import Path

    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font_path = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if not font_path.exists():
        pytest.skip("Noto CJK fonts are not installed")
    font = ImageFont.truetype(str(font_path), size, index=2)
    img = Image.new("L", (int(font.getlength(text)) + 40, int(size * 1.9)), 255)
    ImageDraw.Draw(img).text((20, 4), text, font=font, fill=0)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    return np.array(img.convert("RGB"))


def test_recognizer_reads_what_rapidocr_reads(engine) -> None:
    from pipeline.ocr_alternatives import Recognizer

    lines = ["公司第三季度收入按年增長百分之九", "毛利率為二十一點二，按季提升", "阿里巴巴在雲棲大會上發布新模型"]
    imgs = [_line_image(t, blur=b) for t in lines for b in (0.0, 0.9)]
    ours = Recognizer(engine)(imgs)
    theirs = engine.recognize_txt(imgs).txts
    assert [o.text for o in ours] == list(theirs)
    for o in ours:  # every choice points at what was read there
        for c in o.choices:
            assert o.text[c.offset : c.offset + len(c.read)] == c.read
            assert all(p >= 0.02 for _, p in c.alternatives)


# -- the repair stage --------------------------------------------------------------------------
def repaired(text: str, choices: list[tuple[str, int, str, float, list[tuple[str, float]]]], **options) -> Document:
    """``choices``: (anchor, index in anchor, read, p_read, alternatives); ``read == ""`` is a gap
    before ``anchor[index]``."""
    doc = Document.from_text(text)
    for anchor, k, read, p, alts in choices:
        at = text.index(anchor) + k
        doc.ocr_choices.append(
            OcrChoice(orig_start=at, orig_end=at + len(read), read=read, p_read=p, alternatives=alts)
        )
    cfg = {"pipeline": {"stages": ["normalize", "repair"]}}
    if options:
        cfg["stages"] = {"repair": options}
    return Pipeline.from_config(cfg)(doc)


def choice_edits(doc: Document):
    return [e for e in doc.edits if e.kind == "ocr_choice" and e.applied]


def test_engine_second_reading_wins_in_context() -> None:
    text = "需求延續旺盛，而折舊歷力在明年之前難以明顯緩解。\n"
    doc = repaired(text, [("歷力", 0, "歷", 0.45, [("壓", 0.30), ("厲", 0.05)])])
    assert "而折舊壓力在明年" in doc.text.normalized
    (e,) = choice_edits(doc)
    assert e.before == "歷" and "OCR read '歷' at 0.45" in e.reason and e.confidence >= 0.8
    check_offsets(doc)


def test_document_support_tips_a_close_call() -> None:
    alone = "恒生指數全年上漂約28%。\n"
    doc = repaired(alone, [("上漂", 1, "漂", 0.9, [("漲", 0.02)])])
    assert "上漂" in doc.text.normalized  # LM and engine alone fall short of the bar
    both = "恒生指數全年上漂約28%，恒生科技指數上漲約27%。\n"
    doc = repaired(both, [("上漂", 1, "漂", 0.9, [("漲", 0.02)])])
    assert "全年上漲約28%" in doc.text.normalized
    assert "printed 1× elsewhere" in choice_edits(doc)[0].reason


def check_offsets(doc: Document) -> None:
    for e in doc.edits:
        assert e.before == doc.text.original[e.orig_start : e.orig_end]
        if e.applied and e.start is not None:
            assert doc.text.normalized[e.start : e.end] == e.after
    doc.offsets.check()


def test_clean_reading_is_kept_when_the_context_disagrees_with_the_alternative() -> None:
    # 收入 is a word; the engine's second reading 收人 is not: nothing changes
    text = "公司第三季度收入按年增長百分之九。\n"
    doc = repaired(text, [("收入", 1, "入", 0.6, [("人", 0.35)])])
    assert doc.text.normalized == text and not choice_edits(doc)


def test_name_of_the_gazetteer_is_never_turned_into_a_word() -> None:
    text = "美團的單均收入按年下降，外賣業務競爭加劇。\n"
    doc = repaired(text, [("美團", 1, "團", 0.69, [("國", 0.31)])])
    assert "美團" in doc.text.normalized and not choice_edits(doc)


def test_numerals_are_never_swapped() -> None:
    text = "公司計劃三年內投入二百億元。\n"
    doc = repaired(text, [("三年", 0, "三", 0.4, [("二", 0.55)])])
    assert "三年內" in doc.text.normalized and not choice_edits(doc)


def test_middle_dot_read_for_a_comma() -> None:
    text = "需求延續旺盛·而折舊壓力在明年之前難以明顯緩解。\n"
    doc = repaired(text, [("·", 0, "·", 0.45, [("，", 0.3)])])
    assert "旺盛，而折舊" in doc.text.normalized
    assert any(e.before == "·" and e.after == "，" for e in choice_edits(doc))


def test_dropped_comma_restored_only_at_a_word_boundary() -> None:
    text = "收入按季增長7.8%按年增長9.7%略高於指引。\n"
    doc = repaired(text, [("按年", 0, "", 0.6, [("，", 0.36)])])
    assert "7.8%，按年增長" in doc.text.normalized
    # inside a word (資本) the same half-seen comma is not inserted
    text2 = "公司維持全年資本開支指引不變。\n"
    doc2 = repaired(text2, [("資本", 1, "", 0.6, [("，", 0.36)])])
    assert doc2.text.normalized == text2


def test_dropped_letter_of_a_token_the_document_prints() -> None:
    text = "公司加大AI投入，我們在A方面的資本開支將繼續上升，AI應用已覆蓋廣告。\n"
    doc = repaired(text, [("A方面", 1, "", 0.7, [("I", 0.25)])])
    assert "我們在AI方面" in doc.text.normalized
    # a lone A before 股 with a faint I is left alone
    text2 = "首三季A股IPO募資額下降，AI板塊表現較好。\n"
    doc2 = repaired(text2, [("A股", 1, "", 0.96, [("I", 0.04)])])
    assert "A股" in doc2.text.normalized


def test_short_acronym_is_not_extended_into_a_vocabulary_word() -> None:
    # PD is no word of the English list, PDD is a gazetteer name: an acronym is open-class
    text = "康方生物的PD藥物進入三期臨床。\n"
    doc = repaired(text, [("PD藥", 2, "", 0.6, [("D", 0.31)])])
    assert doc.text.normalized == text


def test_stale_choice_is_ignored_and_option_turns_the_evidence_off() -> None:
    text = "分地區看，中國區收入估比約八成。\n"
    doc = repaired(text, [("收入", 0, "估", 0.48, [("占", 0.41)])])  # points at 收, not 估
    assert not choice_edits(doc)
    doc2 = repaired(text, [("估比", 0, "估", 0.48, [("占", 0.41)])], ocr_choices=False)
    assert not choice_edits(doc2)


def test_neighbouring_misreadings_are_decided_together() -> None:
    text = "3.臟訊控投（0700.HK）公佈第三季業績，收入按年增長。\n"
    doc = repaired(text, [("臟訊", 0, "臟", 0.45, [("騰", 0.30)]), ("控投", 1, "投", 0.49, [("股", 0.17)])])
    assert "騰訊控股（0700.HK）" in doc.text.normalized
    edits = choice_edits(doc)
    assert len(edits) == 2 and all("decided together" in e.reason for e in edits)
    check_offsets(doc)


def test_joint_decision_settles_two_disagreeing_single_readings() -> None:
    # 觀 alone could become 殿 (殿堂 is a word); with 堂 → 望 the window reads 觀望
    text = "需求經歷了暫停、恢復、再觀堂的反覆。\n"
    choices = [("觀堂", 0, "觀", 0.4, [("殿", 0.38)]), ("觀堂", 1, "堂", 0.5, [("望", 0.45)])]
    # judged one at a time, each clears the bar and the two together would print 殿望
    one = repaired(text, choices[:1])
    assert "再殿堂的" in one.text.normalized
    doc = repaired(text, choices)
    assert "再觀望的反覆" in doc.text.normalized
    assert [(e.before, e.after) for e in choice_edits(doc)] == [("堂", "望")]


def test_a_character_read_twice_loses_its_misread_copy() -> None:
    text = "公司現全金流充裕，足以覆蓋資本開支。\n"
    doc = repaired(text, [("全金", 0, "全", 0.49, [("金", 0.42)])])
    assert "公司現金流充裕" in doc.text.normalized
    (e,) = choice_edits(doc)
    assert e.before == "全" and e.after == "" and "read twice" in e.reason
    # a faint second reading is not enough: dropping a character is cheap for any LM
    doc2 = repaired(text, [("全金", 0, "全", 0.9, [("金", 0.05)])])
    assert "現全金流" in doc2.text.normalized


def test_half_seen_comma_after_a_number_needs_more_weight() -> None:
    text = "毛利率為21.2%按季提升1.0個百分點。\n"
    assert "21.2%按季" in repaired(text, [("按季", 0, "", 0.9, [("，", 0.08)])]).text.normalized
    assert "21.2%，按季" in repaired(text, [("按季", 0, "", 0.7, [("，", 0.25)])]).text.normalized


def test_semicolon_read_for_a_colon() -> None:
    text = "毛利率改善主要有三方面原因；其一，產能利用率抬升。\n"
    doc = repaired(text, [("；其一", 0, "；", 0.53, [("：", 0.44)])])
    assert "原因：其一" in doc.text.normalized
    # a comma offered for a semicolon is not taken: the LM only prefers the commoner mark
    text2 = "港股IPO數量按年小幅增長；而募資額則大幅上升。\n"
    doc2 = repaired(text2, [("；而", 0, "；", 0.51, [("，", 0.45)])])
    assert doc2.text.normalized == text2


def test_uncertain_numbers_are_flagged_never_changed() -> None:
    text = "收入按年增長9.7%，目標價由每股3,0元上調。\n"
    doc = repaired(
        text,
        [
            ("9.7", 0, "9", 0.55, [("8", 0.40)]),
            ("3,0", 2, "", 0.5, [("9", 0.35)]),
            ("每股", 0, "每", 0.6, [("4", 0.35)]),
        ],
    )
    assert doc.text.normalized == text  # no digit is ever changed or inserted
    flags = {e.before: e for e in doc.edits if e.kind == "unrepaired"}
    assert set(flags) == {"9.7", "3,0"}  # 每 is no number: its digit alternative is noise
    assert "'8' at 0.40" in flags["9.7"].reason and "digit may be missing" in flags["3,0"].reason
    assert not any(e.applied for e in flags.values())
    # a faint other digit is no reason to doubt the number
    quiet = repaired(text, [("9.7", 0, "9", 0.9, [("8", 0.08)])])
    assert not [e for e in quiet.edits if e.kind == "unrepaired"]
    # the digit beside a gap seen again is one wide glyph, unless the engine nearly read it
    wide = repaired(text, [("7%", 1, "", 0.56, [("7", 0.44)])])
    assert not [e for e in wide.edits if e.kind == "unrepaired"]
    double = repaired(text, [("7%", 1, "", 0.3, [("7", 0.7)])])
    assert [e.before for e in double.edits if e.kind == "unrepaired"] == ["9.7"]


def test_half_seen_space_between_latin_tokens() -> None:
    text = "推理側的KVcache優化顯著降低成本，iPhone17系列需求強勁。\n"
    doc = repaired(text, [("KVcache", 2, "", 0.6, [(" ", 0.39)]), ("iPhone17", 6, "", 0.85, [(" ", 0.11)])])
    assert "KV cache優化" in doc.text.normalized and "iPhone 17系列" in doc.text.normalized
    # a faint space, a word of the lexicon, a ticker suffix and a number stay joined
    for anchor, k in (("KVcache", 2), ("cache", 2), ("1088.HK", 5), ("1088.HK", 2)):
        t = "推理側的KVcache優化，中國神華（1088.HK）公佈業績。\n"
        p = 0.002 if anchor == "KVcache" else 0.4
        assert repaired(t, [(anchor, k, "", 0.9, [(" ", p)])]).text.normalized == t, anchor
    # the space class is silent where no space was printed: a faint one is a printed space
    faint = repaired(text, [("iPhone17", 6, "", 0.99, [(" ", 0.006)])])
    assert "iPhone 17系列" in faint.text.normalized
    # … between a letter and a digit; between two letters only the engine's weight tells a
    # word boundary from the inside of a name
    bot = "微創機器人（MicroPort MedBot）的圖邁獲批，XNGP版本推送。\n"
    for anchor, k in (("MedBot", 3), ("XNGP", 2)):
        assert repaired(bot, [(anchor, k, "", 0.99, [(" ", 0.004)])]).text.normalized == bot, anchor
    assert "Med Bot" in repaired(bot, [("MedBot", 3, "", 0.7, [(" ", 0.3)])]).text.normalized
    # a word across the gap (Taker) does not block a split into two words (Take rate)
    rate = "外賣平台的Takerate（貨幣化率）持續提升。\n"
    assert "Take rate（" in repaired(rate, [("Takerate", 4, "", 0.6, [(" ", 0.3)])]).text.normalized


def test_a_rare_character_read_surely_is_likelier_a_term() -> None:
    # the LM prefers 算错 ("miscalculate") to 算铽 mostly for the unigram of 铽 (terbium)
    text = "我们测算铽价格将继续上行。\n"
    assert repaired(text, [("铽", 0, "铽", 0.85, [("错", 0.15)])]).text.normalized == text
    # read with doubt, the engine's alternative wins on the LM as before
    doubt = repaired(text, [("铽", 0, "铽", 0.4, [("错", 0.35)])]).text.normalized
    assert "测算错价格" in doubt


def test_dash_read_as_the_numeral_one() -> None:
    text = "供貨經歷了暫停一恢復的反覆，國內需求統一回升。\n"
    doc = repaired(text, [("停一恢", 1, "一", 0.59, [("—", 0.39)])])
    assert "暫停—恢復" in doc.text.normalized
    # 一 in a word (統一) stays, and so does one the engine barely doubted
    doc2 = repaired(text, [("統一", 1, "一", 0.59, [("—", 0.39)])])
    assert "統一回升" in doc2.text.normalized
    doc3 = repaired(text, [("停一恢", 1, "一", 0.95, [("—", 0.04)])])
    assert "暫停一恢復" in doc3.text.normalized


def test_mark_half_seen_after_a_paragraphs_last_character() -> None:
    text = "公司上調派息比率，對盈利屬正面\n\n印發《關於推動發展的意見\n\n下一段。\n"
    doc = repaired(
        text,
        [("正面\n", 2, "", 0.6, [("。", 0.40)]), ("意見\n", 2, "", 0.7, [("》", 0.29), (")", 0.10)])],
    )
    assert "屬正面。\n\n" in doc.text.normalized and "的意見》\n\n" in doc.text.normalized
    # the last character read again is a double read, not a mark
    text2 = "公司走上這條路徑。\n\n下一段。\n"
    assert repaired(text2, [("。\n", 1, "", 0.69, [("。", 0.31)])]).text.normalized == text2


def test_alternative_that_completes_a_gazetteer_name() -> None:
    # the merged broker is too new for the running-text LM; the gazetteer knows it
    # (no ticker after it: the name-before-ticker evidence would decide it first)
    text = "券商板塊中，國秦海通在完成吸收合併後淨利潤大增。\n"
    doc = repaired(text, [("秦海", 0, "秦", 0.65, [("泰", 0.35)])])
    assert "國泰海通在完成" in doc.text.normalized
    (e,) = choice_edits(doc)
    assert "gazetteer name" in e.reason


def test_a_confusion_accepted_once_helps_its_repeats_in_the_document() -> None:
    first = "國務院發布《圖於深化改革的意見》，明確國家機圖的職責。"
    second = "產業發展相圖的重要政策文件已陸續出台。\n"
    weak = ("相圖的", 1, "圖", 0.70, [("關", 0.037)])
    alone = repaired(second, [weak])
    assert "相圖的" in alone.text.normalized  # LM and engine alone fall short of the bar
    doc = repaired(first + second, [("機圖的", 1, "圖", 0.54, [("關", 0.29)]), weak])
    assert "國家機關的" in doc.text.normalized and "發展相關的" in doc.text.normalized
    assert any("elsewhere in the document (+2)" in e.reason for e in choice_edits(doc))


def test_a_space_seen_in_one_copy_of_a_token_goes_into_the_others() -> None:
    text = "iPhone17系列需求強勁，標準版iPhone17因配置升級而熱銷，iPhone17Pro亦然。\n"
    doc = repaired(text, [("iPhone17因", 6, "", 0.85, [(" ", 0.13)])])
    out = doc.text.normalized
    assert out.count("iPhone 17") == 2 and "iPhone17Pro" in out  # a longer token is another name
    check_offsets(doc)


def test_a_dot_becomes_the_clause_mark_the_engine_weighed() -> None:
    # a centred 。 or 、 is read as a dot too; a faint weight on it picks the mark
    text = "毛利率為21.2%·按季提升1.0個百分點·我們維持買入評級·目標價上調。\n"
    doc = repaired(text, [("點·我們", 1, "·", 0.9, [("。", 0.03)])])
    out = doc.text.normalized
    assert "21.2%，按季" in out and "百分點。我們維持" in out and "評級，目標價" in out
    e = next(e for e in doc.edits if e.after == "。")
    assert e.kind == "punctuation" and "full stop" in e.reason and "0.03" in e.reason


def test_the_chinese_dash_read_as_one_one() -> None:
    text = "印度等主要消費國的實物需求一一高金價已經顯著抑制了購買。\n"
    doc = repaired(text, [("一一", 0, "一", 0.56, [("—", 0.43)]), ("一一", 1, "一", 0.9, [("—", 0.08)])])
    assert "實物需求——高金價" in doc.text.normalized
    # 一一 as "one by one" before a verb, or without the engine's doubt, stays
    text2 = "管理層對投資者的問題一一回應。\n"
    doc2 = repaired(text2, [("一一", 0, "一", 0.56, [("—", 0.43)]), ("一一", 1, "一", 0.9, [("—", 0.08)])])
    assert "一一回應" in doc2.text.normalized
    doc3 = repaired(text, [("一一", 0, "一", 0.95, [("—", 0.04)]), ("一一", 1, "一", 0.95, [("—", 0.03)])])
    assert "需求一一高" in doc3.text.normalized


def test_half_seen_quotation_mark_that_its_pair_lacks() -> None:
    text = "與默沙東的合作則採用了打包授權”的模式，首付款較高。\n"
    doc = repaired(text, [("打包授權", 0, "", 0.55, [("“", 0.40)])])
    assert "採用了“打包授權”的模式" in doc.text.normalized
    # quotes that already pair: a half-seen opener is noise
    paired = "與默沙東的合作則採用了“打包授權”的模式，首付款較高。\n"
    assert repaired(paired, [("授權", 0, "", 0.55, [("“", 0.40)])]).text.normalized == paired
