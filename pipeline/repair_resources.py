"""Scoring resources for the OCR ``repair`` stage: confusion sets, a character LM,
and an English spelling vocabulary.

Everything is loaded lazily on first use and cached (``functools.lru_cache``);
importing this module does no I/O.  After loading, every lookup is O(1) (dict
access); ``logprob`` is O(len(text)).

Data files (built by the scripts next to them, see their MODEL_CARD.md):

* ``models/confusion/visual.tsv``  -- glyph-similarity neighbours (``build_visual.py``)
* ``models/confusion/glyphs.npz``  -- per-character glyph features for any pair's similarity
* ``models/confusion/pinyin.tsv``  -- same-pinyin neighbours (``build_pinyin.py``)
* ``models/lm/chars.npz``, ``models/lm/words.tsv.gz`` -- LM counts (``build_lm.py``)
* ``corpora/lexicons/finance_en.txt`` -- curated English finance/AI vocabulary

Runtime dependencies: numpy (reads ``chars.npz``) and symspellpy (English).
"""

from __future__ import annotations

import gzip
import math
import re
from functools import lru_cache
from importlib import resources as _ilr
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.resources import data_path

if TYPE_CHECKING:  # pragma: no cover
    from symspellpy import SymSpell

__all__ = [
    "CharLM",
    "english_vocabulary",
    "is_han",
    "pinyin_confusions",
    "suggest_english",
    "visual_confusions",
    "visual_neighbours",
    "visual_similarities",
    "visual_similarity",
]


def is_han(ch: str) -> bool:
    """True if ``ch`` is a CJK unified ideograph (BMP, Ext. A, compatibility, Ext. B-H)."""
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F


# --------------------------------------------------------------------------- confusion sets


def _read_confusions(path: Path) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            key, _, rest = line.rstrip("\n").partition("\t")
            if not key or not rest:
                continue
            row: dict[str, float] = {}
            for item in rest.split(" "):
                ch, _, score = item.rpartition(":")
                if ch:
                    row[ch] = float(score)
            table[key] = row
    return table


@lru_cache(maxsize=1)
def _visual_table() -> dict[str, dict[str, float]]:
    return _read_confusions(data_path("models", "confusion", "visual.tsv"))


@lru_cache(maxsize=1)
def _pinyin_table() -> dict[str, dict[str, float]]:
    return _read_confusions(data_path("models", "confusion", "pinyin.tsv"))


def visual_confusions(ch: str) -> dict[str, float]:
    """Characters whose glyphs look like ``ch``.

    Returns ``{candidate: similarity}``; similarity is the mean Pearson
    correlation of blurred glyph/stroke bitmaps over four fonts, in 0-1 (only
    values >= 0.55 are stored; 0.9+ is near-identical, e.g. 未/末 0.96).  At most
    12 candidates, highest first.  Empty dict for characters outside the
    ~9k-character candidate set.  The returned dict is shared: do not mutate it.
    """
    return _visual_table().get(ch, {})


class _Glyphs:
    """Reduced glyph features (``glyphs.npz``): unit rows, one per character."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        with np.load(path) as z:
            cps = z["cp"].tolist()
            self.feat = z["feat"].astype(np.float32)
            self.candidate = z["candidate"].astype(bool)
        self.index: dict[str, int] = {chr(c): i for i, c in enumerate(cps)}
        self.chars = [chr(c) for c in cps]


@lru_cache(maxsize=1)
def _glyphs() -> _Glyphs | None:
    path = data_path("models", "confusion", "glyphs.npz")
    return _Glyphs(path) if path.exists() else None


@lru_cache(maxsize=262144)
def visual_similarity(a: str, b: str) -> float | None:
    """Glyph similarity of any two characters (1.0 for ``a == b``).

    The dot product of the two characters' reduced glyph features (``glyphs.npz``:
    blurred ink and stroke-direction maps over four fonts, projected on their top 160
    singular vectors), which reproduces the build's score -- the mean Pearson
    correlation over 12 (font, view) pairs -- closely (model card: Pearson r > 0.99,
    mean absolute difference ~0.002); same scale as :func:`visual_confusions` (未/末 ≈ 0.96,
    雲/雪 ≈ 0.86, a shared component or layout 0.55-0.75).  ``None`` when either character
    has no features (non-Han, outside U+4E00-U+9FFF, or missing from a font).  O(160)
    per pair after a cached load (~0.1 s); memoised.
    """
    if a == b:
        return 1.0 if len(a) == 1 else None
    g = _glyphs()
    if g is None:
        return None
    i, j = g.index.get(a), g.index.get(b)
    if i is None or j is None:
        return None
    return round(float(g.feat[i] @ g.feat[j]), 4)


def visual_similarities(ch: str, others: list[str]) -> list[float | None]:
    """:func:`visual_similarity` of ``ch`` with each of ``others`` in one matrix-vector
    product (for many candidates at once)."""
    g = _glyphs()
    if g is None or ch not in g.index:
        return [1.0 if o == ch else None for o in others]
    rows = [None if o == ch else g.index.get(o) for o in others]
    known = [r for r in rows if r is not None]
    sims = (g.feat[known] @ g.feat[g.index[ch]]).tolist() if known else []
    it = iter(sims)
    return [1.0 if o == ch else (None if r is None else round(next(it), 4)) for o, r in zip(others, rows, strict=True)]


def visual_neighbours(ch: str, threshold: float = 0.6, *, candidates_only: bool = True) -> dict[str, float]:
    """Every character whose :func:`visual_similarity` with ``ch`` is ``>= threshold``
    (one matrix-vector product over ~21k rows, ~1 ms), by default only characters of the
    candidate set (the ~9k characters ever offered as corrections).  ``{}`` for
    characters without features."""
    g = _glyphs()
    if g is None or ch not in g.index:
        return {}
    import numpy as np

    sims = g.feat @ g.feat[g.index[ch]]
    ok = sims >= threshold
    if candidates_only:
        ok &= g.candidate
    out = {g.chars[k]: round(float(sims[k]), 4) for k in np.flatnonzero(ok)}
    out.pop(ch, None)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def pinyin_confusions(ch: str) -> dict[str, float]:
    """Characters sharing a toneless pinyin reading with ``ch`` (heteronyms included).

    Returns ``{candidate: prior}``, at most 20, most frequent first; the prior is
    ``log1p(freq) / log1p(max_freq)`` over jieba character frequencies, in 0-1.
    Empty dict for unknown characters.  The returned dict is shared: do not mutate it.
    """
    return _pinyin_table().get(ch, {})


# --------------------------------------------------------------------------- language model


class CharLM:
    """Character bigram LM with word-boundary backoff plus a word unigram table.

    Built from jieba's ``dict.txt`` (MIT) in Simplified, OpenCC ``s2t`` and
    ``s2hk`` forms, so both scripts are scored.  For consecutive Han characters
    ``a c``::

        P(c|a) = (1 - b_a) * (n(a,c) + mu * P_uni(c)) / (n(a,.) + mu) + b_a * P_start(c)

    where ``n`` are frequency-weighted word-internal bigram counts, ``b_a`` the
    probability that a word ends after ``a``, ``P_start`` the add-delta smoothed
    word-initial distribution and ``P_uni`` the add-delta unigram.  The first Han
    character of each run is scored with ``P_uni``.

    Non-Han characters (Latin, digits, punctuation, spaces) contribute 0 (neutral)
    and break the context: the next Han character starts a new run.  Unknown Han
    characters get the add-delta floor ``delta / (N + delta * V)`` (about -19.6 nats).
    """

    def __init__(self, npz_path: Path, words_path: Path) -> None:
        import numpy as np

        with np.load(npz_path) as z:
            cps = z["cp"].tolist()
            uni = z["uni"].astype(np.float64)
            start = z["start"].astype(np.float64)
            end = z["end"].astype(np.float64)
            keys = z["bi_key"].tolist()
            cnts = z["bi_cnt"].tolist()
            total_uni, total_start, total_words, mu, delta = z["meta"].tolist()
        v = len(cps) + 1
        self._mu = float(mu)
        self._words_path = words_path
        self._total_words = float(total_words)
        p_uni = (uni + delta) / (total_uni + delta * v)
        p_start = (start + delta) / (total_start + delta * v)
        self._unk_uni = delta / (total_uni + delta * v)
        self._unk_start = delta / (total_start + delta * v)
        beta = np.where(uni > 0, end / np.maximum(uni, 1.0), 1.0)
        chars = [chr(c) for c in cps]
        self._p_uni: dict[str, float] = dict(zip(chars, p_uni.tolist(), strict=True))
        self._p_start: dict[str, float] = dict(zip(chars, p_start.tolist(), strict=True))
        self._beta: dict[str, float] = dict(zip(chars, beta.tolist(), strict=True))
        self._inner: dict[str, float] = dict(zip(chars, (uni - end).tolist(), strict=True))
        self._bi: dict[int, int] = dict(zip(keys, cnts, strict=True))

    @classmethod
    def load(cls) -> CharLM:
        """The shared instance (loaded once, ~0.5 s; cached)."""
        return _load_charlm()

    # -- characters -------------------------------------------------------
    def char_logprob(self, prev: str | None, ch: str) -> float:
        """Natural-log P(ch | prev); ``prev=None`` (or non-Han) means run start.

        ``ch`` must be a single Han character.
        """
        pu = self._p_uni.get(ch, self._unk_uni)
        if prev is None or prev not in self._beta:
            return math.log(pu)
        b = self._beta[prev]
        n = self._bi.get((ord(prev) << 21) | ord(ch), 0)
        inner = (n + self._mu * pu) / (self._inner[prev] + self._mu)
        return math.log((1.0 - b) * inner + b * self._p_start.get(ch, self._unk_start))

    def logprob(self, text: str) -> float:
        """Sum of natural-log probabilities of the Han characters of ``text``.

        Non-Han characters are skipped (score 0) and reset the bigram context.
        Only compare strings with the same number of Han characters (or
        normalise by it): the value is a sum, not a per-character average.
        """
        total = 0.0
        prev: str | None = None
        for ch in text:
            if not is_han(ch):
                prev = None
                continue
            total += self.char_logprob(prev, ch)
            prev = ch
        return total

    # -- words ------------------------------------------------------------
    def word_logprob(self, word: str) -> float | None:
        """Natural-log unigram probability of ``word`` in jieba's lexicon (either script),
        or ``None`` if the word is not in it."""
        c = _word_counts(self._words_path).get(word)
        if c is None:
            return None
        return math.log(c / self._total_words)

    def is_word(self, word: str) -> bool:
        """True if ``word`` is in jieba's lexicon in Simplified, s2t or s2hk form."""
        return word in _word_counts(self._words_path)


@lru_cache(maxsize=1)
def _load_charlm() -> CharLM:
    return CharLM(data_path("models", "lm", "chars.npz"), data_path("models", "lm", "words.tsv.gz"))


@lru_cache(maxsize=2)
def _word_counts(path: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            w, _, c = line.rstrip("\n").partition("\t")
            out[w] = int(c)
    return out


# --------------------------------------------------------------------------- English

#: count given to every curated finance term (≈ the frequency of "other" in the
#: bundled dictionary, so domain words beat rare general words but not closer ones)
FINANCE_COUNT = 1_000_000_000
#: cost-to-log-count exchange rate: one unit of edit cost is worth a factor e^8
_COST_WEIGHT = 8.0
#: letters OCR confuses with each other: substitutions inside a group cost 0.6
_SIMILAR_GROUPS = ("oceau0", "il1jtf!|", "mnhr", "bhd6", "gqy9", "sz5", "uvwy", "pqdb", "kx", "ec")
_SIMILAR = {(a, b) for g in _SIMILAR_GROUPS for a in g for b in g if a != b}


def ocr_similar(a: str, b: str) -> bool:
    """Does OCR confuse the letters ``a`` and ``b`` (case-folded)? ``_SIMILAR_GROUPS``."""
    return (a.lower(), b.lower()) in _SIMILAR


_TOKEN_RE = re.compile(r"[A-Za-z]+|[0-9]+|[^A-Za-z0-9]+")


def _finance_path() -> Path:
    return data_path("corpora", "lexicons", "finance_en.txt")


@lru_cache(maxsize=1)
def _finance_terms() -> dict[str, str]:
    """lower-cased alphabetic term -> canonical spelling (e.g. ``robobrain`` -> ``RoboBrain``)."""
    out: dict[str, str] = {}
    with open(_finance_path(), encoding="utf-8") as fh:
        for line in fh:
            term = line.strip()
            if not term or term.startswith("#"):
                continue
            out.setdefault(term.lower(), term)
            # hyphenated / slashed / digit-suffixed terms: also their alphabetic parts
            for part in re.findall(r"[A-Za-z]+", term):
                if len(part) >= 2:
                    out.setdefault(part.lower(), part)
    return out


@lru_cache(maxsize=1)
def _name_terms() -> dict[str, str]:
    """lower-cased -> canonical English names of the entity gazetteer's companies and
    products (``corpora/gazetteers``): single alphabetic names of >= 4 letters (RoboBrain,
    Tencent, NetEase) and the alphabetic parts of longer names.  Empty when the gazetteer
    is unavailable."""
    out: dict[str, str] = {}
    try:
        from pipeline.gazetteer import Gazetteer

        for rec in Gazetteer.load().records():
            if rec.kind not in ("company", "product"):
                continue
            for name in (rec.en, *rec.aliases, *rec.version_prefixes):
                if not name or not name.isascii():
                    continue
                for part in re.findall(r"[A-Za-z]+", name):
                    if len(part) >= 4 and not part.isupper():
                        out.setdefault(part.lower(), part)
    except Exception:  # noqa: BLE001 - no gazetteer: the bundled vocabularies only
        return {}
    return out


@lru_cache(maxsize=1)
def _vocabulary_terms() -> dict[str, str]:
    """Finance vocabulary plus gazetteer names (the finance spelling wins)."""
    out = dict(_name_terms())
    out.update(_finance_terms())
    return out


@lru_cache(maxsize=1)
def _finance_acronyms() -> frozenset[str]:
    """Lower-cased vocabulary terms listed at least once with >= 2 capitals (EBITDA, DocVQA)."""
    out: set[str] = set()
    with open(_finance_path(), encoding="utf-8") as fh:
        for line in fh:
            term = line.strip()
            if term and not term.startswith("#"):
                for t in (term, *re.findall(r"[A-Za-z]+", term)):
                    if sum(ch.isupper() for ch in t) >= 2:
                        out.add(t.lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def english_vocabulary() -> SymSpell:
    """A SymSpell (max edit distance 2, prefix length 5 -- exact, and loads in
    ~1 s instead of ~2.5 s with 7) over symspellpy's bundled
    ``frequency_dictionary_en_82_765.txt`` plus ``corpora/lexicons/finance_en.txt``
    and the English company and product names of the entity gazetteer (each term
    lower-cased, count :data:`FINANCE_COUNT` added).  Cached."""
    from symspellpy import SymSpell

    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=5)
    bundled = _ilr.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    with _ilr.as_file(bundled) as p:
        sym.load_dictionary(str(p), term_index=0, count_index=1, encoding="utf-8")
    for low in _vocabulary_terms():
        sym.create_dictionary_entry(low, FINANCE_COUNT)
    return sym


def english_word_count(word: str) -> int:
    """How often symspell's own English list counts ``word`` (lower-cased): the count
    :func:`english_vocabulary` holds, less the :data:`FINANCE_COUNT` it added for a finance
    term or gazetteer name (so Guoxin, a name, counts 0)."""
    low = word.lower()
    count = english_vocabulary().words.get(low, 0)
    return count - FINANCE_COUNT if low in _vocabulary_terms() else count


def _ocr_cost(obs: str, cand: str) -> float:
    """Weighted optimal-string-alignment distance from candidate (truth) to observed.

    Deletion of a truth letter / insertion of a spurious letter / transposition
    cost 1.0; substitution 0.6 inside an OCR-lookalike group, else 1.5; +0.8 if
    the first letter changed (OCR rarely garbles a word's first letter while
    keeping the rest)."""
    n, m = len(obs), len(cand)
    d = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        d[i][0] = float(i)
    for j in range(1, m + 1):
        d[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            a, b = obs[i - 1], cand[j - 1]
            sub = 0.0 if a == b else (0.6 if (a, b) in _SIMILAR else 1.5)
            v = min(d[i - 1][j] + 1.0, d[i][j - 1] + 1.0, d[i - 1][j - 1] + sub)
            if i > 1 and j > 1 and a == cand[j - 2] and obs[i - 2] == b and a != b:
                v = min(v, d[i - 2][j - 2] + 1.0)
            d[i][j] = v
    extra = 0.8 if obs[:1] != cand[:1] else 0.0
    return d[n][m] + extra


def _apply_case(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _known(low: str) -> bool:
    return low in _vocabulary_terms() or low in english_vocabulary().words


def _correct_alpha(tok: str, allow_general: bool) -> tuple[str, float] | None:
    from symspellpy import Verbosity

    low = tok.lower()
    max_d = 1 if len(low) <= 4 else 2
    sym = english_vocabulary()
    finance = _vocabulary_terms()
    scored: list[tuple[float, float, str]] = []
    for s in sym.lookup(low, Verbosity.ALL, max_edit_distance=max_d):
        if s.term == low:
            continue
        if not allow_general and s.term not in _finance_acronyms():
            continue  # acronyms are only corrected towards vocabulary acronyms (EBlTDA -> EBITDA)
        cost = _ocr_cost(low, s.term)
        scored.append((math.log(s.count) - _COST_WEIGHT * cost, cost, s.term))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[2]))
    best_score, best_cost, best = scored[0]
    z = sum(math.exp(s - best_score) for s, _, _ in scored)
    conf = (1.0 / z) * math.exp(-0.25 * best_cost)
    # canonical casing from the vocabulary (RoboBrain, EBITDA), else the input's casing
    out = finance[best] if best in finance and finance[best] != best else _apply_case(tok, best)
    return out, round(conf, 3)


@lru_cache(maxsize=65536)
def suggest_english(word: str) -> tuple[str, float] | None:
    """Best spelling correction for one OCR'd English token, with a confidence in 0-1.

    Returns ``None`` when the token is known (bundled English dictionary or the
    finance vocabulary, case-insensitive), too short (< 3 letters), or nothing
    is within edit distance 1 (tokens of <= 4 letters) / 2 (longer).  Tokens
    mixing letters and digits (``Qwen3``, ``GPT4o``) are checked run by run and
    only their alphabetic runs are corrected.  ALL-CAPS tokens (acronyms) are
    only corrected towards vocabulary acronyms, i.e. terms listed with >= 2
    capitals (EBlTDA -> EBITDA, MMMV -> MMMU; never towards a plain word).

    Proper names missing from both vocabularies (pinyin company names such as
    Longi, Zijin) DO get "corrected" (Longi -> Long, 0.78), with confidences in
    the same range as real fixes (~0.75-0.86), so callers need context evidence
    (glossary, gazetteers, neighbouring tokens) before applying a suggestion.

    Candidates are ranked by ``log(count) - 8 * ocr_cost`` (see ``_ocr_cost``);
    the confidence is the softmax share of the best candidate times
    ``exp(-0.25 * cost)``.  Casing follows the input (Othe -> Other) unless the
    vocabulary has a canonical casing (DeepSeak -> DeepSeek).  Results are
    memoised (LRU, 65,536 tokens); a cold call takes ~1-3 ms.
    """
    if not word or not word.isascii():
        return None
    parts = _TOKEN_RE.findall(word)
    alpha = [p for p in parts if p.isalpha()]
    if not alpha or (len(parts) == 1 and len(word) < 3):
        return None
    if _known(word.lower()) or all(_known(p.lower()) or len(p) < 3 for p in alpha):
        return None
    out: list[str] = []
    confs: list[float] = []
    for p in parts:
        if not p.isalpha() or len(p) < 3 or _known(p.lower()):
            out.append(p)
            continue
        fixed = _correct_alpha(p, allow_general=not (p.isupper() and len(p) > 1))
        if fixed is None:
            return None
        out.append(fixed[0])
        confs.append(fixed[1])
    if not confs:
        return None
    return "".join(out), round(min(confs), 3)
