"""Checks for the clean (do-no-harm) corpus under corpora/clean/.

The corpus is used to measure how often the OCR-repair stage edits text that
was never garbled (edits per 10,000 characters) and the false-positive rate of
entity tagging.  Every character in it is scored, so these tests guard its size
and its script purity: a Traditional file must not contain Simplified-only
characters and vice versa.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

opencc = pytest.importorskip("opencc")

ROOT = Path(__file__).resolve().parent.parent / "corpora" / "clean"
HANS_DIR = ROOT / "zh-Hans"
HANT_DIR = ROOT / "zh-Hant"
README = ROOT / "README.md"

HAN_RE = re.compile(r"[\u4e00-\u9fff]")

MIN_HANS_HAN = 32_000
MIN_HANT_HAN = 26_000
MIN_HANS_FILES = 12
# Files written natively in Hong Kong style (not converted from zh-Hans).
NATIVE_HK_PREFIXES = ("21_", "22_", "23_", "24_", "25_", "26_")
MIN_NATIVE_HK_HAN = 8_000

# Characters that are correct in Hong Kong Traditional text but that OpenCC's
# character-level s2t maps to a different (orthodox) form.  Each one occurs
# only in the words listed, which are the normal Traditional spellings.
HANT_ALLOW = {
    "台": "平台, 台積電, 貴州茅台: usual HK form (s2t gives 臺)",
    "岳": "恒岳資本, a name: 岳 is its own Traditional character in names (s2t gives 嶽)",
    "秘": "秘魯 (Peru), the usual HK form (s2t gives the variant 祕)",
    "厘": "4.6厘, the HK way of quoting an interest rate (s2t gives 釐)",
    "里": "阿里巴巴, 公里, 里程碑: 里 is the Traditional character here (s2t gives 裏)",
    "准": "准許, 准入, 批准: 准 'permit' is its own Traditional character (s2t gives 準)",
    "恒": "恒生, 恒瑞, 恒基: registered HK company names use U+6052 (s2t gives 恆)",
    "佣": "佣金 'commission': distinct from 傭 'servant' (s2t gives 傭)",
    "游": "上游, 中游, 下游: 游 'stream', distinct from 遊 (s2t gives 遊)",
    "干": "若干: unchanged in Traditional (s2t gives 幹)",
    "征": "征程 (Horizon Robotics chip brand) (s2t gives 徵)",
    "涌": "葵涌, 東涌: Hong Kong place names (s2t gives 湧)",
    "群": "曾毓群 (personal name) (s2t gives the variant 羣)",
    "峰": "高峰期: 峰 is the usual Traditional form (s2t gives the variant 峯)",
    "床": "臨床: 床 is the usual Traditional form (s2t gives the variant 牀)",
    "夸": "夸克 (Quark, Alibaba's app): a brand name, not 誇 (s2t gives 誇)",
    "伙": "萬伙 (housing units): the HK property term (s2t gives 夥)",
    "吃": "靠天吃飯: 吃 is the usual HK form (s2t gives the variant 喫)",
}

# Characters that are correct in Simplified text although OpenCC t2s maps them.
HANS_ALLOW = {
    "昇": "昇腾 (Huawei Ascend): the brand is written 昇 in Simplified (t2s gives 升)",
    "乾": "乾崑 (Huawei Qiankun ADS brand) (t2s gives 干)",
    "崑": "乾崑 (Huawei Qiankun ADS brand) (t2s gives 昆)",
}


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.txt"))


@cache
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def _bad_chars(paths: list[Path], config: str, allow: dict[str, str]) -> dict[str, list[str]]:
    converter = opencc.OpenCC(config)
    seen: dict[str, list[str]] = {}
    for path in paths:
        for ch in set(HAN_RE.findall(_text(path))):
            seen.setdefault(ch, []).append(path.name)
    bad = {}
    for ch, names in seen.items():
        if ch in allow:
            continue
        if converter.convert(ch) != ch:
            bad[ch] = sorted(names)
    return bad


def test_corpus_files_exist():
    assert README.is_file()
    assert len(_files(HANS_DIR)) >= MIN_HANS_FILES
    assert _files(HANT_DIR)
    for path in _files(HANS_DIR) + _files(HANT_DIR):
        assert re.fullmatch(r"\d{2,3}_[a-z0-9_]+\.txt", path.name), path.name
        assert _text(path).strip(), f"{path.name} is empty"


def test_simplified_size():
    total = sum(_han_count(_text(p)) for p in _files(HANS_DIR))
    assert total >= MIN_HANS_HAN, total


def test_traditional_size():
    total = sum(_han_count(_text(p)) for p in _files(HANT_DIR))
    assert total >= MIN_HANT_HAN, total
    native = sum(_han_count(_text(p)) for p in _files(HANT_DIR) if p.name.startswith(NATIVE_HK_PREFIXES))
    assert native >= MIN_NATIVE_HK_HAN, native


def test_hant_has_no_simplified_only_chars():
    bad = _bad_chars(_files(HANT_DIR), "s2t", HANT_ALLOW)
    assert not bad, f"Simplified-only characters in zh-Hant: {bad}"


def test_hans_has_no_traditional_only_chars():
    bad = _bad_chars(_files(HANS_DIR), "t2s", HANS_ALLOW)
    assert not bad, f"Traditional-only characters in zh-Hans: {bad}"


def test_allow_lists_are_used():
    """An allow-list entry that no longer occurs should be removed."""
    hant = "".join(_text(p) for p in _files(HANT_DIR))
    hans = "".join(_text(p) for p in _files(HANS_DIR))
    assert [c for c in HANT_ALLOW if c not in hant] == []
    assert [c for c in HANS_ALLOW if c not in hans] == []


_LEAD = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s+)?")


@pytest.mark.parametrize("subdir", ["zh-Hans", "zh-Hant"])
def test_no_doubled_space_or_replacement_char(subdir):
    for path in _files(ROOT / subdir):
        text = _text(path)
        # a header may separate or align its fields with double or ideographic spaces (a
        # house style: 机械设备　　　…　发布日期, 买入（维持）　　目标价); prose may not
        # nor may a block quotation's indent or the gap after a section number (3  自营：…)
        prose = [_LEAD.sub("", ln) for ln in text.split("\n") if "。" in ln or "，" in ln]
        assert not [ln for ln in prose if "  " in ln], f"doubled space in {path.name}"
        assert "\ufffd" not in text, f"U+FFFD in {path.name}"
        assert not [ln for ln in prose if "\u3000\u3000" in ln], f"doubled ideographic space in {path.name}"


def test_hk_usage_in_traditional():
    """Converted files were corrected to Hong Kong broker usage."""
    for path in _files(HANT_DIR):
        text = _text(path)
        for mainland, hk in (("英偉達", "輝達"), ("市淨率", "市賬率")):
            assert mainland not in text, f"{path.name}: write {hk}, not {mainland}"


def test_readme_lists_every_file_with_counts():
    readme = README.read_text(encoding="utf-8")
    for path in _files(HANS_DIR) + _files(HANT_DIR):
        rel = f"{path.parent.name}/{path.name}"
        text = _text(path)
        row = re.search(rf"^\|\s*`?{re.escape(rel)}`?\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|", readme, re.M)
        assert row, f"{rel} missing from README"
        assert int(row.group(1)) == _han_count(text), f"{rel}: Han count in README is stale"
        assert int(row.group(2)) == len(text), f"{rel}: total count in README is stale"
