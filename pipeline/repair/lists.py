"""List structure (evidence 4c): the marks the items of one list share.

Broker reports print risks, catalysts and picks as bullet or numbered items, each ending in
``；`` and the last in ``。``. ``；`` and ``：`` differ by a few pixels, and the item's end
mark is all that is lost: a numbered item ending in ``：`` right before the next item of the
same list (``2.`` … then ``3.`` …) introduces nothing; when another item of the list ends in
``；`` it is read as ``；`` (``item_ends``). So is an unnumbered line ending in ``：`` between two
lines ending in ``；``, where the engine weighed ``；``. (Bullets are not repaired: OCR drops most bullet
shapes at random, so ``normalize`` drops them all.)

No library models list structure in OCR'd text; the rule reads only the document's own
lines, so it is written here.
"""

from __future__ import annotations

import re

from pipeline.repair import Proposal
from pipeline.repair.characters import is_protected

_ITEM_END = "；;"
DASH_SIBLINGS = 4  # lines apart, for the items of one list
SEMICOLON_SEEN = 0.05  # the engine's weight on ； that counts as having seen it
UNNUMBERED_MIN_CHARS = 8  # shorter lines ending in ： are headings (風險提示：)
# a numbered item: 2.  2、  （2）  (2)  2）  （二）  二、
_CN = "一二三四五六七八九十"
_NUMBERED = re.compile(
    rf"^(?:(\d{{1,2}})[.．、)）](?!\d)|[（(](\d{{1,2}})[)）]|[（(]([{_CN}]{{1,3}})[)）]|([{_CN}]{{1,3}})、)"
)


def _number(m: re.Match) -> int:
    """The item's number, Arabic or Chinese (十二 → 12)."""
    if m.group(1) or m.group(2):
        return int(m.group(1) or m.group(2))
    cn = m.group(3) or m.group(4)
    if cn == "十":
        return 10
    tens, _, ones = cn.rpartition("十")
    if "十" not in cn:
        return _CN.index(cn[0]) + 1 if len(cn) == 1 else 0
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def _lines(text: str) -> list[tuple[int, str]]:
    """(start, line) of every non-blank line."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def item_ends(text: str, *, skip, doc=None) -> list[Proposal]:
    out: list[Proposal] = []
    weighed = _semicolons_weighed(doc, text) if doc is not None else {}
    lines = _lines(text)
    numbered = []
    for _start, line in lines:
        m = _NUMBERED.match(line)
        numbered.append((_number(m), _style(line)) if m else None)
    for k in range(1, len(lines) - 1):
        # an unnumbered item (its bullet dropped by normalize) between two items ending in ；
        # (the next may end the list in 。): only where the engine weighed ；
        start, line = lines[k]
        end = start + len(line.rstrip())
        p_engine = weighed.get(end - 1, 0.0)
        if (
            numbered[k] is None
            and p_engine >= SEMICOLON_SEEN
            and len(line.strip()) >= UNNUMBERED_MIN_CHARS
            and line.rstrip()[-1] in "：:"
            and lines[k - 1][1].rstrip()[-1] in _ITEM_END
            and lines[k + 1][1].rstrip()[-1] in "；;。"
            and not skip(end - 1)
        ):
            out.append(
                _semicolon(
                    end,
                    0.9,
                    f"a line ending in '{line.rstrip()[-1]}' between items that end in '；' "
                    f"(the next in '{lines[k + 1][1].rstrip()[-1]}'), and the OCR weighed '；' at {p_engine:.2f}",
                )
            )
    for k in range(len(lines) - 1):
        if numbered[k] is None or numbered[k + 1] is None:
            continue
        (n, style), (n2, style2) = numbered[k], numbered[k + 1]
        start, line = lines[k]
        end = start + len(line.rstrip())
        if n2 != n + 1 or style2 != style or line.rstrip()[-1] not in "：:" or skip(end - 1):
            continue
        siblings = [
            lines[j][1].rstrip()[-1]
            for j in (k - 1, k + 1)
            if 0 <= j < len(lines) and numbered[j] is not None and numbered[j][1] == style
        ]
        if not any(c in _ITEM_END for c in siblings):
            continue
        p_engine = weighed.get(end - 1, 0.0)
        seen = p_engine >= SEMICOLON_SEEN
        why = f"; the OCR weighed '；' at {p_engine:.2f}" if seen else ""
        out.append(
            _semicolon(
                end,
                0.92 if seen else 0.85,
                f"item {n} ends in '{line.rstrip()[-1]}' right before item {n2}, and its "
                f"neighbouring items end in '；'{why}",
            )
        )
    return out


def _semicolon(end: int, confidence: float, why: str) -> Proposal:
    """The item's end mark, the character before ``end``, made ；."""
    return Proposal(end - 1, end, "；", "list", confidence, f"list structure: {why}")


def _semicolons_weighed(doc, text: str) -> dict[int, float]:
    """{position: p} where the OCR engine read a colon and weighed a semicolon."""
    from pipeline.repair.ocr_choices import alternatives_at

    return {s: max(w.values()) for s, w in alternatives_at(doc, text, _ITEM_END, read="：:").items()}


def _style(line: str) -> str:
    """The numbering style of an item: 2. and 3. are one list, （1） and 2. are not."""
    m = _NUMBERED.match(line)
    assert m is not None
    return re.sub(rf"\d+|[{_CN}]+", "N", m.group()).replace("．", ".").replace("(", "（").replace(")", "）")


# a list number glued to a period or a year (1.3Q25业绩回顾, 2.10年期美债): a decimal never
# runs on into a quarter, a half-year or 年期
_GLUED_LABEL = re.compile(r"^(\d{1,2})\.(?=(\d{1,2})(?:[QH]\d{2}|Q[1-4]|H[12]|年期)|(20\d{2})(?:年|[Ee](?![A-Za-z])))")
_SUB_LABEL = re.compile(r"^(\d{1,2})\.(\d{1,2})(?!\d)")


def label_spaces(text: str, *, skip) -> list[Proposal]:
    """The space after a list number, before a number that starts the item (1. 3Q25业绩回顾 read
    as 1.3Q25业绩回顾): the narrow space is lost and the label reads as a decimal. Only where
    what follows is a period or a term (3Q25, 1H25, 10年期, 2025年, 2026E) and the document numbers no
    sub-sections as that decimal would (1.2 before 1.3, 2.9 before 2.10)."""
    lines = _lines(text)
    subs = set()
    for _start, line in lines:
        m = _SUB_LABEL.match(line)
        if m and "\t" not in line:
            subs.add((int(m.group(1)), int(m.group(2))))
    out = []
    for start, line in lines:
        m = _GLUED_LABEL.match(line)
        if not m or "\t" in line or skip(m.end()):
            continue
        n, k = int(m.group(1)), int(m.group(2) or m.group(3))
        if (n, k - 1) in subs or (n, k + 1) in subs:
            continue
        out.append(
            Proposal(
                start + m.end(),
                start + m.end(),
                " ",
                "list",
                0.86,
                f"list structure: the item number '{m.group()}' runs into '{line[m.end() : m.end() + 4]}', a "
                "period or term no decimal continues, and the document numbers no sub-section "
                f"{n}.{k - 1} or {n}.{k + 1}",
            )
        )
    return out


def dash_bullets(lex, text: str, *, skip) -> list[Proposal]:
    """A dash bullet read as the numeral 一 (—全球註冊性研究 → 一全球註冊性研究): normalize
    drops a line-start dash before text, but 一 is a character. It goes where the line's 一
    makes no word with what follows (一季度, 一是 stay) and another item of the list, within
    ``DASH_SIBLINGS`` lines, starts the same way."""
    lines = _lines(text)
    starts = [
        k
        for k, (start, line) in enumerate(lines)
        if line.startswith("一")
        and len(line) > 2
        and (line[1].isascii() and line[1].isalpha() or "\u4e00" <= line[1] <= "\u9fff")
        and not is_protected(lex, text, start)
    ]
    out = []
    for k in starts:
        if not any(j != k and abs(j - k) <= DASH_SIBLINGS for j in starts) or skip(lines[k][0]):
            continue
        out.append(
            Proposal(
                lines[k][0],
                lines[k][0] + 1,
                "",
                "list",
                0.86,
                "list structure: a dash bullet read as '一' — it makes no word with the text after it, "
                "and a neighbouring item starts the same way",
            )
        )
    return out
