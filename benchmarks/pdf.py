"""PDF ingestion benchmark: speed (pages/s) and quality, next to pdftotext (poppler-utils).

    python benchmarks/pdf.py [--pages 200] [--ocr-pages 4] [--out DIR]

Builds its inputs with tests/fixtures/make_pdfs.py (synthetic broker pages, Simplified and
Traditional) plus a dense two-column page, then measures:

- text-layer pages/s: pypdfium2 characters only; ``extract_pdf`` (characters + layout
  analysis + text assembly); pdfplumber words; pdfplumber tables; ``pdftotext``;
- reading order: how many main-column paragraphs of the two-column page come out as one
  contiguous run (extract_pdf, pdftotext, pdftotext -layout, pdfplumber);
- OCR pages/s and CER: RapidOCR (as extract_pdf runs it) and, when installed, Tesseract
  (``tesseract-ocr`` + ``chi-sim``/``chi-tra``) on the same renders.

Wall-clock and CPU seconds are both printed: on a shared 2-core machine the wall clock
depends on what else runs. Results go to stdout as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.evaluation import character_error_rate, squash

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "fixtures"))
sys.path.insert(0, str(REPO))

import make_pdfs  # noqa: E402

DENSE = (
    "公司发布三季度业绩，收入同比增长百分之二十一，毛利率提升一点五个百分点，经营现金流明显改善。"
    "管理层表示，海外订单交付节奏加快，国内政企客户需求保持稳定，全年收入指引维持不变。"
    "我们认为，公司在算力基础设施领域的先发优势仍在扩大，规模效应将持续体现在利润率上。"
)


def build_dense(out: Path, pages: int) -> None:
    """Distinct dense broker pages: sidebar + a full main column (≈1,500 characters), and
    every fourth page a financial table; the running header/footer of the fixtures."""
    import random

    from reportlab.pdfgen import canvas

    rnd = random.Random(7)
    font = make_pdfs._font("hans")
    t = make_pdfs.TEXT["hans"]
    W, H = make_pdfs.W, make_pdfs.H
    sentences = [x + "。" for x in DENSE.split("。") if x]
    c = canvas.Canvas(str(out), pagesize=(W, H))
    for p in range(pages):
        make_pdfs._running(c, t, font, p + 1)
        if p % 4 == 3:
            rows = [(f"指标{k + 1}", [f"{rnd.randint(1000, 99999):,}" for _ in range(4)]) for k in range(30)]
            make_pdfs._table(c, t, font, rows, H - 90, header=True)
        else:
            c.setFont(font, 9)
            for k in range(40):
                c.drawString(40, H - 80 - 16 * k, f"侧栏第{p + 1}页第{k + 1}行")
            paras = []
            for _ in range(5):  # ≈1,600 characters, ending above the footer
                rnd.shuffle(sentences)
                paras.append(f"第{p + 1}页：" + "".join(f"{x[:-1]}（{rnd.randint(10, 99)}）。" for x in sentences * 2))
            make_pdfs._paragraphs(c, paras, font, 215, H - 80, W - 255, size=9.5)
        c.showPage()
    c.save()


class Timer:
    def __enter__(self) -> Timer:
        self.w = time.perf_counter()
        self.c = time.process_time()
        self.ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.w
        ch = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu = time.process_time() - self.c + (ch.ru_utime - self.ch.ru_utime) + (ch.ru_stime - self.ch.ru_stime)


cer = character_error_rate


def intact(paras: list[str], text: str) -> int:
    """Main paragraphs that appear as one contiguous run in ``text`` (whitespace ignored)."""
    flat = squash(text)
    return sum(1 for p in paras if squash(p) in flat)


def run_pdfium_chars(path: Path) -> int:
    import pypdfium2 as pdfium

    from pipeline.stages.extract_pdf import page_chars

    pdf = pdfium.PdfDocument(str(path))
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n += len(page_chars(page, tp))
        tp.close()
        page.close()
    pdf.close()
    return n


def run_extract(path: Path, **opts):
    from pipeline.sources import InputOptions, read_pdf_file
    from pipeline.stages.extract_pdf import ExtractPdf, ExtractPdfOptions

    stage = ExtractPdf(ExtractPdfOptions(**opts))
    return stage, stage(read_pdf_file(path, InputOptions()))


def run_plumber(path: Path, pages: int, tables: bool = False) -> str:
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages[:pages]:
            if tables:
                page.extract_tables()
            else:
                out.append(page.extract_text() or "")
                page.extract_words()
            page.close()
    return "\n".join(out)


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def tesseract_segs(img: Path, lang: str, scale: float) -> list:
    """Tesseract's lines (TSV word boxes grouped by block/paragraph/line) as layout segments."""
    from pipeline.layout import Seg

    tsv = subprocess.run(
        ["tesseract", str(img), "-", "-l", lang, "--psm", "3", "tsv"], capture_output=True, text=True
    ).stdout
    lines: dict[tuple[str, str, str], list[list[str]]] = {}
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[0] == "5" and f[11].strip():
            lines.setdefault((f[2], f[3], f[4]), []).append(f)
    segs = []
    for words in lines.values():
        text = ""
        for w in words:
            t = w[11].strip()
            text += (
                t
                if (
                    not text
                    or re.match(r"[\u3000-\u9fff\uff00-\uffef]", text[-1])
                    or re.match(r"[\u3000-\u9fff\uff00-\uffef]", t[0])
                )
                else " " + t
            )
        x0 = min(int(w[6]) for w in words) / scale
        y0 = min(int(w[7]) for w in words) / scale
        x1 = max(int(w[6]) + int(w[8]) for w in words) / scale
        y1 = max(int(w[7]) + int(w[9]) for w in words) / scale
        conf = sum(float(w[10]) for w in words) / len(words) / 100
        segs.append(Seg(text, x0, y0, x1, y1, conf))
    return segs


def tesseract_text(pages: list[tuple[list, float, float]]) -> list[str]:
    """Page texts from tesseract segments through the same layout code as extract_pdf."""
    from pipeline.layout import analyze_page, find_running

    running = find_running(pages)
    out = []
    for segs, w, h in pages:
        blocks = analyze_page(segs, w, h, running)
        out.append("\n\n".join(b.text for b in blocks if b.text and b.kind not in ("header", "footer", "figure")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=200, help="text-layer pages to time")
    ap.add_argument("--ocr-pages", type=int, default=4, help="scanned pages to OCR (≈1.5–3 s each)")
    ap.add_argument("--out", help="keep the generated PDFs here")
    args = ap.parse_args()
    tmp = Path(args.out or tempfile.mkdtemp(prefix="yanbao-pdfbench-"))
    truth = make_pdfs.build_all(tmp)
    build_dense(tmp / "dense_many.pdf", args.pages)
    rows: list[tuple[str, str, int, float, float, str]] = []

    def add(tool: str, what: str, n: int, t: Timer, note: str = "") -> None:
        rows.append((tool, what, n, t.wall, t.cpu, note))

    for name in ("dense_many",):
        f = tmp / f"{name}.pdf"
        label = "dense report pages"
        with Timer() as t:
            nch = run_pdfium_chars(f)
        add("pypdfium2 chars+boxes", label, args.pages, t, f"{nch // args.pages} chars/page")
        with Timer() as t:
            run_extract(f)
        add("extract_pdf (chars+layout)", label, args.pages, t)
        k = min(args.pages, 40)
        with Timer() as t:
            run_plumber(f, k)
        add("pdfplumber words+text", label, k, t)
        with Timer() as t:
            run_plumber(f, k, tables=True)
        add("pdfplumber extract_tables", label, k, t)
        if shutil.which("pdftotext"):
            with Timer() as t:
                pdftotext(f)
            add("pdftotext (poppler)", label, args.pages, t)
            with Timer() as t:
                pdftotext(f, "-layout")
            add("pdftotext -layout", label, args.pages, t)

    # reading order on the two-column page
    order: list[tuple[str, str]] = []
    for script in ("hans", "hant"):
        f = tmp / f"report_{script}.pdf"
        paras = truth[script]["paragraphs"]
        _, doc = run_extract(f)
        res = {"extract_pdf": intact(paras, doc.text.original.split("\f")[0])}
        if shutil.which("pdftotext"):
            res["pdftotext"] = intact(paras, pdftotext(f, "-f", "1", "-l", "1"))
            res["pdftotext -layout"] = intact(paras, pdftotext(f, "-f", "1", "-l", "1", "-layout"))
        res["pdfplumber"] = intact(paras, run_plumber(f, 1))
        order += [(f"{k} ({script})", f"{v}/{len(paras)}") for k, v in res.items()]

    # OCR
    ocr: list[tuple[str, str, int, float, float, float]] = []
    import pypdfium2 as pdfium

    from pipeline.stages.extract_pdf import make_ocr_engine

    with Timer() as t:
        make_ocr_engine()
    init = t.wall
    for script in ("hans", "hant"):
        f = tmp / f"scanned_{script}.pdf"
        ref = truth[script]["scanned_text"]
        for dpi in (150, 200):
            stage, _ = run_extract(tmp / "report_hans.pdf")
            stage._ocr.dpi = dpi
            stage.options.ocr = "force"
            stage._ocr.engine()  # engine creation is not page time
            from pipeline.sources import InputOptions, read_pdf_file

            with Timer() as t:
                doc = stage(read_pdf_file(f, InputOptions()))
            p1 = doc.text.original.split("\f")[0]
            ocr.append(
                (f"rapidocr PP-OCRv6 {dpi} dpi (extract_pdf)", script, doc.source.pages, t.wall, t.cpu, cer(ref, p1))
            )
        if shutil.which("tesseract"):
            langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
            lang = "chi_sim" if script == "hans" else "chi_tra"
            if lang in langs:
                for dpi in (200, 300):
                    pdf = pdfium.PdfDocument(str(f))
                    imgs = []
                    for i in range(len(pdf)):
                        img = tmp / f"{script}_{i}_{dpi}.png"
                        page = pdf[i]
                        page.render(scale=dpi / 72, grayscale=True).to_pil().save(img)
                        imgs.append((img, *page.get_size()))
                        page.close()
                    pdf.close()
                    with Timer() as t:
                        pages = [(tesseract_segs(img, lang, dpi / 72), w, h) for img, w, h in imgs]
                        texts = tesseract_text(pages)
                    ocr.append(
                        (
                            f"tesseract 5 {lang} {dpi} dpi (same layout code)",
                            script,
                            len(imgs),
                            t.wall,
                            t.cpu,
                            cer(ref, texts[0]),
                        )
                    )

    # a dense page (≈1,900 characters): recognition cost grows with the amount of text
    make_pdfs.rasterize(tmp / "dense_many.pdf", tmp / "dense_scan.pdf", [0], dpi=200)
    _, ref_doc = run_extract(tmp / "dense_many.pdf")
    stage, _ = run_extract(tmp / "report_hans.pdf")
    stage._ocr.engine()
    from pipeline.sources import InputOptions, read_pdf_file

    with Timer() as t:
        doc = stage(read_pdf_file(tmp / "dense_scan.pdf", InputOptions()))
    ocr.append(
        (
            "rapidocr PP-OCRv6 150 dpi, dense page",
            "hans",
            1,
            t.wall,
            t.cpu,
            cer(ref_doc.text.original.split("\f")[0], doc.text.original),
        )
    )

    print(f"\n## Text-layer pages ({args.pages} pages; pdfplumber on 40)\n")
    print("| tool | pages | n | wall s | pages/s (wall) | pages/s (CPU) | note |")
    print("|---|---|---:|---:|---:|---:|---|")
    for tool, what, n, wall, cpu, note in rows:
        print(f"| {tool} | {what} | {n} | {wall:.2f} | {n / wall:.1f} | {n / max(cpu, 1e-9):.1f} | {note} |")
    print("\n## Reading order: main paragraphs intact on the two-column page\n")
    print("| tool | intact |")
    print("|---|---:|")
    for k, v in order:
        print(f"| {k} | {v} |")
    print(
        f"\n## OCR (scanned fixture pages; CER on page 1 against the generator's text; rapidocr engine creation {init:.1f} s, once)\n"
    )
    print("| engine | script | pages | wall s | pages/s (wall) | pages/s (CPU) | CER page 1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for eng, script, n, wall, cpu, c in ocr:
        print(f"| {eng} | {script} | {n} | {wall:.2f} | {n / wall:.2f} | {n / max(cpu, 1e-9):.2f} | {c:.2%} |")
    if not shutil.which("pdftotext"):
        print("\n(pdftotext not installed: apt-get install poppler-utils)")
    print(f"\nfixtures in {tmp}")
    (tmp / "results.json").write_text(
        json.dumps({"text": rows, "order": order, "ocr": ocr}, ensure_ascii=False, indent=1)
    )


if __name__ == "__main__":
    main()
