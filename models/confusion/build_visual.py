#!/usr/bin/env python3
"""Build the visual (glyph-shape) confusion sets for the OCR repair stage.

Usage (from the repository root)::

    python models/confusion/build_visual.py            # writes models/confusion/visual.tsv

Build-time dependencies: pillow, numpy, jieba (for its dict.txt), opencc, and the
Debian fonts ``fonts-noto-cjk`` (Noto Sans/Serif CJK, SIL OFL 1.1) and
``fonts-wqy-microhei`` (WenQuanYi Micro Hei, GPLv3 with font exception).  Only
similarity scores and a 160-dimensional projection of the blurred glyph features
are written out (no bitmaps, outlines or font data).

Method
------
1. Candidate set (:func:`candidate_chars`): the 7,000 most frequent Han characters
   by jieba ``dict.txt`` word frequencies (a character's count is the sum of the
   frequencies of the words containing it), their Traditional forms via OpenCC
   ``s2t``/``s2hk``/``s2tw`` (single-character conversion), and all 3,755
   characters of GB2312 level 1 (~8,950 characters).  Every other character of
   the CJK Unified Ideographs block (U+4E00-U+9FFF) is added as a *query-only*
   row: OCR emits rare look-alikes (埸 for 场, 啇 for 商) and their neighbours
   point back into the candidate set, but they are never offered as
   corrections.  Characters missing from any font are dropped.
2. Each character is rendered at 64x64 px (anchor ``mm``, i.e. in its em box so
   position/size differences such as 日/曰 are kept) with every available font
   in :data:`FONT_CANDIDATES`, downsampled to 32x32 (box filter).  Three views
   per font: the ink map, and the absolute vertical / horizontal gradients
   (horizontal-stroke and vertical-stroke maps, a cheap structure feature), each
   Gaussian-blurred (sigma 1 px at 32x32) so small shifts and stroke-weight
   differences cost little.
3. Each (font, view) image is centred (mean removed) and L2-normalised; the
   similarity of two characters is the mean Pearson correlation over all
   (font, view) pairs, computed in 1024-row chunks with one matrix product.
4. For every character the ``K`` (12) other characters with similarity
   >= ``THRESHOLD`` ranking highest by ``similarity + 0.1 * log-frequency prior``
   are kept (no pair is forced in).  The raw similarity is written
   as the score (clipped to 0-1, 3 decimals), each row sorted by score
   descending.  Output is sorted by character code
   point and is deterministic for a given font set.
5. ``glyphs.npz``: the same features projected on their top :data:`DIMS` right
   singular vectors (uncentred PCA, randomized SVD with a fixed seed; not
   re-normalised, so a dot product approximates the full score), stored as float16 with the code points and a
   candidate-set mask, so that the similarity of *any* pair can be computed at
   run time (``pipeline.repair_resources.visual_similarity``) as one dot product.
   The build prints the correlation of the reduced with the full score on a
   sample of pairs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

FONT_CANDIDATES: list[tuple[str, str, int]] = [
    # (label, path, ttc face index)
    ("NotoSansCJK-SC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("NotoSansCJK-TC", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 3),
    ("NotoSerifCJK-SC", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("WenQuanYi-MicroHei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
]
RENDER = 64
GRID = 32
SIGMA = 1.0
K = 12
THRESHOLD = 0.55
FREQ_PRIOR = 0.1
N_TOP = 7000

#: dimensions of the shipped per-character glyph features (glyphs.npz)
DIMS = 160
#: visual_similarity threshold reported in MODEL_CARD.md (recall of EVAL_PAIRS)
PAIR_THRESHOLD = 0.55


def is_han(ch: str) -> bool:
    """True for CJK Unified Ideographs (incl. Ext. A and compatibility block)."""
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF


def jieba_char_freq() -> dict[str, int]:
    """Character counts: sum of jieba dict.txt word frequencies over occurrences."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    freq: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            w, f = parts[0], int(parts[1])
            for ch in w:
                if is_han(ch):
                    freq[ch] = freq.get(ch, 0) + f
    return freq


def gb2312_level1() -> list[str]:
    """The 3,755 level-1 hanzi of GB2312 (rows 16-55)."""
    out = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if is_han(ch):
                out.append(ch)
    return out


def candidate_chars(n_top: int = N_TOP) -> tuple[list[str], dict[str, int]]:
    """Return (sorted candidate characters, frequency per character).

    Traditional forms inherit the frequency of their Simplified source (max over
    sources) when larger than their own jieba count.
    """
    import opencc

    freq = jieba_char_freq()
    top = sorted(freq, key=lambda c: (-freq[c], c))[:n_top]
    convs = [opencc.OpenCC(c) for c in ("s2t", "s2hk", "s2tw")]
    cand: dict[str, int] = {}
    for ch in top:
        cand[ch] = max(cand.get(ch, 0), freq[ch])
        for cv in convs:
            t = cv.convert(ch)
            if len(t) == 1 and is_han(t):
                cand[t] = max(cand.get(t, 0), freq.get(t, 0), freq[ch])
    for ch in gb2312_level1():
        cand[ch] = max(cand.get(ch, 0), freq.get(ch, 0))
    chars = sorted(cand)
    return chars, cand


def available_fonts() -> list[tuple[str, str, int]]:
    return [f for f in FONT_CANDIDATES if os.path.exists(f[1])]


def _gauss_kernel(sigma: float) -> np.ndarray:
    r = int(np.ceil(3 * sigma))
    x = np.arange(-r, r + 1, dtype=np.float32)
    k = np.exp(-(x**2) / (2 * sigma**2))
    return k / k.sum()


def _blur(imgs: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur of a stack (n, h, w), zero padding."""
    k = _gauss_kernel(sigma)
    r = len(k) // 2
    p = np.pad(imgs, ((0, 0), (r, r), (r, r)))
    h, w = imgs.shape[1:]
    tmp = sum(k[i] * p[:, i : i + h, :] for i in range(len(k)))
    return sum(k[i] * tmp[:, :, i : i + w] for i in range(len(k)))


def render(chars: list[str], font_path: str, index: int) -> tuple[np.ndarray, np.ndarray]:
    """Render chars to (n, GRID, GRID) float32 ink maps and a has-glyph mask.

    A character counts as missing from the font if it renders empty or exactly
    like the font's .notdef glyph (probed with the noncharacter U+FFFF)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, int(RENDER * 0.875), index=index)
    f = RENDER // GRID

    def one(ch: str) -> np.ndarray:
        img = Image.new("L", (RENDER, RENDER), 0)
        ImageDraw.Draw(img).text((RENDER / 2, RENDER / 2), ch, fill=255, font=font, anchor="mm")
        a = np.asarray(img, dtype=np.float32) / 255.0
        return a.reshape(GRID, f, GRID, f).mean(axis=(1, 3))

    notdef = one("\uffff")
    out = np.zeros((len(chars), GRID, GRID), dtype=np.float32)
    ok = np.zeros(len(chars), dtype=bool)
    for i, ch in enumerate(chars):
        g = one(ch)
        if g.sum() < 0.25 or (notdef.sum() > 0 and np.abs(g - notdef).sum() < 1e-3):
            continue
        ok[i] = True
        out[i] = g
    return out, ok


def _views(imgs: np.ndarray) -> list[np.ndarray]:
    """Three views per font: blurred ink, blurred |d/dy| (horizontal strokes)
    and blurred |d/dx| (vertical strokes) -- a cheap stroke-structure feature."""
    gy = np.zeros_like(imgs)
    gx = np.zeros_like(imgs)
    gy[:, 1:-1] = imgs[:, 2:] - imgs[:, :-2]
    gx[:, :, 1:-1] = imgs[:, :, 2:] - imgs[:, :, :-2]
    return [_blur(imgs, SIGMA), _blur(np.abs(gy), SIGMA), _blur(np.abs(gx), SIGMA)]


def features(chars: list[str], fonts: list[tuple[str, str, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated centred, L2-normalised views scaled by 1/sqrt(n_views), so a
    row dot product is the mean correlation over (font, view); plus a mask of
    characters that every font covers (only those are usable)."""
    views = []
    covered = np.ones(len(chars), dtype=bool)
    for label, path, idx in fonts:
        t = time.time()
        imgs, ok = render(chars, path, idx)
        covered &= ok
        for v in _views(imgs):
            b = v.reshape(len(chars), -1)
            b = b - b.mean(axis=1, keepdims=True)
            n = np.linalg.norm(b, axis=1, keepdims=True)
            b = np.where(n > 0, b / np.maximum(n, 1e-9), 0.0)
            views.append(b.astype(np.float32))
        print(f"  rendered {label}: {ok.sum()}/{len(chars)} glyphs, {time.time() - t:.1f}s", file=sys.stderr)
    feat = np.concatenate(views, axis=1) / np.float32(np.sqrt(len(views)))
    return feat, covered


def topk(
    feat: np.ndarray,
    cols: np.ndarray,
    prior: np.ndarray,
    k: int = K,
    threshold: float = THRESHOLD,
    chunk: int = 1024,
) -> list[list[tuple[int, float]]]:
    """Per row of ``feat``: up to k (row index, similarity) pairs among ``cols``
    with similarity >= threshold.

    Candidates are *ranked* by similarity + FREQ_PRIOR * prior (prior = log
    frequency scaled to 0-1, per column, so OCR-plausible common characters win
    among near-equal shapes) but the *score* kept is the raw similarity.
    """
    n = feat.shape[0]
    fc = np.ascontiguousarray(feat[cols])
    res: list[list[tuple[int, float]]] = []
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        sim = feat[s:e] @ fc.T  # mean correlation over views
        sim[cols[None, :] == np.arange(s, e)[:, None]] = -1.0  # self
        rank = sim + FREQ_PRIOR * prior[None, :]
        rank[sim < threshold] = -9.0
        idx = np.argpartition(-rank, k, axis=1)[:, :k]
        for r in range(e - s):
            cand = [(int(cols[j]), float(sim[r, j]), float(rank[r, j])) for j in idx[r]]
            cand = [c for c in cand if c[1] >= threshold and c[2] > -9.0]
            cand.sort(key=lambda x: (-x[2], x[0]))
            res.append([(j, v) for j, v, _ in cand])
    return res


# Known OCR confusion pairs used for evaluation (MODEL_CARD.md).  Assembled by
# hand from common Chinese OCR error lists (look-alike characters in printed
# text).
_EVAL_TEXT = (
    "人入 未末 己已 已巳 日曰 大太 大犬 土士 千干 干于 天夭 王玉 戊戌 戌戍 候侯 "
    "拔拨 析折 治冶 准淮 问间 贝见 鸟乌 儿几 免兔 壁璧 辨辩 暑署 季李 茶荼 "
    "由甲 田由 今令 苦若 汩汨 崇祟 刺剌 睛晴 贷货 负页 损捐 益盖 毛手 規現 貸貨 "
    "間問 鳥烏 見貝 正丁 场埸 理埋 力刀 体休 商啇 本木 险睑 事亊 率卒 拆折"
)
EVAL_PAIRS: list[tuple[str, str]] = [(p[0], p[1]) for p in _EVAL_TEXT.split()]


def evaluate(path: str | Path = HERE / "visual.tsv") -> dict[str, float]:
    """Recall of EVAL_PAIRS in the built table (directional and either-way)."""
    table: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            k, _, rest = line.rstrip("\n").partition("\t")
            table[k] = {it.rpartition(":")[0] for it in rest.split(" ")}
    hit_dir = 0
    hit_any = 0
    misses = []
    for a, b in EVAL_PAIRS:
        ab = b in table.get(a, set())
        ba = a in table.get(b, set())
        hit_dir += ab + ba
        hit_any += ab or ba
        if not (ab and ba):
            misses.append(f"{a}{'→' if ab else '↛'}{b}{'→' if ba else '↛'}{a}")
    n = len(EVAL_PAIRS)
    print(f"{n} pairs; directional recall {hit_dir / (2 * n):.3f}; either-direction recall {hit_any / n:.3f}")
    print("incomplete:", " ".join(misses))
    return {"directional": hit_dir / (2 * n), "either": hit_any / n}


def reduce_features(feat: np.ndarray, dims: int = DIMS, seed: int = 0) -> np.ndarray:
    """Project the rows of ``feat`` on its top ``dims`` right singular vectors (uncentred
    PCA: it keeps dot products, which are the similarity), so that the dot product of two
    reduced rows approximates the mean correlation over the 12 (font, view) pairs.

    Randomized SVD (Halko et al.) with two power iterations and a fixed seed."""
    rng = np.random.default_rng(seed)
    n, d = feat.shape
    omega = rng.standard_normal((d, dims + 40), dtype=np.float32)
    y = feat @ omega
    for _ in range(2):
        y, _ = np.linalg.qr(y)
        y = feat @ (feat.T @ y)
    q, _ = np.linalg.qr(y)
    b = q.T @ feat  # (dims+40, d)
    _, s, vt = np.linalg.svd(b, full_matrices=False)
    comp = vt[:dims]
    red = feat @ comp.T
    kept = float((s[:dims] ** 2).sum() / (feat.astype(np.float64) ** 2).sum())
    print(f"  reduced to {dims} dims, energy kept {kept:.3f}", file=sys.stderr)
    # not re-normalised: the projected dot product is the full one minus the (small,
    # near-zero-mean) dot product of the residuals; re-normalising would inflate every
    # score by ~0.03-0.04
    return red.astype(np.float32)


def compare_reduced(feat: np.ndarray, red: np.ndarray, res: list[list[tuple[int, float]]], seed: int = 0) -> dict:
    """Pearson correlation and mean absolute difference between the full and the reduced
    similarity on (a) 20,000 random pairs and (b) 20,000 table pairs (the top-k neighbours,
    the range that matters for repair)."""
    rng = np.random.default_rng(seed)
    n = feat.shape[0]
    i = rng.integers(0, n, 20000)
    j = rng.integers(0, n, 20000)
    tab = [(r, c) for r, row in enumerate(res) for c, _ in row]
    pick = rng.choice(len(tab), size=min(20000, len(tab)), replace=False)
    ti = np.array([tab[k][0] for k in pick])
    tj = np.array([tab[k][1] for k in pick])
    out = {}
    for name, a, b in (("random", i, j), ("table", ti, tj)):
        full = (feat[a] * feat[b]).sum(axis=1)
        small = (red[a] * red[b]).sum(axis=1)
        r = float(np.corrcoef(full, small)[0, 1])
        mad = float(np.abs(full - small).mean())
        out[name] = (r, mad)
        print(f"  reduced vs full on {len(a)} {name} pairs: Pearson r {r:.4f}, mean |diff| {mad:.4f}", file=sys.stderr)
    return out


def evaluate_pairs(
    path: str | Path = HERE / "glyphs.npz", thresholds=(0.5, 0.55, 0.6, 0.65, 0.7)
) -> dict[float, float]:
    """Recall of EVAL_PAIRS by the run-time pair similarity (reduced features) at several
    thresholds."""
    with np.load(path) as z:
        ix = {chr(int(c)): k for k, c in enumerate(z["cp"])}
        feat = z["feat"].astype(np.float32)
    sims = []
    for a, b in EVAL_PAIRS:
        sims.append(float(feat[ix[a]] @ feat[ix[b]]) if a in ix and b in ix else None)
    out = {}
    for t in thresholds:
        out[t] = sum(s is not None and s >= t for s in sims) / len(sims)
    print("visual_similarity recall:", ", ".join(f">= {t}: {v:.3f}" for t, v in out.items()))
    low = sorted(((s if s is not None else -1.0), a + b) for (a, b), s in zip(EVAL_PAIRS, sims, strict=True))[:8]
    print("lowest pairs:", " ".join(f"{p} {s:.3f}" for s, p in low))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE / "visual.tsv"))
    ap.add_argument("--k", type=int, default=K)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--glyphs", default=str(HERE / "glyphs.npz"), help="reduced glyph features ('' = skip)")
    ap.add_argument("--dims", type=int, default=DIMS)
    ap.add_argument("--eval", action="store_true", help="only evaluate an existing --out file (and --glyphs)")
    args = ap.parse_args()
    if args.eval:
        evaluate(args.out)
        if args.glyphs and Path(args.glyphs).exists():
            evaluate_pairs(args.glyphs)
        return
    t0 = time.time()
    main_chars, freq = candidate_chars()
    all_chars = sorted(set(main_chars) | {chr(c) for c in range(0x4E00, 0xA000)})
    fonts = available_fonts()
    if len(fonts) < 2:
        sys.exit("need at least two CJK fonts (apt-get install fonts-noto-cjk fonts-wqy-microhei)")
    print(
        f"{len(main_chars)} candidate chars, {len(all_chars)} query chars, fonts: {[f[0] for f in fonts]}",
        file=sys.stderr,
    )
    feat, covered = features(all_chars, fonts)
    chars = [c for c, ok in zip(all_chars, covered, strict=True) if ok]
    feat = feat[covered]
    kept = set(chars)
    dropped = [c for c in main_chars if c not in kept]
    print(f"  {len(chars)} chars covered by every font; candidates dropped: {''.join(dropped)}", file=sys.stderr)
    cols = np.array([i for i, c in enumerate(chars) if c in freq], dtype=np.int64)  # candidate set
    lf = np.array([np.log1p(freq[chars[i]]) for i in cols], dtype=np.float32)
    prior = lf / max(float(lf.max()), 1.0)
    res = topk(feat, cols, prior, args.k, args.threshold)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        for i, ch in enumerate(chars):
            if not res[i]:
                continue
            row = sorted(res[i], key=lambda x: (-round(x[1], 3), chars[x[0]]))
            items = " ".join(f"{chars[j]}:{min(1.0, max(0.0, v)):.3f}" for j, v in row)
            fh.write(f"{ch}\t{items}\n")
    print(f"wrote {args.out} in {time.time() - t0:.1f}s", file=sys.stderr)
    if args.glyphs:
        red = reduce_features(feat, args.dims)
        in_cand = np.array([c in freq for c in chars], dtype=bool)
        np.savez_compressed(
            args.glyphs,
            cp=np.array([ord(c) for c in chars], dtype=np.int32),
            feat=red.astype(np.float16),
            candidate=in_cand,
        )
        print(f"wrote {args.glyphs} ({red.shape[0]} x {red.shape[1]} float16)", file=sys.stderr)
        compare_reduced(feat, red.astype(np.float16).astype(np.float32), res)


if __name__ == "__main__":
    main()
