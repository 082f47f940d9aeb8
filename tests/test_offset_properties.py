"""Property test: for every stage that changes text, random spans map back exactly.

Runs the configured pipeline prefix up to and including each text-changing stage on the
seed and on our samples, then checks random spans (and every sentence) with
``assert_span_exact``: each normalized character comes from inside the span's original
image, nothing outside leaks in, and copied characters are the same character up to
width, compatibility, punctuation and script conversion.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from offset_checks import assert_span_exact

from pipeline.chinese_script import to_target
from pipeline.config import Pipeline, load_config
from pipeline.registry import get_stage

DEFAULT = load_config()
STAGES = DEFAULT["pipeline"]["stages"]
TEXT_STAGES = [n for n in STAGES if "text.normalized" in get_stage(n).assigns]
INPUTS = [p for p in [SEED, *sorted(SAMPLES.glob("*.txt"))] if p.exists()]


def _prefix(upto: str) -> Pipeline:
    cfg = dict(DEFAULT)
    cfg["pipeline"] = {"stages": [s for s in STAGES[: STAGES.index(upto) + 1] if s != "extract_pdf"]}
    return Pipeline.from_config(cfg)


@pytest.fixture(scope="module")
def processed() -> dict:
    if not INPUTS:
        pytest.skip("no inputs")
    out = {}
    for stage in TEXT_STAGES:
        nlp = _prefix(stage)
        for path in INPUTS:
            out[(stage, path.name)] = nlp(path.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize("stage", TEXT_STAGES)
def test_random_spans_map_back_exactly(processed, stage: str) -> None:
    docs = [d for (s, _), d in processed.items() if s == stage]

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data):
        doc = data.draw(st.sampled_from(docs))
        n = len(doc.text.normalized)
        a = data.draw(st.integers(0, n))
        b = data.draw(st.integers(a, min(n, a + 200)))
        assert_span_exact(doc, a, b)

    check()


def test_every_sentence_maps_back(processed) -> None:
    nlp = Pipeline.from_config(
        {**DEFAULT, "pipeline": {"stages": [s for s in STAGES if s in TEXT_STAGES or s in ("sentences", "tables")]}}
    )
    for path in INPUTS:
        doc = nlp(path.read_text(encoding="utf-8"))
        assert doc.sentences
        for s in doc.sentences:
            assert_span_exact(doc, s.start, s.end)
            assert doc.text.normalized[s.start : s.end] == s.text


def test_inputs_include_our_samples() -> None:
    assert any(p.parent == SAMPLES for p in INPUTS), "corpora/samples/*.txt should exist"
    assert all(isinstance(p, Path) for p in INPUTS)


def test_every_span_of_every_layer_maps_back() -> None:
    """Entities, claim evidence, edits and table spans of the full default pipeline point at
    the normalized text and map back exactly to the original characters."""
    nlp = Pipeline.from_config(DEFAULT)
    for path in INPUTS:
        doc = nlp(path.read_text(encoding="utf-8"))
        assert doc.entities and doc.claims
        for e in doc.entities:
            assert doc.text.normalized[e.start : e.end] == e.text
            assert (e.orig_start, e.orig_end) == doc.offsets.to_orig(e.start, e.end)
            assert_span_exact(doc, e.start, e.end)
        for c in doc.claims:
            for ev in c.evidence:
                assert (ev.orig_start, ev.orig_end) == doc.offsets.to_orig(ev.start, ev.end)
                assert_span_exact(doc, ev.start, ev.end)
                assert ev.page == doc.page_at(ev.start)
        for ed in doc.edits:
            assert doc.text.original[ed.orig_start : ed.orig_end] == ed.before
            if ed.applied and ed.start is not None and ed.end is not None:
                # ``after`` reads as it did at repair time, in the source script
                after = to_target(ed.after, DEFAULT["stages"]["script"]["target"])
                assert doc.text.normalized[ed.start : ed.end] == after or ed.kind in ("duplicate", "junk", "whitespace")
        for t in doc.tables:
            if t.start is not None and t.end is not None:
                assert_span_exact(doc, t.start, t.end)
