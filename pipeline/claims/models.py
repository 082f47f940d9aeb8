"""AI-model claims: ``benchmark_result`` and ``ranking``.

Benchmark results are a model, a benchmark and a score::

    Hunyuan-T1在数学推理基准AIME 2025中取得87.2分，高于DeepSeek-V3.1的84.5分
    → {model: Hunyuan-T1, benchmark: AIME 2025, score: 87.2, beats: [{model: DeepSeek-V3.1, score: 84.5}]}

The model is the sentence's first model name that is not a comparison (``超越了GPT-5-Chat``);
a sentence without one continues the paragraph's topic model. Scores written ``X的84.5分``
after a comparison word belong to the beaten model (``beats``). Rankings are ``位列/排名/
位居 (全球)第N`` with the leaderboard named before them (``在LMArena文本排行榜中``) or,
for market rankings, the metric (``动力电池装机量市占率为37.9%``).
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.claims.base import ClaimContext
from pipeline.claims.values import NUM, cn_int, last_match, number, to_float
from pipeline.document import Claim

LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*(?:\s+(?:[A-Z0-9][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*))*")
_VARIANT = re.compile(r"(Instruct|Thinking|预览|推理|指令)\s*(?:版本|版|模型)")
_BOARD = re.compile(r"在\s*(?P<name>" + LATIN.pattern + r")\s*(?P<q>文本|视觉|代码)?\s*(?:排行榜|榜单|榜)")
_SCORE = re.compile(rf"(?P<perfect>满分)?\s*(?P<num>{NUM})\s*分")


def _is_model(ctx: ClaimContext, name: str, start: int, end: int) -> bool:
    prefixes = ctx.rules.section("benchmark").get("model_prefixes") or []
    if any(name.startswith(p) for p in prefixes):
        return True
    return any(
        e.label == "PRODUCT" for e in ctx.entities_in(start, end, ("PRODUCT",)) if e.start <= start and e.end >= end
    )


def _names(ctx: ClaimContext, s_start: int, view: str) -> list[tuple[str, int, int, bool]]:
    """Latin names in the sentence: (name, start, end, is_model)."""
    out = []
    for m in LATIN.finditer(view):
        name = m.group().strip()
        if len(name) < 2:
            continue
        out.append((name, m.start(), m.end(), _is_model(ctx, name, s_start + m.start(), s_start + m.end())))
    return out


def _benchmark_before(
    ctx: ClaimContext, view: str, names: list[tuple[str, int, int, bool]], pos: int, floor: int
) -> list[str]:
    known = [n.casefold() for n in ctx.rules.section("benchmark").get("names") or []]
    cands = [n for n in names if floor <= n[1] < pos and not n[3]]
    chosen: list[tuple[str, int, int, bool]] = []
    for n in reversed(cands):
        after = view[n[2] : n[2] + 3]
        if n[0].casefold() in known or re.match(r"\s*(测试|基准|评测|中|榜)", after):
            chosen.append(n)
            k = cands.index(n)
            while k > 0 and re.fullmatch(r"\s*(和|及|、|与)\s*", view[cands[k - 1][2] : cands[k][1]]):
                chosen.append(cands[k - 1])
                k -= 1
            break
    return [n[0] for n in reversed(chosen)]


def extract_benchmarks(ctx: ClaimContext) -> list[Claim]:
    out: list[Claim] = []
    beat_words = ctx.rules.words("benchmark", "beats")
    verbs = ctx.rules.words("benchmark", "score_verbs")
    topic: str | None = None
    for _, s, view in ctx.prose():
        names = _names(ctx, s.start, view)
        models = [n for n in names if n[3] and not _after_beat(view, n[1], beat_words)]
        if models and s.kind != "heading":
            topic = models[0][0]
        if s.kind == "heading":
            continue
        last: Claim | None = None
        floor = 0
        for m in _SCORE.finditer(view):
            pre = view[max(0, m.start() - 12) : m.start()]
            owner = re.search(r"(?P<model>" + LATIN.pattern + r")\s*的\s*$", view[: m.start()])
            if owner and last is not None and _after_beat(view, owner.start(), beat_words, window=20):
                last.values.setdefault("beats", []).append(
                    {"model": owner.group("model"), "score": number(to_float(m.group("num")))}
                )
                last.evidence[0] = ctx.evidence(last.evidence[0].start, s.start + m.end())
                continue
            if not any(v in pre for v in verbs) and not m.group("perfect") and "满分" not in pre:
                continue
            benches = _benchmark_before(ctx, view, names, m.start(), floor)
            if not benches:
                continue
            subject = next((n[0] for n in models if n[1] < m.start()), topic)
            variant = last_match(_VARIANT, view[floor : m.start()])
            for bench in benches:
                values: dict[str, Any] = {
                    "model": subject,
                    "variant": {"预览": "preview", "推理": "reasoning", "指令": "Instruct"}.get(
                        variant.group(1), variant.group(1)
                    )
                    if variant
                    else None,
                    "benchmark": bench,
                    "score": number(to_float(m.group("num"))),
                    "perfect_score": True if (m.group("perfect") or "满分" in pre) else None,
                }
                tail = view[m.end() : m.end() + 40].split("。")[0]
                beat = next((w for w in beat_words if tail.lstrip("，, ").startswith(w)), None)
                if beat:
                    seg = tail.lstrip("，, ")[len(beat) :]
                    seg = re.split(r"[，。；]", seg)[0]
                    values["beats"] = [{"model": n.group().strip()} for n in LATIN.finditer(seg)]
                first = min([n[1] for n in names if n[0] == bench and n[1] >= floor] or [m.start()])
                span_end = m.end() + (
                    len(tail.split("，")[0]) + 1 + len(re.split(r"[，。；]", tail.lstrip("，, "))[0]) if beat else 0
                )
                last = ctx.claim(
                    "benchmark_result",
                    values,
                    [(s.start + first, s.start + min(span_end, len(view)))],
                    sentence=s,
                    subject=ctx.resolve(subject) if subject else ctx.subject,
                    confidence=0.85,
                )
                out.append(last)
            floor = m.end()
    for c in out:  # a beaten model named twice (超过X … X的84.5分) is listed once, with its score
        if c.values.get("beats"):
            by: dict[str, dict[str, Any]] = {}
            for b in c.values["beats"]:
                if b["model"] not in by or "score" in b:
                    by[b["model"]] = b
            c.values["beats"] = list(by.values())
    return out


def _after_beat(view: str, pos: int, beat_words: list[str], window: int = 6) -> bool:
    before = view[max(0, pos - window) : pos]
    return any(w in before for w in beat_words) or bool(
        re.search(r"(及|和)\s*$", before) and any(w in view[max(0, pos - 40) : pos] for w in beat_words)
    )


_RANK = re.compile(
    r"(?P<consec>连续(?:第)?\s*(?P<count>\d+|[一二三四五六七八九十]+)\s*(?P<unit>年|个季度|个月))?\s*"
    r"(?P<verb>位列|排名|位居|排在|名列|稳居)\s*(?P<scope>全球|国内|中国|亚洲|行业)?\s*"
    r"(?P<kind>第|前)\s*(?P<rank>\d+|[一二三四五六七八九十]+)(?!\s*梯队)"
)


def extract_rankings(ctx: ClaimContext) -> list[Claim]:
    out: list[Claim] = []
    rk = ctx.rules.section("ranking")
    scopes = rk.get("scopes") or {}
    quals = rk.get("leaderboard_qualifiers") or {}
    topic: str | None = None
    for _, s, view in ctx.prose():
        names = _names(ctx, s.start, view)
        models = [n for n in names if n[3]]
        if models and s.kind != "heading":
            topic = models[0][0]
        if s.kind == "heading":
            continue
        last: Claim | None = None
        prev_end = 0
        for m in _RANK.finditer(view):
            rank = cn_int(m.group("rank"))
            scope = scopes.get(m.group("scope") or "")
            seg = view[prev_end : m.start()]
            if last is not None and m.start() - prev_end < 20 and scope:
                last.values[f"rank_{scope.casefold()}"] = rank
                last.evidence[0] = ctx.evidence(last.evidence[0].start, s.start + m.end())
                continue
            board = None
            lb = last_match(_BOARD, seg)
            if lb:
                board = lb.group("name") + (f" {quals[lb.group('q')]}" if lb.group("q") else "")
            values: dict[str, Any] = {"leaderboard": board, "scope": scope}
            values["top" if m.group("kind") == "前" else "rank"] = rank
            start = prev_end + (lb.start() if lb else 0)
            if board is None:
                hit = ctx.metric_at(seg)
                if not hit:
                    continue
                values["metric"] = hit[0].key
                share = re.match(rf"\s*(?:为|达)?\s*(?P<num>{NUM})\s*%", seg[hit[2] :])
                if share:
                    values["market_share_pct"] = to_float(share.group("num"))
                src = re.search(r"根据\s*(?P<src>[A-Za-z][A-Za-z .&-]+?)\s*数据", view)
                values["source"] = src.group("src") if src else None
                per = re.search(r"(20\d{2})\s*年\s*(\d{1,2})\s*[-–~]\s*(\d{1,2})\s*月", view)
                if per:
                    y = per.group(1)
                    values["period"] = f"{y}-{int(per.group(2)):02d}/{y}-{int(per.group(3)):02d}"
                start = prev_end + hit[1]
            if m.group("consec"):
                unit = {"年": "years", "个季度": "quarters", "个月": "months"}[m.group("unit")]
                values[f"consecutive_{unit}"] = cn_int(m.group("count"))
            subj_models = [n for n in models if prev_end <= n[1] < m.start()]
            subject = (
                subj_models[0][0] if subj_models else (topic if board and ("其" in seg or "预览版" in seg) else None)
            )
            if "预览版" in seg:
                values["variant"] = "preview"
            values["model"] = subject
            last = ctx.claim(
                "ranking",
                values,
                [(s.start + start, s.start + m.end())],
                sentence=s,
                subject=ctx.resolve(subject) if subject else ctx.subject,
                confidence=0.85,
            )
            out.append(last)
            prev_end = m.end()
    return out
