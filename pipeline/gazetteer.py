"""The gazetteer: known companies, products, people, metrics, places and events.

Reads ``corpora/gazetteers/*.yaml`` (one file per kind; each a YAML list of entries with
``id``, ``en``, ``en_short``, ``zh_hans``, ``zh_hant``, ``aliases``, ``weak_aliases``,
``tickers`` and kind-specific keys such as ``parent``, ``owner``, ``version_prefixes``,
``roles``, ``email_domains``, ``type``/``kind``) and indexes every name in both scripts:
each Chinese name is added as written and as OpenCC ``s2t``/``s2hk``/``t2s`` makes it, so
阿里雲, 阿里云 and Alibaba Cloud find the same record whatever script the report uses.
Latin names are matched case-insensitively; a *loose* key (no spaces, hyphens or dots)
also catches ``Claude Opus4`` for ``Claude Opus 4``.

    gz = Gazetteer.load()
    gz.lookup("輝達").id          # 'nvidia'
    gz.by_ticker("9988 HK").en   # 'Alibaba'
    gz.english("alibaba_cloud")  # 'Alibaba Cloud'

Weak aliases (阿里, HK, 通義) are ambiguous on their own: ``lookup`` finds them, but
``names()`` leaves them out unless asked, and ``is_weak`` tells a matcher to want context.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.resources import data_path

# File stem → record kind.
KINDS = {
    "companies": "company",
    "products": "product",
    "people": "person",
    "metrics": "metric",
    "places": "place",
    "events": "event",
}

_LOOSE = re.compile(r"[\s\-_.·・/]+")


@dataclass(frozen=True)
class Record:
    """One gazetteer entry. ``en`` is the English display name (``en_short`` if given)."""

    id: str
    kind: str  # company | product | person | metric | place | event
    en: str | None = None
    en_full: str | None = None
    zh_hans: str | None = None
    zh_hant: str | None = None
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    parent: str | None = None
    owner: str | None = None
    subtype: str | None = None  # the entry's own type/kind: broker, subsidiary, benchmark, index …
    version_prefixes: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    roles: tuple[dict[str, Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def all_names(self) -> tuple[str, ...]:
        """Every strong name as written in the file (English, both scripts, aliases)."""
        names = [self.en, self.en_full, self.zh_hans, self.zh_hant, *self.aliases]
        return tuple(dict.fromkeys(n for n in names if n))


def key(name: str) -> str:
    """The exact lookup key: case-folded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def loose_key(name: str) -> str:
    """A forgiving key: no spaces, hyphens, dots or slashes (Claude Opus4 = Claude-Opus-4)."""
    return _LOOSE.sub("", name).casefold()


def script_variants(name: str) -> list[str]:
    """``name`` and its OpenCC Traditional/HK/Simplified forms (Latin names: just itself)."""
    if name.isascii():
        return [name]
    from pipeline.chinese_script import convert

    out = [name]
    for cfg in ("s2t", "s2hk", "s2tw", "t2s"):
        v = convert(name, cfg)
        if v not in out:
            out.append(v)
    # A Traditional name's Simplified form converted back may differ again (乾/干): add it.
    for v in list(out):
        t = convert(v, "s2hk")
        if t not in out:
            out.append(t)
    return out


def _tuple(v: Any) -> tuple:
    if v is None:
        return ()
    if isinstance(v, (list, tuple)):
        return tuple(x for x in v if x is not None)
    return (v,)


def _str_tuple(v: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in _tuple(v))


class Gazetteer:
    """An index of gazetteer records by id, name (both scripts), ticker and e-mail domain."""

    def __init__(self, records: Iterable[Record]) -> None:
        from pipeline.numbers import to_ticker

        self._by_id: dict[str, Record] = {}
        self._by_key: dict[str, Record] = {}
        self._by_loose: dict[str, Record] = {}
        self._weak: set[tuple[str, str]] = set()  # (key, record id)
        self._by_ticker: dict[str, Record] = {}
        self._by_domain: dict[str, Record] = {}
        self._names: dict[str, list[tuple[str, Record, bool]]] = {}
        for rec in records:
            if rec.id in self._by_id:
                continue  # first definition wins; duplicates are a data error, not fatal
            self._by_id[rec.id] = rec
            seen: set[str] = set()
            for weak, names in ((False, rec.all_names), (True, rec.weak_aliases)):
                for name in names:
                    for variant in script_variants(name):
                        k = key(variant)
                        if not k or k in seen:
                            continue
                        seen.add(k)
                        self._names.setdefault(rec.kind, []).append((variant, rec, weak))
                        if weak:
                            self._weak.add((k, rec.id))
                        # Strong names win over weak ones; among equals, the first file order.
                        old = self._by_key.get(k)
                        if old is None or ((k, old.id) in self._weak and not weak):
                            self._by_key[k] = rec
                        lk = loose_key(variant)
                        if lk and len(lk) >= 3 and not weak:
                            self._by_loose.setdefault(lk, rec)
            for t in rec.tickers:
                canon = to_ticker(t) or t.upper()
                self._by_ticker.setdefault(canon, rec)
            for d in rec.email_domains:
                self._by_domain.setdefault(d.lower().lstrip("@"), rec)

    # -- loading --------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: str | Path | None = None) -> Gazetteer:
        """The gazetteer of ``directory`` (default ``corpora/gazetteers``), cached."""
        d = Path(directory) if directory is not None else data_path("corpora", "gazetteers")
        return _load_cached(str(d.resolve()))

    @classmethod
    def from_directory(cls, directory: Path) -> Gazetteer:
        import yaml

        records: list[Record] = []
        for stem, kind in KINDS.items():
            path = directory / f"{stem}.yaml"
            if not path.exists():
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if isinstance(data, dict):  # tolerate {entries: [...]} as well as a bare list
                data = next((v for v in data.values() if isinstance(v, list)), [])
            for entry in data:
                if isinstance(entry, dict) and entry.get("id"):
                    records.append(record_from_entry(entry, kind))
        return cls(records)

    # -- queries --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, rid: str) -> bool:
        return rid in self._by_id

    def get(self, rid: str | None) -> Record | None:
        return self._by_id.get(rid) if rid else None

    def lookup(self, name: str, *, loose: bool = True) -> Record | None:
        """The record named ``name`` in any script or case; None when unknown."""
        if not name:
            return None
        rec = self._by_key.get(key(name))
        if rec is None and not name.isascii():
            from pipeline.chinese_script import convert

            rec = self._by_key.get(key(convert(name, "t2s")))
        if rec is None and loose:
            lk = loose_key(name)
            rec = self._by_loose.get(lk) if len(lk) >= 3 else None
        return rec

    def is_weak(self, name: str, rec: Record) -> bool:
        """Whether ``name`` is only a weak alias of ``rec`` (needs context to be trusted)."""
        return (key(name), rec.id) in self._weak

    def by_ticker(self, ticker: str) -> Record | None:
        """The company listed as ``ticker`` (any spelling ``to_ticker`` understands)."""
        from pipeline.numbers import to_ticker

        return self._by_ticker.get(to_ticker(ticker) or ticker.strip().upper())

    def english(self, rid: str | None) -> str | None:
        """English display name of record ``rid``."""
        rec = self.get(rid)
        return rec.en if rec else None

    def names(self, kind: str | None = None, *, weak: bool = False) -> Iterator[tuple[str, Record]]:
        """``(name, record)`` for every indexed name (both scripts) of ``kind`` (all kinds if None)."""
        kinds = [kind] if kind else list(self._names)
        for k in kinds:
            for name, rec, is_weak in self._names.get(k, ()):
                if weak or not is_weak:
                    yield name, rec

    def records(self, kind: str | None = None) -> Iterator[Record]:
        return (r for r in self._by_id.values() if kind is None or r.kind == kind)

    def broker_by_email_domain(self, domain: str) -> Record | None:
        """The broker whose e-mail domain is ``domain`` (``crosby.com`` or ``a@crosby.com``)."""
        d = domain.lower().rsplit("@", 1)[-1].strip()
        while d:
            if d in self._by_domain:
                return self._by_domain[d]
            if "." not in d:
                break
            d = d.split(".", 1)[1]  # research.crosby.com → crosby.com
        return None


def record_from_entry(entry: dict[str, Any], kind: str) -> Record:
    """A :class:`Record` from one YAML entry of a file of ``kind``."""
    known = {
        "id",
        "en",
        "en_short",
        "zh_hans",
        "zh_hant",
        "aliases",
        "weak_aliases",
        "tickers",
        "parent",
        "owner",
        "type",
        "kind",
        "version_prefixes",
        "email_domains",
        "roles",
    }
    en_full = entry.get("en")
    return Record(
        id=str(entry["id"]),
        kind=kind,
        en=entry.get("en_short") or en_full,
        en_full=en_full,
        zh_hans=entry.get("zh_hans"),
        zh_hant=entry.get("zh_hant"),
        aliases=_str_tuple(entry.get("aliases")),
        weak_aliases=_str_tuple(entry.get("weak_aliases")),
        tickers=_str_tuple(entry.get("tickers")),
        parent=entry.get("parent"),
        owner=entry.get("owner"),
        subtype=entry.get("type") or entry.get("kind"),
        version_prefixes=_str_tuple(entry.get("version_prefixes")),
        email_domains=_str_tuple(entry.get("email_domains")),
        roles=tuple(r for r in _tuple(entry.get("roles")) if isinstance(r, dict)),
        extra={k: v for k, v in entry.items() if k not in known},
    )


@lru_cache(maxsize=8)
def _load_cached(directory: str) -> Gazetteer:
    return Gazetteer.from_directory(Path(directory))
