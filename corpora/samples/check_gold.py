#!/usr/bin/env python3
"""Verify the gold annotations of the yanbao sample reports.

Stdlib only. Run from anywhere:

    python corpora/samples/check_gold.py

Checks
  * note golds (``*_note.gold.json``): every entity ``text`` and every claim
    ``evidence_contains`` occurs verbatim in the sample; labels, claim types,
    rating values and value payloads are well-formed.
  * OCR gold (``hk_ocr_noisy.gold.json``): every ``noisy`` string sits at
    ``noisy_start`` in the noisy file, every ``clean`` string at
    ``clean_start`` in the clean file, and applying all corruptions to the
    clean file reproduces the noisy file exactly.
  * arithmetic in the TAB-separated tables: cash-flow identities, YoY %,
    margins, P/E, market cap (see ``check_tables``).

Exit status 0 when everything passes, 1 otherwise.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ENTITY_LABELS = {"ORG", "PERSON", "PRODUCT", "MONEY", "PERCENT", "DATE", "TICKER",
                 "QUANTITY", "GPE", "EVENT", "METRIC"}
CLAIM_TYPES = {"capex_commitment", "target", "forecast", "financial_metric",
               "benchmark_result", "ranking", "partnership", "rating", "risk"}
RATINGS = {"buy", "overweight", "neutral", "underweight", "sell", "not_rated"}
CORRUPTION_KINDS = {"visual", "consistency", "duplicate", "space", "table_number",
                    "english_label", "junk", "truncation"}
CURRENCIES = {"CNY", "HKD", "USD"}
TICKER_RE = re.compile(r"^[0-9A-Z]+\.(HK|SH|SZ|BJ|US)$")
ISO_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")

NOTE_GOLDS = ["hk_tencent_note.gold.json", "cn_mainland_note.gold.json"]
OCR_GOLD = "hk_ocr_noisy.gold.json"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --------------------------------------------------------------------- notes
def check_note_gold(gold_path: Path) -> list[str]:
    errs: list[str] = []
    gold = json.loads(read(gold_path))
    text = read(gold_path.parent / gold["file"])
    name = gold_path.name

    meta = gold["meta"]
    for key in ("title", "broker", "date", "tickers", "companies", "rating",
                "rating_raw", "price", "target_price", "analysts"):
        if key not in meta:
            errs.append(f"{name}: meta.{key} missing")
    for key in ("title", "broker", "rating_raw"):
        if key in meta and meta[key] not in text:
            errs.append(f"{name}: meta.{key} {meta[key]!r} not in sample")
    for person in meta.get("analysts", []):
        if person not in text:
            errs.append(f"{name}: analyst {person!r} not in sample")
    for company in meta.get("companies", []):
        if company not in text:
            errs.append(f"{name}: company {company!r} not in sample")
    if meta.get("rating") not in RATINGS:
        errs.append(f"{name}: bad rating {meta.get('rating')!r}")
    if not ISO_DATE_RE.match(meta.get("date", "")):
        errs.append(f"{name}: bad date {meta.get('date')!r}")
    for t in meta.get("tickers", []):
        if not TICKER_RE.match(t):
            errs.append(f"{name}: bad canonical ticker {t!r}")
    for key in ("price", "target_price"):
        p = meta.get(key, {})
        if not isinstance(p.get("value"), (int, float)) or p.get("currency") not in CURRENCIES:
            errs.append(f"{name}: bad meta.{key} {p!r}")

    ents = gold["entities"]
    if len(ents) < 40:
        errs.append(f"{name}: only {len(ents)} entities (< 40)")
    for e in ents:
        t, lab, v = e["text"], e["label"], e.get("value")
        if t not in text:
            errs.append(f"{name}: entity text {t!r} not in sample")
        if lab not in ENTITY_LABELS:
            errs.append(f"{name}: bad label {lab!r} for {t!r}")
        if lab == "MONEY" and not (isinstance(v, dict) and isinstance(v.get("amount"), (int, float))
                                   and v.get("currency") in CURRENCIES):
            errs.append(f"{name}: bad MONEY value for {t!r}: {v!r}")
        if lab == "PERCENT" and not (isinstance(v, dict) and isinstance(v.get("value"), (int, float))):
            errs.append(f"{name}: bad PERCENT value for {t!r}: {v!r}")
        if lab == "DATE" and not (isinstance(v, dict) and ISO_DATE_RE.match(v.get("iso", ""))):
            errs.append(f"{name}: bad DATE value for {t!r}: {v!r}")
        if lab == "QUANTITY" and not (isinstance(v, dict) and isinstance(v.get("value"), (int, float))
                                      and v.get("unit")):
            errs.append(f"{name}: bad QUANTITY value for {t!r}: {v!r}")
        if lab == "TICKER" and not (isinstance(v, dict) and TICKER_RE.match(v.get("canonical", ""))):
            errs.append(f"{name}: bad TICKER value for {t!r}: {v!r}")
        if lab == "PERCENT":
            num = float(re.sub(r"[^0-9.\-]", "", t))
            if abs(num - v["value"]) > 1e-9:
                errs.append(f"{name}: PERCENT {t!r} != {v['value']}")

    claims = gold["claims"]
    if len(claims) < 12:
        errs.append(f"{name}: only {len(claims)} claims (< 12)")
    for c in claims:
        if c["type"] not in CLAIM_TYPES:
            errs.append(f"{name}: bad claim type {c['type']!r}")
        if not c.get("subject") or not isinstance(c.get("values"), dict):
            errs.append(f"{name}: claim without subject/values: {c!r}")
        ev = c["evidence_contains"]
        if ev not in text:
            errs.append(f"{name}: evidence {ev!r} not in sample")
        if c["type"] == "rating" and c["values"].get("rating") not in RATINGS:
            errs.append(f"{name}: bad rating in claim {c!r}")
    return errs


# ----------------------------------------------------------------------- OCR
def check_ocr_gold(gold_path: Path) -> list[str]:
    errs: list[str] = []
    gold = json.loads(read(gold_path))
    noisy = read(gold_path.parent / gold["noisy_file"])
    clean = read(gold_path.parent / gold["clean_file"])
    name = gold_path.name
    items = gold["corruptions"]
    for c in items:
        if c["kind"] not in CORRUPTION_KINDS:
            errs.append(f"{name}: bad kind {c['kind']!r}")
        ns, cs = c["noisy_start"], c["clean_start"]
        if noisy[ns:ns + len(c["noisy"])] != c["noisy"]:
            errs.append(f"{name}: noisy {c['noisy']!r} not at {ns} "
                        f"(found {noisy[ns:ns + len(c['noisy'])]!r})")
        if clean[cs:cs + len(c["clean"])] != c["clean"]:
            errs.append(f"{name}: clean {c['clean']!r} not at {cs} "
                        f"(found {clean[cs:cs + len(c['clean'])]!r})")
    # applying every corruption to the clean text must give the noisy text
    out, pos = [], 0
    for c in sorted(items, key=lambda d: d["clean_start"]):
        if c["clean_start"] < pos:
            errs.append(f"{name}: overlapping corruptions at {c['clean_start']}")
            continue
        out.append(clean[pos:c["clean_start"]])
        out.append(c["noisy"])
        pos = c["clean_start"] + len(c["clean"])
    out.append(clean[pos:])
    if "".join(out) != noisy:
        errs.append(f"{name}: clean + corruptions does not reproduce the noisy file")
    counts: dict[str, int] = {}
    for c in items:
        counts[c["kind"]] = counts.get(c["kind"], 0) + 1
    minimum = {"visual": 8, "consistency": 1, "duplicate": 1, "space": 4,
               "table_number": 1, "english_label": 3, "junk": 1, "truncation": 1}
    for kind, n in minimum.items():
        if counts.get(kind, 0) < n:
            errs.append(f"{name}: {counts.get(kind, 0)} {kind} corruptions (< {n})")
    return errs


# -------------------------------------------------------------------- tables
def num(cell: str) -> float | None:
    """'1,234' -> 1234, '(5,300)' -> -5300, '55.9%' -> 55.9, 'N/A' -> None."""
    cell = cell.strip().rstrip("%")
    neg = cell.startswith("(") and cell.endswith(")")
    cell = cell.strip("()").replace(",", "")
    try:
        v = float(cell)
    except ValueError:
        return None
    return -v if neg else v


def table_rows(text: str, header_prefix: str) -> dict[str, list[list[float | None]]]:
    """Rows of every TAB table whose header line starts with header_prefix.

    Returns label -> list of value lists (a label such as 'YoY%' repeats, so
    each occurrence is kept in order)."""
    rows: dict[str, list[list[float | None]]] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith(header_prefix):
            inside = True
            continue
        if inside:
            if "\t" not in line:
                inside = False
                continue
            label, *cells = line.split("\t")
            rows.setdefault(label.strip(), []).append([num(c) for c in cells])
    return rows


def yoy(a: float, b: float) -> float:
    return round((b / a - 1) * 100 + 1e-9, 1)


def _close(a: float, b: float, tol: float = 0.051) -> bool:
    return abs(a - b) <= tol


def check_hk_table(text: str, name: str) -> list[str]:
    errs: list[str] = []
    r = table_rows(text, "Yr ended 31 Dec")
    ni = r["Net Income"][0]
    cfo = r["Cash From Operations (CFO)"][0]
    capex = r["Capex"][0]
    fcf = r["Free Cash Flow (CFO - Capex)"][0]
    for i in range(len(cfo)):
        parts = [ni[i], r["Dep & Amort."][0][i], r["Working capital changes"][0][i],
                 r["Other adjustments"][0][i]]
        if sum(parts) != cfo[i]:
            errs.append(f"{name}: CFO identity fails in column {i}: {parts} != {cfo[i]}")
        if cfo[i] + capex[i] != fcf[i]:
            errs.append(f"{name}: FCF identity fails in column {i}")
    # YoY rows follow the row they refer to; the first column's base year is not shown
    lines = [l.split("\t") for l in text.splitlines() if "\t" in l]
    for prev, cur in zip(lines, lines[1:]):
        if cur[0] == "YoY%" and prev[0] != "YoY%":
            vals = [num(c) for c in prev[1:]]
            got = [num(c) for c in cur[1:]]
            for i in range(1, len(vals)):
                if vals[i - 1] and yoy(vals[i - 1], vals[i]) != got[i]:
                    errs.append(f"{name}: YoY% after {prev[0]!r} col {i}: "
                                f"expected {yoy(vals[i - 1], vals[i])}, got {got[i]}")
    rev = r["Revenue"][0]
    if "Net margin" in r:
        for i, m in enumerate(r["Net margin"][0]):
            if round(ni[i] / rev[i] * 100 + 1e-9, 1) != m:
                errs.append(f"{name}: net margin col {i}")
    if "Gross margin" in r:
        gp = r["Gross profit"][0]
        for i, m in enumerate(r["Gross margin"][0]):
            if round(gp[i] / rev[i] * 100 + 1e-9, 1) != m:
                errs.append(f"{name}: gross margin col {i}")
    if "Net profit" in r and r["Net profit"][0] != ni:
        errs.append(f"{name}: Net profit row != Net Income row")
    if "Tax burden (x)" in r:
        for i, (t, b) in enumerate(zip(r["Effective tax"][0], r["Tax burden (x)"][0])):
            if round(1 - t / 100 + 1e-9, 2) != b:
                errs.append(f"{name}: tax burden col {i}")
    return errs


def key_value(text: str, label: str) -> float:
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) == 2 and cells[0] == label:
            return num(cells[1])
    raise KeyError(label)


def check_tables() -> list[str]:
    errs: list[str] = []
    # Tencent
    t = read(HERE / "hk_tencent_note.zh-Hant.txt")
    errs += check_hk_table(t, "hk_tencent_note")
    price = key_value(t, "當前股價 (港元)*")
    tp = key_value(t, "目標價 (港元)")
    if round((tp / price - 1) * 100, 1) != key_value(t, "上升/下跌空間 (%)"):
        errs.append("hk_tencent_note: upside")
    if price * key_value(t, "總股本 (百萬股)") != key_value(t, "總市值 (港元百萬)"):
        errs.append("hk_tencent_note: market cap != price x shares")
    # Xiaomi clean (the noisy copy must FAIL the CFO identity because of 44.700)
    x = read(HERE / "hk_ocr_clean.zh-Hant.txt")
    errs += check_hk_table(x, "hk_ocr_clean")
    if price_x := key_value(x, "當前股價 (港元)*"):
        if price_x * key_value(x, "總股本 (百萬股)") != key_value(x, "總市值 (港元百萬)"):
            errs.append("hk_ocr_clean: market cap != price x shares")
        if round((key_value(x, "目標價 (港元)") / price_x - 1) * 100, 1) != key_value(x, "上升/下跌空間 (%)"):
            errs.append("hk_ocr_clean: upside")
    xn = read(HERE / "hk_ocr_noisy.zh-Hant.txt")
    rn = table_rows(xn, "Yr ended 31 Dec")
    cfo_n = rn["Cash From Operations (CFO)"][0]
    if cfo_n[1] == 44700:
        errs.append("hk_ocr_noisy: expected the corrupted 44.700 in CFO FY2024")
    # CATL
    c = read(HERE / "cn_mainland_note.zh-Hans.txt")
    r = table_rows(c, "单位：百万元")
    rev, np_ = r["营业收入"][0], r["归母净利润"][0]
    g_rev, g_np = r["增长率(%)"][0], r["增长率(%)"][1]
    for i in range(1, len(rev)):
        if yoy(rev[i - 1], rev[i]) != g_rev[i]:
            errs.append(f"cn_mainland_note: revenue growth col {i}")
        if yoy(np_[i - 1], np_[i]) != g_np[i]:
            errs.append(f"cn_mainland_note: net profit growth col {i}")
    shares = float(re.search(r"总股本（百万股）\t([\d,]+)", c).group(1).replace(",", ""))
    price_c = float(re.search(r"当前价：([\d.]+) 元", c).group(1))
    for i, (n, e, pe) in enumerate(zip(np_, r["EPS(元)"][0], r["PE(倍)"][0])):
        if round(n / shares, 2) != e:
            errs.append(f"cn_mainland_note: EPS col {i}")
        if round(price_c / e, 1) != pe:
            errs.append(f"cn_mainland_note: PE col {i}")
    mcap = float(re.search(r"总市值（百万元）\t([\d,]+)", c).group(1).replace(",", ""))
    if not _close(price_c * shares, mcap, 0.5):
        errs.append("cn_mainland_note: market cap")
    return errs


def check_all() -> list[str]:
    errs: list[str] = []
    for g in NOTE_GOLDS:
        errs += check_note_gold(HERE / g)
    errs += check_ocr_gold(HERE / OCR_GOLD)
    errs += check_tables()
    return errs


def main() -> int:
    errs = check_all()
    for e in errs:
        print("FAIL", e)
    if errs:
        return 1
    print("OK: all gold annotations and table identities verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
