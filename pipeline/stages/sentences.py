"""Split mixed Chinese/English text into sentence-like units.

Assigns ``sentences``: each has ``start``/``end`` (normalized), ``orig_start``/``orig_end``,
``text``, ``page`` and ``kind`` (``prose``, ``heading``, ``list_item``, ``table_row``,
``caption``).

Rules, and why they are hand-written: jieba has no sentence splitter, spaCy's
``sentencizer`` splits on a fixed punctuation list and would cut ``3.8``, ``9988.HK`` and
``DeepSeek-V3.1`` unless taught every exception, and neither knows the layout units of a
research report (headings, tab-separated table rows, figure captions, list items), which
must be their own units and never swallow or split prose.

- Chinese sentence ends: 。！？； and …/…… — with any closing quotes/brackets that follow.
- English ends: . ! ? followed by a space, a line end or a CJK character, except after
  abbreviations (Co., Ltd., vs., e.g., U.S., Fig., No. …), initials, and inside numbers,
  tickers and versions (3.8, 9988.HK, DeepSeek-V3.1 have no space after the dot).
- A line with a tab, or inside a table the tables stage found, is one ``table_row``.
- ``#`` headings and short lines without final punctuation are ``heading`` units;
  ``圖 1``/``图表 3``/``Figure 2``/``來源:`` lines are ``caption`` units; bulleted and
  numbered lines are ``list_item`` units (split further if they hold several sentences); a
  bullet ``normalize`` dropped is read from the original text.
"""

from __future__ import annotations

import re

from pipeline.document import Document, Sentence
from pipeline.registry import StageOptions, register_stage
from pipeline.stages.normalize import BULLET_GLYPHS, starts_with_bullet

_CN_END = set("。！？；")
_CLOSERS = set("」』”’）)》】〉\"'")
_ABBREVIATIONS = {
    "co",
    "corp",
    "inc",
    "ltd",
    "plc",
    "llc",
    "vs",
    "etc",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "no",
    "fig",
    "figs",
    "approx",
    "est",
    "st",
    "jr",
    "sr",
    "dept",
    "govt",
    "intl",
    "bhd",
    "mn",
    "bn",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "a.m",
    "p.m",
    "cf",
    "al",
    "ref",
    "yoy",
    "qoq",
    "vol",
    "p",
    "pp",
}
_HEADING = re.compile(r"^(#{1,6})\s*")
_CAPTION = re.compile(
    r"^(圖|图|圖表|图表|表|Figure|Fig\.|Exhibit|Table|Chart)\s*\d+|^(來源|来源|資料來源|资料来源|數據來源|数据来源|Source)\s*[:：]"
)
_LIST = re.compile(
    rf"^(-(?![\d.])\s*|[*{BULLET_GLYPHS}]\s*|\d{{1,2}}[.、)]\s+|\d{{1,2}}、|[（(]\d{{1,2}}[)）]|[一二三四五六七八九十]+、|[①-⑳])"
)
_PROSE_END = set("。！？；!?;…：:，,")


class SentenceOptions(StageOptions):
    heading_max_chars: int = 40  # a short line without final punctuation is a heading


@register_stage("sentences", requires={"text.normalized"}, assigns={"sentences"}, options=SentenceOptions)
class Sentences:
    """Sentence, heading, list-item, caption and table-row units with offsets and pages."""

    def __init__(self, options: SentenceOptions | None = None) -> None:
        self.options = options or SentenceOptions()

    def __call__(self, doc: Document) -> Document:
        text = doc.text.normalized
        table_spans = sorted((t.start, t.end) for t in doc.tables if t.start is not None and t.end is not None)
        out: list[Sentence] = []
        for m in re.finditer(r"[^\n\f]+", text):
            s, e = _strip(text, m.start(), m.end())
            if s >= e:
                continue
            line = text[s:e]
            if "\t" in line or _inside(table_spans, s):
                out.append(self._unit(doc, s, e, "table_row"))
                continue
            h = _HEADING.match(line)
            if h:
                hs, he = _strip(text, s + h.end(), e)
                if hs < he:
                    out.append(self._unit(doc, hs, he, "heading"))
                continue
            if _CAPTION.match(line):
                out.append(self._unit(doc, s, e, "caption"))
                continue
            kind = "list_item" if _LIST.match(line) or _bulleted(doc, s, e) else "prose"
            if kind == "prose" and len(line) <= self.options.heading_max_chars and line[-1] not in _PROSE_END:
                out.append(self._unit(doc, s, e, "heading"))
                continue
            for a, b in split_sentences(text, s, e):
                out.append(self._unit(doc, a, b, kind))
        doc.sentences = out
        return doc

    @staticmethod
    def _unit(doc: Document, s: int, e: int, kind: str) -> Sentence:
        return Sentence(**doc.span(s, e), text=doc.text.normalized[s:e], page=doc.page_at(s), kind=kind)  # type: ignore[arg-type]


def _bulleted(doc: Document, s: int, e: int) -> bool:
    """Whether the line started with a bullet that ``normalize`` dropped (it stays in the original)."""
    return starts_with_bullet(doc.text.original, doc.offsets.to_orig(s, e)[0])


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t\u3000":
        s += 1
    while e > s and text[e - 1] in " \t\u3000":
        e -= 1
    return s, e


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\uf900" <= ch <= "\ufaff"


def _english_end(text: str, i: int, line_end: int) -> bool:
    """Whether the ASCII ``.``, ``!`` or ``?`` at ``i`` ends an English sentence."""
    j = i + 1
    while j < line_end and text[j] in _CLOSERS:
        j += 1
    if j < line_end and not (text[j] == " " or _is_cjk(text[j])):
        return False  # 3.8, 9988.HK, V3.1, "..." inside a word
    if text[i] != ".":
        return True
    if i + 1 < line_end and text[i + 1] == ".":
        return False  # an ASCII ellipsis goes on
    k = i
    while k > 0 and (text[k - 1].isascii() and (text[k - 1].isalpha() or text[k - 1] == ".")):
        k -= 1
    word = text[k:i]
    if not word:
        return not text[i - 1 : i].isdigit() or j >= line_end or _is_cjk(text[j : j + 1])
    if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
        return False
    if "." in word and all(len(p) <= 2 for p in word.split(".")):
        return False  # e.g., U.S., a.m.
    # Lower-case after the space: not a new sentence (an abbreviation we do not know).
    n = j
    while n < line_end and text[n] == " ":
        n += 1
    return not (n < line_end and text[n].islower())


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one line), never empty, whitespace-trimmed."""
    spans: list[tuple[int, int]] = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        stop = -1
        if ch in _CN_END or ch == "…":
            j = i + 1
            while j < end and (text[j] in _CN_END or text[j] in "…!?"):
                j += 1
            stop = j
        elif ch in ".!?" and _english_end(text, i, end):
            j = i + 1
            while j < end and text[j] in "!?":
                j += 1
            stop = j
        if stop >= 0:
            while stop < end and text[stop] in _CLOSERS:
                # An ASCII quote closes only if an odd number of them came before it on
                # this line; otherwise it opens the next sentence.
                if text[stop] in "\"'" and text.count(text[stop], start, stop) % 2 == 0:
                    break
                stop += 1
            a, b = _strip(text, s, stop)
            if a < b:
                spans.append((a, b))
            s = i = stop
            continue
        i += 1
    a, b = _strip(text, s, end)
    if a < b:
        spans.append((a, b))
    return spans
