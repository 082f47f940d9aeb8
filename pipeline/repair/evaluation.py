"""Scoring the repair stage against gold corruptions (tests, benchmarks, docs figures).

``score_gold(clean_text, noisy_text, corruptions)`` runs normalize + repair on the noisy
text (and normalize on the clean one) and says, per gold corruption, whether it was
*fixed* (the repaired text reads as the normalized clean text around it), *flagged* (an
``unrepaired`` edit or an unapplied proposal overlaps it) or *missed*; and lists applied
edits that touch no gold corruption (*false edits*: a change the gold does not ask for).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.document import Document


@dataclass
class GoldScore:
    fixed: list[dict[str, Any]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false_edits: list[Any] = field(default_factory=list)
    doc: Document | None = None

    @property
    def total(self) -> int:
        return len(self.fixed) + len(self.flagged) + len(self.missed)

    def summary(self) -> dict[str, Any]:
        return {
            "corruptions": self.total,
            "fixed": len(self.fixed),
            "flagged": len(self.flagged),
            "missed": len(self.missed),
            "false_edits": len(self.false_edits),
            "missed_items": [f"{c['kind']}:{c['noisy']}" for c in self.missed],
            "flagged_items": [f"{c['kind']}:{c['noisy']}" for c in self.flagged],
        }


def run_stages(text: str, *, repair_options: dict[str, Any] | None = None, repair: bool = True) -> Document:
    from pipeline.stages.normalize import Normalize
    from pipeline.stages.repair import Repair, RepairOptions

    doc = Document.from_text(text)
    Normalize()(doc)
    if repair:
        Repair(RepairOptions(**(repair_options or {})))(doc)
    return doc


def score_gold(
    clean: str, noisy: str, corruptions: list[dict[str, Any]], *, repair_options=None, context: int = 2
) -> GoldScore:
    cdoc = run_stages(clean, repair=False)
    ndoc = run_stages(noisy, repair_options=repair_options)
    out = GoldScore(doc=ndoc)
    C, R = cdoc.text.normalized, ndoc.text.normalized
    gold_spans = []
    for c in corruptions:
        ns, ne = c["noisy_start"], c["noisy_start"] + len(c["noisy"])
        cs, ce = c["clean_start"], c["clean_start"] + len(c["clean"])
        gold_spans.append((ns, ne))
        a, b = ndoc.offsets.to_norm(max(0, ns - context), min(len(noisy), ne + context))
        x, y = cdoc.offsets.to_norm(max(0, cs - context), min(len(clean), ce + context))
        if R[a:b] == C[x:y]:
            out.fixed.append(c)
            continue
        hit = any(
            (not e.applied) and e.orig_start < max(ne, ns + 1) and ns < max(e.orig_end, e.orig_start + 1)
            for e in ndoc.edits
        )
        (out.flagged if hit else out.missed).append(c)
    for e in ndoc.edits:
        if not e.applied:
            continue
        if not any(
            e.orig_start < max(ne, ns + 1) + 1 and ns - 1 < max(e.orig_end, e.orig_start + 1) for ns, ne in gold_spans
        ):
            out.false_edits.append(e)
    return out
