"""Script conversion: OpenCC's own test cases through our adapter, and one-script output."""

from __future__ import annotations

import json
import re

import pytest

from pipeline import load
from pipeline.chinese_script import _char_class, convert, detect_script
from pipeline.document import Document
from pipeline.stages.script import Script, ScriptOptions

CONFIGS = ["t2s", "s2t", "tw2s", "hk2s", "s2tw", "s2hk"]


def _cases(shared_data):
    raw = (shared_data / "opencc" / "testcases.json").read_text(encoding="utf-8")
    raw = re.sub(r",(\s*[}\]])", r"\1", raw)  # upstream ships a few trailing commas
    return json.loads(raw)["cases"]


def test_opencc_testcases_pass_through_adapter(shared_data) -> None:
    total = passed = 0
    failures = []
    for case in _cases(shared_data):
        for config, expected in case["expected"].items():
            if config not in CONFIGS:
                continue
            total += 1
            got = convert(case["input"], config)
            if got == expected:
                passed += 1
            else:
                failures.append((case["id"], config, got, expected))
    assert total >= 300  # 320 cases for these six configs in the pinned upstream file
    assert passed == total, failures[:5]


def _traditional_only(text: str) -> list[str]:
    return sorted({c for c in text if _char_class(c) > 0})


def test_seed_comes_out_in_one_script(seed_text: str) -> None:
    nlp = load({"pipeline": {"stages": ["normalize", "script"]}})
    doc = nlp(seed_text)
    assert _traditional_only(doc.text.normalized) == []
    # The Simplified figure caption and the Traditional body now agree.
    assert "通义千问" in doc.text.normalized and "通義千問" not in doc.text.normalized
    assert doc.text.original == seed_text  # the original keeps the source script


@pytest.mark.parametrize("target", ["zh-Hant", "zh-HK", "zh-TW"])
def test_mixed_input_to_traditional_targets(target: str) -> None:
    text = "阿里巴巴正在積極推進人工智能基礎設施建設。\n通义千问模型家族服务千行百业，测试结果显示。"
    doc = Document.from_text(text)
    doc = Script(ScriptOptions(target=target))(doc)
    assert detect_script(doc.text.normalized) == "zh-Hant"
    assert "通義千問" in doc.text.normalized


def test_minority_characters_in_a_traditional_line() -> None:
    # OCR writes a few Simplified forms inside Traditional text (測→测).
    doc = Script(ScriptOptions(target="zh-Hant"))(Document.from_text("在聚焦工具調用能力的基準测試中，模型取得突破。"))
    assert "測試" in doc.text.normalized


def test_keep_leaves_text_alone() -> None:
    text = "雲業務与云业务"
    doc = Script(ScriptOptions(target="keep"))(Document.from_text(text))
    assert doc.text.normalized == text


def test_conversion_is_one_to_one_in_the_offset_map() -> None:
    doc = Script(ScriptOptions(target="zh-Hans"))(Document.from_text("雲業務成長邏輯"))
    assert doc.text.normalized == "云业务成长逻辑"
    for i in range(len(doc.text.normalized)):
        assert doc.offsets.to_orig(i, i + 1) == (i, i + 1)


def test_length_changing_phrase_keeps_map_exact() -> None:
    doc = Script(ScriptOptions(target="zh-TW"))(Document.from_text("我们用U盘拷贝文件。"))
    out = doc.text.normalized
    assert out.startswith("我們") and out.endswith("文件。")
    # Outside the changed phrase, characters map one to one.
    assert doc.offsets.to_orig(0, 2) == (0, 2)
    assert doc.offsets.to_orig(len(out) - 3, len(out)) == (len(doc.text.original) - 3, len(doc.text.original))
