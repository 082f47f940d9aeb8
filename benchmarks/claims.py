"""Speed of the meta, claims and summary stages (documents per second), and claim recall
against the gold files of corpora/samples.

    python benchmarks/claims.py [--repeat 5] [--json]

Text: the seed report when ../shared is present, plus every sample in corpora/samples. Each
document is taken through the default pipeline up to ``entities`` once; then ``meta``,
``claims`` and ``summary`` (with its faithfulness check) are timed on fresh copies, best of
``--repeat`` runs, with caches warm (rules, lexicons, gazetteer and CC-CEDICT load once per
process; their cold load is reported separately).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from benchmarks._common import SAMPLES, best_of, report_texts  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from pipeline.config import Pipeline, load_config
    from pipeline.document import Document
    from pipeline.registry import build_stage

    names = load_config()["pipeline"]["stages"]
    upto = names[: names.index("entities") + 1]
    pre = Pipeline.from_config({"pipeline": {"stages": upto}})
    docs = [pre(Document.from_text(text, id=name)) for name, text in report_texts()]
    snapshots = [d.to_dict() for d in docs]

    t0 = time.perf_counter()
    stages = {n: build_stage(n) for n in ("meta", "claims", "summary")}
    probe = Document.from_dict(snapshots[0])
    for s in stages.values():
        probe = s(probe)  # loads rules, lexicons, gazetteer, CC-CEDICT
    cold = time.perf_counter() - t0

    timings: dict[str, float] = {}
    for name in ("meta", "claims", "summary"):
        inputs = []
        for snap in snapshots:
            d = Document.from_dict(snap)
            for prior in ("meta", "claims", "summary"):
                if prior == name:
                    break
                d = stages[prior](d)
            inputs.append(d.to_dict())

        def run(inputs: list[dict] = inputs, stage: object = stages[name]) -> None:
            for snap in inputs:
                stage(Document.from_dict(snap))  # type: ignore[operator]

        copy_only = best_of(lambda inputs=inputs: [Document.from_dict(s) for s in inputs], args.repeat)
        timings[name] = max(best_of(run, args.repeat) - copy_only, 1e-9)
    total = sum(timings.values())
    n = len(snapshots)
    chars = sum(len(s["text"]["normalized"]) for s in snapshots)

    from claims_support import MAINLAND, TENCENT, gold_for, score_against_gold

    recall = {}
    for path in (TENCENT, MAINLAND):
        d = Document.from_dict(next(s for s, (nm, _) in zip(snapshots, report_texts(), strict=True) if nm == path.stem))
        for s in stages.values():
            d = s(d)
        sc = score_against_gold(d, gold_for(path))
        recall[path.name.split(".")[0]] = {k: sc[k] for k in ("n", "located", "exact", "subject")} | {
            "predicted": len(d.claims)
        }

    result = {
        "documents": n,
        "chars": chars,
        "cold_load_s": round(cold, 3),
        "seconds_per_doc": {k: round(v / n, 5) for k, v in timings.items()},
        "docs_per_s": {k: round(n / v, 1) for k, v in timings.items()} | {"meta+claims+summary": round(n / total, 1)},
        "recall_vs_gold": recall,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{n} documents ({chars:,} characters); cold load of rules/lexicons/gazetteer/CC-CEDICT {cold:.2f} s")
    for k, v in result["docs_per_s"].items():
        print(f"  {k:<22} {v:>8.1f} docs/s")
    for name, r in recall.items():
        print(
            f"  {name:<12} gold claims {r['n']:>2}: located {r['located']:.0%}, values exact {r['exact']:.0%}, "
            f"subject {r['subject']:.0%} ({r['predicted']} claims predicted)"
        )
    return 0


if __name__ == "__main__":
    assert SAMPLES.exists()
    sys.exit(main())
