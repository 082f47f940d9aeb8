"""A full-width comma read as a middle dot (evidence 4b).

Traditional-Chinese fonts centre the full-width comma and full stop in the em box; at low
resolution OCR reads the centred comma as a middle dot (毛利率意化·原因在於 …). A middle dot
(· U+00B7, ・ U+30FB, • U+2022) between two Han characters is read as ``，`` when it sits
inside running prose — at least ``MIN_RUN`` Han characters on each side before the next
punctuation mark — and neither side is a transliterated name (the interpunct's own use in
Chinese: 唐納德·特朗普), judged by the characters next to the dot: syllables used to spell
foreign names, or a person name of the lexicon. A dot at the start of a line (a bullet) is
never touched.
"""

from __future__ import annotations

import re

from pipeline.repair import Proposal
from pipeline.repair.lexicon import Lexicon

DOTS = "·・•"
MIN_RUN = 3
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


def propose(lex: Lexicon, text: str, *, skip) -> list[Proposal]:
    out: list[Proposal] = []
    for m in re.finditer(f"[{DOTS}]", text):
        p = m.start()
        if p == 0 or p + 1 >= len(text) or skip(p):
            continue
        if not (_HAN.match(text[p - 1]) and _HAN.match(text[p + 1])):
            continue  # a bullet, a dot between Latin words or numbers
        a = p
        while a > 0 and _HAN.match(text[a - 1]):
            a -= 1
        rm = _RUN.match(text, p + 1)
        lrun = p - a
        rrun = len(rm.group()) if rm else 0
        if lrun < MIN_RUN or rrun < MIN_RUN:
            continue
        if _name_like(text[p - 2 : p]) or _name_like(text[p + 1 : p + 3]):
            continue  # 唐納德·特朗普: the interpunct of a foreign name
        names = _person_names(lex)
        if any(text[a:b] in names or lex.simp(text[a:b]) in names for a, b in _spans(p, len(text))):
            continue
        out.append(
            Proposal(
                p,
                p + 1,
                "，",
                "punctuation",
                0.85,
                f"'{text[p]}' between two clauses of prose ({lrun} and {rrun} Han characters on "
                f"either side, no name): a centred full-width comma read as a middle dot",
            )
        )
    return out


def _spans(p: int, n: int):
    for a in range(max(0, p - 4), p - 1):
        yield a, p
    for b in range(p + 3, min(n, p + 5) + 1):
        yield p + 1, b


def _person_names(lex: Lexicon) -> frozenset[str]:
    from pipeline.repair.characters import _person_names as names

    return names()
