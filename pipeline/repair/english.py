"""Misspelled English words in tables and text (evidence 6).

Two sources of evidence:

- *document consistency*: a Latin token printed once that is one edit away from a token the
  same document prints at least twice (a model name garbled in one cell) is corrected
  toward it, whatever its case;
- *the English vocabulary*: ``suggest_english`` (symspellpy over a general frequency list
  plus a finance lexicon plus the English company and product names of the entity
  gazetteer) for words not in the vocabulary. In table labels any unknown word may be
  corrected; in running text only lower-case words (a capitalised unknown word in a
  Chinese report is far more often a name — Hunyuan, Karen — than a typo), and camelCase
  tokens only towards a camelCase name of the vocabulary (DeepSeak → DeepSeek).

No misspelling is recorded as data (the gazetteer holds names, not OCR variants).

Never touched: tokens that contain digits or underscores (identifiers: Qwen3, V1.1,
MMBench_EN), all-capital acronyms, names in the entity gazetteer, e-mail addresses and URLs,
and tokens shorter than four letters.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from pipeline.repair import Proposal
from pipeline.repair.lexicon import HAN_RE, Lexicon

_TOKEN = re.compile(r"[A-Za-z0-9_@./:\-']+")
_WORD = re.compile(r"[A-Za-z]+")


# a hyphenated given name in Latin letters glossing a Chinese name (陳志遠（Chan Chi-yuen）,
# 黃嘉豪（Wong Ka-ho）): Cantonese and Pinyin syllables, which no English word list holds
_GLOSSED_GIVEN = re.compile(r"[\u4e00-\u9fff][（(][A-Z][a-z]+ [A-Z][a-z]{1,5}-$")


def _given_name_half(text: str, pos: int, w: str) -> bool:
    """Is ``w`` at ``pos`` the lower-case half of a hyphenated given name that glosses a
    Chinese name (yuen in 陳志遠（Chan Chi-yuen）)? yuen is no misspelled yuan; Non-curent in
    a label is English."""
    return w.islower() and len(w) <= 6 and _GLOSSED_GIVEN.search(text, max(0, pos - 24), pos) is not None


_STROKES = set("Il1|")  # what a neighbouring glyph's stroke or a bar is read as


def _brand(w: str, v: str) -> bool:
    """Is ``w`` a mixed-case name (an upper-case letter after a lower-case one: SpaceX,
    OpenAI) that differs from ``v`` by a letter OCR does not make from a stroke? SpaceX
    beside Space is the company; LululemonI beside Lululemon is a stroke read as I."""
    if not re.search(r"[a-z][A-Z]", w):
        return False
    extra = set(w) ^ set(v)
    return not (extra and extra <= _STROKES)


def _damerau1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are exactly one insertion, deletion, substitution or swap apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def propose(
    lex: Lexicon, text: str, *, skip, use_vocabulary: bool = True, use_consistency: bool = True
) -> list[Proposal]:
    out: list[Proposal] = []
    words: list[tuple[int, str, bool]] = []  # (start, word, in a table label)
    for lm in re.finditer(r"[^\n]+", text):
        line, base = lm.group(), lm.start()
        label_end = line.find("\t") if "\t" in line else -1
        # a row that names a company (Awinic 艾为电子, Wanpy → 002891.SZ in the next cell):
        # its label's words are names, read as in running text
        names_row = label_end >= 0 and bool(HAN_RE.search(line[:label_end]) or _TICKER_CELL.match(line, label_end + 1))
        for tm in _TOKEN.finditer(line):
            tok = tm.group()
            if "@" in tok or "://" in tok or "www." in tok.lower():
                continue
            for wm in _WORD.finditer(tok):
                w = wm.group()
                a, b = tm.start() + wm.start(), tm.start() + wm.end()
                # letters glued to digits or underscores make an identifier
                if (a > tm.start() and tok[wm.start() - 1] not in "-'/.") or (
                    b < tm.end() and tok[wm.end()] not in "-'/.:"
                ):
                    continue
                if any(ch.isdigit() for ch in tok) and ("_" in tok or re.search(r"[A-Za-z]\d|\d[A-Za-z]", tok)):
                    continue
                in_label = label_end >= 0 and b <= label_end and not names_row
                if in_label and w[:1].isupper() and _in_name(lex, line, tm.start() + wm.start()):
                    in_label = False  # Yue Yuen, (Phnom Penh): after a name, or in brackets
                in_table = label_end >= 0
                words.append((base + a, w, in_label, in_table))
    counts = Counter(w for _, w, _, _ in words)
    known_cache: dict[str, bool] = {}

    def known(w: str) -> bool:
        if w not in known_cache:
            known_cache[w] = lex.english_known(w) or w in lex.names
        return known_cache[w]

    for k, (pos, w, in_label, _in_table) in enumerate(words):
        if len(w) < 4 or w.isupper() or skip(pos):
            continue
        if w in lex.names or _given_name_half(text, pos, w):
            continue
        prev = words[k - 1][1] if k > 0 and pos - words[k - 1][0] < 40 else ""
        nxt = words[k + 1][1] if k + 1 < len(words) and words[k + 1][0] - pos < 40 else ""
        # 1. document consistency
        if use_consistency and counts[w] == 1 and len(w) >= 5:
            rivals = [v for v, n in counts.items() if n >= 2 and _damerau1(w, v) and v.lower() != w.lower()]
            rivals = [v for v in rivals if not (known(w) and not known(v))]
            rivals = [v for v in rivals if not _brand(w, v)]
            if len(rivals) == 1 and not (known(w) and known(rivals[0])):
                v = rivals[0]
                out.append(
                    _word(
                        pos, w, v, 0.92, f"document consistency: '{w}' once, '{v}' {counts[v]} times (one edit apart)"
                    )
                )
                continue
        if not use_vocabulary or known(w):
            continue
        joined = _joined_pair(w, known)
        if joined:
            left, right, n = joined
            out.append(
                Proposal(
                    pos + len(left),
                    pos + len(left),
                    " ",
                    "english",
                    0.88,
                    f"two words run together: '{w}' is not a known word, '{left} {right}' is an English "
                    f"word pair ({n:,} in the bigram list); OCR often drops a narrow space",
                )
            )
            continue
        mixed = any(c.isupper() for c in w[1:])
        if mixed:
            # camelCase (a product name): only towards a camelCase name of the vocabulary
            # or the gazetteer (a model name with one letter misread), never a plain word
            res = lex.suggest_english(w)
            if not res or not any(c.isupper() for c in res[0][1:]) or res[0].lower() == w.lower():
                continue
            corr, conf = res
            conf = min(float(conf), 0.9)
            out.append(
                _word(
                    pos,
                    w,
                    corr,
                    conf,
                    f"English spelling: '{w}' is not a known word; '{corr}' is a known name (vocabulary/gazetteer)",
                )
            )
            continue
        if not in_label and w[0].isupper():
            # a capitalised unknown word in running text is most likely a name — unless it
            # is a gazetteer name that lost one letter (OCR drops thin and squeezed glyphs)
            # (not a Pinyin syllable or name: Shen Liyan and Qian Baizhou are analysts, not Shein)
            pinyin = _reads_as_pinyin(w)
            name = None if pinyin else _name_missing_a_letter(lex, w)
            if name:
                out.append(
                    _word(
                        pos,
                        w,
                        name,
                        0.85,
                        f"dropped letter: '{w}' is not a known word; the gazetteer name '{name}' has one letter more",
                    )
                )
            continue
        try:
            res = lex.suggest_english(w, prev, nxt)
        except TypeError:
            res = lex.suggest_english(w)
        if not res:
            continue
        corr, conf = res
        if not corr or corr == w or corr.lower() == w.lower():
            continue
        if _pinyin_name(w) and not _damerau1(w.lower(), corr.lower()):
            continue  # Feitian (飛天) is a Chinese name in Latin letters, not a misspelled Fijian
        if in_label and w[0].isupper() and _substitution_only(w, corr):
            continue  # Zbom (志邦) is no Zoom: a capitalised label word keeps its letters
        if in_label and w[0].isupper():
            # a capitalised label word two edits from any word (Jahwa), or one that reads as
            # Pinyin (Guojin, Bohai) unless a common word is one edit away (Banlance →
            # Balance), is a name; Othe, one edit from Other, is the label's own word
            pinyin = _reads_as_pinyin(w)
            if not _damerau1(w.lower(), corr.lower()) or pinyin and not _common_word(lex, corr):
                continue
        if corr.isupper() and not w.isupper():
            continue  # agri is no misread acronym (AGI)
        # a table label is a closed, English-only vocabulary: the suggestion is likelier
        conf = 0.5 + 0.5 * float(conf) if in_label else min(conf, 0.85) - 0.05
        out.append(
            _word(
                pos,
                w,
                corr,
                conf,
                f"English spelling: '{w}' is not a known word; suggestion '{corr}'"
                + (" (table label)" if in_label else ""),
            )
        )
    return out


def _substitution_only(w: str, corr: str) -> bool:
    """``corr`` differs from ``w`` by one letter swapped for another that OCR does not confuse
    with it (not a dropped, added or transposed letter: Othe → Other, budren → burden)."""
    if len(w) != len(corr):
        return False
    diff = [i for i, (a, b) in enumerate(zip(w.lower(), corr.lower(), strict=True)) if a != b]
    if len(diff) != 1:
        return False
    from pipeline.repair_resources import ocr_similar

    return not ocr_similar(w[diff[0]], corr[diff[0]])


COMMON_COUNT = 10_000_000  # a word this frequent in symspell's English counts is no rare name


def _common_word(lex: Lexicon, w: str) -> bool:
    """A frequent word of English text (balance, other), not a name the vocabulary holds
    only from the gazetteer or finance list (Guoxin), nor a rare word (Bahai, petal): the
    count symspell's own dictionary gives it."""
    if w in lex.names:
        return False
    try:
        from pipeline.repair_resources import english_word_count

        return english_word_count(w) >= COMMON_COUNT
    except Exception:  # noqa: BLE001 - no vocabulary: no evidence either way
        return False


_TICKER_CELL = re.compile(r"\s*\d{4,6}(?:\.[A-Z]{2}| HK)\b")


def _in_name(lex: Lexicon, line: str, a: int) -> bool:
    """The capitalised word at ``a`` continues a name: right after a capitalised word that is
    no English word (Yue Yuen; Total Assets is a label) or inside brackets (Cambodia (Phnom
    Penh))."""
    before = line[:a].rstrip(" ")
    prev = re.search(r"[A-Za-z]+$", before)
    if prev and prev.group()[0].isupper() and len(before) < a and not lex.english_known(prev.group()):
        return True
    return before.rfind("(") > before.rfind(")")


def _word(pos: int, w: str, corr: str, conf: float, reason: str) -> Proposal:
    """The word ``w`` at ``pos`` replaced by ``corr``."""
    return Proposal(pos, pos + len(w), corr, "english", round(float(conf), 3), reason)


JOINED_MIN_COUNT = 100_000  # a word pair this common in symspellpy's English bigram list
# both words this long: short first or second halves make real compounds the frequency list
# lacks (dataset, chipset, teardown, livestreaming)
JOINED_MIN_PART = 5


def _joined_pair(w: str, known) -> tuple[str, str, int] | None:
    """``operatingexpenses`` → (operating, expenses, count): an unknown word (lower case, or
    capitalised like a sentence start) that is exactly two known words of at least
    ``JOINED_MIN_PART`` letters forming a common English bigram. The bigram list is
    symspellpy's own, built from the Google Books n-grams; a split no pair supports
    (smartwatch) is left alone."""
    from pipeline.repair.lexicon import _bigrams

    if len(w) < 2 * JOINED_MIN_PART or not (w.islower() or w[0].isupper() and w[1:].islower()):
        return None
    bigrams = _bigrams()
    best = None
    low = w.lower()
    for k in range(JOINED_MIN_PART, len(w) - JOINED_MIN_PART + 1):
        left, right = low[:k], low[k:]
        n = bigrams.get(f"{left} {right}", 0)
        if n >= JOINED_MIN_COUNT and known(left) and known(right) and (best is None or n > best[2]):
            best = (w[:k], w[k:], n)
    return best


def _name_missing_a_letter(lex: Lexicon, w: str) -> str | None:
    """The one gazetteer name word (≥ 5 letters, capitalised) that reads ``w`` with one letter
    removed (Caude → Claude, Verifed → Verified), or None."""
    hits = _deletion_index(lex).get(w)
    return hits[0] if hits and len(hits) == 1 else None


@functools.lru_cache(maxsize=4)
def _deletion_index(lex: Lexicon) -> dict[str, list[str]]:
    """Every capitalised gazetteer name word of ≥ 5 letters, keyed by each one-letter deletion."""
    words = {m.group() for n in lex.names for m in _WORD.finditer(n)}
    idx: dict[str, list[str]] = {}
    for v in sorted(words):
        if len(v) < 5 or not v[0].isupper():
            continue
        for i in range(len(v)):
            d = v[:i] + v[i + 1 :]
            if v not in idx.setdefault(d, []):
                idx[d].append(v)
    return idx


_CAPS = re.compile(r"(?<![A-Za-z])[A-Z]{1,4}(?![A-Za-z])")


_GRADE = set("类類级級档檔型款")  # A类, B级: a lone capital that is a grade or class


def _lone_capital(text: str, t: str, nxt: str, tokens: Counter, lex_words) -> tuple[str, int, int] | None:
    """A芯片 → AI芯片 when the document prints AI before Chinese text at least twice and never
    uses the lone letter that way with this character (A股, A轮 are words; A类 is a grade).
    OCR drops the thin I of AI far more often than any other letter of a two-letter token."""
    if nxt in _GRADE or lex_words(t + nxt) or text.count(t + nxt) > 1:
        return None
    best = None
    for v in tokens:
        if len(v) != 2 or not v.startswith(t) or v[1] != "I":
            continue
        before_han = sum(1 for m in re.finditer(re.escape(v) + r"(?=[\u4e00-\u9fff])", text))
        if before_han >= 2 and (best is None or before_han > best[2]):
            best = (v, 0, before_han)
    return best


def dropped_letters(text: str, *, skip, min_count: int = 3, lex_words=None) -> list[Proposal]:
    """Capital-letter tokens that lost a letter (AI → A, CPI → CP, .HK → .K).

    OCR drops thin glyphs (I, l) and letters squeezed between others. A short all-capital
    token is read as a frequent token of the document with one more letter when the two
    characters that follow it occur after the longer token elsewhere (AI芯片 ×3, A芯片 once)
    and never after the short one. ``A股`` stays: AI股 does not occur.
    """
    tokens = Counter(m.group() for m in _CAPS.finditer(text))
    frequent = {t: n for t, n in tokens.items() if n >= min_count and len(t) >= 2}
    if lex_words is None:
        lex_words = lambda w: False  # noqa: E731
    if not tokens:
        return []
    out: list[Proposal] = []
    for m in _CAPS.finditer(text):
        t = m.group()
        a, b = m.span()
        if skip(a):
            continue
        nxt = text[b : b + 2]
        prv = text[max(0, a - 1) : a]
        if len(nxt) < 2 or "\n" in nxt or text.count(t + nxt) != 1:
            continue
        best = None
        for v, n in frequent.items():
            if len(v) != len(t) + 1 or not any(v[:i] + v[i + 1 :] == t for i in range(len(v))):
                continue
            k = text.count(v + nxt)
            if k >= 2 and not (prv.isascii() and prv.isalnum()) and (best is None or k > best[1]):
                best = (v, k, n)
        if best is None and len(t) == 1 and bool(HAN_RE.match(nxt[0])) and not (prv.isascii() and prv.isalnum()):
            best = _lone_capital(text, t, nxt[0], tokens, lex_words)
        if best is None:
            continue
        v, k, n = best
        if k == 0:  # the lone-capital reading (see ``_lone_capital``)
            out.append(
                _word(
                    a,
                    t,
                    v,
                    0.82,
                    f"dropped letter: a lone '{t}' before Chinese text, where the document prints '{v}' "
                    f"{n} times before Chinese text and '{t}{nxt[0]}' is no word",
                )
            )
            continue
        out.append(
            _word(
                a,
                t,
                v,
                0.85,
                f"dropped letter: '{t}{nxt}' once, '{v}{nxt}' {k} times ('{v}' {n} times in the document)",
            )
        )
    return out


# Letters whose capital is the small letter drawn larger (c/C, o/O, s/S, v/V, w/W, x/X, z/Z):
# at OCR resolution only the height tells them apart, and inside a word it often fails.
_SAME_SHAPE = set("cosvwxzCOSVWXZ")
# Digits OCR reads for the letters they resemble inside a word (P1us, Pr0fit)
_DIGIT_AS = {"1": ("li", "I"), "0": ("o", "O")}  # (small letters, capitals)
# a year's last digit read as the letter it resembles (202SE, 202O年): no year ends in a letter
# (only as a year: with a forecast or actual suffix, or before 年 — 200G and 800G are speeds)
_LETTER_AS_DIGIT = {"S": "5", "O": "0", "o": "0", "I": "1", "l": "1", "Z": "2"}
_YEAR_GLYPH = re.compile(r"(?<![A-Za-z0-9.])((?:19|20)\d)([SOoIlZ])(?:([EAF])(?![A-Za-z0-9])|()(?=年))")
_ALNUM_TOKEN = re.compile(r"(?<![A-Za-z0-9_.@/\-])[A-Za-z0-9]+(?![A-Za-z0-9_@/\-]|\.[A-Za-z0-9])")


def lookalike_glyphs(lex: Lexicon, text: str, *, skip) -> list[Proposal]:
    """Words OCR spelled with a look-alike glyph, restored only when the result is a known
    word or gazetteer name and the token as read is not:

    - a same-shape letter in the wrong case (viVo → vivo): the token differs from a
      gazetteer name only in the case of c o s v w x z;
    - a 1 or 0 between letters (P1us → Plus, Pr0fit → Profit): a single digit inside a word,
      which model names never put there (Qwen3, A100, X9 keep theirs at the end).

    Symspell cannot propose these: its edit distance weighs a case change or a digit like
    any other letter, so it is as happy with an unrelated word."""
    out: list[Proposal] = []
    for m in _YEAR_GLYPH.finditer(text):
        # 202SE → 2025E: a year (or forecast year) with its last digit read as a letter
        if not skip(m.start()):
            digit = _LETTER_AS_DIGIT[m.group(2)]
            out.append(
                _word(
                    m.start(),
                    m.group(),
                    m.group(1) + digit + (m.group(3) or ""),
                    0.9,
                    f"look-alike glyph: '{m.group(2)}' for '{digit}' in a year",
                )
            )
    names_by_fold = _names_by_fold(lex)
    tokens = Counter(m.group() for m in _ALNUM_TOKEN.finditer(text))
    for m in _ALNUM_TOKEN.finditer(text):
        w = m.group()
        if skip(m.start()) or w in lex.names:
            continue
        l_for_i = _l_for_capital_i(lex, w, tokens, text, m.end())
        if l_for_i:
            target, why = l_for_i
            out.append(_word(m.start(), w, target, 0.88, f"look-alike glyph: {why}"))
            continue
        if len(w) < 4:
            continue
        digits = [i for i, ch in enumerate(w) if ch.isdigit()]
        if not digits:
            if w.isupper() or w.islower():
                continue
            # only towards a gazetteer name: English words come in brand casings a word list
            # does not know (IaaS, WeChat, PlayStation)
            target = names_by_fold.get(w.lower())
            if target is None or target == w or _pinyin_camel(w):
                continue
            diff = [i for i in range(len(w)) if w[i] != target[i]]
            if not diff or any(w[i] not in _SAME_SHAPE for i in diff):
                continue
            why = "a letter in the wrong case (" + ", ".join(f"'{w[i]}' for '{target[i]}'" for i in diff) + ")"
        elif (
            len(digits) == 1
            and 0 < digits[0] < len(w) - 1
            and w[digits[0] - 1].isalpha()
            and w[digits[0] + 1].isalpha()
        ):
            i = digits[0]
            if w[i] not in _DIGIT_AS:
                continue
            # a letter in the case of the one that follows (P1us → Plus, PR0FIT → PROFIT); for
            # 1, the undotted l before i (Plus, not Pius)
            letters = _DIGIT_AS[w[i]][0 if w[i + 1].islower() else 1]
            found = [t for t in (w[:i] + c + w[i + 1 :] for c in letters) if lex.english_known(t)]
            if not found or _odd_case(found[0]):
                continue
            target = found[0]
            why = f"'{w[i]}' read for the letter '{target[i]}'"
        else:
            continue
        out.append(
            _word(
                m.start(),
                w,
                target,
                0.9,
                f"look-alike glyph: '{w}' is not a known word, '{target}' is; {why}",
            )
        )
    return out


# a capital I and a small l are one vertical stroke in sans fonts
_L_I = str.maketrans("lI", "Il")
L_FOR_I_MIN = 3  # the document prints the I spelling at least this often …
L_FOR_I_RATIO = 2  # … and at least this many times as often as the l spelling


def _l_for_capital_i(lex: Lexicon, w: str, tokens: Counter, text: str, end: int) -> tuple[str, str] | None:
    """Al Agent → AI Agent, laaS → IaaS, loT → IoT: a token with an l where a capital could stand (at
    the start, after a capital) that the gazetteer or the English vocabulary spells with a
    capital I, or that the document prints with an I at least ``L_FOR_I_MIN`` times and
    ``L_FOR_I_RATIO`` times as often. Never a word or a chemical formula (Al-Li, Al2O3)."""
    if "l" not in w or "I" in w or lex.english_known(w) and len(w) > 2 and not _odd_case(w):
        # (a word in a casing no word has is no word: loT is not lot)
        return None
    if text[end : end + 1] in ("-",) or text[end : end + 1].isdigit():
        return None
    # swap every l that sits where a capital could: at the start or after a capital
    target = "".join("I" if c == "l" and (i == 0 or w[i - 1].isupper()) else c for i, c in enumerate(w))
    if target == w:
        return None
    n_t, n_w = tokens.get(target, 0), tokens.get(w, 0)
    if target in lex.names and target.lower() != w.lower():
        return target, f"'{w}' with a small l is the gazetteer name '{target}' (I and l share one glyph)"
    if n_t >= L_FOR_I_MIN and n_t >= L_FOR_I_RATIO * n_w:
        return target, f"the document prints '{target}' {n_t} times and '{w}' {n_w} (I and l share one glyph)"
    if len(w) >= 3 and lex.english_known(target) and _names_by_fold(lex).get(target.lower(), target) == target:
        # (a gazetteer name in another casing, lPhone → iPhone, is no capital-I reading)
        return target, f"'{w}' is no word, '{target}' is (I and l share one glyph)"
    return None


def _odd_case(w: str) -> bool:
    """A capital after a small letter (viVo, PoWer): camelCase a known word does not have."""
    return any(a.islower() and b.isupper() for a, b in zip(w, w[1:], strict=False))


@functools.lru_cache(maxsize=4)
def _names_by_fold(lex: Lexicon) -> dict[str, str]:
    """Gazetteer names by their lower-case form, where that form names one spelling only."""
    seen: dict[str, set[str]] = {}
    for n in lex.names:
        if n.isascii() and n.isalpha():
            seen.setdefault(n.lower(), set()).add(n)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _reads_as_pinyin(w: str) -> bool:
    """One Pinyin syllable (Shen, Qian) or a name spelled in them (Guojin, Feitian)."""
    return w.lower() in _pinyin_syllables() or _pinyin_name(w)


def _pinyin_camel(w: str) -> bool:
    """WuXi, ZhongAn: a Chinese name whose every capital starts a Pinyin syllable, the way
    brands case them; the capital is the writer's, not a look-alike glyph (viVo)."""
    parts = re.findall(r"[A-Z][a-z]*", w)
    return len(parts) >= 2 and "".join(parts) == w and all(x.lower() in _pinyin_syllables() for x in parts)


@functools.lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """The toneless Hanyu Pinyin syllables (ba, bai, … zuo), from pypinyin's readings."""
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return frozenset()
    chars = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    return frozenset(x for x in lazy_pinyin(chars, style=Style.NORMAL, errors="ignore") if x.isascii() and x.isalpha())


def _pinyin_name(w: str) -> bool:
    """Feitian, Wuliangye, Luzhou: a capitalised word that reads as two or more Pinyin
    syllables is most likely a Chinese name in Latin letters. Only a suggestion one edit
    away (Banlance → Balance) may still change it."""
    if len(w) < 4 or not (w[0].isupper() and w[1:].islower()):
        return False
    low, syllables = w.lower(), _pinyin_syllables()
    parts: list[int | None] = [0] + [None] * len(low)  # fewest syllables that spell low[:i]
    for i in range(len(low)):
        if parts[i] is None:
            continue
        for j in range(i + 1, min(len(low), i + 6) + 1):
            if low[i:j] in syllables and (parts[j] is None or parts[j] > parts[i] + 1):
                parts[j] = parts[i] + 1
    return parts[-1] is not None and parts[-1] >= 2
