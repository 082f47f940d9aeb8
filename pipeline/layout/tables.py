"""Tables and chart-axis debris among a page's segments."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from pipeline.layout.boxes import _AXIS_TOKEN, CAPTION, LBlock, Seg, group_rows, is_numeric_cell, join_text, min_conf


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
                    join_text(lab.text, r[0].text), lab.x0, lab.y0, max(lab.x1, r[0].x1), lab.y1, min_conf([lab, r[0]])
                )
                run[-1] = [merged, *run[-1][1:]]
                absorbed += [id(r[0]), id(lab)]
                j += 1
                continue
            # a label-only section row (or a row of debris) between tabular rows
            if (
                inside
                and all(len(x.text) <= 40 for x in r)
                and not CAPTION.match(r[0].text)
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
                    row_spans.append((pos, pos + len(ln), min_conf(r)))
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
                        line_conf=[min_conf(r) for r in run],
                        row_spans=row_spans,
                    )
                )
                used.update(id(s) for s in allsegs)
                used.update(absorbed)
                i = j
                continue
        i += 1
    return tables, used


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
