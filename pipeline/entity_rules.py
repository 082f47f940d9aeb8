"""Candidate entities of the ``entities`` stage: gazetteer names and patterns over characters.

Every finder reads a *Simplified shadow* of the text (``shadow()``: OpenCC ``t2s`` character by
character, so offsets are the text's own) and returns :class:`Candidate` character spans.
Working on one script makes Traditional and Simplified reports give the same spans, labels
and canonical ids; the tables in ``corpora/lexicons/entity_patterns.yaml`` are written once,
in Simplified. ``pipeline/stages/entities.py`` resolves overlaps and builds the spaCy ``Doc``.

Finders, and what they return:

- ``GazetteerMatcher``: every strong name of ``corpora/gazetteers`` (both scripts, Latin
  case-insensitive, Latin names only at word boundaries) → ORG/PRODUCT/PERSON/METRIC/GPE/EVENT
  with the record id as ``canonical``; product families with ``version_prefixes`` also match
  versioned names (Qwen3-VL-235B-A22B, GPT-5-Chat, Claude Opus4) as a whole.
- ``PatternFinder``: financial METRICs, titled PERSON names, ORG by suffix, EVENT words,
  unknown PRODUCT and METRIC shapes.
- ``pipeline.entity_values.ValueFinder``: MONEY, PERCENT, DATE, TICKER and QUANTITY.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.chinese_script import convert
from pipeline.gazetteer import Gazetteer, Record
from pipeline.resources import data_path

LABELS = {
    "company": "ORG",
    "product": "PRODUCT",
    "person": "PERSON",
    "metric": "METRIC",
    "place": "GPE",
    "event": "EVENT",
}
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
CN_NUM = r"[零〇一二两三四五六七八九十百千万亿]+"


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    canonical: str | None = None
    value: dict[str, Any] | None = None
    confidence: float = 1.0
    source: str = "pattern"
    tier: int = 0  # 0: gazetteer and value patterns; 1: fills gaps only (suffix ORG, shapes)
    rank: int = 0  # among equal lengths, lower wins
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _word_continues(s: str, j: int) -> bool:
    """Whether a Latin word goes on at ``j`` (GPT in GPT5 or in GPT-5-Chat, Crosby in crosby.com)."""
    if _is_latin(s[j]):
        return True
    return s[j] in "-." and j + 1 < len(s) and _is_latin(s[j + 1])


# jieba part-of-speech tags of words that never start a company name.
_NOT_NAME_POS = {
    "v",
    "vn",
    "vd",
    "a",
    "ad",
    "an",
    "d",
    "p",
    "c",
    "r",
    "m",
    "mq",
    "q",
    "u",
    "f",
    "t",
    "l",
    "i",
    "y",
    "e",
    "o",
}
_GENERIC_TAIL = re.compile(r"(测试|排行榜|排名|榜单|大模型|模型|基准测试|基准|评测|系列)$")
_EMAIL_URL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+")


def email_url_spans(s: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses and URLs: no entity starts inside them."""
    return [m.span() for m in _EMAIL_URL.finditer(s)]


@lru_cache(maxsize=1 << 14)
def _char_t2s(ch: str) -> str:
    out = convert(ch, "t2s")
    return out if len(out) == 1 else ch


def shadow(text: str) -> str:
    """The text in Simplified characters, one character for one (offsets unchanged)."""
    return "".join(_char_t2s(c) if c >= "\u3400" else c for c in text)


def simplified(word: str) -> str:
    return shadow(word) if not word.isascii() else word


@lru_cache(maxsize=4)
def load_patterns(path: str | None = None) -> dict[str, Any]:
    import yaml

    p = path or str(data_path("corpora", "lexicons", "entity_patterns.yaml"))
    with open(p, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _alt(words, *, escape: bool = True) -> str:
    ws = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in ws)


# -- the gazetteer ----------------------------------------------------------------------------
class GazetteerMatcher:
    """Longest-match lookup of every gazetteer name in a shadow text (a character trie)."""

    def __init__(self, gz: Gazetteer, patterns: dict[str, Any] | None = None) -> None:
        pat = patterns or load_patterns()
        self.gz = gz
        self.trie: dict[str, Any] = {}
        self.latin_names: dict[str, tuple[str, Record]] = {}  # lower name → (name, record)
        for kind in LABELS:
            for name, rec in gz.names(kind):
                key = simplified(name).lower()
                if len(key) < 2:
                    continue
                node = self.trie
                for ch in key:
                    node = node.setdefault(ch, {})
                # "SWE-bench Verified测试", "Qwen大模型": the entity is the Latin name only.
                trim = _GENERIC_TAIL.search(key) if re.search(r"[A-Za-z0-9)]", key) else None
                keep = trim.start() if trim and trim.start() > 0 and key[trim.start() - 1].isascii() else len(key)
                node.setdefault("\0", (name, rec, keep))
                if name.isascii():
                    self.latin_names.setdefault(key, (name, rec))
        strong = {simplified(n).lower() for n, _ in gz.names()}
        self.weak: dict[str, Record] = {}
        for name, rec in gz.names(weak=True):
            key = simplified(name).lower()
            if key not in strong and len(key) >= 2 and gz.is_weak(name, rec):
                self.weak.setdefault(key, rec)
        self.weak_re = (
            re.compile(rf"(?<![A-Za-z0-9_])(?:{_alt(self.weak)})(?![A-Za-z0-9_])", re.I) if self.weak else None
        )
        self.weak_line = re.compile(pat["weak_alias_context"], re.M)
        self.org_suffix = re.compile(
            rf"\s?(?:[（(]\s?\d{{3,6}}|(?:{_alt(simplified(x) for x in pat['company_suffixes_zh'])}))"
        )
        prefixes: dict[str, Record] = {}
        for rec in gz.records("product"):
            for p in rec.version_prefixes:
                prefixes.setdefault(p.strip(), rec)
        self.prefixes = prefixes
        tails = _alt(pat["product_tail_words"])
        body = r"(?:[\-_ ]?[A-Za-z]{0,12}\d+(?:\.\d+)*[A-Za-z]{0,4}(?![A-Za-z])|-[A-Z][A-Za-z]+\d*)"
        more = rf"(?:-[A-Za-z0-9]+(?:\.\d+)*|\s(?:{tails})(?:\s?\d+(?:\.\d+)*)?(?![A-Za-z]))*"
        self.version_re = re.compile(
            rf"(?<![A-Za-z0-9_\-])(?P<prefix>{_alt(prefixes)})(?P<body>{body}{more}|(?<=-)[A-Za-z0-9]+(?:\.\d+)*{more})(?![A-Za-z0-9_])"
        )

    def find(self, s: str) -> list[Candidate]:
        low = s.lower()
        n = len(s)
        out: list[Candidate] = []
        for i in range(n):
            node = self.trie.get(low[i])
            if node is None:
                continue
            if (
                _is_latin(s[i])
                and i > 0
                and (_is_latin(s[i - 1]) or (s[i - 1] in "-." and i > 1 and _is_latin(s[i - 2])))
            ):
                continue
            best = None
            j = i
            while node is not None:
                if "\0" in node and (not _is_latin(s[j]) or j + 1 >= n or not _word_continues(s, j + 1)):
                    best = (j + 1, node["\0"])
                j += 1
                if j >= n:
                    break
                node = node.get(low[j])
            # Every terminal, longest first (a shorter one survives if the longer overlaps badly).
            if best is None:
                continue
            end, (name, rec, keep) = best
            end = i + min(keep, end - i)
            out.append(Candidate(i, end, LABELS[rec.kind], rec.id, None, 1.0, "gazetteer", 0, 0))
        if self.weak_re is not None:
            for m in self.weak_re.finditer(s):
                rec = self.weak.get(m.group().lower())
                if rec is None:
                    continue
                line_start = s.rfind("\n", 0, m.start()) + 1
                if self.weak_line.match(s, line_start) or self.org_suffix.match(s, m.end()):
                    out.append(Candidate(m.start(), m.end(), LABELS[rec.kind], rec.id, None, 0.8, "gazetteer", 0, 1))
        for m in self.version_re.finditer(s):
            rec = self.prefixes.get(m.group("prefix"))
            if rec is None:
                continue
            name = m.group().rstrip(" .-")
            end = m.start() + len(name)
            value = {"family": rec.id, "name": name}
            out.append(Candidate(m.start(), end, "PRODUCT", rec.id, value, 1.0, "gazetteer", 0, 0))
        return out


# -- patterns -----------------------------------------------------------------------------------
class PatternFinder:
    """METRIC, PERSON, ORG, EVENT and PRODUCT by pattern (values: ``pipeline.entity_values``)."""

    def __init__(self, patterns: dict[str, Any]) -> None:
        p = patterns
        self.p = p
        fm = {simplified(k): v for k, v in p["financial_metrics"].items()}
        self.fin_metrics = fm
        self.fin_re = re.compile(rf"(?<![A-Za-z])(?:{_alt(fm)})(?![A-Za-z])")
        self.surnames = set(simplified(p["surnames"]))
        self.compound = {simplified(x) for x in p["compound_surnames"]}
        self.stop_chars = set(simplified(p["name_stop_chars"]))
        titles = [simplified(t) for t in p["titles_before_name"]]
        self.title_before = re.compile(rf"(?:{_alt(titles)})\s?(?=[{HAN}])")
        self.title_after = re.compile(rf"(?:{_alt(simplified(t) for t in p['titles_after_name'])})")
        self.analyst_line = re.compile(
            rf"(?m)^\s*(?P<zh>[{HAN}]{{2,4}})\s?(?P<en>[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{1,2}})\s+[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
        )
        self.org_suffix_zh = re.compile(_alt(simplified(x) for x in p["company_suffixes_zh"]))
        self.corporate_suffixes = {simplified(x) for x in p["company_suffixes_corporate"]}
        self.pos: dict[str, str] = {}  # word → jieba part of speech (filled by the stage)
        self.org_full = re.compile(r"(?:股份)?有限公司|\s?[（(](?:香港|中国|集团)[)）]有限公司")
        self.org_stop = {simplified(x) for x in p["org_prefix_stopwords"]}
        self.org_generic_next = re.compile(_alt(simplified(x) for x in p["org_generic_followers"]))
        en_suf = _alt(x.rstrip(".") for x in p["company_suffixes_en"])
        self.org_en = re.compile(rf"(?<![A-Za-z])(?:[A-Z][A-Za-z&'\-]+\s){{1,3}}(?:{en_suf})\.?(?![A-Za-z])")
        self.org_en_stop = set(p["org_en_stopwords"])
        self.event_re = re.compile(_alt(simplified(x) for x in p["event_words"]))
        self.bracket_re = re.compile(rf"《([^《》\n]{{1,{int(p['title_bracket_max'])}}})》")
        self.bracket_not = re.compile(_alt(simplified(x) for x in p["title_bracket_not_product"]))
        self.places: set[str] = set()
        self.product_shape = re.compile(p["product_shape"])
        self.product_stop = [re.compile(x) for x in p["product_shape_stop"]]
        self.metric_shape = re.compile(p["metric_shape"])

    def metric_candidates(self, s: str) -> list[Candidate]:
        out = []
        for m in self.fin_re.finditer(s):
            out.append(
                Candidate(
                    m.start(),
                    m.end(),
                    "METRIC",
                    None,
                    {"en": self.fin_metrics[m.group()], "kind": "financial"},
                    0.9,
                    "pattern",
                    0,
                    1,
                )
            )
        for m in self.metric_shape.finditer(s):
            out.append(Candidate(m.start(), m.end(), "METRIC", None, {"kind": "benchmark"}, 0.7, "pattern", 1, 1))
        return out

    # -- names --------------------------------------------------------------------------------
    def _name_at(self, s: str, i: int, tokens_at: dict[int, int]) -> int | None:
        """End of a Chinese personal name starting at ``i`` (surname + 1–2 characters)."""
        n = len(s)
        sur = 2 if s[i : i + 2] in self.compound else (1 if s[i : i + 1] in self.surnames else 0)
        if not sur:
            return None
        j = i + sur
        given = 0
        while j < n and given < 2 and re.match(rf"[{HAN}]", s[j]) and s[j] not in self.stop_chars:
            given += 1
            j += 1
        if given == 0:
            return None
        # jieba's HMM often segments a name as one token: trust it when it fits.
        tok_end = tokens_at.get(i)
        if tok_end is not None and i + sur < tok_end <= i + sur + 2 and tok_end <= j:
            return tok_end
        if given == 2 and self.title_after.match(s, j - 1):
            return j - 1  # 吴泳铭表示 vs 周靖人接连: the third character starts the verb
        return j

    def person_candidates(self, s: str, tokens_at: dict[int, int]) -> list[Candidate]:
        out = []
        for m in self.title_before.finditer(s):
            i = m.end()
            if s[i : i + 1] in self.stop_chars:
                continue  # 董事和员工: 和 is a conjunction here, not the surname
            end = self._name_at(s, i, tokens_at)
            if end:
                out.append(Candidate(i, end, "PERSON", None, None, 0.85, "pattern", 0, 2))
        for m in self.analyst_line.finditer(s):
            zh = m.group("zh")
            a = m.start("zh")
            end = self._name_at(s, a, tokens_at) if zh[0] in self.surnames or zh[:2] in self.compound else None
            if end:
                out.append(Candidate(a, end, "PERSON", None, None, 0.9, "pattern", 0, 2))
            out.append(Candidate(m.start("en"), m.end("en"), "PERSON", None, None, 0.9, "pattern", 0, 2))
        return out

    def org_candidates(self, s: str, tokens: list[tuple[int, int]]) -> list[Candidate]:
        """ORG by suffix: the jieba word(s) right before 集团/证券/银行 … (or one word ending so)."""
        out = []
        ends = {e: k for k, (b, e) in enumerate(tokens)}
        starts = {b: k for k, (b, e) in enumerate(tokens)}
        token_starts = [tb for tb, _ in tokens]
        for m in self.org_suffix_zh.finditer(s):
            a, b = m.span()
            suffix = m.group()
            k = ends.get(a)
            start = None
            prefix_ok = False
            if k is not None:
                pb, pe = tokens[k]
                word = s[pb:pe]
                if 2 <= len(word) <= 4 and re.fullmatch(rf"[{HAN}]+", word) and word not in self.org_stop:
                    start, prefix_ok = pb, self._prefix_ok(word, suffix)
            elif a not in starts:
                # jieba kept prefix and suffix in one word (海景证券, 中国证券业协会): take that word.
                k2 = bisect_right(token_starts, a) - 1  # the word that holds the suffix's start
                for tb, te in tokens[max(k2, 0) : k2 + 1]:
                    if tb < a < te and te == b and 2 <= a - tb <= 6 and s[tb:a] not in self.org_stop:
                        whole = self.pos.get(s[tb:te])  # 生物科技 is a dictionary noun, 中国证券业协会 a name (nt)
                        start = tb
                        prefix_ok = (
                            whole is None
                            or whole in ("nt", "nz", "nr", "ns")
                            or (whole not in _NOT_NAME_POS and suffix in self.corporate_suffixes)
                        )
                        break
            if start is not None and k is not None and k >= 1:
                qb, qe = tokens[k - 1]
                if qe == start and s[qb:qe] in self.places and self.pos.get(s[start:a], "") not in _NOT_NAME_POS:
                    # 中国证券业协会, 深圳地铁集团: a place before the prefix makes a name of a common noun
                    start, prefix_ok = qb, True
            if not prefix_ok:
                continue
            if start is None or (
                b < len(s) and re.match(rf"[{HAN}]", s[b]) and not self.org_full.match(s, b) and b not in starts
            ):
                continue
            fm = self.org_full.match(s, b)
            end = fm.end() if fm else b
            if not fm and self.org_generic_next.match(s, end):
                continue  # 特专科技公司, 生物科技企业: the suffix word names a kind of company
            out.append(Candidate(start, end, "ORG", None, None, 0.7, "pattern", 1, 1))
        for m in self.org_en.finditer(s):
            words = m.group().split()
            while words and words[0] in self.org_en_stop:
                words.pop(0)
            if len(words) < 2 or len(words[0]) < 3 or words[0] in self.org_en_stop:
                continue
            text = " ".join(words)
            start = m.end() - len(text)
            if s[start : m.end()] == text:
                out.append(Candidate(start, m.end(), "ORG", None, None, 0.7, "pattern", 1, 1))
        return out

    def event_candidates(self, s: str) -> list[Candidate]:
        return [
            Candidate(m.start(), m.end(), "EVENT", None, None, 0.8, "pattern", 0, 2) for m in self.event_re.finditer(s)
        ]

    def _prefix_ok(self, word: str, suffix: str) -> bool:
        """Whether ``word`` can name a company with ``suffix`` (by its jieba part of speech).

        Verbs, adjectives, numerals and function words never do (维护银行, 健康保险, 一级资本);
        a common noun does only before a corporate suffix (海景证券, 石药集团), not before a
        sector word (生物科技, 人身保险, 代表性银行).
        """
        tag = self.pos.get(word)
        if tag is None:
            return True  # not a dictionary word: a brand (拓荆, 世茂, 华住)
        if tag in _NOT_NAME_POS:
            return False
        if tag.startswith("n") and tag not in ("n", "ng"):
            return True  # nr, ns, nt, nz: names
        return suffix in self.corporate_suffixes

    def product_candidates(self, s: str) -> list[Candidate]:
        out = []
        for m in self.bracket_re.finditer(s):  # 《三角洲行动》
            name = m.group(1).strip()
            if name and not self.bracket_not.search(name):
                out.append(
                    Candidate(m.start(1), m.start(1) + len(name), "PRODUCT", None, {"name": name}, 0.6, "pattern", 1, 3)
                )
        for m in self.product_shape.finditer(s):
            text = m.group()
            if any(p.match(text) for p in self.product_stop) or text.upper() == text and len(text) <= 4:
                continue
            out.append(Candidate(m.start(), m.end(), "PRODUCT", None, {"name": text}, 0.7, "pattern", 1, 2))
        return out
