"""The OCR benchmark's scoring (benchmarks/ocr_noise.py) on hand-made OCR output: the figures
in the README come from these functions, so they are tested like pipeline code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("ocr_noise", REPO / "benchmarks" / "ocr_noise.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


CLEAN = "需求延續旺盛，而折舊壓力在明年之前難以明顯緩解，毛利率約21.2%。\n"
# what a blurred scan gives: 壓 read as 歷, the comma as a middle dot, a digit dropped
OCR = "需求延續旺盛·而折舊歷力在明年之前難以明顯緩解，毛利率約2.2%。\n"
CHOICES = [
    {"orig_start": 6, "orig_end": 7, "read": "·", "p_read": 0.45, "alternatives": [["，", 0.3]]},
    {"orig_start": 10, "orig_end": 11, "read": "歷", "p_read": 0.45, "alternatives": [["壓", 0.3]]},
    # the engine half-saw the dropped 1: the oracle may not insert a digit either
    {"orig_start": 29, "orig_end": 29, "read": "", "p_read": 0.6, "alternatives": [["1", 0.3]]},
]


def test_error_kinds_name_what_ocr_did(bench) -> None:
    kinds = bench.error_kinds(bench.fold(OCR), bench.fold(CLEAN))
    assert kinds == {"punct_subst": 1, "han_subst": 1, "dropped_digit": 1}


def test_score_doc_with_the_engines_alternatives(bench) -> None:
    r = bench.score_doc(CLEAN, OCR, None, CHOICES)
    assert r["err_before"] == 3 and r["err_after"] == 1  # the digit stays missing
    assert r["err_oracle"] == 1  # a perfect judge could do no better: digits are never touched
    applied = {(e["before"], e["after"]): e["correct"] for e in r["edits"]}
    assert applied == {("·", "，"): True, ("历", "壓"): True}
    assert r["flags"] == 1 and r["flags_on_errors"] == 1  # the number 2.2 is flagged, and wrong


def test_a_clean_reading_survives_a_wrong_alternative(bench) -> None:
    # the engine preferred a wrong alternative (力 → 刀) but 壓刀 is no word: nothing applied
    bad = [{"orig_start": 11, "orig_end": 12, "read": "力", "p_read": 0.3, "alternatives": [["刀", 0.6]]}]
    r = bench.score_doc(CLEAN, CLEAN, None, bad)
    assert r["err_before"] == 0 and r["err_after"] == 0 and r["err_oracle"] == 0
    assert r["edits"] == []


def test_wrap_never_starts_a_printed_line_with_a_closing_mark(bench) -> None:
    import random

    line = "公司第三季收入按年增長，毛利率改善。" * 12
    for seed in range(20):
        chunks = bench.wrap(line, random.Random(seed))
        assert "".join(chunks) == line
        assert all(c[0] not in bench.NO_LINE_START for c in chunks)
        assert all(len(c) >= 18 for c in chunks[:-1])


def test_wrap_breaks_between_latin_words_never_inside_one(bench) -> None:
    import random

    from pipeline.layout.boxes import join_text

    line = "國產CMOS Image Sensor的份額提升至約20%-30%，而Customer Relationship Management軟件的收入為1,234.5億元。" * 3
    for seed in range(20):
        chunks = bench.wrap(line, random.Random(seed))
        rejoined = ""
        for c in chunks:
            assert c == c.strip()  # the space at a break is not printed
            rejoined = join_text(rejoined, c)
        assert rejoined == line  # so no word was cut, and the layout's join restores every space


def test_ocr_document_reads_pages_the_way_the_pdf_stage_does(bench) -> None:
    """Pages go through extract_pdf's own OCR (detector, crops, recogniser with alternatives):
    the text comes back close to the source and every alternative points at what was read."""
    import random

    pytest.importorskip("rapidocr")
    from pipeline.stages.extract_pdf import _Ocr

    fonts = [f for f in bench.FONTS if Path(f[0]).exists()]
    if not fonts:
        pytest.skip("no CJK font")
    lines = [
        "騰訊控股（0700.HK）第三季收入按年增長15%，毛利率提升至56%，廣告業務受惠於AI推薦。",
        "管理層表示，資本開支將維持高位，而折舊壓力在明年之前難以明顯緩解。",
    ]
    text, choices = bench.ocr_document(
        _Ocr(200), lines, random.Random(1), fonts[0][0], fonts[0][1], (18, 0.75, 0.5, 50), "zh-Hant"
    )
    clean = "\n\n".join(lines) + "\n"
    assert text.count("\n\n") == 1
    assert bench.distance(bench.fold(text), bench.fold(clean)) <= 0.1 * len(clean)
    for c in choices:
        assert text[c["orig_start"] : c["orig_end"]] == c["read"]
