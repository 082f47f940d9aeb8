"""What the OCR engine almost read, judged in context (evidence 0, the strongest per character).

``extract_pdf`` keeps, for every OCR'd character read with less than full confidence, the
other characters the recogniser gave weight to, and for every gap between two characters
the characters it nearly emitted there (``doc.ocr_choices``; see
``pipeline.ocr_alternatives``). A confidently read character has no choices, so nothing
here can touch clean text. For each choice this module asks whether the context prefers an
alternative strongly enough, given how much the engine preferred what it printed:

* **Han for Han** (歷力 → 壓力, 上漂 → 上漲): ``score = LM gain + W_OCR · log(p_alt / p_read)
  + document support`` (the word printed elsewhere in the report: +2, twice or more: +3.5).
  The LM gain is the running-text word bigram model's (``wordlm``, open-gram) over the
  clause window (the lexicon LM when the model file is absent). The alternative must form a
  lexicon word there, or score ``NO_WORD_EXTRA`` more. Numerals, meaning contrasts (上/下),
  script variants and characters inside a gazetteer name (美團) are never swapped.
  Uncertain positions at most ``JOINT_GAP`` apart are **decided together** (臟訊控投 →
  騰訊控股; 觀堂 → 觀望, not 殿堂), and a character read twice loses its misread copy
  (現全金流 → 現金流). An alternative that completes a gazetteer name of four or more
  characters gets ``NAME_BONUS`` (國秦海通 → 國泰海通), and a confusion accepted with
  confidence elsewhere in the document lifts a close call of the same pair by
  ``LEARNED_BONUS`` (one font, one scan: 圖 for 關 in 機關 and in 相關).
* **punctuation**: a clause mark the engine half-saw between two characters of prose where
  the lexicon puts a word boundary (增長7.8%按年增長 → 7.8%，按年); a middle dot, plus sign or
  asterisk read between two Han characters whose next reading is a clause mark (旺盛·而 →
  旺盛，而); ``；``/``：`` swapped when the word LM (which models punctuation) agrees; a
  dash half-seen where the engine read 一 and 一 makes no word (暫停一恢復 → 暫停—恢復); a
  。 or a closing bracket half-seen after a paragraph's last character.
* **spaces** half-seen between two Latin tokens (KVcache → KV cache, iPhone17 → iPhone 17,
  5.OpenAI → 5. OpenAI), never inside a known word, a ticker suffix or a number.
* **dropped Latin letters** (OPO → OPPO, Nn → Non): a letter the engine nearly read in a gap
  inside or beside a Latin token, when the token with it is a known word or name (English
  vocabulary, the entity gazetteer, or printed elsewhere in the document) and the token
  as read is not; a short acronym only into a token the document prints. Letters the
  engine *did* read are not swapped for its second choice: on the OCR benchmark 1 of 10
  such swaps was right (misspelled words are ``english``'s).
* **numbers** are never changed (a wrong number is worse than a garbled one): a number the
  engine was split on is flagged ``unrepaired`` (a digit half-seen beside the same digit is
  one wide glyph and needs ``DIGIT_REPEAT_FLAG_MIN``).

Nothing is inserted that the engine did not see. Thresholds were set on
``benchmarks/ocr_noise.py`` (see ``docs/repair.md``, Options and Figures).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata

from pipeline.repair import Proposal
from pipeline.repair.characters import (
    CONTRAST,
    NUMERALS,
    RARE_CHAR,
    candidate_ok,
    han_window,
    is_protected,
    one_one_alone,
    short_quote,
    uni_logprob,
)
from pipeline.repair.lexicon import HAN_RE, Lexicon
from pipeline.repair.wordlm import get_word_lm
from pipeline.stages.normalize import ASCII_TO_CJK, MARK_PAIRS, line_at

W_OCR = 1.0  # LM nats per nat of OCR log-odds
HAN_MIN_SCORE = 6.0  # a Han replacement needs this much (LM gain + weighted OCR log-odds)
CLAUSE_MARKS = "，、；：。"
ODD_MARKS = "·+*’'‘|¦"  # read between two Han characters, these are nearly always a lost comma
PUNCT_GAP_MIN = 0.05  # a clause mark the engine half-saw in a gap
PUNCT_GAP_MIN_AFTER_NUMBER = 0.15  # … after a number, which Han text often continues (5%的)
PUNCT_SUBST_MIN = 0.05
DIGIT_FLAG_MIN = 0.3  # another digit this likely flags the number
DIGIT_REPEAT_FLAG_MIN = 0.6  # … the digit beside a gap again: usually one wide glyph
MARK_MIN_SCORE = 3.0  # LM gain + OCR log-odds for ；↔：
NO_WORD_EXTRA = 4.0  # score a reading that forms no lexicon word needs on top
JOINT_GAP = 3  # choice positions this close are decided together
JOINT_MAX = 4  # at most this many positions of a cluster (the least confident)
JOINT_ALTERNATIVES = 2  # the engine's best alternatives per position
JOINT_EXTRA = 2.0  # score needed per change beyond the first
STUTTER_MIN_RATIO = 0.25  # a misread copy of its neighbour: second reading / reading
PERIOD_SUBST_MIN = 0.25
NAME_BONUS = 3.0  # the alternative completes a gazetteer name of four or more characters
LEARNED_FROM = 0.9  # an accepted confusion this sure teaches the document's others
LEARNED_BONUS = 2.0
DASHES = "—―－-"
DASH_MIN = 0.1  # a dash the engine half-saw where it read 一
LINE_END_MIN = 0.2  # a mark half-seen after a paragraph's last character
QUOTED_EXTRA = 2.0  # a Han alternative inside a short quoted term (“濡白天使”)
RARE_READ_MIN = 0.8  # a rare character read at least this surely …
RARE_READ_EXTRA = 2.0  # … needs this much more score to be replaced
UNSEEN_CHAR = -19.0  # the character LM's floor: a character it never saw
LETTER_SPACE_MIN = 0.02  # a space half-seen between two letters
SIGN_GAP_MIN = 0.1  # a minus half-seen before a range's second number when its first is negative
_CLOSERS = {MARK_PAIRS[o]: o for o in "《（「『“【"}  # closer → opener
_OPENERS = {v: k for k, v in _CLOSERS.items()}
PAIR_GAP_MIN = 0.05  # a quotation mark or bracket half-seen in a gap that its pair lacks
# a space the engine half-saw between two Latin tokens: where none was printed the space
# class stays below 0.001 (``ocr_alternatives.SPACE_MIN_ALT``); on the OCR benchmark all 28
# spaces it weighed at 0.003 or more between Latin characters were printed ones
SPACE_GAP_MIN = 0.003
LATIN_GAP_MIN = 0.25  # a letter the engine nearly read in a gap
LATIN_GAP_MIN_PRINTED = 0.08  # … making a token the document prints elsewhere
# 5.  3.1  ① (not （1）: the engine weighs a space in its blank half)
_LIST_LABEL = re.compile(r"\d{1,2}\.(?:\d{1,2}\.?)?|[\u2460-\u2473]")
_ROMAN = re.compile(r"[ivx]{1,4}|[IVX]{1,4}")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(HAN_RE.match(ch))


def _fold(ch: str, left: str, right: str) -> str:
    """An alternative as normalize would have printed it in this context."""
    ch = unicodedata.normalize("NFKC", ch) if ch and "\uff01" <= ch <= "\uff5e" else ch
    if ch in ASCII_TO_CJK and (_is_han(left) or _is_han(right)):
        return ASCII_TO_CJK[ch]
    return ch


def placed(doc, text: str, *, once: bool = True):
    """``(start, end, choice)`` in ``text`` (the normalized text) for each of the engine's
    choices still where it read them — a stale layer is no evidence — once per span (or,
    with ``once=False``, every choice: two gaps of a double space normalize removed land on
    one position)."""
    orig = doc.text.original
    seen: set[tuple[int, int]] = set()
    for ch in doc.ocr_choices or []:
        if orig[ch.orig_start : ch.orig_end] != ch.read:
            continue
        s, e = doc.offsets.to_norm(ch.orig_start, ch.orig_end)
        if once and (s, e) in seen or s > len(text):
            continue
        seen.add((s, e))
        yield s, e, ch


def alternatives_at(doc, text: str, marks, read: str = "") -> dict[int, dict[str, float]]:
    """The weight the engine gave each of ``marks`` where it had doubts: {position in
    ``text``: {mark: p}}. ``read``: the characters it printed there (a position the text still
    holds one of), or "" for the gaps it read as nothing (or as a blank normalize removed).
    Where several of the engine's choices land on one position, each mark keeps its
    highest weight."""
    out: dict[int, dict[str, float]] = {}
    if not doc.ocr_choices:
        return out
    for s, e, ch in placed(doc, text, once=False):
        if read:
            if not ch.read or ch.read not in read or e != s + 1 or text[s : s + 1] not in read:
                continue
        elif s != e:
            continue
        weights = {m: p for m, p in ch.alternatives if m in marks}
        if weights:
            here = out.setdefault(s, {})
            for m, p in weights.items():
                here[m] = max(p, here.get(m, 0.0))
    return out


def propose(
    lex: Lexicon, doc, text: str, *, script: str | None, skip, min_score: float = HAN_MIN_SCORE
) -> list[Proposal]:
    if not doc.ocr_choices:
        return []
    out: list[Proposal] = []
    vocab = _DocVocab(lex, text)
    from pipeline.repair.punctuation import dots_as_commas

    dot_commas = dots_as_commas(text)
    han_opts: dict[int, tuple[float, list[tuple[str, float]]]] = {}
    dash_p: dict[int, float] = {}
    for s, e, ch in placed(doc, text):
        if ch.read:
            if e - s != 1 or skip(s):
                continue
            if ch.read == "一":
                dash_p[s] = max((p for a, p in ch.alternatives if a in DASHES), default=0.0)
            p = _substitution(lex, text, s, ch, script, vocab, min_score)
            opts = _han_options(lex, text, s, ch, script)
            if opts:
                han_opts[s] = (ch.p_read, opts)
        else:
            if s != e or skip(max(s - 1, 0)) or skip(min(s, len(text) - 1)):
                continue
            p = _insertion(lex, text, s, ch, vocab, dot_commas=dot_commas)
        if p is not None:
            out.append(p)
        flag = _digit_flag(text, s, e, ch)
        if flag is not None and not any(f.flag and f.start == flag.start for f in out):
            out.append(flag)
    out += _dash_pairs(lex, text, dash_p)
    for cluster in _clusters(text, sorted(han_opts)):
        joint = _joint(lex, text, cluster, han_opts, min_score)
        if joint:
            out = [p for p in out if not (cluster[0] <= p.start <= cluster[-1] and p.end == p.start + 1)] + joint
    return _same_token_spaces(text, _learned(text, out))


def _same_token_spaces(text: str, out: list[Proposal]) -> list[Proposal]:
    """A space the engine saw inside a Latin token (iPhone17 → iPhone 17) goes into the
    document's other copies of that token too, where the engine did not see it."""
    split: dict[str, int] = {}
    for p in out:
        if p.replacement == " " and p.start == p.end and p.confidence >= 0.85 and p.kind == "ocr_choice":
            a, b = _latin_span(text, p.start, p.start)
            if a < p.start < b:
                split.setdefault(text[a:b], p.start - a)
    if not split:
        return out
    done = {p.start for p in out if p.replacement == " " and p.start == p.end}
    for tok, k in split.items():
        for m in re.finditer(rf"(?<![A-Za-z0-9.]){re.escape(tok)}(?![A-Za-z0-9])", text):
            at = m.start() + k
            if at in done:
                continue
            done.add(at)
            out.append(
                Proposal(
                    at,
                    at,
                    " ",
                    "ocr_choice",
                    0.85,
                    f"'{tok}' is printed '{tok[:k]} {tok[k:]}' where the OCR saw the space: the same here",
                )
            )
    return out


def _learned(text: str, out: list[Proposal]) -> list[Proposal]:
    """The same glyph misread the same way elsewhere in the document: a page is set in one
    font and scanned once, so a confusion the engine made and repair accepted with confidence
    (圖 for 關 in 機關) is likely again where the context alone falls short (相圖的 → 相關的).
    A close call (within ``LEARNED_BONUS`` of its bar) whose pair was accepted elsewhere gets
    that bonus."""
    from collections import Counter

    accepted = Counter(
        (text[p.start], p.replacement)
        for p in out
        if p.kind == "ocr_choice" and p.end == p.start + 1 and "need" in p.extra and p.confidence >= LEARNED_FROM
    )
    if not accepted:
        return out
    for p in out:
        if p.confidence >= LEARNED_FROM or "need" not in p.extra or p.end != p.start + 1:
            continue
        n = accepted.get((text[p.start], p.replacement), 0)
        score, need = p.extra["score"] + LEARNED_BONUS, p.extra["need"]
        if n and score >= need:
            p.confidence = _confidence(score, need)
            p.reason += f"; the engine read '{p.replacement}' as '{text[p.start]}' {n}× elsewhere in the document (+{LEARNED_BONUS:g})"
            p.extra["learned"] = n
    return out


def _digit_flag(text: str, s: int, e: int, ch) -> Proposal | None:
    """A number the engine was unsure of: a digit read with another digit close behind, or
    a digit it nearly read in a gap beside one. Numbers are never changed on this evidence
    (a wrong number is worse than a garbled one); the number is flagged ``unrepaired`` so
    that claims built on it lose confidence."""
    digits = [(a, p) for a, p in ch.alternatives if len(a) == 1 and a.isdigit() and p >= DIGIT_FLAG_MIN]
    if not digits:
        return None
    if ch.read:
        if not (ch.read.isdigit() and e - s == 1 and text[s : s + 1].isdigit()):
            return None
        how = f"read '{ch.read}' at {ch.p_read:.2f}, '{digits[0][0]}' at {digits[0][1]:.2f}"
    else:
        if not (s and text[s - 1].isdigit() or s < len(text) and text[s].isdigit()):
            return None
        # the digit beside the gap, seen over a few more steps, is how a wide glyph decodes:
        # on the OCR benchmark none of these (0 of 7) sat on a missing digit
        neighbours = {text[s - 1 : s], text[s : s + 1]}
        digits = [(a, p) for a, p in digits if a not in neighbours or p >= DIGIT_REPEAT_FLAG_MIN]
        if not digits:
            return None
        how = f"nearly read a '{digits[0][0]}' ({digits[0][1]:.2f}) here: a digit may be missing"
    a, b = s, max(e, s)
    while a > 0 and (text[a - 1].isdigit() or text[a - 1] in ".,"):
        a -= 1
    while b < len(text) and (text[b].isdigit() or text[b] in ".,"):
        b += 1
    while a < b and not text[a].isdigit():
        a += 1
    while b > a and not text[b - 1].isdigit():
        b -= 1
    if a >= b:
        return None
    return Proposal(
        a,
        b,
        text[a:b],
        "unrepaired",
        0.5,
        f"uncertain number '{text[a:b]}': the OCR {how}; numbers are not changed on OCR evidence alone",
        flag=True,
    )


def _han_options(lex, text, s, ch, script) -> list[tuple[str, float]]:
    """The engine's Han alternatives of the Han character at ``s`` that may replace it
    (the guards of ``_han``), as (alternative, OCR log-odds against the reading)."""
    out = []
    left = text[s - 1] if s else ""
    right = text[s + 1] if s + 1 < len(text) else ""
    for alt, p_alt in ch.alternatives:
        alt = _fold(alt, left, right)
        if len(alt) != 1 or alt == text[s] or alt in (left, right):
            continue  # a neighbour's copy is a double read (``_stutter``), not a reading
        if _replaceable(lex, text, s, alt, script):
            out.append((alt, _odds(p_alt, ch.p_read)))
    return out[:JOINT_ALTERNATIVES]


def _clusters(text: str, positions: list[int]) -> list[list[int]]:
    """Runs of two or more choice positions at most ``JOINT_GAP`` apart inside one clause."""
    out: list[list[int]] = []
    cur: list[int] = []
    for s in positions:
        if cur and s - cur[-1] <= JOINT_GAP and all(_is_han(c) for c in text[cur[-1] : s + 1]):
            cur.append(s)
            continue
        if len(cur) >= 2:
            out.append(cur)
        cur = [s]
    if len(cur) >= 2:
        out.append(cur)
    return out


def _joint(lex, text, cluster, han_opts, min_score) -> list[Proposal]:
    """Neighbouring uncertain readings decided together (臟訊控投 → 騰訊控股): each alone
    leaves the other garbled and gains little, and two single judgements can disagree (觀堂:
    殿堂 or 觀望?). The engine's readings of up to ``JOINT_MAX`` positions are scored jointly
    — the LM of the window plus each changed position's OCR log-odds — and the best
    combination must clear the bar plus ``JOINT_EXTRA`` per change beyond the first, every
    changed character forming a word. Its proposals replace the single ones of the cluster."""
    wlm = get_word_lm()
    if wlm is None:
        return []
    pos = sorted(sorted(cluster, key=lambda s: han_opts[s][0])[:JOINT_MAX])
    a = han_window(text, pos[0], 3, 3)[0]
    b = han_window(text, pos[-1], 3, 3)[1]
    w = text[a:b]
    base = wlm.score(w)
    options = [[(text[s], 0.0)] + han_opts[s][1] for s in pos]
    best = None
    for combo in itertools.product(*options):
        changed = [(s, c, o) for s, (c, o) in zip(pos, combo, strict=True) if c != text[s]]
        if not changed or any(_vetoed(lex, text, s, c) for s, c, _ in changed):
            continue
        chars = list(w)
        for s, c, _ in changed:
            chars[s - a] = c
        w2 = "".join(chars)
        covers = []
        for s, _, _ in changed:
            cover = [(x, y) for x, y, _ in lex.covering_words(w2, s - a) if len(set(w2[x:y])) > 1]
            if not cover:
                break
            covers.append(cover)
        else:
            gain = wlm.score(w2) - base
            seen = max(text.count(w2[x:y]) for cover in covers for x, y in cover)
            bonus = 0.0 if seen == 0 else (2.0 if seen == 1 else 3.5)
            score = gain + W_OCR * sum(o for _, _, o in changed) + bonus
            need = min_score + JOINT_EXTRA * (len(changed) - 1)
            if best is None or score - need > best[0] - best[1]:
                best = (score, need, changed, w2, gain, seen)
    if best is None or best[0] < best[1]:
        return []
    score, need, changed, w2, gain, seen = best
    conf = _confidence(score, need)
    what = ", ".join(f"'{text[s]}'→'{c}'" for s, c, _ in changed)
    return [
        Proposal(
            s,
            s + 1,
            c,
            "ocr_choice",
            conf,
            f"OCR alternatives decided together ({what}): '{w}' → '{w2}'"
            + (f", printed {seen}× elsewhere in the document" if seen else "")
            + f" (LM gain {gain:.1f}, score {score:.1f}, needs {need:.1f})",
            extra={"score": score, "gain": gain, "joint": len(changed), "need": need},
        )
        for s, c, _ in changed
    ]


def _substitution(lex, text, s, ch, script, vocab, min_score) -> Proposal | None:
    cur = text[s]
    left = text[s - 1] if s else ""
    right = text[s + 1] if s + 1 < len(text) else ""
    best = None
    for alt, p_alt in ch.alternatives:
        alt = _fold(alt, left, right)
        if not alt or alt == cur or len(alt) != 1:
            continue
        ocr = _odds(p_alt, ch.p_read)
        if _is_han(cur) and alt in (left, right) and _is_han(alt):
            cand = _stutter(lex, text, s, cur, alt, p_alt, ch.p_read, min_score)
        elif _is_han(cur) and _is_han(alt):
            cand = _han(lex, text, s, cur, alt, ocr, p_alt, ch.p_read, script, min_score)
        elif cur in ODD_MARKS and alt in CLAUSE_MARKS and _is_han(left) and _is_han(right):
            cand = _odd_mark(s, cur, alt, p_alt, ch.p_read)
        elif cur == "一" and alt in DASHES and _is_han(left) and _is_han(right):
            cand = _dash(lex, text, s, alt, p_alt, ch.p_read)
        elif {cur, alt} == {"；", "："}:
            cand = _mark_for_mark(text, s, cur, alt, ocr, p_alt, ch.p_read)
        else:
            cand = None
        if cand is not None and (best is None or cand.confidence > best.confidence):
            best = cand
    return best


def _confidence(score: float, need: float) -> float:
    """A Han judgement's confidence: 0.8 at its bar, a twelfth more per unit above it."""
    return round(max(0.5, min(0.97, 0.8 + (score - need) / 12)), 3)


def _odds(p_alt: float, p_read: float) -> float:
    """The engine's log-odds of the alternative against what it printed."""
    return math.log(max(p_alt, 1e-6) / max(p_read, 1e-6))


def _replaceable(lex, text: str, s: int, alt: str, script: str | None) -> bool:
    """The Han character at ``s`` may become the Han ``alt``: never a numeral, a meaning
    contrast (上/下), a script variant (``candidate_ok``) or a character inside a gazetteer
    name (美團 is a company, not a garbled 美國)."""
    cur = text[s]
    if not (_is_han(cur) and _is_han(alt)) or cur in NUMERALS or alt in NUMERALS:
        return False
    if frozenset((cur, alt)) in CONTRAST or not candidate_ok(lex, cur, alt, script):
        return False
    return not _in_name(lex, text, s)


def _vetoed(lex, text: str, s: int, alt: str) -> bool:
    """Words around ``s`` say the engine's alternative is wrong there:
    - the rest of a gazetteer name is printed around it, and the name wants another
      character (碧桂圈: 圆 makes 桂圆, a fruit; the company is 碧桂园);
    - a long word misses the text by a neighbour and keeps this character as printed
      (模桿比率 is 杠杆比率 with 模 misread: 桿 → 样 would make 模样, "appearance")."""
    want = lex.name_wants(text, s)
    if want and lex.simp(alt) not in want:
        return True
    return lex.word_elsewhere(text, s) is not None


def _han(lex, text, s, cur, alt, ocr, p_alt, p_read, script, min_score) -> Proposal | None:
    if not _replaceable(lex, text, s, alt, script):
        return None
    if _vetoed(lex, text, s, alt):
        return None
    a, b = han_window(text, s, 3, 3)
    if b - a < 2:
        return None
    w = text[a:b]
    w2 = w[: s - a] + alt + w[s - a + 1 :]
    # the alternative must make a word in context, and not only by doubling a neighbour
    # (快块 → 块块): OCR stutters, the author rarely does
    cover = [(x, y, f) for x, y, f in lex.covering_words(w2, s - a) if len(set(w2[x:y])) > 1]
    wlm = get_word_lm()  # running-text word bigrams (open-gram), else the lexicon LM
    if not cover and wlm is None:
        return None
    # what the engine printed already makes as long a broker term (十二吋 against 十二时),
    # one the running-text LM never saw: the alternative's word is no evidence against it
    held = [y - x for x, y, _ in lex.covering_words(w, s - a) if lex.simp(w[x:y]) in lex.broker_terms]
    if held and cover and max(held) >= max(y - x for x, y, _ in cover):
        return None
    gain = wlm.score(w2) - wlm.score(w) if wlm is not None else lex.lm_logprob(w2) - lex.lm_logprob(w)
    # the word printed elsewhere in the document supports it (as in ``characters``)
    seen = max((text.count(w2[x:y]) for x, y, _ in cover), default=0)
    bonus = 0.0 if seen == 0 else (2.0 if seen == 1 else 3.5)
    # a name of the entity gazetteer of four or more characters (国泰海通) is a word the
    # running-text LM may never have seen: the engine's reading that completes it gets
    # the support of a word printed once
    named = [w2[x:y] for x, y, _ in cover if y - x >= 4 and (w2[x:y] in lex.names or lex.simp(w2[x:y]) in lex.names)]
    if named and bonus < NAME_BONUS:
        bonus = NAME_BONUS
    score = gain + W_OCR * ocr + bonus
    # a reading that forms no lexicon word (占比 is not in jieba's dictionary) rests on the
    # running-text LM alone and needs more of it
    need = min_score if cover else min_score + NO_WORD_EXTRA
    # a short quoted term (“濡白天使”) is a product, a slogan or a name the writer set apart:
    # words the running-text LM likes (清白) are weaker evidence inside it
    if short_quote(text, s):
        need += QUOTED_EXTRA
    # a rare character the engine read with confidence (镨 in 镨钕, at 0.85) is likelier a
    # term than a misreading: the LM's preference for a common one (错) is mostly its
    # unigram. Characters the LM never saw (観, 歴: Japanese forms) are no such evidence.
    if p_read >= RARE_READ_MIN and UNSEEN_CHAR < uni_logprob(lex, cur) < RARE_CHAR:
        need += RARE_READ_EXTRA
    if score < need - 4.0:
        return None
    conf = _confidence(score, need)
    words = sorted({w2[x:y] for x, y, _ in cover}, key=lambda w: (len(w), w))[-2:]
    return Proposal(
        s,
        s + 1,
        alt,
        "ocr_choice",
        conf,
        f"OCR read '{cur}' at {p_read:.2f} with '{alt}' at {p_alt:.2f}; "
        + (f"'{alt}' forms {'/'.join(words)} in '{w}'" if words else f"'{w}' reads better with '{alt}'")
        + (f", printed {seen}× elsewhere in the document" if seen else "")
        + (f", completes the gazetteer name {named[0]}" if named else "")
        + f" (LM gain {gain:.1f}, score {score:.1f}, needs {need:.1f})",
        extra={"score": score, "gain": gain, "ocr": ocr, "seen": seen, "need": need},
    )


def _dash(lex, text, s, alt, p_alt, p_read) -> Proposal | None:
    """暫停一恢復 → 暫停—恢復: a dash between two Han words is read as the numeral 一, which
    looks the same at low resolution. Only where the engine half-saw the dash and 一 makes
    no word with either neighbour (統一, 一度 and 一一 stay)."""
    if p_alt < DASH_MIN:
        return None
    if is_protected(lex, text, s):
        return None
    conf = min(0.95, 0.82 + p_alt / 3)
    return Proposal(
        s,
        s + 1,
        "—",
        "ocr_choice",
        round(conf, 3),
        f"'一' between two Han words forms no word; the OCR's next reading is a dash ({p_alt:.2f}, read {p_read:.2f})",
        extra={"p": p_alt},
    )


def _dash_pairs(lex, text, dash_p: dict[int, float]) -> list[Proposal]:
    """需求一一高金價 → 需求——高金價: the Chinese dash is two em dashes, read as 一一 (itself a
    word, "one by one", so ``_dash`` leaves each alone). Both readings must carry some dash,
    one of them ``DASH_MIN``, and neither 一 may make a word with the text outside the pair."""
    out = []
    for s, p1 in dash_p.items():
        p2 = dash_p.get(s + 1, 0.0)
        if text[s : s + 2] != "一一" or not (p1 and p2) or max(p1, p2) < DASH_MIN:
            continue
        if not (_is_han(text[s - 1 : s]) and _is_han(text[s + 2 : s + 3])):
            continue
        if not one_one_alone(lex, text, s):
            continue
        conf = round(min(0.95, 0.82 + max(p1, p2) / 3), 3)
        for k in (0, 1):
            out.append(
                Proposal(
                    s + k,
                    s + k + 1,
                    "—",
                    "ocr_choice",
                    conf,
                    f"'一一' between two Han words forms no word with them; the OCR half-saw a dash in both "
                    f"({p1:.2f}, {p2:.2f}): the Chinese dash ——",
                    extra={"p": max(p1, p2)},
                )
            )
    return out


def _stutter(lex, text, s, cur, alt, p_alt, p_read, min_score) -> Proposal | None:
    """现全金流: the engine read 金 twice, once as 全 (its second reading of 全 is the
    neighbour 金). The misread copy is dropped when the text without it reads better and
    the doubled character (金金) is no word."""
    wlm = get_word_lm()
    if wlm is None or alt + alt in wlm.vocab or lex.word_freq(alt + alt) >= 100:
        return None  # 人人, 常常: the author doubles these
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


def _signed_end(text, s, p_alt) -> Proposal | None:
    """The minus of a range's second number, half-seen after the range mark, where the first
    number is negative too (由-8%~10%收窄 → -8%~-10%): the engine drops the short stroke
    after a tilde."""
    if p_alt < SIGN_GAP_MIN:
        return None
    m = re.search(r"(?<![0-9A-Za-z.])-\d+(?:\.\d+)?%?[~～至到]$", text[max(0, s - 12) : s])
    if not m:
        return None
    return _mark_in_gap(s, "-", p_alt, f"before the second number of the range '{m.group()}…', whose first is negative")


def _mark_for_mark(text, s, cur, alt, ocr, p_alt, p_read) -> Proposal | None:
    """；for ： (one glyph with a dot more or less): the engine's other reading, judged by the
    word LM, which models punctuation (it was trained on running text). Other clause marks
    are left alone: between ， and ；or 、 the LM's preference is frequency, not evidence
    (on the OCR benchmark it turned 4 right semicolons into commas for every right change)."""
    wlm = get_word_lm()
    if wlm is None:
        return None
    a = han_window(text, s - 1, 4, 0)[0] if s and _is_han(text[s - 1]) else s
    b = han_window(text, s + 1, 0, 4)[1] if s + 1 < len(text) and _is_han(text[s + 1]) else s + 1
    if a == s or b == s + 1:
        return None  # a mark needs Han words on both sides to be judged
    w, w2 = text[a:b], text[a:s] + alt + text[s + 1 : b]
    gain = wlm.score(w2) - wlm.score(w)
    score = gain + W_OCR * ocr
    if score < MARK_MIN_SCORE:
        return None
    return Proposal(
        s,
        s + 1,
        alt,
        "ocr_choice",
        round(min(0.95, 0.8 + (score - MARK_MIN_SCORE) / 12), 3),
        f"OCR read '{cur}' at {p_read:.2f} with '{alt}' at {p_alt:.2f}; '{w2}' reads better than '{w}' "
        f"(LM gain {gain:.1f}, score {score:.1f}, needs {MARK_MIN_SCORE:.1f})",
        extra={"score": score, "gain": gain},
    )


def _insertion(lex, text, s, ch, vocab, *, dot_commas: bool = False) -> Proposal | None:
    left = text[s - 1] if s else ""
    right = text[s] if s < len(text) else ""
    if left and not left.isspace() and right in ("\n", ""):
        return _line_end(text, s, ch, left)
    if right == " " and _ascii_alnum(left) and _ascii_alnum(text[s + 1 : s + 2]):
        return _mark_for_space(text, s, ch)
    if not left or not right or left.isspace() or right.isspace():
        return None
    alternatives = ch.alternatives
    dots = dot_commas and _is_han(right) and any(a in "·・•" for a, _ in alternatives)
    if dots:
        # a report whose commas the engine reads as dots: a dot it half-saw in a gap before
        # Han text is that comma, and weighs with it (估值低谷·恒生指數, 58.6%·按年上升)
        comma = sum(p for a, p in alternatives if a in "，,·・•")
        alternatives = [(a, p) for a, p in alternatives if a not in "，,·・•"] + [("，", comma)]
    best = None
    for alt, p_alt in alternatives:
        alt = _fold(alt, left, right)
        if not alt or len(alt) != 1:
            continue
        cand = None
        if alt in CLAUSE_MARKS and p_alt >= (PUNCT_GAP_MIN if _is_han(left) else PUNCT_GAP_MIN_AFTER_NUMBER):
            cand = _clause_gap(lex, text, s, alt, p_alt, left, right)
        elif (
            alt.isascii()
            and alt.isalpha()
            and (left.isascii() and left.isalpha() or right.isascii() and right.isalpha())
        ):
            cand = _latin(text, s, s, alt, p_alt, vocab, "in a gap")
        elif alt == " " and p_alt >= SPACE_GAP_MIN and _mark_weight(ch, left, right) < p_alt:
            # (a gap the engine gives more to marks than to a space held one: Visitors MCV
            # for Visitors，MCV)
            cand = _space(text, s, p_alt, left, right, vocab)
        elif p_alt >= PAIR_GAP_MIN and (alt in _OPENERS or alt in _CLOSERS):
            cand = _pair_mark(text, s, alt, p_alt)
        elif alt == "-" and left in "~～至到" and right.isdigit():
            cand = _signed_end(text, s, p_alt)
        if cand is not None and (best is None or cand.confidence > best.confidence):
            best = cand
    if best is not None and dots and best.replacement == "，":
        best.reason += " (with the dots it weighed there: the document prints its commas as dots)"
    return best


def _mark_for_space(text, s, ch) -> Proposal | None:
    """An enumeration comma read as a space between two Latin names in a line of Chinese
    (来自TI ADI与MPS → TI、ADI): the full-width mark's blank half is read as the space, and
    the engine half-sees the mark in the gap before it."""
    if not HAN_RE.search(line_at(text, s)):
        return None
    marks = [(p, a) for a, p in ch.alternatives if a in "、，"]
    if not marks or max(marks)[0] < PUNCT_GAP_MIN:
        return None
    p_alt, alt = max(marks)
    return Proposal(
        s,
        s + 1,
        alt,
        "ocr_choice",
        round(min(0.95, 0.85 + p_alt / 4), 3),
        f"the OCR nearly read '{alt}' ({p_alt:.2f}) where it printed a space between two Latin names in a "
        "line of Chinese: the mark's blank half",
        extra={"p": p_alt},
    )


def _ascii_alnum(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _latin_span(text: str, s: int, e: int) -> tuple[int, int]:
    """The run of ASCII letters and digits around ``text[s:e]``."""
    while s > 0 and _ascii_alnum(text[s - 1]):
        s -= 1
    while e < len(text) and _ascii_alnum(text[e]):
        e += 1
    return s, e


def _space(text, s, p_alt, left, right, vocab) -> Proposal | None:
    """A space the engine half-saw between two Latin tokens (KVcache → KV cache, iPhone17 →
    iPhone 17): the recogniser often drops a narrow space, but its space class still rises
    in the gap. Never inside a number (1 000) or a word the document or lexicon knows."""
    line_start = text.rfind("\n", 0, s) + 1
    if _LIST_LABEL.fullmatch(text[line_start:s]) and right.isascii() and right.isalpha():
        # a list number before a Latin word (5.OpenAI → 5. OpenAI, ①AI → ① AI)
        return Proposal(
            s,
            s,
            " ",
            "ocr_choice",
            round(min(0.95, 0.85 + p_alt / 4), 3),
            f"the OCR nearly read a space ({p_alt:.2f}) after the list number '{text[line_start:s]}'",
            extra={"p": p_alt},
        )
    if left.isascii() and left.isalpha() and right in "+-" and text[s + 1 : s + 2].isdigit():
        # a word before a signed number (yoy -6.6%, qoq +4.1%): no word is cut
        return Proposal(
            s,
            s,
            " ",
            "ocr_choice",
            round(min(0.95, 0.85 + p_alt / 4), 3),
            f"the OCR nearly read a space ({p_alt:.2f}) between the word before it and the signed number "
            f"'{right}{text[s + 1 : s + 2]}…'",
            extra={"p": p_alt},
        )
    if not (_ascii_alnum(left) and _ascii_alnum(right)) or left.isdigit() and right.isdigit():
        return None
    if left.isalpha() and right.isalpha() and p_alt < LETTER_SPACE_MIN:
        # between two letters only the engine's weight tells a word boundary from the inside
        # of a name (XNGP, MedBot, REGEN); between a letter and a digit the token's shape
        # speaks too (EPS1, Fab7)
        return None
    a, b = _latin_span(text, s, s)
    token = text[a:b]
    known = vocab.lex.english_known(token) or vocab.counts.get(token, 0) > 2
    if a and text[a - 1] in ".-_/@:" or known:
        return None  # a ticker suffix (1088.HK), an identifier, a word (cache) or a name printed often
    if not (_part_known(vocab, text[a:s]) and _part_known(vocab, text[s:b])) and any(
        vocab.lex.english_known(text[i:j])
        for i in range(a, s)
        for j in range(s + 1, b + 1)
        if j - i >= 4 or (j - i == 3 and text[i:j].islower())
    ):
        # the space would cut a word or a unit in two (KVca che, 3p ct), unless both halves
        # are words (Take rate)
        return None
    conf = min(0.95, 0.85 + p_alt / 4)
    return Proposal(
        s,
        s,
        " ",
        "ocr_choice",
        round(conf, 3),
        f"the OCR nearly read a space ({p_alt:.2f}) inside '{token}', between '{left}' and '{right}'",
        extra={"p": p_alt},
    )


def _mark_weight(ch, left: str, right: str) -> float:
    """The weight the engine gave visible punctuation in a gap, all marks together (，0.31,
    · 0.21 and , 0.07 say the gap held ink, more than the space's 0.37 says it held none)."""
    return sum(p for alt, p in ch.alternatives if len(alt) == 1 and not alt.isalnum() and not alt.isspace())


def _pair_mark(text, s, alt, p_alt) -> Proposal | None:
    """An opening (closing) quotation mark or bracket half-seen in a gap, where the line
    closes (opens) one that never opened (closed): 采用了打包授权”的 → 采用了“打包授权”的.
    The pairing says a mark is missing; the engine says where."""
    a = text.rfind("\n", 0, s) + 1
    b = text.find("\n", s)
    b = len(text) if b < 0 else b
    if alt in _OPENERS:
        close = _OPENERS[alt]
        after = text[s:b]
        k = after.find(close)
        # the first closer after the gap has no opener between the gap and it …
        if k < 0 or alt in after[:k]:
            return None
        # … and none before the gap either (“A”B” is a closer doubled, not an opener lost)
        before = text[a:s]
        if before.count(alt) > before.count(close):
            return None
        why = f"the line closes a '{close}' that never opened"
    else:
        open_ = _CLOSERS[alt]
        before = text[a:s]
        k = before.rfind(open_)
        if k < 0 or alt in before[k:]:
            return None
        after = text[s:b]
        if after.count(alt) > after.count(open_):
            return None
        why = f"the line opens a '{open_}' that never closes"
    return _mark_in_gap(s, alt, p_alt, f"in a gap, and {why}")


def _mark_in_gap(s: int, alt: str, p_alt: float, why: str) -> Proposal:
    """The mark ``alt`` the engine half-saw (``p_alt``) inserted at ``s``, for the reason
    the structure of the line gives (``why``)."""
    return Proposal(
        s,
        s,
        alt,
        "ocr_choice",
        round(min(0.95, 0.82 + p_alt / 4), 3),
        f"the OCR nearly read '{alt}' ({p_alt:.2f}) {why}",
        extra={"p": p_alt},
    )


def _part_known(vocab, part: str) -> bool:
    """Either side of a space: a number, a known word of two letters or more, or a short
    capital code (B, X7, HVDC)."""
    return (
        part.isdigit()
        or len(part) >= 2
        and vocab.lex.english_known(part)
        or part.isupper()
        and len(part) <= 4
        or bool(re.fullmatch(r"[A-Z]+\d+|\d+[A-Z]", part))
    )


def _line_end(text, s, ch, left) -> Proposal | None:
    """A full stop, or the bracket that closes one the line opened, half-seen after the last
    character of a paragraph (…屬正面 → …屬正面。): the detector's box often clips it."""
    line = text[text.rfind("\n", 0, s) + 1 : s]
    for alt, p_alt in ch.alternatives:
        if p_alt < LINE_END_MIN or alt == left:
            continue  # the last character read again is a double read, not a mark
        if alt == "。" and (_is_han(left) or left.isdigit() or left in "%）」』”》"):
            why = "a paragraph's full stop"
        elif alt in _CLOSERS and line.count(_CLOSERS[alt]) > line.count(alt):
            why = f"the '{alt}' that closes the line's '{_CLOSERS[alt]}'"
        else:
            continue
        return _mark_in_gap(s, alt, p_alt, f"after the last character of the line: {why}")
    return None


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
    # On the OCR benchmark 58 of 60 half-seen clause marks at a word boundary were right,
    # from 2% of the engine's weight up; the word LM did not separate the two wrong ones.
    conf = min(0.95, 0.85 + p_alt / 4)
    return Proposal(
        s,
        s,
        alt,
        "ocr_choice",
        round(conf, 3),
        f"the OCR nearly read '{alt}' ({p_alt:.2f}) between '{left}' and '{right}', at a word boundary",
        extra={"p": p_alt},
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
    a, b = _latin_span(text, s, e)
    old = text[a:b]
    new = text[a:s] + alt + text[e:b]
    if not old or any(c.isdigit() for c in old + new) or a and text[a - 1] == ".":
        return None  # identifiers with digits, and ticker suffixes (.SH, .HK), are not words
    if old.isupper() != new.isupper() and len(old) > 1:
        return None  # a lower-case letter into an acronym (HK → Hk) or the reverse
    if vocab.known(old, exclude_self=True) or not vocab.known(new):
        return None
    if _ROMAN.fullmatch(old) and _ROMAN.fullmatch(new):
        return None  # list labels (i), (ii): both are numerals, and the list has each once
    printed = vocab.counts.get(new, 0)
    if old.isupper() and len(old) <= 3 and not printed:
        return None  # a short acronym is open-class (PD, CP): unknown to a word list, not wrong
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
