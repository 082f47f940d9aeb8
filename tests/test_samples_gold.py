"""Gold annotations of corpora/samples must match the sample texts exactly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"


def _load_checker():
    spec = importlib.util.spec_from_file_location("samples_check_gold", SAMPLES / "check_gold.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


cg = _load_checker()


@pytest.mark.parametrize("gold", cg.NOTE_GOLDS)
def test_note_gold(gold):
    assert cg.check_note_gold(SAMPLES / gold) == []


def test_ocr_gold():
    assert cg.check_ocr_gold(SAMPLES / cg.OCR_GOLD) == []


def test_table_identities():
    assert cg.check_tables() == []


def test_ocr_noisy_offsets_directly():
    gold = json.loads((SAMPLES / cg.OCR_GOLD).read_text(encoding="utf-8"))
    noisy = (SAMPLES / gold["noisy_file"]).read_text(encoding="utf-8")
    clean = (SAMPLES / gold["clean_file"]).read_text(encoding="utf-8")
    for c in gold["corruptions"]:
        assert noisy.startswith(c["noisy"], c["noisy_start"]), c
        assert clean.startswith(c["clean"], c["clean_start"]), c


@pytest.mark.parametrize("gold", cg.NOTE_GOLDS)
def test_note_strings_present(gold):
    data = json.loads((SAMPLES / gold).read_text(encoding="utf-8"))
    text = (SAMPLES / data["file"]).read_text(encoding="utf-8")
    for e in data["entities"]:
        assert e["text"] in text, e
    for c in data["claims"]:
        assert c["evidence_contains"] in text, c
