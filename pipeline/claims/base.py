"""What every claim family shares: the rules file, the Simplified view, evidence, subjects.

A claim family is a function ``extract(ctx) -> list[Claim]`` over a :class:`ClaimContext`.
The context holds the document, the rules of ``corpora/lexicons/claim_rules.yaml`` and a
*Simplified view* of the normalized text: the same length, character for character, so a
match at ``i`` in the view is a match at ``i`` in ``text.normalized`` and every rule is
written once (HK reports, processed with ``[stages.script] target = "keep"``, still match).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.document import Claim, Document, Entity, Evidence, Sentence
from pipeline.resources import data_path

# Confidence multiplier for a claim whose evidence overlaps a span repair could not fix.
UNREPAIRED_PENALTY = 0.5
SENTENCE_END = tuple("。！？；.!?;」”）)")


def simplified(text: str) -> str:
    """``text`` in Simplified script, the same length (character by character if need be)."""
    from pipeline.chinese_script import convert

    out = convert(text, "t2s")
    if len(out) == len(text):
        return out
    return "".join(c if len(cc := convert(c, "t2s")) != 1 else cc for c in text)


@dataclass(frozen=True)
class Metric:
    key: str
    en: str


@dataclass
class Rules:
    """``claim_rules.yaml`` with every Chinese term folded to Simplified."""

    raw: dict[str, Any]
    metric_terms: list[tuple[str, Metric]]  # longest term first
    metrics: dict[str, Metric]
    table_metrics: dict[str, str]  # squeezed lower-case label → metric key
    yoy_rows: set[str]

    def section(self, name: str) -> dict[str, Any]:
        return self.raw.get(name) or {}

    def words(self, section: str, key: str) -> list[str]:
        return list(_folded(self, section, key))

    def mask_excluded(self, text: str) -> str:
        """``text`` with the ``metric_exclude`` phrases blanked out (same length)."""
        for phrase in _folded(self, "", "metric_exclude"):
            if phrase in text:
                text = text.replace(phrase, "□" * len(phrase))
        return text

    @property
    def metric_pattern(self) -> re.Pattern[str]:
        return _metric_pattern(self)

    @property
    def metric_by_term(self) -> dict[str, Metric]:
        return dict(self.metric_terms)

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=64)
def _folded(rules: Rules, section: str, key: str) -> tuple[str, ...]:
    source = rules.raw if not section else rules.section(section)
    return tuple(simplified(w) for w in source.get(key) or [])


@lru_cache(maxsize=4)
def _metric_pattern(rules: Rules) -> re.Pattern[str]:
    return re.compile("(?=(" + "|".join(re.escape(t) for t, _ in rules.metric_terms) + "))")


def squeeze(label: str) -> str:
    return re.sub(r"\s+", "", simplified(label)).casefold().replace("（", "(").replace("）", ")")


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """Read the claim rules (cached)."""
    import yaml

    p = path or str(data_path("corpora", "lexicons", "claim_rules.yaml"))
    with open(p, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh) or {}
    metrics: dict[str, Metric] = {}
    terms: dict[str, Metric] = {}
    for key, (en, words) in (raw.get("metrics") or {}).items():
        metrics[key] = Metric(key, en)
        for w in words:
            terms.setdefault(simplified(str(w)), metrics[key])
    for key in raw.get("table_metrics") or {}:
        metrics.setdefault(key, Metric(key, "EBITDA" if key == "ebitda" else key.replace("_", " ")))
    table_metrics = {
        squeeze(str(lbl)): key for key, labels in (raw.get("table_metrics") or {}).items() for lbl in labels
    }
    return Rules(
        raw=raw,
        metric_terms=sorted(terms.items(), key=lambda kv: -len(kv[0])),
        metrics=metrics,
        table_metrics=table_metrics,
        yoy_rows={squeeze(str(x)) for x in raw.get("yoy_row_labels") or []},
    )


@lru_cache(maxsize=1)
def gazetteer() -> Any | None:
    """The shared gazetteer, or None where it (or its data) is not available."""
    try:
        from pipeline.gazetteer import Gazetteer

        gz = Gazetteer.load()
        return gz if len(gz) else None
    except Exception:  # the gazetteer is optional for claims: names stay as printed
        return None


@dataclass
class ClaimContext:
    """The document as claim rules see it."""

    doc: Document
    rules: Rules
    view: str = ""
    subject: str | None = None  # the covered company (canonical id or name)
    subject_name: str | None = None
    report_year: int | None = None
    unrepaired: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Document, rules: Rules | None = None) -> ClaimContext:
        ctx = cls(doc=doc, rules=rules or load_rules(), view=simplified(doc.text.normalized))
        ctx.subject, ctx.subject_name = main_subject(doc)
        if doc.meta.date and doc.meta.date[:4].isdigit():
            ctx.report_year = int(doc.meta.date[:4])
        for e in doc.edits:
            if e.kind == "unrepaired":
                if e.start is not None and e.end is not None:
                    ctx.unrepaired.append((e.start, max(e.end, e.start + 1)))
                else:
                    s, t = doc.offsets.to_norm(e.orig_start, e.orig_end)
                    ctx.unrepaired.append((s, max(t, s + 1)))
        return ctx

    # -- reading -----------------------------------------------------------------------------
    def sentence_view(self, s: Sentence) -> str:
        return self.view[s.start : s.end]

    def prose(self) -> Iterator[tuple[int, Sentence, str]]:
        """(index, sentence, Simplified text) of the body: prose, list items and headings."""
        for i, s in enumerate(self.doc.sentences):
            if s.kind in ("prose", "list_item", "heading"):
                yield i, s, self.sentence_view(s)

    def entities_in(self, start: int, end: int, labels: Iterable[str] = ()) -> list[Entity]:
        want = set(labels)
        return [e for e in self.doc.entities if e.start < end and e.end > start and (not want or e.label in want)]

    def metric_at(self, text: str, before: int | None = None) -> tuple[Metric, int, int] | None:
        """The metric term ending nearest before ``before`` (the whole text when None)."""
        limit = len(text) if before is None else before
        best: tuple[Metric, int, int] | None = None
        text = self.rules.mask_excluded(text[:limit])
        # The lookahead finds the longest term at every position, overlaps included.
        for m in self.rules.metric_pattern.finditer(text):
            start, end = m.start(), m.start() + len(m.group(1))
            if best is None or end > best[2] or (end == best[2] and start < best[1]):
                best = (self.rules.metric_by_term[m.group(1)], start, end)
        return best

    # -- writing -----------------------------------------------------------------------------
    def evidence(self, start: int, end: int) -> Evidence:
        idx = self.doc.sentence_at(start)
        return Evidence(**self.doc.span(start, end), page=self.doc.page_at(start), sentence=idx)

    def claim(
        self,
        type: str,
        values: dict[str, Any],
        spans: list[tuple[int, int]],
        *,
        sentence: Sentence,
        subject: str | None = None,
        confidence: float = 0.9,
        incomplete: bool = False,
    ) -> Claim:
        """A claim whose evidence is ``spans`` (normalized offsets, first one the main)."""
        spans = [sp for sp in spans if sp[1] > sp[0]] or [(sentence.start, sentence.end)]
        if any(a < ue and b > us for a, b in spans for us, ue in self.unrepaired) or any(
            sentence.start < ue and sentence.end > us for us, ue in self.unrepaired
        ):
            confidence *= UNREPAIRED_PENALTY
            values.setdefault("source_flag", "unrepaired")
            incomplete = incomplete or _truncated(sentence.text)
        return Claim(
            type=type,
            subject=subject if subject is not None else self.subject,
            text=sentence.text,
            values={k: v for k, v in values.items() if v is not None},
            evidence=[self.evidence(a, b) for a, b in spans],
            confidence=round(confidence, 3),
            incomplete=incomplete,
        )

    def resolve(self, name: str, start: int | None = None, end: int | None = None) -> str:
        """A canonical id for ``name`` (an entity at the span, else the gazetteer), else the name."""
        if start is not None and end is not None:
            for e in self.entities_in(start, end, ("ORG", "PRODUCT", "PERSON", "GPE", "EVENT")):
                if e.canonical and e.start <= start and e.end >= end - 1:
                    return e.canonical
        if name in ("公司", "本公司", "集团"):
            return self.subject or name
        gz = gazetteer()
        rec = gz.lookup(name) if gz else None
        return rec.id if rec else name


def _truncated(text: str) -> bool:
    return not text.rstrip().endswith(SENTENCE_END)


def truncated(text: str) -> bool:
    """A prose sentence cut off mid-way (no final punctuation, ends in a word or number)."""
    return _truncated(text)


TICKER_LINE = re.compile(
    # A table row (it has TABs: "Net change in cash	320	(890)") is never the company line.
    r"^(?!.*\t)[#\s]*(?P<name>[^\s#（(][^（(]{0,30}?)\s*[（(]\s*(?P<code>\d{3,6}(?:\s*\.?\s*(?:HK|SZ|SH|SS|US))?)\s*[)）]"
    # Mainland notes put the title on the same line: 公司（300750.SZ）：标题
    r"\s*(?:[:：｜|—-]\s*(?P<title>\S.{1,80}))?$"
)


def canonical_ticker(code: str) -> str | None:
    """``9988 HK`` → ``9988.HK``, ``700 HK`` → ``0700.HK``, ``300750`` → ``300750.SZ``."""
    try:
        from pipeline.numbers import to_ticker

        t = to_ticker(code)
        if t:
            return t
    except Exception:  # numbers.py is optional here; fall back to the rules below
        pass
    m = re.match(r"^(\d{3,6})\s*\.?\s*(HK|SZ|SH|SS|US)?$", code.strip().upper())
    if not m:
        return None
    digits, ex = m.groups()
    if ex == "HK" or (ex is None and len(digits) <= 5):
        return f"{int(digits):04d}.HK"
    if ex in ("SH", "SS") or (ex is None and digits.startswith("6")):
        return f"{digits}.SH"
    return f"{digits}.{ex or 'SZ'}"


def main_subject(doc: Document) -> tuple[str | None, str | None]:
    """(canonical id or name, printed name) of the company the report covers."""
    companies = doc.meta.companies
    cid = getattr(doc.meta, "company_ids", None) or []
    if companies:
        return (cid[0] if cid else companies[0]), companies[0]
    for s in doc.sentences[:20]:
        m = TICKER_LINE.match(s.text)
        if m:
            name = m.group("name").strip()
            ticker = canonical_ticker(m.group("code"))
            gz = gazetteer()
            rec = (gz.by_ticker(ticker) if gz and ticker else None) or (gz.lookup(name) if gz else None)
            return (rec.id if rec else name), name
    return None, None
