"""Typed claims with normalized values, each traced to its evidence spans.

Assigns ``claims``: ``capex_commitment``, ``target``, ``forecast``, ``financial_metric``
(prose and tables), ``benchmark_result``, ``ranking``, ``partnership``, ``rating``,
``risk`` and ``view``. Each claim has a ``subject`` (a gazetteer id where one is known,
else the name as printed), the evidence sentence as ``text``, typed ``values`` (amounts in
base units with an ISO currency, percentages as numbers, years as integers), ``evidence``
spans with page and sentence index, and a ``confidence``. Claims resting on text the
repair stage flagged ``unrepaired`` get half the confidence; claims whose source is cut
off are ``incomplete``.

The rules are in ``pipeline/claims/`` (one module per family) and their vocabulary in
``corpora/lexicons/claim_rules.yaml``; see docs/claims.md.
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.registry import StageOptions, register_stage


class ClaimOptions(StageOptions):
    families: list[str] | None = None  # None = all; e.g. ["forecast", "rating"]
    min_confidence: float = 0.0  # drop claims below this confidence
    rules: str | None = None  # another claim_rules.yaml (default: corpora/lexicons/claim_rules.yaml)


@register_stage("claims", requires={"entities", "sentences"}, assigns={"claims"}, options=ClaimOptions)
class ClaimsStage:
    """Typed claims (capex, targets, forecasts, financials, benchmarks, rankings, partnerships, rating, risks)."""

    def __init__(self, options: ClaimOptions | None = None) -> None:
        self.options = options or ClaimOptions()

    def __call__(self, doc: Document) -> Document:
        from pipeline.claims import extract_claims, load_rules

        rules = load_rules(self.options.rules) if self.options.rules else None
        claims = extract_claims(doc, families=self.options.families, rules=rules)
        doc.claims = [c for c in claims if c.confidence >= self.options.min_confidence]
        return doc
