"""Punctuation OCR misreads (evidence 4b): a full-width comma read as a middle dot, brackets
that do not pair, and a ticker that lost its dot.

Traditional-Chinese fonts centre the full-width comma and full stop in the em box; at low
resolution OCR reads the centred comma as a middle dot (毛利率意化·原因在於 …). A middle dot
(· U+00B7, ・ U+30FB, • U+2022) between two Han characters is read as ``，`` when it sits
inside running prose — at least ``MIN_RUN`` Han characters on each side before the next
punctuation mark — and neither side is a transliterated name (the interpunct's own use in
Chinese: 唐納德·特朗普), judged by the characters next to the dot: syllables used to spell
foreign names, or a person name spelled with them. A dot at the start of a line (a bullet) is
never touched. When the report prints its commas that way (``_systematic``: at least
``SYSTEMATIC_MIN`` such dots, and at least ``SYSTEMATIC_SHARE`` as many as its real commas),
a dot between Han text and a number or a Latin word is the same comma (增長2%·毛利率,
格局看·TrendForce); a dot after a closing bracket is left alone (、 or ， cannot be told).
"""

from __future__ import annotations

import re

from pipeline.repair import Proposal
from pipeline.repair.characters import is_protected, one_one_alone
from pipeline.repair.lexicon import Lexicon
from pipeline.stages.normalize import MARK_PAIRS, RANGE_START, line_at

DOTS = "·・•"
MIN_RUN = 3
SYSTEMATIC_MIN = 3
_MARKS = {"，": "comma", "。": "full stop", "、": "enumeration comma"}
SYSTEMATIC_SHARE = 0.25
STOPS_KEPT = 6
# characters used to spell foreign names (唐納德·特朗普, 馬克·扎克伯格, 伊隆·馬斯克)
_TRANSLIT = set(
    "斯克特爾尔德尼亞亚羅罗蘭兰維维夫娜莎瑪玛麗丽約约翰森遜逊頓顿伯格里安拉巴默卡瓦蒂茨奧奥"
    "瑞艾琳佩喬乔治杰傑姆薩萨納纳普朗扎馬马隆伊雅諾诺菲爾利帕謝谢科索托哈索弗蓋盖迪絲丝"
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _name_like(s: str) -> bool:
    """The two characters next to the dot are both name-spelling syllables (納德, 特朗)."""
    return len(s) == 2 and all(ch in _TRANSLIT for ch in s)


def engine_marks(doc, text: str) -> dict[int, dict[str, float]]:
    """For each dot the OCR engine read with doubt (``doc.ocr_choices``), the weight it gave
    the clause marks it could have been: {position in ``text``: {mark: p}}."""
    from pipeline.repair.ocr_choices import alternatives_at

    return alternatives_at(doc, text, _MARKS, read=DOTS)


def propose(
    lex: Lexicon, text: str, *, skip, engine_marks: dict[int, dict[str, float]] | None = None
) -> list[Proposal]:
    dots = [m.start() for m in re.finditer(f"[{DOTS}]", text)]
    if not dots:
        return []
    inner = sum(1 for p in dots if 0 < p < len(text) - 1 and text[p - 1] != "\n" and _HAN.match(text[p + 1]))
    systematic = _systematic(text, inner)
    # the mark the document lost to dots: a report that prints its commas but hardly a full
    # stop inside a line (a Traditional sans font centres 。 but not ，) lost its stops
    default = "。" if systematic and _stops_as_dots(text, inner) else "，"
    lost = "commas" if default == "，" else "full stops"
    out: list[Proposal] = []
    for p in dots:
        if p == 0 or p + 1 >= len(text) or skip(p):
            continue
        left, right = text[p - 1], text[p + 1]
        if not (_HAN.match(right) or _HAN.match(left)):
            continue  # a dot between Latin words or numbers
        a = p
        while a > 0 and _HAN.match(text[a - 1]):
            a -= 1
        rm = _RUN.match(text, p + 1)
        lrun = p - a
        rrun = len(rm.group()) if rm else 0
        if _HAN.match(left) and _HAN.match(right):
            if lrun < MIN_RUN or rrun < MIN_RUN:
                continue
            how = f"between two clauses of prose ({lrun} and {rrun} Han characters on either side, no name)"
            if default == "。":
                how += f", in a document that prints its {lost} as dots"
        elif systematic and rrun >= MIN_RUN and (left.isdigit() or left == "%" or left.isascii() and left.isalpha()):
            # 增長2%·毛利率, GPT-5·微軟: after a number or a Latin word the dot is no interpunct
            how = f"after '{left}' before {rrun} Han characters, in a document that prints its {lost} as dots"
        elif systematic and lrun >= MIN_RUN and right.isascii() and right.isalnum() and text[p - 1 : p] != "\n":
            # 從全球格局看·TrendForce, 劃分·12英寸: the same comma before a Latin word or a number
            how = f"after {lrun} Han characters before '{right}', in a document that prints its {lost} as dots"
        else:
            continue  # a bullet, or a dot after a bracket (、 or ， cannot be told apart)
        if not any(m in line_at(text, p) for m in "，。；"):
            continue  # no clause mark anywhere: a header or a label (通信·光模塊), not prose
        if _name_like(text[p - 2 : p]) or _name_like(text[p + 1 : p + 3]):
            continue  # 唐納德·特朗普: the interpunct of a foreign name
        names = _person_names(lex)
        if any(_foreign_name(text[x:y], names, lex) for x, y in _spans(p, len(text))):
            continue
        # the centred full stop and enumeration comma are read as a dot too: the engine's
        # own preference among the three marks, however faint, picks one (on the OCR
        # benchmark's harsher scans, 51 of 53 picks of 。 or 、 were right)
        marks = (engine_marks or {}).get(p, {})
        mark = max(marks, key=marks.get) if marks else default
        out.append(
            Proposal(
                p,
                p + 1,
                mark,
                "punctuation",
                0.85,
                f"'{text[p]}' {how}: a centred full-width {_MARKS[mark]} read as a middle dot"
                + (f" (the OCR's next reading, {marks[mark]:.2f})" if marks else ""),
            )
        )
    return out


def dots_as_commas(text: str) -> bool:
    """The document prints its commas as dots (``_systematic``) but not its full stops: it
    keeps at least one full stop inside its lines for every ``STOPS_KEPT`` commas and dots
    (prose has one for every two to four commas). Where the engine read both as dots, a
    dot says a mark was there but not which."""
    dots = [m.start() for m in re.finditer(f"[{DOTS}]", text)]
    inner = sum(1 for p in dots if 0 < p < len(text) - 1 and text[p - 1] != "\n" and _HAN.match(text[p + 1]))
    stops = len(re.findall(r"。(?=[^\n])", text))
    return _systematic(text, inner) and stops * STOPS_KEPT >= text.count("，") + inner


def _systematic(text: str, inner: int) -> bool:
    """The document prints its commas as dots: at least ``SYSTEMATIC_MIN`` dots inside lines
    before Han text (``inner``, not bullets), and at least ``SYSTEMATIC_SHARE`` as many as
    real commas (OCR reads some centred commas right). A report that spells a few foreign
    names with the interpunct still has its dozens of commas."""
    return inner >= SYSTEMATIC_MIN and inner >= SYSTEMATIC_SHARE * text.count("，")


def _stops_as_dots(text: str, inner: int) -> bool:
    """The dots are the document's full stops: it prints at least as many commas as dots
    inside lines (``inner``), and fewer full stops inside its lines than
    ``SYSTEMATIC_SHARE`` of them (prose has a stop for every two to four commas)."""
    stops = len(re.findall(r"。(?=[^\n])", text))
    return text.count("，") >= inner and stops < SYSTEMATIC_SHARE * inner


def _foreign_name(span: str, names: frozenset[str], lex: Lexicon) -> bool:
    """A person name of the lexicon spelled with name syllables (jieba also tags 毛利 nr)."""
    if not (span in names or lex.simp(span) in names):
        return False
    return sum(ch in _TRANSLIT for ch in span) >= 2


def _spans(p: int, n: int):
    for a in range(max(0, p - 4), p - 1):
        yield a, p
    for b in range(p + 3, min(n, p + 5) + 1):
        yield p + 1, b


def _person_names(lex: Lexicon) -> frozenset[str]:
    from pipeline.repair.characters import _person_names as names

    return names()


# -- brackets ---------------------------------------------------------------------------------
# brackets, whose kinds OCR confuses (quotation marks pair by themselves, below)
_PAIRS = {o: c for o, c in MARK_PAIRS.items() if o != "“"}
_OPENERS = {v: k for k, v in _PAIRS.items()}


def brackets(text: str, *, skip) -> list[Proposal]:
    """A closing bracket of the wrong kind (《關於…的通知） → 》): OCR reads one bracket as
    another of the same height. Within a line, a closer whose innermost open bracket is of
    another kind, with no opener of its own kind open, takes the opener's kind. A closer
    read twice (「煤電路港航」」) with nothing open loses its copy."""
    out: list[Proposal] = []
    for lm in re.finditer(r"[^\n]+", text):
        stack: list[str] = []
        at: list[int] = []  # where each open mark of the stack is
        line = lm.group()
        for k, ch in enumerate(line):
            if ch in _PAIRS or ch in "‘“":
                stack.append(ch)
                at.append(k)
            elif ch == "”":
                if stack and stack[-1] == "“":
                    stack.pop(), at.pop()
            elif ch == "’" and not (line[k - 1 : k].isascii() and line[k + 1 : k + 2].isascii()):
                # a closing single quote (not an apostrophe: Moody’s) whose opener was read as
                # “ — the census read ‘ as “ in 4 of 24 readings, ’ as ” in none
                if stack and stack[-1] == "‘":
                    stack.pop(), at.pop()
                elif (
                    stack
                    and stack[-1] == "“"
                    and "‘" not in stack
                    and _closers_after(line, k) < stack.count("“")
                    and k - at[-1] <= SINGLE_QUOTED_MAX + 1
                    and line[at[-1] - 1 : at[-1]] not in "：:"
                ):
                    # a short quoted term (‘以價換量’), not reported speech after a colon
                    p = lm.start() + at[-1]
                    stack.pop(), at.pop()
                    if not skip(p):
                        out.append(
                            Proposal(
                                p,
                                p + 1,
                                "‘",
                                "punctuation",
                                0.86,
                                "'’' closes the quotation: its opener is '‘', which OCR read as '“'",
                            )
                        )
            elif ch in _OPENERS:
                if stack and stack[-1] == _OPENERS[ch]:
                    stack.pop(), at.pop()
                elif not stack and k and line[k - 1] == ch and _OPENERS[ch] in line[:k]:
                    p = lm.start() + k
                    if not skip(p):
                        out.append(
                            Proposal(
                                p,
                                p + 1,
                                "",
                                "punctuation",
                                0.86,
                                f"'{ch}{ch}' closes one '{_OPENERS[ch]}': OCR read the closing mark twice",
                            )
                        )
                elif stack and _OPENERS[ch] not in stack and stack[-1] in _PAIRS:
                    want = _PAIRS[stack.pop()]
                    at.pop()
                    p = lm.start() + k
                    if not skip(p):
                        out.append(
                            Proposal(
                                p,
                                p + 1,
                                want,
                                "punctuation",
                                0.88,
                                f"'{ch}' closes '{_OPENERS[want]}': brackets pair, OCR read one for another",
                            )
                        )
    return out


SINGLE_QUOTED_MAX = 8  # a term in single quotes: longer, and the “ is a quotation whose ” was lost


def _closers_after(line: str, k: int) -> int:
    """How many ” follow ``k`` before the next “: as many as the open “ and the ’ at ``k`` is
    nested in them and lost its own ‘; fewer, and the innermost “ is that ‘."""
    rest = line[k + 1 :]
    reopen = rest.find("“")
    return rest[: reopen if reopen >= 0 else len(rest)].count("”")


# -- tickers ----------------------------------------------------------------------------------
_TICKER_DOT = re.compile(r"(?<![\d.])(\d{4,6})\.(HK|SH|SZ|SS|US)(?![A-Za-z])")
_TICKER_NO_DOT = re.compile(r"(?<![\d.])(\d{4,6})(HK|SH|SZ|SS)(?![A-Za-z$])")
TICKER_STYLE_MIN = 2


def ticker_dots(text: str, *, skip) -> list[Proposal]:
    """2007HK → 2007.HK where the document writes its tickers with the dot (at least
    ``TICKER_STYLE_MIN`` times): OCR drops the small dot between a code and its market."""
    n = len(_TICKER_DOT.findall(text))
    if n < TICKER_STYLE_MIN:
        return []
    out = []
    for m in _TICKER_NO_DOT.finditer(text):
        p = m.end(1)
        if skip(p - 1):
            continue
        out.append(
            Proposal(
                p,
                p,
                ".",
                "punctuation",
                0.9,
                f"'{m.group()}' lacks the dot of the document's {n} other tickers ({m.group(1)}.{m.group(2)})",
            )
        )
    return out


# -- dashes in quotes -------------------------------------------------------------------------
_QUOTED = re.compile(r"[“「]([^”」\n]{1,40})[”」]")
_DASH_NOTE = re.compile(r"[“「]一[”」](?=表示|代表|指|為|为|即)")
CHAIN_MIN_PART = 2
# measure words and units the numeral 一 counts (一公里, 一個, 一次): no dash stands before them
_MEASURE_WORDS = ("公里", "公斤", "公頃", "公顷", "攬子", "揽子") + tuple(
    "個个次年天日月季周週家步種种類类批輪轮期代條条份項项位名隻只台臺輛辆噸吨米元張张座層层片筆笔單单倍成半線线站體体帶带"
)
HEADING_MAX = 60  # a title line, not prose
# one half of the Chinese dash —— read as 一 (提升—一預定利率): a single — beside 一, and not the
# numeral that opens an enumeration (——一是…)
_HALF_DASH = re.compile(r"(?<![—一])—一(?![—是方])|(?<![—一])一—(?!—)")


def quoted_dashes(text: str, *, skip, lex: Lexicon | None = None) -> list[Proposal]:
    """The dash OCR reads as 一 where a quotation shows its structure:

    - a quoted chain of stages (“暫停一恢復一再觀望” → “暫停—恢復—再觀望”): two or more 一
      that cut the quotation into parts of at least ``CHAIN_MIN_PART`` Han characters. The
      numeral cannot do that twice in a short quotation; where it sits in a slogan, a part
      comes out shorter (“一帶一路”, “一企一策”). One 一 between two such parts (“西非一中國”,
      a route) counts only where it makes no word with its neighbours;
    - a quoted lone 一 that a note defines (注：“一”表示未披露 → “—”表示): the table's dash;
    - 一 beside a single — (提升—一預定 → 提升——預定): the other half of the Chinese dash;
    - 一 between a number (with its unit) and an Arabic digit (2024一2027年, 35%一50%): the range
      mark, "-" once normalized.

    A dash the engine read with doubt is judged from its alternatives (``ocr_choices``); these
    are the ones it read confidently."""
    out: list[Proposal] = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        parts = inner.split("一")
        # only Han characters in each part: punctuation or Latin inside is no chain of stages
        if len(parts) < 2 or not all(len(p) >= CHAIN_MIN_PART and _RUN.fullmatch(p) for p in parts):
            continue
        if len(parts) == 2 and (
            lex is None or is_protected(lex, inner, len(parts[0])) or parts[1].startswith(_MEASURE_WORDS)
        ):
            # one 一 between two parts (“西非一中國”): only where it makes no word, and not
            # the numeral before a measure word (“最後一公里”, “一次性”)
            continue
        pos = m.start(1)
        for p in parts[:-1]:
            pos += len(p)
            if not skip(pos):
                out.append(
                    _dash_for_one(
                        pos,
                        f"the quotation '{inner}' is a chain of {len(parts)} stages "
                        f"that '一' cuts into parts of {CHAIN_MIN_PART}+ characters",
                    )
                )
            pos += 1
    for m in _HALF_DASH.finditer(text):
        k = m.start() if m.group()[0] == "一" else m.end() - 1
        # the numeral in a word with its other neighbour (第一—, 統一—, —一般) stays
        if lex is not None and is_protected(lex, text, k):
            continue
        if not skip(k):
            out.append(_dash_for_one(k, "beside a single '—' it is the other half of the Chinese dash '——'"))
    for m in re.finditer(r"(?<=[\u4e00-\u9fff）」”』》])一一(?=[\u4e00-\u9fff])", text):
        # a title's dash (息差企穩一一銀行業專題研究): 一一, "one by one", goes before a verb in
        # prose; a heading (a short line that ends no sentence) is cut by the dash
        line = line_at(text, m.start())
        s = m.start()
        if len(line) > HEADING_MAX or line.rstrip().endswith(("。", "！", "？")) or skip(s) or skip(s + 1):
            continue
        if lex is not None and not one_one_alone(lex, text, s):
            continue  # a word with the text outside the pair (統一一致, 一一對應)
        for k in (s, s + 1):
            out.append(
                _dash_for_one(
                    k, "'一一' cuts a heading in two and makes no word with either side: the Chinese dash '——'"
                )
            )
    for m in re.finditer(RANGE_START + "一(?=\\d)", text):
        if not skip(m.end() - 1):
            out.append(
                Proposal(
                    m.end() - 1,
                    m.end(),
                    "-",
                    "punctuation",
                    0.9,
                    "a range mark read as '一': the numeral never stands between a number and an Arabic "
                    "digit (1一10月, 35%一50%, 800億一1,000億元)",
                )
            )
    for m in _DASH_NOTE.finditer(text):
        if not skip(m.start() + 1):
            out.append(_dash_for_one(m.start() + 1, "a lone quoted mark that a note defines is the table's dash"))
    return out


# a paragraph's full stop read as a zero or an o: after a percentage or Han text, at the end
# of a line of prose (同比+9.6%0, 已回落至低位o)
_STOP_AS_ZERO = re.compile(r"(?<=[%\u4e00-\u9fff）」”』])[0oO](?=\n|$)")


def stops_as_zero(text: str, *, skip) -> list[Proposal]:
    """The small circle of a paragraph's last ``。`` read as ``0``/``o``: no number ends in a
    lone zero after a per cent sign or a Han character, and no word is a lone o there."""
    out = []
    for m in _STOP_AS_ZERO.finditer(text):
        line = line_at(text, m.start())
        if "\t" in line or not any(c in line for c in "，。；") or skip(m.start()):
            continue
        out.append(
            Proposal(
                m.start(),
                m.end(),
                "。",
                "punctuation",
                0.88,
                f"a paragraph's full stop read as '{m.group()}': after '{text[m.start() - 1]}' at the end of a line "
                "of prose, no number or word ends so",
            )
        )
    return out


def _dash_for_one(k: int, why: str) -> Proposal:
    """The 一 at ``k`` made the dash it was read for, for the reason the text gives."""
    return Proposal(k, k + 1, "—", "punctuation", 0.86, f"a dash read as '一': {why}")


# -- quotation marks ----------------------------------------------------------------------
_QUOTE_PAIRS = {o: MARK_PAIRS[o] for o in "“「"}
# verbs that introduce reported speech with a colon (表示：“…”)
_SPEECH = re.compile(
    r"(?:表示|指出|認為|认为|強調|强调|透露|提到|坦言|直言|提出|介紹|介绍|回應|回应|補充|补充|稱|称|說|说|寫道|写道)：$"
)
QUOTE_SPAN_MAX = 200


def opening_quotes(text: str, *, skip) -> list[Proposal]:
    """The opening quotation mark OCR dropped before reported speech (表示：當前… 。” →
    表示：“當前…。”): a closing mark with no opener before it in its paragraph, and a colon
    after a speech verb before it with no other quotation mark between, give the opener's
    place. Anywhere else the place of a lost opener cannot be told, and nothing is done."""
    out: list[Proposal] = []
    for lm in re.finditer(r"[^\n]+", text):
        line, base = lm.group(), lm.start()
        depth = dict.fromkeys(_QUOTE_PAIRS.values(), 0)
        for k, ch in enumerate(line):
            for o, c in _QUOTE_PAIRS.items():
                if ch == o:
                    depth[c] += 1
                elif ch == c:
                    if depth[c]:
                        depth[c] -= 1
                        continue
                    colon = line.rfind("：", max(0, k - QUOTE_SPAN_MAX), k)
                    between = line[colon + 1 : k]
                    if colon < 0 or any(q in between for q in "“”「」‘’『』") or not _SPEECH.search(line[: colon + 1]):
                        continue
                    if not skip(base + colon + 1):
                        out.append(
                            Proposal(
                                base + colon + 1,
                                base + colon + 1,
                                o,
                                "punctuation",
                                0.85,
                                f"'{c}' closes a quotation that never opened; reported speech opens after "
                                f"'{line[max(0, colon - 2) : colon + 1]}', where OCR dropped the '{o}'",
                            )
                        )
    return out


def closing_quotes(text: str, *, skip) -> list[Proposal]:
    """The closing quotation mark OCR dropped after reported speech that ends its paragraph
    (表示：“…放量要看2027年。 → …2027年。”): the line opens speech after a speech verb's colon
    and never closes it, and the speech has one sentence end, the line's last character, so
    the closer can only go there. Speech with more sentence ends could have closed at any of
    them, and nothing is done."""
    out: list[Proposal] = []
    for lm in re.finditer(r"[^\n]+", text):
        line, base = lm.group().rstrip(), lm.start()
        for o, c in _QUOTE_PAIRS.items():
            k = line.rfind("：" + o)
            if k < 0 or not _SPEECH.search(line[: k + 1]) or line.count(o) <= line.count(c):
                continue
            speech = line[k + 2 :]
            if c in speech or not speech or speech[-1] not in "。！？" or len(re.findall("[。！？]", speech)) != 1:
                continue
            if not skip(base + len(line) - 1):
                out.append(
                    Proposal(
                        base + len(line),
                        base + len(line),
                        c,
                        "punctuation",
                        0.85,
                        f"reported speech opens after '{line[max(0, k - 2) : k + 1]}' and never closes; its one "
                        f"sentence ends the paragraph, where OCR dropped the '{c}'",
                    )
                )
    return out


# -- enumeration commas between Latin names ---------------------------------------------------
_LATIN_PAIR = re.compile(r"(?<![A-Za-z0-9.])([A-Za-z][A-Za-z0-9]*)([.,] ?|，)([A-Z][A-Za-z0-9]*)(?![A-Za-z0-9])")


def latin_enumeration(text: str, *, skip) -> list[Proposal]:
    """The enumeration comma OCR read as a dot or comma between two Latin names
    (Microsoft. Alphabet、Amazon → Microsoft、Alphabet、Amazon): in a line of Chinese text, a
    list that separates its Latin names with 、 separates them all so."""
    out: list[Proposal] = []
    for m in _LATIN_PAIR.finditer(text):
        if text[m.start() - 1 : m.start()] != "、" and text[m.end() : m.end() + 1] != "、":
            continue  # not inside a list of names separated by 、
        if not _HAN.search(line_at(text, m.start())) or skip(m.start(2)):
            continue
        out.append(
            Proposal(
                m.start(2),
                m.end(2),
                "、",
                "punctuation",
                0.85,
                f"'{m.group(2).strip()}' between two Latin names of a list that separates them with '、': "
                "OCR reads the enumeration comma as a dot or comma",
            )
        )
    return out
