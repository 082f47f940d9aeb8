"""The document model: one ``Document`` flows through every stage and gathers layers.

Layers (each stage reads some and adds others; see ``pipeline.registry``):

- ``source``      where the document came from (path, sha256, pages, encoding, page offsets)
- ``text``        ``original`` (as extracted, source script) and ``normalized`` (what every
                  span points into); the :class:`~pipeline.offsets.OffsetMap` links the two
- ``blocks``      layout blocks of PDF pages with their boxes
- ``edits``       every change the repair stage proposed or made, with reason and confidence
- ``sentences``   sentence-like units (prose, headings, list items, table rows)
- ``entities``    tagged spans with labels, canonical ids and normalized values
- ``tables``      tables as rows of cells, with units and period columns
- ``claims``      typed claims with their evidence spans
- ``meta``        report metadata (title, broker, date, rating, prices …)
- ``summary_en``  the English summary in Markdown

All ``start``/``end`` offsets are code-point indices into ``text.normalized``; ``orig_*``
offsets index ``text.original``.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from pipeline.offsets import Change, OffsetMap, apply_changes

SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(_Model):
    """Where the document came from."""

    path: str | None = None
    sha256: str | None = None
    format: str = "text"  # text | markdown | pdf | jsonl
    encoding: str | None = None
    pages: int = 1
    page_offsets: list[int] = Field(
        default_factory=lambda: [0],
        description="Offset in text.original where each page starts (page 1 first).",
    )
    bytes: int | None = None


class TextLayer(_Model):
    original: str = ""
    normalized: str = ""


class Price(_Model):
    value: float
    currency: str  # ISO 4217: CNY, HKD, USD …


class Rating(_Model):
    normalized: Literal["buy", "overweight", "neutral", "underweight", "sell", "not_rated"]
    raw: str
    action: str | None = None  # maintain | initiate | upgrade | downgrade


class Meta(BaseModel):
    """Report metadata. Unknown keys are kept (stages may add e.g. ``disclaimer``)."""

    model_config = ConfigDict(extra="allow")

    title: str | None = None
    broker: str | None = None
    date: str | None = None  # ISO 8601
    language: str | None = None
    script: str | None = None  # zh-Hant | zh-Hans | mixed | none
    tickers: list[str] = Field(default_factory=list)
    companies: list[str] = Field(default_factory=list)
    rating: Rating | None = None
    price: Price | None = None
    target_price: Price | None = None
    analysts: list[str] = Field(default_factory=list)


class Span(_Model):
    """A span of the normalized text and its image in the original."""

    start: int
    end: int
    orig_start: int
    orig_end: int


class Edit(_Model):
    """One change proposed by the repair stage (or a flag: ``kind == "unrepaired"``)."""

    orig_start: int
    orig_end: int
    before: str  # the original characters, text.original[orig_start:orig_end]
    after: str  # the replacement as it reads in the normalized text at the time of repair
    kind: str
    confidence: float
    reason: str
    applied: bool = True
    start: int | None = None  # where ``after`` sits in text.normalized, when applied
    end: int | None = None


class OcrChoice(_Model):
    """What the OCR engine almost read at ``text.original[orig_start:orig_end]``.

    ``read`` is what it emitted there (``""`` with ``orig_start == orig_end``: a gap between
    two characters where a character nearly won), ``p_read`` its probability, and
    ``alternatives`` the other readings with theirs (``""``: nothing was there). Written by
    ``extract_pdf`` for OCR'd pages; read by ``repair``.
    """

    orig_start: int
    orig_end: int
    read: str
    p_read: float
    alternatives: list[tuple[str, float]] = Field(default_factory=list)


class Sentence(Span):
    text: str
    page: int = 1
    kind: Literal["prose", "heading", "list_item", "table_row", "caption"] = "prose"


class Entity(Span):
    text: str
    label: str
    canonical: str | None = None
    value: dict[str, Any] | None = None
    confidence: float = 1.0
    source: str | None = None  # gazetteer | pattern | model


class Evidence(Span):
    page: int = 1
    sentence: int | None = None  # index into ``sentences``


class Claim(_Model):
    type: str
    subject: str | None = None
    text: str
    values: dict[str, Any] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = 1.0
    incomplete: bool = False


class TableCell(_Model):
    text: str
    value: float | None = None  # the number as printed (not scaled by the unit)
    flags: list[str] = Field(default_factory=list)


class TableRow(_Model):
    label: str
    cells: list[TableCell] = Field(default_factory=list)
    section: str | None = None  # e.g. "Income Statement (CNY'm)"


class Table(_Model):
    page: int | None = None
    title: str | None = None
    unit: str | None = None  # as printed: "百萬元", "CNY'm"
    currency: str | None = None
    multiplier: float | None = None  # base units per printed unit (CNY'm → 1e6)
    columns: list[str] = Field(default_factory=list)
    periods: list[dict[str, Any] | None] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None
    orig_start: int | None = None
    orig_end: int | None = None


class Block(_Model):
    """A layout block of a PDF page (PDF points, origin top-left)."""

    page: int
    bbox: tuple[float, float, float, float]
    kind: str  # main | sidebar | header | footer | table | caption | figure
    orig_start: int | None = None
    orig_end: int | None = None
    column: int | None = None
    ocr: bool = False
    confidence: float | None = None


class Document(_Model):
    """One report and every layer the stages have added to it."""

    id: str
    schema_version: int = SCHEMA_VERSION
    status: Literal["ok", "failed"] = "ok"
    error: str | None = None
    source: Source = Field(default_factory=Source)
    meta: Meta = Field(default_factory=Meta)
    text: TextLayer = Field(default_factory=TextLayer)
    blocks: list[Block] = Field(default_factory=list)
    edits: list[Edit] = Field(default_factory=list)
    ocr_choices: list[OcrChoice] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    summary_en: str | None = None
    warnings: list[str] = Field(default_factory=list)

    _map: OffsetMap | None = PrivateAttr(default=None)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, *, id: str | None = None, **source: Any) -> Document:
        """A new document whose original (and, until a stage changes it, normalized) text is ``text``."""
        sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        doc = cls(id=id or sha[:16], source=Source(sha256=sha, **source))
        doc.set_original(text)
        return doc

    def set_original(self, text: str, page_offsets: Sequence[int] | None = None) -> None:
        """Set ``text.original`` (extraction) and reset the normalized text to it."""
        self.text = TextLayer(original=text, normalized=text)
        self._map = OffsetMap.identity(len(text))
        if page_offsets is None:  # pages of extracted text are separated by form feeds
            page_offsets = [0] + [i + 1 for i, c in enumerate(text) if c == "\f"]
        self.source.page_offsets = list(page_offsets)
        self.source.pages = len(page_offsets)

    # -- the offset map ---------------------------------------------------------------------
    @property
    def offsets(self) -> OffsetMap:
        """The map between ``text.normalized`` and ``text.original``."""
        if self._map is None:
            if self.text.normalized != self.text.original:
                raise ValueError("document has no offset map for its normalized text")
            self._map = OffsetMap.identity(len(self.text.original))
        return self._map

    def rewrite(self, changes: Sequence[Change]) -> None:
        """Apply changes to ``text.normalized`` and compose the offset map.

        Only stages that run before spans are laid (normalize, repair, script) may change
        the text; afterwards every span would point to the wrong characters.
        """
        if not changes:
            return
        if self.sentences or self.entities or self.claims:
            raise RuntimeError("text.normalized cannot change after spans were assigned")
        new_text, step_s, step_e = apply_changes(self.text.normalized, changes)
        self._map = self.offsets.compose(step_s, step_e)
        self.text.normalized = new_text
        for table in self.tables:
            if table.start is not None and table.end is not None:
                table.start, table.end = self.offsets.to_norm(table.orig_start or 0, table.orig_end or 0)

    def substitute(self, new_text: str) -> None:
        """Replace ``text.normalized`` by a text of the same length, character for character.

        The offset map does not change: character ``i`` still comes from the same original
        span. Script conversion uses this for the common case where OpenCC keeps the length.
        """
        if len(new_text) != len(self.text.normalized):
            raise ValueError("substitute() needs a text of the same length; use rewrite()")
        if self.sentences or self.entities or self.claims:
            raise RuntimeError("text.normalized cannot change after spans were assigned")
        _ = self.offsets  # materialise the map before the text changes
        self.text.normalized = new_text

    def replace_normalized(self, new_text: str, step_s: Sequence[int], step_e: Sequence[int]) -> None:
        """Like :meth:`rewrite` for stages that build the new text themselves."""
        if self.sentences or self.entities or self.claims:
            raise RuntimeError("text.normalized cannot change after spans were assigned")
        self._map = self.offsets.compose(step_s, step_e)
        self.text.normalized = new_text

    def span(self, start: int, end: int) -> dict[str, int]:
        """``start``, ``end``, ``orig_start``, ``orig_end`` of a normalized span."""
        os_, oe = self.offsets.to_orig(start, end)
        return {"start": start, "end": end, "orig_start": os_, "orig_end": oe}

    def page_at(self, start: int) -> int:
        """1-based page of normalized offset ``start``."""
        orig = self.offsets.point_to_orig(min(start, len(self.text.normalized)))
        return max(1, bisect_right(self.source.page_offsets, orig))

    def sentence_at(self, start: int) -> int | None:
        """Index of the sentence containing normalized offset ``start``."""
        i = bisect_right([s.start for s in self.sentences], start) - 1
        if i >= 0 and self.sentences[i].start <= start < max(self.sentences[i].end, start + 1):
            return i
        return None

    # -- serialisation ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict, offset map included."""
        d = self.model_dump(mode="json")
        d["offset_map"] = self.offsets.to_runs()
        return d

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        data = dict(data)
        runs = data.pop("offset_map", None)
        doc = cls.model_validate(data)
        if runs is not None:
            doc._map = OffsetMap.from_runs(runs, len(doc.text.normalized), len(doc.text.original))
        return doc

    @classmethod
    def from_json(cls, text: str) -> Document:
        return cls.from_dict(json.loads(text))

    @classmethod
    def read(cls, path: str | Path) -> Document:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def write(self, path: str | Path, *, indent: int | None = 1) -> None:
        Path(path).write_text(self.to_json(indent=indent), encoding="utf-8")

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """JSON Schema of the output (the pydantic schema plus the offset map)."""
        schema = cls.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = "yanbao Document"
        schema["properties"]["offset_map"] = {
            "type": "array",
            "description": "Runs [n_start, n_len, o_start, o_len] mapping text.normalized to "
            "text.original; n_len == o_len copies one to one, otherwise each of the n_len "
            "characters came from the whole original span.",
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 4, "maxItems": 4},
        }
        schema["required"] = sorted(set(schema.get("required", [])) | {"offset_map", "schema_version"})
        return schema
