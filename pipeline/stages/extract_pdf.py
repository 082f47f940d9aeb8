"""Extract the text of PDF documents in reading order, with layout blocks; OCR scanned pages.

Assigns ``text.original`` (pages separated by ``\\f``, ``source.page_offsets``) and
``blocks``; documents that are not PDFs pass through untouched.

- Text layer: pypdfium2 (Apache-2.0/BSD, pdfium) — character boxes at ≈1000 pages/s on
  this machine, against ≈80 pages/s for pdfplumber's word boxes (``benchmarks/pdf.py``,
  ``docs/pdf.md``). No PyMuPDF (AGPL).
- Pages are read one at a time and closed, so memory stays bounded on a 500-page PDF; what
  is kept across pages is only each page's text segments (needed to find running headers).
- Layout (columns, sidebars, tables, headers/footers, chart-axis debris, paragraphs) is
  :mod:`pipeline.layout`, the same code for text-layer and OCR boxes.
- OCR (``ocr = "auto"``): a page without a usable text layer (no characters, or mostly
  undecodable glyphs) is rendered at ``dpi`` and read by RapidOCR (PP-OCR ONNX models
  shipped in the ``rapidocr`` wheel, loaded by explicit path — nothing is downloaded). The
  engine is created on the first scanned page. ``"force"`` OCRs every page, ``"off"`` none.
- Tables are written as TAB-separated lines, so the ``tables`` stage parses PDF tables and
  OCR'd text tables with one parser.
- Running headers and footers are dropped from the text and kept in ``meta.running_headers``
  (the broker's disclaimer line in ``meta.disclaimer``); OCR lines under
  ``ocr_min_confidence`` are listed in ``meta.ocr_low_confidence`` for the repair stage, and
  what the engine almost read goes to ``doc.ocr_choices`` (``pipeline.ocr_alternatives``).
- Bad input fails the document with a clear error (encrypted, corrupt or truncated file,
  not a PDF, no pages); a page that throws becomes a warning and the other pages are kept.
"""

from __future__ import annotations

import ctypes
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.config import DocumentError
from pipeline.document import Block, Document, OcrChoice
from pipeline.registry import StageOptions, register_stage

log = logging.getLogger("yanbao")

_DISCLAIMER = re.compile(r"請務必|请务必|免責|免责|披露|聲明|声明|[Dd]isclaimer|[Ii]mportant|分析師聲明|分析师声明")


class ExtractPdfOptions(StageOptions):
    ocr: Literal["auto", "off", "force"] = "auto"
    dpi: int = 150  # render resolution for OCR (150: ≈1.5 s/page, CER as at 200 dpi on 9–10 pt text)
    ocr_min_confidence: float = 0.85  # OCR lines below this go to meta.ocr_low_confidence
    min_chars: int = 10  # a page with fewer usable characters (and an image) counts as scanned
    max_bad_glyphs: float = 0.3  # share of undecodable characters above which a text layer is unusable
    max_pages: int = 5000


@dataclass
class _Page:
    segs: list[Any] = field(default_factory=list)
    width: float = 595.0
    height: float = 842.0
    ocr: bool = False
    error: str | None = None


class _Ocr:
    """RapidOCR, created on first use, models loaded from the installed wheel by path."""

    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self._engine: Any = None
        self._rec: Any = None

    def engine(self) -> Any:
        if self._engine is None:
            self._engine = shared_ocr_engine()
        return self._engine

    def recognizer(self) -> Any:
        if self._rec is None:
            from pipeline.ocr_alternatives import Recognizer

            self._rec = Recognizer(self.engine())
        return self._rec

    def page(self, page: Any) -> list[Any]:
        from pipeline.layout import Seg

        scale = self.dpi / 72
        bitmap = page.render(scale=scale)
        img = bitmap.to_numpy()
        bitmap.close()
        segs = []
        for box, text, score, choices in self.read_image(img):
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            stripped = text.strip()
            if not stripped:
                continue
            lead = len(text) - len(text.lstrip())
            kept = [c for c in choices or [] if 0 <= c.offset - lead <= len(stripped)]
            for c in kept:
                c.offset -= lead
            seg = Seg(stripped, min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale, float(score))
            seg.choices = kept or None
            segs.append(seg)
        return segs

    def read_image(self, img: Any) -> list[tuple[Any, str, float, list | None]]:
        """(box, text, score, choices) of every text line: rapidocr's detector, then the
        recogniser decoded with its alternatives (``pipeline.ocr_alternatives``); rapidocr's
        own det+rec pipeline when that is not possible (the same text, no alternatives)."""
        engine = self.engine()
        try:
            import copy

            import numpy as np
            from rapidocr.utils.process_img import get_rotate_crop_image

            det = engine(img, use_rec=False, use_cls=False)
            boxes = [] if det.boxes is None else list(det.boxes)
            crops = [get_rotate_crop_image(img, copy.deepcopy(np.asarray(b, dtype=np.float32))) for b in boxes]
            lines = self.recognizer()(crops)
            min_score = float(getattr(engine, "text_score", 0.5))
            return [
                (b, ln.text, ln.score, ln.choices) for b, ln in zip(boxes, lines, strict=True) if ln.score >= min_score
            ]
        except (ImportError, AttributeError, TypeError, ValueError) as exc:  # another rapidocr API
            log.debug("OCR alternatives unavailable (%s); plain rapidocr", exc)
        result = engine(img)
        if result.boxes is None:
            return []
        return [(b, t, s, None) for b, t, s in zip(result.boxes, result.txts, result.scores, strict=False)]


def rapidocr_model_paths() -> dict[str, Path]:
    """The det/rec/cls ONNX models shipped inside the installed ``rapidocr`` wheel."""
    import rapidocr

    root = Path(rapidocr.__file__).parent / "models"
    found: dict[str, Path] = {}
    for task in ("det", "rec", "cls"):
        cands = sorted(root.glob(f"*{task}*.onnx"))
        if cands:
            found[task] = cands[-1]
    return found


_ENGINE: list[Any] = []


def shared_ocr_engine() -> Any:
    """One engine per process (loading the models takes ≈1 s), created on first use."""
    if not _ENGINE:
        _ENGINE.append(make_ocr_engine())
    return _ENGINE[0]


def make_ocr_engine() -> Any:
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - a dependency
        raise DocumentError(
            "this PDF needs OCR but rapidocr is not installed: pip install rapidocr onnxruntime"
        ) from exc
    models = rapidocr_model_paths()
    if "det" not in models or "rec" not in models:
        raise DocumentError("rapidocr's bundled models are missing; reinstall rapidocr (the wheel ships them)")
    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.use_cls": False,  # report pages are upright; the angle classifier costs 15%
        "Det.model_path": str(models["det"]),
        "Rec.model_path": str(models["rec"]),
    }
    if "cls" in models:
        params["Cls.model_path"] = str(models["cls"])
    return RapidOCR(params=params)


def _open(path: str) -> Any:
    import pypdfium2 as pdfium

    p = Path(path)
    try:
        head = p.read_bytes()[:1024] if p.stat().st_size < 1024 else p.open("rb").read(1024)
    except OSError as exc:
        raise DocumentError(f"cannot read {path}: {exc.strerror}") from None
    if b"%PDF-" not in head:
        start = head[:24].decode("utf-8", "replace").split("\n")[0]
        raise DocumentError(f"not a PDF (the file starts with {start!r}, not %PDF-); check the file type")
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "PDFium: Success" in msg or _no_page_objects(p):  # pdfium refuses an empty page tree
            raise DocumentError("PDF has no pages (its page tree is empty); nothing to extract") from None
        if "password" in msg.lower():
            raise DocumentError(
                "PDF is encrypted and needs a password; decrypt it first (e.g. qpdf --decrypt)"
            ) from None
        raise DocumentError(
            f"corrupt or truncated PDF ({msg}); re-download it or repair it (e.g. qpdf, mutool clean)"
        ) from None


def _no_page_objects(path: Path) -> bool:
    """A complete PDF (``%%EOF``, no object streams) without a single ``/Type /Page`` object."""
    try:
        if path.stat().st_size > 5_000_000:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    return b"%%EOF" in data[-1024:] and b"/ObjStm" not in data and not re.search(rb"/Type\s*/Page(?!s)", data)


def display_size(page: Any) -> tuple[float, float]:
    """Width and height of the page as displayed (crop box, /Rotate applied)."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    return (h, w) if page.get_rotation() in (90, 270) else (w, h)


def page_chars(page: Any, textpage: Any) -> list[tuple[str, float, float, float, float]]:
    """Characters of a page with their boxes in display space (top-left origin, /Rotate
    applied, like a render), in content order."""
    import pypdfium2.raw as raw

    left, bottom, right, top = page.get_cropbox()
    rot = page.get_rotation()
    uw, uh = right - left, top - bottom
    n = raw.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    # all code units in one call; per-character look-ups only if surrogate pairs break the 1:1 map
    buf = ctypes.create_string_buffer((n + 1) * 2)
    written = raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    units = buf.raw[: n * 2].decode("utf-16-le", "surrogatepass")
    # GetText silently skips characters without a Unicode value (and a non-BMP character
    # takes two units): then indices no longer match the boxes, so read them one by one
    if written != n + 1 or len(units) != n or any("\ud800" <= u <= "\udfff" for u in units):
        get_unicode = raw.FPDFText_GetUnicode
        units = "".join(chr(c) if 0 < (c := get_unicode(textpage, i)) < 0x110000 else "\ufffd" for i in range(n))
    out: list[tuple[str, float, float, float, float]] = []
    rect = raw.FS_RECTF()
    ref = ctypes.byref(rect)
    get_box = raw.FPDFText_GetLooseCharBox
    blank = (0.0, 0.0, 0.0, 0.0)
    for i, ch in enumerate(units):
        if ch.isspace() or ch == "\x00":
            out.append((ch if ch != "\x00" else "\ufffd", *blank))
            continue
        # the loose box (advance width × font ascent/descent): neighbours touch, heights agree
        get_box(textpage, i, ref)
        u0, v0, u1, v1 = rect.left - left, top - rect.top, rect.right - left, top - rect.bottom
        if rot == 90:  # displayed turned clockwise: (u, v) → (uh − v, u)
            u0, v0, u1, v1 = uh - v1, u0, uh - v0, u1
        elif rot == 180:
            u0, v0, u1, v1 = uw - u1, uh - v1, uw - u0, uh - v0
        elif rot == 270:
            u0, v0, u1, v1 = v0, uw - u1, v1, uw - u0
        out.append((ch, u0, v0, u1, v1))
    return out


def bad_glyph_ratio(chars: list[tuple[str, float, float, float, float]]) -> float:
    vis = [c[0] for c in chars if not c[0].isspace()]
    if not vis:
        return 1.0
    bad = sum(1 for c in vis if c == "\ufffd" or ord(c) < 32 or 0xE000 <= ord(c) <= 0xF8FF)
    return bad / len(vis)


def _has_big_image(page: Any, w: float, h: float) -> bool:
    import pypdfium2.raw as raw

    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        x0, y0, x1, y1 = obj.get_pos()
        if (x1 - x0) * (y1 - y0) > 0.3 * w * h:
            return True
    return False


def _place_choices(pending: list[Any], text: str, start: int, row_spans) -> list[OcrChoice]:
    """The OCR alternatives of the segments printed in this block, in document offsets.

    Layout joins a row's segments (TAB, a space between Latin words), so each segment is
    found verbatim in its row; a segment the layout changed (a hyphen joined across lines)
    keeps no alternatives rather than misplaced ones. ``pending`` loses what is placed.
    """
    out: list[OcrChoice] = []
    for a, e, _ in row_spans:
        row = text[a:e]
        cursor = 0
        for seg in list(pending):
            k = row.find(seg.text, cursor)
            if k < 0:
                continue
            base = start + a + k
            for c in seg.choices or []:
                out.append(
                    OcrChoice(
                        orig_start=base + c.offset,
                        orig_end=base + c.offset + len(c.read),
                        read=c.read,
                        p_read=c.p_read,
                        alternatives=[(t, p) for t, p in c.alternatives],
                    )
                )
            pending.remove(seg)
            cursor = k + len(seg.text)
    return out


def _plain_blocks(segs: list[Any]) -> list[Any]:
    """Fallback layout: each text row (top to bottom, cells left to right) is a block."""
    from pipeline.layout import LBlock, group_rows

    out = []
    for row in group_rows(segs):
        box = (min(s.x0 for s in row), min(s.y0 for s in row), max(s.x1 for s in row), max(s.y1 for s in row))
        confs = [s.conf for s in row if s.conf is not None]
        text = "\t".join(s.text for s in row)
        conf = min(confs) if confs else None
        out.append(LBlock("main", box, [text], confidence=conf, row_spans=[(0, len(text), conf)]))
    return out


@register_stage("extract_pdf", assigns={"text.original", "blocks", "ocr_choices"}, options=ExtractPdfOptions)
class ExtractPdf:
    """PDF text in reading order (columns, sidebars, tables as TAB lines, no running headers); OCR for scanned pages."""

    def __init__(self, options: ExtractPdfOptions | None = None) -> None:
        self.options = options or ExtractPdfOptions()
        self._ocr = _Ocr(self.options.dpi)

    # -- pass 1: segments per page ------------------------------------------------------------
    def read_page(self, pdf: Any, i: int) -> _Page:
        from pipeline.layout import segments_from_chars

        o = self.options
        page = pdf[i]
        try:
            w, h = display_size(page)
            out = _Page(width=w, height=h)
            segs: list[Any] = []
            if o.ocr != "force":
                textpage = page.get_textpage()
                try:
                    chars = page_chars(page, textpage)
                finally:
                    textpage.close()
                usable = [c for c in chars if not c[0].isspace()]
                scanned = (
                    not usable
                    or bad_glyph_ratio(chars) > o.max_bad_glyphs
                    or (len(usable) < o.min_chars and _has_big_image(page, w, h))
                )
                if not scanned:
                    segs = segments_from_chars(chars)
            else:
                scanned = True
            if scanned and o.ocr != "off":
                segs = self._ocr.page(page)
                out.ocr = True
            out.segs = segs
            return out
        finally:
            page.close()

    def __call__(self, doc: Document) -> Document:
        if doc.source.format != "pdf":
            return doc
        from pipeline.layout import PAGE_NUMBER, analyze_page, find_running, running_key

        if not doc.source.path:
            raise DocumentError("PDF document has no source path to read from")
        pdf = _open(doc.source.path)
        try:
            n = len(pdf)
            if n == 0:
                raise DocumentError("PDF has no pages")
            if n > self.options.max_pages:
                raise DocumentError(
                    f"PDF has {n} pages, over [stages.extract_pdf] max_pages = {self.options.max_pages}"
                )
            pages: list[_Page] = []
            for i in range(n):
                try:
                    pages.append(self.read_page(pdf, i))
                except DocumentError:
                    raise
                except Exception as exc:
                    log.warning("%s: page %d: %s", doc.id, i + 1, exc)
                    doc.warnings.append(f"page {i + 1}: could not be read ({type(exc).__name__}: {exc}); left empty")
                    pages.append(_Page(error=str(exc)))
        finally:
            pdf.close()
        if all(p.error for p in pages):
            raise DocumentError(f"no page of the PDF could be read ({pages[0].error})")
        running = find_running([(p.segs, p.width, p.height) for p in pages if not p.error])
        texts: list[str] = []
        offsets: list[int] = []
        blocks: list[Block] = []
        dropped: dict[str, str] = {}
        low: list[dict[str, Any]] = []
        choices: list[OcrChoice] = []
        pos = 0
        ocr_pages = 0
        for pno, p in enumerate(pages, start=1):
            offsets.append(pos)
            if p.ocr:
                ocr_pages += 1
                if not p.segs:
                    doc.warnings.append(f"page {pno}: OCR found no text")
            elif not p.segs and not p.error and self.options.ocr == "off":
                doc.warnings.append(f"page {pno}: no usable text layer and OCR is off")
            parts: list[str] = []
            page_pos = pos
            pending = sorted((s for s in p.segs if s.choices), key=lambda s: (s.y0, s.x0)) if p.ocr else []
            try:
                laid = analyze_page(p.segs, p.width, p.height, running, lone_page=len(pages) == 1) if p.segs else []
            except Exception as exc:  # a layout bug must not cost the page its text
                log.warning("%s: page %d: layout analysis failed: %s", doc.id, pno, exc)
                doc.warnings.append(
                    f"page {pno}: layout analysis failed ({type(exc).__name__}); text kept line by line"
                )
                laid = _plain_blocks(p.segs)
            for b in laid:
                text = b.text
                start = end = None
                if text and b.kind not in ("header", "footer", "figure"):
                    if parts:
                        page_pos += 2
                    start = page_pos
                    end = start + len(text)
                    parts.append(text)
                    page_pos = end
                    if p.ocr:
                        choices.extend(_place_choices(pending, text, start, b.row_spans))
                        for a, e, conf in b.row_spans:
                            if conf is not None and conf < self.options.ocr_min_confidence:
                                low.append(
                                    {
                                        "page": pno,
                                        "orig_start": start + a,
                                        "orig_end": start + e,
                                        "confidence": round(conf, 4),
                                        "text": text[a:e],
                                    }
                                )
                elif b.kind in ("header", "footer") and text and not PAGE_NUMBER.match(text.strip()):
                    dropped.setdefault(running_key(text), text)
                blocks.append(
                    Block(
                        page=pno,
                        bbox=tuple(round(v, 2) for v in b.bbox),
                        kind=b.kind,
                        orig_start=start,
                        orig_end=end,
                        column=b.column,
                        ocr=p.ocr,
                        confidence=None if b.confidence is None else round(b.confidence, 4),
                    )
                )
            page_text = "\n\n".join(parts)
            texts.append(page_text)
            pos += len(page_text) + 1
        doc.set_original("\f".join(texts), offsets)
        doc.blocks = blocks
        doc.ocr_choices = choices
        doc.source.pages = len(pages)
        lines = list(dropped.values())  # first wording of each running line (digits aside)
        disclaimers = [t for t in lines if _DISCLAIMER.search(t)]
        if disclaimers:
            doc.meta.disclaimer = disclaimers[0]  # type: ignore[attr-defined]
        others = [t for t in lines if t not in disclaimers]
        if others:
            doc.meta.running_headers = others  # type: ignore[attr-defined]
        if ocr_pages:
            doc.meta.ocr_pages = ocr_pages  # type: ignore[attr-defined]
            doc.meta.ocr_low_confidence = low  # type: ignore[attr-defined]
        if not doc.text.original.strip():
            raise DocumentError(
                "no text in the PDF"
                + ("" if self.options.ocr != "off" else ' and OCR is off; set [stages.extract_pdf] ocr = "auto"')
            )
        return doc
