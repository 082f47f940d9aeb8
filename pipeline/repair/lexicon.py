"""Lexicon, language-model and confusion-set access for the repair helpers.

``pipeline.repair_resources`` (confusion tables, char LM, English vocabulary; built by the
resources work) is used when it is importable. Everything it offers has a fallback here so
the stage works without it:

- visual confusions: ``models/confusion/visual.tsv`` read directly;
- phonetic confusions: characters sharing a toneless pinyin (``pypinyin``) within the
  visual table's character set;
- word lexicon: jieba's ``dict.txt`` (Simplified; Traditional text is looked up through
  OpenCC ``t2s``), plus entity gazetteers when ``pipeline.gazetteer`` exists;
- word LM: the best jieba-unigram segmentation of a window (log-probability), which is
  what the characters/consistency helpers compare between variants.

All lookups are cached; loading costs about 1.5 s once per process (jieba's dictionary).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import re
from collections.abc import Iterable

from pipeline.chinese_script import HAN, convert
from pipeline.resources import data_path

log = logging.getLogger("yanbao.repair")

HAN_RE = HAN
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _resources_module():
    try:
        import pipeline.repair_resources as rr  # the shared resources module, when present

        return rr
    except Exception:  # noqa: BLE001 - absent or broken: use the fallbacks
        return None


@functools.lru_cache(maxsize=1)
def _jieba_freq() -> tuple[dict[str, int], int]:
    """jieba's word frequencies, plus the broker-research terms it lacks
    (``corpora/lexicons/finance_zh.txt``: 市賬率, 按季, 扣非, 新造業務價值 …), each counted
    ``FINANCE_TERM_FREQ`` times under its Simplified form."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    freq = {w: f for w, f in jieba.dt.FREQ.items() if f > 0}
    total = int(jieba.dt.total)
    for term in _finance_terms():
        s = convert(term, "t2s")
        if freq.get(s, 0) < FINANCE_TERM_FREQ:
            total += FINANCE_TERM_FREQ - freq.get(s, 0)
            freq[s] = FINANCE_TERM_FREQ
    return freq, total


#: the count a finance term gets: that of a term jieba knows but rarely sees (市净率 26, 环比 22)
FINANCE_TERM_FREQ = 30


def _finance_terms() -> list[str]:
    """``finance_zh.txt``, and the Chinese rating and rating-action terms of ``ratings.yaml``
    (沽售, 跑輸大市, 審慎增持: a rating is a word, not a misread of one)."""
    path = data_path("corpora", "lexicons", "finance_zh.txt")
    terms = []
    if path.exists():
        terms = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and ln[0] != "#"]
    ratings = data_path("corpora", "lexicons", "ratings.yaml")
    if ratings.exists():
        import yaml

        data = yaml.safe_load(ratings.read_text(encoding="utf-8")) or {}
        for group in ("ratings", "weak_ratings", "actions"):
            for words in (data.get(group) or {}).values():
                terms += [w for w in words if 2 <= len(w) <= 8 and HAN.search(w) and not HAN.sub("", w)]
    return terms


@functools.lru_cache(maxsize=1)
def _gazetteer_names() -> frozenset[str]:
    """Names from ``corpora/gazetteers/*.yaml`` (both scripts), when there are any."""
    names: set[str] = set()
    try:
        from pipeline.gazetteer import Gazetteer  # type: ignore[import-not-found]

        gz = Gazetteer.load()
        for item in gz.names(weak=True):
            name = item[0] if isinstance(item, tuple) else item
            names.add(str(name))
    except Exception:  # noqa: BLE001
        pass
    if not names:
        try:
            import yaml

            for p in sorted(data_path("corpora", "gazetteers").glob("*.yaml")):
                names.update(_yaml_strings(yaml.safe_load(p.read_text(encoding="utf-8"))))
        except Exception:  # noqa: BLE001
            pass
    out = set()
    for n in names:
        n = n.strip()
        if 2 <= len(n) <= 40:
            out.add(n)
            if HAN.search(n):
                out.add(convert(n, "t2s"))
    return frozenset(out)


def _yaml_strings(obj) -> Iterable[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k in (
                "name",
                "names",
                "aliases",
                "alias",
                "zh",
                "en",
                "zh-Hans",
                "zh-Hant",
                "canonical",
                "short",
            ) or isinstance(v, (dict, list)):
                yield from _yaml_strings(v)
    elif isinstance(obj, list):
        for x in obj:
            yield from _yaml_strings(x)


#: words of the masked-word index: 2-4 characters, jieba frequency at least this
MASK_MIN_FREQ = 3


@functools.lru_cache(maxsize=1)
def _masked_words() -> dict[str, str]:
    """jieba's lexicon (Simplified; Traditional text is looked up through t2s) indexed by
    word-with-one-position-masked (the mask is a NUL character): 实? → the characters that
    complete it (实现, 实施, 实际 …), ?现 → 实, 出, 发 …  Words of 2-4 characters with frequency ≥
    :data:`MASK_MIN_FREQ` (~0.5 M keys, ~100 MB, built in ~3 s on first use)."""
    freq, _ = _jieba_freq()
    idx: dict[str, str] = {}
    for w, f in freq.items():
        n = len(w)
        if 2 <= n <= 4 and f >= MASK_MIN_FREQ:
            for i in range(n):
                k = w[:i] + "\0" + w[i + 1 :]
                v = idx.get(k)
                idx[k] = w[i] if v is None else v + w[i]
    return idx


@functools.lru_cache(maxsize=1)
def _script_forms() -> dict[str, tuple[str, ...]]:
    """Simplified character → every character of the correction candidate set that folds to
    it with OpenCC t2s (itself and its Traditional forms: 发 → 发, 發, 髮)."""
    chars: list[str] = []
    rr = _resources_module()
    g = None
    if rr is not None and hasattr(rr, "_glyphs"):
        with contextlib.suppress(Exception):
            g = rr._glyphs()
    if g is not None:
        chars = [c for c, ok in zip(g.chars, g.candidate.tolist(), strict=True) if ok]
    else:
        chars = list(_visual_table())
    out: dict[str, list[str]] = {}
    for c in chars:
        s = convert(c, "t2s")
        if len(s) == 1:
            out.setdefault(s, []).append(c)
    return {k: tuple(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def _visual_table() -> dict[str, dict[str, float]]:
    rr = _resources_module()
    table: dict[str, dict[str, float]] = {}
    path = data_path("models", "confusion", "visual.tsv")
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#") or "\t" not in line:
                continue
            ch, rest = line.split("\t", 1)
            row: dict[str, float] = {}
            for item in rest.split():
                c, _, s = item.rpartition(":")
                try:
                    row[c] = float(s)
                except ValueError:
                    continue
            table[ch] = row
    if rr is not None and not table:
        log.info("visual.tsv missing; using repair_resources.visual_confusions only")
    return table


COMMON_SINGLES = 200


def _mask_index(words) -> dict[str, frozenset[str]]:
    """{a word of Han characters with one masked as '?': the characters the words have there}
    — the index behind ``name_wants`` and ``word_elsewhere``."""
    out: dict[str, set[str]] = {}
    for w in words:
        if not all("\u4e00" <= c <= "\u9fff" for c in w):
            continue
        for i in range(len(w)):
            out.setdefault(w[:i] + "?" + w[i + 1 :], set()).add(w[i])
    return {k: frozenset(v) for k, v in out.items()}


class Lexicon:
    """One object the helpers share: confusions, lexicon, word LM, English."""

    def __init__(self) -> None:
        self.rr = _resources_module()
        self.freq, self.total = _jieba_freq()
        self.log_total = math.log(self.total)
        self.names = _gazetteer_names()
        self._charlm = None
        self._charlm_tried = False

    # -- script ------------------------------------------------------------------------
    @staticmethod
    @functools.lru_cache(maxsize=200000)
    def simp(text: str) -> str:
        return convert(text, "t2s") if HAN.search(text) else text

    @functools.cached_property
    def broker_terms(self) -> frozenset[str]:
        """The broker-research terms of ``finance_zh.txt`` that jieba lacks (Simplified)."""
        return frozenset(convert(t, "t2s") for t in _finance_terms())

    @functools.cached_property
    def _long_word_masks(self) -> dict[str, frozenset[str]]:
        """{a word of 4–6 Han characters with one masked as '?' (Simplified): the characters
        the lexicon has there} — jieba's words, the broker terms and the gazetteer names."""
        words = [w for w, f in self.freq.items() if f > 0 and 4 <= len(w) <= 6]
        return _mask_index(words + [self.simp(n) for n in self.names if 4 <= len(n) <= 6])

    def word_elsewhere(self, text: str, s: int) -> str | None:
        """A word of 4–6 characters that the text around ``s`` misses by one character
        *other* than ``s``, keeping the character at ``s`` as printed (模桿比率: 杠杆比率 wants
        模 changed, not 桿), where no such word wants ``s`` changed: the misreading is
        elsewhere, not at ``s``."""
        masks = self._long_word_masks
        lo, hi = max(0, s - 5), min(len(text), s + 6)
        t = self.simp(text[lo:hi])
        k = s - lo
        elsewhere = None
        for n in (6, 5, 4):
            for a in range(max(0, k - n + 1), min(k, len(t) - n) + 1):
                w = t[a : a + n]
                if not all("\u4e00" <= c <= "\u9fff" for c in w) or self.freq.get(w, 0) > 0:
                    continue
                for j in range(n):
                    want = masks.get(w[:j] + "?" + w[j + 1 :])
                    if not want or w[j] in want:
                        continue
                    if a + j == k:
                        return None  # a word wants this character changed too (行案研究: 行業研究)
                    elsewhere = elsewhere or w[:j] + min(want) + w[j + 1 :]
        return elsewhere

    @functools.cached_property
    def common_singles(self) -> frozenset[str]:
        """The ``COMMON_SINGLES`` most frequent one-character words (因, 及, 其 …; rank 200
        is about 找), which stand alone in a sentence."""
        singles = sorted(((f, w) for w, f in self.freq.items() if len(w) == 1 and HAN_RE.match(w)), reverse=True)
        return frozenset(w for _, w in singles[:COMMON_SINGLES])

    @functools.cached_property
    def _name_masks(self) -> dict[str, frozenset[str]]:
        """{a Han name of 3–8 characters with one character masked as '?' (Simplified):
        the characters the gazetteer has there}."""
        return _mask_index(n for n in map(self.simp, self.names) if 3 <= len(n) <= 8)

    def name_wants(self, text: str, s: int) -> frozenset[str]:
        """The characters that would complete a gazetteer name of 3+ Han characters around
        ``s`` with the rest as printed (碧桂? → 园): what the name says ``s`` should be."""
        masks = self._name_masks
        t = self.simp(text[max(0, s - 7) : s + 8])
        k = min(s, 7)
        want: set[str] = set()
        for a in range(max(0, k - 7), k + 1):
            for b in range(max(k + 1, a + 3), min(len(t), a + 8) + 1):
                want |= masks.get(t[a:k] + "?" + t[k + 1 : b], frozenset())
        return frozenset(want)

    # -- confusions --------------------------------------------------------------------
    @functools.lru_cache(maxsize=50000)  # noqa: B019 - one Lexicon per process
    def visual(self, ch: str) -> dict[str, float]:
        out = dict(_visual_table().get(ch, {}))
        if self.rr is not None and hasattr(self.rr, "visual_confusions"):
            try:
                for c, s in (self.rr.visual_confusions(ch) or {}).items():
                    out[c] = max(out.get(c, 0.0), float(s))
            except Exception:  # noqa: BLE001
                pass
        # symmetric closure: a table row may list ch -> c but not c -> ch
        for c, s in _reverse_visual().get(ch, {}).items():
            out.setdefault(c, s)
        out.pop(ch, None)
        return out

    def visual_similarity(self, a: str, b: str) -> float | None:
        """Glyph similarity of any pair (``repair_resources.visual_similarity``); without
        the glyph features, the table score when one lists the other, else ``None``."""
        if self.rr is not None and hasattr(self.rr, "visual_similarity"):
            with contextlib.suppress(Exception):
                v = self.rr.visual_similarity(a, b)
                if v is not None:
                    return v
        return self.visual(a).get(b)

    def visual_similarities(self, ch: str, others: list[str]) -> list[float | None]:
        """:meth:`visual_similarity` of ``ch`` with each of ``others`` (vectorised)."""
        if self.rr is not None and hasattr(self.rr, "visual_similarities"):
            with contextlib.suppress(Exception):
                return self.rr.visual_similarities(ch, others)
        return [self.visual_similarity(ch, o) for o in others]

    def lexical_fills(self, text: str, pos: int, max_len: int = 4) -> set[str]:
        """Simplified characters that, put at ``pos`` of ``text``, make a lexicon word of
        2-``max_len`` characters with the neighbours (the masked-word index)."""
        st = self.simp(text)
        if len(st) != len(text):
            st = text
        idx = _masked_words()
        out: set[str] = set()
        n = len(st)
        for a in range(max(0, pos - max_len + 1), pos + 1):
            for b in range(max(pos + 1, a + 2), min(n, a + max_len) + 1):
                v = idx.get(st[a:pos] + "\0" + st[pos + 1 : b])
                if v:
                    out.update(v)
        return out

    @staticmethod
    def script_forms(simplified: str) -> tuple[str, ...]:
        """Candidate-set characters that fold to ``simplified`` (itself, Traditional forms)."""
        return _script_forms().get(simplified, (simplified,))

    @functools.lru_cache(maxsize=50000)  # noqa: B019
    def phonetic(self, ch: str) -> dict[str, float]:
        out: dict[str, float] = {}
        if self.rr is not None and hasattr(self.rr, "pinyin_confusions"):
            try:
                out = {c: float(s) for c, s in (self.rr.pinyin_confusions(ch) or {}).items()}
            except Exception:  # noqa: BLE001
                out = {}
        if not out:
            py = _pinyin_of(ch)
            if py:
                trad = _is_traditional_only(ch)
                simp = _is_simplified_only(ch)
                for c in _pinyin_groups().get(py, ()):
                    if c == ch or (trad and _is_simplified_only(c)) or (simp and _is_traditional_only(c)):
                        continue
                    out[c] = 0.5
        out.pop(ch, None)
        return out

    # -- lexicon -----------------------------------------------------------------------
    def word_freq(self, word: str) -> int:
        if self.rr is not None and hasattr(self.rr, "CharLM"):
            pass  # frequency comes from jieba in both cases
        return self.freq.get(self.simp(word), 0)

    def is_word(self, word: str) -> bool:
        if len(word) < 1:
            return False
        if self.freq.get(self.simp(word), 0) > 0:
            return True
        return word in self.names or self.simp(word) in self.names

    def covering_words(self, text: str, pos: int, max_len: int = 5, min_freq: int = 1) -> list[tuple[int, int, int]]:
        """Lexicon words of length ≥ 2 in ``text`` that contain position ``pos``: (start, end, freq)."""
        out = []
        n = len(text)
        s_text = self.simp(text) if len(self.simp(text)) == n else text
        for a in range(max(0, pos - max_len + 1), pos + 1):
            for b in range(pos + 1, min(n, a + max_len) + 1):
                if b - a < 2:
                    continue
                w = s_text[a:b]
                f = self.freq.get(w, 0)
                if f >= min_freq or (b - a >= 2 and (text[a:b] in self.names or w in self.names)):
                    out.append((a, b, max(f, 1)))
        return out

    # -- word LM -----------------------------------------------------------------------
    def seg_logprob(self, text: str) -> float:
        """Log-probability of the best segmentation of ``text`` into lexicon words."""
        return _seg_logprob(self, self.simp(text) if len(self.simp(text)) == len(text) else text)

    def boundaries(self, text: str) -> set[int]:
        """Word boundaries (offsets) of the best lexicon segmentation of ``text``."""
        t = self.simp(text) if len(self.simp(text)) == len(text) else text
        return _seg_boundaries(self, t)

    def charlm(self):
        if not self._charlm_tried:
            self._charlm_tried = True
            if self.rr is not None and hasattr(self.rr, "CharLM"):
                try:
                    self._charlm = self.rr.CharLM.load()
                except Exception as exc:  # noqa: BLE001
                    log.info("CharLM unavailable (%s); using the segmentation LM", exc)
        return self._charlm

    def lm_logprob(self, text: str) -> float:
        """Segmentation LM plus the char LM when the shared resources provide one."""
        score = self.seg_logprob(text)
        lm = self.charlm()
        if lm is not None:
            with contextlib.suppress(Exception):
                score = 0.5 * score + 0.5 * float(lm.logprob(text))
        return score

    # -- English -----------------------------------------------------------------------
    def suggest_english(self, word: str, prev: str = "", nxt: str = "") -> tuple[str, float] | None:
        if self.rr is not None and hasattr(self.rr, "suggest_english"):
            try:
                return self.rr.suggest_english(word)
            except Exception:  # noqa: BLE001
                pass
        return _fallback_suggest(word, prev, nxt)

    def english_known(self, word: str) -> bool:
        """A word of the English vocabulary or a gazetteer name; a British spelling counts
        when its American one is known (digitalisation, labour, centre: HK notes write
        British English, symspell's list is American)."""
        low = word.lower()
        words = None
        if self.rr is not None and hasattr(self.rr, "english_vocabulary"):
            try:
                words = self.rr.english_vocabulary().words
            except Exception:  # noqa: BLE001
                words = None
        if words is None:
            words = _english_words()
        if low in words or word in self.names:
            return True
        us = _american(low)
        return us != low and us in words


_BRITISH = [
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("ysed", "yzed"),
    ("yse", "yze"),
    ("ours", "ors"),
    ("our", "or"),
    ("tres", "ters"),
    ("tre", "ter"),
]


def _american(low: str) -> str:
    """The American spelling of a British word ending (digitalisation → digitalization)."""
    for gb, us in _BRITISH:
        if low.endswith(gb) and len(low) > len(gb) + 2:
            return low[: -len(gb)] + us
    return low


@functools.lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return Lexicon()


# -- fallbacks ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _reverse_visual() -> dict[str, dict[str, float]]:
    rev: dict[str, dict[str, float]] = {}
    for a, row in _visual_table().items():
        for b, s in row.items():
            rev.setdefault(b, {})[a] = s
    return rev


@functools.lru_cache(maxsize=100000)
def _pinyin_of(ch: str) -> str | None:
    try:
        from pypinyin import Style, pinyin
    except ImportError:
        return None
    py = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="ignore")
    return py[0][0] if py and py[0] else None


@functools.lru_cache(maxsize=100000)
def _is_traditional_only(ch: str) -> bool:
    return convert(ch, "t2s") != ch and convert(ch, "s2t") == ch


@functools.lru_cache(maxsize=100000)
def _is_simplified_only(ch: str) -> bool:
    return convert(ch, "s2t") != ch and convert(ch, "t2s") == ch


@functools.lru_cache(maxsize=1)
def _pinyin_groups() -> dict[str, tuple[str, ...]]:
    freq, _ = _jieba_freq()
    groups: dict[str, list[str]] = {}
    for ch in _visual_table():
        if freq.get(convert(ch, "t2s"), 0) < 200:
            continue
        py = _pinyin_of(ch)
        if py:
            groups.setdefault(py, []).append(ch)
    return {k: tuple(v) for k, v in groups.items()}


def _seg_logprob(lex: Lexicon, text: str) -> float:
    n = len(text)
    if n == 0:
        return 0.0
    freq, log_total = lex.freq, lex.log_total
    unk = math.log(0.3) - log_total  # unseen single Han character
    best = [0.0] + [-math.inf] * n
    for i in range(n):
        if best[i] == -math.inf:
            continue
        ch = text[i]
        if not HAN.match(ch):
            # non-Han characters: one token per run of the same class, constant cost
            j = i + 1
            best[j] = max(best[j], best[i] - 4.0)
            continue
        f = freq.get(ch, 0)
        best[i + 1] = max(best[i + 1], best[i] + (math.log(f) - log_total if f else unk))
        for j in range(i + 2, min(n, i + 8) + 1):
            f = freq.get(text[i:j], 0)
            if f:
                best[j] = max(best[j], best[i] + math.log(f) - log_total)
    return best[n]


def _seg_boundaries(lex: Lexicon, text: str) -> set[int]:
    n = len(text)
    freq, log_total = lex.freq, lex.log_total
    unk = math.log(0.3) - log_total
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for i in range(n):
        if best[i] == -math.inf:
            continue
        opts = [(i + 1, (math.log(freq[text[i]]) - log_total) if freq.get(text[i]) else unk)]
        if HAN.match(text[i]):
            for j in range(i + 2, min(n, i + 8) + 1):
                f = freq.get(text[i:j], 0)
                if f:
                    opts.append((j, math.log(f) - log_total))
        for j, lp in opts:
            if best[i] + lp > best[j]:
                best[j] = best[i] + lp
                back[j] = i
    out = set()
    j = n
    while j > 0:
        out.add(j)
        j = back[j]
    out.add(0)
    return out


@functools.lru_cache(maxsize=1)
def _symspell():
    try:
        import importlib.resources

        from symspellpy import SymSpell
    except ImportError:
        return None
    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    sym.load_dictionary(str(path), term_index=0, count_index=1)
    extra = data_path("corpora", "lexicons", "finance_en.txt")
    if extra.exists():
        for line in extra.read_text(encoding="utf-8").splitlines():
            w = line.strip().split("\t")[0].split(" ")[0] if line.strip() and not line.startswith("#") else ""
            if w:
                sym.create_dictionary_entry(w.lower(), 10**7)
    return sym


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    sym = _symspell()
    if sym is None:
        return frozenset()
    return frozenset(sym.words)


@functools.lru_cache(maxsize=1)
def _bigrams() -> dict[str, int]:
    try:
        import importlib.resources

        path = importlib.resources.files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt"
        out = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3:
                out[f"{parts[0]} {parts[1]}"] = int(parts[2])
        return out
    except Exception:  # noqa: BLE001
        return {}


def _fallback_suggest(word: str, prev: str = "", nxt: str = "") -> tuple[str, float] | None:
    sym = _symspell()
    if sym is None or not word.isalpha():
        return None
    low = word.lower()
    if low in _english_words():
        return None
    from symspellpy import Verbosity

    max_d = 1 if len(low) <= 5 else 2
    sugg = sym.lookup(low, Verbosity.ALL, max_edit_distance=max_d)
    if not sugg:
        return None
    bi = _bigrams()
    d0 = min(s.distance for s in sugg)

    def rank(s):
        ctx = bi.get(f"{prev.lower()} {s.term}", 0) + bi.get(f"{s.term} {nxt.lower()}", 0)
        return (s.distance, -(s.term[:1] == low[:1]), -_subsequence(low, s.term), -(ctx > 0), -ctx, -s.count)

    ranked = sorted((s for s in sugg if s.distance == d0), key=rank)
    best = ranked[0]
    if len(ranked) > 1 and rank(ranked[1])[:4] == rank(best)[:4] and ranked[1].count * 3 > best.count:
        return None  # ambiguous
    conf = 0.9 if best.distance == 1 else 0.8
    if best.count < 10**5:
        conf -= 0.1
    return _match_case(word, best.term), conf


def _subsequence(short: str, long: str) -> bool:
    """OCR drops letters more often than it adds them: is ``short`` a subsequence of ``long``?"""
    it = iter(long)
    return all(c in it for c in short)


def _match_case(src: str, term: str) -> str:
    if len(src) == len(term) and any(c.isupper() for c in src[1:]) and not src.isupper():
        return "".join(t.upper() if s.isupper() else t for s, t in zip(src, term, strict=True))
    if src.isupper():
        return term.upper()
    if src[:1].isupper():
        return term[:1].upper() + term[1:]
    return term
