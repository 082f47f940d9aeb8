#!/usr/bin/env python3
"""Build the phonetic (same-pinyin) confusion sets.

Usage (from the repository root)::

    python models/confusion/build_pinyin.py           # writes models/confusion/pinyin.tsv

Build-time dependencies: pypinyin (MIT), jieba (MIT, for dict.txt), opencc
(Apache-2.0).  Same candidate set as ``build_visual.py``.

For each candidate character, every toneless reading is taken from pypinyin
(``Style.NORMAL``, ``heteronym=True``, so polyphones such as 行 xing/hang
contribute all readings).  Candidates are the other characters of the set that
share at least one toneless reading and whose frequency is >= ``FREQ_FLOOR``
(summed jieba word frequency; Traditional forms inherit the frequency of their
Simplified source).  They are ranked by frequency (descending, ties by code
point) and the top ``TOP`` (20) are kept.

Score (0-1): a frequency prior, ``log1p(freq) / log1p(max_freq)`` where
``max_freq`` is the largest frequency in the whole set, written with 3 decimals.
It is monotone in frequency, so the row order equals the score order.
Output ``char TAB cand:score ...`` sorted by code point, deterministic.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

from pypinyin import Style, pinyin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_visual import candidate_chars  # noqa: E402

HERE = Path(__file__).resolve().parent
TOP = 20
FREQ_FLOOR = 200


def readings(ch: str) -> set[str]:
    """Toneless pinyin readings of a single character (all heteronyms)."""
    r = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not r:
        return set()
    return {x for x in r[0] if x and x.isascii() and x.isalpha()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE / "pinyin.tsv"))
    args = ap.parse_args()
    t0 = time.time()
    chars, freq = candidate_chars()
    fmax = max(freq.values())
    by_reading: dict[str, list[str]] = {}
    read: dict[str, set[str]] = {}
    for ch in chars:
        read[ch] = readings(ch)
        for r in read[ch]:
            by_reading.setdefault(r, []).append(ch)
    n_rows = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for ch in chars:
            cands: set[str] = set()
            for r in read[ch]:
                cands.update(by_reading[r])
            cands.discard(ch)
            ranked = sorted((c for c in cands if freq.get(c, 0) >= FREQ_FLOOR), key=lambda c: (-freq[c], c))[:TOP]
            if not ranked:
                continue
            items = " ".join(f"{c}:{math.log1p(freq[c]) / math.log1p(fmax):.3f}" for c in ranked)
            fh.write(f"{ch}\t{items}\n")
            n_rows += 1
    print(f"wrote {args.out}: {n_rows} rows in {time.time() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
