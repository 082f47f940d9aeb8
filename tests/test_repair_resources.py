"""Resources of the OCR repair stage: confusion sets, character LM, English vocabulary.

Loads the shipped data files (models/confusion, models/lm, corpora/lexicons) through
pipeline.repair_resources; runs in a few seconds (SymSpell load ~1 s dominates).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from pipeline import repair_resources as rr
from pipeline.chinese_script import convert

REPO = Path(__file__).resolve().parents[1]


def _minimal_pairs() -> list[tuple[str, str]]:
    """MINIMAL_PAIRS from models/lm/build_lm.py (single source of truth)."""
    spec = importlib.util.spec_from_file_location("yanbao_build_lm", REPO / "models" / "lm" / "build_lm.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("yanbao_build_lm", mod)
    spec.loader.exec_module(mod)
    return list(mod.MINIMAL_PAIRS)


# ----------------------------------------------------------------------------- visual


@pytest.mark.parametrize(
    "a,b",
    [
        ("雲", "雪"),
        ("雪", "雲"),
        ("人", "入"),
        ("入", "人"),
        ("未", "末"),
        ("末", "未"),
        ("己", "已"),
        ("已", "己"),
        ("日", "曰"),
        ("曰", "日"),
        ("大", "太"),
        ("太", "大"),
        ("啇", "商"),
    ],
)
def test_visual_known_pairs(a: str, b: str) -> None:
    conf = rr.visual_confusions(a)
    assert b in conf, (a, b, conf)
    assert 0.0 < conf[b] <= 1.0


def test_visual_table_has_no_forced_pairs() -> None:
    """No pair is forced into the top-k table: 里 looks more like 星/呈/垦 than like 甲."""
    assert "甲" not in rr.visual_confusions("里")
    src = (REPO / "models" / "confusion" / "build_visual.py").read_text(encoding="utf-8")
    assert "ATTESTED" not in src


@pytest.mark.parametrize(
    "a,b,lo",
    [
        ("未", "末", 0.9),
        ("雲", "雪", 0.8),
        ("里", "甲", 0.62),
        ("現", "稅", 0.62),
        ("现", "税", 0.55),
        ("己", "已", 0.9),
    ],
)
def test_visual_similarity_any_pair(a: str, b: str, lo: float) -> None:
    s = rr.visual_similarity(a, b)
    assert s is not None and lo <= s <= 1.0, (a, b, s)
    assert rr.visual_similarity(b, a) == s


def test_visual_similarity_matches_table() -> None:
    """The run-time pair similarity reproduces the table's (full-feature) scores."""
    diffs = []
    for ch in "雲現實阿里巴巴未己大人日千干土":
        for c, v in rr.visual_confusions(ch).items():
            s = rr.visual_similarity(ch, c)
            assert s is not None
            diffs.append(abs(s - v))
    assert len(diffs) > 50
    assert sum(diffs) / len(diffs) < 0.03 and max(diffs) < 0.1


def test_visual_similarities_vectorised() -> None:
    others = ["甲", "里", "A", "星", "雪"]
    assert rr.visual_similarities("里", others) == [rr.visual_similarity("里", o) for o in others]


def test_visual_similarity_edges() -> None:
    assert rr.visual_similarity("雲", "雲") == 1.0
    assert rr.visual_similarity("A", "雲") is None
    assert rr.visual_similarity("雲", "") is None
    assert rr.visual_similarity("天", "海") < 0.55
    nb = rr.visual_neighbours("里", 0.6)
    assert "甲" in nb and "里" not in nb
    assert list(nb.values()) == sorted(nb.values(), reverse=True)


def test_visual_shape() -> None:
    conf = rr.visual_confusions("雲")
    assert 1 <= len(conf) <= 12
    scores = list(conf.values())
    assert scores == sorted(scores, reverse=True)
    assert all(0.55 <= s <= 1.0 for s in scores)
    assert "雲" not in conf
    assert rr.visual_confusions("A") == {}
    assert rr.visual_confusions("") == {}


# ----------------------------------------------------------------------------- pinyin


def test_pinyin_confusions() -> None:
    conf = rr.pinyin_confusions("雲")
    assert "云" in conf and "运" in conf
    assert len(conf) <= 20
    assert all(0.0 < s <= 1.0 for s in conf.values())
    assert list(conf.values()) == sorted(conf.values(), reverse=True)
    assert "税" in rr.pinyin_confusions("稅") or "說" in rr.pinyin_confusions("稅")
    assert "行" in rr.pinyin_confusions("型")  # heteronym xing/hang
    assert rr.pinyin_confusions("x") == {}


# ----------------------------------------------------------------------------- LM


@pytest.fixture(scope="module")
def lm() -> rr.CharLM:
    return rr.CharLM.load()


def test_lm_cached(lm: rr.CharLM) -> None:
    assert rr.CharLM.load() is lm


def test_lm_known_pairs(lm: rr.CharLM) -> None:
    assert lm.logprob("最終實現") > lm.logprob("最終實稅")
    assert lm.logprob("最终实现") > lm.logprob("最终实税")
    assert lm.logprob("阿里巴巴") > lm.logprob("阿甲巴巴")
    assert lm.logprob("AI 雲端") > lm.logprob("AI 雪端")


def test_lm_non_han_neutral(lm: rr.CharLM) -> None:
    assert lm.logprob("") == 0.0
    assert lm.logprob("AI 2025, ok!") == 0.0
    # non-Han characters are skipped and break the context
    assert lm.logprob("實現") == pytest.approx(lm.logprob("AI實現 3%"))
    assert lm.logprob("實現") > lm.logprob("實 現")
    assert lm.logprob("實現") < 0.0


def test_lm_minimal_pair_accuracy(lm: rr.CharLM) -> None:
    import opencc

    cv = opencc.OpenCC("s2hk")
    pairs = _minimal_pairs()
    assert len(pairs) >= 30
    pairs += [(cv.convert(a), cv.convert(b)) for a, b in pairs]
    acc = sum(lm.logprob(a) > lm.logprob(b) for a, b in pairs) / len(pairs)
    assert acc >= 0.9, acc


def test_lm_words(lm: rr.CharLM) -> None:
    for w in ("实现", "實現", "阿里巴巴", "净利润", "淨利潤"):
        assert lm.is_word(w), w
        lp = lm.word_logprob(w)
        assert lp is not None and lp < 0.0
    assert not lm.is_word("實稅")
    assert lm.word_logprob("阿甲巴巴") is None
    assert lm.word_logprob("实现") > lm.word_logprob("阿里巴巴")  # type: ignore[operator]


# ----------------------------------------------------------------------------- English


@pytest.mark.parametrize(
    "wrong,right",
    [
        ("Othe", "Other"),
        ("changs", "changes"),
        ("budren", "burden"),
        ("ReboBrain", "RoboBrain"),
        ("Liabilites", "Liabilities"),
        ("EBlTDA", "EBITDA"),
        ("Qwne3", "Qwen3"),
        ("MMMV", "MMMU"),
        ("Tencnet", "Tencent"),
    ],
)
def test_suggest_english(wrong: str, right: str) -> None:
    got = rr.suggest_english(wrong)
    assert got is not None, wrong
    assert got[0] == right
    assert 0.0 < got[1] <= 1.0


@pytest.mark.parametrize(
    "word",
    [
        "Revenue",
        "EBITDA",
        "Qwen3",
        "MMMU",
        "DocVQA",
        "HallusionBench",
        "Capex",
        "RoboBrain",
        "amortisation",
        "amortization",
        "receivables",
        "buyback",
        "2025",
        "",
        "of",
        "YoY",
        "中文",
        "PRC",
        "Seng",
        "NetEase",
    ],
)
def test_suggest_english_known(word: str) -> None:
    assert rr.suggest_english(word) is None


def test_english_vocabulary() -> None:
    sym = rr.english_vocabulary()
    assert rr.english_vocabulary() is sym
    for w in ("liabilities", "ebitda", "capex", "robobrain", "internvl", "deepseek", "mmbench", "ocrbench"):
        assert w in sym.words, w
    terms = [
        ln
        for ln in (REPO / "corpora" / "lexicons" / "finance_en.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert len(terms) >= 600


# -- the running-text word bigram LM (models/lm/opengram.npz) ---------------------------------
def test_word_lm_prefers_the_running_text_reading_in_both_scripts() -> None:
    from pipeline.repair.wordlm import get_word_lm

    lm = get_word_lm()
    assert lm is not None and len(lm.vocab) > 70_000
    assert "，" in lm.vocab  # trained on running text: punctuation is modelled
    # 占比 is not in jieba's dictionary; the lexicon LM cannot tell these apart
    for good, bad in [("收入占比约", "收入估比约"), ("折旧压力在", "折旧历力在"), ("我们认为", "我俄认为")]:
        assert lm.score(good) > lm.score(bad) + 3
        assert lm.score(convert(good, "s2hk")) > lm.score(convert(bad, "s2hk")) + 3
    assert lm.logprob("") == 0.0
    assert lm.logprob("\U00020000") < -15  # a character no word starts with: one unknown word


def test_word_lm_is_optional(tmp_path, monkeypatch) -> None:
    from pipeline.repair import wordlm
    from pipeline.repair.characters import window_logprob
    from pipeline.repair.lexicon import get_lexicon

    (tmp_path / "models" / "lm").mkdir(parents=True)
    monkeypatch.setenv("YANBAO_DATA", str(tmp_path))
    wordlm.get_word_lm.cache_clear()
    try:
        assert wordlm.get_word_lm() is None
        lex = get_lexicon()
        assert window_logprob(lex, "收入占比") == lex.seg_logprob("收入占比")
    finally:
        monkeypatch.delenv("YANBAO_DATA")
        wordlm.get_word_lm.cache_clear()
    assert wordlm.get_word_lm() is not None
