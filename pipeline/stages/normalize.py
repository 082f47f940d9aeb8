"""Normalize width, punctuation, compatibility characters and whitespace.

Assigns ``text.normalized`` (through ``Document.rewrite``, so the offset map follows) and
``meta.script`` / ``meta.language``. Script conversion is a separate stage (``script``) so
that OCR repair can run in between, on the source script, where its visual confusion sets
live.

Choices, and why:

- Full-width letters, digits and ASCII symbols become half-width (ＡＢＣ１２３％ → ABC123%),
  but the CJK punctuation that carries sentence structure (，。！？；：（）「」) stays
  full-width; ASCII ``, ; : ! ? ( )`` written between CJK characters becomes full-width, so
  every report has one punctuation convention whatever its OCR engine produced.
- Compatibility ideographs and Kangxi radicals that OCR engines emit (⼈ U+2F08 for 人)
  become the unified ideograph (NFKC of just those characters; NFKC of the whole text would
  turn ，into , and ～ into ~).
- Zero-width characters are dropped; NBSP and ideographic spaces become spaces.
- Whitespace between CJK characters is dropped (起 點 → 起點), as is whitespace between
  CJK and Latin/digits (阿里雲 CTO → 阿里雲CTO), which separates no tokens in Chinese;
  runs of spaces between Latin words or numbers (9988 HK, FY 2023) become one space.
  Tabs are kept: they separate table cells.
- The bullet glyph that starts a list item (● • ◆ ■ ▲ ➢ ★ …, or ``-``/``*`` before text) is
  dropped, and the item keeps its own line. OCR reads ● as ●, • as ·, and drops ◆, ■, ►,
  ○ and ◎ most of the time (a census of 18 bullet shapes in four fonts at two scan
  qualities, November 2026): the same printed list came out with, without or with another
  bullet, and no evidence on the page says which. The glyph is layout, not text; it stays
  in the original, where ``sentences`` looks for it to mark the line a ``list_item``.
- A line wrap inside a paragraph is joined (deleted between CJK, a space between Latin
  words) when the line is as long as the document's wrap width and does not end a
  sentence; headings, list items, table rows and blank lines are never joined.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

from pipeline.chinese_script import HAN, script_stats
from pipeline.document import Document
from pipeline.offsets import Change
from pipeline.registry import StageOptions, register_stage

CJK_PUNCT = "，。、！？；：（）「」『』“”‘’《》〈〉【】…—·"
# Characters that count as "CJK" when deciding whether a space separates anything.
_CJK_CLASS = r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u201c\u201d\u2018\u2019\u2026\u2014"
_CJK = f"[{_CJK_CLASS}]"
_ALNUM = r"[0-9A-Za-z%$&+\-_/.,()\]\[]"

# Full-width punctuation that stays full-width (the rest of U+FF01–FF5E goes half-width).
_KEEP_FULLWIDTH = set("，！？；：（）")
ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
# the Chinese brackets and quotation marks that pair, opener → closer (repair checks pairing)
MARK_PAIRS = {"（": "）", "《": "》", "「": "」", "『": "』", "【": "】", "“": "”"}

# a list label or number in brackets: (1), (a), (iv), (2024)
_ENUMERATOR = re.compile(r"\d{1,4}|[A-Za-z]|[ivxIVX]{1,4}")
# the interpunct of Chinese names and bullets has look-alike code points (the katakana and
# half-width middle dots, the hyphenation point); one form, U+00B7, is what OCR and fonts agree on
_INTERPUNCTS = set("\u30fb\u2027\uff65")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), "")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u3000\u2002\u2003\u2009\u202f\u205f"), " ")

# Only these characters can change in _char_changes; scanning for them with a regex keeps
# the stage fast on long documents.
_CHAR_CANDIDATES = re.compile(
    "[\uff01-\uff5e\uf900-\ufaff\u2f00-\u2fdf\u2e80-\u2eff\U0002f800-\U0002fa1f"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u3000\u2002\u2003\u2009\u202f\u205f\r\f\ufb00-\ufb06"
    "\u30fb\u2027\uff65\u2160-\u217f\u2010-\u2013\u2212\ufe63\u2474-\u249b\uffe0-\uffe6\u22ef]"
)
# hyphens, the figure and en dashes and the minus sign: one short stroke in print, which OCR
# reads as "-" (its only one); ranges (20%–30%) and signs (−3.5%) normalize to it. The em
# dash (——) is another mark and stays; a single one between digits is a range ("-", below).
_HYPHENS = set("\u2010\u2011\u2012\u2013\u2212\ufe63")
# the start of a range up to its mark: a number and its unit (35%—, 800億—, 2025年—)
RANGE_START = r"\d(?:[%元倍年月日xX]|[億亿萬万千百]元?)?"
_SENTENCE_END = set("。！？；!?;…」』”）)】》")
# The bullet glyphs list items start with (Unicode's bullets, geometric shapes, arrows and
# check marks), and "-" or a single "—" when text (not a number: -3.2%) follows.
# As a regex class body: whole Unicode blocks (arrows, block elements, geometric shapes,
# miscellaneous symbols, dingbats), since each house picks its own (▌ ◆ ➢ ✓ ♦ …) and the
# engine reads some as others (■ as ☑).
BULLET_GLYPHS = "•◦∙·‧・※√⊙⦁⁃‣\u2190-\u21ff\u2580-\u259f\u25a0-\u25ff\u2600-\u26ff\u2700-\u27bf"
_STRUCTURAL = re.compile(
    rf"^\s*(#{{1,6}}\s|[-*{BULLET_GLYPHS}]\s?|\d{{1,2}}[.、)]\s?|[（(]\d{{1,2}}[)）]|[一二三四五六七八九十]+、|[①-⑳]|\||\[Table_)"
)


class NormalizeOptions(StageOptions):
    width: bool = True  # full-width ASCII → half-width
    compat_ideographs: bool = True
    punctuation: bool = True  # ASCII punctuation in CJK context → full-width
    whitespace: bool = True
    join_line_wraps: bool = True
    bullets: bool = True  # drop the bullet glyph that starts a list item (sentences reads it from the original)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(re.match(_CJK, ch))


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(HAN.match(ch))


@register_stage("normalize", assigns={"text.normalized", "meta.script"}, options=NormalizeOptions)
class Normalize:
    """Width, compatibility characters, punctuation and whitespace; detects the script."""

    def __init__(self, options: NormalizeOptions | None = None) -> None:
        self.options = options or NormalizeOptions()

    def __call__(self, doc: Document) -> Document:
        o = self.options
        if o.width or o.compat_ideographs:
            doc.rewrite(self._char_changes(doc.text.normalized))
        if o.punctuation:
            doc.rewrite(self._quote_changes(doc.text.normalized))
            doc.rewrite(self._punct_changes(doc.text.normalized))
        if o.whitespace:
            doc.rewrite(self._space_changes(doc.text.normalized))
        if o.join_line_wraps:
            doc.rewrite(self._wrap_changes(doc.text.normalized))
        if o.bullets:
            doc.rewrite(bullet_changes(doc.text.normalized))
        stats = script_stats(doc.text.original)
        doc.meta.script = stats.script
        letters = sum(1 for c in doc.text.original[:200000] if c.isalpha())
        doc.meta.language = "zh" if letters and stats.han / max(letters, 1) > 0.2 else ("en" if letters else None)
        return doc

    # -- character-level -------------------------------------------------------------------
    def _char_changes(self, text: str) -> list[Change]:
        changes: list[Change] = []
        o = self.options
        for m in _CHAR_CANDIDATES.finditer(text):
            i, ch = m.start(), m.group()
            cp = ord(ch)
            new: str | None = None
            if o.width and 0xFF01 <= cp <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
                new = chr(cp - 0xFEE0)
            elif o.compat_ideographs and (
                0xF900 <= cp <= 0xFAFF or 0x2F00 <= cp <= 0x2FDF or 0x2E80 <= cp <= 0x2EFF or 0x2F800 <= cp <= 0x2FA1F
            ):
                n = unicodedata.normalize("NFKC", ch)
                new = n if n != ch else None
            elif cp in _ZERO_WIDTH:
                new = ""
            elif cp in _SPACES:
                new = " "
            elif ch == "\r":
                new = "" if text[i + 1 : i + 2] == "\n" else "\n"
            elif ch == "\f":
                new = _page_break(text, i) if o.join_line_wraps else "\n"
            elif ch in _INTERPUNCTS:
                new = "·"
            elif ch in _HYPHENS:
                new = "-"
            elif 0xFB00 <= cp <= 0xFB06 or 0x2160 <= cp <= 0x217F or 0x2474 <= cp <= 0x249B or 0xFFE0 <= cp <= 0xFFE6:
                # Latin ligatures from PDF text layers (ﬁ → fi); Roman numerals (Ⅱ期 → II期);
                # bracketed and dotted list numbers, which OCR reads as (1) and 1. (⑴ → (1));
                # full-width currency signs, which OCR reads as the plain ones (￥ → ¥)
                new = unicodedata.normalize("NFKC", ch)
            elif ch == "\u22ef":
                new = "…"  # the midline ellipsis ⋯⋯, which OCR reads as ……
            if new is not None and new != ch:
                changes.append(Change(i, i + 1, new))
        return changes

    def _quote_changes(self, text: str) -> list[Change]:
        """Paired ASCII double quotes in CJK text become “ ”.

        The sentence splitter keeps closing quotes with their sentence and must tell them
        from opening ones. Pairs are taken clause by clause (between 。！？；), so a quote
        OCR dropped in one clause does not flip every quote after it; a lone quote at the
        start of a clause opens.
        """
        changes: list[Change] = []
        for m in re.finditer(r"[^\n。！？；]+[。！？；]*", text):
            chunk = m.group()
            if '"' not in chunk or not HAN.search(chunk):
                continue
            quotes = [q.start() for q in re.finditer('"', chunk)]
            if len(quotes) % 2 == 0:
                for k, q in enumerate(quotes):
                    changes.append(Change(m.start() + q, m.start() + q + 1, "“" if k % 2 == 0 else "”"))
            elif quotes[0] == 0 or chunk[: quotes[0]].isspace():
                changes.append(Change(m.start() + quotes[0], m.start() + quotes[0] + 1, "“"))
        return changes

    @staticmethod
    def _bracket_changes(text: str) -> list[Change]:
        """Parentheses go in pairs: a pair in Chinese context becomes （）."""
        changes: list[Change] = []
        for line_m in re.finditer(r"[^\n]+", text):
            line, base = line_m.group(), line_m.start()
            stack: list[int] = []
            for k, ch in enumerate(line):
                if ch in "(（":
                    stack.append(k)
                elif ch in ")）" and stack:
                    a = stack.pop()
                    if line[a] == "(" or ch == ")":
                        inner = line[a + 1 : k]
                        ctx = (
                            HAN.search(inner)
                            # beside Han, past a space OCR may or may not read (成交額 (ADT) 約)
                            or _is_han(line[:a].rstrip(" ")[-1:])
                            or _is_han(line[k + 1 :].lstrip(" ")[:1])
                            # one bracket of the pair read full width: the pair was printed so
                            # (京東方A(000725.SZ） → （000725.SZ）)
                            or line[a] != ch.translate(_OPENER_OF)
                            # a bracket touching Chinese punctuation (TCO(Total Cost)：總擁有成本)
                            or _cjk_mark_after(line, k + 1)
                            or _bearing_read_as_space(line, a, k)
                            # a ticker in a line of Chinese (Yili Group (600887.SH)2025年,
                            # 3SBio(1530.HK)|): Chinese notes bracket their tickers full width
                            or re.fullmatch(_TICKER + r"(?:\s*/\s*" + _TICKER + ")*", inner.strip())
                            and HAN.search(line)
                        )
                        if not ctx and _ENUMERATOR.fullmatch(inner):
                            # past spaces for a number or list label: OCR reads a full-width
                            # bracket as the ASCII one and its side bearing as a space
                            # (（1）規模 → "(1) 規模"); Latin words in brackets stay ASCII
                            before, after = line[:a].rstrip(" ")[-1:], line[k + 1 :].lstrip(" ")[:1]
                            # …and a label that starts a line of Chinese text ((1)1.6T光模塊)
                            ctx = _cjkish(before) or _is_han(after) or (not line[:a].strip() and HAN.search(line))
                        if ctx:
                            if line[a] == "(":
                                changes.append(Change(base + a, base + a + 1, "（"))
                            if ch == ")":
                                changes.append(Change(base + k, base + k + 1, "）"))
        return changes

    def _punct_changes(self, text: str) -> list[Change]:
        """ASCII punctuation touching CJK text becomes the CJK form; parentheses go in pairs."""
        changes = self._bracket_changes(text)
        # a closing bracket this pass makes Chinese is Chinese context for the mark after it
        # (香港交易所(388 HK):IPO → （388 HK）：IPO)
        wide = {c.start for c in changes if c.replacement == "）"}
        wide_open = {c.start for c in changes if c.replacement == "（"}
        for m in re.finditer(r"[,;:!?]", text):
            i = m.start()
            ch = m.group()
            prev = _prev_visible(text, i)
            if prev == ")" and len(text[:i].rstrip(" ")) - 1 in wide:
                prev = "）"
            nxt = _next_visible(text, i + 1)
            if ch == ":" and nxt in "“「『《" and _line_has_han(text, i):
                changes.append(Change(i, i + 1, "："))  # PPI:“反內卷” — before a Chinese quotation
                continue
            caption = _CAPTION.match(text, text.rfind("\n", 0, i) + 1) if ch == ":" else None
            if caption and caption.end() == len(text[:i].rstrip(" ")):
                changes.append(Change(i, i + 1, "："))  # a caption's colon (表4：2025年…, 图表3：)
                continue
            if ch == "," and _ticker_comma(text, i, wide_open):
                changes.append(Change(i, i + 1, "，"))
                continue
            if ch in ",:" and prev.isdigit() and nxt.isdigit():
                continue  # 1,234 and 10:30
            # after a number or a Latin word, right before Han text, a comma, colon or
            # semicolon is the Chinese one (表1：, Q：元寶, Autopilot，領航): OCR cannot tell the
            # two widths apart, so the same printed mark must normalize the same way
            if (
                _cjkish(prev)
                or (_is_han(nxt) and (not (prev.isascii() and prev.isalnum()) or ch in ":;" or ch == ","))
                or (ch == ";" and _semicolon_in_chinese(text, i, prev, nxt))
                or (ch == "," and _clause_comma(text, i))
            ):
                changes.append(Change(i, i + 1, ASCII_TO_CJK[ch]))
        # a full-width comma inside a number is its thousands separator (1，082億元)
        for m in re.finditer(r"(?<=\d)，(?=\d{3}(?!\d))", text):
            changes.append(Change(m.start(), m.end(), ","))
        # a list label 1) that starts a line or follows a Chinese mark, before Chinese text, is
        # the full-width 1） OCR read as ASCII
        for m in _LIST_LABEL.finditer(text):
            if m.group().endswith(")") and _TEXT_FOLLOWS.match(text, m.end()) and _line_has_han(text, m.start()):
                changes.append(Change(m.end() - 1, m.end(), "）"))
        # One connecting dash per context, whichever OCR printed: a single em dash between two
        # numbers is the range mark "-" (1—10月 and 1-10月, 35%—50%, 800億—1,000億元), a hyphen between two Han characters
        # the connecting "—" (卡莫阿-卡庫拉 and 卡莫阿—卡庫拉). The Chinese dash —— stays.
        for m in re.finditer(RANGE_START + "—(?=\\d)", text):
            changes.append(Change(m.end() - 1, m.end(), "-"))
        # (past a space on either side, which OCR keeps or drops: 美容護理 - 醫療美容)
        for m in re.finditer(r"(?<=[\u4e00-\u9fff])( ?)-(?= ?[\u4e00-\u9fff])", text):
            changes.append(Change(m.end() - 1, m.end(), "—"))
        # Hong Kong text typed in Big5, which has no em dash, prints the Chinese dash as two
        # box-drawing lines (行業報告 ── 香港上市汽車經銷商); a longer run is a rule line
        for m in re.finditer(r"(?<!─)──(?!─)", text):
            changes.append(Change(m.start(), m.end(), "——"))
        # A full stop right after a Han character that is followed by a break or more Han
        # text is the ideographic full stop OCR flattened (透露. → 透露。).
        for m in re.finditer(r"(?<=[\u4e00-\u9fff\u3400-\u4dbf」』”])\.(?=\s|$|[\u4e00-\u9fff])", text):
            line = line_at(text, m.start())
            if "，" not in line and line.count("·") >= 2:
                continue  # a header cut by · (中瑞證券·行業專題·2025年12月2日.行業評級): the dot is one of them
            changes.append(Change(m.start(), m.end(), "。"))
        changes.sort(key=lambda c: c.start)
        return changes

    # -- whitespace --------------------------------------------------------------------------
    def _space_changes(self, text: str) -> list[Change]:
        changes: list[Change] = []
        for m in re.finditer(r"[ \t]+", text):
            s, e = m.span()
            run = m.group()
            if "\t" in run:
                if run != "\t":  # keep cell separators, drop the spaces around them
                    changes.append(Change(s, e, "\t" * run.count("\t")))
                continue
            prev = text[s - 1] if s > 0 else "\n"
            nxt = text[e] if e < len(text) else "\n"
            if prev == "\n" or nxt == "\n":
                changes.append(Change(s, e, ""))  # leading/trailing spaces of a line
            elif _after_list_label(text, s):
                changes.append(Change(s, e, ""))  # after a list label: OCR keeps or drops it at random
            elif _beside_separator(text, s, e):
                changes.append(Change(s, e, ""))  # 泰和證券 / 公司點評, 中瑞證券 · 行業專題
            elif _beside_bar(text, s, e):
                changes.append(Change(s, e, ""))  # 2025年11月3日 | 行業點評: a header's separator
            elif (_is_cjk(prev) or _is_cjk(nxt)) and not _HEADING_MARK.match(text, text.rfind("\n", 0, s) + 1, e):
                # beside Chinese text a space separates no tokens, and OCR keeps or drops it at
                # random (收窄至 -1.5%, 成交額 (ADT)): one form, without it
                changes.append(Change(s, e, ""))
            elif _beside_range_mark(text, s, e):
                # 25% -30% for 25%-30%: a range mark's side bearing read as a space on one side
                changes.append(Change(s, e, ""))
            elif _beside_slash_between_codes(text, s, e):
                # 601318.SH / 2318.HK and 601318.SH/2318.HK are one thing: the slash between
                # two codes is written without spaces, as OCR reads it (Net debts / SH Equity,
                # between words, keeps them)
                changes.append(Change(s, e, ""))
            elif len(run) > 1:
                changes.append(Change(s, e, " "))
        # Three or more line breaks → one blank line.
        for m in re.finditer(r"\n{3,}", text):
            changes.append(Change(m.start(), m.end(), "\n\n"))
        changes.sort(key=lambda c: c.start)
        return _drop_overlaps(changes)

    def _wrap_changes(self, text: str) -> list[Change]:
        lines = text.split("\n")
        prose_lengths = [len(ln) for ln in lines if len(ln) >= 10 and "\t" not in ln and not _STRUCTURAL.match(ln)]
        if len(prose_lengths) < 3:
            return []
        # The wrap width: long lines of a wrapped paragraph all come close to it.
        width = statistics.quantiles(prose_lengths, n=10)[-1] if len(prose_lengths) >= 10 else max(prose_lengths)
        changes: list[Change] = []
        pos = 0
        for k, line in enumerate(lines[:-1]):
            nxt = lines[k + 1]
            end = pos + len(line)
            pos = end + 1
            if not line or not nxt.strip() or "\t" in line or "\t" in nxt:
                continue
            if _STRUCTURAL.match(line) or _STRUCTURAL.match(nxt):
                continue
            last = line.rstrip()[-1:]
            if last in _SENTENCE_END or last == "." or len(line) < max(12, 0.8 * width):
                continue
            first = nxt.lstrip()[:1]
            sep = "" if (_is_cjk(last) or _is_cjk(first)) else " "
            changes.append(Change(end, end + 1, sep))
        return changes


_BULLET = re.compile(rf"(?m)^(?:[{BULLET_GLYPHS}]|[-－—](?=[ \t]*[^\d\s.,%—-]))[ \t]*")


_NOT_INLINE = str.maketrans("", "", "∙·‧・")
# an item's bullet inside a line, after the mark that ended the item before it (…不及預期；■
# 合作夥伴終止合作): not the interpunct or a dash, which stand inside text
_INLINE_BULLET = re.compile(rf"(?<=[；;。])[ \t]*[{BULLET_GLYPHS.translate(_NOT_INLINE)}][ \t]*(?=\S)")


def bullet_changes(text: str) -> list[Change]:
    """Delete the bullet (and the blank after it) that starts a list item, at the start of a
    line or inside one after the item before it."""
    starts = [
        Change(m.start(), m.end(), "") for m in _BULLET.finditer(text) if text[m.end() : m.end() + 1] not in ("", "\n")
    ]
    return sorted(
        starts + [Change(m.start(), m.end(), "") for m in _INLINE_BULLET.finditer(text)], key=lambda c: c.start
    )


def starts_with_bullet(original: str, i: int) -> bool:
    """Whether the line of ``original`` that has its first text at ``i`` started with a bullet."""
    a = original.rfind("\n", 0, i) + 1
    return bool(_BULLET.match(original[a:i].lstrip(" \t\u3000") + original[i : i + 1]))


def _page_break(text: str, i: int) -> str:
    """What a form feed becomes: nothing when a paragraph runs on across the page break.

    PDF extraction writes each paragraph on one line and pages between form feeds; a page
    that ends mid-sentence in a long prose line, followed by a page that starts with
    ordinary text, is one paragraph split by the break (sidebars, headings and table rows
    are short or structural and never join).
    """
    prev = text[text.rfind("\n", 0, i) + 1 : i].rstrip()
    end = text.find("\n", i + 1)
    nxt = text[i + 1 : end if end >= 0 else len(text)].lstrip()
    if len(prev) < 40 or not nxt or "\t" in prev or "\t" in nxt:
        return "\n"
    if prev[-1] in _SENTENCE_END or prev[-1] == "." or _STRUCTURAL.match(prev) or _STRUCTURAL.match(nxt):
        return "\n"
    if not (_is_cjk(prev[-1]) or prev[-1].isalnum()) or not (_is_cjk(nxt[0]) or nxt[0].isalnum()):
        return "\n"
    return "" if (_is_cjk(prev[-1]) or _is_cjk(nxt[0])) else " "


_CODE_BEFORE = re.compile(r"[A-Za-z0-9.]+ *$")
_CODE_AFTER = re.compile(r" *[A-Za-z0-9.]+")


def _beside_slash_between_codes(text: str, s: int, e: int) -> bool:
    """The spaces ``text[s:e]`` touch a slash that stands between two codes."""
    if text[e : e + 1] == "/":
        left, right = s, e + 1
    elif text[s - 1 : s] == "/":
        left, right = s - 1, e
    else:
        return False
    return _code_like(_CODE_BEFORE.search(text, max(0, left - 40), left)) and _code_like(_CODE_AFTER.match(text, right))


def _code_like(m: re.Match | None) -> bool:
    """A ticker, code or number (2318.HK, IFRS, 9): digits or dots, or a short all-caps word."""
    if m is None:
        return False
    tok = m.group().strip(" .")
    return bool(tok) and (any(c.isdigit() or c == "." for c in tok) or (tok.isupper() and len(tok) <= 6))


_OPENER_OF = str.maketrans({")": "(", "）": "（"})


def _cjk_mark_after(line: str, i: int) -> bool:
    """The mark at ``line[i]`` is Chinese punctuation, or the ASCII one that becomes it
    (a ``:`` before Han text)."""
    ch = line[i : i + 1]
    return bool(ch) and ch in CJK_PUNCT or (ch in (",", ";", ":") and _is_han(line[i + 1 : i + 2]))


# a list label that starts a line or follows a Chinese mark: 1) 五糧液, 預期；2）1.6T
_LIST_LABEL = re.compile(r"(?:^|(?<=[\n；。：]))\d{1,2}[)）]")
_TEXT_FOLLOWS = re.compile(r" *\S")


def _after_list_label(text: str, s: int) -> bool:
    """A space right after a list label (1） 五糧液)."""
    return any(m.end() == s for m in _LIST_LABEL.finditer(text, max(0, s - 3), s)) and _line_has_han(text, s)


def line_at(text: str, i: int) -> str:
    """The line of ``text`` that holds position ``i``."""
    a = text.rfind("\n", 0, i) + 1
    b = text.find("\n", i)
    return text[a : b if b >= 0 else len(text)]


def _line_has_han(text: str, i: int) -> bool:
    return bool(HAN.search(line_at(text, i)))


_HEADING_MARK = re.compile(r"#{1,6} +$")  # a Markdown heading's marks and their space (## 標題)


def _beside_separator(text: str, s: int, e: int) -> bool:
    """A space beside ``·`` or ``/`` in a line of Chinese text (泰和證券 / 公司點評, 8% / 11%,
    中瑞證券 · 行業專題報告): OCR keeps or drops it at random. A slash between two English
    words (Net debts / SH Equity) keeps its spaces."""
    prev, nxt = text[s - 1 : s], text[e : e + 1]
    if "·" not in (prev, nxt) and "/" not in (prev, nxt) or not _line_has_han(text, s):
        return False
    if "·" in (prev, nxt):
        return True
    near, far = (prev, text[e + 1 :].lstrip(" ")[:1]) if nxt == "/" else (nxt, text[: s - 1].rstrip(" ")[-1:])
    return not (near.isascii() and near.isalpha() and far.isascii() and far.isalpha())


def _beside_bar(text: str, s: int, e: int) -> bool:
    """A space beside a '|' that separates the fields of a Chinese line (2025年11月3日 |
    行業點評, 000301.SZ | 恒逸石化, Research | 中國互聯網): layout, which OCR reads from a
    full-width bar's side bearing on one side or both."""
    before, after = text[s - 1 : s], text[e : e + 1]
    return "|" in (before, after) and _line_has_han(text, s)


_RANGE_MARKS = "-~～"


def _beside_range_mark(text: str, s: int, e: int) -> bool:
    """A space on one side only of a range mark between two numbers (25% -30%, -5% ~+5%), in a
    line of Chinese text: ranges there are printed without spaces, and a space on both sides
    is the writer's (kept)."""
    before, after = text[s - 1 : s], text[e : e + 1]
    if after in _RANGE_MARKS and text[e + 1 : e + 2] != " ":
        left, right = before, text[e + 1 : e + 2]
    elif before in _RANGE_MARKS and text[s - 2 : s - 1] != " ":
        left, right = text[s - 2 : s - 1], after
    else:
        return False
    if not (left.isdigit() or left == "%") or not (right.isdigit() or right in "+-"):
        return False
    return _line_has_han(text, s)


def _bearing_read_as_space(line: str, a: int, k: int) -> bool:
    """A full-width bracket pair OCR read as ASCII keeps its blank half as a space on the
    outer side of one bracket only (Alphabet(GOOGL.US) 將 for Alphabet（GOOGL.US）將): one side
    spaced toward Han text, the other touching. Latin brackets written with spaces have them
    on both sides ((IFRS) 為) or on neither."""
    left_space = line[a - 1 : a] == " "
    right_space = line[k + 1 : k + 2] == " "
    if left_space == right_space:
        return False
    if not HAN.search(line):
        return False
    if right_space:
        far = line[k + 1 :].lstrip(" ")
        # Han text, or a number that runs into it (Enhertu(DS-8201) 2025年)
        return a > 0 and (_cjkish(far[:1]) or bool(re.match(r"\d[\d.,%]*[\u4e00-\u9fff]", far)))
    # spaced before the opener, the closer touching Han text or a word: NVIDIA (NVDA.US)GB300,
    # where English would space after the closer
    nxt = line[k + 1 : k + 2]
    return bool(nxt) and (_cjkish(nxt) or nxt.isascii() and nxt.isalnum())


_ASCII_RUN = re.compile(r"[A-Za-z0-9 .\-+/%&'$]{1,40}")
_CLAUSE_EDGE = set("，。；：、！？")
_COMPANY_SUFFIX = re.compile(r" ?(?:Inc|Ltd|Co|Corp|LLC|L\.P|LP|PLC|plc|Jr|S\.A|N\.V|AG|GmbH|Limited)\b")


def _clause_comma(text: str, i: int) -> bool:
    """A comma between two Latin names or numbers of a Chinese clause (發布Sora 2, 快手可靈;
    Seedance 1.0, DeepSeek-V3.2等): the Chinese comma, which OCR reads as ", ". Past the
    Latin run on each side there is Han text or a Chinese clause mark; inside brackets or
    quotes (Cloud Service Provider, CSP) the run is an English phrase and keeps its comma."""
    left = text[max(0, i - 40) : i]
    m = re.search(r"[A-Za-z0-9 .\-+/%&'$]*$", left)
    before = left[: m.start()][-1:] if m else ""
    m2 = _ASCII_RUN.match(text, i + 1)
    after = text[m2.end() : m2.end() + 1] if m2 else text[i + 1 : i + 2]
    if _COMPANY_SUFFIX.match(text, i + 1):
        return False  # U.S. Steel, Inc.: the comma is part of the name
    return all(_is_han(c) or c in _CLAUSE_EDGE for c in (before, after)) and before != "" and after != ""


# a table's or figure's caption label at the start of a line (表4, 图表3, 圖1-2, 附表2)
_CAPTION = re.compile(r"(?:图表|圖表|附表|附图|附圖|表|图|圖)\s?\d{1,2}(?:[-.]\d{1,2})?")
_TICKER = r"\d{4,6}(?:\.(?:HK|SH|SZ|SS|BJ|US)\b| HK\b)"


def _ticker_comma(text: str, i: int, wide_open: set[int]) -> bool:
    """A comma between a company's name and its ticker inside a Chinese bracket
    (（Petpal, 300673.SZ）, （9992.HK, Pop Mart）): the Chinese comma, whichever width the writer
    or OCR gave it, so that one name-and-ticker pair reads one way."""
    line_start = text.rfind("\n", 0, i) + 1
    a = max(text.rfind("（", line_start, i), text.rfind("(", line_start, i))
    if a < 0 or any(c in text[a:i] for c in ")）") or not (text[a] == "（" or a in wide_open):
        return False
    return bool(re.match(r"\s*" + _TICKER, text[i + 1 :]) or re.search(_TICKER + r"\s*$", text[a + 1 : i]))


def _semicolon_in_chinese(text: str, i: int, prev: str, nxt: str) -> bool:
    """A semicolon in a line of Chinese text is the Chinese one (15%;Non-IFRS, 1.90%; at a
    line's end), unless it separates two English clauses (a; b)."""
    if "\t" in line_at(text, i) or not _line_has_han(text, i):
        return False
    return not (prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha())


def _cjkish(ch: str) -> bool:
    """A Han character or CJK punctuation (context in which ASCII punctuation is CJK)."""
    return _is_han(ch) or (bool(ch) and ch in CJK_PUNCT)


def _prev_visible(text: str, i: int) -> str:
    j = i - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    return text[j] if j >= 0 else ""


def _next_visible(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j] == " ":
        j += 1
    return text[j] if j < len(text) else ""


def _drop_overlaps(changes: list[Change]) -> list[Change]:
    out: list[Change] = []
    end = -1
    for c in changes:
        if c.start >= end:
            out.append(c)
            end = c.end
    return out
