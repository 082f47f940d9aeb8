"""Wrong characters scored by the word lexicon and the LM (evidence 3).

A Han character is a suspect when no lexicon word of two or more characters covers it in
its context (其中四干元以上: neither 四干 nor 干元 is a word), or when it sits in an OCR block
of low confidence. Its candidates come from two directions:

- the confusion sets: the visual table (a character's nearest glyphs) and the pinyin set;
- the lexicon: every character that would make a word with the neighbours (the masked-word
  index: 四? → 四千, 四川 …; ?元 → 千元, 萬元 …), kept when the pair's glyph similarity
  (``visual_similarity``, any pair, not only a top-k row) passes ``LEXICAL_VISUAL_MIN``.

Both are filtered to the document's script (never a script variant of the same character:
稅/税). A candidate wins when it makes a lexicon word in context and the segmentation LM of
the window gains a lot (四千元 reads as 四千/元).

Numerals and characters whose change would flip a meaning-bearing contrast are never
touched (二/三, 上/下): a wrong number is worse than a garbled one.
"""

from __future__ import annotations

import functools
import re

from pipeline.repair import Proposal
from pipeline.repair.lexicon import HAN_RE, Lexicon, _is_traditional_only
from pipeline.repair.wordlm import get_word_lm
from pipeline.stages.normalize import MARK_PAIRS

NUMERALS = set("〇一二三四五六七八九十百千萬万億亿兩两零壹貳贰參叁肆伍陸陆柒捌玖拾佰仟")
# Pairs whose members are both common and opposite in meaning: never swapped.
CONTRAST = {
    frozenset(p)
    for p in (
        "上下",
        "買賣",
        "买卖",
        "增減",
        "增减",
        "多少",
        "大小",
        "高低",
        "前後",
        "前后",
        "入出",
        "左右",
        "正負",
        "正负",
        "升降",
        "漲跌",
        "涨跌",
        "男女",
        "內外",
        "内外",
        "東西",
        "东西",
        "南北",
        "開閉",
        "开闭",
        "有無",
        "有无",
        "是否",
        "主次",
        "新舊",
        "新旧",
    )
}

# Context characters that end a window (punctuation, digits, Latin, breaks).
_WINDOW_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

VISUAL_MIN = 0.62  # glyph similarity of a confusable pair (document consistency, the table)
# character replacements need a closer glyph: on the OCR benchmark no replacement below
# 0.66 was right, and on clean text the ones that fired were false (敍→議, 募→筹 at 0.62-0.65)
CHAR_VISUAL_MIN = 0.66
LEXICAL_VISUAL_MIN = CHAR_VISUAL_MIN  # lexicon-driven candidates: any pair, by visual_similarity
PHONETIC_MIN = 0.85
SIM_WEIGHT = 25.0  # score points per unit of glyph similarity above 0.8  # the shared pinyin table is broad (fuzzy initials/finals)


def candidates(lex: Lexicon, ch: str, script: str | None, *, phonetic: bool = True) -> list[tuple[str, float, str]]:
    """Confusion candidates of ``ch``: (candidate, similarity, "visual"|"pinyin")."""
    return _candidates(lex, ch, script, phonetic)


@functools.lru_cache(maxsize=100000)
def _candidates(lex: Lexicon, ch: str, script: str | None, phonetic: bool) -> list[tuple[str, float, str]]:
    out: dict[str, tuple[float, str]] = {}
    for c, s in lex.visual(ch).items():
        if s >= CHAR_VISUAL_MIN:
            out[c] = (s, "visual")
    if phonetic:
        for c, s in lex.phonetic(ch).items():
            if c not in out and s >= PHONETIC_MIN:
                out[c] = (0.55, "pinyin")
    res = [(c, s, src) for c, (s, src) in out.items() if candidate_ok(lex, ch, c, script)]
    res.sort(key=lambda t: -t[1])
    return res


@functools.lru_cache(maxsize=400000)
def candidate_ok(lex: Lexicon, ch: str, c: str, script: str | None) -> bool:
    """``c`` may replace ``ch``: a common Han character, not a numeral swap, not a script or
    regional variant of ``ch``, in the document's script, not a meaning contrast."""
    if c == ch or not HAN_RE.match(c) or c in NUMERALS and ch in NUMERALS:
        return False
    if lex.simp(c) == lex.simp(ch) or _variants(c) & _variants(ch):
        return False  # a script or regional variant (稅/税, 敍/敘), not a different character
    if script == "zh-Hans" and _is_traditional_only(c):
        return False
    if frozenset((ch, c)) in CONTRAST:
        return False
    return lex.freq.get(lex.simp(c), 0) >= 50  # a rare character is never the better reading


@functools.lru_cache(maxsize=400000)
def pair_similarity(lex: Lexicon, ch: str, c: str) -> float | None:
    """Glyph similarity of the pair (any pair, from the glyph features), or ``None``."""
    return lex.visual_similarity(ch, c)


def lexical_candidates(
    lex: Lexicon, window: str, pos: int, script: str | None, have: set[str] | None = None
) -> list[tuple[str, float, str]]:
    """Characters that would make a lexicon word with the neighbours at ``pos`` of
    ``window`` (实?/?现 …, the masked-word index) and whose glyph looks like the printed one
    (``visual_similarity ≥ LEXICAL_VISUAL_MIN``): (candidate, similarity, "visual")."""
    ch = window[pos]
    pool = [c for cs in lex.lexical_fills(window, pos) for c in lex.script_forms(cs) if not (have and c in have)]
    out = []
    for c, sim in zip(pool, lex.visual_similarities(ch, pool), strict=True):
        if sim is None or sim < LEXICAL_VISUAL_MIN or not candidate_ok(lex, ch, c, script):
            continue
        out.append((c, sim, "visual"))
    return out


@functools.lru_cache(maxsize=100000)
def _variants(ch: str) -> frozenset[str]:
    from pipeline.chinese_script import convert

    return frozenset(convert(ch, cfg) for cfg in ("t2s", "hk2s", "tw2s"))


@functools.lru_cache(maxsize=1)
def _person_names() -> frozenset[str]:
    """jieba words tagged as person names (nr*): a fix never turns text into a famous name."""
    try:
        import jieba.posseg as pseg

        return frozenset(w for w, t in pseg.dt.word_tag_tab.items() if t.startswith("nr"))
    except Exception:  # noqa: BLE001
        return frozenset()


def script_ok(window: str, script: str | None, pos: int | None = None) -> bool:
    """The candidate reads as the document's script in its window (phrase-aware: 里程 is fine
    in Traditional although 里 alone converts to 裏). With ``pos``, only that character is
    checked (OCR output often mixes scripts around it)."""
    from pipeline.chinese_script import convert

    def same(cfg: str) -> bool:
        out = convert(window, cfg)
        if pos is not None and len(out) == len(window):
            return out[pos] == window[pos]
        return out == window

    if script == "zh-Hant":
        return same("s2t") or same("s2hk") or same("s2tw")
    if script == "zh-Hans":
        return same("t2s")
    return True


def uni_logprob(lex: Lexicon, ch: str) -> float:
    lm = lex.charlm()
    if lm is not None:
        try:
            return float(lm.char_logprob(None, ch))
        except Exception:  # noqa: BLE001
            pass
    import math

    return math.log(max(lex.freq.get(lex.simp(ch), 0), 1)) - lex.log_total + 3.0


RECORD_BELOW = 5.0  # proposals this far below the bar are still recorded (not applied)
RARE_CHAR = -12.5  # a character rarer than this needs RARE_EXTRA more score
RARE_EXTRA = 4.0
ATTESTED_EXTRA = 3.0
COMMON_WORD_EXTRA = 3.0  # for one of Lexicon.common_singles (因, 及, 其)
SHORT_QUOTE = 8  # characters inside the quotation marks of a quoted term
QUOTED_TERM_EXTRA = 6.0  # a quoted term changed into one the document never prints
_QUOTES = {o: MARK_PAIRS[o] for o in "“「『"}  # opener → closer


def _quoted_term_new(text: str, span: tuple[int, int], p: int, c: str) -> bool:
    """Would ``c`` at ``p`` make the quoted term one the document prints nowhere else?"""
    a, b = span
    term = text[a:p] + c + text[p + 1 : b]
    return text.count(term) == 0


# broker prose pairs two one-character quantities with two directions in four characters
_QUANTITIES = "量價价利產产銷销供需收支進进出質质"
_DIRECTIONS = "增減减升降漲涨跌穩稳平揚扬落縮缩擴扩"
_PAIRED = re.compile(f"[{_QUANTITIES}][{_DIRECTIONS}][{_QUANTITIES}][{_DIRECTIONS}]")


def paired_phrases(text: str) -> set[int]:
    """Positions of four-character phrases that pair two quantities with two directions:
    量增价稳, 量增價跌, 价升量缩, 量稳质升. Each half is a noun and a verb of one character, so
    neither forms a dictionary word with its neighbour, and a rule judged by words reads the
    phrase as a misprint (量增价稳 → 量增价格; 量增價 → 量電價 where 容量電價 is frequent)."""
    out: set[int] = set()
    for m in re.finditer(f"(?=({_PAIRED.pattern}))", text):
        out.update(range(m.start(), m.start() + 4))
    return out


def short_quote(text: str, s: int) -> tuple[int, int] | None:
    """The inside of the quotation of at most ``SHORT_QUOTE`` characters on its line that
    holds ``s`` (“量增价稳”, 「以價換量」), or None. Writers set such terms apart because they
    are products, slogans or set phrases — the strings no lexicon holds."""
    a = max(text.rfind(o, max(0, s - SHORT_QUOTE), s) for o in _QUOTES)
    if a < 0 or any(c in text[a + 1 : s] for c in "”」』\n"):
        return None
    b = text.find(_QUOTES[text[a]], s, s + SHORT_QUOTE)
    if b < 0 or b - a - 1 > SHORT_QUOTE or "\n" in text[s:b]:
        return None
    return a + 1, b


def han_window(text: str, pos: int, left: int = 3, right: int = 3) -> tuple[int, int]:
    """Window around ``pos`` that does not cross punctuation, digits or line breaks.

    Latin letters are kept (AI雲) so that mixed tokens give context.
    """
    a = pos
    while a > 0 and pos - a < left and _ctx(text[a - 1]):
        a -= 1
    b = pos + 1
    while b < len(text) and b - pos - 1 < right and _ctx(text[b]):
        b += 1
    return a, b


def _ctx(ch: str) -> bool:
    return bool(_WINDOW_RE.match(ch)) or ch.isascii() and ch.isalpha()


def is_protected(lex: Lexicon, text: str, pos: int) -> bool:
    """True when a lexicon word of ≥ 2 characters covers ``pos`` in its context."""
    a, b = han_window(text, pos, 4, 4)
    return bool(lex.covering_words(text[a:b], pos - a))


def one_one_alone(lex: Lexicon, text: str, s: int) -> bool:
    """Does ``一一`` at ``s`` make no lexicon word with the text outside the pair (統一一致,
    一一對應 do)? Then it can be the Chinese dash —— read as two numerals."""
    a, b = max(0, s - 4), min(len(text), s + 6)
    words = {(x, y) for k in (0, 1) for x, y, _ in lex.covering_words(text[a:b], s - a + k)}
    return not words - {(s - a, s - a + 2)}


def lm_gain(lex: Lexicon, text: str, pos: int, cand: str, left: int = 3, right: int = 3) -> float:
    a, b = han_window(text, pos, left, right)
    w = text[a:b]
    w2 = w[: pos - a] + cand + w[pos - a + 1 :]
    return lex.lm_logprob(w2) - lex.lm_logprob(w)


def doc_bigrams(text: str):
    from collections import Counter

    c: Counter = Counter()
    for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}", text):
        run = m.group()
        c.update(run[i : i + 2] for i in range(len(run) - 1))
    return c


def attested(bigrams, text: str, pos: int) -> bool:
    """The character forms a pair with a neighbour that the document prints twice or more:
    OCR errors are random, a repeated pair is the author's (算力, a product or drug name)."""
    return bigrams.get(text[pos - 1 : pos + 1], 0) >= 2 or bigrams.get(text[pos : pos + 2], 0) >= 2


def window_logprob(lex: Lexicon, w: str) -> float:
    """The score of a candidate window: the mean of the lexicon's segmentation LM (which
    words exist) and the running-text word bigram LM (which words follow which; ``wordlm``),
    or the former alone when the word LM is not installed. On the OCR benchmark without the
    engine's alternatives the mean repairs 10.7% of Traditional errors at 98% precision
    where the lexicon LM alone repairs 9.2%; either LM alone, or their sum, is less precise."""
    wlm = get_word_lm()
    seg = lex.seg_logprob(w)
    return seg if wlm is None else (seg + wlm.score(w)) / 2


def propose(
    lex: Lexicon,
    text: str,
    *,
    script: str | None,
    skip,
    min_gain: float = 10.5,  # RepairOptions.characters_min_gain
    phonetic: bool = True,
    low_conf_positions: set[int] | None = None,
) -> list[Proposal]:
    """Character proposals for every unprotected Han character of ``text``.

    ``skip(pos)`` is true for positions other evidence owns (tables, duplicates …).
    ``low_conf_positions`` (from OCR block confidences) lowers the gain needed.
    """
    out: list[Proposal] = []
    bigrams = doc_bigrams(text)
    for m in _WINDOW_RE.finditer(text):
        p = m.start()
        ch = m.group()
        if ch in NUMERALS or skip(p):
            continue
        low_conf = bool(low_conf_positions) and p in low_conf_positions
        if is_protected(lex, text, p) and not low_conf:
            continue  # a word covers it (an OCR low-confidence position is suspect anyway)
        # a pair the document prints twice is more likely the author's (算力, a product
        # name) — but OCR repeats its own errors too, so it only raises the bar
        extra = ATTESTED_EXTRA if attested(bigrams, text, p) else 0.0
        a, b = han_window(text, p, 3, 3)
        if b - a < 2:
            continue
        w = text[a:b]
        cands = candidates(lex, ch, script, phonetic=phonetic)
        cands = cands + lexical_candidates(lex, w, p - a, script, {c for c, _, _ in cands})
        if not cands:
            continue
        if uni_logprob(lex, ch) < RARE_CHAR:
            extra += RARE_EXTRA  # a rare character is often a name or a term (氧化镝)
        elif lex.simp(ch) in lex.common_singles:
            # one of the commonest one-character words (因, 及, 其) stands alone in a sentence:
            # that it "forms no word" with its neighbours is no sign of a misreading
            extra += COMMON_WORD_EXTRA
        quoted = short_quote(text, p)
        base = None
        best = None
        for c, sim, src in cands:
            w2 = w[: p - a] + c + w[p - a + 1 :]
            cover = lex.covering_words(w2, p - a)
            if not cover or not script_ok(w2, script, p - a):
                continue  # the candidate must make a word, in the document's script
            names = _person_names()
            if all(lex.simp(w2[x:y]) in names for x, y, _ in cover):
                continue  # 陳嘉敏 → 陳惠敏: a rare name made into a famous one
            if base is None:
                base = window_logprob(lex, w)
            gain = window_logprob(lex, w2) - base
            # the same word printed elsewhere in the document supports the candidate
            seen = max(text.count(w2[x:y]) for x, y, _ in cover)
            bonus = 0.0 if seen == 0 else (2.0 if seen == 1 else 3.5)
            prior = SIM_WEIGHT * (sim - 0.8) - (2.0 if src == "pinyin" else 0.0)
            score = gain + prior + bonus
            if best is None or score > best[0]:
                best = (score, c, gain, sim, src, seen, w2, cover)
        if best is None:
            continue
        score, c, gain, sim, src, seen, w2, cover = best
        if quoted and _quoted_term_new(text, quoted, p, c):
            # a quoted term (“量增价稳”) is judged as a whole: words that the candidate forms
            # inside it (价格) say nothing about a phrase the writer set apart
            extra += QUOTED_TERM_EXTRA
        need = min_gain + extra - (3.0 if low_conf_positions and p in low_conf_positions else 0.0)
        if score < need - RECORD_BELOW:
            continue  # too weak even to record as an unapplied proposal
        conf = max(0.5, min(0.95, 0.8 + (score - need) / 15))
        words = sorted({w2[x:y] for x, y, _ in cover}, key=lambda w: (len(w), w))[-2:]
        out.append(
            Proposal(
                p,
                p + 1,
                c,
                "character",
                round(conf, 3),
                f"{src} confusion {ch}→{c} (similarity {sim:.2f}): '{ch}' forms no word in "
                f"'{w}', '{c}' forms {'/'.join(words)}"
                + (f" (printed {seen}× elsewhere in the document)" if seen else "")
                + f"; LM gain {gain:.1f}, score {score:.1f} (needs {need:.1f})",
                extra={"score": score, "need": need, "similarity": sim, "gain": gain, "seen": seen},
            )
        )
    return out
