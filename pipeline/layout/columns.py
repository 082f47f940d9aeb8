"""Columns, sidebars and paragraphs; :func:`analyze_page` puts a page in reading order."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import numpy as np

from pipeline.layout.boxes import (
    CAPTION,
    LABEL_START,
    LIST_START,
    PAGE_NUMBER,
    TEMPLATE_MARKER,
    LBlock,
    Seg,
    group_rows,
    join_text,
    min_conf,
    union_bbox,
)
from pipeline.layout.running import is_running
from pipeline.layout.tables import find_axis_debris, find_tables


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
                or (not tab and bool(CAPTION.match(r[0].text) or LIST_START.match(r[0].text)))
                or (itemized and not tab and bool(LABEL_START.match(r[0].text)))
            )
            if brk:
                flush()
        cur_tab = tab
        conf = min_conf(r)
        if tab:
            start = sum(len(x) + 1 for x in cur)
            cur.append(text)
        elif cur:
            joined = join_text(cur[0], text)
            start = len(joined) - len(text)
            cur[0] = joined
        else:
            start = 0
            cur.append(text)
        spans.append((start, start + len(text), conf))
        cur_segs.extend(r)
    flush()
    return out


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
        kind = is_running(s, running, width, height, margin)
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
                    k = "caption" if CAPTION.match(lines[0]) else kind
                    cs = [x[2] for x in spans if x[2] is not None]
                    target.append(
                        LBlock(k, union_bbox(psegs), lines, col, min(cs) if cs else None, [x[2] for x in spans], spans)
                    )
                run = []
            if isinstance(o, LBlock):
                o.column = col
                target.append(o)
    return main + sidebar + dropped
