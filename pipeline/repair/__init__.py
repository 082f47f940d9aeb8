"""Helpers of the OCR repair stage (``pipeline.stages.repair``).

Each module looks for one kind of evidence and returns :class:`Proposal` objects in the
coordinates of the normalized text *as the repair stage found it*; the stage resolves
overlaps (stronger evidence first), applies the confident ones through ``doc.rewrite`` and
records every proposal as an :class:`~pipeline.document.Edit`.

=====================  =====================================================================
module                 evidence
=====================  =====================================================================
``ocr_choices``        what the OCR engine almost read (``doc.ocr_choices``), judged by the
                       word LM: 歷力→壓力, a half-seen comma, a dropped letter; unsure digits flagged
``duplicates``         a clause printed twice, the first copy garbled (tandem near-repeat)
``consistency``        a rare string one glyph away from a frequent string of the document
``characters``         visual/phonetic confusion candidates scored by lexicon and LM
``whitespace``         spaces between Han characters (joined by normalize, logged here)
``table_numbers``      a cell whose separator disagrees with its column, confirmed by an
                       accounting identity of the table
``english``            misspelled English words (symspellpy + document consistency); words
                       spelled with a look-alike glyph (P1us → Plus, viVo → vivo)
``punctuation``        marks OCR confused: commas read as dots, brackets that do not pair, a
                       ticker's lost dot, dashes read as 一 in quotations, a lost opening quote
``lists``              a numbered item's end mark
``headers``            the bar the detector dropped between a header line's fields
``names``              a company name one glyph off the gazetteer's, before its ticker
``units``              a price's unit one glyph off the genre's units (610元/顺 → 610元/噸)
``flags``              junk spans and truncated paragraphs (flagged, never changed)
``masked_lm``          optional masked-LM scorer from a local ``transformers`` checkpoint
``wordlm``             the running-text word bigram LM (open-gram) that scores candidates
=====================  =====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Proposal:
    """One proposed change of ``text[start:end]`` (repair-time normalized coordinates)."""

    start: int
    end: int
    replacement: str
    kind: str
    confidence: float
    reason: str
    # Set for flags (kind == "unrepaired") and for edits another stage already applied.
    flag: bool = False
    preapplied: bool = False
    # Table cell to update when applied: (table index or None, row label, column, new text, value)
    table_cell: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, s: int, e: int) -> bool:
        if self.start == self.end:  # insertion point
            return s < self.start < e
        return self.start < e and s < self.end
