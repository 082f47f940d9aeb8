"""What the OCR engine almost read, judged in context (evidence 0, the strongest per character).

``extract_pdf`` keeps, for every OCR'd character read with less than full confidence, the
other characters the recogniser gave weight to, and for every gap between two characters
the characters it nearly emitted there (``doc.ocr_choices``; see
``pipeline.ocr_alternatives``). A confidently read character has no choices, so nothing
here can touch clean text. For each choice this module asks whether the context prefers an
alternative strongly enough, given how much the engine preferred what it printed:

* **Han for Han** (歷力 → 壓力, 上漂 → 上漲): ``score = LM gain + W_OCR · log(p_alt / p_read)``
  ``+ document support`` (the word printed elsewhere in the report: +2, twice or more: +3.5),
  where the LM gain is that of the running-text word bigram model (``wordlm``, open-gram)
  over the clause window (the lexicon LM when the model file is absent), and the alternative must form a lexicon word there. Numerals, meaning
  contrasts (上/下) and script variants are never swapped — the same guards as the
  confusion-set corrector (``characters``).
* **punctuation** (需求延續旺盛·而 → 旺盛，而; a dropped comma in 增長7.8%按年增長): a
  clause mark the engine half-saw between two characters of prose, where the lexicon puts
  a word boundary, and a middle dot, plus sign or asterisk read between two Han characters
  where the engine's second choice is a clause mark.
* **dropped Latin letters** (OPO → OPPO, Nn → Non): a letter the engine nearly read in a gap
  inside or beside a Latin token, when the token with it is a known word or name (English
  vocabulary, the entity gazetteer, or printed elsewhere in the document) and the token
  as read is not. Letters the engine *did* read are not swapped for its second choice: on
  the OCR benchmark 1 of 10 such swaps was right (misspelled words are ``english``'s).

Digits are never changed (a wrong number is worse than a garbled one); nothing is inserted
that the engine did not see.
"""

from __future__ import annotations

import math
import re
import unicodedata

from pipeline.repair import Proposal
from pipeline.repair.characters import CONTRAST, NUMERALS, candidate_ok, han_window
from pipeline.repair.lexicon import HAN_RE, Lexicon
from pipeline.repair.wordlm import get_word_lm

W_OCR = 1.0  # LM nats per nat of OCR log-odds
HAN_MIN_SCORE = 7.0  # a Han replacement needs this much (LM gain + weighted OCR log-odds)
CLAUSE_MARKS = "，、；：。"
ODD_MARKS = "·+*’'‘|¦"  # read between two Han characters, these are nearly always a lost comma
PUNCT_GAP_MIN = 0.15  # a clause mark the engine half-saw in a gap
PUNCT_SUBST_MIN = 0.05
STUTTER_MIN_RATIO = 0.25  # a misread copy of its neighbour: second reading / reading
PERIOD_SUBST_MIN = 0.25
LATIN_GAP_MIN = 0.25  # a letter the engine nearly read in a gap
LATIN_GAP_MIN_PRINTED = 0.08  # … making a token the document prints elsewhere
_ASCII_TO_CJK = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(HAN_RE.match(ch))


def _fold(ch: str, left: str, right: str) -> str:
    """An alternative as normalize would have printed it in this context."""
    ch = unicodedata.normalize("NFKC", ch) if ch and "\uff01" <= ch <= "\uff5e" else ch
    if ch in _ASCII_TO_CJK and (_is_han(left) or _is_han(right)):
        return _ASCII_TO_CJK[ch]
    return ch


def propose(
    lex: Lexicon, doc, text: str, *, script: str | None, skip, min_score: float = HAN_MIN_SCORE
) -> list[Proposal]:
    if not doc.ocr_choices:
        return []
    mp = doc.offsets
    out: list[Proposal] = []
    vocab = _DocVocab(lex, text)
    seen: set[tuple[int, int]] = set()
    orig = doc.text.original
    for ch in doc.ocr_choices:
        if orig[ch.orig_start : ch.orig_end] != ch.read:
            continue  # not where the engine read it (a stale layer): no evidence
        s, e = mp.to_norm(ch.orig_start, ch.orig_end)
        if (s, e) in seen or s > len(text):
            continue
        seen.add((s, e))
        if ch.read:
            if e - s != 1 or skip(s):
                continue
            p = _substitution(lex, text, s, ch, script, vocab, min_score)
        else:
            if s != e or skip(max(s - 1, 0)) or skip(min(s, len(text) - 1)):
                continue
            p = _insertion(lex, text, s, ch, vocab)
        if p is not None:
            out.append(p)
    return out


def _substitution(lex, text, s, ch, script, vocab, min_score) -> Proposal | None:
    cur = text[s]
    left = text[s - 1] if s else ""
    right = text[s + 1] if s + 1 < len(text) else ""
    best = None
    for alt, p_alt in ch.alternatives:
        alt = _fold(alt, left, right)
        if not alt or alt == cur or len(alt) != 1:
            continue
        ocr = math.log(max(p_alt, 1e-6) / max(ch.p_read, 1e-6))
        if _is_han(cur) and alt in (left, right) and _is_han(alt):
            cand = _stutter(lex, text, s, cur, alt, p_alt, ch.p_read, min_score)
        elif _is_han(cur) and _is_han(alt):
            cand = _han(lex, text, s, cur, alt, ocr, p_alt, ch.p_read, script, min_score)
        elif cur in ODD_MARKS and alt in CLAUSE_MARKS and _is_han(left) and _is_han(right):
            cand = _odd_mark(s, cur, alt, p_alt, ch.p_read)
        else:
            cand = None
        if cand is not None and (best is None or cand.confidence > best.confidence):
            best = cand
    return best


def _han(lex, text, s, cur, alt, ocr, p_alt, p_read, script, min_score) -> Proposal | None:
    if cur in NUMERALS or alt in NUMERALS or frozenset((cur, alt)) in CONTRAST:
        return None
    if not candidate_ok(lex, cur, alt, script):
        return None
    a, b = han_window(text, s, 3, 3)
    if b - a < 2:
        return None
    w = text[a:b]
    w2 = w[: s - a] + alt + w[s - a + 1 :]
    if _in_name(lex, text, s):
        return None  # 美團 is a company, not a garbled 美國
    # the alternative must make a word in context, and not only by doubling a neighbour
    # (快块 → 块块): OCR stutters, the author rarely does
    cover = [(x, y, f) for x, y, f in lex.covering_words(w2, s - a) if len(set(w2[x:y])) > 1]
    if not cover:
        return None
    wlm = get_word_lm()  # running-text word bigrams (open-gram), else the lexicon LM
    gain = wlm.score(w2) - wlm.score(w) if wlm is not None else lex.lm_logprob(w2) - lex.lm_logprob(w)
    # the word printed elsewhere in the document supports it (as in ``characters``)
    seen = max(text.count(w2[x:y]) for x, y, _ in cover)
    bonus = 0.0 if seen == 0 else (2.0 if seen == 1 else 3.5)
    score = gain + W_OCR * ocr + bonus
    if score < min_score - 4.0:
        return None
    conf = max(0.5, min(0.97, 0.8 + (score - min_score) / 12))
    words = sorted({w2[x:y] for x, y, _ in cover}, key=len)[-2:]
    return Proposal(
        s,
        s + 1,
        alt,
        "ocr_choice",
        round(conf, 3),
        f"OCR read '{cur}' at {p_read:.2f} with '{alt}' at {p_alt:.2f}; '{alt}' forms {'/'.join(words)} in "
        f"'{w}'"
        + (f", printed {seen}× elsewhere in the document" if seen else "")
        + f" (LM gain {gain:.1f}, score {score:.1f}, needs {min_score:.1f})",
        extra={"score": score, "gain": gain, "ocr": ocr, "seen": seen},
    )


def _stutter(lex, text, s, cur, alt, p_alt, p_read, min_score) -> Proposal | None:
    """现全金流: the engine read 金 twice, once as 全 (its second reading of 全 is the
    neighbour 金). The misread copy is dropped when the text without it reads better and
    the doubled character (金金) is no word."""
    wlm = get_word_lm()
    if wlm is None or alt + alt in wlm.vocab or lex.is_word(alt + alt):
        return None
    if p_alt < STUTTER_MIN_RATIO * p_read:
        return None  # dropping a character is cheap for any LM: the engine must half-agree
    a, b = han_window(text, s, 3, 3)
    w = text[a:b]
    w2 = w[: s - a] + w[s - a + 1 :]
    k = s - a  # the join in w2
    if not any(x < k < y for x, y, _ in lex.covering_words(w2, max(k - 1, 0))):
        return None  # the two sides must make one word once the copy is gone
    gain = wlm.score(w2) - wlm.score(w)
    if gain < min_score:
        return None
    return Proposal(
        s,
        s + 1,
        "",
        "ocr_choice",
        0.85,
        f"OCR read '{cur}' at {p_read:.2f} beside '{alt}', its second reading ({p_alt:.2f}): one "
        f"character read twice; '{w2}' without it (LM gain {gain:.1f})",
        extra={"gain": gain},
    )


def _in_name(lex, text: str, s: int, longest: int = 8) -> bool:
    """A gazetteer name (company, product, person) printed across position ``s``."""
    names = lex.names
    for a in range(max(0, s - longest + 1), s + 1):
        for b in range(s + 1, min(len(text), a + longest) + 1):
            if b - a >= 2 and text[a:b] in names:
                return True
    return False


def _odd_mark(s, cur, alt, p_alt, p_read) -> Proposal | None:
    # a full stop ends a sentence: it needs more of the engine's weight than a comma
    if p_alt < (PERIOD_SUBST_MIN if alt == "。" else PUNCT_SUBST_MIN):
        return None
    conf = min(0.95, 0.82 + p_alt / 3)
    return Proposal(
        s,
        s + 1,
        alt,
        "ocr_choice",
        round(conf, 3),
        f"'{cur}' between two Han characters of prose, the OCR's next reading '{alt}' ({p_alt:.2f}, "
        f"read {p_read:.2f}): a clause mark",
    )


def _insertion(lex, text, s, ch, vocab) -> Proposal | None:
    left = text[s - 1] if s else ""
    right = text[s] if s < len(text) else ""
    if not left or not right or left.isspace() or right.isspace():
        return None
    best = None
    for alt, p_alt in ch.alternatives:
        alt = _fold(alt, left, right)
        if not alt or len(alt) != 1:
            continue
        cand = None
        if alt in CLAUSE_MARKS and p_alt >= PUNCT_GAP_MIN:
            cand = _clause_gap(lex, text, s, alt, p_alt, left, right)
        elif (
            alt.isascii()
            and alt.isalpha()
            and (left.isascii() and left.isalpha() or right.isascii() and right.isalpha())
        ):
            cand = _latin(text, s, s, alt, p_alt, vocab, "in a gap")
        if cand is not None and (best is None or cand.confidence > best.confidence):
            best = cand
    return best


def _clause_gap(lex, text, s, alt, p_alt, left, right) -> Proposal | None:
    if left in CLAUSE_MARKS + "。！？（「『“《" or right in CLAUSE_MARKS + "。！？）」』”》%":
        return None
    if not (_is_han(right) and (_is_han(left) or left.isdigit() or left in "%）)")):
        return None
    a, b = han_window(text, s - 1, 4, 0)
    c, d = han_window(text, s, 0, 4)
    # the lexicon must not join the two sides into a word
    if (
        _is_han(left)
        and lex.covering_words(text[a:d], s - 1 - a)
        and any(x <= s - 1 - a and y > s - a for x, y, _ in lex.covering_words(text[a:d], s - 1 - a))
    ):
        return None
    conf = min(0.95, 0.7 + p_alt / 2)
    return Proposal(
        s,
        s,
        alt,
        "ocr_choice",
        round(conf, 3),
        f"the OCR nearly read '{alt}' ({p_alt:.2f}) between '{left}' and '{right}', at a word boundary",
    )


class _DocVocab:
    """Latin tokens the document prints, with counts, and the lexicon's English/name vocabulary."""

    def __init__(self, lex: Lexicon, text: str) -> None:
        from collections import Counter

        self.lex = lex
        self.counts = Counter(m.group() for m in _LATIN_TOKEN.finditer(text))

    def known(self, tok: str, *, exclude_self: bool = False) -> bool:
        n = self.counts.get(tok, 0) - (1 if exclude_self else 0)
        if n > 0:
            return True
        if len(tok) == 1:
            return False  # a lone letter before Chinese text is rarely a word of its own
        return self.lex.english_known(tok) or tok.upper() == tok and self.lex.english_known(tok.lower())


def _latin(text, s, e, alt, p_alt, vocab, how) -> Proposal | None:
    if p_alt < LATIN_GAP_MIN_PRINTED:
        return None
    # the Latin token around the position, before and after the change
    a = s
    while a > 0 and text[a - 1].isascii() and text[a - 1].isalnum():
        a -= 1
    b = e
    while b < len(text) and text[b].isascii() and text[b].isalnum():
        b += 1
    old = text[a:b]
    new = text[a:s] + alt + text[e:b]
    if not old or any(c.isdigit() for c in old + new) or a and text[a - 1] == ".":
        return None  # identifiers with digits, and ticker suffixes (.SH, .HK), are not words
    if old.isupper() != new.isupper() and len(old) > 1:
        return None  # a lower-case letter into an acronym (HK → Hk) or the reverse
    if vocab.known(old, exclude_self=True) or not vocab.known(new):
        return None
    printed = vocab.counts.get(new, 0)
    if p_alt < (LATIN_GAP_MIN_PRINTED if printed else LATIN_GAP_MIN):
        return None  # a token the document prints elsewhere (AI) needs less of the engine's weight
    conf = min(0.95, 0.8 + p_alt / 2)
    return Proposal(
        s,
        e,
        alt,
        "ocr_choice",
        round(conf, 3),
        f"'{old}' is no known word; with the OCR's alternative '{alt}' ({p_alt:.2f}, {how}) it reads '{new}'"
        + (f", printed {printed}× elsewhere in the document" if printed else ""),
    )
