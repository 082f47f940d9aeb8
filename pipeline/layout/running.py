"""Running headers, footers, page numbers and watermarks, found across pages."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.layout.boxes import PAGE_NUMBER, Seg, running_key


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


def is_running(s: Seg, keys: set[str], w: float, h: float, margin: float) -> str | None:
    """``header``/``footer`` when ``s`` is a running element or a page number, else None."""
    k = running_key(s.text)
    top = s.y1 < margin * h
    bottom = s.y0 > (1 - margin) * h
    pos_key = _position_key(s)
    if ((top or bottom) and (k in keys or PAGE_NUMBER.match(s.text.strip()))) or (pos_key and pos_key in keys):
        return "header" if s.cy < h / 2 else "footer"
    return None
