#!/usr/bin/env python3
"""Build ``models/lm/opengram.npz``: a word bigram LM of running Simplified Chinese text.

Usage (from the repository root, on Debian/Ubuntu; needs no root)::

    python models/lm/build_opengram.py            # downloads the two .deb files with apt-get
    python models/lm/build_opengram.py --debs DIR  # or uses sunpinyin-data_*.deb and
                                                   # sunpinyin-utils_*.deb already in DIR

Source
------
The open-gram language model that Debian ships in ``sunpinyin-data`` (built from a large
corpus of running Simplified Chinese by the open-gram project; CC BY-SA 3.0, see
``MODEL_CARD.md``): a back-off word trigram model over a 71,759-word lexicon, stored in
SunPinyin's threaded binary format. ``tslminfo`` from ``sunpinyin-utils`` prints it as text
(word ids); the word of each id is read from the same package's ``pydict_sc.bin`` (its
lexicon is a block of NUL-terminated UTF-32 strings indexed by id, after a 12-byte header
``n_words, n_nodes, lexicon_offset``).

What is kept
------------
* every unigram: ``log P(w)`` and the back-off weight ``log α(w)``;
* the bigrams whose probability differs from the back-off estimate ``α(a)·P(b)`` by more
  than ``e^3`` either way (1.13 M of 2.5 M): the others are predicted by the back-off
  within that factor. On the OCR benchmark the pruned model repairs what the full one does
  (23.2% vs 23.3% of errors removed, same precision);
* no trigrams (the repair windows are a few words long).

Output arrays (``np.savez_compressed``): ``words`` (UTF-8 bytes of the ``\\n``-joined lexicon,
line = id), ``uni_lp`` and ``uni_bow`` (float32 by id; NaN for ids without a unigram),
``row`` (int32 CSR offsets by first word id), ``col`` (uint32 second word ids), ``lp``
(float16 log probabilities). Byte-identical on rebuild.
"""

from __future__ import annotations

import argparse
import math
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PRUNE = 3.0  # keep a bigram when |log P(b|a) - log α(a)P(b)| > PRUNE


def lexicon(pydict: Path) -> list[str]:
    b = pydict.read_bytes()
    n_words, _n_nodes, offset = struct.unpack("<3I", b[:12])
    vals = np.frombuffer(b[offset : offset + (len(b) - offset) // 4 * 4], dtype="<u4")
    words, cur = [], []
    for v in vals.tolist():
        if v == 0:
            words.append("".join(map(chr, cur)))
            cur = []
        else:
            cur.append(v)
    if len(words) != n_words:
        raise SystemExit(f"lexicon: {len(words)} words, header says {n_words}")
    return words


def read_model(tslminfo: Path, t3g: Path):
    uni: dict[int, tuple[float, float]] = {}
    big: list[tuple[int, int, float]] = []
    proc = subprocess.Popen([str(tslminfo), "-v", "-p", str(t3g)], stdout=subprocess.PIPE, text=True)
    sec = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("\\"):
            sec = line[1]
            if sec == "3":
                break
            continue
        p = line.split()
        if sec == "1":
            uni[int(p[0])] = (float(p[1]), float(p[2]))
        elif sec == "2":
            big.append((int(p[0]), int(p[1]), float(p[2])))
    proc.kill()
    proc.wait()
    return uni, big


def fetch(debs: Path | None, work: Path) -> tuple[Path, Path, Path]:
    if debs is None:
        debs = work / "debs"
        debs.mkdir()
        subprocess.run(["apt-get", "download", "sunpinyin-data", "sunpinyin-utils"], cwd=debs, check=True)
    for pkg in ("sunpinyin-data", "sunpinyin-utils"):
        (deb,) = sorted(debs.glob(f"{pkg}_*.deb"))[-1:]
        subprocess.run(["dpkg-deb", "-x", str(deb), str(work / pkg)], check=True)
    data = next((work / "sunpinyin-data").rglob("lm_sc.t3g")).parent
    tool = next((work / "sunpinyin-utils").rglob("tslminfo"))
    return data / "lm_sc.t3g", data / "pydict_sc.bin", tool


def build(t3g: Path, pydict: Path, tool: Path, out: Path) -> dict:
    words = lexicon(pydict)
    uni, big = read_model(tool, t3g)
    n = len(words)
    uni_lp = np.full(n, np.nan, dtype=np.float32)
    uni_bow = np.full(n, np.nan, dtype=np.float32)
    for i, (p, bow) in uni.items():
        uni_lp[i] = math.log(p)
        uni_bow[i] = math.log(bow) if bow > 0 else 0.0
    kept = []
    for a, b, p in big:
        lp = math.log(p)
        if abs(lp - (float(uni_bow[a]) + float(uni_lp[b]))) > PRUNE:
            kept.append((a, b, lp))
    kept.sort()
    row = np.zeros(n + 1, dtype=np.int32)
    for a, _, _ in kept:
        row[a + 1] += 1
    row = np.cumsum(row, dtype=np.int64).astype(np.int32)
    col = np.array([b for _, b, _ in kept], dtype=np.uint32)
    lp = np.array([x for _, _, x in kept], dtype=np.float16)
    blob = "\n".join(words).encode("utf-8")
    np.savez_compressed(
        out, words=np.frombuffer(blob, dtype=np.uint8), uni_lp=uni_lp, uni_bow=uni_bow, row=row, col=col, lp=lp
    )
    return {"words": n, "unigrams": len(uni), "bigrams": len(big), "kept_bigrams": len(kept)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--debs", type=Path, default=None, help="directory with the two .deb files")
    ap.add_argument("--out", type=Path, default=HERE / "opengram.npz")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        t3g, pydict, tool = fetch(args.debs, Path(tmp))
        stats = build(t3g, pydict, tool, args.out)
    print(stats, f"→ {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
