#!/usr/bin/env python3
"""Build the Simplified+Traditional character/word language model.

Usage (from the repository root)::

    python models/lm/build_lm.py                 # writes models/lm/{words.tsv.gz,chars.npz}

Build-time dependencies: jieba (MIT; its ``dict.txt`` is the only data source),
opencc (Apache-2.0; conversion tables), numpy.

Data
----
jieba ``dict.txt`` lists ~349k words with a corpus frequency.  Every word ``w``
with frequency ``f`` is expanded to the set of its forms
``{w, s2t(w), s2hk(w)}`` (OpenCC, phrase-aware) and each *distinct* form gets
``f``; so a script-neutral word (雪) counts once and a convertible word (云计算 /
雲計算) counts once per script.  Within one script the statistics therefore are
the jieba statistics.

Outputs
-------
``words.tsv.gz``  ``word TAB count`` for all forms, sorted by word.
``chars.npz``     arrays (all counts are frequency-weighted):
    ``cp``      int32 code points of Han characters, sorted
    ``uni``     total count of the character
    ``start``   count of the character as the first Han char of a word
    ``end``     count as the last Han char of a word
    ``bi_key``  int64 ``(cp_a << 21) | cp_b`` for word-internal adjacent Han pairs, sorted
    ``bi_cnt``  their counts
    ``meta``    [total_uni, total_start, total_words, mu, delta]

Model (evaluated in ``pipeline/repair_resources.py``)
-----------------------------------------------------
Text is assumed to be a sequence of words drawn from the lexicon, so after a
character ``a`` either the word continues (probability ``1 - b_a``) or a new word
starts (``b_a = end[a] / uni[a]``)::

    P(c | a) = (1 - b_a) * (bi[a,c] + mu * P_uni(c)) / (uni[a] - end[a] + mu)
             + b_a * P_start(c)

i.e. word-internal bigrams with Dirichlet (add-mu towards the unigram) smoothing,
backing off to the word-initial distribution for cross-word transitions, which
the lexicon cannot observe.  ``P_uni`` and ``P_start`` are add-``delta``
smoothed.  The first Han character of a run is scored with ``P_uni``.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
MU = 2000.0
DELTA = 0.5


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3134F


def load_jieba() -> list[tuple[str, int]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split(" ")
            if len(parts) >= 2 and parts[0]:
                out.append((parts[0], int(parts[1])))
    return out


def convert_all(words: list[str], config: str) -> list[str]:
    """Convert many words at once (newline-joined; OpenCC never maps across '\\n')."""
    import opencc

    cv = opencc.OpenCC(config)
    res: list[str] = []
    step = 20000
    for i in range(0, len(words), step):
        chunk = words[i : i + step]
        out = cv.convert("\n".join(chunk)).split("\n")
        if len(out) != len(chunk):  # pragma: no cover - defensive
            out = [cv.convert(w) for w in chunk]
        res.extend(out)
    return res


# Minimal pairs (correct, OCR-garbled) for the evaluation in MODEL_CARD.md and the
# tests.  Written in Simplified; evaluate() also converts both sides with OpenCC
# s2hk to get the Traditional pairs.  Each wrong string swaps one or two
# characters for a look-alike (visual) or, for a few, a homophone.
MINIMAL_PAIRS: list[tuple[str, str]] = [
    ("最终实现", "最终实税"),
    ("阿里巴巴", "阿甲巴巴"),
    ("AI云端", "AI雪端"),
    ("云计算业务", "雪计算业务"),
    ("营业收入", "营业收人"),
    ("未来三年", "末来三年"),
    ("已经完成", "己经完成"),
    ("净利润", "净利闰"),
    ("太平洋证券", "大平洋证券"),
    ("信贷业务", "信货业务"),
    ("资产负债表", "资产负债衰"),
    ("投资收益", "投资收盖"),
    ("同比增长", "同比僧长"),
    ("市场份额", "市埸份额"),
    ("公司管理层", "公司管埋层"),
    ("盈利能力", "盈利能刀"),
    ("目标价", "日标价"),
    ("买入评级", "买人评级"),
    ("人工智能", "入工智能"),
    ("半导体行业", "半导休行业"),
    ("经营活动", "经菅活动"),
    ("研发投入", "研发投人"),
    ("大模型", "太模型"),
    ("董事会", "董亊会"),
    ("电子商务", "电子啇务"),
    ("季度业绩", "李度业绩"),
    ("股东大会", "股东太会"),
    ("风险提示", "风睑提示"),
    ("基本面", "基木面"),
    ("自由现金流", "自由观金流"),
    ("所得税", "所得锐"),
    ("千亿元", "干亿元"),
    ("市盈率", "市盈卒"),
    ("折旧摊销", "析旧摊销"),
    ("毛利率提升", "毛利率提开"),
    ("维持买入评级", "维持买入评圾"),
    ("数据中心", "数据中必"),
    ("预计明年", "预计明牟"),
    # short / harder ones (several wrong forms are real words or very frequent chars)
    ("贷款余额", "货款余额"),
    ("自己", "自已"),
    ("土地储备", "士地储备"),
    ("准备金", "淮备金"),
    ("候选", "侯选"),
    ("股价下跌", "股价下趺"),
    ("日前公司", "曰前公司"),
    ("天然气", "夭然气"),
    ("千万元", "干万元"),
    ("问题", "间题"),
    ("治理", "冶理"),
    ("晴天", "睛天"),
    ("负债率", "页债率"),
    ("损失", "捐失"),
    ("入股", "人股"),
    ("分析师", "分折师"),
    ("亿元", "亿无"),
    ("设备", "没备"),
]


def evaluate() -> float:
    """LM accuracy on MINIMAL_PAIRS in Simplified and s2hk Traditional."""
    import opencc

    sys.path.insert(0, str(HERE.parent.parent))
    from pipeline.repair_resources import CharLM

    lm = CharLM.load()
    cv = opencc.OpenCC("s2hk")
    pairs = list(MINIMAL_PAIRS) + [(cv.convert(a), cv.convert(b)) for a, b in MINIMAL_PAIRS]
    ok = 0
    for a, b in pairs:
        la, lb = lm.logprob(a), lm.logprob(b)
        ok += la > lb
        if la <= lb:
            print(f"  FAIL {a} {la:.2f} <= {b} {lb:.2f}")
    acc = ok / len(pairs)
    print(f"{len(pairs)} minimal pairs ({len(MINIMAL_PAIRS)} Simplified + Traditional): accuracy {acc:.3f}")
    return acc


def _save_npz(path: Path, **arrays: np.ndarray) -> None:
    """Like np.savez_compressed but byte-reproducible (fixed zip timestamps)."""
    import io
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outdir", default=str(HERE))
    ap.add_argument("--eval", action="store_true", help="only evaluate the installed model")
    args = ap.parse_args()
    if args.eval:
        evaluate()
        return
    out = Path(args.outdir)
    t0 = time.time()
    entries = load_jieba()
    words = [w for w, _ in entries]
    conv = [convert_all(words, c) for c in ("s2t", "s2hk")]
    print(f"loaded {len(entries)} jieba words, converted in {time.time() - t0:.1f}s", file=sys.stderr)

    wcount: dict[str, int] = {}
    uni: dict[int, int] = {}
    start: dict[int, int] = {}
    end: dict[int, int] = {}
    bi: dict[int, int] = {}
    for k, (w, f) in enumerate(entries):
        forms = {w, conv[0][k], conv[1][k]}
        for form in forms:
            wcount[form] = wcount.get(form, 0) + f
            prev = -1
            for ch in form:
                if not is_han(ch):
                    if prev >= 0:
                        end[prev] = end.get(prev, 0) + f
                    prev = -1
                    continue
                cp = ord(ch)
                uni[cp] = uni.get(cp, 0) + f
                if prev < 0:
                    start[cp] = start.get(cp, 0) + f
                else:
                    key = (prev << 21) | cp
                    bi[key] = bi.get(key, 0) + f
                prev = cp
            if prev >= 0:
                end[prev] = end.get(prev, 0) + f
    print(f"{len(wcount)} word forms, {len(uni)} chars, {len(bi)} bigrams ({time.time() - t0:.1f}s)", file=sys.stderr)

    cps = np.array(sorted(uni), dtype=np.int32)
    keys = np.array(sorted(bi), dtype=np.int64)
    _save_npz(
        out / "chars.npz",
        cp=cps,
        uni=np.array([uni[c] for c in cps.tolist()], dtype=np.int64),
        start=np.array([start.get(c, 0) for c in cps.tolist()], dtype=np.int64),
        end=np.array([end.get(c, 0) for c in cps.tolist()], dtype=np.int64),
        bi_key=keys,
        bi_cnt=np.array([bi[k] for k in keys.tolist()], dtype=np.int64),
        meta=np.array([sum(uni.values()), sum(start.values()), sum(wcount.values()), MU, DELTA], dtype=np.float64),
    )
    # mtime=0 and a fixed name keep the gzip byte-identical across builds
    with (
        open(out / "words.tsv.gz", "wb") as raw,
        gzip.GzipFile(filename="words.tsv", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write("".join(f"{w}\t{wcount[w]}\n" for w in sorted(wcount)).encode("utf-8"))
    print(f"wrote {out}/chars.npz and words.tsv.gz in {time.time() - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
