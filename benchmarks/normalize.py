"""Throughput of the normalize, script and sentence stages next to bare OpenCC and a bare
regex split, on the same text (the seed report when ../shared is present, plus our samples,
repeated to about 2 MB).

    python benchmarks/normalize.py [--mb 2]
"""

from __future__ import annotations

import argparse
import re
import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from _common import best_of, report_texts  # noqa: E402

from pipeline.chinese_script import convert  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.stages.normalize import Normalize  # noqa: E402
from pipeline.stages.script import Script  # noqa: E402
from pipeline.stages.sentences import Sentences  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=2.0, help="size of the benchmark text in MB (UTF-8)")
    args = ap.parse_args()
    base = "\n\n".join(t for _, t in report_texts())
    reps = max(1, int(args.mb * 1e6 / len(base.encode("utf-8"))))
    text = "\n\n".join([base] * reps)
    mb = len(text.encode("utf-8")) / 1e6

    normalized = Normalize()(Document.from_text(text))
    converted = Script()(Normalize()(Document.from_text(text)))
    rows = [
        ("bare OpenCC t2s (whole text)", best_of(lambda: convert(text, "t2s"))),
        ("bare regex split on [。！？；]", best_of(lambda: re.split(r"(?<=[。！？；!?])", text))),
        ("normalize stage", best_of(lambda: Normalize()(Document.from_text(text)))),
        ("script stage (zh-Hans)", _timed(Script(), normalized)),
        ("sentences stage", _timed(Sentences(), converted)),
        (
            "normalize + script + sentences",
            best_of(lambda: Sentences()(Script()(Normalize()(Document.from_text(text))))),
        ),
    ]
    print(f"text: {mb:.2f} MB UTF-8, {len(text):,} characters ({reps} copies of seed+samples)\n")
    print(f"| {'what':<40} | {'seconds':>8} | {'MB/s':>7} |")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 9}|")
    for name, secs in rows:
        print(f"| {name:<40} | {secs:8.3f} | {mb / secs:7.2f} |")


def _timed(stage, doc: Document, repeat: int = 3) -> float:
    """Best time of ``stage`` on fresh copies of ``doc`` (copying is not timed)."""
    copies = [_copy(doc) for _ in range(repeat)]
    return best_of(lambda: stage(copies.pop()), repeat)


def _copy(doc: Document) -> Document:
    d = Document.from_dict(doc.to_dict())
    d.sentences = []
    return d


if __name__ == "__main__":
    main()
