"""Data checks for the gazetteers, the rating lexicon and the finance glossary.

These files are hand-curated, reviewable data (``corpora/gazetteers/*.yaml``,
``corpora/lexicons/ratings.yaml``, ``corpora/glossary/finance_zh_en.tsv``); the tests keep
them loadable, internally consistent and covering the names the seed report mentions.
"""

from __future__ import annotations

import collections
import re
from functools import cache
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")
opencc = pytest.importorskip("opencc")

ROOT = Path(__file__).resolve().parents[1]
GAZ = ROOT / "corpora" / "gazetteers"
RATINGS = ROOT / "corpora" / "lexicons" / "ratings.yaml"
GLOSSARY = ROOT / "corpora" / "glossary" / "finance_zh_en.tsv"

FILES = ["companies", "products", "people", "metrics", "places", "events"]
REQUIRED = {
    "companies": {
        "id",
        "type",
        "en",
        "en_short",
        "zh_hans",
        "zh_hant",
        "aliases",
        "tickers",
        "sector",
        "parent",
        "email_domains",
    },
    "products": {"id", "owner", "en", "aliases", "version_prefixes"},
    "people": {"id", "zh_hans", "zh_hant", "en", "aliases", "roles"},
    "metrics": {"id", "en", "zh_hans", "zh_hant", "aliases", "kind"},
    "places": {"id", "en", "zh_hans", "zh_hant", "aliases"},
    "events": {"id", "en", "zh_hans", "zh_hant", "aliases"},
}
MINIMUM = {"companies": 250, "products": 40, "people": 80, "metrics": 90, "places": 80, "events": 25}
COMPANY_TYPES = {"company", "broker", "data_vendor", "exchange", "regulator", "subsidiary"}
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
TICKER_RE = re.compile(r"^[0-9A-Z.\-]+\.(HK|SH|SZ|BJ|US|KS|T|TW|L|DE|PA|SI)$")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
RATING_CLASSES = {"buy", "overweight", "neutral", "underweight", "sell", "not_rated"}


@cache
def load(stem: str) -> list[dict]:
    data = yaml.safe_load((GAZ / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{stem}.yaml must be a YAML list"
    return data


@cache
def cc(config: str):
    return opencc.OpenCC(f"{config}.json")


def strong_names(e: dict) -> list[str]:
    return [
        n for n in (e.get("en"), e.get("en_short"), e.get("zh_hans"), e.get("zh_hant"), *(e.get("aliases") or [])) if n
    ]


def name_index(stem: str) -> dict[str, set[str]]:
    """casefolded name (and its s2hk / t2s forms) -> ids."""
    idx: dict[str, set[str]] = collections.defaultdict(set)
    for e in load(stem):
        for n in strong_names(e):
            for v in {n, cc("s2hk").convert(n), cc("t2s").convert(n)}:
                idx[v.casefold()].add(e["id"])
    return idx


def company_ids() -> set[str]:
    return {e["id"] for e in load("companies")}


@pytest.mark.parametrize("stem", FILES)
def test_loads_with_unique_ids_and_required_keys(stem):
    entries = load(stem)
    assert len(entries) >= MINIMUM[stem], f"{stem}: {len(entries)} entries < {MINIMUM[stem]}"
    ids = [e.get("id") for e in entries]
    dupes = [i for i, n in collections.Counter(ids).items() if n > 1]
    assert not dupes, f"{stem}: duplicate ids {dupes}"
    for e in entries:
        assert ID_RE.match(str(e.get("id"))), f"{stem}: bad id {e.get('id')!r}"
        missing = REQUIRED[stem] - set(e)
        assert not missing, f"{stem}:{e['id']} missing {sorted(missing)}"
        assert isinstance(e["aliases"], list), f"{stem}:{e['id']} aliases must be a list"
        assert isinstance(e.get("weak_aliases", []), list), f"{stem}:{e['id']} weak_aliases must be a list"


@pytest.mark.parametrize("stem", FILES)
def test_no_alias_shorter_than_two_characters(stem):
    bad = [(e["id"], a) for e in load(stem) for a in e["aliases"] if not isinstance(a, str) or len(a.strip()) < 2]
    assert not bad, f"{stem}: aliases shorter than 2 characters (move to weak_aliases or drop): {bad}"
    single = [(e["id"], a) for e in load(stem) for a in e.get("weak_aliases") or [] if len(a.strip()) < 2]
    assert not single, f"{stem}: single-character weak aliases are not allowed: {single}"


@pytest.mark.parametrize("stem", FILES)
def test_zh_hant_matches_opencc_or_is_listed(stem):
    bad = []
    for e in load(stem):
        hans, hant = e.get("zh_hans"), e.get("zh_hant")
        if hans is None and hant is None:
            continue  # e.g. a benchmark with no established Chinese name
        assert hans and hant, f"{stem}:{e['id']} has only one of zh_hans/zh_hant"
        conversions = {cc("s2hk").convert(hans), cc("s2t").convert(hans)}
        if hant in conversions:
            continue
        # a differing HK rendering is fine if it is a Traditional form of the same name
        # family and the OpenCC form is listed in aliases (輝達 vs 英偉達)
        if cc("t2s").convert(hant) != hant and conversions & set(e["aliases"]):
            continue
        bad.append((e["id"], hans, hant, sorted(conversions)))
    assert not bad, f"{stem}: zh_hant is neither the OpenCC form nor covered by aliases: {bad}"


def test_company_types_tickers_and_domains():
    for e in load("companies"):
        assert e["type"] in COMPANY_TYPES, f"{e['id']}: type {e['type']!r}"
        for t in e["tickers"]:
            assert TICKER_RE.match(t), f"{e['id']}: ticker {t!r} is not CODE.EXCHANGE"
            if t.endswith(".HK"):
                assert re.fullmatch(r"\d{4}\.HK", t), f"{e['id']}: HK code {t!r} must be 4 digits"
            if t.endswith((".SH", ".SZ")):
                assert re.fullmatch(r"\d{6}\.(SH|SZ)", t), f"{e['id']}: A-share code {t!r} must be 6 digits"
        for d in e["email_domains"]:
            assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", d), f"{e['id']}: bad e-mail domain {d!r}"
    all_tickers = collections.Counter(t for e in load("companies") for t in e["tickers"])
    assert not [t for t, n in all_tickers.items() if n > 1], "a ticker is listed under two companies"


def test_references_point_to_existing_ids():
    companies = company_ids()
    bad = []
    for e in load("companies"):
        if e["parent"] is not None and e["parent"] not in companies:
            bad.append(("companies", e["id"], "parent", e["parent"]))
        if e["parent"] == e["id"]:
            bad.append(("companies", e["id"], "parent", "self"))
    for e in load("products"):
        if e["owner"] is not None and e["owner"] not in companies:
            bad.append(("products", e["id"], "owner", e["owner"]))
    for e in load("people"):
        assert e["roles"], f"people:{e['id']} has no roles"
        for r in e["roles"]:
            assert r.get("title"), f"people:{e['id']} role without title"
            if r.get("org") is not None and r["org"] not in companies:
                bad.append(("people", e["id"], "roles.org", r["org"]))
    places = {e["id"] for e in load("places")}
    for e in load("places"):
        if e.get("parent") is not None and e["parent"] not in places:
            bad.append(("places", e["id"], "parent", e["parent"]))
    for e in load("events"):
        if e.get("organizer") is not None and e["organizer"] not in companies:
            bad.append(("events", e["id"], "organizer", e["organizer"]))
    assert not bad, f"dangling references: {bad}"


def test_no_strong_name_shared_by_two_companies():
    owners: dict[str, set[str]] = collections.defaultdict(set)
    for e in load("companies"):
        for n in strong_names(e):
            owners[" ".join(n.split()).casefold()].add(e["id"])
    shared = {n: sorted(ids) for n, ids in owners.items() if len(ids) > 1}
    for n, ids in shared.items():
        print(f"alias {n!r} is shared by {ids}")
    assert not shared, f"aliases shared by two companies (move to weak_aliases): {shared}"


def test_weak_aliases_are_not_also_strong():
    for stem in FILES:
        for e in load(stem):
            overlap = set(e.get("weak_aliases") or []) & set(strong_names(e))
            assert not overlap, f"{stem}:{e['id']} lists {sorted(overlap)} as both strong and weak"


def test_metric_kinds_and_counts():
    kinds = collections.Counter(e["kind"] for e in load("metrics"))
    assert set(kinds) <= {"benchmark", "index"}
    assert kinds["benchmark"] >= 60 and kinds["index"] >= 30, kinds


SEED_NAMES = {
    "companies": {
        "Alibaba": "alibaba",
        "阿里巴巴": "alibaba",
        "阿里巴巴集團": "alibaba",
        "阿里雲": "alibaba_cloud",
        "Alibaba Cloud": "alibaba_cloud",
        "Nvidia": "nvidia",
        "輝達": "nvidia",
        "英偉達": "nvidia",
        "英伟达": "nvidia",
        "OpenAI": "openai",
        "Google": "alphabet",
        "Anthropic": "anthropic",
        "DeepSeek": "deepseek",
        "Crosby Securities": "crosby",
        "高誠證券": "crosby",
        "Bloomberg": "bloomberg",
        "英皇證券": "emperor_securities",
        "ByteDance": "bytedance",
        "Shanghai AI Lab": "shanghai_ai_lab",
        "BAAI": "baai",
        "Zhipu": "zhipu",
        "香港證券及期貨事務監察委員會": "sfc",
    },
    "people": {
        "吳泳銘": "eddie_wu",
        "吴泳铭": "eddie_wu",
        "Eddie Wu": "eddie_wu",
        "周靖人": "zhou_jingren",
        "蔡崇信": "joe_tsai",
        "Jack Ma": "jack_ma",
        "Pony Ma": "pony_ma",
        "黃仁勳": "jensen_huang",
        "Sam Altman": "sam_altman",
        "梁文锋": "liang_wenfeng",
        "Lei Jun": "lei_jun",
        "Robin Li": "robin_li",
        "葉偉焯": "raymond_ip",
    },
    "products": {
        "Qwen": "qwen",
        "通義千問": "qwen",
        "GPT": "gpt",
        "Claude": "claude",
        "Gemini": "gemini",
        "PAI": None,
        "InternVL": "internvl",
        "RoboBrain": "robobrain",
        "ByteDance Seed": "seed",
    },
    "metrics": {
        "SWE-Bench Verified": "swe_bench_verified",
        "Tau2-Bench": "tau2_bench",
        "AIME 25": "aime25",
        "HMMT": "hmmt",
        "Chatbot Arena": "chatbot_arena",
        "Text Arena": "text_arena",
        "MMMU": "mmmu",
        "MathVista": "mathvista",
        "OCRBench": "ocrbench",
        "恒生指数": "hsi",
        "恒生指數": "hsi",
    },
    "events": {"雲棲大會": "apsara_conference", "云栖大会": "apsara_conference"},
    "places": {"杭州": "hangzhou", "香港": "hong_kong"},
}


@pytest.mark.parametrize("stem", sorted(SEED_NAMES))
def test_seed_names_present(stem):
    idx = name_index(stem)
    weak = collections.defaultdict(set)
    for e in load(stem):
        for w in e.get("weak_aliases") or []:
            weak[w.casefold()].add(e["id"])
    missing = []
    for name, want in SEED_NAMES[stem].items():
        found = idx.get(name.casefold(), set()) | weak.get(name.casefold(), set())
        if not found or (want is not None and want not in found):
            missing.append((name, want, sorted(found)))
    assert not missing, f"{stem}: seed names not resolved: {missing}"


@pytest.mark.parametrize(
    "token,family",
    [
        ("Qwen3-Max", "qwen"),
        ("Qwen3-VL-235B-A22B", "qwen"),
        ("Qwen2.5VL", "qwen"),
        ("GPT-5-Chat", "gpt"),
        ("GPT5", "gpt"),
        ("Claude-Opus-4.1", "claude"),
        ("Claude Opus4", "claude"),
        ("Gemini2.5-Pro", "gemini"),
        ("DeepSeek-V3.1", "deepseek_v"),
        ("Seed1.5-VL", "seed"),
        ("Seed1.5VL", "seed"),
        ("InternVL3", "internvl"),
        ("GLM4.5V", "glm"),
        ("RoboBrain 2.0", "robobrain"),
        ("H20", "nvidia_hopper"),
        ("GB200", "nvidia_blackwell"),
    ],
)
def test_version_prefixes_resolve_seed_tokens(token, family):
    hits = [e["id"] for e in load("products") for p in e["version_prefixes"] if token.startswith(p)]
    assert family in hits, f"{token!r} -> {hits}"


def test_ratings_lexicon():
    data = yaml.safe_load(RATINGS.read_text(encoding="utf-8"))
    assert set(data["ratings"]) == RATING_CLASSES
    term_class: dict[str, str] = {}
    for section in ("ratings", "weak_ratings"):
        for cls, terms in data[section].items():
            assert cls in RATING_CLASSES, cls
            for t in terms:
                assert term_class.setdefault(t, cls) == cls, f"{t!r} is both {term_class[t]} and {cls}"
    expected = {
        "買入": "buy",
        "买入": "buy",
        "BUY": "buy",
        "強烈推薦": "buy",
        "强烈推荐": "buy",
        "推荐": "overweight",
        "增持": "overweight",
        "Outperform": "overweight",
        "跑贏行業": "overweight",
        "優於大市": "overweight",
        "Accumulate": "overweight",
        "中性": "neutral",
        "持有": "neutral",
        "Hold": "neutral",
        "同步大市": "neutral",
        "Market Perform": "neutral",
        "減持": "underweight",
        "减持": "underweight",
        "Underperform": "underweight",
        "跑輸行業": "underweight",
        "賣出": "sell",
        "卖出": "sell",
        "Reduce": "sell",
        "未評級": "not_rated",
        "未评级": "not_rated",
        "Not Rated": "not_rated",
        "NR": "not_rated",
    }
    wrong = {t: (term_class.get(t), c) for t, c in expected.items() if term_class.get(t) != c}
    assert not wrong, wrong
    actions = data["actions"]
    for act, terms in {
        "maintain": ["维持", "維持"],
        "initiate": ["首次", "首次覆盖"],
        "upgrade": ["上调"],
        "downgrade": ["下调"],
    }.items():
        assert set(terms) <= set(actions[act]), act


def test_glossary():
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["zh_hans", "en", "note"]
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    assert len(rows) >= 400, len(rows)
    heads = collections.Counter(r[0] for r in rows)
    assert not [h for h, n in heads.items() if n > 1], "duplicate glossary headwords"
    t2s = cc("t2s")
    for r in rows:
        assert 2 <= len(r) <= 3 and r[0].strip() and r[1].strip(), r
        assert r[0] == r[0].strip() and r[1] == r[1].strip(), r
        assert t2s.convert(r[0]) == r[0], f"glossary headword {r[0]!r} is not Simplified"
    for must in (
        "营业收入",
        "归母净利润",
        "毛利率",
        "资本开支",
        "自由现金流",
        "市盈率",
        "市净率",
        "市账率",
        "每股收益",
        "目标价",
        "数据中心",
        "能耗",
        "具身智能",
        "物理AI",
        "算力",
        "大模型",
        "开源",
        "风险提示",
    ):
        assert must in heads, must
