"""Shared helpers of test_meta.py, test_claims.py and test_summary.py.

Documents are processed once per session with the default pipeline (cached by path), and
claims are compared with the gold files of corpora/samples by the rules below.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.claims.base import gazetteer, simplified
from pipeline.document import Claim, Document

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
TENCENT = SAMPLES / "hk_tencent_note.zh-Hant.txt"
MAINLAND = SAMPLES / "cn_mainland_note.zh-Hans.txt"

# Gold value keys compared exactly (names and free-text English are compared elsewhere or not at all).
VALUE_KEYS = (
    "amount",
    "currency",
    "yoy_pct",
    "qoq_pct",
    "value_pct",
    "yoy_change_pp",
    "qoq_change_pp",
    "target_year",
    "base_year",
    "multiplier",
    "score",
    "rank",
    "by_year",
    "previous",
    "rating",
    "target_price",
    "previous_target_price",
    "upside_pct",
    "period_start",
    "period_end",
    "qualifier",
    "benchmark",
    "period",
    "partner_ticker",
)


@lru_cache(maxsize=1)
def nlp():
    from pipeline.config import Pipeline

    return Pipeline.from_config(None)


def process_text(text: str, doc_id: str) -> Document:
    return nlp()(Document.from_text(text, id=doc_id))


@lru_cache(maxsize=8)
def processed(path: str) -> Document:
    p = Path(path)
    return process_text(p.read_text(encoding="utf-8"), p.name.split(".")[0])


def gold_for(path: Path) -> dict[str, Any]:
    name = path.name.split(".")[0] + ".gold.json"
    return json.loads((path.parent / name).read_text(encoding="utf-8"))


def squeeze(text: str) -> str:
    """Compare evidence as printed: no blanks, one script, one width (normalize may print a
    gold "(IFRS)" as "（IFRS）")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", simplified(text)))


def ident(name: str | None) -> str:
    """A gazetteer id for a name or id (gold uses names, claims use ids)."""
    gz = gazetteer()
    rec = (gz.get(name) or gz.lookup(name)) if gz and name else None
    return rec.id if rec else (name or "").casefold()


def evidence_text(doc: Document, c: Claim) -> str:
    return "".join(doc.sentences[e.sentence].text for e in c.evidence if e.sentence is not None)


def located(doc: Document, gold: dict[str, Any], c: Claim) -> bool:
    """Same type, and the gold ``evidence_contains`` is in the claim's evidence sentences."""
    return c.type == gold["type"] and squeeze(gold["evidence_contains"]) in squeeze(evidence_text(doc, c))


def value_errors(gold: dict[str, Any], c: Claim) -> list[str]:
    """Gold values (of VALUE_KEYS, and partners) the claim gets wrong or lacks."""
    errors = []
    for k in VALUE_KEYS:
        if k not in gold["values"]:
            continue
        g, p = gold["values"][k], c.values.get(k)
        if isinstance(g, dict):
            g = {str(a): float(b) for a, b in g.items()}
            p = {str(a): float(b) for a, b in (p or {}).items()}
        elif isinstance(g, (int, float)) and isinstance(p, (int, float)):
            g, p = float(g), float(p)
        if g != p:
            errors.append(f"{k}: gold {g!r}, got {p!r}")
    if "partners" in gold["values"] and sorted(map(ident, gold["values"]["partners"])) != sorted(
        map(ident, c.values.get("partners", []))
    ):
        errors.append(f"partners: gold {gold['values']['partners']}, got {c.values.get('partners')}")
    return errors


def score_against_gold(doc: Document, gold: dict[str, Any]) -> dict[str, Any]:
    """Recall of gold claims: located, located with every checked value right, right subject."""
    found = exact = subject = 0
    misses: list[str] = []
    for g in gold["claims"]:
        cands = [c for c in doc.claims if located(doc, g, c)]
        if not cands:
            misses.append(f"missing {g['type']}: {g['evidence_contains']}")
            continue
        found += 1
        best = min(cands, key=lambda c: len(value_errors(g, c)))
        errs = value_errors(g, best)
        if errs:
            misses.append(f"{g['type']} {g['evidence_contains']}: {errs}")
        else:
            exact += 1
        if ident(g["subject"]) == ident(best.subject):
            subject += 1
        else:
            misses.append(f"{g['type']} subject: gold {g['subject']}, got {best.subject}")
    n = len(gold["claims"])
    return {"n": n, "located": found / n, "exact": exact / n, "subject": subject / n, "misses": misses}
