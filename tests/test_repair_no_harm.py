"""Do no harm: on clean broker prose (corpora/clean, both scripts) the repair stage applies
fewer than one edit per 10,000 characters.

Counted: every applied edit, including the ``whitespace`` edits that log the spaces
normalize deleted between Han characters (a clean text has a few: 改革 促进 in a title).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.document import Document

CLEAN = Path(__file__).resolve().parents[1] / "corpora" / "clean"


def _files() -> list[Path]:
    return sorted(CLEAN.glob("zh-*/*.txt"))


@pytest.fixture(scope="module")
def results():
    from pipeline.stages.normalize import Normalize
    from pipeline.stages.repair import Repair

    files = _files()
    if not files:
        pytest.skip("corpora/clean is empty")
    rep = Repair()
    out = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        doc = Document.from_text(text)
        Normalize()(doc)
        rep(doc)
        out.append((f, text, doc))
    return out


@pytest.mark.parametrize("script", ["zh-Hans", "zh-Hant"])
def test_corpus_has_both_scripts(results, script: str) -> None:
    assert any(f.parent.name == script for f, _, _ in results)


def test_fewer_than_one_applied_edit_per_10k_chars(results) -> None:
    chars = sum(len(t) for _, t, _ in results)
    assert chars >= 50_000
    edits = [(f, e) for f, _, d in results for e in d.edits if e.applied]
    kinds = Counter(e.kind for _, e in edits)
    rate = len(edits) / chars * 10_000
    own = [e for _, e in edits if e.kind != "whitespace"]
    print(
        f"no-harm: {chars} chars, {len(edits)} applied edits ({dict(kinds)}), {rate:.2f} per 10k; repair's own: {len(own) / chars * 10_000:.2f} per 10k"
    )
    for f, e in edits:
        print(f"  {f.parent.name}/{f.name}: {e.kind} {e.before!r} → {e.after!r} ({e.reason[:80]})")
    assert rate < 1.0


def test_clean_text_survives_unchanged_outside_edits(results) -> None:
    for f, _, doc in results:
        for e in doc.edits:
            assert e.before == doc.text.original[e.orig_start : e.orig_end], f.name
        doc.offsets.check()
