"""A word bigram language model of running Chinese text, for judging repair candidates.

The lexicon LM (``Lexicon.lm_logprob``) is built from jieba's dictionary alone: it knows
which strings are words but nothing of which words follow which, so 收入估比 and 收入占比
score alike when 占比 is missing from the dictionary. This model is the open-gram back-off
LM (``models/lm/opengram.npz``, built by ``models/lm/build_opengram.py``; CC BY-SA 3.0,
trained on a large corpus of running Simplified text, punctuation included), pruned to its
informative bigrams.

``logprob(text)`` is the best path through the lattice of lexicon words of ``text``
(Viterbi over word bigrams with Katz back-off ``α(a)·P(b)``; a character that starts no
lexicon word is one unknown word at ``UNKNOWN`` nats). Traditional text is scored through
OpenCC's t2s. Written by hand because the model's own runtime (SunPinyin) is an input
method, not a scorer, and kenlm cannot read it; the lattice of a repair window has a few
dozen arcs, so pure Python takes ~60 µs per window.

The model is optional: without the file, ``get_word_lm()`` returns ``None`` and repair falls
back to the lexicon LM.
"""

from __future__ import annotations

import functools
import logging
import math

log = logging.getLogger("yanbao.repair")

UNKNOWN = math.log(1e-9)


class WordBigramLM:
    def __init__(self, path) -> None:
        import numpy as np

        with np.load(path) as z:
            words = bytes(z["words"]).decode("utf-8").split("\n")
            uni_lp = z["uni_lp"].astype(np.float64)
            uni_bow = z["uni_bow"].astype(np.float64)
            self._row = z["row"]
            self._col = z["col"]
            self._lp = z["lp"].astype(np.float32)
        self.uni: dict[int, float] = {}
        self.bow: dict[int, float] = {}
        self.vocab: dict[str, int] = {}
        for i, w in enumerate(words):
            if w and not math.isnan(uni_lp[i]):
                self.vocab[w] = i
                self.uni[i] = float(uni_lp[i])
                self.bow[i] = float(uni_bow[i])
        self.max_len = max(map(len, self.vocab))
        self._cache: dict[tuple[int, int], float | None] = {}

    def _bigram(self, a: int, b: int) -> float | None:
        import numpy as np

        key = (a, b)
        if key in self._cache:
            return self._cache[key]
        lo, hi = int(self._row[a]), int(self._row[a + 1])
        out = None
        if hi > lo:
            j = lo + int(np.searchsorted(self._col[lo:hi], b))
            if j < hi and int(self._col[j]) == b:
                out = float(self._lp[j])
        if len(self._cache) > 500_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def cond(self, prev: int | None, w: int) -> float:
        """log P(w | prev) with back-off; ``w < 0`` is an unknown word."""
        if w < 0:
            return UNKNOWN
        if prev is None or prev < 0:
            return self.uni[w]
        lp = self._bigram(prev, w)
        return lp if lp is not None else self.bow[prev] + self.uni[w]

    def logprob(self, text: str) -> float:
        """Best word-path log probability of ``text`` (Simplified; see ``score``)."""
        n = len(text)
        if not n:
            return 0.0
        best: list[dict[int | None, float]] = [{} for _ in range(n + 1)]
        best[0][None] = 0.0
        vocab, max_len = self.vocab, self.max_len
        for i in range(n):
            here = best[i]
            if not here:
                continue
            arcs = [(j, vocab[text[i:j]]) for j in range(i + 1, min(n, i + max_len) + 1) if text[i:j] in vocab]
            if not arcs:
                arcs = [(i + 1, -1)]
            for j, w in arcs:
                nxt = best[j]
                for prev, score in here.items():
                    s = score + self.cond(prev, w)
                    if s > nxt.get(w, -math.inf):
                        nxt[w] = s
        return max(best[n].values())

    def score(self, text: str) -> float:
        """``logprob`` of ``text`` in either script (Traditional is read through OpenCC t2s)."""
        from pipeline.chinese_script import convert

        simp = convert(text, "t2s")
        return self.logprob(simp if len(simp) == len(text) else text)


@functools.lru_cache(maxsize=1)
def get_word_lm() -> WordBigramLM | None:
    from pipeline.resources import data_path

    try:
        path = data_path("models", "lm", "opengram.npz")
    except Exception:  # noqa: BLE001
        return None
    if not path.exists():
        log.info("models/lm/opengram.npz not found: repair scores with the lexicon LM only")
        return None
    return WordBigramLM(path)
