"""Table numbers with a wrong separator (evidence 5).

A cell whose separator pattern disagrees with its row and column (``44.700`` among
``41,500`` and ``61,200``; ``70,2`` among ``70.7`` and ``62.8``) has one alternative
reading. It is repaired only when an accounting identity of the same table holds with the
alternative and fails with the printed figure:

- *sum of parts*: a row equals the sum of the contiguous rows above it in every column
  (CFO = net income + D&A + working-capital change + other adjustments; total current
  assets = the rows above);
- *two-row identities*: a row equals another row plus or minus a third in every column
  (FCF = CFO − capex, capex printed negative);
- *growth*: a ``YoY%`` / 增長率 row under a figure row equals change / prior, rounded as
  printed.

The identities are found, not configured: any row triple or contiguous block that balances
in the other columns counts, and ``reason`` names it with the table's own labels.
Anomalies no identity confirms become ``unrepaired`` flags (nothing changes).

The table is read from the TAB-separated lines of the normalized text (exact offsets); the
``tables`` stage's ``doc.tables`` cells are updated when the repair is applied.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from pipeline.repair import Proposal

_NUM = re.compile(r"^(\()?(-)?(\d[\d,]*)(?:\.(\d+))?(\))?(%)?$")
_THOUSANDS = re.compile(r"^\(?-?\d{1,3}(,\d{3})+\)?$")
_DOT3 = re.compile(r"^(\(?-?)(\d{1,3})\.(\d{3})(\)?)$")
_COMMA_DEC = re.compile(r"^(\(?-?)(\d{1,3}),(\d{1,2})(\)?%?)$")
_DEC = re.compile(r"^\(?-?\d+\.\d{1,2}\)?%?$")
_GROWTH = re.compile(r"yoy|y-o-y|growth|增長|增长|同比|按年", re.I)


@dataclass
class Cell:
    text: str
    start: int  # offset of the cell text in the normalized text
    value: float | None
    decimals: int


@dataclass
class Row:
    label: str
    cells: list[Cell]
    line_start: int


def parse_number(s: str) -> tuple[float | None, int]:
    t = s.strip().rstrip("*").strip()
    m = _NUM.match(t)
    if not m:
        return None, 0
    lp, neg, ip, dp, rp, _pct = m.groups()
    if (lp is None) != (rp is None):
        return None, 0
    if "," in ip and not re.fullmatch(r"\d{1,3}(,\d{3})+", ip):
        return None, 0
    v = float(ip.replace(",", "") + ("." + dp if dp else ""))
    if lp or neg:
        v = -v
    return v, len(dp or "")


def read_tables(text: str) -> list[list[Row]]:
    """Blocks of consecutive TAB lines, each a list of rows (label + numeric cells)."""
    tables: list[list[Row]] = []
    cur: list[Row] = []
    pos = 0
    for line in text.split("\n"):
        if "\t" in line:
            parts = line.split("\t")
            cells = []
            off = pos + len(parts[0]) + 1
            for part in parts[1:]:
                lead = len(part) - len(part.lstrip())
                v, dp = parse_number(part)
                cells.append(Cell(part.strip(), off + lead, v, dp))
                off += len(part) + 1
            cur.append(Row(parts[0].strip(), cells, pos))
        elif cur and line.strip() == "":
            pass  # a blank line inside a table block does not end it
        elif cur:
            tables.append(cur)
            cur = []
        pos += len(line) + 1
    if cur:
        tables.append(cur)
    return tables


def _alternative(cell: Cell, row: Row, col_peers: list[Cell]) -> tuple[str, float] | None:
    # the row decides when it has enough figures (a ratio row under a block of amounts)
    peers = [c for c in row.cells if c is not cell and c.value is not None]
    if len(peers) < 2:
        peers += [c for c in col_peers if c.value is not None]
    if len(peers) < 2:
        return None
    thousands = sum(1 for c in peers if _THOUSANDS.match(c.text))
    decimals = sum(1 for c in peers if _DEC.match(c.text))
    m = _DOT3.match(cell.text)
    if m and thousands >= max(2, len(peers) // 2):
        new = f"{m.group(1)}{m.group(2)},{m.group(3)}{m.group(4)}"
        v, _ = parse_number(new)
        return (new, v) if v is not None else None
    m = _COMMA_DEC.match(cell.text.rstrip("*"))
    if m and decimals >= max(2, len(peers) // 2):
        new = f"{m.group(1)}{m.group(2)}.{m.group(3)}{m.group(4)}" + ("*" if cell.text.endswith("*") else "")
        v, _ = parse_number(new)
        return (new, v) if v is not None else None
    return None


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9


def _values(rows: list[Row], ncol: int, override: dict[tuple[int, int], float]) -> list[list[float | None]]:
    out = []
    for r, row in enumerate(rows):
        vals: list[float | None] = []
        for c in range(ncol):
            if (r, c) in override:
                vals.append(override[(r, c)])
            elif c < len(row.cells):
                vals.append(row.cells[c].value)
            else:
                vals.append(None)
        out.append(vals)
    return out


def _unit(rows: list[Row], r: int) -> float:
    dps = [c.decimals for c in rows[r].cells if c.value is not None]
    return 10.0 ** -(max(dps) if dps else 0)


def _identities(rows: list[Row], r0: int, c0: int, alt: float, ncol: int) -> list[str]:
    """Identities that hold with ``alt`` at (r0, c0) and fail with the printed value."""
    new = _values(rows, ncol, {(r0, c0): alt})
    old = _values(rows, ncol, {})
    found: list[str] = []
    numeric_rows = [
        r for r in range(len(rows)) if sum(v is not None for v in new[r]) >= 2 and not _GROWTH.search(rows[r].label)
    ]

    def holds(vals, target: int, terms: list[tuple[int, int]], cols) -> bool:
        for c in cols:
            t = vals[target][c]
            parts = [vals[r][c] for r, _ in terms]
            if t is None or any(p is None for p in parts):
                return False
            s = sum(sign * p for (_, sign), p in zip(terms, parts, strict=True))
            tol = _unit(rows, target) * (len(terms) + 1) * 0.5 + max(abs(t), 1) * 1e-6
            if not _close(t, s, tol):
                return False
        return True

    def cols_for(target, terms):
        rs = [target] + [r for r, _ in terms]
        return [c for c in range(ncol) if all(new[r][c] is not None for r in rs)]

    # 1. sum of a contiguous block of rows directly above a total
    for t in numeric_rows:
        for a in range(t - 2, max(-1, t - 9), -1):
            block = list(range(a, t))
            if r0 not in block and r0 != t:
                continue
            if any(r not in numeric_rows for r in block):
                break
            terms = [(r, 1) for r in block]
            cols = cols_for(t, terms)
            if c0 not in cols or len(cols) < 2:
                continue
            if holds(new, t, terms, cols) and not holds(old, t, terms, [c0]):
                found.append(
                    f"{rows[t].label} = "
                    + " + ".join(rows[r].label for r in block)
                    + f" (sum of parts, all {len(cols)} columns)"
                )
                break
    # 2. two-row identities T = A ± B, one of them the suspect row; each triple is named once,
    #    with the total below its parts when the table prints it that way
    seen: set[frozenset[int]] = set()
    triples = sorted(itertools.permutations(numeric_rows, 3), key=lambda x: (-(x[0] > max(x[1], x[2])), x))
    for t, a, b in triples:
        if r0 not in (t, a, b) or frozenset((t, a, b)) in seen:
            continue
        for sign in (1, -1):
            if sign == 1 and a > b:
                continue
            terms = [(a, 1), (b, sign)]
            cols = cols_for(t, terms)
            if c0 not in cols or len(cols) < 2:
                continue
            if holds(new, t, terms, cols) and not holds(old, t, terms, [c0]):
                seen.add(frozenset((t, a, b)))
                op = "+" if sign == 1 else "−"
                found.append(f"{rows[t].label} = {rows[a].label} {op} {rows[b].label} (all {len(cols)} columns)")
    # 3. growth row under the suspect row
    if r0 + 1 < len(rows) and _GROWTH.search(rows[r0 + 1].label):
        g = rows[r0 + 1]
        checks_new = checks_old = 0
        checked = 0
        for c in (c0, c0 + 1):
            if c < 1 or c >= ncol or c >= len(g.cells) or g.cells[c].value is None:
                continue
            cur_n, prev_n = new[r0][c], new[r0][c - 1]
            cur_o, prev_o = old[r0][c], old[r0][c - 1]
            if None in (cur_n, prev_n, cur_o, prev_o) or prev_n == 0 or prev_o == 0:
                continue
            printed, dp = g.cells[c].value, g.cells[c].decimals
            tol = 0.5 * 10**-dp + 0.01
            checked += 1
            checks_new += _close((cur_n / abs(prev_n) - prev_n / abs(prev_n)) * 100, printed, tol)
            checks_old += _close((cur_o / abs(prev_o) - prev_o / abs(prev_o)) * 100, printed, tol)
        if checked and checks_new == checked and checks_old < checked:
            found.append(f"{g.label} = change / prior of {rows[r0].label}")
    return list(dict.fromkeys(found))


def propose(text: str) -> list[Proposal]:
    out: list[Proposal] = []
    for t_index, rows in enumerate(read_tables(text)):
        ncol = max(len(r.cells) for r in rows)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.cells):
                if not (_DOT3.match(cell.text) or _COMMA_DEC.match(cell.text.rstrip("*"))):
                    continue
                col_peers = [
                    rows[k].cells[c]
                    for k in range(max(0, r - 6), min(len(rows), r + 7))
                    if k != r and c < len(rows[k].cells)
                ]
                alt = _alternative(cell, row, col_peers)
                if alt is None:
                    continue
                new_text, new_val = alt
                ids = _identities(rows, r, c, new_val, ncol)
                cell_ref = {
                    "table_block": t_index,
                    "row": row.label,
                    "column": c,
                    "old": cell.text,
                    "text": new_text,
                    "value": new_val,
                }
                if ids:
                    out.append(
                        Proposal(
                            cell.start,
                            cell.start + len(cell.text),
                            new_text,
                            "table_number",
                            0.96 if len(ids) > 1 else 0.92,
                            f"separator disagrees with its row/column; {cell.text} read as {new_text}, confirmed by "
                            + "; ".join(ids),
                            table_cell=cell_ref,
                        )
                    )
                else:
                    out.append(
                        Proposal(
                            cell.start,
                            cell.start + len(cell.text),
                            cell.text,
                            "unrepaired",
                            0.5,
                            f"table number: separator disagrees with its row/column (maybe {new_text}), "
                            "but no identity of the table confirms it",
                            flag=True,
                            table_cell=cell_ref,
                        )
                    )
    return out
