"""Claim extraction: typed claims with normalized values and evidence spans.

One module per claim family, each a set of ``extract_*(ctx) -> list[Claim]`` functions
over a :class:`~pipeline.claims.base.ClaimContext`:

- ``financials`` — ``financial_metric`` (reported figures in prose) and ``forecast``
- ``tables``     — ``financial_metric`` from financial tables (one per row and period)
- ``corporate``  — ``capex_commitment``, ``target``, ``partnership``
- ``models``     — ``benchmark_result``, ``ranking``
- ``opinion``    — ``rating``, ``risk``, ``view``

The rules and vocabulary live in ``corpora/lexicons/claim_rules.yaml``.

    from pipeline.claims import extract_claims
    doc.claims = extract_claims(doc)
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.claims import corporate, financials, models, opinion, tables
from pipeline.claims.base import ClaimContext, Rules, load_rules
from pipeline.document import Claim, Document

FAMILIES: dict[str, Callable[[ClaimContext], list[Claim]]] = {
    "financial_metric": financials.extract_reported,
    "financial_table": tables.extract_table_metrics,
    "forecast": financials.extract_forecasts,
    "capex_commitment": corporate.extract_capex,
    "target": corporate.extract_targets,
    "partnership": corporate.extract_partnerships,
    "benchmark_result": models.extract_benchmarks,
    "ranking": models.extract_rankings,
    "rating": opinion.extract_rating,
    "risk": opinion.extract_risks,
    "view": opinion.extract_views,
}

__all__ = ["FAMILIES", "ClaimContext", "Rules", "extract_claims", "load_rules"]


def _numbers(v: object) -> tuple:
    if isinstance(v, bool):
        return ()
    if isinstance(v, (int, float)):
        return (round(float(v), 6),)
    if isinstance(v, dict):
        return tuple(x for k in sorted(v) for x in _numbers(v[k]))
    if isinstance(v, list):
        return tuple(x for i in v for x in _numbers(i))
    return ()


def dedupe(claims: list[Claim]) -> list[Claim]:
    """Claims stating the same numbers of the same thing once, with every evidence span.

    A headline repeats the body (``资本开支：2025-2027年累计投入不少于3,500亿元``): the fuller
    claim (more values, higher confidence) is kept and the other's evidence appended.
    """
    kept: dict[tuple, Claim] = {}
    order: list[tuple] = []
    for c in claims:
        nums = _numbers({k: v for k, v in c.values.items() if k not in ("speaker",)})
        names = tuple(
            str(c.values.get(k))
            for k in ("metric", "period", "benchmark", "model", "leaderboard", "partners", "view", "risk_zh")
        )
        key = (c.type, c.subject, names, nums)
        old = kept.get(key)
        if old is None:
            kept[key] = c
            order.append(key)
            continue
        better, other = (c, old) if (c.confidence, len(c.values)) > (old.confidence, len(old.values)) else (old, c)
        better.evidence = better.evidence + [
            e for e in other.evidence if (e.start, e.end) not in {(x.start, x.end) for x in better.evidence}
        ]
        kept[key] = better
    return [kept[k] for k in order]


def extract_claims(doc: Document, *, families: list[str] | None = None, rules: Rules | None = None) -> list[Claim]:
    """Every claim the rules find in ``doc`` (needs sentences; uses entities and meta if present)."""
    ctx = ClaimContext.build(doc, rules)
    out: list[Claim] = []
    for name, fn in FAMILIES.items():
        if families is None or name in families or fn.__name__ in families:
            out.extend(fn(ctx))
    return dedupe(out)
