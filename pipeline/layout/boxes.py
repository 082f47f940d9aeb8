"""Boxes and token classes of the layout analysis: segments, blocks, rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class Seg:
    """A run of text on one line: ``x0 < x1``, ``y0 < y1`` (top-left origin, points)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float | None = None  # OCR confidence of the line
    # what the OCR engine almost read (pipeline.ocr_alternatives.OcrChoice, offsets into text)
    choices: list | None = field(default=None, repr=False, compare=False)

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class LBlock:
    """A block of the page in reading order; ``lines`` hold its text lines (TAB = cell)."""

    kind: str  # main | sidebar | header | footer | table | caption | figure
    bbox: tuple[float, float, float, float]
    lines: list[str] = field(default_factory=list)
    column: int | None = None
    confidence: float | None = None
    line_conf: list[float | None] = field(default_factory=list)
    # (start, end, confidence) of each source row inside ``text``
    row_spans: list[tuple[int, int, float | None]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


# -- token classes --------------------------------------------------------------------------
TEMPLATE_MARKER = re.compile(
    r"\[(?:Table|Title|Author|Industry|Stock|Rating|Report|Invest|Summary|Page|Pic|Chart|Figure|Info|Doc|Name|Date|Analyst|Contact|Risk|Base)[A-Za-z0-9_]*\]"
)


_NUM = r"[-+−]?\(?[-+−]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?\)?[%xX倍]?"


NUMERIC_CELL = re.compile(
    rf"^(?:{_NUM}|N/?A|n\.?a\.?|NM|nm|-+|—+|–|(?:FY\s?)?(?:19|20)\d{{2}}(?:[AEFPaef]|年)?|[1-4]Q\d{{2}}[AE]?|(?:19|20)\d{{2}}[-/.](?:0?[1-9]|1[0-2])|Net cash|淨現金|净现金)$"
)


_AXIS_TOKEN = re.compile(
    r"^(?:[-+−]?\d+(?:\.\d+)?%?|(?:19|20)\d{2}(?:[-/.](?:0?[1-9]|1[0-2])(?:[-/.]\d{1,2})?)?|\d{1,2}/\d{2,4}|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[-/ ]?\d{2,4}|\d{1,2}月|[1-4]Q\d{2})$"
)


PAGE_NUMBER = re.compile(
    r"^(?:[-–—]?\s*\d{1,4}\s*[-–—]?|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*[頁页](?:\s*[,，/]?\s*[共總总]\s*\d+\s*[頁页])?|(?:Page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.I,
)


CAPTION = re.compile(
    r"^(?:圖|图|圖表|图表|表|Figure|Fig\.|Exhibit|Table|Chart)\s*\d+|^(?:來源|来源|資料來源|资料来源|數據來源|数据来源|Source)\s*[:：]"
)


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


_SENT_END = set("。！？；.!?;:：」』”）)")


LABEL_START = re.compile(r"^[^\s：:，。]{1,8}[：:]")


LIST_START = re.compile(
    r"^(?:\d{1,2}[、)）]|\d{1,2}\.(?!\d)|\d{1,2}(?=[《「【])|[•·●■▪◆◇○➢►]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、|[①-⑳])"
)


def is_numeric_cell(text: str) -> bool:
    return bool(NUMERIC_CELL.match(text.strip()))


def running_key(text: str) -> str:
    """Key under which a header/footer repeats: digits become ``#``, spaces go."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


# -- text layer: characters → segments ------------------------------------------------------
def segments_from_chars(chars: Iterable[tuple[str, float, float, float, float]], gap: float = 1.0) -> list[Seg]:
    """Join characters ``(ch, x0, y0, x1, y1)`` (top-left origin, content order) into segments.

    A segment ends at a line change or a horizontal gap larger than ``gap`` × the character
    height; spaces separate words but have no useful box.
    """
    segs: list[Seg] = []
    cur: list[str] = []
    box: list[float] = []
    last_x1 = last_cy = last_h = 0.0
    pending_space = False

    def flush() -> None:
        nonlocal cur, box
        text = "".join(cur).strip()
        if text and box:
            segs.append(Seg(text, box[0], box[1], box[2], box[3]))
        cur, box = [], []

    for ch, x0, y0, x1, y1 in chars:
        if ch in "\r\n":
            flush()
            pending_space = False
            continue
        if ch.isspace() or x1 <= x0 or y1 <= y0:
            if cur:
                pending_space = True
            continue
        h = y1 - y0
        cy = (y0 + y1) / 2
        if cur:
            ref = max(h, last_h)
            same_line = abs(cy - last_cy) < 0.5 * ref
            dx = x0 - last_x1
            if not same_line or dx > gap * ref or dx < -0.5 * ref:
                flush()
                pending_space = False
        if cur and pending_space and not (_CJK.match(cur[-1]) and _CJK.match(ch)):
            cur.append(" ")
        elif (
            cur and not pending_space and x0 - last_x1 > 0.25 * max(h, last_h) and (ch.isascii() and cur[-1].isascii())
        ):
            cur.append(" ")  # a word gap without a space character
        pending_space = False
        cur.append(ch)
        if box:
            box[0], box[1], box[2], box[3] = min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)
        else:
            box = [x0, y0, x1, y1]
        last_x1, last_cy, last_h = x1, cy, h
    flush()
    return segs


# -- rows and tables ---------------------------------------------------------------------------
def group_rows(segs: Sequence[Seg]) -> list[list[Seg]]:
    """Segments on the same line, rows top to bottom, each row left to right."""
    rows: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: (s.cy, s.x0)):
        if rows:
            r = rows[-1]
            ry0 = min(x.y0 for x in r)
            ry1 = max(x.y1 for x in r)
            ov = min(ry1, s.y1) - max(ry0, s.y0)
            if ov > 0.5 * min(s.h, ry1 - ry0):
                r.append(s)
                continue
        rows.append([s])
    for r in rows:
        r.sort(key=lambda s: s.x0)
    return rows


def min_conf(segs: Sequence[Seg]) -> float | None:
    c = [s.conf for s in segs if s.conf is not None]
    return min(c) if c else None


# -- paragraphs ----------------------------------------------------------------------------------
def join_text(a: str, b: str) -> str:
    if not a:
        return b
    if _CJK.match(a[-1]) or _CJK.match(b[:1]) or a.endswith("-"):
        return a + b
    return f"{a} {b}"


def union_bbox(segs: Sequence[Seg]) -> tuple[float, float, float, float]:
    return (min(s.x0 for s in segs), min(s.y0 for s in segs), max(s.x1 for s in segs), max(s.y1 for s in segs))
