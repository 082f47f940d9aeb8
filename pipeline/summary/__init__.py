"""English summaries of typed claims, with a faithfulness check.

- ``render``       — the Markdown note: header and bullets with citations
- ``sections``     — key-financials table, analyst view, risks
- ``format``       — English number, period and citation style (RMB 380bn, HK$172.00, Q3 2025, [p1 s12])
- ``glossary``     — English for names and terms: gazetteer, finance glossary, CC-CEDICT
- ``faithfulness`` — every number and name of a summary must come from the document
- ``neural``       — optional local seq2seq translation of free text (off by default)

    from pipeline.summary import summarize
    text = summarize(doc)            # raises FaithfulnessError with strict=True
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.summary.faithfulness import FaithfulnessError, Report, check, enforce
from pipeline.summary.render import Renderer, render_summary

__all__ = ["FaithfulnessError", "Renderer", "Report", "check", "enforce", "render_summary", "summarize"]


def summarize(doc: Document, *, strict: bool = False, use_cedict: bool = True, max_bullets: int = 8) -> str:
    """Render ``doc``'s summary, check it, store it in ``doc.summary_en`` and return it."""
    text = render_summary(doc, use_cedict=use_cedict, max_bullets=max_bullets)
    enforce(text, doc, strict=strict, use_cedict=use_cedict)
    doc.summary_en = text
    return text
