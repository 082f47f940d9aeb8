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

# The analysis is split by concern (boxes, running lines, tables, columns); this package
# re-exports the public functions so callers import from ``pipeline.layout``.
from pipeline.layout.boxes import (  # noqa: F401
    CAPTION,
    LABEL_START,
    LIST_START,
    NUMERIC_CELL,
    PAGE_NUMBER,
    TEMPLATE_MARKER,
    LBlock,
    Seg,
    group_rows,
    is_numeric_cell,
    join_text,
    min_conf,
    running_key,
    segments_from_chars,
    union_bbox,
)
from pipeline.layout.columns import (  # noqa: F401
    analyze_page,
    find_separators,
    paragraphs,
)
from pipeline.layout.running import (  # noqa: F401
    find_running,
    is_running,
)
from pipeline.layout.tables import (  # noqa: F401
    find_axis_debris,
    find_tables,
)
