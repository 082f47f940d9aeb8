"""Reading inputs: files, folders and JSONL into documents.

Bad input never stops a batch: an empty file, a binary file, a file over the size limit,
text in no encoding we can read, or a JSONL line that is not JSON each becomes a document
with ``status == "failed"`` and an ``error`` that says what was wrong and what to do.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.document import Document, Source

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
PDF_SUFFIXES = {".pdf"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = set(TEXT_SUFFIXES) | PDF_SUFFIXES | JSONL_SUFFIXES

# Encodings tried in order for text files. GB18030 decodes almost any byte string, so when
# UTF-8 fails we let charset-normalizer choose between the Chinese legacy encodings instead
# of taking the first that does not raise.
LEGACY_ENCODINGS = ["gb18030", "big5", "big5hkscs"]


class InputOptions(BaseModel):
    """``[input]`` section of a config."""

    model_config = ConfigDict(extra="forbid")

    max_bytes: int = 20_000_000
    max_pdf_bytes: int = 200_000_000


def _doc_id(path: Path, sha: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", path.stem, flags=re.UNICODE).strip("._") or "doc"
    return stem


def failed(id: str, error: str, source: Source | None = None) -> Document:
    """A failed document that carries its error."""
    doc = Document(id=id, source=source or Source(), status="failed", error=error)
    return doc


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), GB18030 or Big5; return (text, encoding).

    Raises ``ValueError`` with a readable message when the bytes are not text.
    """
    if b"\x00" in data[:65536]:
        raise ValueError("binary file (contains NUL bytes), not text; convert it to UTF-8 text or PDF")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None or best.encoding is None:
        raise ValueError("not text in UTF-8, GB18030 or Big5; re-save the file as UTF-8")
    text = str(best)
    enc = best.encoding.replace("_", "-")
    if _control_ratio(text) > 0.05:
        raise ValueError("binary file (mostly control characters), not text")
    return text, enc


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return bad / len(sample)


def read_text_file(path: Path, options: InputOptions) -> Document:
    """One text/Markdown file as a document (or a failed one)."""
    source = Source(path=str(path), format=TEXT_SUFFIXES.get(path.suffix.lower(), "text"))
    id = path.stem
    try:
        size = path.stat().st_size
    except OSError as exc:
        return failed(id, f"cannot read {path}: {exc.strerror}", source)
    source.bytes = size
    if size == 0:
        return failed(id, "empty file: nothing to process", source)
    if size > options.max_bytes:
        return failed(
            id,
            f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit; "
            "split it or raise [input] max_bytes in the config",
            source,
        )
    data = path.read_bytes()
    source.sha256 = hashlib.sha256(data).hexdigest()
    id = _doc_id(path, source.sha256)
    try:
        text, enc = decode_text(data)
    except ValueError as exc:
        return failed(id, str(exc), source)
    if _control_ratio(text) > 0.05:
        return failed(id, "binary file (mostly control characters), not text", source)
    if not text.strip():
        return failed(id, "file holds only whitespace: nothing to process", source)
    source.encoding = enc
    doc = Document(id=id, source=source)
    doc.set_original(text)
    return doc


def read_pdf_file(path: Path, options: InputOptions) -> Document:
    """A PDF file as a document with no text yet: the ``extract_pdf`` stage reads it."""
    source = Source(path=str(path), format="pdf")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return failed(path.stem, f"cannot read {path}: {exc.strerror}", source)
    source.bytes = size
    if size == 0:
        return failed(path.stem, "empty file: nothing to process", source)
    if size > options.max_pdf_bytes:
        return failed(path.stem, f"PDF is {size / 1e6:.0f} MB, over [input] max_pdf_bytes", source)
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    source.sha256 = h.hexdigest()
    doc = Document(id=_doc_id(path, source.sha256), source=source)
    doc.set_original("")
    return doc


def read_jsonl_file(path: Path, options: InputOptions) -> Iterator[Document]:
    """One document per JSONL line: ``{"id": ..., "text": ...}``; bad lines fail alone."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield failed(path.stem, f"cannot read {path}: {exc.strerror}", Source(path=str(path), format="jsonl"))
        return
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            source = Source(path=where, format="jsonl", bytes=len(raw))
            fallback_id = f"{path.stem}-{lineno}"
            if len(raw) > options.max_bytes:
                yield failed(fallback_id, f"line is over the {options.max_bytes / 1e6:.0f} MB limit", source)
                continue
            try:
                obj = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield failed(
                    fallback_id, f'line {lineno} is not JSON ({exc}); expected {{"id": ..., "text": ...}}', source
                )
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                yield failed(fallback_id, f'line {lineno} has no string "text" field', source)
                continue
            text = obj["text"]
            id = str(obj.get("id") or fallback_id)
            if not text.strip():
                yield failed(id, "empty text: nothing to process", source)
                continue
            source.sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            source.encoding = "utf-8"
            doc = Document(id=id, source=source)
            doc.set_original(text)
            yield doc


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and supported files found recursively in folders, in a stable order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED:
                    yield child
        else:
            yield path


def iter_documents(paths: Iterable[str | Path], options: InputOptions | None = None) -> Iterator[Document]:
    """Documents read from files and folders; unreadable inputs become failed documents."""
    options = options or InputOptions()
    for path in iter_paths(paths):
        suffix = path.suffix.lower()
        if not path.exists():
            yield failed(path.stem, f"no such file: {path}", Source(path=str(path)))
        elif suffix in JSONL_SUFFIXES:
            yield from read_jsonl_file(path, options)
        elif suffix in PDF_SUFFIXES:
            yield read_pdf_file(path, options)
        elif suffix in TEXT_SUFFIXES:
            yield read_text_file(path, options)
        else:
            yield failed(
                path.stem,
                f"unsupported file type {suffix or '(none)'}; yanbao reads .txt, .md, .pdf and .jsonl",
                Source(path=str(path)),
            )
