"""Measures shared by tests and benchmarks: character error rate and span P/R/F1.

Kept in the package (not in tests/) so that a benchmark and the test asserting its
threshold compute the same figure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any


def squash(text: str) -> str:
    """NFKC, with all whitespace removed (layout spacing is not an OCR error)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def character_error_rate(ref: str, hyp: str) -> float:
    """Levenshtein distance between the squashed texts, per reference character."""
    ref, hyp = squash(ref), squash(hyp)
    prev = list(range(len(hyp) + 1))
    for i, a in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, b in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b))
        prev = cur
    return prev[-1] / max(1, len(ref))


def score_recognizers_specs(
    cases: Iterable[dict[str, Any]], extract: Callable[[str], list[dict[str, Any]]]
) -> dict[str, float]:
    """Span precision/recall/F1 and exact-value rate on Microsoft Recognizers-Text specs.

    ``extract(text)`` returns ``[{"start", "end", "value"}]`` (end exclusive); the specs'
    ``End`` is inclusive. Cases marked ``NotSupported``/``NotSupportedByDesign`` are optional
    and skipped.
    """
    tp = fp = fn = exact = 0
    for case in cases:
        if "NotSupported" in case or "NotSupportedByDesign" in case:
            continue
        gold = {(r["Start"], r["End"] + 1): float(r["Resolution"]["value"].rstrip("%")) for r in case["Results"]}
        got = {(g["start"], g["end"]): g["value"] for g in extract(case["Input"])}
        hit = set(gold) & set(got)
        tp, fp, fn = tp + len(hit), fp + len(set(got) - set(gold)), fn + len(set(gold) - set(got))
        exact += sum(math.isclose(gold[k], got[k], rel_tol=1e-6, abs_tol=1e-9) for k in hit)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"n": tp + fn, "precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9), "exact": exact / max(tp, 1)}
