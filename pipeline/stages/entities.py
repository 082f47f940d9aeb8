"""Tag companies, people, products, metrics, places, events, money, percentages, dates,
tickers and quantities; normalise their values; link names to gazetteer ids.

Assigns ``entities``: :class:`~pipeline.document.Entity` spans of ``text.normalized`` with
``label`` (ORG PERSON PRODUCT METRIC GPE EVENT MONEY PERCENT DATE TICKER QUANTITY),
``canonical`` (a gazetteer id, or ``CODE.EXCHANGE`` for tickers), ``value`` (MONEY
``{amount, currency[, period_years]}`` in base units, PERCENT ``{value}``, DATE ``{iso[,
start, end, forecast, fiscal]}``, QUANTITY ``{value, unit}``, TICKER ``{canonical[, company]}``,
PRODUCT ``{family, name}``), ``confidence`` and ``source`` (gazetteer | pattern).

How: the text is read through a Simplified shadow (see ``pipeline.entity_rules``), so the
same report in either script gives the same entities. Candidates come from the gazetteer
trie and the pattern tables; overlaps are resolved longest first, gazetteer and value
patterns before the gap-fillers (ORG by suffix, unknown product and benchmark shapes) and
those before garbled-alias links (Chat-5-GPT for GPT-5-Chat, at confidence 0.6). The spaCy
``Doc`` (jieba words, Latin runs and numbers whole, split at entity edges) holds the result
as ``doc.ents``; ``Doc``/``Span`` extensions carry canonical ids and values. See
``docs/entities.md``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.document import Document, Entity
from pipeline.registry import StageOptions, register_stage

_PROTECTED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]*(?:[.\-+/][A-Za-z0-9_]+)*%?|\s|[^\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_FULL_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?<![A-Za-z0-9])\d{1,2}[\s\-](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*[\s\-]\d{2,4}"
)
_LINKABLE = {"ORG", "PERSON", "PRODUCT", "METRIC", "GPE", "EVENT"}
_FYE = re.compile(r"(?:Yr|Year|FY)\s+end(?:ed|ing)?\s+(\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\s+\d{1,2})")


class EntityOptions(StageOptions):
    gazetteer_dir: str | None = None  # default: corpora/gazetteers
    patterns: str | None = None  # default: corpora/lexicons/entity_patterns.yaml
    garbled_confidence: float = 0.6
    min_confidence: float = 0.0  # drop entities below this
    labels: list[str] | None = None  # keep only these labels (default: all)


@lru_cache(maxsize=4)
def _resources(gazetteer_dir: str | None, patterns: str | None):
    from pipeline.entity_rules import GazetteerMatcher, PatternFinder, load_patterns, simplified
    from pipeline.entity_values import ValueFinder
    from pipeline.gazetteer import Gazetteer

    gz = Gazetteer.load(_data_file(gazetteer_dir))
    table = load_patterns(_data_file(patterns))
    finder = PatternFinder(table)
    finder.places = {simplified(n) for n, _ in gz.names("place") if not n.isascii()}
    finder.pos = _pos_table()
    return gz, GazetteerMatcher(gz, table), finder, ValueFinder(table)


def _data_file(path: str | None) -> str | None:
    """An option path as given, or, when relative and absent here, under the data root."""
    from pathlib import Path

    from pipeline.resources import data_path

    if path is None or Path(path).is_absolute() or Path(path).exists():
        return path
    folder, _, rest = path.replace("\\", "/").partition("/")
    if folder in ("corpora", "models", "configs") and rest:
        return str(data_path(folder, *rest.split("/")))
    return path


@lru_cache(maxsize=1)
def _pos_table() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (read once from its dict.txt)."""
    import os

    import jieba

    table: dict[str, str] = {}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                table[parts[0]] = parts[2]
    return table


@lru_cache(maxsize=4)
def _segmenter(gazetteer_dir: str | None):
    """A private jieba tokenizer that knows the gazetteer's Chinese names (Simplified)."""
    import logging

    import jieba

    from pipeline.entity_rules import simplified

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    gz, _, finder, _ = _resources(gazetteer_dir, None)
    for name, _rec in gz.names():
        if not name.isascii() and 2 <= len(name) <= 12:
            tok.add_word(simplified(name), freq=2000)
    for word in finder.fin_metrics:
        tok.add_word(word, freq=2000)
    return tok


@lru_cache(maxsize=1)
def _nlp():
    import spacy
    from spacy.tokens import Span

    nlp = spacy.blank("zh")  # the default character segmenter: we hand it our own words
    for attr in ("canonical", "value", "confidence", "source"):
        Span.set_extension(attr, default=None, force=True)
    return nlp


def tokenize(shadow: str, tok) -> list[tuple[int, int]]:
    """Word spans: jieba over Han runs; Latin words, numbers, versions and tickers kept whole."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _HAN_RUN.finditer(shadow):
        spans.extend(_protected(shadow, pos, m.start()))
        a = m.start()
        for w in tok.lcut(m.group(), HMM=True):
            spans.append((a, a + len(w)))
            a += len(w)
        pos = m.end()
    spans.extend(_protected(shadow, pos, len(shadow)))
    return spans


def _protected(s: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    i = a
    while i < b:
        m = _PROTECTED.match(s, i, b)
        j = m.end() if m and m.end() > i else i + 1
        out.append((i, j))
        i = j
    return out


def split_at(spans: list[tuple[int, int]], cuts: set[int]) -> list[tuple[int, int]]:
    """Split word spans so that every offset in ``cuts`` is a word boundary."""
    from bisect import bisect_right

    order = sorted(cuts)
    out = []
    for a, b in spans:
        k = bisect_right(order, a)
        inner = []
        while k < len(order) and order[k] < b:
            inner.append(order[k])
            k += 1
        for c in inner:
            out.append((a, c))
            a = c
        out.append((a, b))
    return out


def resolve(cands: list) -> list:
    """Non-overlapping candidates: by tier, then longest, then rank (gazetteer before pattern)."""
    if not cands:
        return []
    n = max(c.end for c in cands)
    owner: list[Any] = [None] * (n + 1)  # the chosen candidate covering each character
    chosen: dict[int, Any] = {}
    for tier in sorted({c.tier for c in cands}):
        for c in sorted((c for c in cands if c.tier == tier), key=lambda c: (-c.length, c.rank, c.start)):
            if c.end <= c.start:
                continue
            inside = {id(x): x for x in owner[c.start : c.end] if x is not None}
            if inside:
                # An organisation named after a place (中国证券业协会) swallows the place.
                if not (
                    c.label == "ORG"
                    and all(x.label == "GPE" and c.start <= x.start and x.end <= c.end for x in inside.values())
                ):
                    continue
                for k in inside:
                    del chosen[k]
            owner[c.start : c.end] = [c] * (c.end - c.start)
            chosen[id(c)] = c
    return sorted(chosen.values(), key=lambda c: c.start)


@register_stage("entities", requires={"sentences"}, assigns={"entities"}, options=EntityOptions)
class Entities:
    """Entities with labels, gazetteer ids and normalised values (money, %, dates, tickers …)."""

    def __init__(self, options: EntityOptions | None = None) -> None:
        self.options = options or EntityOptions()

    # -- the parts, usable on their own -----------------------------------------------------------
    def candidates(self, text: str, *, ref_year: int | None = None) -> tuple[str, list, list[tuple[int, int]]]:
        """(shadow, candidates, jieba word spans) for ``text``."""
        from pipeline.entity_rules import LABELS, Candidate, email_url_spans, shadow

        gz, gm, pf, vf = _resources(self.options.gazetteer_dir, self.options.patterns)
        s = shadow(text)
        words = tokenize(s, _segmenter(self.options.gazetteer_dir))
        tokens_at = {a: b for a, b in words}
        if ref_year is None:
            ref_year = _first_year(s)
        fye = _FYE.search(s)
        cands: list[Candidate] = []
        cands += gm.find(s)
        cands += vf.money_candidates(s)
        cands += vf.percent_candidates(s)
        cands += vf.date_candidates(s, ref_year, fye.group(1) if fye else None)
        cands += vf.ticker_candidates(s, gz)
        cands += vf.quantity_candidates(s)
        cands += vf.shared_unit_candidates(s, [c for c in cands if c.label in ("MONEY", "QUANTITY")])
        cands += pf.metric_candidates(s)
        cands += pf.event_candidates(s)
        people = pf.person_candidates(s, tokens_at)
        cands += people
        cands += _propagate(s, people)
        cands += _english_names(s, [c for c in cands if c.label == "PERSON"])
        cands += pf.org_candidates(s, words)
        cands += pf.product_candidates(s)
        blocked = email_url_spans(s)
        cands = [
            c
            for c in cands
            if "\n" not in text[c.start : c.end]
            and "\t" not in text[c.start : c.end]
            and not any(a < c.end and c.start < b for a, b in blocked)
        ]
        for c in cands:  # names found by pattern that the gazetteer knows get its id
            if c.canonical is None and c.label in _LINKABLE:
                rec = gz.lookup(text[c.start : c.end], loose=False)
                if rec is not None and LABELS.get(rec.kind) == c.label:
                    c.canonical, c.source = rec.id, "gazetteer"
        return s, cands, words

    def find(self, text: str, *, ref_year: int | None = None) -> list[dict[str, Any]]:
        """Resolved entities of ``text`` as dicts (start, end, text, label, canonical, value, …)."""
        return self.analyze(text, ref_year=ref_year)[0]

    def spacy(self, text: str, *, ref_year: int | None = None):
        """A spaCy ``Doc`` of ``text`` whose ``doc.ents`` are the entities (``Span._.canonical`` …)."""
        ents, words = self.analyze(text, ref_year=ref_year)
        return self.spacy_doc(text, ents, words)

    def analyze(self, text: str, *, ref_year: int | None = None) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
        """(entities as dicts, word spans) of ``text``."""
        s, cands, words = self.candidates(text, ref_year=ref_year)
        first = resolve([c for c in cands if c.tier == 0])
        chosen = resolve(cands + self._garbled(s, first))
        out = []
        for c in chosen:
            if c.confidence < self.options.min_confidence:
                continue
            if self.options.labels and c.label not in self.options.labels:
                continue
            out.append(
                {
                    "start": c.start,
                    "end": c.end,
                    "text": text[c.start : c.end],
                    "label": c.label,
                    "canonical": c.canonical,
                    "value": c.value,
                    "confidence": c.confidence,
                    "source": c.source,
                }
            )
        return out, words

    def spacy_doc(self, text: str, ents: list[dict[str, Any]], words: list[tuple[int, int]]):
        """A spaCy ``Doc`` over ``text`` with ``ents`` as ``doc.ents`` (words split at their edges)."""
        from spacy.tokens import Doc

        nlp = _nlp()
        cuts = {e["start"] for e in ents} | {e["end"] for e in ents}
        spans = split_at(words, cuts)
        toks: list[str] = []
        spaces: list[bool] = []
        for a, b in spans:
            w = text[a:b]
            if w == " " and toks and not spaces[-1] and not toks[-1].isspace():
                spaces[-1] = True
                continue
            toks.append(w)
            spaces.append(False)
        doc = Doc(nlp.vocab, words=toks, spaces=spaces)
        assert doc.text == text, "tokenization must cover the text exactly"
        spans_out = []
        for e in ents:
            sp = doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="expand")
            if sp is None:
                continue
            sp._.canonical, sp._.value, sp._.confidence, sp._.source = (
                e["canonical"],
                e["value"],
                e["confidence"],
                e["source"],
            )
            spans_out.append(sp)
        doc.ents = spans_out
        return doc

    def __call__(self, doc: Document) -> Document:
        text = doc.text.normalized
        ref_year = int(doc.meta.date[:4]) if doc.meta.date and doc.meta.date[:4].isdigit() else None
        ents, words = self.analyze(text, ref_year=ref_year)
        sdoc = self.spacy_doc(text, ents, words)
        doc.entities = [
            Entity(
                **doc.span(sp.start_char, sp.end_char),
                text=sp.text,
                label=sp.label_,
                canonical=sp._.canonical,
                value=sp._.value,
                confidence=sp._.confidence,
                source=sp._.source,
            )
            for sp in sdoc.ents
        ]
        return doc

    def _garbled(self, s: str, chosen: list) -> list:
        from pipeline.entity_links import garbled_candidates

        gz, gm, _, _ = _resources(self.options.gazetteer_dir, self.options.patterns)
        return garbled_candidates(s, chosen, gz, gm, self.options.garbled_confidence)


def _propagate(s: str, people: list) -> list:
    """Every other occurrence of a name found next to a title is the same person."""
    from pipeline.entity_rules import Candidate

    out = []
    for name in {s[c.start : c.end] for c in people if c.end - c.start >= 2 and not s[c.start : c.end].isascii()}:
        for m in re.finditer(re.escape(name), s):
            out.append(Candidate(m.start(), m.end(), "PERSON", None, None, 0.8, "pattern", 0, 3))
    return out


_EN_NAME_AFTER = re.compile(r" ?[（(] ?([A-Z][a-z]+(?:[ \-][A-Z][a-z]+){1,2}) ?[)）]")


def _english_names(s: str, people: list) -> list:
    """劉熾平 (Martin Lau): the English name in brackets after a person is the same person."""
    from pipeline.entity_rules import Candidate

    out = []
    for c in people:
        m = _EN_NAME_AFTER.match(s, c.end)
        if m:
            out.append(Candidate(m.start(1), m.end(1), "PERSON", c.canonical, None, 0.85, c.source, 0, 3))
    return out


def _first_year(s: str) -> int | None:
    """The report's year: the first full date in the text."""
    from pipeline.numbers import parse_date

    for m in _FULL_DATE.finditer(s[:20000]):
        v = parse_date(m.group())
        if v and "iso" in v:
            return int(v["iso"][:4])
    return None
