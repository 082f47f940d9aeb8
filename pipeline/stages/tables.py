"""Parse TAB-separated table blocks of ``text.normalized`` into ``doc.tables``.

Assigns ``tables``. One parser for every source: OCR'd text reports carry their tables as
TAB-separated lines, and ``extract_pdf`` writes the tables it finds in PDFs the same way.

- A block is a run of consecutive lines that contain a TAB. Key-value blocks
  (``label<TAB>value``) are tables too, with ``columns`` empty when there is no header.
- The header row is the first row whose cells are mostly periods (``FY2023``, ``FY 2024``,
  ``2025E``, ``2024A`` …) → ``columns`` and ``periods`` (``year``, ``forecast``, and
  ``fiscal_year_end`` from a corner such as ``Yr ended 31 Mar``), or a row of text over rows
  of numbers.
- Label-only rows (``Income Statement (CNY'm)<TAB><TAB>``) are sections: they set ``section``
  on the rows that follow and are not rows themselves.
- ``title`` is the short line above the block; ``unit``/``currency``/``multiplier`` come from
  the title, the line(s) just above or below the block, the corner cell or a section
  (``(CNY'm)`` → CNY, 1e6; ``百萬元`` → 1e6; ``億元`` → 1e8).
- Cells keep their text; ``value`` is the printed number (:func:`pipeline.tables_parse.parse_cell`),
  ``flags`` say how it was read. A dot where a thousands comma belongs (``163.509`` among
  ``199,752``) is *not* fixed here: the cell keeps its text, ``value`` None, flag
  ``suspect_separator`` — the repair stage decides.
- A table that continues on the next page (same columns, header repeated or not, nothing
  but headings/captions between) is merged into one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Document, Table, TableCell, TableRow
from pipeline.registry import StageOptions, register_stage
from pipeline.tables_parse import (
    is_period,
    is_suspect_separator,
    parse_cell,
    parse_fiscal_year_end,
    parse_period,
    parse_unit,
)

_SECTION_WORD = re.compile(
    r"statement|sheet|ratios?|flow|summary|per share|valuation|表$|指標|指标|比率|估值|每股", re.I
)
_CAPTION = re.compile(r"^(?:圖|图|圖表|图表|表|Figure|Exhibit|Table)\s*\d")
_PROSE_END = re.compile(r"[。！？；]$|[.!?]$")
_SOURCE_ONLY = re.compile(r"^(?:來源|来源|資料來源|资料来源|數據來源|数据来源|Source)\s*[:：]")
# a line that is (mostly) a unit: "单位：百万元", "(百萬元)", "(RMB m)", "HK$ mn"
_UNIT_LINE = re.compile(
    r"^[(（]?\s*(?:(?:單位|单位)\s*[:：]?.{0,12}|(?:千萬|千万|百萬|百万|億|亿|萬|万|千)?(?:元|港元|美元|人民幣|人民币)|"
    r"(?:HK\$|US\$|HKD|USD|CNY|RMB|Rmb)\s*['’]?\s*(?:m|mn|bn|k|'000)|[^()（）]{0,20}[(（](?:CNY|RMB|HKD|USD|HK\$|US\$)['’ ]?(?:m|mn|bn)[)）])\s*[)）]?$",
    re.I,
)


class TablesOptions(StageOptions):
    min_rows: int = 2  # a TAB block with fewer rows is not a table
    merge_pages: bool = True  # merge a table continued on the next page


@dataclass
class _Block:
    lines: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, text)


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


@register_stage("tables", requires={"text.normalized"}, assigns={"tables"}, options=TablesOptions)
class Tables:
    """Tables from TAB-separated blocks: title, unit, currency, multiplier, period columns, rows of parsed cells."""

    def __init__(self, options: TablesOptions | None = None) -> None:
        self.options = options or TablesOptions()

    def __call__(self, doc: Document) -> Document:
        text = doc.text.normalized
        lines = _lines(text)
        tables: list[tuple[Table, int, int]] = []  # table, first line index, last line index
        i = 0
        while i < len(lines):
            if "\t" not in lines[i][2]:
                i += 1
                continue
            j = i
            while j < len(lines):
                if "\t" in lines[j][2]:
                    j += 1
                elif j + 1 < len(lines) and "\t" in lines[j + 1][2] and _UNIT_LINE.match(lines[j][2].strip()):
                    j += 1  # a unit line between the header and the rows belongs to the table
                else:
                    break
            table = self._table(doc, lines, i, j)
            if table is not None:
                tables.append((table, i, j - 1))
            i = j
        if self.options.merge_pages:
            tables = self._merge(doc, lines, tables)
        doc.tables = [t for t, _, _ in tables]
        return doc

    # -- one block ---------------------------------------------------------------------------
    def _table(self, doc: Document, lines: list[tuple[int, int, str]], i: int, j: int) -> Table | None:
        raw = [ln[2].split("\t") for ln in lines[i:j]]
        if len(raw) < self.options.min_rows and not (raw and sum(1 for c in raw[0] if c.strip()) >= 2):
            return None
        width = max(len(r) for r in raw)
        rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in raw]
        # a first column that is empty (or stray punctuation) in most rows: drop it
        if width > 1 and sum(1 for r in rows if not re.search(r"\w", r[0])) >= 0.8 * len(rows):
            rows = [r[1:] for r in rows]
            width -= 1
        table = Table()
        # title and unit from the lines around the block
        above = _context_above(lines, i)
        below = lines[j][2].strip() if j < len(lines) else ""
        unit_lines = [t for t in above if _UNIT_LINE.match(t)]
        titles = [t for t in above if t not in unit_lines and not _SOURCE_ONLY.match(t)]
        if titles:
            captions = [t for t in titles if _CAPTION.match(t)]
            table.title = re.sub(r"^#+\s*", "", captions[0] if captions else titles[-1])
        # header row
        header_idx = None
        for k, r in enumerate(rows[:3]):
            cells = [c for c in r[1:] if c]
            if len(cells) >= 1 and sum(1 for c in cells if is_period(c)) >= max(1, 0.6 * len(cells)):
                header_idx = k
                break
        if header_idx is None and len(rows) >= 2:
            first = [c for c in rows[0][1:] if c]
            if (
                len(first) >= 2
                and all(parse_cell(c)[1] == ["text"] for c in first)
                and any(parse_cell(c)[0] is not None for r in rows[1:] for c in r[1:])
            ):
                header_idx = 0
        corner = ""
        if header_idx is not None:
            hdr = rows[header_idx]
            corner = hdr[0]
            table.columns = hdr[1:]
            fye = parse_fiscal_year_end(corner) or (parse_fiscal_year_end(table.title) if table.title else None)
            periods = []
            for c in table.columns:
                p = parse_period(c)
                if p is not None and fye:
                    p["fiscal_year_end"] = fye
                periods.append(p)
            table.periods = periods
        # unit: title, line above, corner, sections, line below
        for cand in [
            *unit_lines,
            table.title or "",
            corner,
            *[r[0] for r in rows if not any(r[1:])],
            below,
            rows[0][0],
        ]:
            u = parse_unit(cand) if cand else None
            if u:
                table.unit, table.currency, table.multiplier = u
                break
        # rows
        section = None
        header = rows[header_idx] if header_idx is not None else None
        for k, r in enumerate(rows):
            if k == header_idx or (header is not None and r == header):
                continue
            label, cells = r[0], r[1:]
            if label and not any(cells):
                u = parse_unit(label)
                if u and not re.sub(r"[\s()（）:：]|單位|单位", "", label.replace(u[0], "")):
                    # "(百万元)" under the header: the unit, not a section
                    if table.unit is None:
                        table.unit, table.currency, table.multiplier = u
                    continue
                section = label
                continue
            parsed = [parse_cell(c) for c in cells]
            if label and _SECTION_WORD.search(label) and len(label) <= 30 and any("unparsed" in f for _, f in parsed):
                section = label  # a section heading with OCR debris in its cells
                doc.warnings.append(f"table row {label!r}: cells {cells} look like debris; read as a section heading")
                continue
            if not label and all(v is None for v, _ in parsed):
                continue  # a row of debris
            row = TableRow(
                label=label,
                section=section,
                cells=[TableCell(text=c, value=v, flags=f) for c, (v, f) in zip(cells, parsed, strict=True)],
            )
            table.rows.append(row)
        if not table.rows:
            return None
        _flag_separators(table)
        start, end = lines[i][0], lines[j - 1][1]
        span = doc.span(start, end)
        table.start, table.end, table.orig_start, table.orig_end = (
            span["start"],
            span["end"],
            span["orig_start"],
            span["orig_end"],
        )
        table.page = doc.page_at(start)
        return table

    # -- continued tables ------------------------------------------------------------------------
    def _merge(
        self, doc: Document, lines: list[tuple[int, int, str]], tables: list[tuple[Table, int, int]]
    ) -> list[tuple[Table, int, int]]:
        out: list[tuple[Table, int, int]] = []
        for t, a, b in tables:
            if out:
                p, pa, pb = out[-1]
                between = [ln[2].strip() for ln in lines[pb + 1 : a] if ln[2].strip()]
                ncols_p = max((len(r.cells) for r in p.rows), default=0)
                ncols_t = max((len(r.cells) for r in t.rows), default=0)
                same_header = not t.columns or t.columns == p.columns
                if (
                    p.page is not None
                    and t.page == doc.page_at(max(p.start or 0, (p.end or 1) - 1)) + 1
                    and ncols_p == ncols_t
                    and same_header
                    and len(between) <= 3
                    and not any(len(x) > 40 or (_PROSE_END.search(x) and len(x) > 15) for x in between)
                ):
                    last_section = p.rows[-1].section if p.rows else None
                    for r in t.rows:
                        if r.section is None and last_section is not None and not t.columns:
                            r.section = last_section
                    p.rows.extend(t.rows)
                    p.end, p.orig_end = t.end, t.orig_end
                    if p.unit is None and t.unit is not None:
                        p.unit, p.currency, p.multiplier = t.unit, t.currency, t.multiplier
                    out[-1] = (p, pa, b)
                    continue
            out.append((t, a, b))
        return out


def _context_above(lines: list[tuple[int, int, str]], i: int) -> list[str]:
    """Up to two short lines (headings, captions, unit lines) right above line ``i``, nearest last."""
    out: list[str] = []
    blank = 0
    for k in range(i - 1, -1, -1):
        t = lines[k][2].strip()
        if not t:
            blank += 1
            if blank > 2:
                break
            continue
        if "\t" in t or len(t) > 60 or (_PROSE_END.search(t) and len(t) > 25):
            break
        out.insert(0, t)
        blank = 0
        if len(out) == 2:
            break
    return out


def _flag_separators(table: Table) -> None:
    """``163.509`` where the row or column uses ``,`` thousands: keep the text, flag it, no value."""
    ncols = max((len(r.cells) for r in table.rows), default=0)
    col_comma = [
        sum(1 for r in table.rows if k < len(r.cells) and re.search(r"\d,\d{3}", r.cells[k].text)) for k in range(ncols)
    ]
    for r in table.rows:
        row_comma = sum(1 for c in r.cells if re.search(r"\d,\d{3}", c.text))
        for k, c in enumerate(r.cells):
            if is_suspect_separator(c.text) and (row_comma >= 1 or col_comma[k] >= 2):
                c.value = None
                c.flags = [f for f in c.flags if f not in ("parenthesized",)] + ["suspect_separator"]
