"""Convert the normalized text to one Chinese script with OpenCC.

Assigns ``text.normalized`` (``text.original`` always keeps the source script). Runs after
``repair`` so that repair sees the source script's glyphs. Targets: ``keep``, ``zh-Hans``
(the default, for indexing), ``zh-Hant``, ``zh-HK``, ``zh-TW``.

OpenCC converts almost always character for character; where a phrase table changes the
length (s2twp's 隨身碟 for U盘) the changed stretch is aligned with difflib so the offset map
stays exact outside it.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

from pipeline.chinese_script import to_target
from pipeline.document import Document
from pipeline.offsets import Change
from pipeline.registry import StageOptions, register_stage


class ScriptOptions(StageOptions):
    target: Literal["keep", "zh-Hans", "zh-Hant", "zh-HK", "zh-TW"] = "zh-Hans"


@register_stage("script", requires={"text.normalized"}, assigns={"text.normalized"}, options=ScriptOptions)
class Script:
    """OpenCC conversion of ``text.normalized`` to the configured target script."""

    def __init__(self, options: ScriptOptions | None = None) -> None:
        self.options = options or ScriptOptions()

    def __call__(self, doc: Document) -> Document:
        target = self.options.target
        if target == "keep":
            return doc
        text = doc.text.normalized
        changes: list[Change] = []
        if target == "zh-Hans":
            # t2s is safe on Simplified text too, so the whole text goes through at once;
            # almost always it keeps the length, and the changed characters are found
            # with one vectorised comparison.
            out = to_target(text, target)
            if len(out) == len(text):
                doc.substitute(out)
                self._convert_tables(doc, target)
                return doc
        for m in re.finditer(r"[^\n]+", text):
            seg = m.group()
            out = to_target(seg, target)
            if out != seg:
                changes.extend(_segment_changes(seg, out, m.start()))
        doc.rewrite(changes)
        self._convert_tables(doc, target)
        return doc

    @staticmethod
    def _convert_tables(doc: Document, target: str) -> None:
        for table in doc.tables:  # tables hold copies of their strings: convert them too
            table.title = table.title and to_target(table.title, target)
            table.unit = table.unit and to_target(table.unit, target)
            table.columns = [to_target(c, target) for c in table.columns]
            for row in table.rows:
                row.label = to_target(row.label, target)
                row.section = row.section and to_target(row.section, target)
                for cell in row.cells:
                    cell.text = to_target(cell.text, target)


def _segment_changes(old: str, new: str, offset: int) -> list[Change]:
    """Minimal changes turning ``old`` into ``new``, as changes at ``offset``."""
    if len(old) == len(new):
        return [Change(offset + i, offset + i + 1, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    out: list[Change] = []
    sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            out.append(Change(offset + i1, offset + i2, new[j1:j2]))
    return out
