"""Reading order of a page from text boxes: pure functions, no PDF library.

The input of :func:`analyze_page` is a list of :class:`Seg` — a run of text on one line with
its box (PDF points, origin top-left). Text-layer pages give segments built from character
boxes (``segments_from_chars``); OCR pages give one segment per recognised line. Both go
through exactly the same code:

1. template markers (``[Table_EPS]`` …) are removed; running headers/footers, page numbers
   and watermarks (found across pages by :func:`find_running`) become ``header``/``footer``
   blocks without text;
2. tables: rows of ≥ 3 segments with ≥ 2 numeric cells whose columns line up, with the
   label rows between them, become one ``table`` block written as TAB-separated lines;
3. chart-axis debris: stacks (or rows) of ≥ 3 short numeric/percent/date tokens become
   ``figure`` blocks without text;
4. columns: tall whitespace strips (the whitespace-rectangle idea, on an occupancy grid)
   separate columns; a column much narrower than the widest one is a sidebar; segments
   that cross a separator span the page and cut it into bands;
5. paragraphs: in each column, lines are joined into paragraphs (a break on a larger gap,
   a change of size, an indent, or a line that stops short of the column's right edge);
   several segments on one line of a column (``label   value``) become a TAB-separated line.

The output is the page's blocks in reading order: the main column(s) band by band, then
the sidebar blocks, then the blocks without text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Seg:
    """A run of text on one line: ``x0 < x1``, ``y0 < y1`` (top-left origin, points)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float | None = None  # OCR confidence of the line

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
_CAPTION = re.compile(
    r"^(?:圖|图|圖表|图表|表|Figure|Fig\.|Exhibit|Table|Chart)\s*\d+|^(?:來源|来源|資料來源|资料来源|數據來源|数据来源|Source)\s*[:：]"
)
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_SENT_END = set("。！？；.!?;:：」』”）)")
_LABEL_START = re.compile(r"^[^\s：:，。]{1,8}[：:]")
_LIST_START = re.compile(
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


# -- across pages: running headers, footers, watermarks ----------------------------------------
def find_running(pages: Sequence[tuple[Sequence[Seg], float, float]], margin: float = 0.1) -> set[str]:
    """Keys of segments repeated across pages: in the top/bottom ``margin`` of the page by text,
    anywhere on the page by text and position (watermarks)."""
    n = len(pages)
    if n < 2:
        return set()
    need = max(2, int(0.3 * n + 0.5))
    band: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for segs, _w, h in pages:
        seen_b: set[str] = set()
        seen_a: set[str] = set()
        for s in segs:
            k = running_key(s.text)
            if not k:
                continue
            # words, not bare numbers: a table row near the page edge is no running header
            # (page numbers are caught by PAGE_NUMBER on every page)
            if (s.y1 < margin * h or s.y0 > (1 - margin) * h) and re.search(r"[^\W\d_]", k) and _set_apart(s, segs):
                seen_b.add(k)
            if len(k) <= 20:  # watermarks and stamps are short; body lines do not repeat in place
                pk = _position_key(s)
                if pk:
                    seen_a.add(pk)
        band.update(seen_b)
        anywhere.update(seen_a)
    keys = {k for k, c in band.items() if c >= need}
    # watermarks and stamps: short, in the same place on most pages
    keys |= {k for k, c in anywhere.items() if c >= max(need, 3 if n > 2 else 2, int(0.5 * n + 0.5))}
    return keys


def _set_apart(s: Seg, segs: Sequence[Seg]) -> bool:
    """No other line right above or below ``s`` (a header is not the first line of a paragraph)."""
    for o in segs:
        if o is s or min(o.y1, s.y1) - max(o.y0, s.y0) > 0.5 * min(o.h, s.h):
            continue  # itself, or on its row
        gap = max(o.y0 - s.y1, s.y0 - o.y1)
        if gap < 1.2 * max(s.h, o.h) and o.x0 < s.x1 + 50 and o.x1 > s.x0 - 50:
            return False
    return True


def _position_key(s: Seg) -> str | None:
    """Exact text at a place, for watermarks and stamps: words, not numbers (a table cell
    holds different numbers at the same place page after page)."""
    t = re.sub(r"\s+", "", s.text)
    if len(t) < 2 or not re.search(r"[^\W\d_]", t):
        return None
    return f"{t}@{round(s.x0 / 12)},{round(s.y0 / 12)}"


def _is_running(s: Seg, keys: set[str], w: float, h: float, margin: float) -> str | None:
    """``header``/``footer`` when ``s`` is a running element or a page number, else None."""
    k = running_key(s.text)
    top = s.y1 < margin * h
    bottom = s.y0 > (1 - margin) * h
    pos_key = _position_key(s)
    if ((top or bottom) and (k in keys or PAGE_NUMBER.match(s.text.strip()))) or (pos_key and pos_key in keys):
        return "header" if s.cy < h / 2 else "footer"
    return None


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


def _tabular(row: list[Seg]) -> bool:
    if len(row) < 3:
        return False
    nums = sum(1 for s in row[1:] if is_numeric_cell(s.text))
    return nums >= 2 and nums >= 0.5 * (len(row) - 1)


def _col_slots(rows: list[list[Seg]]) -> list[tuple[float, float]]:
    """Column slots: the union of the cells' x-intervals of the tabular rows."""
    ivs = sorted((s.x0, s.x1) for r in rows if _tabular(r) for s in r)
    slots: list[list[float]] = []
    for a, b in ivs:
        if slots and a <= slots[-1][1] + 1.0:
            slots[-1][1] = max(slots[-1][1], b)
        else:
            slots.append([a, b])
    return [(a, b) for a, b in slots]


def _row_cells(row: list[Seg], slots: list[tuple[float, float]]) -> list[str]:
    cells = [""] * len(slots)
    for s in row:
        best, k = -1e9, 0
        for i, (a, b) in enumerate(slots):
            ov = min(b, s.x1) - max(a, s.x0)
            if ov > best:
                best, k = ov, i
        if best <= 0:  # between slots: the nearest one
            k = min(range(len(slots)), key=lambda i: min(abs(slots[i][0] - s.x1), abs(slots[i][1] - s.x0)))
        cells[k] = f"{cells[k]} {s.text}".strip()
    return cells


def find_tables(segs: Sequence[Seg]) -> tuple[list[LBlock], set[int]]:
    """Table blocks and the ids of the segments they consumed."""
    rows = group_rows(segs)
    used: set[int] = set()
    tables: list[LBlock] = []
    i = 0
    while i < len(rows):
        if not _tabular(rows[i]):
            i += 1
            continue
        run = [rows[i]]
        absorbed: list[int] = []  # segments merged into others (wrapped labels)
        j = i + 1
        pitch = max(x.h for x in rows[i]) * 3.0
        x0 = min(s.x0 for s in rows[i])
        x1 = max(s.x1 for s in rows[i])
        while j < len(rows):
            r = rows[j]
            gap = min(s.y0 for s in r) - max(s.y1 for s in run[-1])
            if gap > pitch:
                break
            rx0, rx1 = min(s.x0 for s in r), max(s.x1 for s in r)
            inside = rx0 >= x0 - 20 and rx1 <= x1 + 20
            if _tabular(r) and inside:
                run.append(r)
                j += 1
                continue
            # the second line of a wrapped label: closer to the row above than rows are
            gaps = [min(s.y0 for s in b) - max(s.y1 for s in a) for a, b in zip(run, run[1:], strict=False)]
            if (
                len(r) == 1
                and inside
                and gaps
                and _tabular(run[-1])
                and abs(r[0].x0 - run[-1][0].x0) <= 15
                and gap < 0.6 * statistics.median(gaps)
            ):
                lab = run[-1][0]
                merged = Seg(
                    _join(lab.text, r[0].text), lab.x0, lab.y0, max(lab.x1, r[0].x1), lab.y1, _min_conf([lab, r[0]])
                )
                run[-1] = [merged, *run[-1][1:]]
                absorbed += [id(r[0]), id(lab)]
                j += 1
                continue
            # a label-only section row (or a row of debris) between tabular rows
            if (
                inside
                and all(len(x.text) <= 40 for x in r)
                and not _CAPTION.match(r[0].text)
                and j + 1 < len(rows)
                and _tabular(rows[j + 1])
                and min(s.y0 for s in rows[j + 1]) - r[0].y1 <= pitch
            ):
                run.append(r)
                j += 1
                continue
            break
        if sum(1 for r in run if _tabular(r)) >= 2:
            slots = _col_slots(run)
            if len(slots) >= 3:
                lines = ["\t".join(_row_cells(r, slots)) for r in run]
                row_spans, pos = [], 0
                for ln, r in zip(lines, run, strict=True):
                    row_spans.append((pos, pos + len(ln), _min_conf(r)))
                    pos += len(ln) + 1
                allsegs = [s for r in run for s in r]
                bbox = (
                    min(s.x0 for s in allsegs),
                    min(s.y0 for s in allsegs),
                    max(s.x1 for s in allsegs),
                    max(s.y1 for s in allsegs),
                )
                confs = [s.conf for s in allsegs if s.conf is not None]
                tables.append(
                    LBlock(
                        "table",
                        bbox,
                        lines,
                        confidence=min(confs) if confs else None,
                        line_conf=[_min_conf(r) for r in run],
                        row_spans=row_spans,
                    )
                )
                used.update(id(s) for s in allsegs)
                used.update(absorbed)
                i = j
                continue
        i += 1
    return tables, used


def _min_conf(segs: Sequence[Seg]) -> float | None:
    c = [s.conf for s in segs if s.conf is not None]
    return min(c) if c else None


# -- chart-axis debris ------------------------------------------------------------------------
def find_axis_debris(segs: Sequence[Seg]) -> set[int]:
    """Ids of segments that are chart-axis labels: ≥ 3 short numeric/date tokens stacked on a
    common left or right edge, or ≥ 3 in a row."""
    cand = [
        s
        for s in segs
        if all(_AXIS_TOKEN.match(t) for t in s.text.split()) and (len(s.text) <= 12 or len(s.text.split()) >= 3)
    ]
    out: set[int] = set()
    for edge in ("x0", "x1"):
        groups: dict[int, list[Seg]] = {}
        for s in cand:
            groups.setdefault(round(getattr(s, edge) / 4), []).append(s)
        for g in groups.values():
            if len(g) >= 3:
                out.update(id(s) for s in g)
    for row in group_rows(cand):
        if len(row) >= 3:
            out.update(id(s) for s in row)
    for s in cand:  # one segment holding a whole axis: "2021-07 2022-01 2022-07"
        if len(s.text.split()) >= 3:
            out.add(id(s))
    return out


# -- columns -------------------------------------------------------------------------------------
def find_separators(
    boxes: Sequence[tuple[float, float, float, float]],
    width: float,
    res: float = 2.0,
    min_gap: float = 9.0,
    min_height: float = 0.3,
) -> list[tuple[float, float, float]]:
    """Vertical whitespace strips ``(x, y0, y1)`` that separate columns.

    A strip at least ``min_gap`` wide, free of boxes over at least ``min_height`` of the
    text's height (and 4 lines), with text on both sides over that height.
    """
    if len(boxes) < 4:
        return []
    ys0 = min(b[1] for b in boxes)
    ys1 = max(b[3] for b in boxes)
    nx = int(width / res) + 2
    ny = int((ys1 - ys0) / res) + 2
    occ = np.zeros((ny, nx), dtype=np.int32)
    for x0, y0, x1, y1 in boxes:
        occ[int((y0 - ys0) / res) : int((y1 - ys0) / res) + 1, max(0, int(x0 / res)) : min(nx, int(x1 / res) + 1)] = 1
    k = max(1, int(min_gap / res))
    cs = np.concatenate([np.zeros((ny, 1), dtype=np.int32), np.cumsum(occ, axis=1)], axis=1)
    free = (cs[:, k:] - cs[:, :-k]) == 0  # free[y, x]: bins x..x+k-1 empty at y
    med_h = statistics.median(b[3] - b[1] for b in boxes)
    need = max(min_height * (ys1 - ys0), 4 * med_h) / res
    # longest vertical run of free cells per x (run length ending at each row, then its max)
    run = np.zeros(free.shape[1], dtype=np.int32)
    best = np.zeros(free.shape[1], dtype=np.int32)
    best_end = np.zeros(free.shape[1], dtype=np.int32)
    for y in range(free.shape[0]):
        run = (run + 1) * free[y]
        better = run > best
        best = np.where(better, run, best)
        best_end = np.where(better, y + 1, best_end)
    cands: list[tuple[int, int, int]] = [
        (int(x), int(best_end[x] - best[x]), int(best_end[x])) for x in np.flatnonzero(best >= need)
    ]
    # contiguous candidates with the same free run are one whitespace rectangle
    rects: list[list[tuple[int, int, int]]] = []
    for c in cands:
        r = rects[-1] if rects else None
        if r and c[0] == r[-1][0] + 1 and abs(c[1] - r[-1][1]) <= 2 and abs(c[2] - r[-1][2]) <= 2:
            r.append(c)
        else:
            rects.append([c])
    seps: list[tuple[float, float, float]] = []
    for rect in rects:
        mid = rect[len(rect) // 2]
        x = (mid[0] + k / 2) * res
        ya, yb = ys0 + mid[1] * res, ys0 + mid[2] * res
        left = [b for b in boxes if b[2] <= x and b[3] > ya and b[1] < yb]
        right = [b for b in boxes if b[0] >= x and b[3] > ya and b[1] < yb]
        tall = (yb - ya) >= 0.5 * (ys1 - ys0)
        # A shorter strip separates columns only when the two sides are not rows of one
        # block (label ··· value pairs on the same baselines).
        if len(left) >= 2 and len(right) >= 2 and (tall or _row_aligned(left, right) < 0.5):
            seps.append((x, ya, yb))
    # strips with no column between them (one gap cut in pieces by box edges): keep the tallest
    merged: list[tuple[float, float, float]] = []
    for sep in seps:
        if merged and not any(merged[-1][0] - 1 <= b[0] and b[2] <= sep[0] + 1 for b in boxes):
            if sep[2] - sep[1] > merged[-1][2] - merged[-1][1]:
                merged[-1] = sep
            continue
        merged.append(sep)
    seps = merged
    # a strip between two narrow columns whose boxes pair up row by row is a key-value gap
    changed = True
    while changed and len(seps) > 0:
        changed = False
        xs = [0.0] + [x for x, _, _ in seps] + [width]
        cols = [[b for b in boxes if xs[i] <= (b[0] + b[2]) / 2 < xs[i + 1]] for i in range(len(xs) - 1)]
        widths = [(max(b[2] for b in c) - min(b[0] for b in c)) if c else 0.0 for c in cols]
        wmax = max(widths)
        for i, (_x, ya, yb) in enumerate(seps):
            lc = [b for b in cols[i] if b[3] > ya and b[1] < yb]
            rc = [b for b in cols[i + 1] if b[3] > ya and b[1] < yb]
            if widths[i] < 0.6 * wmax and widths[i + 1] < 0.6 * wmax and _row_aligned(lc, rc) >= 0.5:
                del seps[i]
                changed = True
                break
    return seps


def _row_aligned(left: list, right: list) -> float:
    """Share of the boxes just left of a strip that have a box on the same line right of it."""
    if not left:
        return 0.0
    hit = 0
    for a in left:
        for b in right:
            ov = min(a[3], b[3]) - max(a[1], b[1])
            if ov > 0.5 * min(a[3] - a[1], b[3] - b[1]):
                hit += 1
                break
    return hit / len(left)


# -- paragraphs ----------------------------------------------------------------------------------
def _join(a: str, b: str) -> str:
    if not a:
        return b
    if _CJK.match(a[-1]) or _CJK.match(b[:1]) or a.endswith("-"):
        return a + b
    return f"{a} {b}"


def paragraphs(
    rows: list[list[Seg]], *, itemized: bool = False
) -> list[tuple[list[str], list[Seg], list[tuple[int, int, float | None]]]]:
    """Rows of one column (top to bottom) → paragraphs as (lines, segments, row spans).

    ``itemized`` (sidebars): a line starting with a short label and a colon (``评级：``)
    starts a new item.

    A paragraph is one line of text; rows with several segments become TAB lines and are
    grouped with neighbouring TAB lines into one multi-line block. Row spans are
    ``(start, end, confidence)`` of each row inside the block's text.
    """
    if not rows:
        return []
    left = min(s.x0 for r in rows for s in r)
    right = max(s.x1 for r in rows for s in r)
    hs = [max(s.h for s in r) for r in rows]
    gaps = [min(s.y0 for s in rows[i + 1]) - max(s.y1 for s in rows[i]) for i in range(len(rows) - 1)]
    small = [g for g in gaps if g > -5]
    med_gap = statistics.median(small) if small else 0.0
    out: list[tuple[list[str], list[Seg], list[tuple[int, int, float | None]]]] = []
    cur: list[str] = []
    cur_segs: list[Seg] = []
    spans: list[tuple[int, int, float | None]] = []
    cur_tab = False

    def flush() -> None:
        nonlocal cur, cur_segs, spans
        if cur:
            out.append((cur, cur_segs, spans))
        cur, cur_segs, spans = [], [], []

    for i, r in enumerate(rows):
        tab = len(r) > 1
        text = "\t".join(s.text for s in r)
        h = hs[i]
        if cur:
            prev = rows[i - 1]
            gap = gaps[i - 1]
            ph = hs[i - 1]
            brk = (
                gap > max(0.8 * min(h, ph), 1.6 * med_gap + 1.0)
                or abs(h - ph) > (0.35 if r[0].conf is not None else 0.2) * max(h, ph)  # OCR boxes jitter
                or tab != cur_tab
                or (not tab and r[0].x0 > left + 1.5 * h and prev[0].x0 <= left + 0.5 * h)
                or (not tab and max(s.x1 for s in prev) < right - max(2.0 * ph, 0.1 * (right - left)))
                or (not tab and bool(_CAPTION.match(r[0].text) or _LIST_START.match(r[0].text)))
                or (itemized and not tab and bool(_LABEL_START.match(r[0].text)))
            )
            if brk:
                flush()
        cur_tab = tab
        conf = _min_conf(r)
        if tab:
            start = sum(len(x) + 1 for x in cur)
            cur.append(text)
        elif cur:
            joined = _join(cur[0], text)
            start = len(joined) - len(text)
            cur[0] = joined
        else:
            start = 0
            cur.append(text)
        spans.append((start, start + len(text), conf))
        cur_segs.extend(r)
    flush()
    return out


def _bbox(segs: Sequence[Seg]) -> tuple[float, float, float, float]:
    return (min(s.x0 for s in segs), min(s.y0 for s in segs), max(s.x1 for s in segs), max(s.y1 for s in segs))


# -- the page -------------------------------------------------------------------------------------
def analyze_page(
    segs: Sequence[Seg],
    width: float,
    height: float,
    running: set[str] | None = None,
    *,
    margin: float = 0.1,
    sidebar_ratio: float = 0.6,
    lone_page: bool = False,
) -> list[LBlock]:
    """The page's blocks in reading order (see the module docstring).

    ``lone_page``: the document has one page, so repetition cannot reveal running headers;
    small-print lines in the outer 5 % of the page are taken as header/footer instead.
    """
    running = running or set()
    clean: list[Seg] = []
    dropped: list[LBlock] = []
    small = 1.1 * statistics.median(s.h for s in segs) if lone_page and segs else 0.0
    marked: list[Seg] = []
    for s in segs:
        text = TEMPLATE_MARKER.sub("", s.text).strip()
        if text:
            marked.append(Seg(text, s.x0, s.y0, s.x1, s.y1, s.conf))
    # Tables first: a row of a table that continues page after page at the same height is
    # not a running header. Page numbers go before, so that they cannot join a table.
    pnum = {
        id(s) for s in marked if (s.y1 < margin * height or s.y0 > (1 - margin) * height) and PAGE_NUMBER.match(s.text)
    }
    tables, used = find_tables([s for s in marked if id(s) not in pnum])
    for s in marked:
        if id(s) in used:
            continue
        kind = _is_running(s, running, width, height, margin)
        if (
            not kind
            and lone_page
            and (s.h <= small or s.conf is not None)
            and (s.y1 < 0.05 * height or s.y0 > 0.95 * height)
        ):
            # small print at the edge, set apart from the text (not the last line of a full page)
            near = [o for o in marked if o is not s and o.y0 < s.y1 + 2 * s.h and o.y1 > s.y0 - 2 * s.h]
            if all(min(o.y1, s.y1) - max(o.y0, s.y0) > 0.5 * min(o.h, s.h) for o in near):  # only its own row
                kind = "header" if s.cy < height / 2 else "footer"
        if kind:
            dropped.append(LBlock(kind, (s.x0, s.y0, s.x1, s.y1), [s.text], confidence=s.conf))
        else:
            clean.append(s)
    rest = [s for s in clean if id(s) not in used]
    debris = find_axis_debris(rest)
    for s in rest:
        if id(s) in debris:
            dropped.append(LBlock("figure", (s.x0, s.y0, s.x1, s.y1), [], confidence=s.conf))
    rest = [s for s in rest if id(s) not in debris]
    boxes = [(s.x0, s.y0, s.x1, s.y1) for s in rest] + [t.bbox for t in tables]
    seps = find_separators(boxes, width) if rest else []
    sep_x = sorted(x for x, _, _ in seps)

    # Items (segments and tables) with a column index, or None when they cross a separator.
    def column_of(x0: float, x1: float) -> int | None:
        if any(x0 < x < x1 for x in sep_x):
            return None
        return sum(1 for x in sep_x if (x0 + x1) / 2 > x)

    items: list[tuple[int | None, float, object]] = []
    for s in rest:
        items.append((column_of(s.x0, s.x1), s.y0, s))
    for t in tables:
        items.append((column_of(t.bbox[0], t.bbox[2]), t.bbox[1], t))
    # bands: runs of spanning items cut the page horizontally
    items.sort(key=lambda it: it[1])
    band_ids: list[int] = []
    band, prev_span = 0, None
    for c, _, _ in items:
        span = c is None
        if prev_span is not None and span != prev_span:
            band += 1
        band_ids.append(band)
        prev_span = span

    ncol = len(sep_x) + 1
    widths = [0.0] * ncol
    for c in range(ncol):
        xs = [(o.x0, o.x1) if isinstance(o, Seg) else (o.bbox[0], o.bbox[2]) for cc, _, o in items if cc == c]
        if xs:
            widths[c] = max(b for _, b in xs) - min(a for a, _ in xs)
    wmax = max(widths) if widths else 0.0
    side = {c for c in range(ncol) if ncol > 1 and widths[c] < sidebar_ratio * wmax}

    main: list[LBlock] = []
    sidebar: list[LBlock] = []
    # group: (band, column) → items; spanning items are their own groups
    groups: dict[tuple[int, int], list] = {}
    for (c, _, o), b in zip(items, band_ids, strict=True):
        groups.setdefault((b, -1 if c is None else c), []).append(o)
    for key in sorted(groups):
        b, c = key
        col = None if c < 0 else c
        kind = "sidebar" if col in side else "main"
        target = sidebar if kind == "sidebar" else main
        objs = sorted(groups[key], key=lambda o: o.y0 if isinstance(o, Seg) else o.bbox[1])
        # split at tables: text runs around them become paragraphs
        run: list[Seg] = []
        for o in objs + [None]:
            if isinstance(o, Seg):
                run.append(o)
                continue
            if run:
                for lines, psegs, spans in paragraphs(group_rows(run), itemized=kind == "sidebar"):
                    k = "caption" if _CAPTION.match(lines[0]) else kind
                    cs = [x[2] for x in spans if x[2] is not None]
                    target.append(
                        LBlock(k, _bbox(psegs), lines, col, min(cs) if cs else None, [x[2] for x in spans], spans)
                    )
                run = []
            if isinstance(o, LBlock):
                o.column = col
                target.append(o)
    return main + sidebar + dropped
