"""Report metadata: title, broker, date, company and tickers, rating, prices, analysts.

Assigns ``meta`` (the fields of :class:`pipeline.document.Meta` plus ``company_ids``,
``broker_id``, ``analysts_en``, ``rating_previous`` and ``evidence``: for each field the
span it was read from, so the summary header can be traced like every claim).

Where each field comes from, in order of preference:

- ``title``: the line after ``[Table_Summary]``, else the heading after the
  ``公司 (9988 HK)`` line.
- ``companies``/``tickers``: the ``公司 (ticker)`` heading (``700 HK`` → ``0700.HK``);
  ``company_ids`` from the gazetteer by ticker or name.
- ``broker``: a header line naming a broker (``东海岸证券``), the ``来源: …, <Broker>``
  lines, the disclaimer (``本报告由…有限公司``), then the analysts' e-mail domain through
  the gazetteer (``crosby.com`` → Crosby Securities).
- ``date``: the first date in the header (``26 September 2025``, ``2025年10月24日``).
- ``rating``: a ``评级``/``投资评级`` field (``增持（维持）``), else the prose
  (``维持「买入」评级``); ``前次评级 未评级`` with target ``N/A`` → ``not_rated``. Raw terms map
  through ``corpora/lexicons/ratings.yaml``.
- ``price``/``target_price``: key-data rows (``当前股价（港元）* TAB 512.00``, ``目标价：451.50元``).
- ``analysts``: names next to e-mails or after ``分析师`` (contacts, ``联系人``, are not analysts).

Text fields are returned as printed in ``text.original`` (the source script), which is
what analysts search for and what the gold files hold.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from pipeline.claims.base import TICKER_LINE, canonical_ticker, gazetteer, simplified
from pipeline.document import Document, Price, Rating
from pipeline.registry import StageOptions, register_stage
from pipeline.resources import data_path

MONTHS = {
    m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
}
_EN_DATE = re.compile(
    r"\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*,?\s+(20\d{2})\b", re.I
)
_ZH_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(?<!\d)(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CUR = {
    "港元": "HKD",
    "港币": "HKD",
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "HK$": "HKD",
    "RMB": "CNY",
    "US$": "USD",
}
_PRICE = re.compile(
    rf"^[*\s]*(?P<label>当前股价|当前价|现价|收盘价|最新股价|股价|目标价格?|前次目标价)\s*(?:[（(](?P<cur>港元|元|人民币|美元)[)）])?\s*\*?\s*[:：\t]\s*(?P<val>{_NUM}|N/?A|-)\s*(?P<cur2>港元|元|美元)?"
)
_RATING_FIELD = re.compile(
    r"^[*\s]*(?P<label>投资评级|股票评级|公司评级|评级|前次评级|Rating)\s*[:：\t]\s*(?P<raw>[^\t]+?)\s*$"
)
_BROKER_LINE = re.compile(r"^[\u4e00-\u9fffA-Za-z ]{2,20}(证券|研究所|国际|Securities|Research)$")
_SOURCE_LINE = re.compile(r"^(?:资料来源|数据来源|来源|Source)\s*[:：]\s*(?P<items>.+)$")
_DISCLAIMER = re.compile(r"本报告(?:由|仅供)(?P<name>[\u4e00-\u9fff]{2,12}?)(?:股份)?有限公司")
_EMAIL = re.compile(r"[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_ANALYST_EMAIL = re.compile(
    r"^(?P<name>[\u4e00-\u9fff]{2,4})\s*(?P<en>[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+){0,3})?\s*[\w.+-]+@"
)
_ANALYST_LABEL = re.compile(r"^(?:分析师|研究员|证券分析师)\s*[:：]?\s*(?P<name>[\u4e00-\u9fff]{2,4})\s*$")


class MetaOptions(StageOptions):
    header_lines: int = 15  # how many lines from the top count as the report header


@lru_cache(maxsize=1)
def rating_lexicon() -> tuple[dict[str, str], dict[str, str]]:
    """(raw rating → normalized, action word → action) from ``ratings.yaml``, Simplified keys."""
    import yaml

    ratings: dict[str, str] = {}
    actions: dict[str, str] = {}
    path = data_path("corpora", "lexicons", "ratings.yaml")
    data: dict[str, Any] = {}
    if path.exists():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for norm, words in (data.get("ratings") or {}).items():
        for w in words or []:
            ratings.setdefault(simplified(str(w)).casefold(), norm)
    for action, words in (data.get("actions") or {}).items():
        for w in words or []:
            actions.setdefault(simplified(str(w)).casefold(), "maintain" if action == "reiterate" else action)
    # The minimum needed when the lexicon is absent (a stripped-down install).
    for w, n in {
        "买入": "buy",
        "增持": "overweight",
        "中性": "neutral",
        "持有": "neutral",
        "减持": "underweight",
        "卖出": "sell",
        "未评级": "not_rated",
    }.items():
        ratings.setdefault(w, n)
    for w, a in {"维持": "maintain", "首次": "initiate", "上调": "upgrade", "下调": "downgrade"}.items():
        actions.setdefault(w, a)
    return ratings, actions


def normalize_rating(raw: str) -> tuple[str | None, str | None]:
    """``增持（维持）`` → ("overweight", "maintain"); unknown → (None, None)."""
    ratings, actions = rating_lexicon()
    s = simplified(raw).strip().strip("「」“”\"'")
    inner = re.search(r"[（(]([^)）]+)[)）]", s)
    head = re.sub(r"[（(][^)）]*[)）]", "", s).strip()
    norm = ratings.get(head.casefold())
    if norm is None:
        norm = next(
            (n for w, n in sorted(ratings.items(), key=lambda kv: -len(kv[0])) if len(w) > 1 and w in head.casefold()),
            None,
        )
    action = actions.get(inner.group(1).strip().casefold()) if inner else None
    return norm, action


def _iso(m: re.Match[str], kind: str) -> str | None:
    try:
        if kind == "en":
            d, mon, y = int(m.group(1)), MONTHS[m.group(2)[:3].casefold()], int(m.group(3))
        else:
            y, mon, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mon <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mon:02d}-{d:02d}"
    except (KeyError, ValueError):
        return None
    return None


@register_stage("meta", requires={"entities"}, assigns={"meta"}, options=MetaOptions)
class MetaStage:
    """Title, broker, date, company/tickers, rating, price/target and analysts into ``meta``."""

    def __init__(self, options: MetaOptions | None = None) -> None:
        self.options = options or MetaOptions()

    def __call__(self, doc: Document) -> Document:
        reader = _Reader(doc, self.options)
        reader.run()
        return doc


class _Reader:
    def __init__(self, doc: Document, options: MetaOptions) -> None:
        self.doc = doc
        self.opts = options
        self.view = simplified(doc.text.normalized)
        self.lines: list[tuple[int, int, str]] = []  # (start, end, Simplified text) of non-empty lines
        pos = 0
        for raw in self.view.split("\n"):
            stripped = raw.strip().lstrip("#").strip()
            if stripped:
                lead = raw.find(stripped[:1]) if stripped else 0
                self.lines.append((pos + lead, pos + lead + len(stripped), stripped))
            pos += len(raw) + 1
        self.evidence: dict[str, dict[str, Any]] = {}

    # -- helpers ------------------------------------------------------------------------------
    def orig(self, start: int, end: int) -> str:
        os_, oe = self.doc.offsets.to_orig(start, end)
        return self.doc.text.original[os_:oe].strip().lstrip("#").strip()

    def cite(self, field: str, start: int, end: int) -> None:
        self.evidence[field] = {
            **self.doc.span(start, end),
            "page": self.doc.page_at(start),
            "sentence": self.doc.sentence_at(start),
        }

    def run(self) -> None:
        meta = self.doc.meta
        self.company()
        self.title()
        self.date()
        self.broker()
        self.prices()
        self.rating()
        self.analysts()
        meta.evidence = self.evidence  # type: ignore[attr-defined]

    # -- fields -------------------------------------------------------------------------------
    def company(self) -> None:
        meta = self.doc.meta
        for start, _end, text in self.lines[:40]:
            m = TICKER_LINE.match(text)
            if not m or not re.search(r"[\u4e00-\u9fffA-Za-z]", m.group("name")):
                continue
            ticker = canonical_ticker(m.group("code"))
            name = self.orig(start + m.start("name"), start + m.end("name")).strip()
            meta.companies = [name]
            meta.tickers = [ticker] if ticker else []
            gz = gazetteer()
            rec = (gz.by_ticker(ticker) if gz and ticker else None) or (gz.lookup(m.group("name")) if gz else None)
            meta.company_ids = [rec.id] if rec else []  # type: ignore[attr-defined]
            self.cite("companies", start, start + len(text))
            self.ticker_line: int | None = start
            if m.group("title"):
                self.doc.meta.title = self.orig(start + m.start("title"), start + m.end("title")).strip()
                self.cite("title", start + m.start("title"), start + m.end("title"))
            return
        self.ticker_line = None
        self._main_company_by_mentions()

    def _main_company_by_mentions(self) -> None:
        """Without a ``公司 (代码)`` line, the company a note is about is the one it names most.

        Only a clear winner counts (≥ 3 mentions and 1.5× the next company); its tickers are
        not added, because a ticker the text does not print is not evidence.
        """
        counts: Counter[str] = Counter()
        first: dict[str, Any] = {}
        for e in self.doc.entities:
            if e.label == "ORG" and e.canonical:
                counts[e.canonical] += 1
                first.setdefault(e.canonical, e)
        ranked = counts.most_common(2)
        if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]):
            return
        cid, _ = ranked[0]
        e = first[cid]
        self.doc.meta.companies = [self.doc.text.original[e.orig_start : e.orig_end]]
        self.doc.meta.company_ids = [cid]  # type: ignore[attr-defined]
        self.cite("companies", e.start, e.end)

    def title(self) -> None:
        if self.doc.meta.title:  # read from the 公司（代码）：标题 line
            return
        idx = next((k for k, (_, _, t) in enumerate(self.lines) if t == "[Table_Summary]"), None)
        if idx is None and self.ticker_line is not None:
            idx = next(k for k, (s, _, _) in enumerate(self.lines) if s == self.ticker_line)
        if idx is None:
            return
        for start, end, text in self.lines[idx + 1 : idx + 4]:
            if text.startswith("[") or _RATING_FIELD.match(text) or _PRICE.match(text):
                continue
            self.doc.meta.title = self.orig(start, end)
            self.cite("title", start, end)
            return

    def date(self) -> None:
        for start, _end, text in self.lines[: self.opts.header_lines]:
            for pat, kind in ((_EN_DATE, "en"), (_ZH_DATE, "zh"), (_ISO_DATE, "iso")):
                m = pat.search(text)
                if m and len(text) <= 30:
                    iso = _iso(m, kind)
                    if iso:
                        self.doc.meta.date = iso
                        self.cite("date", start + m.start(), start + m.end())
                        return

    def broker(self) -> None:
        meta = self.doc.meta
        gz = gazetteer()
        found: tuple[int, int] | None = None
        for start, end, text in self.lines[: self.opts.header_lines]:
            if _BROKER_LINE.match(text) and not _ZH_DATE.search(text) and "研究报告" not in text:
                found = (start, end)
                break
        if found is None:
            votes: Counter[tuple[int, int]] = Counter()
            by_text: dict[str, tuple[int, int]] = {}
            for start, _end, text in self.lines:
                m = _SOURCE_LINE.match(text)
                if not m:
                    continue
                items = re.split(r"[，,、]", m.group("items"))
                last = items[-1]
                clean = re.sub(r"(研究所)?(预测|估计|整理)?\s*[（(].*$|(研究所)?(预测|估计|整理)$", "", last).strip()
                if not clean or clean in ("公司资料", "公司公告", "Bloomberg", "Wind", "彭博"):
                    continue
                off = start + m.start("items") + len(m.group("items")) - len(last) + (len(last) - len(last.lstrip()))
                by_text.setdefault(clean, (off, off + len(clean)))
                votes[by_text[clean]] += 1
            if votes:
                found = votes.most_common(1)[0][0]
        if found is None:
            for start, _end, text in self.lines:
                m = _DISCLAIMER.search(text)
                if m:
                    found = (start + m.start("name"), start + m.end("name"))
                    break
        if found is not None:
            meta.broker = self.orig(*found)
            self.cite("broker", *found)
            rec = gz.lookup(self.view[found[0] : found[1]]) if gz else None
            if rec is not None:
                meta.broker_id = rec.id  # type: ignore[attr-defined]
            return
        if gz is not None:
            for m in _EMAIL.finditer(self.view):
                rec = gz.broker_by_email_domain(m.group("domain").lower())
                if rec is not None:
                    meta.broker = rec.en
                    meta.broker_id = rec.id  # type: ignore[attr-defined]
                    self.cite("broker", m.start("domain"), m.end("domain"))
                    return

    def prices(self) -> None:
        meta = self.doc.meta
        default = "HKD" if any(t.endswith(".HK") for t in meta.tickers) else "CNY"
        for start, _end, text in self.lines:
            m = _PRICE.match(text)
            if not m:
                continue
            label = m.group("label")
            field = (
                "target_price"
                if label.startswith("目标价")
                else "previous_target_price"
                if label == "前次目标价"
                else "price"
            )
            if getattr(meta, field, None) is not None or field in self.evidence:
                continue
            val = m.group("val")
            self.cite(field, start, start + m.end("val"))
            if not re.match(r"\d", val):
                continue  # N/A: the field was looked for and is not given
            cur = _CUR.get(m.group("cur") or m.group("cur2") or "", default)
            price = Price(value=float(val.replace(",", "")), currency=cur)
            if field == "previous_target_price":
                meta.previous_target_price = price.model_dump()  # type: ignore[attr-defined]
            else:
                setattr(meta, field, price)

    def rating(self) -> None:
        meta = self.doc.meta
        current = previous = None
        for start, _end, text in self.lines:
            m = _RATING_FIELD.match(text)
            if not m:
                continue
            norm, action = normalize_rating(m.group("raw"))
            if norm is None:
                continue
            item = (
                self.orig(start + m.start("raw"), start + m.end("raw")),
                norm,
                action,
                (start, start + m.end("raw")),
            )
            if m.group("label") == "前次评级":
                previous = previous or item
            else:
                current = current or item
        action_stmt = self._rating_statement()
        if current is None and action_stmt is not None:
            current = action_stmt
        if current is None and previous is not None and previous[1] == "not_rated" and meta.target_price is None:
            current = previous
        if previous is not None:
            meta.rating_previous = previous[1]  # type: ignore[attr-defined]
        if current is None:
            return
        raw, norm, action, span = current
        if action is None and action_stmt is not None and action_stmt[1] == norm:
            action = action_stmt[2]
        meta.rating = Rating(normalized=norm, raw=raw, action=action)  # type: ignore[arg-type]  # lexicon values
        self.cite("rating", *span)

    def _rating_statement(self) -> tuple[str, str, str | None, tuple[int, int]] | None:
        """``维持「买入」评级`` / ``首次覆盖给予“增持”评级`` in the prose or the title."""
        _, actions = rating_lexicon()
        alt = "|".join(sorted(map(re.escape, actions), key=len, reverse=True))
        pat = re.compile(rf"(?P<action>{alt})\s*[「“\"]?(?P<raw>[\u4e00-\u9fff]{{2,4}}?)[」”\"]?\s*评级")
        for m in pat.finditer(self.view):
            norm, _ = normalize_rating(m.group("raw"))
            if norm:
                raw = self.orig(m.start("raw"), m.end("raw"))
                return raw, norm, actions.get(m.group("action").casefold()), (m.start(), m.end())
        return None

    def analysts(self) -> None:
        meta = self.doc.meta
        names: list[str] = []
        english: list[str] = []
        contact = False
        for k, (start, _end, text) in enumerate(self.lines):
            if text.startswith("联系人") or text.endswith("联系人"):  # a joined wrap can glue it to the line above
                contact = True
                continue
            nxt = self.lines[k + 1][2] if k + 1 < len(self.lines) else ""
            if (
                re.fullmatch(r"[\u4e00-\u9fff]{2,4}", text)
                and re.match(r"(执业证书编号|证书编号|SAC)", nxt)
                and not contact
            ):
                names.append(self.orig(start, start + len(text)))  # a bare name over its licence number
                continue
            m = _ANALYST_LABEL.match(text)
            if m and not re.search(r"(声明|说明|承诺|披露|保证|资格)$", m.group("name")):
                contact = False
                names.append(self.orig(start + m.start("name"), start + m.end("name")))
                continue
            m = _ANALYST_EMAIL.match(text)
            if m and not contact:
                names.append(self.orig(start + m.start("name"), start + m.end("name")))
                if m.group("en"):
                    english.append(m.group("en"))
                contact = False
        meta.analysts = list(dict.fromkeys(names))
        meta.analysts_en = english  # type: ignore[attr-defined]
