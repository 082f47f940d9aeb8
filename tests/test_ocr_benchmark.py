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
