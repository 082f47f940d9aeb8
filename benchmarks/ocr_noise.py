"""OCR repair on real OCR noise: render clean prose to images, OCR it with the PDF stage's
engine (RapidOCR, PP-OCR models from the wheel), run normalize + repair, and measure.

    python benchmarks/ocr_noise.py            # full run (~37 documents, < 10 minutes)
    python benchmarks/ocr_noise.py --quick    # 8 short documents, ~1 minute
    python benchmarks/ocr_noise.py --json out.json
    python benchmarks/ocr_noise.py --clean     # good scans: what repair does to well-read text
    python benchmarks/ocr_noise.py --harsh     # scans poorer than the default degradations

Text: the prose lines (no TAB table rows) of ``corpora/clean/zh-Hans``, ``zh-Hant`` and the
clean sample notes in ``corpora/samples``. Each paragraph is cut into printed lines of 18–30
characters (a closing mark never starts a line, as in Chinese typesetting), drawn 25 lines to
a page image with one of several fonts (Noto Sans CJK, Noto Serif CJK, WenQuanYi Micro Hei),
sizes and degradations (down/up-sampling, Gaussian blur, JPEG), chosen per document from a
fixed seed. Each page goes through the PDF stage's own OCR (``extract_pdf._Ocr.read_image``):
rapidocr's detector finds the line boxes, each box is cropped, and the recogniser is decoded
by ``pipeline.ocr_alternatives.Recognizer``, which keeps what the engine almost read. Those
alternatives go to repair as ``doc.ocr_choices``, exactly as a scanned PDF's do.
``--no-choices`` withholds them (repair of OCR'd *text*, e.g. a .txt export, where only
confusion sets and LMs are available).

(Until November 2026 the benchmark skipped detection and gave the recogniser each printed
line as a whole image with a 20-pixel margin. The text then filled about a fifth of the
recogniser's 48-pixel input instead of about half, as a detector's crop does, and the engine
made three times the errors of the PDF stage on the same image, most of them narrow glyphs
it dropped. The figures since are the PDF stage's.)

Measures, per script:

- CER before/after repair: Levenshtein distance between the normalized OCR text (before /
  after repair) and the normalized clean text, over the clean length. The PP-OCR model often
  reads a Traditional glyph as its Simplified form (數 → 数); that is not an error for a
  pipeline that converts to zh-Hans, so both texts are folded with OpenCC t2s first
  (``cer_raw_*`` keeps the unfolded figures).
- precision of applied edits: an applied edit (``whitespace`` joins excluded — normalize made
  them) is correct when, applied alone, it brings the ±8-character window around it closer
  (Levenshtein) to the aligned clean text;
- flags: ``unrepaired`` edits, and how many of them overlap a real OCR error;
- error kinds before/after (``error_kinds``): Han-for-Han substitutions, punctuation
  swaps, dropped/inserted Han, Latin, digits, punctuation — what is in reach of repair;
- repair speed in characters per second (repair stage only), beside bare ``jieba.lcut`` on
  the same OCR text (one segmentation pass, for scale: repair segments many windows);
- ``oracle_removed_pct``: the errors a perfect judge of the engine's alternatives would remove
  without touching a digit — the ceiling of that evidence on this text.

OCR results are cached (``--cache``; default ``~/.cache/yanbao/ocr_noise``), so re-running
after a change to the repair stage costs seconds.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", None),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", None),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
]
# (size px, down/up-sampling factor, blur radius, JPEG quality): mild → harsh
DEGRADATIONS = [
    (20, 0.80, 0.4, 60),
    (18, 0.75, 0.5, 50),
    (18, 0.70, 0.6, 45),
    (16, 0.70, 0.5, 40),
]
# --clean: a good scan (no resampling, no blur, high JPEG quality) — what repair does to
# text the engine reads well, the scanned-page side of "do no harm"
CLEAN_SCAN = (24, 1.0, 0.0, 95)
# --harsh: poorer than any of the above (a fax, a photocopy of a copy)
HARSH = [(14, 0.70, 0.7, 35), (16, 0.60, 0.8, 30)]
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


# -- text -----------------------------------------------------------------------------------
def sources() -> list[tuple[str, str, str]]:
    """(name, script, text) of every clean document."""
    out = []
    for script in ("zh-Hans", "zh-Hant"):
        for p in sorted((REPO / "corpora" / "clean" / script).glob("*.txt")):
            out.append((f"{script}/{p.name}", script, p.read_text(encoding="utf-8")))
    samples = REPO / "corpora" / "samples"
    for name, script in (
        ("hk_ocr_clean.zh-Hant.txt", "zh-Hant"),
        ("hk_tencent_note.zh-Hant.txt", "zh-Hant"),
        ("cn_mainland_note.zh-Hans.txt", "zh-Hans"),
    ):
        if (samples / name).exists():
            out.append((f"samples/{name}", script, (samples / name).read_text(encoding="utf-8")))
    return out


def prose_lines(text: str, max_chars: int) -> list[str]:
    """Prose lines (no tables), whole lines until ``max_chars`` Han characters."""
    out, n = [], 0
    for line in text.split("\n"):
        s = line.strip().lstrip("#").strip()
        if "\t" in line or len(_HAN.findall(s)) < 8:
            continue
        out.append(s)
        n += len(s)
        if n >= max_chars:
            break
    return out


# Chinese line breaking (禁則): these never start a printed line, they hang on the one before
NO_LINE_START = set("。，、；：！？）》」』”’%")


def wrap(line: str, rng: random.Random) -> list[str]:
    """Cut a paragraph into printed lines of 18–30 characters, as a typesetter would: a
    closing mark never starts a line, and a Latin word or a number is never cut (a line
    breaks at the space between two words, and the space is not printed)."""
    chunks = []
    while line:
        k = rng.randint(18, 30)
        while k < len(line) and (line[k] in NO_LINE_START or _unbreakable(line[k - 1], line[k])):
            k += 1
        chunks.append(line[:k].rstrip(" "))
        line = line[k:].lstrip(" ")
    return [c for c in chunks if c]


def _unbreakable(a: str, b: str) -> bool:
    """No line break between two printable ASCII characters (CMOS, 1,234.5, 20%, P/E)."""
    return a.isascii() and b.isascii() and not a.isspace() and not b.isspace()


# -- rendering and OCR -----------------------------------------------------------------------
def _font(path: str, index: int | None, size: int):
    from PIL import ImageFont

    if index is None:  # the Noto CJK collections: pick the TC face for Traditional, SC otherwise
        index = 0
    return ImageFont.truetype(path, size, index=index)


def render(chunks: list[str], font_path: str, font_index: int | None, deg: tuple, script: str):
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    size, scale, blur, quality = deg
    if font_index is None:
        # Noto CJK .ttc faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK
        font_index = 3 if script == "zh-Hant" else 2
    font = _font(font_path, font_index, size)
    lh = int(size * 1.9)
    width = int(max(font.getlength(c) for c in chunks)) + 40
    img = Image.new("L", (width, lh * len(chunks) + 40), 255)
    draw = ImageDraw.Draw(img)
    for k, c in enumerate(chunks):
        draw.text((20, 20 + k * lh), c, font=font, fill=0)
    if scale != 1:
        small = img.resize((max(1, int(img.width * scale)), max(1, int(img.height * scale))), Image.BILINEAR)
        img = small.resize(img.size, Image.BILINEAR)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return np.array(Image.open(buf).convert("RGB")), lh


# -- scoring --------------------------------------------------------------------------------
def distance(a: str, b: str) -> int:
    try:
        from rapidfuzz.distance import Levenshtein

        return Levenshtein.distance(a, b)
    except ImportError:  # pragma: no cover - approximate with difflib
        import difflib

        sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        return sum(max(i2 - i1, j2 - j1) for t, i1, i2, j1, j2 in sm.get_opcodes() if t != "equal")


def fold(s: str) -> str:
    from pipeline.chinese_script import convert

    return convert(s, "t2s")


def han_substitutions(hyp: str, ref: str) -> int:
    """Characters in same-length replacements of Han by Han (the errors repair can reach)."""
    import difflib

    n = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=hyp, b=ref, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1 and all(_HAN.match(c) for c in hyp[i1:i2] + ref[j1:j2]):
            n += i2 - i1
    return n


def _char_class(s: str) -> str:
    if all(_HAN.match(c) for c in s):
        return "han"
    if all(c.isdigit() for c in s):
        return "digit"
    if all(c.isascii() and c.isalpha() for c in s):
        return "latin"
    if all(not c.isalnum() for c in s):
        return "punct"
    return "mixed"


def error_kinds(hyp: str, ref: str) -> dict[str, int]:
    """Error characters by what OCR did (difflib alignment of hyp to ref): ``han_subst`` (Han
    for Han, same length), ``punct_subst``, ``dropped_<class>`` (in ref, missing from hyp),
    ``inserted_<class>`` (in hyp only) and ``other`` (digits/Latin/mixed replacements)."""
    import difflib

    out: dict[str, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=hyp, b=ref, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        h, r = hyp[i1:i2], ref[j1:j2]
        if tag == "insert":
            k = f"dropped_{_char_class(r)}"
        elif tag == "delete":
            k = f"inserted_{_char_class(h)}"
        elif len(h) == len(r) and _char_class(h) == _char_class(r) == "han":
            k = "han_subst"
        elif _char_class(h) == _char_class(r) == "punct":
            k = "punct_subst"
        else:
            k = "other"
        out[k] = out.get(k, 0) + max(len(h), len(r))
    return out


def align_map(a: str, b: str) -> list[int]:
    """For each position of ``a`` (and len(a)), a position of ``b`` (difflib alignment)."""
    import difflib

    m = [0] * (len(a) + 1)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i1, i2 + 1):
            if tag == "equal":
                m[k] = j1 + (k - i1)
            elif i2 > i1:
                m[k] = j1 + round((k - i1) * (j2 - j1) / (i2 - i1))
            else:
                m[k] = j1
    m[len(a)] = len(b)
    return m


LINES_PER_PAGE = 25


def ocr_document(ocr, lines, drng, font_path, font_index, deg, script) -> tuple[str, list[dict]]:
    """OCR a document the way ``extract_pdf`` OCRs a scanned page, and keep the engine's
    alternatives as ``OcrChoice`` dicts in the coordinates of the returned text.

    Each prose line is cut into chunks of 18–30 characters, one chunk per printed line, and
    the printed lines are drawn on page images of ``LINES_PER_PAGE`` lines. ``ocr`` is the PDF
    stage's own ``_Ocr``: rapidocr's detector finds the line boxes, each box is cropped, and
    the recogniser is decoded with its alternatives. The boxes of a printed line are joined
    left to right with the layout's ``join_text`` (no space beside Han), and the chunks of a
    prose line are joined as the layout joins the lines of a paragraph (``join_text``: a
    space between two Latin words, none beside Han)."""
    from pipeline.layout.boxes import join_text

    chunks = [(k, c) for k, line in enumerate(lines) for c in wrap(line, drng)]
    printed: list[tuple[str, list]] = []  # (text, [(offset, OcrChoice)]) per printed line
    for p in range(0, len(chunks), LINES_PER_PAGE):
        page = [c for _, c in chunks[p : p + LINES_PER_PAGE]]
        img, lh = render(page, font_path, font_index, deg, script)
        rows: list[list] = [[] for _ in page]
        for box, text, _score, choices in ocr.read_image(img):
            ys = [float(q[1]) for q in box]
            xs = [float(q[0]) for q in box]
            k = int(round(((min(ys) + max(ys)) / 2 - 20 - lh * 0.35) / lh))
            if 0 <= k < len(page):
                rows[k].append((min(xs), text, choices or []))
        for row in rows:
            text, kept = "", []
            for _x, t, chs in sorted(row, key=lambda r: r[0]):
                joined = join_text(text, t)
                at = len(joined) - len(t)
                kept += [(at + ch.offset, ch) for ch in chs]
                text = joined
            printed.append((text, kept))
    by_paragraph: list[list] = [[] for _ in lines]
    for (k, _), line in zip(chunks, printed, strict=True):
        by_paragraph[k].append(line)
    out_lines, choices, pos = [], [], 0
    for k, paragraph in enumerate(by_paragraph):
        if k:
            pos += 2
        joined = ""
        for text, kept in paragraph:
            if not text:
                continue  # a printed line the detector missed
            grown = join_text(joined, text)
            pos += len(grown) - len(joined) - len(text)  # the space join_text put between them
            joined = grown
            for off, ch in kept:
                choices.append(
                    {
                        "orig_start": pos + off,
                        "orig_end": pos + off + len(ch.read),
                        "read": ch.read,
                        "p_read": ch.p_read,
                        "alternatives": ch.alternatives,
                    }
                )
            pos += len(text)
        out_lines.append(joined)
    return "\n\n".join(out_lines) + "\n", choices


def score_doc(clean_text: str, ocr_text: str, options: dict | None = None, choices: list | None = None) -> dict:
    from pipeline.document import Document, OcrChoice
    from pipeline.stages.normalize import Normalize
    from pipeline.stages.repair import Repair, RepairOptions

    ref_doc = Document.from_text(clean_text)
    Normalize()(ref_doc)
    ref = ref_doc.text.normalized
    doc = Document.from_text(ocr_text)
    doc.ocr_choices = [OcrChoice(**c) for c in choices or []]
    Normalize()(doc)
    pre = doc.text.normalized
    pre_map = doc.offsets
    oracle = oracle_distance(doc, fold(pre), fold(ref))
    t0 = time.perf_counter()
    Repair(RepairOptions(**(options or {})))(doc)
    seconds = time.perf_counter() - t0
    post = doc.text.normalized
    fr, fpre, fpost = fold(ref), fold(pre), fold(post)
    out = {
        "chars": len(ref),
        "err_before": distance(fpre, fr),
        "err_after": distance(fpost, fr),
        "han_subst_before": han_substitutions(fpre, fr),
        "han_subst_after": han_substitutions(fpost, fr),
        "error_kinds_before": error_kinds(fpre, fr),
        "error_kinds_after": error_kinds(fpost, fr),
        "raw_before": distance(pre, ref),
        "raw_after": distance(post, ref),
        "seconds": seconds,
        "edits": [],
        "flags": 0,
        "flags_on_errors": 0,
        "err_oracle": oracle,
    }
    amap = align_map(fpre, fr)
    for e in doc.edits:
        s, en = pre_map.to_norm(e.orig_start, e.orig_end)
        if e.kind == "unrepaired":
            out["flags"] += 1
            out["flags_on_errors"] += int(fpre[s:en] != fr[amap[s] : amap[en]])
            continue
        if not e.applied or e.kind == "whitespace":
            continue
        # judged locally: does the edit alone bring a ±8-character window closer to the truth?
        a, b = max(0, s - 8), min(len(fpre), en + 8)
        window, truth = fpre[a:b], fr[amap[a] : amap[b]]
        edited = fpre[a:s] + fold(e.after) + fpre[en:b]
        ok = distance(edited, truth) < distance(window, truth)
        out["edits"].append(
            {
                "kind": e.kind,
                "before": fpre[s:en],
                "after": e.after,
                "truth": fr[amap[s] : amap[en]],
                "correct": ok,
                "confidence": e.confidence,
                "reason": e.reason,
            }
        )
    return out


def oracle_distance(doc, pre: str, ref: str) -> int:
    """Errors left if repair chose perfectly among the engine's alternatives (``doc.ocr_choices``)
    and never touched a digit, as repair does not: the ceiling of this evidence. ``pre`` and
    ``ref`` are the folded normalized OCR and clean texts."""
    import difflib

    from pipeline.stages.normalize import ASCII_TO_CJK

    sub: dict[int, set[str]] = {}
    gap: dict[int, set[str]] = {}
    for ch in doc.ocr_choices:
        s, _ = doc.offsets.to_norm(ch.orig_start, ch.orig_end)
        alts = {fold(a) for a, _ in ch.alternatives}
        alts |= {ASCII_TO_CJK.get(a, a) for a in alts}
        (sub if ch.read else gap)[s] = alts
    fixed, ins = list(pre), {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=pre, b=ref, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                t = ref[j1 + k]
                if t in sub.get(i1 + k, ()) and not t.isdigit() and not pre[i1 + k].isdigit():
                    fixed[i1 + k] = t
        elif tag == "insert" and ref[j1] in gap.get(i1, ()) and not ref[j1].isdigit():
            ins[i1] = ref[j1]
        elif tag == "delete":
            for k in range(i1, i2):
                if "" in sub.get(k, ()):
                    fixed[k] = ""
    out = "".join(ins.get(i, "") + fixed[i] for i in range(len(fixed))) + ins.get(len(fixed), "")
    return distance(out, ref)


def _sum_kinds(dicts) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, 0) + v
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


# -- main -----------------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="8 short documents (~1 minute)")
    ap.add_argument("--max-chars", type=int, default=None, help="prose characters per document")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "yanbao" / "ocr_noise")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here")
    ap.add_argument("--show-edits", action="store_true")
    ap.add_argument("--clean", action="store_true", help="good scans instead of degraded ones (do no harm)")
    ap.add_argument("--harsh", action="store_true", help="scans poorer than the default degradations")
    ap.add_argument(
        "--no-choices", action="store_true", help="withhold the OCR engine's alternatives from repair (text only)"
    )
    ap.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="a [stages.repair] option")
    args = ap.parse_args(argv)
    options = {}
    for kv in args.option:
        k, _, v = kv.partition("=")
        options[k] = json.loads(v) if v[:1] in '0123456789-tf[{"' else v

    from pipeline.stages.extract_pdf import _Ocr

    docs = sources()
    rng = random.Random(args.seed)
    if args.quick:
        by_script = {
            "zh-Hans": [d for d in docs if d[1] == "zh-Hans"],
            "zh-Hant": [d for d in docs if d[1] == "zh-Hant"],
        }
        docs = rng.sample(by_script["zh-Hans"], 4) + rng.sample(by_script["zh-Hant"], 4)
    max_chars = args.max_chars or (400 if args.quick else 1200)
    # warm up (load the lexicon, LM, English vocabulary) so that the speed is the stage's own
    import jieba

    from pipeline.document import Document as _D
    from pipeline.stages.normalize import Normalize as _N
    from pipeline.stages.repair import Repair as _R

    jieba.lcut("預熱")
    _w = _D.from_text("預熱：公司收入按年增長。Revenue YoY%\n")
    _N()(_w)
    _R()(_w)
    from pipeline.repair.lexicon import get_lexicon

    get_lexicon().word_elsewhere("公司收入按年增長", 3)  # the long-word index the engine's alternatives use
    fonts = [f for f in FONTS if Path(f[0]).exists()]
    if not fonts:
        print("no CJK fonts found (apt install fonts-noto-cjk fonts-wqy-microhei)", file=sys.stderr)
        return 2
    args.cache.mkdir(parents=True, exist_ok=True)
    engine = None
    results = {"zh-Hans": [], "zh-Hant": []}
    t_start = time.time()
    for k, (name, script, text) in enumerate(docs):
        lines = prose_lines(text, max_chars)
        if not lines:
            continue
        drng = random.Random(f"{args.seed}:{name}")
        font_path, font_index = fonts[drng.randrange(len(fonts))]
        levels = HARSH if args.harsh else DEGRADATIONS
        deg = levels[drng.randrange(len(levels))]
        if args.clean:
            deg = CLEAN_SCAN
        clean_text = "\n\n".join(lines) + "\n"
        key = hashlib.sha256(
            json.dumps(["page-det-rec-5", clean_text, font_path, deg, args.seed]).encode()
        ).hexdigest()[:20]
        cache_file = args.cache / f"{key}.json"
        if cache_file.exists():
            cached = json.loads(cache_file.read_text(encoding="utf-8"))
            ocr_text, choices = cached["ocr"], cached["choices"]
        else:
            if engine is None:
                engine = _Ocr(dpi=200)
            ocr_text, choices = ocr_document(engine, lines, drng, font_path, font_index, deg, script)
            cache_file.write_text(
                json.dumps({"name": name, "ocr": ocr_text, "choices": choices}, ensure_ascii=False), encoding="utf-8"
            )
        if args.no_choices:
            choices = []
        r = score_doc(clean_text, ocr_text, options, choices)
        t0 = time.perf_counter()
        jieba.lcut(ocr_text)  # the bare library on the same text, for scale
        r["jieba_seconds"] = time.perf_counter() - t0
        r.update(name=name, font=Path(font_path).name, degradation=deg)
        results[script].append(r)
        print(
            f"[{k + 1}/{len(docs)}] {name:45s} {Path(font_path).name:26s} {deg}  CER {r['err_before'] / r['chars']:.3f} → "
            f"{r['err_after'] / r['chars']:.3f}  edits {len(r['edits'])} ({sum(e['correct'] for e in r['edits'])} correct)  "
            f"{time.time() - t_start:.0f}s",
            flush=True,
        )
    summary = {}
    for script, rs in results.items():
        if not rs:
            continue
        chars = sum(r["chars"] for r in rs)
        edits = [e for r in rs for e in r["edits"]]
        correct = sum(e["correct"] for e in edits)
        before, after = sum(r["err_before"] for r in rs), sum(r["err_after"] for r in rs)
        summary[script] = {
            "documents": len(rs),
            "chars": chars,
            "cer_before": round(before / chars, 4),
            "cer_after": round(after / chars, 4),
            "errors_removed_pct": round(100 * (before - after) / before, 1) if before else 0.0,
            "han_substitutions_before": sum(r["han_subst_before"] for r in rs),
            "han_substitutions_after": sum(r["han_subst_after"] for r in rs),
            "error_kinds_before": _sum_kinds(r["error_kinds_before"] for r in rs),
            "error_kinds_after": _sum_kinds(r["error_kinds_after"] for r in rs),
            "cer_raw_before": round(sum(r["raw_before"] for r in rs) / chars, 4),
            "cer_raw_after": round(sum(r["raw_after"] for r in rs) / chars, 4),
            "applied_edits": len(edits),
            "correct_edits": correct,
            "precision": round(correct / len(edits), 3) if edits else None,
            "edits_by_kind": {k: sum(1 for e in edits if e["kind"] == k) for k in sorted({e["kind"] for e in edits})},
            "flags": sum(r["flags"] for r in rs),
            "flags_on_errors": sum(r["flags_on_errors"] for r in rs),
            "repair_chars_per_s": round(chars / max(sum(r["seconds"] for r in rs), 1e-9)),
            "bare_jieba_lcut_chars_per_s": round(chars / max(sum(r["jieba_seconds"] for r in rs), 1e-9)),
            "oracle_removed_pct": round(100 * (before - sum(r["err_oracle"] for r in rs)) / before, 1)
            if before
            else 0.0,
        }
        if args.show_edits:
            for e in edits:
                print(
                    f"  {script} {'OK ' if e['correct'] else 'BAD'} {e['kind']:12s} {e['before']!r} → {e['after']!r} (truth {e['truth']!r})"
                )
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(
            json.dumps({"summary": summary, "documents": results}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
