"""Speed of the entities stage next to bare ``jieba.lcut`` on the same text, and the
number/percentage extractor scored on Microsoft Recognizers-Text's Chinese specs.

    python benchmarks/entities.py [--repeat 3]

Text: the seed report when ../shared is present, plus every sample in corpora/samples (each
document through normalize → script → sentences first; only the entities stage is timed).
The Recognizers-Text specs are read from ../shared/data/recognizers-text (MIT) and skipped
when absent. Spans count as found when start and end match exactly (the specs' ``End`` is
inclusive); cases marked ``NotSupported`` are optional and left out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import REPO, best_of, report_texts  # noqa: E402
from pipeline.evaluation import score_recognizers_specs  # noqa: E402

RT = REPO.parent / "shared" / "data" / "recognizers-text"


score = score_recognizers_specs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import jieba

    from pipeline.document import Document
    from pipeline.numbers import extract_numbers, extract_percents
    from pipeline.registry import build_stage

    prepared = []
    for name, text in report_texts():
        doc = Document.from_text(text)
        for stage in ("normalize", "script", "sentences"):
            doc = build_stage(stage)(doc)
        prepared.append((name, doc))
    entities = build_stage("entities")
    t0 = time.perf_counter()
    entities(prepared[0][1].model_copy(deep=True))
    load = time.perf_counter() - t0
    jieba.lcut("预热")  # load jieba's dictionary before timing it

    print(f"entities stage, first call (gazetteer, jieba, spaCy loading included): {load:.2f} s\n")
    print("| text | chars | entities | stage chars/s | jieba.lcut chars/s | stage / jieba |")
    print("|---|---:|---:|---:|---:|---:|")
    tot_chars = tot_stage = tot_jieba = 0.0
    for name, doc in prepared:
        text = doc.text.normalized
        n_ents = len(entities(doc.model_copy(deep=True)).entities)
        t_stage = best_of(lambda d=doc: entities(d.model_copy(deep=True)), args.repeat)
        t_jieba = best_of(lambda t=text: jieba.lcut(t), args.repeat)
        tot_chars, tot_stage, tot_jieba = tot_chars + len(text), tot_stage + t_stage, tot_jieba + t_jieba
        print(
            f"| {name} | {len(text)} | {n_ents} | {len(text) / t_stage:,.0f} | {len(text) / t_jieba:,.0f} | {t_jieba / t_stage:.2f} |"
        )
    print(
        f"| **all** | {tot_chars:.0f} | | {tot_chars / tot_stage:,.0f} | {tot_chars / tot_jieba:,.0f} | {tot_jieba / tot_stage:.2f} |"
    )

    if not RT.exists():
        print("\n(../shared/data/recognizers-text absent: Recognizers-Text scores skipped)")
        return
    print("\nMicrosoft Recognizers-Text Chinese specs (exact spans; exact = resolved value matches)\n")
    print("| spec | cases' entities | precision | recall | F1 | exact value |")
    print("|---|---:|---:|---:|---:|---:|")
    for spec, fn in (("NumberModel", extract_numbers), ("PercentModel", extract_percents)):
        cases = json.loads((RT / f"{spec}.json").read_text(encoding="utf-8"))
        s = score(cases, fn)
        print(f"| {spec} | {s['n']} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['exact']:.3f} |")


if __name__ == "__main__":
    main()
