"""The entities stage: the seed report, script invariance, values, linking and the sample gold.

The seed is third-party and read from ../shared (skipped where absent); every other text
here is written for these tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.chinese_script import convert
from pipeline.config import Pipeline, load_config
from pipeline.document import Document
from pipeline.registry import stage_names
from pipeline.stages.entities import Entities, EntityOptions

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"


def pipeline_to_entities(*, repair: bool | None = None, target: str | None = None) -> Pipeline:
    """The configured pipeline up to ``entities`` (later stages dropped), optionally ± repair."""
    cfg = load_config()
    names = list(cfg["pipeline"]["stages"])
    if "entities" not in names:
        names.insert(names.index("sentences") + 1, "entities")
    names = names[: names.index("entities") + 1]
    if repair is False and "repair" in names:
        names.remove("repair")
    if repair is True and "repair" not in names:
        names.insert(names.index("script"), "repair")
    cfg = {**cfg, "pipeline": {"stages": names}}
    cfg["stages"] = {k: dict(v) for k, v in cfg.get("stages", {}).items() if k in names}
    if target:
        cfg["stages"].setdefault("script", {})["target"] = target
    return Pipeline.from_config(cfg)


REPAIR = [False] + ([True] if "repair" in stage_names() else [])


@pytest.fixture(scope="module", params=REPAIR, ids=lambda r: "repair" if r else "no-repair")
def seed_doc(request, seed_text) -> Document:
    return pipeline_to_entities(repair=request.param)(seed_text)


@pytest.fixture(scope="module")
def seed_doc_hant(seed_text) -> Document:
    return pipeline_to_entities(repair=False, target="keep")(seed_text)


def _find(doc: Document, label: str, *texts: str):
    return [e for e in doc.entities if e.label == label and e.text in texts]


@pytest.mark.parametrize(
    "label, texts",
    [
        ("PRODUCT", ["Qwen3-Max"]),
        ("PRODUCT", ["Qwen3-VL-235B-A22B"]),
        ("PRODUCT", ["GPT-5-Chat"]),
        ("PRODUCT", ["Claude Opus4"]),
        ("PRODUCT", ["DeepSeek-V3.1"]),
        ("ORG", ["阿里巴巴"]),
        ("ORG", ["阿里雲", "阿里云"]),
        ("ORG", ["Nvidia"]),
        ("ORG", ["輝達", "辉达"]),
        ("ORG", ["Crosby Securities"]),
        ("PERSON", ["吳泳銘", "吴泳铭"]),
        ("PERSON", ["周靖人"]),
        ("METRIC", ["SWE-Bench Verified"]),
        ("METRIC", ["Tau2-Bench"]),
    ],
)
def test_seed_names(seed_doc, label, texts):
    found = _find(seed_doc, label, *texts)
    assert found, f"no {label} among {texts}"
    if label in ("ORG", "PERSON", "METRIC", "PRODUCT"):
        assert all(e.canonical for e in found), found


def test_seed_linking(seed_doc):
    ids = {e.canonical for e in _find(seed_doc, "ORG", "阿里巴巴", "阿里巴巴集團", "阿里巴巴集团")}
    tickers = _find(seed_doc, "TICKER", "9988 HK")
    assert len(ids) == 1 and tickers
    assert tickers[0].canonical == "9988.HK" and tickers[0].value["company"] in ids
    assert len({e.canonical for e in _find(seed_doc, "ORG", "Nvidia", "輝達", "辉达")}) == 1
    cloud = {e.canonical for e in _find(seed_doc, "ORG", "阿里雲", "阿里云")}
    assert len(cloud) == 1 and cloud != ids


def test_seed_values(seed_doc):
    money = _find(seed_doc, "MONEY", "3800億元", "3800亿元")
    assert money and all(m.value["amount"] == 380000000000 and m.value["currency"] == "CNY" for m in money)
    assert all(m.value.get("period_years") == 3 for m in money)
    years = {e.value["iso"] for e in seed_doc.entities if e.label == "DATE"}
    assert {"2032", "2022"} <= years
    ten = [e for e in seed_doc.entities if e.label == "QUANTITY" and e.text.startswith("10") and e.value["value"] == 10]
    assert ten and (ten[0].value["unit"] == "x" or ten[0].value.get("truncated"))
    assert any(e.label == "PERCENT" and e.value == {"value": 90.3} for e in seed_doc.entities)


def test_seed_garbled_alias(seed_doc):
    garbled = [e for e in seed_doc.entities if e.text == "Chat-5-GPT"]
    assert garbled and garbled[0].label == "PRODUCT"
    gpt = _find(seed_doc, "PRODUCT", "GPT-5-Chat")[0]
    assert garbled[0].canonical == gpt.canonical and garbled[0].confidence == pytest.approx(0.6)
    assert garbled[0].value["name"] == "GPT-5-Chat"


def test_seed_spans_are_sound(seed_doc):
    text = seed_doc.text.normalized
    last_end = -1
    for e in seed_doc.entities:
        assert text[e.start : e.end] == e.text
        assert e.start >= last_end, f"overlap at {e}"
        last_end = e.end
        assert 0 <= e.orig_start <= e.orig_end <= len(seed_doc.text.original)
    # no entity inside a longer product name
    products = [(e.start, e.end) for e in seed_doc.entities if e.text == "Qwen3-VL-235B-A22B"]
    assert products and not any(
        a <= e.start and e.end <= b and (e.start, e.end) != (a, b) for a, b in products for e in seed_doc.entities
    )


def test_seed_same_entities_in_both_scripts(seed_doc_hant, seed_text):
    hans = pipeline_to_entities(repair=False, target="zh-Hans")(seed_text)
    assert len(hans.text.normalized) == len(seed_doc_hant.text.normalized)
    key = lambda d: [(e.start, e.end, e.label, e.canonical) for e in d.entities]  # noqa: E731
    assert key(hans) == key(seed_doc_hant)


# -- texts written for the tests -----------------------------------------------------------------
PARAGRAPH = (
    "腾讯控股（700 HK）公布第三季度业绩：总收入1,905亿元，同比增长14.2%，毛利率提升2.1个百分点。"
    "总裁刘炽平表示，公司计划未来3年投入3,500亿元用于AI基础设施。腾讯云AI收入到2028年将达到2024年的4倍。"
    "混元模型Hunyuan-T1在AIME 2025测试中取得87.2分，超过DeepSeek-V3.1。英伟达与阿里巴巴集团宣布合作，"
    "目标价620.00港元，较现价有21.1%上升空间。首席分析师陈嘉敏认为估值仍具吸引力。"
)


@pytest.fixture(scope="module")
def stage() -> Entities:
    return Entities()


@pytest.mark.parametrize("config", ["s2t", "s2hk", "s2tw"])
def test_traditional_and_simplified_agree(stage, config):
    trad = convert(PARAGRAPH, config)
    assert len(trad) == len(PARAGRAPH)
    key = lambda ents: [(e["start"], e["end"], e["label"], e["canonical"]) for e in ents]  # noqa: E731
    assert key(stage.find(trad)) == key(stage.find(PARAGRAPH))


def _by_text(ents):
    return {e["text"]: e for e in ents}


def test_values_on_a_written_paragraph(stage):
    ents = _by_text(stage.find(PARAGRAPH, ref_year=2025))
    assert ents["700 HK"]["canonical"] == "0700.HK"
    assert ents["1,905亿元"]["value"] == {"amount": pytest.approx(1.905e11), "currency": "CNY"}
    assert ents["3,500亿元"]["value"]["period_years"] == 3
    assert ents["14.2%"]["value"] == {"value": 14.2}
    assert ents["2.1个百分点"]["value"] == {"value": 2.1}
    assert ents["4倍"]["value"] == {"value": 4.0, "unit": "x"}
    assert ents["87.2分"]["value"] == {"value": 87.2, "unit": "points"}
    assert ents["620.00港元"]["value"] == {"amount": 620.0, "currency": "HKD"}
    assert ents["2028年"]["value"] == {"iso": "2028"}
    assert ents["第三季度"]["label"] == "DATE" if "第三季度" in ents else True
    assert ents["刘炽平"]["label"] == "PERSON" and ents["陈嘉敏"]["label"] == "PERSON"
    assert ents["Hunyuan-T1"]["label"] == "PRODUCT"
    assert ents["英伟达"]["canonical"] == ents.get("英伟达")["canonical"] and ents["英伟达"]["label"] == "ORG"
    assert ents["腾讯控股"]["label"] == "ORG" and ents["腾讯控股"]["canonical"]


@pytest.mark.parametrize(
    "text, label, surface, value",
    [
        ("公司股价为HK$172，目标价US$1.2bn。", "MONEY", "HK$172", {"amount": 172.0, "currency": "HKD"}),
        ("预计收入12亿美元。", "MONEY", "12亿美元", {"amount": 1.2e9, "currency": "USD"}),
        ("收入同比下降负3.5%。", "PERCENT", "负3.5%", {"value": -3.5}),
        ("毛利率提升百分之五。", "PERCENT", "百分之五", {"value": 5.0}),
        ("累计服务100万+客户。", "QUANTITY", "100万+", {"value": 1e6, "unit": "客户", "qualifier": "at_least"}),
        ("规划产能47GW。", "QUANTITY", "47GW", {"value": 47.0, "unit": "GW"}),
        ("累计行驶712万公里。", "QUANTITY", "712万公里", {"value": 7.12e6, "unit": "km"}),
        ("买入BABA US并卖出688556 SH。", "TICKER", "BABA US", {"canonical": "BABA.US"}),
        ("买入BABA US并卖出688556 SH。", "TICKER", "688556 SH", {"canonical": "688556.SH"}),
        ("公司于9月24日发布公告。", "DATE", "9月24日", {"iso": "2025-09-24"}),
        ("FY2025E收入增长。", "DATE", "FY2025E", {"iso": "2025", "fiscal": True, "forecast": True}),
        ("3Q24毛利率改善。", "DATE", "3Q24", None),
        ("原预测为91.8亿、102.5亿元", "MONEY", "91.8亿", {"amount": 9.18e9, "currency": "CNY"}),
        ("预计投入1至2亿元", "MONEY", "1", {"amount": 1e8, "currency": "CNY"}),
        ("PB在0.6至0.9倍之间", "QUANTITY", "0.6", {"value": 0.6, "unit": "x"}),
        ("央行下调10个基点", "QUANTITY", "10个基点", {"value": 10.0, "unit": "bp"}),
        ("毛利率提升至10.\n下一段", "QUANTITY", "10", {"value": 10.0, "unit": None, "truncated": True}),
    ],
)
def test_pattern_values(stage, text, label, surface, value):
    ents = _by_text(stage.find(text, ref_year=2025))
    assert surface in ents, ents
    assert ents[surface]["label"] == label
    if value is not None:
        got = ents[surface]["value"]
        for k, v in value.items():
            assert got[k] == (pytest.approx(v) if isinstance(v, float) else v), (k, got)


def test_unknown_names_by_pattern(stage):
    ents = _by_text(
        stage.find("海景证券有限公司首席分析师林思远指出，Zephyr-7B优于Orion-2.5-Pro。来源：Harbourview Securities")
    )
    assert ents["海景证券有限公司"]["label"] == "ORG"
    assert ents["林思远"]["label"] == "PERSON"
    assert ents["Zephyr-7B"]["label"] == "PRODUCT" and ents["Zephyr-7B"]["confidence"] < 1
    assert ents["Orion-2.5-Pro"]["label"] == "PRODUCT"
    assert ents["Harbourview Securities"]["label"] == "ORG"


def test_report_year_from_meta(stage):
    doc = Document.from_text("公司将于11月11日公布业绩。")
    doc.meta.date = "2024-11-01"
    doc = Entities()(doc)
    assert [e.value for e in doc.entities if e.label == "DATE"] == [{"iso": "2024-11-11"}]


def test_report_year_from_first_full_date(stage):
    ents = stage.find("2023年5月2日\n公司将于11月11日公布业绩。")
    assert [e["value"]["iso"] for e in ents if e["label"] == "DATE"] == ["2023-05-02", "2023-11-11"]


def test_options_filter(stage):
    only = Entities(EntityOptions(labels=["MONEY"])).find(PARAGRAPH)
    assert only and {e["label"] for e in only} == {"MONEY"}
    confident = Entities(EntityOptions(min_confidence=0.95)).find("Chat-5-GPT与GPT-5-Chat")
    assert [e["text"] for e in confident] == ["GPT-5-Chat"]


def test_spacy_doc_holds_the_entities(stage):
    ents = stage.find(PARAGRAPH)
    sdoc = stage.spacy(PARAGRAPH)
    assert sdoc.text == PARAGRAPH
    assert [(s.start_char, s.end_char, s.label_) for s in sdoc.ents] == [
        (e["start"], e["end"], e["label"]) for e in ents
    ]
    assert any(t.text == "DeepSeek-V3.1" for t in sdoc)  # kept whole as one token
    assert next(s for s in sdoc.ents if s.text == "700 HK")._.canonical == "0700.HK"


# -- the sample gold -------------------------------------------------------------------------------
GOLDS = sorted(p for p in SAMPLES.glob("*.gold.json") if "entities" in json.loads(p.read_text(encoding="utf-8")))
# Recall bar: the rules find 152 of the 161 gold entities (0.94) in either script. The misses
# are names that no rule can know without a gazetteer entry (Stellantis, Supercell, 匈牙利,
# 德布勒森, 萨拉戈萨, three Chinese battery product names, TENER Stack).
# 0.88 leaves room for gazetteer edits without letting a broken finder through.
GOLD_RECALL = 0.88


def _norm(t: str) -> str:
    from pipeline.entity_rules import shadow

    return re.sub(r"\s+", "", shadow(t)).lower()


@pytest.mark.skipif(not GOLDS, reason="no corpora/samples/*.gold.json yet")
@pytest.mark.parametrize("target", ["zh-Hans", "keep"])
def test_gold_recall(target):
    nlp = pipeline_to_entities(repair=False, target=target)
    total = hit = vals = val_ok = 0
    misses = []
    for gold_path in GOLDS:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = nlp((SAMPLES / gold["file"]).read_text(encoding="utf-8"))
        pred = {}
        for e in doc.entities:
            pred.setdefault((_norm(e.text), e.label), e)
        for g in gold["entities"]:
            total += 1
            e = pred.get((_norm(g["text"]), g["label"]))
            if e is None:
                misses.append((g["label"], g["text"]))
                continue
            hit += 1
            if g.get("value") and g["label"] in ("MONEY", "PERCENT", "DATE", "TICKER"):
                vals += 1
                got = e.value or {}
                val_ok += all(
                    got.get(k) == pytest.approx(v) if isinstance(v, (int, float)) else got.get(k) == v
                    for k, v in g["value"].items()
                )
    recall = hit / total
    print(f"gold recall {hit}/{total} = {recall:.3f}; values {val_ok}/{vals}; misses {misses}")
    assert recall >= GOLD_RECALL, misses
    assert val_ok == vals


@pytest.mark.parametrize(
    "text, garbled, name",
    [("小朱集團發布新款手機。", "小朱集團", "小米集团"), ("阿甲巴巴公布业绩。", "阿甲巴巴", "阿里巴巴")],
)
def test_chinese_garbled_alias_by_visual_confusion(stage, text, garbled, name):
    ents = _by_text(stage.find(text))
    assert garbled in ents, ents
    e = ents[garbled]
    assert e["label"] == "ORG" and e["canonical"] and e["confidence"] == pytest.approx(0.6)
    assert e["value"] == {"name": name, "garbled": True}


def test_no_garbled_link_without_visual_confusion(stage):
    # 台/安 are not an OCR confusion: 中国平台 is not a garbled 中国平安.
    assert not [e for e in stage.find("中国平台经济持续发展。") if (e["value"] or {}).get("garbled")]


def test_english_name_in_brackets_after_a_person(stage):
    ents = _by_text(stage.find("首席分析师林思远（Lin Siyuan）认为，行政总裁马化腾 (Pony Ma) 表示"))
    assert ents["Lin Siyuan"]["label"] == "PERSON"
    assert ents["Pony Ma"]["label"] == "PERSON" and ents["Pony Ma"]["canonical"] == ents["马化腾"]["canonical"]


# -- properties ----------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "阿里巴巴",
    "輝達",
    "Nvidia",
    "億元",
    "亿元",
    "港元",
    "%",
    "百分之",
    "個百分點",
    "倍",
    "年",
    "月",
    "日",
    "第三季",
    "9988 HK",
    "700 HK",
    "GPT-5-Chat",
    "Qwen3-Max",
    "Chat-5-GPT",
    "首席分析師",
    "陳",
    "嘉敏",
    "集團",
    "證券",
    "有限公司",
    "三千八百",
    "十",
    "两",
    "零",
    "點",
    "至",
    "、",
    "，",
    "。",
    "\n",
    "\t",
    " ",
    "-",
    "+",
    "(",
    "（",
    "）",
    "《",
    "》",
    "1",
    "2",
    "3",
    "0",
    ".",
    ",",
    "2025",
    "FY",
    "Q",
    "H",
    "E",
    "x",
    "@",
    "a",
    "b.com",
    "萬",
    "亿",
    "元",
    "分",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_text_gives_sound_entities(stage, pieces):
    text = "".join(pieces)
    ents, words = stage.analyze(text)
    last = 0
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"] and e["text"]
        assert e["start"] >= last
        last = e["end"]
    sdoc = stage.spacy_doc(text, ents, words)
    assert sdoc.text == text and len(sdoc.ents) == len(ents)


def test_another_gazetteer_directory():
    fixture = Path(__file__).parent / "fixtures" / "gazetteers"
    small = Entities(EntityOptions(gazetteer_dir=str(fixture)))
    ents = _by_text(small.find("阿里雲與輝達合作，Qwen3-Max超越GPT-5-Chat。"))
    assert ents["阿里雲"]["canonical"] == "alibaba_cloud" and ents["輝達"]["canonical"] == "nvidia"
    assert ents["Qwen3-Max"]["canonical"] == "qwen" and ents["GPT-5-Chat"]["canonical"] == "gpt"


def test_option_paths_resolve_under_the_data_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative "corpora/…" paths still find the repository's data
    ents = Entities(EntityOptions(gazetteer_dir="corpora/gazetteers", patterns="corpora/lexicons/entity_patterns.yaml"))
    assert any(e["canonical"] == "alibaba" for e in ents.find("阿里巴巴"))
